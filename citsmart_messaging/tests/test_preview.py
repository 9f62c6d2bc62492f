# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import format_datetime

from .common import MessagingCommon


@tagged("post_install", "-at_install")
class TestPreview(MessagingCommon):
    """Odoo's template preview renders a messaging template as its email."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sample = (
            cls.env["helpdesk.ticket.comment"]
            .with_context(citsmart_messaging_no_send=True)
            .create(
                {
                    "ticket_id": cls.ticket.id,
                    "body": "<p>Sample text</p>",
                    "author_id": cls.technician.partner_id.id,
                }
            )
        )

    def preview(self, template=None, user=None):
        self.env.invalidate_all()
        return Form(
            self.env["mail.template.preview"]
            .with_user(user or self.user_admin)
            .with_context(default_mail_template_id=(template or self.template).id)
        )

    def test_keys_recipients_and_time_zone_of_the_newest_public_comment(self):
        self.comment("<p>Between us</p>", is_internal=True)
        form = self.preview()
        self.assertEqual(form.resource_ref, f"helpdesk.ticket.comment,{self.sample.id}")
        self.assertEqual(
            form.subject,
            f"[{self.ticket.number}] New comment from Tereza Technician",
        )
        self.assertIn("<p>Sample text</p>", form.body_html)
        self.assertNotIn("${", form.body_html)
        self.assertEqual(form.partner_ids[:], self.requester)
        # the requester's time zone, which the form shows
        self.assertEqual(form.messaging_tz, "America/Sao_Paulo")
        self.assertFalse(form.error_msg)

    def test_time_zone_and_language_can_be_chosen(self):
        self.template.with_context(lang="pt_BR").subject = "Chamado ${IDSERVICEREQUEST}"
        form = self.preview()
        form.lang = "pt_BR"
        self.assertEqual(form.subject, f"Chamado {self.ticket.number}")
        form.messaging_tz = "Asia/Tokyo"
        tokyo = format_datetime(
            self.env, self.sample.create_date, tz="Asia/Tokyo", lang_code="pt_BR"
        )
        self.assertIn(tokyo, form.body_html)

    def test_render_error_is_shown_and_cannot_be_sent(self):
        broken = self.template.copy()
        # Odoo refuses a template that fails for the first record it tries;
        # this one fails only for some comments
        broken.subject = (
            "{{ object.ticket_id.name if 'boom' not in object.body else object.nope }}"
        )
        boom = self.sample.copy({"body": "<p>boom</p>"})
        form = self.preview(broken)
        form.resource_ref = f"helpdesk.ticket.comment,{boom.id}"
        self.assertIn("failed to render", form.error_msg)
        with self.assertRaises(UserError):
            form.save().action_messaging_send_test()

    def test_send_test_to_me(self):
        wizard = self.preview().save()
        with self.mock_mail_gateway():
            wizard.action_messaging_send_test()
        self.assertEqual(len(self._new_mails), 1)
        mail = self._new_mails
        self.assertEqual(mail.email_to, self.user_admin.email_formatted)
        self.assertTrue(mail.subject.startswith("[Test] ["))
        self.assertIn("Sample text", mail.body_html)
        # a test never touches the ticket's thread
        self.assertNotEqual(mail.model, "helpdesk.ticket")

    def test_other_templates_keep_odoo_preview(self):
        other = self.env.ref("helpdesk_mgmt.closed_ticket_template")
        form = self.preview(other)
        self.assertFalse(form.messaging_template)
        first = self.env["helpdesk.ticket"].search([], limit=1)
        self.assertEqual(form.resource_ref, f"helpdesk.ticket,{first.id}")
        self.assertTrue(form.body_html)

    def test_rendered_with_the_users_rights(self):
        # a helpdesk user previews a comment he may read, but may not send
        # mails, which are for administrators
        wizard = self.preview(user=self.technician).save()
        self.assertIn("Sample text", wizard.body_html)
        with self.assertRaises(AccessError):
            wizard.action_messaging_send_test()
        # an employee who does not follow the ticket may not read its comments
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self.env["mail.template.preview"].with_user(self.user_employee).create(
                {
                    "mail_template_id": self.template.id,
                    "resource_ref": f"helpdesk.ticket.comment,{self.sample.id}",
                }
            ).read(["body_html"])
