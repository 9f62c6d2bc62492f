# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Where is Odoo, and can the Odoo suite run? The probe runs under an
interpreter without site-packages (``python -S``) on fake installations
built in tmp dirs, each with its verdict and the test command's exit code.

The fake ``odoo`` package reproduces the parts of Odoo 19 the probe asks:
``odoo.release``, ``odoo.tools.config`` (root_path, addons_community_dir,
addons_data_dir) and ``odoo.modules.module.initialize_sys_path()``, which
builds ``odoo.addons.__path__`` as Odoo 19 does (odoo/tools/config.py,
odoo/modules/module.py)."""

import os
import textwrap

import pytest
from odoo_env import FAIL, HOST_FREE, RUN, decide, exit_code, probe

CONFIG = """
import os


class _Config:
    def __init__(self):
        self.options = {"addons_path": [], "data_dir": "/nonexistent"}

    def __getitem__(self, key):
        return self.options[key]

    def __setitem__(self, key, value):
        self.options[key] = value

    @property
    def root_path(self):
        return os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))

    @property
    def addons_community_dir(self):
        return os.path.join(os.path.dirname(self.root_path), "addons")

    @property
    def addons_data_dir(self):
        path = os.path.join(self["data_dir"], "addons", "19.0")
        os.makedirs(path, exist_ok=True)
        return path


config = _Config()
"""

MODULE = """
import os

import odoo.addons
from odoo import tools


def initialize_sys_path():
    for path in (
        tools.config.addons_data_dir,
        *tools.config["addons_path"],
        tools.config.addons_community_dir,
    ):
        if os.access(path, os.R_OK) and path not in odoo.addons.__path__:
            odoo.addons.__path__.append(path)
"""


def write(path, text=""):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))


def addon(folder, name, version):
    write(folder / name / "__init__.py")
    manifest = {"name": name, "version": version}
    write(folder / name / "__manifest__.py", repr(manifest))


def odoo_core(root, version="19.0"):
    """An ``odoo`` namespace package (no __init__.py, as in 19) at ``root``."""
    write(root / "odoo" / "release.py", f"version = {version!r}\n")
    write(root / "odoo" / "tools" / "__init__.py", "from .config import config\n")
    write(root / "odoo" / "tools" / "config.py", CONFIG)
    write(root / "odoo" / "modules" / "__init__.py")
    write(root / "odoo" / "modules" / "module.py", MODULE)
    addon(root / "odoo" / "addons", "base", f"{version}.1.3")


def pytest_odoo(site):
    write(site / "pytest_odoo.py")


def run_probe(*paths):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, paths))}
    return probe(env=env, site=False)


PG = "/usr/lib/postgresql/15/bin"


@pytest.fixture
def packaged(tmp_path):
    """A packaged install: every add-on in site-packages/odoo/addons."""
    site = tmp_path / "site-packages"
    odoo_core(site)
    for name in ("mail", "portal"):
        addon(site / "odoo" / "addons", name, "19.0.1.0")
    addon(site / "odoo" / "addons", "helpdesk_mgmt", "19.0.1.3.2")
    pytest_odoo(site)
    return site


def test_packaged_layout_runs(packaged):
    verdict = decide(run_probe(packaged), PG)
    assert verdict.kind == RUN, verdict.reason
    assert verdict.version == "19.0"
    assert str(packaged / "odoo" / "addons") in verdict.addons_path
    assert verdict.peers == []
    assert exit_code(verdict, suites_passed=True) == 0
    assert exit_code(verdict, suites_passed=False) == 1


def test_source_tree_addons_beside_the_package(tmp_path):
    """``pip install -e <odoo source>``: the standard add-ons live in the
    tree's addons/, helpdesk_mgmt and its peer come from wheels."""
    src, site = tmp_path / "odoo-19.0", tmp_path / "site-packages"
    odoo_core(src)
    for name in ("mail", "portal"):
        addon(src / "addons", name, "19.0.1.0")
    addon(site / "odoo" / "addons", "helpdesk_mgmt", "19.0.1.3.2")
    addon(site / "odoo" / "addons", "helpdesk_mgmt_merge", "19.0.1.0.0")
    pytest_odoo(site)
    facts = run_probe(site, src)
    verdict = decide(facts, PG)
    assert verdict.kind == RUN, verdict.reason
    assert str(src / "addons") in verdict.addons_path
    assert facts["addons"]["helpdesk_mgmt"]["path"] == str(
        site / "odoo" / "addons" / "helpdesk_mgmt"
    )
    assert verdict.peers == ["helpdesk_mgmt_merge"]
    assert exit_code(verdict, True) == 0


def test_wheel_installed_addons_in_another_site_dir(packaged, tmp_path):
    """Add-ons installed as wheels in another site dir join the ``odoo``
    namespace package."""
    user_site = tmp_path / "user-site"
    addon(user_site / "odoo" / "addons", "helpdesk_mgmt_merge", "19.0.1.0.0")
    verdict = decide(run_probe(packaged, user_site), PG)
    assert verdict.kind == RUN, verdict.reason
    assert str(user_site / "odoo" / "addons") in verdict.addons_path
    assert verdict.peers == ["helpdesk_mgmt_merge"]


def test_missing_helpdesk_mgmt_fails(tmp_path):
    src = tmp_path / "odoo-19.0"
    odoo_core(src)
    addon(src / "addons", "mail", "19.0.1.0")
    pytest_odoo(tmp_path / "site")
    verdict = decide(run_probe(src, tmp_path / "site"), PG)
    assert verdict.kind == FAIL
    assert "helpdesk_mgmt is not on Odoo's addons path" in verdict.reason
    assert str(src / "addons") in verdict.reason
    assert exit_code(verdict, suites_passed=True) == 1


def test_import_odoo_failing_runs_host_free_only(tmp_path):
    verdict = decide(run_probe(tmp_path / "empty"), PG)
    assert verdict.kind == HOST_FREE
    assert "No module named 'odoo'" in verdict.reason
    assert exit_code(verdict, suites_passed=True) == 0
    assert exit_code(verdict, suites_passed=False) == 1


def test_wrong_odoo_version_fails(tmp_path):
    site = tmp_path / "site"
    odoo_core(site, version="18.0")
    addon(site / "odoo" / "addons", "helpdesk_mgmt", "18.0.1.19.5")
    pytest_odoo(site)
    verdict = decide(run_probe(site), PG)
    assert verdict.kind == FAIL
    assert verdict.reason == "Odoo 18.0 is installed, 19.0 is needed"
    assert exit_code(verdict, True) == 1


def test_helpdesk_mgmt_of_another_series_fails(packaged):
    addon(packaged / "odoo" / "addons", "helpdesk_mgmt", "18.0.1.19.5")
    verdict = decide(run_probe(packaged), PG)
    assert verdict.kind == FAIL
    assert "helpdesk_mgmt 18.0.1.19.5 is installed" in verdict.reason


def test_addon_wheels_without_odoo_is_a_broken_install(tmp_path):
    """``odoo`` is a namespace package: an add-on wheel alone makes
    ``import odoo`` work, Odoo itself is missing."""
    site = tmp_path / "site"
    addon(site / "odoo" / "addons", "helpdesk_mgmt", "19.0.1.3.2")
    verdict = decide(run_probe(site), PG)
    assert verdict.kind == FAIL
    assert "broken" in verdict.reason and "release" in verdict.reason
    assert exit_code(verdict, True) == 1


def test_broken_addons_path_machinery_fails(packaged):
    write(packaged / "odoo" / "modules" / "module.py", "raise ImportError('psycopg2')")
    verdict = decide(run_probe(packaged), PG)
    assert verdict.kind == FAIL
    assert "psycopg2" in verdict.reason


def test_missing_pytest_odoo_fails_the_tests_not_the_demo(packaged):
    (packaged / "pytest_odoo.py").unlink()
    facts = run_probe(packaged)
    assert decide(facts, PG).kind == FAIL
    assert "pytest-odoo" in decide(facts, PG).reason
    assert decide(facts, PG, need_pytest=False).kind == RUN


def test_missing_postgresql_fails(packaged):
    verdict = decide(run_probe(packaged), None)
    assert verdict.kind == FAIL
    assert "PostgreSQL" in verdict.reason
    assert exit_code(verdict, True) == 1


def test_probe_leaves_no_data_dir_behind(packaged):
    facts = run_probe(packaged)
    assert not any("/addons/19.0" in path for path in facts["addons_path"])
