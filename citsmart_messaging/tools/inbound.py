# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What an inbound email is, from its headers alone."""

from email.utils import getaddresses

_AUTOMATIC_PRECEDENCE = {"bulk", "junk", "auto_reply"}
_DAEMON_LOCALPARTS = {"mailer-daemon", "postmaster"}


def is_automatic_email(message, email_from="", is_bounce=False):
    """Auto-replies, bounces and mailer daemons (RFC 3834 and common vendor
    headers): Odoo's gateway routes them like any email."""
    auto_submitted = (message.get("Auto-Submitted") or "no").strip().lower()
    if auto_submitted != "no":
        return True
    if message.get("X-Autoreply") or message.get("X-Autorespond"):
        return True
    if (message.get("Precedence") or "").strip().lower() in _AUTOMATIC_PRECEDENCE:
        return True
    if message.get_content_type() == "multipart/report" or is_bounce:
        return True
    if (message.get("Return-Path") or "").strip() == "<>":
        return True
    senders = [address for _name, address in getaddresses([email_from or ""])]
    return any(sender.split("@")[0].lower() in _DAEMON_LOCALPARTS for sender in senders)
