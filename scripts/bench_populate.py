# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The population of a benchmark database, inside Odoo (see bench_setup.py):

    python3 scripts/bench_populate.py --config C --database D --flavour ours \
        --spec '{"technicians": 5, "requesters": 20, "tickets": 6, "sink_port": 2525}'

prints the Population as JSON on its last line. ``populate(env, ...)`` does
the same for a caller already in Odoo (superuser environment, caller commits).
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_setup import (
    ADMIN,
    ALIAS_DOMAIN,
    FLAVOURS,
    PASSWORD,
    SINK_SERVER_NAME,
    TEAM_ALIAS,
    TEAM_NAME,
    TICKET_PREFIX,
    Population,
    open_registry,
)


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
