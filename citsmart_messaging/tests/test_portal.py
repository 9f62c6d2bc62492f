# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import html
import re
from urllib.parse import urlsplit

from markupsafe import Markup

from odoo.tests import HttpCase, tagged

from ..models.helpdesk_ticket import PORTAL_BODY_MAX_CHARS
from .common import MessagingCommon

SECRET = "SECRET-NOTE-4242"


@tagged("post_install", "-at_install")
class TestPortalMessaging(MessagingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Comment = cls.env["helpdesk.ticket.comment"].with_context(
            citsmart_messaging_no_send=True
        )
        cls.answer = Comment.create(
            {
                "ticket_id": cls.ticket.id,
                "body": Markup("<p>Please restart the printer</p>"),
                "author_id": cls.technician.partner_id.id,
            }
        )
        Comment.create(
            {
                "ticket_id": cls.ticket.id,
                "body": Markup(f"<p>{SECRET}</p>"),
                "author_id": cls.technician.partner_id.id,
                "is_internal": True,
            }
        )
        cls.token = cls.ticket._portal_ensure_token()
        cls.page = f"/my/ticket/{cls.ticket.id}"

    def csrf_token(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def post_comment(self, body, page=None, access_token=None, csrf=True, files=None):
        data = {"body": body}
        if csrf:
            data["csrf_token"] = self.csrf_token(page or self.page)
        if access_token:
            data["access_token"] = access_token
        return self.url_open(
            f"/my/ticket/{self.ticket.id}/comment", data=data, files=files
        )

    def new_comments(self):
        return (
            self.ticket.comment_ids
            - self.answer
            - self.ticket.comment_ids.filtered("is_internal")
        )

    def test_page_shows_public_thread_never_internal_notes(self):
        self.authenticate("requester", "requester")
        response = self.url_open(self.page)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Please restart the printer", response.text)
        self.assertIn("Tereza Technician", response.text)
        self.assertNotIn(SECRET, response.text)
        self.assertIn(f'action="/my/ticket/{self.ticket.id}/comment"', response.text)

    def test_post_creates_comment_and_emails_technician(self):
        self.authenticate("requester", "requester")
        with self.mock_mail_gateway():
            response = self.post_comment("Still broken\nSecond line")
        self.assertEqual(response.status_code, 200)
        self.assertIn("messaging=sent", response.url)
        self.assertIn("Your message was added to the ticket", response.text)
        comment = self.new_comments()
        self.assertEqual(len(comment), 1)
        self.assertEqual(comment.author_id, self.requester)
        self.assertFalse(comment.is_internal)
        self.assertIn("Still broken<br>Second line", comment.body)
        mail = self.mails_of(comment)
        self.assertEqual(mail.recipient_ids, self.technician.partner_id)
        self.assertIn("Still broken", mail.body_html)
        self.assertEqual(self._new_mails, mail)

    def test_post_with_attachment(self):
        self.authenticate("requester", "requester")
        with self.mock_mail_gateway():
            self.post_comment(
                "See the photo",
                files={"attachments": ("photo.txt", b"pixels", "text/plain")},
            )
        comment = self.new_comments()
        self.assertEqual(comment.attachment_ids.mapped("name"), ["photo.txt"])
        self.assertEqual(comment.attachment_ids.raw, b"pixels")
        self.assertEqual(self.mails_of(comment).attachment_ids, comment.attachment_ids)
        page = self.url_open(self.page).text
        self.assertIn("photo.txt", page)

    def test_empty_body_is_refused_on_the_ticket_page(self):
        self.authenticate("requester", "requester")
        response = self.post_comment("   \n  ")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(urlsplit(response.url).path, self.page)
        self.assertIn("Your message is empty", response.text)
        self.assertFalse(self.new_comments())
        # shown once
        self.assertNotIn("Your message is empty", self.url_open(self.page).text)

    def test_refused_text_is_kept_in_the_form_never_in_the_url(self):
        self.authenticate("requester", "requester")
        text = "Kept <b>as typed</b> " + "x" * PORTAL_BODY_MAX_CHARS
        response = self.post_comment(text)
        self.assertEqual(urlsplit(response.url).path, self.page)
        self.assertNotIn("typed", response.url)
        self.assertIn("Your message is too long", response.text)
        textarea = re.search(
            r'<textarea id="citsmart_messaging_body"[^>]*>([^<]*)</textarea>',
            response.text,
        )
        self.assertEqual(html.unescape(textarea.group(1)), text)
        self.assertFalse(self.new_comments())

    def test_refusal_with_a_token_stays_on_the_token_page(self):
        page = f"{self.page}?access_token={self.token}"
        response = self.post_comment("  ", page=page, access_token=self.token)
        self.assertEqual(urlsplit(response.url).path, self.page)
        self.assertIn(f"access_token={self.token}", response.url)
        self.assertIn("Your message is empty", response.text)

    def test_long_html_body_is_stored_sanitized_and_shown_escaped(self):
        self.authenticate("requester", "requester")
        body = "<script>alert('x')</script>" + "a" * (1024 * 1024)
        with self.mock_mail_gateway():
            self.post_comment(body)
        comment = self.new_comments()
        self.assertEqual(len(comment), 1)
        self.assertNotIn("<script>", comment.body)
        response = self.url_open(self.page)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("<script>alert('x')", response.text)
        self.assertIn("&lt;script&gt;", response.text)

    def test_other_users_ticket_shows_nothing_and_accepts_nothing(self):
        self.authenticate("otherportal", "otherportal")
        response = self.url_open(self.page)
        self.assertTrue(response.url.endswith("/my"), response.url)
        self.assertNotIn("Please restart the printer", response.text)
        self.assertNotIn(self.ticket.name, response.text)
        csrf = self.csrf_token("/my")
        response = self.url_open(
            f"/my/ticket/{self.ticket.id}/comment",
            data={"body": "intrusion", "csrf_token": csrf},
        )
        self.assertTrue(response.url.endswith("/my"), response.url)
        self.assertFalse(self.new_comments())

    def test_visitor_with_token_comments_as_the_requester(self):
        page = f"{self.page}?access_token={self.token}"
        response = self.url_open(page)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Please restart the printer", response.text)
        self.assertNotIn(SECRET, response.text)
        with self.mock_mail_gateway():
            response = self.post_comment(
                "From the email link", page=page, access_token=self.token
            )
        self.assertIn(f"access_token={self.token}", response.url)
        comment = self.new_comments()
        self.assertEqual(comment.author_id, self.requester)
        self.assertEqual(
            self.mails_of(comment).recipient_ids, self.technician.partner_id
        )

    def test_visitor_with_wrong_or_missing_token_gets_nothing(self):
        response = self.url_open(f"{self.page}?access_token=wrong")
        self.assertNotIn("Please restart the printer", response.text)
        csrf = self.csrf_token("/web/login")
        for token in ("wrong", None):
            data = {"body": "intrusion", "csrf_token": csrf}
            if token:
                data["access_token"] = token
            response = self.url_open(f"/my/ticket/{self.ticket.id}/comment", data=data)
            self.assertNotIn("Please restart the printer", response.text)
        self.assertFalse(self.new_comments())

    def test_missing_csrf_token_is_rejected(self):
        self.authenticate("requester", "requester")
        response = self.post_comment("no csrf", csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.new_comments())

    def test_json_routes_never_return_internal_notes(self):
        self.authenticate("requester", "requester")
        fetched = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {"thread_model": "helpdesk.ticket", "thread_id": self.ticket.id},
        )
        self.assertIn("Please restart the printer", str(fetched))
        self.assertNotIn(SECRET, str(fetched))
        messages = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "helpdesk.ticket", "thread_id": self.ticket.id},
        )
        self.assertNotIn(SECRET, str(messages))
        self.logout()
        fetched = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {
                "thread_model": "helpdesk.ticket",
                "thread_id": self.ticket.id,
                "token": self.token,
            },
        )
        self.assertNotIn(SECRET, str(fetched))

    def test_portal_chatter_post_becomes_a_comment(self):
        self.authenticate("requester", "requester")
        with self.mock_mail_gateway():
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "helpdesk.ticket",
                    "thread_id": self.ticket.id,
                    "post_data": {
                        "body": "Posted through the chatter",
                        "message_type": "comment",
                        "subtype_xmlid": "mail.mt_comment",
                    },
                },
            )
        comment = self.new_comments()
        self.assertEqual(len(comment), 1)
        self.assertEqual(comment.author_id, self.requester)
        self.assertEqual(
            self.mails_of(comment).recipient_ids, self.technician.partner_id
        )
        self.assertEqual(len(self._new_mails), 1)

    def test_ticket_list_shows_answers_awaiting_reply(self):
        self.authenticate("requester", "requester")
        response = self.url_open("/my/tickets")
        self.assertIn("1 awaiting your reply", response.text)
        with self.mock_mail_gateway():
            self.post_comment("Thanks")
        self.assertNotIn("awaiting your reply", self.url_open("/my/tickets").text)
