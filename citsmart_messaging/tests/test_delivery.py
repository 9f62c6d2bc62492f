# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Delivery through a real SMTP server on 127.0.0.1 (aiosmtpd), with Odoo's
sending switch for tests turned on: no mail mock in this file."""

import email
import socket
from email import policy
from unittest.mock import patch

from aiosmtpd.controller import Controller

from odoo.tests import tagged
from odoo.tools import config

from .common import MessagingCommon


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """aiosmtpd handler keeping every received message."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=policy.default)
        )
        return "250 OK"


@tagged("post_install", "-at_install")
class TestDelivery(MessagingCommon):
    def setUp(self):
        super().setUp()
        self.port = free_port()
        self.env["ir.mail_server"].sudo().search([]).unlink()
        self.mail_server = (
            self.env["ir.mail_server"]
            .sudo()
            .create(
                {
                    "name": "Loopback SMTP",
                    "smtp_host": "127.0.0.1",
                    "smtp_port": self.port,
                    "smtp_encryption": "none",
                }
            )
        )
        self.inbox = Inbox()
        # Odoo never sends mail under tests unless told to
        server_class = type(self.env["ir.mail_server"])
        sending = patch.object(server_class, "_disable_send", return_value=False)
        sending.start()
        self.addCleanup(sending.stop)

    def start_smtp(self):
        controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        controller.start()
        self.addCleanup(controller.stop)

    def send_queue(self, comments):
        self.mails_of(comments).filtered(lambda m: m.state == "outgoing").send()
        comments.invalidate_recordset()

    def test_message_arrives_with_headers_and_body(self):
        self.start_smtp()
        comment = self.comment("<p>Line one<br>Line two</p>")
        mail = self.mails_of(comment)
        message_id = mail.message_id
        self.send_queue(comment)
        self.assertEqual(len(self.inbox.messages), 1)
        received = self.inbox.messages[0]
        self.assertEqual(received["To"], "Rita Requester <rita.requester@example.com>")
        self.assertEqual(
            received["Subject"],
            f"[{self.ticket.number}] New comment from Tereza Technician",
        )
        self.assertIn("Tereza Technician", received["From"])
        self.assertEqual(received["Message-Id"], message_id)
        self.assertIn(comment.message_id.message_id, received["References"])
        self.assertTrue(received["Reply-To"])
        html = received.get_body(("html",)).get_content()
        self.assertIn("Line one<br>Line two", html)
        # delivered, and the state survives the auto-deletion of the mail
        self.assertFalse(mail.exists())
        self.assertEqual(comment.delivery_state, "sent")
        self.assertEqual(comment.notification_ids.notification_status, "sent")

    def test_smtp_down_then_up_resend_delivers_once(self):
        comment = self.comment("Are you there?")
        self.send_queue(comment)  # nothing listens on the port
        self.assertEqual(comment.delivery_state, "failed")
        self.assertTrue(comment.delivery_failure.startswith("Rita Requester: "))
        self.assertEqual(comment.notification_ids.failure_type, "mail_smtp")
        self.assertTrue(self.ticket.messaging_requester_failed)
        self.start_smtp()
        comment.with_user(self.technician).action_resend()
        self.assertEqual(comment.delivery_state, "queued")
        self.send_queue(comment)
        self.assertEqual(comment.delivery_state, "sent")
        self.assertEqual(len(self.inbox.messages), 1)
        self.assertEqual(len(self.ticket.comment_ids), 1)
        self.assertFalse(self.ticket.messaging_requester_failed)

    def test_no_outgoing_mail_server_at_all(self):
        self.mail_server.unlink()
        dead_port = free_port()
        saved = {
            key: config.options.maps[0].get(key) for key in ("smtp_server", "smtp_port")
        }

        def restore():
            for key, value in saved.items():
                if value is None:
                    config.options.maps[0].pop(key, None)
                else:
                    config.options.maps[0][key] = value

        self.addCleanup(restore)
        config["smtp_server"], config["smtp_port"] = "127.0.0.1", dead_port
        comment = self.comment("Nobody will carry this")
        self.assertTrue(comment.exists())
        self.send_queue(comment)
        self.assertEqual(comment.delivery_state, "failed")
        self.assertTrue(comment.delivery_failure)

    def test_recipient_without_email(self):
        self.requester.email = False
        comment = self.comment("Where do I send this?")
        self.assertFalse(self.mails_of(comment))
        self.assertEqual(comment.delivery_state, "failed")
        self.assertIn("Rita Requester has no email address", comment.delivery_failure)
        self.assertEqual(comment.notification_ids.failure_type, "mail_email_missing")
        self.assertTrue(self.ticket.messaging_requester_failed)
        # fixed, then resent: one email, still one comment
        self.start_smtp()
        self.requester.email = "rita.requester@example.com"
        comment.with_user(self.technician).action_resend()
        self.assertEqual(len(self.mails_of(comment)), 1)
        self.send_queue(comment)
        self.assertEqual(comment.delivery_state, "sent")
        self.assertEqual(len(self.inbox.messages), 1)
        self.assertEqual(len(self.ticket.comment_ids), 1)

    def test_resend_only_emails_failed_recipients(self):
        self.ticket.email_cc = "boss@example.com"
        self.requester.email = False
        comment = self.comment("Two recipients, one fails")
        self.start_smtp()
        self.send_queue(comment)
        self.assertEqual(len(self.inbox.messages), 1)  # the CC
        self.assertEqual(comment.delivery_state, "failed")
        self.requester.email = "rita.requester@example.com"
        comment.with_user(self.technician).action_resend()
        self.send_queue(comment)
        self.assertEqual(len(self.inbox.messages), 2)
        self.assertEqual(
            self.inbox.messages[1]["To"],
            "Rita Requester <rita.requester@example.com>",
        )
        self.assertEqual(comment.delivery_state, "sent")

    def test_ticket_archived_while_queued(self):
        self.start_smtp()
        comment = self.comment("Archived before sending")
        self.ticket.action_archive()
        self.send_queue(comment)
        self.assertEqual(len(self.inbox.messages), 1)
        self.assertEqual(comment.delivery_state, "sent")

    def test_ticket_deleted_while_queued(self):
        self.start_smtp()
        ticket = self._create_ticket(name="To be deleted")
        comment = self.comment("Deleted before sending", ticket=ticket)
        mail = self.mails_of(comment)
        self.assertTrue(mail)
        ticket.unlink()
        self.assertFalse(comment.exists())
        self.assertFalse(mail.exists())
        self.env["mail.mail"].sudo().search([("state", "=", "outgoing")]).send()
        bodies = [
            m.get_body(("html", "plain")).get_content() for m in self.inbox.messages
        ]
        self.assertFalse([body for body in bodies if "Deleted before sending" in body])
