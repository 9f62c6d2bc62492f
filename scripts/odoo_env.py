# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Can the Odoo suite run here? The facts come from ``odoo_probe.py`` run by
the interpreter under test; the verdict is a pure function of them.

Three verdicts:

- ``run``: Odoo 19.0, helpdesk_mgmt 19.0, pytest-odoo and PostgreSQL's server
  binaries are there: the Odoo suite runs;
- ``host-free``: ``import odoo`` itself fails (no Odoo on this machine): only
  the host-free suite and lint run, and the test command says so loudly;
- ``fail``: ``import odoo`` works but the Odoo suite cannot run (another
  version, a broken installation, helpdesk_mgmt or pytest-odoo missing, no
  PostgreSQL): the test command fails with the reason.
"""

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
SERIES = "19.0"
REQUIRED = "helpdesk_mgmt"
# OCA peers installed beside the add-on in the test database when present.
# mail_tracking is not: its tracking_status() reads mail.alias as the current
# user, so Odoo's portal JSON routes fail for every portal user once it is
# installed (its own bug, with or without this add-on); its own tests still
# run beside the add-on (PEER_SUITES).
TEST_PEERS = (
    "helpdesk_mgmt_merge",
    "helpdesk_ticket_partner_response",
    "helpdesk_mgmt_sla",
    "helpdesk_mgmt_rating",
    "helpdesk_ticket_close_inactive",
    "helpdesk_portal_priority",
    "helpdesk_mgmt_activity",
)
# Peers whose own tests run with the add-on installed beside them.
PEER_SUITES = (*TEST_PEERS, "mail_tracking")

RUN, HOST_FREE, FAIL = "run", "host-free", "fail"


@dataclass
class Verdict:
    kind: str
    reason: str = ""
    version: str = ""
    addons_path: list = field(default_factory=list)
    peers: list = field(default_factory=list)
    peer_suites: list = field(default_factory=list)


def probe_cmd(python, site=True):
    """The probe's command line; ``site=False`` hides site-packages (tests)."""
    cmd = [str(python)] + ([] if site else ["-S"])
    return [*cmd, str(SCRIPTS / "odoo_probe.py"), REQUIRED, *PEER_SUITES]


def probe(python=sys.executable, env=None, site=True):
    """The facts ``odoo_probe.py`` prints, run from ``/`` so that this
    repository's folders are not importable by accident."""
    result = subprocess.run(
        probe_cmd(python, site),
        capture_output=True,
        text=True,
        cwd="/",
        env=env,
        check=False,
    )
    try:
        return json.loads(result.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        tail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return {"broken": f"the probe of {python} failed: {tail}"}


def pg_bindir():
    """The folder of PostgreSQL's ``initdb``/``pg_ctl``, or None."""
    for name in ("initdb", "pg_ctl"):
        found = shutil.which(name)
        if found:
            return Path(os.path.realpath(found)).parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return candidates[-1].parent if candidates else None


def decide(facts, pg_dir, need_pytest=True):
    """The verdict on ``facts`` (from the probe) and ``pg_dir`` (pg_bindir);
    the demo does without pytest-odoo (``need_pytest=False``)."""
    if "import_error" in facts:
        return Verdict(HOST_FREE, f"`import odoo` fails: {facts['import_error']}")
    if "broken" in facts:
        return Verdict(FAIL, f"Odoo is importable but broken: {facts['broken']}")
    version = facts.get("version", "")
    path = facts.get("addons_path", [])
    if not version.startswith(SERIES):
        return Verdict(FAIL, f"Odoo {version} is installed, {SERIES} is needed")
    addons = facts.get("addons", {})
    required = addons.get(REQUIRED)
    if not required:
        return Verdict(
            FAIL,
            f"{REQUIRED} is not on Odoo's addons path ({', '.join(path)}): "
            f"pip install --no-deps 'odoo-addon-helpdesk-mgmt=={SERIES}.*'",
            version,
            path,
        )
    if not required["version"].startswith(SERIES + "."):
        return Verdict(
            FAIL,
            f"{REQUIRED} {required['version']} is installed, {SERIES}.* is needed",
            version,
            path,
        )
    if need_pytest and not facts.get("pytest_odoo"):
        return Verdict(
            FAIL,
            "pytest-odoo is missing: pip install -r requirements-test.txt",
            version,
            path,
        )
    if not pg_dir:
        return Verdict(
            FAIL,
            "PostgreSQL server binaries (initdb, pg_ctl) not found: "
            "apt-get install postgresql",
            version,
            path,
        )
    peers = [name for name in TEST_PEERS if name in addons]
    suites = [name for name in PEER_SUITES if name in addons]
    return Verdict(RUN, "", version, path, peers, suites)


def odoo_problem(need_pytest=False):
    """Why this python cannot run Odoo with the add-on, or None."""
    verdict = decide(probe(), pg_bindir(), need_pytest=need_pytest)
    return None if verdict.kind == RUN else verdict.reason


def exit_code(verdict, suites_passed):
    """The test command's exit status: a ``fail`` verdict always fails;
    otherwise the suites that ran decide."""
    if verdict.kind == FAIL:
        return 1
    return 0 if suites_passed else 1
