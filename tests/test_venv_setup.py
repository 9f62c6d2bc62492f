# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The set-up command's choices, without installing anything: which of
Odoo's requirements are installed for each Python, what happens when pip
finds no wheel, where sources come from."""

import subprocess

import pytest
import venv_setup
from venv_setup import (
    is_git_url,
    odoo_requirements,
    source_version,
    without_wheel,
)

# excerpts of Odoo 19.0's requirements.txt, comments included
REQUIREMENTS = """\
# The officially supported versions of the following packages are their
cbor2==5.4.2 ; python_version < '3.12'
cbor2==5.6.2 ; python_version >= '3.12'
gevent==21.8.0 ; sys_platform != 'win32' and python_version == '3.10'  # (Jammy)
gevent==22.10.2; python_version > '3.10' and python_version < '3.12'
gevent==24.2.1 ; python_version >= '3.12' and python_version < '3.13'  # (Noble)
gevent==24.11.1 ; sys_platform != 'win32' and python_version >= '3.13'  # (Trixie)
lxml==5.2.1; python_version >= '3.12' # (Noble - removed html clean)
lxml-html-clean; python_version >= '3.12' # (Noble - removed from lxml)
psycopg2==2.9.5 ; python_version == '3.11'
psycopg2==2.9.9 ; python_version >= '3.12' and python_version < '3.13' # (Noble)
psycopg2==2.9.10 ; python_version >= '3.13' # (Trixie)
pypiwin32 ; sys_platform == 'win32'
python-ldap==3.4.4 ; sys_platform != 'win32' and python_version >= '3.12'  # (Noble)
pytz  # no version pinning to avoid OS perturbations
"""

AS_312 = [
    "cbor2==5.6.2",
    "gevent==24.2.1",
    "lxml==5.2.1",
    "lxml-html-clean",
    "psycopg2-binary==2.9.9",
    "pytz",
]


@pytest.mark.parametrize("python", ["3.10.13", "3.11.7", "3.12.1"])
def test_pythons_before_3_13_get_the_3_12_pins(python):
    """The 3.11 pins (cbor2 5.4.2, ...) have no wheels: below 3.12 the
    markers are evaluated as for 3.12."""
    assert odoo_requirements(REQUIREMENTS, python) == AS_312


def test_python_3_13_gets_its_own_pins():
    assert odoo_requirements(REQUIREMENTS, "3.13.0") == [
        "cbor2==5.6.2",
        "gevent==24.11.1",
        "lxml==5.2.1",
        "lxml-html-clean",
        "psycopg2-binary==2.9.10",
        "pytz",
    ]


def test_ldap_and_windows_only_requirements_are_left_out():
    selected = " ".join(odoo_requirements(REQUIREMENTS, "3.12.1"))
    assert "ldap" not in selected and "pypiwin32" not in selected
    assert "psycopg2==" not in selected


def test_a_line_that_is_no_requirement_is_refused_loudly():
    with pytest.raises(ValueError, match="not a requirement"):
        odoo_requirements("not a requirement !!\n", "3.12.1")


LXML = (
    "ERROR: Could not find a version that satisfies the requirement lxml==5.2.1 "
    "(from versions: 5.3.0, 5.3.1, 6.0.0, 7.0.0a1)\n"
    "ERROR: No matching distribution found for lxml==5.2.1\n"
)
OFXPARSE = (
    "ERROR: Could not find a version that satisfies the requirement "
    "ofxparse==0.21 (from versions: none)\n"
)
DOCOPT = (
    "ERROR: Could not find a version that satisfies the requirement docopt>=0.6.2 "
    "(from num2words) (from versions: none)\n"
)


def test_a_pin_without_wheel_moves_to_the_next_version_with_one():
    assert without_wheel(LXML, ["lxml==5.2.1", "pytz"]) == (
        "relax",
        "lxml==5.2.1",
        "lxml==5.3.0",
    )


def test_a_distribution_without_any_wheel_comes_from_source():
    assert without_wheel(OFXPARSE, ["ofxparse==0.21"]) == ("source", "ofxparse")
    assert without_wheel(DOCOPT, ["num2words==0.5.13"]) == ("source", "docopt")


def test_other_pip_failures_are_not_guessed():
    assert without_wheel("ERROR: HTTP error 503", ["lxml==5.2.1"]) is None


def test_install_wheels_retries_until_pip_succeeds(tmp_path, monkeypatch):
    answers = iter(
        [
            subprocess.CompletedProcess([], 1, "", LXML),
            subprocess.CompletedProcess([], 1, "", OFXPARSE),
            subprocess.CompletedProcess([], 0, "", ""),
        ]
    )
    calls = []

    def fake_run(cmd, **kwargs):
        calls.append((cmd, (tmp_path / "pins.txt").read_text()))
        return next(answers)

    monkeypatch.setattr(venv_setup.subprocess, "run", fake_run)
    final = venv_setup.install_wheels(
        ["pip", "install"], ["lxml==5.2.1", "ofxparse==0.21"], tmp_path / "pins.txt"
    )
    assert final == ["lxml==5.3.0", "ofxparse==0.21"]
    assert "--only-binary=:all:" in calls[0][0]
    assert "lxml==5.3.0" in calls[1][1]
    assert "--no-binary=ofxparse" in calls[2][0]


@pytest.mark.parametrize(
    "source, is_url",
    [
        ("https://github.com/odoo/odoo", True),
        ("git@github.com:odoo/odoo.git", True),
        ("ssh://git@example.com/odoo.git", True),
        ("file:///srv/odoo.git", True),
        ("/srv/odoo-19.0", False),
        ("../odoo", False),
    ],
)
def test_sources_are_folders_or_git_urls(source, is_url):
    assert is_git_url(source) is is_url


def test_clones_are_cached_outside_the_repository(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    clone = venv_setup.clone_dir(venv_setup.DEFAULT_SOURCE)
    assert clone.parent == tmp_path / "citsmart_messaging"
    assert not clone.is_relative_to(venv_setup.ROOT)


def test_source_version_reads_release_py(tmp_path):
    (tmp_path / "odoo").mkdir()
    (tmp_path / "odoo" / "release.py").write_text(
        "version_info = (19, 0, 0, 'final', 0, '')\n"
        "version = '.'.join(str(s) for s in version_info[:2])\n"
    )
    assert source_version(tmp_path) == "19.0"


def test_venv_and_logs_are_ignored_by_git():
    ignored = (venv_setup.ROOT / ".gitignore").read_text().split()
    for folder in (".venv/", ".demo/", ".logs/"):
        assert folder in ignored


def test_oca_addons_come_from_pypi_for_the_series():
    assert "odoo-addon-helpdesk_mgmt==19.0.*" in venv_setup.oca_requirements()
