# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Replies by email: real RFC 822 messages through Odoo's mail gateway."""

import logging
import time
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime as rfc_date
from email.utils import make_msgid

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MessagingCommon

_logger = logging.getLogger(__name__)

GMAIL_REPLY_HTML = """<div dir="ltr">Yes, restarting fixed it.<br>Thanks!</div>
<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, Nov 23, 2026
at 10:00 AM Tereza Technician &lt;tereza.technician@example.com&gt; wrote:<br></div>
<blockquote class="gmail_quote">Have you tried turning it off and on?</blockquote></div>
<div class="gmail_signature">--<br>Rita, Accounting</div>"""

PLAIN_REPLY = """Please send the model number.

On Mon, Nov 23, 2026 at 10:00, Rita Requester <rita.requester@example.com> wrote:
> It is still on fire
> and smoking

--
Tereza
Service Desk
"""


@tagged("post_install", "-at_install")
class TestInbound(MessagingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team.alias_name = "support"
        cls.alias_address = f"support@{cls.alias_domain}"

    def setUp(self):
        super().setUp()
        with self.mock_mail_gateway():
            self.first = self.comment("Have you tried turning it off and on?")
        self.first_mail = self.mails_of(self.first)

    def build(self, sender, subject, text=None, html=None, reply_to=None, **options):
        """An RFC 822 message; a reply to ``reply_to`` (a mail.mail, default:
        the first comment's email) unless ``reply_to`` is False."""
        message = EmailMessage()
        message["From"] = sender
        message["To"] = self.alias_address
        message["Subject"] = subject
        message["Date"] = rfc_date(datetime.now(UTC))
        message["Message-Id"] = options.get("message_id") or make_msgid(
            domain="client.example.com"
        )
        original = self.first_mail if reply_to is None else reply_to
        if original:
            message["In-Reply-To"] = original.message_id
            message["References"] = original.references
        for key, value in options.get("headers", {}).items():
            message[key] = value
        message.set_content(text or "(see html)")
        if html:
            message.add_alternative(html, subtype="html")
        if options.get("attachment"):
            name, content = options["attachment"]
            message.add_attachment(
                content, maintype="application", subtype="pdf", filename=name
            )
        return message.as_string()

    def receive(self, raw):
        with self.mock_mail_gateway():
            self.env["mail.thread"].message_process(None, raw)
        self.ticket.invalidate_recordset()

    def replies(self, ticket=None, first=None):
        ticket = ticket or self.ticket
        return ticket.comment_ids - (first or self.first)

    def test_requester_reply_becomes_comment_and_emails_technician(self):
        raw = self.build(
            "Rita Requester <rita.requester@example.com>",
            f"Re: [{self.ticket.number}] New comment from Tereza Technician",
            text="Yes, restarting fixed it.\nThanks!",
            html=GMAIL_REPLY_HTML,
        )
        self.receive(raw)
        comment = self.replies()
        self.assertEqual(len(comment), 1)
        self.assertEqual(comment.author_id, self.requester)
        self.assertFalse(comment.is_internal)
        self.assertIn("Yes, restarting fixed it.", comment.body)
        for quoted in ("turning it off", "Accounting", "wrote:"):
            self.assertNotIn(quoted, comment.body)
        # the original stays whole in the chatter
        self.assertIn("turning it off", comment.message_id.body)
        self.assertEqual(comment.message_id.message_type, "email")
        # its email is the only one: to the technician
        mail = self.mails_of(comment)
        self.assertEqual(mail.recipient_ids, self.technician.partner_id)
        self.assertIn("Yes, restarting fixed it.", mail.body_html)
        self.assertEqual(self._new_mails, mail)

    def test_technician_plain_text_reply_trims_quote_and_signature(self):
        raw = self.build(
            "Tereza Technician <tereza.technician@example.com>",
            "Re: still burning",
            text=PLAIN_REPLY,
        )
        self.receive(raw)
        comment = self.replies()
        self.assertEqual(comment.author_id, self.technician.partner_id)
        self.assertIn("Please send the model number.", comment.body)
        for quoted in ("still on fire", "smoking", "Service Desk", "wrote:"):
            self.assertNotIn(quoted, comment.body)
        self.assertEqual(self.mails_of(comment).recipient_ids, self.requester)
        self.assertEqual(len(self._new_mails), 1)

    def test_reply_attachment_is_kept_and_forwarded(self):
        raw = self.build(
            "rita.requester@example.com",
            "Re: photo",
            text="Here is the photo.",
            attachment=("photo.pdf", b"%PDF-1.4 fake"),
        )
        self.receive(raw)
        comment = self.replies()
        self.assertEqual(comment.attachment_ids.mapped("name"), ["photo.pdf"])
        self.assertEqual(self.mails_of(comment).attachment_ids, comment.attachment_ids)

    def test_outlook_reply_without_threading_headers_found_by_subject(self):
        raw = self.build(
            "Rita Requester <rita.requester@example.com>",
            f"RE: [{self.ticket.number}] New comment from Tereza Technician",
            text="Answer from Outlook",
            reply_to=False,
        )
        tickets_before = self.env["helpdesk.ticket"].search_count([])
        self.receive(raw)
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), tickets_before)
        comment = self.replies()
        self.assertEqual(len(comment), 1)
        self.assertFalse(comment.is_internal)
        self.assertEqual(comment.author_id, self.requester)
        self.assertEqual(
            self.mails_of(comment).recipient_ids, self.technician.partner_id
        )

    def test_stranger_reply_is_an_unverified_internal_note(self):
        raw = self.build(
            "Mallory <mallory@evil.example.com>", "Re: hi", text="Send me the data"
        )
        self.receive(raw)
        comment = self.replies()
        self.assertEqual(len(comment), 1)
        self.assertTrue(comment.is_internal)
        self.assertIn("Unverified sender", comment.body)
        # internal in the chatter too, and no one is emailed, not even a ping
        self.assertTrue(comment.message_id.subtype_id.internal)
        self.assertFalse(self._new_mails)

    def test_stranger_quoting_the_number_writes_an_unverified_note(self):
        subject = f"[{self.ticket.number}] please add me"
        raw = self.build(
            "Mallory <mallory@evil.example.com>",
            subject,
            text="Intrusion",
            reply_to=False,
            headers={"Cc": "otto.other@example.com"},
        )
        followers = self.ticket.message_partner_ids
        self.receive(raw)
        note = self.replies()
        self.assertEqual(len(note), 1)
        self.assertTrue(note.is_internal)
        self.assertFalse(note.author_id)
        self.assertIn("Unverified sender", note.body)
        self.assertTrue(note.message_id.subtype_id.internal)
        self.assertFalse(self._new_mails)
        self.assertEqual(self.ticket.message_partner_ids, followers)
        self.assertFalse(self.ticket.email_cc)
        self.assertFalse(self.env["helpdesk.ticket"].search([("name", "=", subject)]))

    def test_new_ticket_by_email_is_not_a_comment(self):
        raw = self.build(
            "newcustomer@example.com", "My screen is blue", text="Help", reply_to=False
        )
        self.receive(raw)
        ticket = self.env["helpdesk.ticket"].search(
            [("name", "=", "My screen is blue")]
        )
        self.assertEqual(len(ticket), 1)
        self.assertFalse(ticket.comment_ids)

    def test_requester_known_only_by_email_replies(self):
        ticket = self._create_ticket(
            partner_id=False, partner_email="eve@example.com", partner_name="Eve"
        )
        with self.mock_mail_gateway():
            first = self.comment("Question for Eve", ticket=ticket)
        raw = self.build(
            "Eve <eve@example.com>",
            "Re: Question",
            text="Answer from Eve",
            reply_to=self.mails_of(first),
        )
        self.receive(raw)
        reply = self.replies(ticket, first)
        self.assertEqual(len(reply), 1)
        self.assertFalse(reply.is_internal)
        self.assertEqual(reply.author_id.email, "eve@example.com")
        self.assertEqual(self.mails_of(reply).recipient_ids, self.technician.partner_id)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_auto_replies_and_bounces_make_no_comment_and_no_email(self):
        cases = [
            {"Auto-Submitted": "auto-replied"},
            {"X-Autoreply": "yes"},
            {"Precedence": "bulk"},
            {"Precedence": "auto_reply"},
            {"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"},
        ]
        for headers in cases:
            raw = self.build(
                "Rita Requester <rita.requester@example.com>",
                "Automatic reply: Out of office",
                text="I am away",
                headers=headers,
            )
            self.receive(raw)
            self.assertFalse(self.replies(), headers)
            self.assertFalse(self._new_mails, headers)
        daemon = self.build(
            "MAILER-DAEMON@mx.example.com", "Undelivered Mail", text="Delivery failed"
        )
        self.receive(daemon)
        self.assertFalse(self.replies())
        self.assertFalse(self._new_mails)

    def test_two_short_replies_are_two_comments(self):
        for _index in range(2):
            raw = self.build("rita.requester@example.com", "Re: hello", text="Thanks")
            self.receive(raw)
        self.assertEqual(len(self.replies()), 2)

    def test_same_message_id_twice_is_processed_once(self):
        raw = self.build(
            "rita.requester@example.com",
            "Re: hello",
            text="Only once",
            message_id="<fixed-id@client.example.com>",
        )
        self.receive(raw)
        self.receive(raw)
        self.assertEqual(len(self.replies()), 1)

    def test_subject_fallback_with_and_without_brackets_and_prefixes(self):
        """A reply whose client dropped the threading headers reaches its
        ticket by the number anywhere in its subject: public from the
        requester, an unverified note from a spoofed technician."""
        number = self.ticket.number
        subjects = [
            f"Re: [{number}] Printer on fire",
            f"RE: {number} Printer on fire",
            f"Aw: {number}",
            f"Res: Enc: {number} impressora",
            f"Fwd: TR: SV: ({number})",
        ]
        for index, subject in enumerate(subjects):
            with self.subTest(subject=subject):
                before = self.ticket.comment_ids
                self.receive(
                    self.build(
                        "Rita Requester <rita.requester@example.com>",
                        subject,
                        text=f"Requester answer {index}",
                        reply_to=False,
                    )
                )
                comment = self.ticket.comment_ids - before
                self.assertEqual(len(comment), 1)
                self.assertFalse(comment.is_internal)
                self.assertEqual(comment.author_id, self.requester)
                self.assertEqual(
                    self.mails_of(comment).recipient_ids, self.technician.partner_id
                )
                before = self.ticket.comment_ids
                self.receive(
                    self.build(
                        "Tereza Technician <tereza.technician@example.com>",
                        subject,
                        text=f"Click this link {index}",
                        reply_to=False,
                    )
                )
                spoofed = self.ticket.comment_ids - before
                self.assertEqual(len(spoofed), 1)
                self.assertTrue(spoofed.is_internal)
                self.assertFalse(self._new_mails)

    def test_number_inside_another_word_opens_a_new_ticket(self):
        subject = f"Re: X{self.ticket.number}9 is a serial number"
        self.receive(
            self.build(
                "Rita Requester <rita.requester@example.com>",
                subject,
                text="Not about the printer",
                reply_to=False,
            )
        )
        self.assertFalse(self.replies())
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count([("name", "=", subject)]), 1
        )

    def test_ping_pong_stopped_by_odoos_gateway_loop_limit(self):
        """An auto-responder that marks nothing as automatic is stopped by
        Odoo's own loop limit: no comment after the threshold."""
        self.env["ir.config_parameter"].sudo().set_param(
            "mail.gateway.loop.threshold", 3
        )
        for index in range(6):
            self.receive(
                self.build(
                    "Rita Requester <rita.requester@example.com>",
                    "Re: hello",
                    text=f"I received your message number {index}",
                )
            )
        self.assertEqual(len(self.replies()), 3)

    def test_big_reply_with_attachments_is_one_comment(self):
        attachment = b"%PDF-1.4\n" + bytes(range(256)) * (10 * 1024 * 4)  # 10 MB
        raw = self.build(
            "Rita Requester <rita.requester@example.com>",
            "Re: hello",
            text="The scan you asked for",
            attachment=("scan.pdf", attachment),
        )
        started = time.perf_counter()
        self.receive(raw)
        _logger.info("10 MB reply processed in %.2f s", time.perf_counter() - started)
        comment = self.replies()
        self.assertEqual(len(comment), 1)
        self.assertEqual(comment.attachment_ids.mapped("name"), ["scan.pdf"])
        self.assertEqual(comment.attachment_ids.file_size, len(attachment))
        self.assertEqual(self.mails_of(comment).attachment_ids, comment.attachment_ids)

    def test_huge_text_is_kept_in_chatter_and_cut_in_the_email(self):
        text = "\n".join(f"line {index} of a very long log" for index in range(40000))
        self.assertGreater(len(text), 1_000_000)
        self.receive(
            self.build(
                "Rita Requester <rita.requester@example.com>", "Re: log", text=text
            )
        )
        comment = self.replies()
        self.assertEqual(len(comment), 1)
        self.assertIn("line 39999 of", comment.message_id.body)
        mail_body = self.mails_of(comment).body_html
        self.assertIn("line 0 of", mail_body)
        self.assertNotIn("line 39999 of", mail_body)
        self.assertIn("Message cut", mail_body)

    def test_reply_to_a_note_pings_its_author_as_in_stock_odoo(self):
        """A team member answering a note by email: an internal comment, and
        Odoo's own ping reaches the note's author."""
        with self.mock_mail_gateway():
            self.ticket.with_user(self.technician).message_post(
                body="<p>Leo, can you check the fuser?</p>",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                partner_ids=self.leader.partner_id.ids,
            )
        note_mail = self._new_mails.filtered(
            lambda m: self.leader.partner_id in m.recipient_ids
        )
        self.assertEqual(len(note_mail), 1)
        before = self.ticket.comment_ids
        self.receive(
            self.build(
                "Leo Leader <leo.leader@example.com>",
                "Re: fuser",
                text="The fuser is dead, order a new one.",
                reply_to=note_mail,
            )
        )
        answer = self.ticket.comment_ids - before
        self.assertEqual(len(answer), 1)
        self.assertTrue(answer.is_internal)
        self.assertEqual(answer.author_id, self.leader.partner_id)
        self.assertEqual(self._new_mails.recipient_ids, self.technician.partner_id)

    def test_technician_reply_to_the_requester_by_email_is_one_email(self):
        """Odoo pings the customer whose message is answered by email; the
        comment's email is that one message."""
        with self.mock_mail_gateway():
            question = self.comment(
                "Is it still smoking?", author=self.requester, user=self.env.user
            )
        self.receive(
            self.build(
                "Tereza Technician <tereza.technician@example.com>",
                "Re: smoking",
                text="Unplug it now, I am coming.",
                reply_to=self.mail_to(question, partner=self.technician.partner_id),
            )
        )
        answer = self.ticket.comment_ids - self.first - question
        self.assertEqual(len(answer), 1)
        self.assertFalse(answer.is_internal)
        self.assertEqual(
            self._new_mails.filtered(lambda m: self.requester in m.recipient_ids),
            self.mails_of(answer),
        )
