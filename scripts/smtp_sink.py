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
DELAY seconds per message play a slow SMTP server. SmtpSink runs it in its
own process for a benchmark (a context manager) and reads its journal.
"""

import asyncio
import contextlib
import json
import mailbox
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from email import message_from_bytes, policy
from pathlib import Path

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


class SmtpSink:
    """aiosmtpd on 127.0.0.1:``port`` with smtp_sink.BenchSink: every message
    saved in the Maildir ``maildir`` and journaled (one JSON line each, see
    ``messages()``) in ``maildir``/../``<name>.jsonl``."""

    def __init__(self, port, maildir, delay=0.0):
        self.port = port
        self.maildir = Path(maildir)
        self.journal = self.maildir.with_suffix(".jsonl")
        self.delay = delay
        self.process = None

    def start(self):
        self.maildir.parent.mkdir(parents=True, exist_ok=True)
        self.journal.touch()
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "aiosmtpd", "-n"),
                *("-l", f"127.0.0.1:{self.port}", "-c", "smtp_sink.BenchSink"),
                *(str(self.maildir), str(self.journal), str(self.delay)),
            ],
            stdout=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent)},
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.process.poll() is None:
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", self.port), 1).close()
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the SMTP sink did not start on port {self.port}")

    def messages(self):
        """[{time, mail_from, rcpt_tos, message_id, in_reply_to, references,
        subject, key}] in the order accepted."""
        with open(self.journal, encoding="utf-8") as journal:
            return [json.loads(line) for line in journal if line.strip()]

    def email(self, key):
        """The message saved under ``key`` (EmailMessage, headers added by
        the sink included)."""
        raw = mailbox.Maildir(self.maildir, create=False).get_bytes(key)
        return message_from_bytes(raw, policy=policy.default)

    def last_to(self, address):
        """The journal line of the last message to ``address``, or None."""
        found = [m for m in self.messages() if address in m["rcpt_tos"]]
        return found[-1] if found else None

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait()
        self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
