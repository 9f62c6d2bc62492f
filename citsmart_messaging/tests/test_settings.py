# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import PARAMETER_417, MessagingCommon


@tagged("post_install", "-at_install")
class TestSettings(MessagingCommon):
    def settings(self):
        return self.env["res.config.settings"].create({})

    def test_picker_shows_and_stores_template(self):
        settings = self.settings()
        self.assertEqual(settings.messaging_template_id, self.template)
        self.assertFalse(settings.messaging_problem)
        custom = self.template.copy({"name": "Other"})
        settings.messaging_template_id = custom
        settings.execute()
        value = self.env["ir.config_parameter"].sudo().get_param(PARAMETER_417)
        self.assertEqual(value, str(custom.id))

    def test_broken_value_is_shown_and_kept_on_save(self):
        self.set_parameter_417("abc")
        settings = self.settings()
        self.assertFalse(settings.messaging_template_id)
        self.assertEqual(settings.messaging_parameter_raw, "abc")
        self.assertIn("not the id number", settings.messaging_problem)
        settings.execute()
        value = self.env["ir.config_parameter"].sudo().get_param(PARAMETER_417)
        self.assertEqual(value, "abc")

    def test_warns_without_mail_server(self):
        self.env["ir.mail_server"].sudo().search([]).unlink()
        self.assertTrue(self.settings().messaging_no_mail_server)
        self.env["ir.mail_server"].sudo().create(
            {"name": "Loopback", "smtp_host": "127.0.0.1", "smtp_port": 2525}
        )
        self.assertFalse(self.settings().messaging_no_mail_server)

    def test_warns_without_catchall_and_leads_to_the_alias_domain(self):
        # with the catchall of the company's alias domain, replies come back
        self.assertFalse(self.settings().messaging_no_catchall)
        with self.mock_mail_gateway():
            comment = self.comment("<p>With a catchall</p>")
        self.assertEqual(
            self.mails_of(comment).reply_to,
            f'"Tereza Technician" <{self.env.company.catchall_email}>',
        )
        # without, Reply-To is the author's own address: Settings warns
        self.env.company.alias_domain_id = False
        settings = self.settings()
        self.assertTrue(settings.messaging_no_catchall)
        with self.mock_mail_gateway():
            comment = self.comment("<p>Without</p>")
        self.assertEqual(
            self.mails_of(comment).reply_to, self.technician.email_formatted
        )
        # the button leads to a setting that exists
        url = settings.action_messaging_alias_settings()["url"]
        anchor = url.split("#")[1]
        self.assertIn(
            f'id="{anchor}"',
            settings.get_views([(False, "form")])["views"]["form"]["arch"],
        )
