# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The live updates of ticket pages wake the bus over one long-lived
database connection per process, not a new connection per post as Odoo's
bus does for each transaction (see models/bus_bus.py)."""

import select

import psycopg2

from odoo.sql_db import connection_info_for
from odoo.tests import tagged

from .committed_case import CommittedCase

WAIT = 30  # seconds: a bound for a loaded machine, never a speed target


@tagged("post_install", "-at_install")
class TestLiveConnection(CommittedCase):
    def setUp(self):
        super().setUp()
        # the websocket dispatcher's side: LISTEN on the postgres database
        self.listener = psycopg2.connect(**connection_info_for("postgres")[1])
        self.addCleanup(self.listener.close)
        self.listener.autocommit = True
        self.listener.cursor().execute("LISTEN imbus")
        self.ticket = self.committed_ticket(
            "Watching Requester", "watching@example.com"
        )

    def post(self, text):
        with self.commenting(self.ticket, text):
            pass

    def woken_by(self):
        """The backend that woke the dispatchers about this ticket."""
        channel = f'"helpdesk.ticket",{self.ticket},"citsmart_messaging_portal"'
        for _attempt in range(WAIT * 10):
            select.select([self.listener], [], [], 0.1)
            self.listener.poll()
            while self.listener.notifies:
                notify = self.listener.notifies.pop(0)
                if channel in notify.payload:
                    return notify.pid
        self.fail("no live update of the ticket's portal page")

    def test_posts_wake_the_pages_over_one_connection(self):
        self.post("First")
        first = self.woken_by()
        self.wait_for_sender()
        self.post("Second")
        self.assertEqual(self.woken_by(), first)
