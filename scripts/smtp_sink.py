# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo's mail server: aiosmtpd's Maildir handler, which also hands the
mail for the demo's alias domain to Odoo (see mail_loop.py).

    PYTHONPATH=scripts python3 -m aiosmtpd -n -l 127.0.0.1:2525 \\
        -c smtp_sink.DemoSink MAILDIR [DOMAIN ODOO_URL DATABASE [LOGIN PASSWORD]]

Without DOMAIN it only saves. Each hand-off prints one line,
``handoff <Message-ID>: ok <record id>`` or ``handoff <Message-ID>: failed
<reason>`` (``devtools.py reply`` waits for it).

The benchmarks' sink, BenchSink (``-c smtp_sink.BenchSink MAILDIR JOURNAL
[DELAY]``), saves too and journals each message it accepts as one JSON line;
DELAY seconds per message play a slow SMTP server.
"""

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor
from email import message_from_bytes, policy

from aiosmtpd.handlers import Mailbox
from mail_loop import for_odoo, handoff


class DemoSink(Mailbox):
    def __init__(self, maildir, domain="", odoo=None, deliver=handoff):
        """``odoo``: (url, database, login, password) of the gateway."""
        super().__init__(maildir)
        self.domain = domain
        self.odoo = odoo
        self.deliver = deliver
        # one at a time, in order, and outside the SMTP loop: Odoo may send
        # mail (bounces) to this very server while it processes one
        self.worker = ThreadPoolExecutor(max_workers=1)

    async def handle_DATA(self, server, session, envelope):
        status = await super().handle_DATA(server, session, envelope)
        raw = envelope.original_content or envelope.content
        headers = message_from_bytes(raw, policy=policy.default)
        subject = " ".join(str(headers["Subject"] or "").split())
        recipients = ", ".join(envelope.rcpt_tos)
        print(f"saved {envelope.mail_from} -> {recipients}: {subject}", flush=True)
        if self.odoo and for_odoo(envelope.rcpt_tos, self.domain):
            self.worker.submit(self._handoff, raw, headers["Message-ID"])
        return status

    def _handoff(self, raw, message_id):
        try:
            record = self.deliver(raw, *self.odoo)
        except Exception as error:  # noqa: BLE001 (reported; the mail stays saved)
            print(f"handoff {message_id}: failed {error}", flush=True)
        else:
            print(f"handoff {message_id}: ok {record}", flush=True)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) == 1:
            return cls(args[0])
        if len(args) in (4, 6):
            maildir, domain, url, database = args[:4]
            login, password = args[4:] or ("admin", "admin")
            return cls(maildir, domain, (url, database, login, password))
        parser.error("DemoSink: MAILDIR [DOMAIN ODOO_URL DATABASE [LOGIN PASSWORD]]")


class BenchSink(Mailbox):
    def __init__(self, maildir, journal, delay=0.0):
        super().__init__(maildir)
        self.journal = journal
        self.delay = float(delay)

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self._record(session, envelope)
        return "250 OK"

    def _record(self, session, envelope):
        """Save and journal (local files: quick enough for the loop)."""
        raw = envelope.original_content or envelope.content
        key = self.mailbox.add(self.prepare_message(session, envelope))
        headers = message_from_bytes(raw, policy=policy.default)
        line = {
            "time": time.time(),
            "mail_from": envelope.mail_from,
            "rcpt_tos": sorted(envelope.rcpt_tos),
            "message_id": str(headers["Message-ID"] or ""),
            "in_reply_to": str(headers["In-Reply-To"] or ""),
            "references": str(headers["References"] or ""),
            "subject": " ".join(str(headers["Subject"] or "").split()),
            "key": key,
        }
        with open(self.journal, "a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\n")

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) not in (2, 3):
            parser.error("BenchSink: MAILDIR JOURNAL [DELAY]")
        return cls(*args)
