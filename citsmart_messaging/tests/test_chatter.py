# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo.tests import tagged

from .common import MessagingCommon


@tagged("post_install", "-at_install")
class TestChatter(MessagingCommon):
    def test_send_message_makes_public_comment_and_one_email(self):
        # the requester follows the ticket, as after a portal submission
        self.ticket.message_subscribe(partner_ids=self.requester.ids)
        with self.mock_mail_gateway():
            message = self.ticket.with_user(self.technician).message_post(
                body=Markup("<p>Fixed it</p>"),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        comment = self.ticket.comment_ids
        self.assertEqual(len(comment), 1)
        self.assertEqual(comment.message_id, message)
        self.assertFalse(comment.is_internal)
        self.assertEqual(comment.author_id, self.technician.partner_id)
        # one email, ours: the follower gets no standard notification
        self.assertEqual(len(self._new_mails), 1)
        self.assertEqual(self._new_mails.recipient_ids, self.requester)
        self.assertTrue(self._new_mails.messaging_subject)
        self.assertEqual(self.ticket.comment_count, 1)

    def test_log_note_makes_internal_comment_without_email(self):
        self.ticket.message_subscribe(partner_ids=self.requester.ids)
        with self.mock_mail_gateway():
            self.ticket.with_user(self.technician).message_post(
                body=Markup("<p>Between us</p>"),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        comment = self.ticket.comment_ids
        self.assertTrue(comment.is_internal)
        self.assertFalse(
            self._new_mails.filtered(lambda m: self.requester in m.recipient_ids)
        )
        self.assertEqual(comment.delivery_state, "not_sent")

    def test_tracking_and_logs_never_become_comments(self):
        with self.mock_mail_gateway():
            self.ticket.with_user(self.technician).write({"user_id": self.leader.id})
            self.flush_tracking()
            self.ticket._message_log(body=Markup("<p>log</p>"))
            self.ticket.message_post(body="System notice")  # notification type
        self.assertFalse(self.ticket.comment_ids)

    def test_stage_template_email_never_becomes_comment(self):
        stage = self.env["helpdesk.ticket.stage"].create(
            {
                "name": "Closed with mail",
                "closed": True,
                "mail_template_id": self.env.ref(
                    "helpdesk_mgmt.closed_ticket_template"
                ).id,
            }
        )
        with self.mock_mail_gateway():
            self.ticket.stage_id = stage
            self.flush_tracking()
        self.assertFalse(self.ticket.comment_ids)

    def test_comment_appears_in_chatter(self):
        comment = self.comment("<p>Visible in chatter</p>")
        message = comment.message_id
        self.assertIn(message, self.ticket.message_ids)
        self.assertIn("Visible in chatter", message.body)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertEqual(message.author_id, self.technician.partner_id)

    def test_explicit_recipients_are_notified_as_in_stock_odoo(self):
        """Followers are muted, but a partner named in the composer gets
        Odoo's own notification, besides the requester's comment email."""
        self.ticket.message_subscribe(partner_ids=self.requester.ids)
        with self.mock_mail_gateway():
            self.ticket.with_user(self.technician).message_post(
                body=Markup("<p>Leo, look at this</p>"),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=self.leader.partner_id.ids,
            )
        self.assertEqual(
            self._new_mails.recipient_ids, self.requester + self.leader.partner_id
        )
        self.assertEqual(
            len(self._new_mails.filtered(lambda m: self.requester in m.recipient_ids)),
            1,
        )

    def test_technician_out_of_office_reply_reaches_the_requester(self):
        self.technician.write(
            {
                "out_of_office_from": "2020-01-01 00:00:00",
                "out_of_office_message": "<p>Back on Monday</p>",
            }
        )
        with self.mock_mail_gateway():
            self.comment("Still broken", author=self.requester, user=self.env.user)
        out_of_office = self.ticket.message_ids.filtered(
            lambda m: m.message_type == "out_of_office"
        )
        self.assertEqual(len(out_of_office), 1)
        self.assertTrue(
            self._new_mails.filtered(
                lambda m: (
                    self.requester in m.recipient_ids
                    and m.mail_message_id == out_of_office
                )
            )
        )
        self.assertFalse(
            self.ticket.comment_ids.filtered(
                lambda c: c.author_id == self.technician.partner_id
            )
        )

    def test_requester_suggested_by_the_composer_gets_one_email(self):
        """Odoo 19's composer adds the suggested requester to the recipients:
        he still gets one email, the comment's."""
        with self.mock_mail_gateway():
            self.ticket.with_user(self.technician).message_post(
                body=Markup("<p>Your printer is repaired.</p>"),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=self.requester.ids,
            )
        comment = self.ticket.comment_ids
        self.assertEqual(len(comment), 1)
        to_requester = self._new_mails.filtered(
            lambda m: self.requester in m.recipient_ids
        )
        self.assertEqual(to_requester, self.mails_of(comment))
        self.assertEqual(comment.delivery_state, "queued")
