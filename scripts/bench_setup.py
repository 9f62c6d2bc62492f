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

The ORM part (``populate``) runs in Odoo: in a child process started here
(``bench_setup.py populate ...``), or in a caller already holding a registry.
"""

import argparse
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
            __file__,
            "populate",
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


def _users(env, prefix, count, groups, values):
    """``count`` users ``<prefix>N``, one password hashed once for all (the
    hash is slow on purpose)."""
    Users = env["res.users"].with_context(no_reset_password=True)
    users = Users.search([("login", "=like", f"{prefix}%")], order="id")
    new = [
        {
            "name": f"{prefix.title().rstrip('.')} {index}",
            "login": f"{prefix}{index}",
            "email": f"{prefix}{index}@example.com",
            "group_ids": [(6, 0, [env.ref(xmlid).id for xmlid in groups])],
            **values,
        }
        for index in range(len(users) + 1, count + 1)
    ]
    if new:
        users += Users.create(new)
        users[:1].password = PASSWORD
        env.flush_all()
        env.cr.execute(
            "UPDATE res_users SET password = (SELECT password FROM res_users "
            "WHERE id = %s) WHERE id IN %s",
            [users[0].id, tuple(users.ids)],
        )
    users = users[:count]
    return [(u.login, PASSWORD, u.id, u.partner_id.id) for u in users]


def populate(env, dbname, flavour, spec):
    """Create (once) the population of the spec in ``env`` (superuser);
    returns the Population. The caller commits."""
    env = env(context={**env.context, "tracking_disable": True})
    alias_domain = env["mail.alias.domain"].search([("name", "=", ALIAS_DOMAIN)])
    if not alias_domain:
        alias_domain = alias_domain.create(
            {
                "name": ALIAS_DOMAIN,
                "catchall_alias": "catchall",
                "bounce_alias": "bounce",
                "default_from": "notifications",
            }
        )
    env["res.company"].search([]).alias_domain_id = alias_domain
    admin = env.ref("base.user_admin")
    admin.write({"email": "admin@example.com", "tz": "Europe/Brussels"})
    server_values = {
        "name": SINK_SERVER_NAME,
        "smtp_host": "127.0.0.1",
        "smtp_port": spec["sink_port"],
        "smtp_encryption": "none",
        "sequence": 1,
    }
    server = env["ir.mail_server"].search([("name", "=", SINK_SERVER_NAME)])
    if server:
        server.write(server_values)
    else:
        server.create(server_values)
    technicians = _users(
        env,
        "technician.",
        spec["technicians"],
        ("base.group_user", "helpdesk_mgmt.group_helpdesk_user"),
        {"notification_type": "email", "tz": "Europe/Brussels"},
    )
    requesters = _users(
        env,
        "requester.",
        spec["requesters"],
        ("base.group_portal",),
        {"tz": "America/Sao_Paulo", "lang": "en_US"},
    )
    team = env["helpdesk.ticket.team"].search([("name", "=", TEAM_NAME)])
    if not team:
        team = team.create(
            {
                "name": TEAM_NAME,
                "user_ids": [(6, 0, [row[2] for row in technicians])],
                "alias_name": TEAM_ALIAS,
                "alias_domain_id": alias_domain.id,
                "alias_contact": "everyone",
            }
        )
    tickets = _tickets(env, team, technicians, requesters, spec["tickets"])
    # an empty queue: what the benchmarks drain is theirs
    env["mail.mail"].search([("state", "=", "outgoing")]).unlink()
    return Population(
        dbname=dbname,
        flavour=flavour,
        admin=ADMIN,
        technicians=technicians,
        requesters=requesters,
        tickets=tickets,
        team_id=team.id,
        catchall=alias_domain.catchall_email,
        team_alias=team.alias_id.display_name,
    )


def _tickets(env, team, technicians, requesters, count):
    """``count`` tickets, requester and responsible technician dealt round
    robin; both follow their tickets."""
    Ticket = env["helpdesk.ticket"].with_context(
        mail_create_nolog=True, mail_create_nosubscribe=True, mail_notrack=True
    )
    tickets = Ticket.search([("name", "=like", f"{TICKET_PREFIX} %")], order="id")
    for index in range(len(tickets), count):
        requester = requesters[index % len(requesters)]
        technician = technicians[index % len(technicians)]
        ticket = Ticket.create(
            {
                "name": f"{TICKET_PREFIX} {index + 1}",
                "description": "<p>The printer is on fire.</p>",
                "team_id": team.id,
                "user_id": technician[2],
                "partner_id": requester[3],
            }
        )
        ticket.message_subscribe(partner_ids=[requester[3], technician[3]])
        tickets += ticket
    return [
        {
            "id": ticket.id,
            "number": ticket.number,
            "name": ticket.name,
            "requester_partner_id": ticket.partner_id.id,
            "technician_user_id": ticket.user_id.id,
        }
        for ticket in tickets[:count]
    ]


def main():
    parser = argparse.ArgumentParser(description="populate one database")
    parser.add_argument("command", choices=["populate"])
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--flavour", choices=sorted(FLAVOURS), required=True)
    parser.add_argument("--spec", required=True, help="JSON: sizes and sink port")
    options = parser.parse_args()
    registry = open_registry(options.config, options.database)
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        population = populate(
            env, options.database, options.flavour, json.loads(options.spec)
        )
        cr.commit()
    print(population.to_json())


if __name__ == "__main__":
    main()
