# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.tools.mail import email_split

# Context key set while the mail gateway posts an inbound email: tells the
# ticket it is a reply, and whether the email was sent by a machine.
INBOUND_KEY = "citsmart_messaging_inbound"

_AUTOMATIC_PRECEDENCE = {"bulk", "junk", "auto_reply"}
_DAEMON_LOCALPARTS = {"mailer-daemon", "postmaster"}


def is_automatic_email(message, message_dict):
    """Auto-replies, bounces and mailer daemons (RFC 3834 and common
    vendor headers): Odoo 19's gateway routes them like any email."""
    auto_submitted = (message.get("Auto-Submitted") or "no").strip().lower()
    if auto_submitted != "no":
        return True
    if message.get("X-Autoreply") or message.get("X-Autorespond"):
        return True
    if (message.get("Precedence") or "").strip().lower() in _AUTOMATIC_PRECEDENCE:
        return True
    if message.get_content_type() == "multipart/report" or message_dict.get(
        "is_bounce"
    ):
        return True
    if (message.get("Return-Path") or "").strip() == "<>":
        return True
    senders = email_split(message_dict.get("email_from") or "")
    return any(sender.split("@")[0].lower() in _DAEMON_LOCALPARTS for sender in senders)


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _message_route_process(self, message, message_dict, routes):
        inbound = {"automatic": is_automatic_email(message, message_dict)}
        return super(
            MailThread, self.with_context(**{INBOUND_KEY: inbound})
        )._message_route_process(message, message_dict, routes)
