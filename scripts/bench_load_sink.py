# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The load run's SMTP server on 127.0.0.1: it records when each message was
accepted, for whom and which post markers it carries; it may answer slowly
(``delay`` seconds per message) or be dead (nothing listens on its port:
connections are refused)."""

import asyncio
import threading
import time
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller
from bench_load_stats import MARKER
from devenv import free_port


def markers_of(raw):
    """The post markers found in an email's text parts (decoded) and
    headers."""
    message = message_from_bytes(raw, policy=policy.default)
    texts = [str(value) for value in message.values()]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            try:
                texts.append(part.get_content())
            except (LookupError, ValueError):
                texts.append(part.get_payload(decode=True).decode("latin-1"))
    return sorted(set(MARKER.findall("\n".join(texts))))


class _Handler:
    def __init__(self, sink):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):
        if self.sink.delay:
            await asyncio.sleep(self.sink.delay)
        self.sink.record(envelope.rcpt_tos, envelope.original_content)
        return "250 Message accepted for delivery"


class LoadSink:
    """``deliveries``: [(marker, recipient address, monotonic time)], one per
    marker and recipient of each accepted message; ``messages``: how many
    messages were accepted."""

    def __init__(self, delay=0.0, dead=False):
        self.delay = delay
        self.dead = dead
        self.port = free_port()
        self.deliveries = []
        self.messages = 0
        self._lock = threading.Lock()
        self._controller = None

    def record(self, recipients, raw):
        at = time.monotonic()
        found = markers_of(raw)
        with self._lock:
            self.messages += 1
            self.deliveries.extend(
                (marker, address.lower(), at)
                for marker in found
                for address in recipients
            )

    def reset(self):
        with self._lock:
            self.deliveries, self.messages = [], 0

    def __enter__(self):
        if not self.dead:
            self._controller = Controller(
                _Handler(self), hostname="127.0.0.1", port=self.port
            )
            self._controller.start()
        return self

    def __exit__(self, *exc):
        if self._controller:
            self._controller.stop()
