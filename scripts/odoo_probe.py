#!/usr/bin/env python3
# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Ask the Odoo of this python where its add-ons are; print the facts as JSON.

    python3 scripts/odoo_probe.py helpdesk_mgmt helpdesk_mgmt_merge ...

Run by the interpreter under test (it imports nothing of this repository).
Odoo builds ``odoo.addons.__path__`` itself, as ``odoo-bin`` does before it
loads any add-on: ``odoo/addons`` of every ``odoo`` package on sys.path
(installed wheels included, ``odoo`` being a namespace package), the source
tree's ``addons/`` beside the ``odoo`` package, and the data dir. The add-ons
named on the command line are then looked up on that path.
"""

import ast
import importlib.util
import json
import os
import sys
import tempfile
import traceback


def manifest_version(module_dir):
    """The ``version`` of an add-on's manifest, read without importing it."""
    path = os.path.join(module_dir, "__manifest__.py")
    with open(path, encoding="utf-8") as manifest:
        return ast.literal_eval(manifest.read()).get("version", "")


def find_addons(addons_path, names):
    """{name: {"path", "version"}} of the first ``name`` folder with a
    manifest on ``addons_path``, in Odoo's order; missing names are absent."""
    found = {}
    for name in names:
        for folder in addons_path:
            module_dir = os.path.join(folder, name)
            if os.path.isfile(os.path.join(module_dir, "__manifest__.py")):
                found[name] = {
                    "path": module_dir,
                    "version": manifest_version(module_dir),
                }
                break
    return found


def odoo_addons_path():
    """``odoo.addons.__path__`` as Odoo itself completes it."""
    from odoo.modules import module
    from odoo.tools import config

    import odoo.addons

    with tempfile.TemporaryDirectory() as data_dir:
        # initialize_sys_path() creates <data_dir>/addons/<series>
        config["data_dir"] = data_dir
        module.initialize_sys_path()
        return [
            path
            for path in dict.fromkeys(odoo.addons.__path__)
            if os.path.isdir(path) and not path.startswith(data_dir)
        ]


def probe(names):
    facts = {"python": sys.executable, "python_version": sys.version.split()[0]}
    try:
        import odoo
    except ImportError as error:
        facts["import_error"] = f"{type(error).__name__}: {error}"
        return facts
    facts["odoo_package"] = list(getattr(odoo, "__path__", []))
    try:
        from odoo import release

        facts["version"] = release.version
        facts["addons_path"] = odoo_addons_path()
    except Exception as error:  # noqa: BLE001 (any failure: a broken install)
        facts["broken"] = f"{type(error).__name__}: {error}"
        facts["traceback"] = traceback.format_exc(limit=-3)
        return facts
    facts["addons"] = find_addons(facts["addons_path"], names)
    facts["pytest_odoo"] = importlib.util.find_spec("pytest_odoo") is not None
    return facts


if __name__ == "__main__":
    print(json.dumps(probe(sys.argv[1:])))
