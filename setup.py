# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Package the add-on as the wheel ``odoo-addon-citsmart_messaging``.

setuptools-odoo computes the name, version and requirements from the
manifest. Its last release knows Odoo versions up to 16.0 (OCA moved to
whool for 17+), so 19.0 is registered here with the same conventions.
"""

import setuptools
from setuptools_odoo import core

core.ODOO_VERSION_INFO.setdefault(
    "19.0",
    dict(
        core.ODOO_VERSION_INFO["16.0"],
        odoo_dep="odoo==19.0.*",
        pkg_version_specifier="==19.0.*",
        python_requires=">=3.10",
    ),
)

ADDON = "citsmart_messaging"
keywords = core.get_addon_setuptools_keywords(ADDON)
# the add-on lives at the top of this repository, not under odoo/addons/
keywords["packages"] = [f"odoo.addons.{ADDON}"] + [
    f"odoo.addons.{ADDON}.{package}" for package in setuptools.find_packages(ADDON)
]
keywords["package_dir"] = {f"odoo.addons.{ADDON}": ADDON}
keywords["package_data"] = {f"odoo.addons.{ADDON}": ["**/*"]}
keywords["include_package_data"] = False

setuptools.setup(**keywords)
