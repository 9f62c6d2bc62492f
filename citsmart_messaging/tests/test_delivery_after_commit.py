# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A comment's email leaves right after its transaction commits, through a
real SMTP server on loopback, without the request waiting for that server;
the mail queue is only the fallback (PRODUCT.md, behaviour 5)."""

import queue
import threading
from contextlib import contextmanager
from unittest.mock import patch

from aiosmtpd.controller import Controller

from odoo.tests import tagged

from .committed_case import CommittedCase
from .test_delivery import free_port

WAIT = 30  # seconds: a bound for a loaded machine, never a speed target


class _Server:
    """An SMTP server that accepts each message once ``gate`` is open."""

    def __init__(self):
        self.gate = threading.Event()
        self.gate.set()
        self.accepted = queue.SimpleQueue()

    async def handle_DATA(self, server, session, envelope):
        self.gate.wait(WAIT)
        self.accepted.put((envelope.rcpt_tos, envelope.content.decode()))
        return "250 Message accepted"


@tagged("post_install", "-at_install")
class TestDeliveryAfterCommit(CommittedCase):
    def setUp(self):
        super().setUp()
        self.smtp = _Server()
        port = free_port()
        controller = Controller(self.smtp, hostname="127.0.0.1", port=port)
        controller.start()
        self.addCleanup(controller.stop)
        with self.transaction() as env:
            self.mail_server = self._mail_server(env, port)
            technician = env.ref("base.user_admin").partner_id
            technician.email = technician.email or "admin@example.com"
        self.addCleanup(self._remove_mail_server)
        self.ticket = self.committed_ticket("Prompt Requester", "prompt@example.com")
        server = self.registry["ir.mail_server"]
        # Odoo sends nothing while tests run; this test is about sending
        sending = patch.object(server, "_disable_send", return_value=False)
        sending.start()
        self.addCleanup(sending.stop)

    def _mail_server(self, env, port):
        return (
            env["ir.mail_server"]
            .create(
                {
                    "name": "Loopback",
                    "smtp_host": "127.0.0.1",
                    "smtp_port": port,
                    "smtp_encryption": "none",
                    "sequence": 0,
                }
            )
            .id
        )

    def _remove_mail_server(self):
        with self.transaction() as env:
            env["ir.mail_server"].browse(self.mail_server).unlink()

    @contextmanager
    def commenting(self, text):
        """The technician's comment, committed at the end of the block."""
        with super().commenting(self.ticket, text) as comment:
            self.comment = comment.id
            yield comment

    def comment_state(self):
        with self.transaction() as env:
            comment = env["helpdesk.ticket.comment"].browse(self.comment)
            return comment.delivery_state, comment.delivery_warning

    def wait_for_state(self, state):
        for _attempt in range(WAIT * 10):
            if self.comment_state()[0] == state:
                return
            threading.Event().wait(0.1)
        self.fail(f"the comment's delivery is {self.comment_state()}, not {state}")

    def test_the_email_leaves_after_commit_without_holding_the_request(self):
        self.smtp.gate.clear()  # the SMTP server takes its time
        with self.commenting("Fixed, please check") as comment:
            self.assertEqual(comment.delivery_state, "queued")
        last_bus_row = self.last_bus_row()
        # the transaction committed while the server still held the email
        self.assertTrue(self.smtp.accepted.empty())
        self.assertEqual(self.comment_state()[0], "queued")
        self.smtp.gate.set()
        recipients, content = self.smtp.accepted.get(timeout=WAIT)
        self.assertEqual(recipients, ["prompt@example.com"])
        self.assertIn("Fixed, please check", content)
        self.wait_for_state("sent")
        self.wait_for_sender()
        self.assertEqual(self.accepted_with("Fixed, please check"), 0, "sent twice")
        # one live update of the portal page for the sending, not one per
        # commit of the mail queue's work (each opens a database connection)
        with self.transaction() as env:
            channel = f'%"helpdesk.ticket",{self.ticket},"citsmart_messaging_portal"%'
            self.assertEqual(
                env["bus.bus"].search_count(
                    [("id", ">", last_bus_row), ("channel", "=like", channel)]
                ),
                1,
            )

    def test_the_mail_queue_leaves_the_email_to_the_sender_meanwhile(self):
        self.smtp.gate.clear()
        with self.commenting("Queue, wait your turn"):
            pass
        with self.transaction() as env:
            # the mail cron running now finds nothing due
            env["mail.mail"].process_email_queue()
            mail = env["mail.mail"].search(
                [("mail_message_id", "=", self._message_id(env))]
            )
            self.assertEqual(mail.state, "outgoing")
            cron = env.ref("mail.ir_cron_mail_scheduler_action")
            trigger = env["ir.cron.trigger"].search(
                [("cron_id", "=", cron.id), ("call_at", ">=", mail.scheduled_date)]
            )
            self.assertTrue(trigger, "no fallback for this email")
        self.smtp.gate.set()
        self.wait_for_state("sent")
        self.wait_for_sender()
        self.assertEqual(self.accepted_with("Queue, wait your turn"), 1)

    def test_a_dead_server_keeps_the_comment_and_says_why(self):
        with self.transaction() as env:
            # nothing listens on the discard port of loopback
            env["ir.mail_server"].browse(self.mail_server).smtp_port = 9
        with self.commenting("Anyone there?"):
            pass
        self.wait_for_state("failed")
        with self.transaction() as env:
            comment = env["helpdesk.ticket.comment"].browse(self.comment)
            self.assertTrue(comment.exists())
            self.assertEqual(comment.notification_ids.failure_type, "mail_smtp")

    def last_bus_row(self):
        with self.transaction() as env:
            return env["bus.bus"].search([], order="id desc", limit=1).id

    def accepted_with(self, text):
        """How many of the emails accepted since the last look contain
        ``text`` (others may be older mails that the mail queue sent)."""
        found = 0
        while not self.smtp.accepted.empty():
            found += text in self.smtp.accepted.get()[1]
        return found

    def _message_id(self, env):
        return env["helpdesk.ticket.comment"].browse(self.comment).message_id.id
