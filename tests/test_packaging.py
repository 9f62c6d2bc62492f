# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The wheel built by setup.py (setuptools-odoo) is the installable add-on:
the right name and requirements, and every file Odoo loads."""

import re
import subprocess
import zipfile
from email.parser import Parser

import pytest
from devenv import wheel_cmd

ADDON = "citsmart_messaging"
PREFIX = f"odoo/addons/{ADDON}/"


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory, addon_dir):
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(wheel_cmd(out), check=False, capture_output=True, text=True)
    # setuptools-odoo, wheel, setuptools<81 missing? requirements-test.txt has them
    assert build.returncode == 0, build.stderr[-2000:]
    (path,) = out.glob("*.whl")
    with zipfile.ZipFile(path) as archive:
        yield path, archive


@pytest.fixture(scope="module")
def metadata(wheel):
    _path, archive = wheel
    (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
    return Parser().parsestr(archive.read(name).decode())


def test_wheel_name(wheel):
    path, _archive = wheel
    assert re.fullmatch(
        r"odoo_addon_citsmart_messaging-19\.0\.\d+\.\d+\.\d+(\.\d+)?"
        r"-py3-none-any\.whl",
        path.name,
    ), path.name


def test_metadata(metadata):
    assert normalize(metadata["Name"]) == "odoo-addon-citsmart-messaging"
    assert metadata["Version"].startswith("19.0.")
    assert metadata["License"] == "AGPL-3"
    requirements = {}
    for line in metadata.get_all("Requires-Dist"):
        name, spec = re.match(r"([A-Za-z0-9_.-]+)\s*(.*)", line).groups()
        requirements[normalize(name)] = spec.replace(" ", "")
    assert requirements == {
        "odoo": "==19.0.*",
        "odoo-addon-helpdesk-mgmt": "==19.0.*",
    }


def test_every_addon_file_is_in_the_wheel(wheel, addon_dir):
    _path, archive = wheel
    shipped = set(archive.namelist())
    expected = {
        PREFIX + path.relative_to(addon_dir).as_posix()
        for path in addon_dir.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and path.suffix not in (".pyc", ".rej", ".orig")
    }
    missing = sorted(expected - shipped)
    assert not missing, missing
    # what Odoo needs to install and show the module, explicitly
    for folder in ("views", "data", "security", "i18n", "static/description"):
        assert any(n.startswith(f"{PREFIX}{folder}/") for n in shipped), folder
    for name in (
        "__manifest__.py",
        "i18n/citsmart_messaging.pot",
        "i18n/pt_BR.po",
        "i18n/es.po",
        "static/description/icon.png",
        "static/description/index.html",
        "README.rst",
    ):
        assert PREFIX + name in shipped, name


def test_wheel_ships_no_bytecode(wheel):
    _path, archive = wheel
    junk = [n for n in archive.namelist() if "__pycache__" in n or n.endswith(".pyc")]
    assert not junk, junk
