# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import MessagingCommon

LOGGER = "odoo.addons.citsmart_messaging.models.helpdesk_ticket_comment_mail"


@tagged("post_install", "-at_install")
class TestMisconfiguration(MessagingCommon):
    def assert_kept_not_sent(self, value, expected_words):
        self.set_parameter_417(value)
        with self.mock_mail_gateway(), self.assertLogs(LOGGER, "WARNING") as logs:
            comment = self.comment("Must not be lost")
        self.assertTrue(comment.exists())
        self.assertIn("Must not be lost", comment.body)
        self.assertFalse(self._new_mails)
        self.assertEqual(comment.delivery_state, "not_sent")
        self.assertIn(expected_words, comment.delivery_warning)
        self.assertIn(expected_words, "\n".join(logs.output))
        notice = self.ticket.message_ids.filtered(lambda m: "was not emailed" in m.body)
        self.assertTrue(notice)
        self.assertTrue(notice.subtype_id.internal or not notice.subtype_id)
        return comment

    def test_parameter_empty(self):
        self.assert_kept_not_sent("", "is empty")

    def test_parameter_not_a_number(self):
        self.assert_kept_not_sent("abc", "not the id number")

    def test_parameter_deleted_template(self):
        orphan = self.template.copy()
        orphan_id = orphan.id
        orphan.unlink()
        self.assert_kept_not_sent(str(orphan_id), "does not exist")

    def test_parameter_template_of_other_model(self):
        other = self.env.ref("helpdesk_mgmt.closed_ticket_template")
        self.assert_kept_not_sent(str(other.id), "helpdesk.ticket")

    def test_template_that_fails_to_render(self):
        self.template.subject = "{{ object.no_such_field.oops }}"
        with self.mock_mail_gateway(), self.assertLogs(LOGGER, "WARNING"):
            comment = self.comment("Still saved")
        self.assertTrue(comment.exists())
        self.assertFalse(self._new_mails)
        self.assertEqual(comment.delivery_state, "failed")
        self.assertIn("failed to render", comment.delivery_failure)
        self.assertIn("Rita Requester", comment.delivery_failure)

    def test_render_failure_isolated_in_batch(self):
        self.template.subject = (
            "{{ object.ticket_id.name if 'boom' not in object.body"
            " else object.no_field }}"
        )
        with self.mock_mail_gateway(), self.assertLogs(LOGGER, "WARNING"):
            good, bad = self.env["helpdesk.ticket.comment"].create(
                [
                    {"ticket_id": self.ticket.id, "body": "fine"},
                    {"ticket_id": self.ticket.id, "body": "boom"},
                ]
            )
        self.assertEqual(good.delivery_state, "queued")
        self.assertEqual(bad.delivery_state, "failed")
        self.assertEqual(len(self._new_mails), 1)

    def test_resend_after_fixing_parameter(self):
        comment = self.assert_kept_not_sent("abc", "not the id number")
        self.set_parameter_417(self.template.id)
        with self.mock_mail_gateway():
            comment.with_user(self.technician).action_resend()
        self.assertEqual(len(self._new_mails), 1)
        self.assertEqual(comment.delivery_state, "queued")
        self.assertFalse(comment.delivery_warning)
        self.assertEqual(len(self.ticket.comment_ids), 1)
