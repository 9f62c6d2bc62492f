# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fed to `odoo shell` by `devtools.py demo`: wires the demo database to the
local SMTP sink and the alias domain it hands back to Odoo, and writes one
technician comment on a demo ticket."""
# ruff: noqa: F821  (odoo shell provides `env`)
# pylint: disable=print-used

import os

from markupsafe import Markup

sink_port = int(os.environ["CITSMART_SINK_PORT"])
domain_name = os.environ["CITSMART_ALIAS_DOMAIN"]
env["ir.config_parameter"].set_param("web.base.url", os.environ["CITSMART_BASE_URL"])

server = env["ir.mail_server"].search([("name", "=", "Local SMTP sink")])
server_values = {
    "name": "Local SMTP sink",
    "smtp_host": "127.0.0.1",
    "smtp_port": sink_port,
    "smtp_encryption": "none",
}
if server:
    server.write(server_values)
else:
    env["ir.mail_server"].create(server_values)

# replies come back through the alias domain: catchall, bounce, team alias
alias_domain = env["mail.alias.domain"].search([("name", "=", domain_name)])
if not alias_domain:
    alias_domain = env["mail.alias.domain"].create(
        {
            "name": domain_name,
            "catchall_alias": "catchall",
            "bounce_alias": "bounce",
            "default_from": "notifications",
        }
    )
env["res.company"].search([]).alias_domain_id = alias_domain

env.ref("base.user_admin").email = "admin@example.com"
technician = env.ref("base.user_demo")
technician.group_ids |= env.ref("helpdesk_mgmt.group_helpdesk_user")
requester = env.ref("base.demo_user0").partner_id
ticket = env.ref("helpdesk_mgmt.helpdesk_ticket_1")
# only what differs: writing user_id again would notify the technician again
wanted = {"partner_id": requester, "user_id": technician}
ticket.write({name: rec.id for name, rec in wanted.items() if ticket[name] != rec})
ticket.team_id.write(
    {
        "alias_name": "support",
        "alias_domain_id": alias_domain.id,
        "alias_contact": "everyone",
    }
)
ticket.message_subscribe(partner_ids=requester.ids)
print(f"Team {ticket.team_id.name}: {ticket.team_id.alias_id.display_name}")
print(f"Catchall: {alias_domain.catchall_email}, bounce: {alias_domain.bounce_email}")
if not ticket.comment_ids:
    comment = (
        env["helpdesk.ticket.comment"]
        .with_user(technician)
        .create(
            {
                "ticket_id": ticket.id,
                "body": Markup("<p>Hello, could you send us a photo of the error?</p>"),
            }
        )
    )
    mail = env["mail.mail"].search([("mail_message_id", "=", comment.message_id.id)])
    print(f"Demo comment on {ticket.display_name}: {comment.delivery_state}")
    print(f"Queued its email to {', '.join(mail.recipient_ids.mapped('email'))}")
env.cr.commit()
