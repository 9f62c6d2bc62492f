# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The load run's drive: one thread per actor, each posting in a loop on
shared tickets with a small random think time until the deadline, and
recording every request (``bench_load_stats.Request``) with the unique
marker written in its text."""

import random
import re
import threading
import time
import uuid

from bench_load_stats import Request

REFUSED = re.compile(r"refused: ([1-5]\d\d)\b")


def new_marker():
    """A unique word put in a post's text (``bench_load_stats.MARKER``)."""
    return "ldmk" + uuid.uuid4().hex[:12]


def status_of(error):
    """The HTTP status an exception of the clients carries (0: none, the
    request got no answer)."""
    response = getattr(error, "response", None)
    for value in (
        getattr(response, "status_code", None),
        getattr(error, "status", None),
        getattr(error, "code", None),
        getattr(error, "errcode", None),
    ):
        if isinstance(value, int) and 100 <= value < 600:
            return value
    # bench_client's portal post: "portal post refused: <status> <location>"
    match = REFUSED.search(str(error))
    return int(match[1]) if match else 0


class Actor:
    """One person: ``post(ticket_id, marker)`` makes one post whose text
    contains ``marker`` and returns its HTTP status (or raises)."""

    def __init__(self, kind, path, post, tickets, think, seed):
        self.kind = kind
        self.path = path
        self.post = post
        self.tickets = list(tickets)
        self.think = think
        self.random = random.Random(seed)
        self.requests = []

    def _once(self):
        ticket = self.random.choice(self.tickets)
        marker = new_marker()
        start = time.monotonic()
        status, error = 0, ""
        try:
            status = self.post(ticket, marker)
        except Exception as exc:  # noqa: BLE001 (recorded: the checks judge it)
            status = status_of(exc)
            error = f"{type(exc).__name__}: {exc}"[:300]
        path = self.path.format(ticket=ticket)
        self.requests.append(
            Request(self.kind, path, start, time.monotonic(), status, marker, error)
        )

    def run(self, stop_at, stop_event):
        # spread the actors' first posts over one think time
        stop_event.wait(self.random.uniform(0, self.think))
        while time.monotonic() < stop_at and not stop_event.is_set():
            self._once()
            stop_event.wait(self.random.uniform(0, 2 * self.think))


def drive(actors, seconds):
    """Run every actor for ``seconds``; returns (all requests, the drive's
    real duration: until the last request in flight ended)."""
    stop = threading.Event()
    start = time.monotonic()
    threads = [
        threading.Thread(
            target=actor.run, args=(start + seconds, stop), name=actor.kind
        )
        for actor in actors
    ]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            thread.join()
    except KeyboardInterrupt:
        stop.set()
        raise
    duration = time.monotonic() - start
    return [r for actor in actors for r in actor.requests], duration
