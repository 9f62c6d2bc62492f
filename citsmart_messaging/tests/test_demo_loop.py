# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo's email loop: the requester answers the add-on's email in a mail
client, the demo's SMTP sink hands the reply to Odoo the way an MTA piping to
odoo-mailgate.py does (``scripts/mail_loop.py``: ``message_process`` over
XML-RPC on this test's server), and it becomes a comment on the ticket with
its email queued to the technician."""

import importlib.util
from email.message import EmailMessage
from pathlib import Path

from odoo.tests import HttpCase, get_db_name, tagged
from odoo.tests.common import Transport

from .common import MessagingCommon

MAIL_LOOP = Path(__file__).resolve().parents[2] / "scripts" / "mail_loop.py"


def load_mail_loop():
    """The repository's scripts/mail_loop.py (not part of the add-on)."""
    spec = importlib.util.spec_from_file_location("citsmart_mail_loop", MAIL_LOOP)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestDemoLoop(MessagingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team.alias_name = "support"
        cls.mail_loop = load_mail_loop()

    def received(self, mail, address):
        """The email ``mail`` (a mail.mail) as the recipient's client has it."""
        message = EmailMessage()
        message["From"] = mail.email_from
        message["To"] = address
        message["Reply-To"] = mail.reply_to
        message["Subject"] = mail.messaging_subject or mail.subject
        message["Message-ID"] = mail.message_id
        message["References"] = mail.references
        message["X-RcptTo"] = address
        message.set_content("Could you send a photo of the error?")
        return message

    def test_reply_handed_off_by_the_sink_becomes_a_comment(self):
        with self.mock_mail_gateway():
            first = self.comment("Could you send a photo of the error?")
        sent = self.mail_to(first, partner=self.requester)
        self.assertEqual(len(sent), 1)
        reply = self.mail_loop.build_reply(
            self.received(sent, self.requester.email),
            "Here it is: the printer shows E42.",
            self.alias_domain,
        )
        self.assertEqual(reply["From"], self.requester.email)

        with self.mock_mail_gateway():
            record = self.mail_loop.handoff(
                reply.as_bytes(),
                self.base_url(),
                get_db_name(),
                "admin",
                "admin",
                transport=Transport(self),
            )
        self.env.invalidate_all()

        self.assertEqual(record, self.ticket.id)
        comment = self.ticket.comment_ids - first
        self.assertEqual(len(comment), 1)
        self.assertEqual(comment.author_id, self.requester)
        self.assertFalse(comment.is_internal)
        self.assertIn("the printer shows E42.", comment.body)
        self.assertNotIn("send a photo", comment.body)  # the quote is trimmed
        mail = self.mails_of(comment)
        self.assertEqual(mail.recipient_ids, self.technician.partner_id)
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(self._new_mails, mail)
