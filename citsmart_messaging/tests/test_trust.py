# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Trust (PRODUCT.md behaviour 9), as an attacker would try it: forged
bookkeeping by RPC, the mail gateway's methods called by RPC, spoofed and
stranger emails matched by the ticket number in their subject."""

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime as rfc_date
from email.utils import make_msgid

from odoo.tests import tagged

from .common import ACCESS_ERROR, HIDDEN_TEXT, MessagingRolesCommon

COMMENT = "helpdesk.ticket.comment"
TICKET = "helpdesk.ticket"


@tagged("post_install", "-at_install")
class TestTrust(MessagingRolesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team.alias_name = "support"
        cls.alias_address = f"support@{cls.alias_domain}"

    # -- helpers -------------------------------------------------------------

    def notifications_of(self, message, partner=None):
        domain = [("mail_message_id", "=", message.id)]
        if partner:
            domain.append(("res_partner_id", "=", partner.id))
        return self.env["mail.notification"].sudo().search(domain)

    def email(self, sender, subject, text, in_reply_to=None, cc=None, to=None):
        """A raw email as the gateway receives it."""
        message = EmailMessage()
        message["From"] = sender
        message["To"] = to or self.alias_address
        if cc:
            message["Cc"] = cc
        message["Subject"] = subject
        message["Date"] = rfc_date(datetime.now(UTC))
        message["Message-Id"] = make_msgid(domain="client.example.com")
        if in_reply_to:
            message["In-Reply-To"] = in_reply_to
            message["References"] = in_reply_to
        message.set_content(text)
        return message.as_string()

    def receive(self, raw):
        """Process ``raw`` through the mail gateway; the mails it made."""
        self.env.flush_all()
        with self.mock_mail_gateway():
            self.env["mail.thread"].message_process(None, raw)
            self.env.flush_all()
            mails = self._new_mails
        self.env.invalidate_all()
        return mails

    def call_button(self, records, method):
        """A button of a form, as the web client calls it."""
        return self.json_route(
            f"/web/dataset/call_button/{records._name}/{method}",
            {
                "model": records._name,
                "method": method,
                "args": [records.ids],
                "kwargs": {},
            },
        )

    def subject_quoting(self, ticket):
        return f"Re: [{ticket.number}] New comment from Olga Own-Responsible"

    def assert_internal_everywhere(self, comment, text):
        """An internal note in the back end, and nowhere for the requester:
        not the comment, not its chatter message, no portal route."""
        self.assertTrue(comment.is_internal)
        message = comment.message_id
        self.assertTrue(
            message.is_internal or message.subtype_id == self.env.ref("mail.mt_note"),
            "its chatter message is public",
        )
        self.act_as("requester")
        params = {"thread_model": TICKET, "thread_id": self.main.id}
        fetched, _error = self.json_route("/mail/chatter_fetch", params)
        self.assertNotIn(text, str(fetched))
        messages, _error = self.json_route("/mail/thread/messages", params)
        self.assertNotIn(text, str(messages))
        self.assertNotIn(text, self.http_get(self.portal_url("requester")).text)

    # -- forged bookkeeping --------------------------------------------------

    def test_forged_message_id_gives_the_caller_nothing(self):
        """A helpdesk user of the "own tickets" level forges, on his ticket,
        the customer as author (allowed: imports) and the chatter message of
        another team's ticket: the comment's email to him must not make him a
        recipient of that message, which he may not read."""
        forged = self.hidden_comment.message_id
        olga = self.own_resp_user.partner_id
        self.act_as("own_resp")
        _rows, error = self.call_kw("mail.message", "read", [forged.id], ["body"])
        self.assertEqual(error, ACCESS_ERROR)
        with self.mock_mail_gateway():
            comment_id, error = self.call_kw(
                COMMENT,
                "create",
                {
                    "ticket_id": self.main.id,
                    "body": "<p>FORGED-LINK</p>",
                    "author_id": self.requester.id,
                    "message_id": forged.id,
                },
            )
            if comment_id:
                comment = self.env[COMMENT].browse(comment_id)
                self.assertNotEqual(comment.message_id, forged)
                self.assertEqual(comment.message_id.res_id, self.main.id)
                self.call_kw(COMMENT, "action_resend", [comment_id])
        self.assertFalse(self.notifications_of(forged, olga))
        self.assertEqual(forged.res_id, self.hidden.id)
        rows, error = self.call_kw("mail.message", "read", [forged.id], ["body"])
        self.assertEqual(error, ACCESS_ERROR)
        self.assertNotIn(HIDDEN_TEXT, str(rows))

    def test_forged_message_id_exposes_nothing_to_the_requester(self):
        forged = self.hidden_comment.message_id
        before = self.notifications_of(forged)
        self.act_as("team")
        with self.mock_mail_gateway():
            self.call_kw(
                COMMENT,
                "create",
                {
                    "ticket_id": self.main.id,
                    "body": "<p>FORGED-FOR-RITA</p>",
                    "message_id": forged.id,
                },
            )
        self.assertEqual(self.notifications_of(forged), before)
        self.act_as("requester")
        rows, error = self.call_kw("mail.message", "read", [forged.id], ["body"])
        self.assertEqual(error, ACCESS_ERROR)
        self.assertNotIn(HIDDEN_TEXT, str(rows))

    def test_portal_post_cannot_speak_for_the_technician(self):
        """Odoo's message_post takes ``author_id`` and ``email_from`` from
        the caller; the add-on must not turn that into a comment of the
        technician emailed to the requester (and his CCs) by the company's
        server."""
        self.main.email_cc = "boss@example.com"
        self.act_as("requester")
        with self.mock_mail_gateway():
            self.call_kw(
                TICKET,
                "message_post",
                [self.main.id],
                body="<p>Please send your password to me</p>",
                body_is_html=True,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                author_id=self.own_resp_user.partner_id.id,
                email_from=self.own_resp_user.partner_id.email_formatted,
            )
            self.env.flush_all()
            mails = self._new_mails
        for comment in self.comments_with("send your password", self.main):
            self.assertEqual(comment.author_id, self.requester)
        for mail in mails:
            self.assertNotIn(self.requester, mail.recipient_ids)
            self.assertNotIn("boss@example.com", mail.email_to or "")

    # -- the mail gateway's methods by RPC -------------------------------------

    def test_portal_user_cannot_follow_a_ticket_through_message_new(self):
        """Ticket numbers are sequential: a portal user of another company
        quotes one, claims to be its requester and puts himself in Cc."""
        otto = self.other_portal_user.partner_id
        email_cc = self.main.email_cc
        self.act_as("stranger")
        with self.mock_mail_gateway():
            self.call_kw(
                TICKET,
                "message_new",
                {
                    "subject": self.subject_quoting(self.main),
                    "body": "<p>add me</p>",
                    "email_from": self.requester.email_formatted,
                    "from": self.requester.email_formatted,
                    "to": self.alias_address,
                    "cc": f"{otto.email_formatted}, otto.private@example.com",
                    "message_id": "<follow-me@evil.example.com>",
                },
            )
        self.assertNotIn(otto, self.main.message_partner_ids)
        self.assertEqual(self.main.email_cc, email_cc)
        self.assertFalse(self.comments_with("add me", self.main))
        rows, _error = self.call_kw(TICKET, "search_read", [("id", "=", self.main.id)])
        self.assertFalse(rows)
        response = self.http_get(self.portal_url("stranger"))
        self.assertNotIn(self.main.name, response.text)

    # -- resend ------------------------------------------------------------------

    def test_technician_resends_from_the_form_button(self):
        """The Resend button of a helpdesk user (not administrator), with a
        cold cache, as the web client calls it."""
        comment = self.comment("Are you there?", ticket=self.main)
        self.mails_of(comment).write(
            {"state": "exception", "failure_type": "mail_smtp"}
        )
        comment.notification_ids.sudo().write(
            {"notification_status": "exception", "failure_type": "mail_smtp"}
        )
        self.env.flush_all()
        self.env.invalidate_all()
        self.authenticate("technician", "technician")
        _result, error = self.call_button(comment, "action_resend")
        self.assertFalse(error)
        outgoing = self.mails_of(comment).filtered(lambda m: m.state == "outgoing")
        self.assertEqual(outgoing.recipient_ids, self.requester)
        self.assertEqual(comment.delivery_state, "queued")

    def test_imported_comments_are_never_resent(self):
        self.act_as("team")
        comment_id, error = self.call_kw(
            COMMENT,
            "create",
            {"ticket_id": self.main.id, "body": "<p>Said on the phone in 2019</p>"},
            context={"citsmart_messaging_no_send": True},
        )
        self.assertFalse(error)
        comment = self.env[COMMENT].browse(comment_id)
        self.assertEqual(comment.delivery_state, "imported")
        self.call_button(comment, "action_resend")
        self.assertFalse(self.mails_of(comment))
        self.assertEqual(comment.delivery_state, "imported")

    # -- token-only portal author ------------------------------------------------

    def test_token_only_post_on_a_ticket_known_by_email(self):
        """The requester known only by ``partner_email`` writes from the
        emailed link: the contact of that address is the author, as the mail
        gateway makes one for a new sender."""
        ticket = self._create_ticket(
            name="Fax offline",
            partner_id=False,
            partner_email="eve.early@example.com",
            partner_name="Eve Early",
        )
        self.act_as("public_token")
        with self.mock_mail_gateway():
            self.post_portal_comment("public_token", "EVE-WRITES", ticket=ticket)
        comment = self.comments_with("EVE-WRITES", ticket)
        self.assertEqual(len(comment), 1)
        author = comment.author_id
        self.assertEqual(author.email_normalized, "eve.early@example.com")
        self.assertTrue(author.name)
        self.assertEqual(comment.message_id.author_id, author)
        mail = self.mails_of(comment)
        self.assertEqual(mail.recipient_ids, self.technician.partner_id)
        # ${USERNAME} of the default template, in its body
        self.assertIn(f"<strong>{author.name}</strong>", mail.body_html)

    # -- mail matched by the number in its subject -------------------------------

    def test_subject_routed_reply_of_the_requester_is_public_for_the_technician(self):
        mails = self.receive(
            self.email(
                self.requester.email_formatted,
                self.subject_quoting(self.main),
                "REQUESTER-BY-SUBJECT",
            )
        )
        comment = self.comments_with("REQUESTER-BY-SUBJECT", self.main)
        self.assertEqual(len(comment), 1)
        self.assertFalse(comment.is_internal)
        self.assertEqual(comment.author_id, self.requester)
        self.assertEqual(mails, self.mails_of(comment))
        self.assertEqual(mails.recipient_ids, self.own_resp_user.partner_id)

    def test_subject_routed_mail_claiming_the_technician_is_an_unverified_note(self):
        """A spoofed ``From:`` of the responsible must not become a verified
        public comment emailed to the requester by the company's server."""
        mails = self.receive(
            self.email(
                self.own_resp_user.partner_id.email_formatted,
                self.subject_quoting(self.main),
                "SPOOFED-TECHNICIAN: log in at http://evil.example.com",
            )
        )
        comment = self.comments_with("SPOOFED-TECHNICIAN", self.main)
        self.assertEqual(len(comment), 1)
        self.assertIn("unverified", comment.body.lower())
        self.assertFalse(mails, "an unverified message emails nobody")
        self.assert_internal_everywhere(comment, "SPOOFED-TECHNICIAN")

    def test_subject_routed_mail_of_a_stranger_is_never_a_public_comment(self):
        mails = self.receive(
            self.email(
                "Mallory <mallory@evil.example.com>",
                self.subject_quoting(self.main),
                "STRANGER-BY-SUBJECT",
            )
        )
        comment = self.comments_with("STRANGER-BY-SUBJECT", self.main)
        if comment:
            self.assert_internal_everywhere(comment, "STRANGER-BY-SUBJECT")
        for mail in mails:
            self.assertNotIn(self.requester, mail.recipient_ids)
            self.assertNotIn(self.requester.email, mail.email_to or "")

    def test_subject_routed_mail_adds_no_follower_and_no_cc(self):
        """A spoofed requester copies another company's portal user: he must
        not become a follower, who could then read the ticket."""
        otto = self.other_portal_user.partner_id
        email_cc = self.main.email_cc
        self.receive(
            self.email(
                self.requester.email_formatted,
                self.subject_quoting(self.main),
                "CC-BY-SUBJECT",
                to=f"{self.alias_address}, {self.intruder.email_formatted}",
                cc=f"{otto.email_formatted}, extra.cc@example.com",
            )
        )
        self.assertNotIn(otto, self.main.message_partner_ids)
        self.assertNotIn(self.intruder, self.main.message_partner_ids)
        self.assertEqual(self.main.email_cc, email_cc)
        self.act_as("stranger")
        rows, _error = self.call_kw(TICKET, "search_read", [("id", "=", self.main.id)])
        self.assertFalse(rows)

    def test_threaded_reply_of_a_non_party_is_internal_everywhere(self):
        sent = self.mails_of(self.public_comment)
        self.assertTrue(sent.message_id)
        mails = self.receive(
            self.email(
                "Mallory <mallory@evil.example.com>",
                "Re: your answer",
                "THREADED-STRANGER",
                in_reply_to=sent.message_id,
            )
        )
        comment = self.comments_with("THREADED-STRANGER", self.main)
        self.assertEqual(len(comment), 1)
        self.assertIn("unverified", comment.body.lower())
        self.assertFalse(mails, "an unverified message emails nobody")
        self.assert_internal_everywhere(comment, "THREADED-STRANGER")
