# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo's email loop on one machine, as a mail server would run it.

Odoo sends its emails to the local SMTP sink (``smtp_sink.py``), which keeps
every message in a Maildir. Mail addressed to the demo's alias domain (the
team's alias, the catchall, bounces) is handed to Odoo's mail gateway the way
an MTA piping to ``odoo-mailgate.py`` does: ``mail.thread.message_process``
over XML-RPC on 127.0.0.1. ``build_reply()`` answers an email the way a mail
client does. Nothing here needs Odoo or the network to be imported.
"""

import email
import mailbox
import re
import xmlrpc.client
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid

REPLY_PREFIX = re.compile(r"^\s*(re|aw|res|fwd?)\s*:", re.IGNORECASE)


def domain_of(address):
    return address.strip().strip("<>").rpartition("@")[2].lower()


def for_odoo(recipients, domain):
    """The recipients that belong to Odoo: addresses at the alias domain."""
    domain = domain.lower()
    return [rcpt for rcpt in recipients if domain and domain_of(rcpt) == domain]


def handoff(raw, url, database, login, password, transport=None):
    """Give the RFC 822 message ``raw`` (bytes) to Odoo's mail gateway, as
    odoo-mailgate.py does. Returns the id of the record it was routed to;
    raises xmlrpc.client.Fault when Odoo refuses it (e.g. no route)."""
    common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common", transport=transport)
    uid = common.authenticate(database, login, password, {})
    if not uid:
        raise PermissionError(f"Odoo refused the login {login!r} on {database}")
    models = xmlrpc.client.ServerProxy(
        f"{url}/xmlrpc/2/object", transport=transport, allow_none=True
    )
    return models.execute_kw(
        database,
        uid,
        password,
        "mail.thread",
        "message_process",
        [False, xmlrpc.client.Binary(raw)],
        {},
    )


def envelope_recipients(message):
    """The SMTP recipients the sink recorded (aiosmtpd's X-RcptTo)."""
    return [addr for _name, addr in getaddresses(message.get_all("X-RcptTo", []))]


def maildir_messages(maildir, exclude=()):
    """[(key, message)] of the Maildir, oldest first, parsed with the modern
    email API; keys in ``exclude`` are left out."""
    box = mailbox.Maildir(maildir, create=False)
    keys = sorted(
        (key for key in box.iterkeys() if key not in exclude),
        key=lambda key: (box.get_message(key).get_date(), key),
    )
    return [
        (key, email.message_from_bytes(box.get_bytes(key), policy=policy.default))
        for key in keys
    ]


def to_people(message, domain):
    """True when the message went to someone outside the alias domain."""
    recipients = envelope_recipients(message)
    return len(for_odoo(recipients, domain)) < len(recipients)


def last_sent(maildir, domain):
    """The last message the sink received for someone outside the alias
    domain: the email a person would answer."""
    for _key, message in reversed(maildir_messages(maildir)):
        if to_people(message, domain):
            return message
    return None


def _plain_text(message):
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = part.get_content()
    if part.get_content_subtype() == "html":
        text = re.sub(r"<br\s*/?>|</p>|</div>", "\n", text, flags=re.IGNORECASE)
        text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def build_reply(original, text, domain=""):
    """The reply of the original's recipient to ``original`` (an
    EmailMessage), with ``text`` above the quoted original, threaded by
    In-Reply-To and References as mail clients do."""
    recipients = envelope_recipients(original)
    outside = [rcpt for rcpt in recipients if rcpt not in for_odoo(recipients, domain)]
    shown = getaddresses(original.get_all("To", []) + original.get_all("Cc", []))
    sender = next(
        (
            email.utils.formataddr((name, addr))
            for name, addr in shown
            if outside and addr.lower() == outside[0].lower()
        ),
        outside[0] if outside else shown[0][1],
    )
    reply = EmailMessage()
    reply["From"] = sender
    reply["To"] = original["Reply-To"] or original["From"]
    subject = " ".join(str(original["Subject"] or "").split())
    reply["Subject"] = subject if REPLY_PREFIX.match(subject) else f"Re: {subject}"
    reply["Date"] = formatdate(localtime=True)
    reply["Message-ID"] = make_msgid(domain=domain_of(sender) or "localhost")
    if original["Message-ID"]:
        reply["In-Reply-To"] = original["Message-ID"]
        references = f"{original['References'] or ''} {original['Message-ID']}"
        reply["References"] = references.strip()
    quoted = "\n".join(f"> {line}" for line in _plain_text(original).splitlines())
    reply.set_content(
        f"{text}\n\nOn {original['Date']}, {original['From']} wrote:\n{quoted}\n"
    )
    return reply
