# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Tests that need real commits and concurrent transactions, which Odoo's
test cursor cannot give: they run on a throwaway copy of the test database
that the test command creates and names in CITSMART_CONCURRENCY_DB."""

import os
import threading
import unittest
from contextlib import contextmanager
from unittest.mock import patch

from markupsafe import Markup

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase
from odoo.tools import config

from ..models.mail_mail import SENDER

DB_VARIABLE = "CITSMART_CONCURRENCY_DB"


class CommittedCase(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        dbname = os.environ.get(DB_VARIABLE)
        if not dbname:
            raise unittest.SkipTest(
                f"{DB_VARIABLE} is not set: run through scripts/devtools.py test"
            )
        # loading a registry with tests enabled would run every at_install test
        with patch.dict(config.options.maps[0], {"test_enable": False}):
            cls.registry = Registry(dbname)

    def run_together(self, *targets):
        """Run each of ``targets`` in a thread of its own, at once; fail
        with what any of them raised."""
        errors = []

        def guarded(target):
            try:
                target()
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)

        threads = [threading.Thread(target=guarded, args=(t,)) for t in targets]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        self.assertEqual(errors, [])

    def setUp(self):
        super().setUp()
        # the next test starts when the emails of this one have left
        self.addCleanup(self.wait_for_sender)

    def wait_for_sender(self):
        """Wait until the emails handed over after commit are sent (Odoo
        sends nothing while tests run unless a test allows it)."""
        self.assertTrue(SENDER.wait_idle(60), "the emails never left")

    @contextmanager
    def transaction(self, uid=SUPERUSER_ID):
        """A transaction of its own, committed at the end of the block."""
        with self.registry.cursor() as cr:
            yield api.Environment(cr, uid, {})

    def committed_ticket(self, name, email):
        """A ticket of a new requester (``name``, ``email``), committed;
        deleted after the test."""
        with self.transaction() as env:
            requester = env["res.partner"].create({"name": name, "email": email})
            ticket = env["helpdesk.ticket"].create(
                {
                    "name": f"Ticket of {name}",
                    "description": "<p>committed</p>",
                    "partner_id": requester.id,
                }
            )
        self.addCleanup(self._unlink_ticket, ticket.id)
        return ticket.id

    def _unlink_ticket(self, ticket_id):
        self.wait_for_sender()
        with self.transaction() as env:
            env["helpdesk.ticket"].browse(ticket_id).unlink()

    @contextmanager
    def commenting(self, ticket_id, text):
        """The administrator's comment on the ticket, committed at the end
        of the block."""
        with self.transaction() as env:
            yield env["helpdesk.ticket.comment"].create(
                {
                    "ticket_id": ticket_id,
                    "body": Markup("<p>%s</p>") % text,
                    "author_id": env.ref("base.user_admin").partner_id.id,
                }
            )
