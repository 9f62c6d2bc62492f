# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The benchmarks' databases, on a private cluster: "ours" (helpdesk_mgmt
and this add-on, the default template of parameter 417) and "stock"
(helpdesk_mgmt only), populated alike: one team with an alias, technicians,
portal requesters, tickets shared between them, an outgoing mail server on a
loopback SMTP sink and an alias domain whose catchall routes replies back.

    cluster = devenv.Cluster(scratch / "pg").start()
    devenv.write_odoo_config(config, cluster, data_dir, devenv.free_port())
    populations = create_databases(cluster, config, data_dir, sink_port)
    populations["ours"].technicians[0]  # (login, password, uid, partner id)

The ORM part (bench_populate.py) runs in Odoo: in a child process started
here, or in a caller already holding a registry.
"""

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import devenv

FLAVOURS = {"ours": (devenv.ADDON,), "stock": ("helpdesk_mgmt",)}
ADMIN = ("admin", "admin")
PASSWORD = "bench-password"
ALIAS_DOMAIN = "bench.localhost"  # RFC 6761: never leaves the machine
TEAM_ALIAS = "support"
SINK_SERVER_NAME = "Benchmark SMTP sink"
TEAM_NAME = "Benchmark team"
TICKET_PREFIX = "Benchmark ticket"


@dataclasses.dataclass
class Population:
    """What a populated database holds, for clients and checks (JSON-able)."""

    dbname: str
    flavour: str
    admin: tuple
    technicians: list  # [(login, password, user_id, partner_id)]
    requesters: list  # [(login, password, user_id, partner_id)]
    tickets: list  # [{id, number, name, requester_partner_id, technician_user_id}]
    team_id: int = 0
    alias_domain: str = ALIAS_DOMAIN
    catchall: str = f"catchall@{ALIAS_DOMAIN}"
    team_alias: str = f"{TEAM_ALIAS}@{ALIAS_DOMAIN}"

    def to_json(self):
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text):
        data = json.loads(text)
        for key in ("admin",):
            data[key] = tuple(data[key])
        for key in ("technicians", "requesters"):
            data[key] = [tuple(row) for row in data[key]]
        return cls(**data)


# ----------------------------------------------------------------------------
# Parent: databases on the cluster
# ----------------------------------------------------------------------------


def create_databases(
    cluster,
    config,
    data_dir,
    sink_port,
    *,
    technicians=5,
    requesters=20,
    tickets=6,
    flavours=tuple(FLAVOURS),
    names=None,
    log=None,
):
    """Create and populate alike the databases of ``flavours`` ("ours",
    "stock"): helpdesk_mgmt installed once, copied, this add-on added to the
    copy. ``names``: {flavour: database name}. Returns {flavour: Population}."""
    names = {
        flavour: (names or {}).get(flavour, f"bench_{flavour}") for flavour in flavours
    }
    if "stock" in names:
        _install(config, names["stock"], FLAVOURS["stock"], log)
    if "ours" in names:
        if "stock" in names:
            _copy(cluster, data_dir, names["stock"], names["ours"])
        _install(config, names["ours"], FLAVOURS["ours"], log)
    spec = {
        "technicians": technicians,
        "requesters": requesters,
        "tickets": tickets,
        "sink_port": sink_port,
    }
    populations = {}
    for flavour, dbname in names.items():
        cluster.make_hermetic(dbname)
        devenv.say(f"populating {dbname} ({flavour})")
        populations[flavour] = run_populate(config, dbname, flavour, spec)
    return populations


def _copy(cluster, data_dir, source, target):
    """``target``: a copy of the database ``source`` and its filestore."""
    cluster.psql(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    filestore = Path(data_dir) / "filestore"
    if (filestore / source).exists():
        shutil.copytree(filestore / source, filestore / target)


def _install(config, dbname, modules, log):
    devenv.say(f"installing {', '.join(modules)} in database {dbname}")
    cmd = devenv.install_cmd(config, dbname, modules=modules)
    if log:
        result = devenv.run_logged(cmd, log, cwd=devenv.ROOT)
    else:
        result = subprocess.run(cmd, cwd=devenv.ROOT, check=False)
    if result.returncode:
        raise RuntimeError(f"installing {modules} in {dbname} failed")


def run_populate(config, dbname, flavour, spec):
    """Populate ``dbname`` in a child process; its Population."""
    result = subprocess.run(
        [
            sys.executable,
            Path(__file__).with_name("bench_populate.py"),
            f"--config={config}",
            f"--database={dbname}",
            f"--flavour={flavour}",
            f"--spec={json.dumps(spec)}",
        ],
        cwd=devenv.ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"populating {dbname} failed:\n{result.stderr[-3000:]}")
    return Population.from_json(result.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------------------
# Child: inside Odoo
# ----------------------------------------------------------------------------


def open_registry(config_path, dbname, log_level="warn"):
    """Odoo's registry of ``dbname``, configured from ``config_path`` (no
    HTTP, no cron)."""
    from odoo.tools import config

    config.parse_config(
        [
            *("-c", str(config_path), "-d", dbname),
            *(f"--log-level={log_level}", "--no-http", "--max-cron-threads=0"),
        ],
        setup_logging=True,
    )
    from odoo.modules.registry import Registry

    return Registry(dbname)
