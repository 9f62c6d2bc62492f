# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two people commenting on one ticket at the same moment, in two real
database transactions. Odoo's test cursor is not concurrent, so this runs on
a throwaway copy of the test database that the test command creates and
names in CITSMART_CONCURRENCY_DB."""

import threading

from markupsafe import Markup

from odoo import SUPERUSER_ID, api
from odoo.tests import tagged

from .committed_case import CommittedCase


@tagged("post_install", "-at_install")
class TestConcurrentComments(CommittedCase):
    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            users = env["res.users"].with_context(no_reset_password=True)
            self.technician = users.create(
                {
                    "name": "Concurrent Technician",
                    "login": f"ctech{self._testMethodName}",
                    "email": "ctech@example.com",
                    "group_ids": [
                        (6, 0, [env.ref("helpdesk_mgmt.group_helpdesk_user").id])
                    ],
                }
            ).id
            self.requester = users.create(
                {
                    "name": "Concurrent Requester",
                    "login": f"creq{self._testMethodName}",
                    "email": "creq@example.com",
                    "group_ids": [(6, 0, [env.ref("base.group_portal").id])],
                }
            ).id
            self.ticket = (
                env["helpdesk.ticket"]
                .create(
                    {
                        "name": "Concurrent ticket",
                        "description": "<p>race</p>",
                        "user_id": self.technician,
                        "partner_id": env["res.users"]
                        .browse(self.requester)
                        .partner_id.id,
                    }
                )
                .id
            )

    def test_two_comments_at_once_are_both_saved_and_queued(self):
        barrier = threading.Barrier(2, timeout=30)

        def comment_as(uid, text):
            with self.registry.cursor() as cr:
                env = api.Environment(cr, uid, {})
                comment = (
                    env["helpdesk.ticket.comment"]
                    .sudo()
                    .create(
                        {
                            "ticket_id": self.ticket,
                            "body": Markup(f"<p>{text}</p>"),
                            "author_id": env.user.partner_id.id,
                        }
                    )
                )
                env.flush_all()
                self.assertEqual(comment.delivery_state, "queued")
                # both transactions are open here; both then commit
                barrier.wait()

        self.run_together(
            lambda: comment_as(self.technician, "from the technician"),
            lambda: comment_as(self.requester, "from the requester"),
        )
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            comments = env["helpdesk.ticket.comment"].search(
                [("ticket_id", "=", self.ticket)]
            )
            self.assertEqual(len(comments), 2)
            mails = env["mail.mail"].search(
                [("mail_message_id", "in", comments.message_id.ids)]
            )
            self.assertEqual(len(mails), 2)
            self.assertEqual(set(mails.mapped("state")), {"outgoing"})
            recipients = set(mails.recipient_ids.mapped("name"))
            self.assertEqual(
                recipients, {"Concurrent Technician", "Concurrent Requester"}
            )
