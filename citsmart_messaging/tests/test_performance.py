# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Query counts of creating comments, locked so that they cannot regress
silently. Lower a number here when an optimization lowers it; never raise it
without knowing why. `scripts/benchmark.py` compares them with Odoo's native
way at larger sizes."""

from markupsafe import Markup

from odoo.tests import tagged, users, warmup

from .common import MessagingCommon

# queries of one `create` call by the technician, emails queued included;
# the live update of the pages showing the tickets is one more (the bus
# notifications, one INSERT at commit): 32, 69 and 77 before it
QUERY_COUNTS = {
    "one_comment": 27,
    "batch_10_one_ticket": 64,
    "batch_10_ten_tickets": 72,
}
BODY = Markup("<p>Have you tried <b>turning it off and on</b> again?</p>")


@tagged("post_install", "-at_install")
class TestPerformance(MessagingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tickets = cls.ticket
        for _index in range(9):
            cls.tickets += cls._create_ticket()

    def _create_comments(self, ticket_ids, expected):
        Comment = self.env["helpdesk.ticket.comment"]
        # counted as a transaction's first post: the warm-up's post-commit
        # work (the mails to send, the queue's fallback trigger) is dropped
        self.env.cr.postcommit.clear()
        with self.assertQueryCount(technician=expected):
            comments = Comment.create(
                [{"ticket_id": ticket_id, "body": BODY} for ticket_id in ticket_ids]
            )
        # the counted work is the real one: one queued email per comment
        self.assertEqual(len(self.mails_of(comments)), len(ticket_ids))
        self.assertEqual(set(comments.mapped("delivery_state")), {"queued"})

    @users("technician")
    @warmup
    def test_create_one_comment(self):
        self._create_comments(self.ticket.ids, QUERY_COUNTS["one_comment"])

    @users("technician")
    @warmup
    def test_create_batch_of_10_on_one_ticket(self):
        self._create_comments(self.ticket.ids * 10, QUERY_COUNTS["batch_10_one_ticket"])

    @users("technician")
    @warmup
    def test_create_batch_of_10_on_ten_tickets(self):
        self._create_comments(self.tickets.ids, QUERY_COUNTS["batch_10_ten_tickets"])
