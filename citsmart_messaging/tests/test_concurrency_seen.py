# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The requester opening his ticket while the mail queue sends the answer he
is looking at, in two real database transactions: the mail queue must never
fail because of a visit (its SMTP work is done; a rollback would send the
email twice). Runs on the throwaway copy of the test database that the test
command names in CITSMART_CONCURRENCY_DB."""

import threading
from unittest.mock import patch

from markupsafe import Markup

from odoo import SUPERUSER_ID, api
from odoo.tests import tagged

from .committed_case import CommittedCase


@tagged("post_install", "-at_install")
class TestVisitDuringSending(CommittedCase):
    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            requester = env["res.partner"].create(
                {"name": "Busy Requester", "email": "busy@example.com"}
            )
            ticket = env["helpdesk.ticket"].create(
                {
                    "name": "Answer while looking",
                    "description": "<p>race</p>",
                    "partner_id": requester.id,
                }
            )
            technician = env.ref("base.user_admin").partner_id
            technician.email = technician.email or "admin@example.com"
            comment = env["helpdesk.ticket.comment"].create(
                {
                    "ticket_id": ticket.id,
                    "body": Markup("<p>Here is your answer</p>"),
                    "author_id": technician.id,
                }
            )
            self.ticket, self.comment = ticket.id, comment.id
            self.mail = (
                env["mail.mail"]
                .search([("mail_message_id", "=", comment.message_id.id)])
                .id
            )
        # the answer was handed to the sender at commit (which sends
        # nothing in tests): this test sends it as the mail queue would
        self.wait_for_sender()

    def test_the_mail_queue_commits_when_the_requester_looks_meanwhile(self):
        visit_done, visit_commit = threading.Event(), threading.Event()

        def visit():
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    seen = env["helpdesk.ticket"].browse(self.ticket)
                    self.assertTrue(seen._messaging_seen_by_requester())
                    env.flush_all()
                    visit_done.set()
                    visit_commit.wait(30)
            finally:
                visit_done.set()  # the sending need not wait for a failed visit

        def send():
            try:
                visit_done.wait(30)
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    # the snapshot of the mail queue's transaction predates
                    # the visit's commit
                    cr.execute("SELECT 1")
                    threading.Timer(1.0, visit_commit.set).start()
                    # an SMTP server that accepts everything
                    server = type(env["ir.mail_server"])
                    with (
                        patch.object(server, "_disable_send", return_value=False),
                        patch.object(server, "_connect__", return_value=None),
                        patch.object(
                            server,
                            "send_email",
                            side_effect=lambda message, **kw: message["Message-Id"],
                        ),
                    ):
                        env["mail.mail"].browse(self.mail).send()
            finally:
                visit_commit.set()  # nor the visit for a failed sending

        self.run_together(visit, send)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            comment = env["helpdesk.ticket.comment"].browse(self.comment)
            self.assertEqual(comment.delivery_state, "sent")
            self.assertTrue(comment.sent_date)
            seen_date = comment.seen_date
            self.assertTrue(seen_date)
            ticket = env["helpdesk.ticket"].browse(self.ticket)
            self.assertEqual(ticket.messaging_waiting_on, "requester")
            # both reached the cron that records the answer; it runs later
            cron = env.ref("citsmart_messaging.ir_cron_messaging_responses")
            self.assertTrue(env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]))
            cron.method_direct_trigger()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            response = env["helpdesk.ticket.comment.response"].search(
                [("comment_id", "=", self.comment)]
            )
            self.assertEqual(len(response), 1)
            self.assertEqual(response.reached_date, seen_date)
