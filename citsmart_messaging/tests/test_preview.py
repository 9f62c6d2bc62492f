# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import MessagingCommon


@tagged("post_install", "-at_install")
class TestPreview(MessagingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sample = (
            cls.env["helpdesk.ticket.comment"]
            .with_context(citsmart_messaging_no_send=True)
            .create({"ticket_id": cls.ticket.id, "body": "<p>Sample text</p>"})
        )

    def wizard(self, **context):
        return Form(
            self.env["helpdesk.ticket.comment.preview"]
            .with_user(self.user_admin)
            .with_context(**context)
        )

    def test_preview_renders_the_parameter_417_template(self):
        form = self.wizard()
        self.assertEqual(form.template_id, self.template)
        form.comment_id = self.sample
        self.assertEqual(
            form.subject, f"[{self.ticket.number}] New comment from OdooBot"
        )
        self.assertIn("<p>Sample text</p>", form.body_html)
        self.assertFalse(form.error)

    def test_preview_in_another_language(self):
        self.template.with_context(lang="pt_BR").subject = "Chamado ${IDSERVICEREQUEST}"
        form = self.wizard()
        form.comment_id = self.sample
        form.lang = "pt_BR"
        self.assertEqual(form.subject, f"Chamado {self.ticket.number}")

    def test_preview_of_the_template_form_and_its_errors(self):
        broken = self.template.copy()
        # Odoo refuses a template that fails for the first record it tries;
        # this one fails only for some comments
        broken.subject = (
            "{{ object.ticket_id.name if 'boom' not in object.body else object.nope }}"
        )
        boom = self.sample.copy({"body": "<p>boom</p>"})
        form = self.wizard(active_model="mail.template", active_id=broken.id)
        self.assertEqual(form.template_id, broken)
        form.comment_id = boom
        self.assertIn("failed to render", form.error)
        with self.assertRaises(UserError):
            form.save().action_send_test()

    def test_send_test_to_me(self):
        form = self.wizard()
        form.comment_id = self.sample
        wizard = form.save()
        with self.mock_mail_gateway():
            wizard.action_send_test()
        self.assertEqual(len(self._new_mails), 1)
        mail = self._new_mails
        self.assertEqual(mail.email_to, self.user_admin.email_formatted)
        self.assertTrue(mail.subject.startswith("[Test] ["))
        self.assertIn("Sample text", mail.body_html)
        # a test never touches the ticket's thread
        self.assertNotEqual(mail.model, "helpdesk.ticket")
