# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Replies written by real mail clients (fixtures/replies/*.eml), through
Odoo's mail gateway: the comment keeps exactly the new text, the chatter
keeps the whole email."""

import csv
import re
from email import message_from_bytes, policy
from pathlib import Path

from odoo.tests import tagged

from ..tools.reply import html_to_text
from .common import MessagingCommon

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "replies"
# the comment quoted by every fixture, in the languages of the template
QUOTED_COMMENT = (
    "Have you tried turning it off and on?",
    "Você já tentou desligar e ligar de novo?",
    "¿Ha probado a apagarla y encenderla?",
)


def normalise(text):
    lines = (
        re.sub(r"\s+", " ", line.replace("\ufeff", "")).strip()
        for line in text.splitlines()
    )
    return "\n".join(line for line in lines if line)


@tagged("post_install", "-at_install")
class TestReplyClients(MessagingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team.alias_name = "support"
        with (FIXTURES / "index.csv").open(encoding="utf-8") as index:
            cls.fixtures = [row["name"] for row in csv.DictReader(index)]

    def reply_to_new_ticket(self, name):
        """The fixture, sent by the requester as a reply to a technician's
        comment on a ticket of its own: return the ticket, that comment and
        the text the client quoted."""
        ticket = self._create_ticket(name=f"Printer on fire ({name})")
        with self.mock_mail_gateway():
            first = self.comment("Have you tried turning it off and on?", ticket=ticket)
        sent = self.mails_of(first)
        raw = (FIXTURES / f"{name}.eml").read_bytes()
        message = message_from_bytes(raw, policy=policy.compat32)
        for header, value in (
            ("In-Reply-To", sent.message_id),
            ("References", sent.references),
        ):
            del message[header]
            message[header] = value
        with self.mock_mail_gateway():
            self.env["mail.thread"].message_process(None, message.as_bytes())
        ticket.invalidate_recordset()
        body = message_from_bytes(raw, policy=policy.default).get_body(
            preferencelist=("html", "plain")
        )
        quoted = [q for q in QUOTED_COMMENT if q in html_to_text(body.get_content())]
        return ticket, first, quoted

    def test_each_client_reply_becomes_a_comment_of_its_new_text(self):
        self.assertGreaterEqual(len(self.fixtures), 40)
        for name in self.fixtures:
            with self.subTest(fixture=name):
                ticket, first, quoted = self.reply_to_new_ticket(name)
                comment = ticket.comment_ids - first
                self.assertEqual(len(comment), 1)
                self.assertEqual(comment.author_id, self.requester)
                self.assertFalse(comment.is_internal)
                expected = normalise(
                    (FIXTURES / f"{name}.expected.txt").read_text(encoding="utf-8")
                )
                self.assertEqual(normalise(html_to_text(comment.body)), expected)
                # the chatter keeps the whole email, its quote included
                self.assertEqual(comment.message_id.message_type, "email")
                chatter = normalise(html_to_text(comment.message_id.body))
                for line in expected.splitlines() + quoted:
                    self.assertIn(line, chatter)
                # the comment's email (to the technician) carries no quote
                # but the one kept in an answer written inside it
                mail = self.mails_of(comment)
                self.assertEqual(mail.recipient_ids, self.technician.partner_id)
                mailed = html_to_text(mail.body_html)
                for line in quoted:
                    self.assertEqual(line in mailed, line in expected)
