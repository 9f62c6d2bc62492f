# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A comment is its chatter message: edits and deletions in the chatter, over
the web client's own route, reach the comment, the portal page and the
history of later emails."""

from markupsafe import Markup

from odoo.tests import HttpCase, tagged

from .common import MessagingCommon


@tagged("post_install", "-at_install")
class TestChatterEdits(MessagingCommon, HttpCase):
    def post_as_technician(self, text):
        with self.mock_mail_gateway():
            return self.ticket.with_user(self.technician).message_post(
                body=Markup(f"<p>{text}</p>"),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    def update_content(self, message, body):
        self.env.invalidate_all()
        self.authenticate("technician", "technician")
        return self.make_jsonrpc_request(
            "/mail/message/update_content",
            {
                "message_id": message.id,
                "update_data": {"body": body, "attachment_ids": []},
            },
        )

    def test_chatter_delete_removes_the_comment_everywhere(self):
        message = self.post_as_technician("my password is hunter2")
        comment = self.ticket.comment_ids
        self.assertEqual(len(comment), 1)
        self.update_content(message, "")
        self.assertFalse(comment.exists())
        # not on the portal page
        self.authenticate("requester", "requester")
        page = self.url_open(f"/my/ticket/{self.ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("hunter2", page.text)
        # nor in the history of the next email
        self.template.body_html = "<div>${COMMENTHISTORY}</div>"
        with self.mock_mail_gateway():
            later = self.comment("Next answer")
        self.assertNotIn("hunter2", self.mails_of(later).body_html)

    def test_chatter_edit_updates_the_comment(self):
        message = self.post_as_technician("Restart the printre")
        comment = self.ticket.comment_ids
        self.update_content(message, "<p>Restart the printer</p>")
        self.env.invalidate_all()
        self.assertIn("Restart the printer", comment.body)
        self.assertNotIn("printre", comment.body)
