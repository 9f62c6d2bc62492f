# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fed to `odoo shell` by `devtools.py demo`: wires the demo database to the
local SMTP sink and writes one technician comment on a demo ticket."""
# ruff: noqa: F821  (odoo shell provides `env`)
# pylint: disable=print-used

import os

from markupsafe import Markup

sink_port = int(os.environ["CITSMART_SINK_PORT"])
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
env.ref("base.user_admin").email = "admin@example.com"
technician = env.ref("base.user_demo")
technician.group_ids |= env.ref("helpdesk_mgmt.group_helpdesk_user")
requester = env.ref("base.demo_user0").partner_id
ticket = env.ref("helpdesk_mgmt.helpdesk_ticket_1")
ticket.write({"partner_id": requester.id, "user_id": technician.id})
ticket.message_subscribe(partner_ids=requester.ids)
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
    print(f"Queued email to {mail.recipient_ids.email}: {mail.messaging_subject}")
    print(mail.body_html)
env.cr.commit()
