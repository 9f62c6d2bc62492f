# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged
from odoo.tools import convert_file

from ..models.mail_template import MESSAGING_KEYS
from .common import PARAMETER_417, MessagingCommon


@tagged("post_install", "-at_install")
class TestInstall(MessagingCommon):
    def test_parameter_417_holds_default_template(self):
        value = self.env["ir.config_parameter"].sudo().get_param(PARAMETER_417)
        self.assertEqual(value, str(self.template.id))
        self.assertEqual(self.template.model, "helpdesk.ticket.comment")

    def test_default_template_uses_the_six_keys(self):
        text = self.template.subject + str(self.template.body_html)
        for key in (
            "IDSERVICEREQUEST",
            "COMMENTTEXT",
            "DATETIMECREATED",
            "USERNAME",
            "REQUESTERNAME",
            "REQUESTRESPONSIBLENAME",
        ):
            self.assertIn(f"${{{key}}}", text)
            self.assertIn(key, MESSAGING_KEYS)
        self.assertFalse(self.template.messaging_unknown_keys)

    def test_upgrade_keeps_parameter_417(self):
        chosen = self.template.copy({"name": "Admin's own template"})
        self.set_parameter_417(chosen.id)
        for filename in (
            "data/mail_template_data.xml",
            "data/ir_config_parameter_data.xml",
        ):
            convert_file(self.env, "citsmart_messaging", filename, {}, mode="update")
        value = self.env["ir.config_parameter"].sudo().get_param(PARAMETER_417)
        self.assertEqual(value, str(chosen.id))

    def test_install_function_sets_parameter_at_install(self):
        """The same data file, loaded in install mode, sets parameter 417."""
        self.set_parameter_417(False)
        convert_file(
            self.env,
            "citsmart_messaging",
            "data/ir_config_parameter_data.xml",
            {},
            mode="init",
        )
        value = self.env["ir.config_parameter"].sudo().get_param(PARAMETER_417)
        self.assertEqual(value, str(self.template.id))

    def test_install_hook_gives_older_tickets_their_token(self):
        """Tickets made before the install get their portal token at once, so
        that emailing ${TICKETURL} never writes a ticket row."""
        from .. import post_init_hook

        ticket = self._create_ticket(name="Before the install")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET access_token = NULL WHERE id = %s",
            [ticket.id],
        )
        ticket.invalidate_recordset(["access_token"])
        self.assertFalse(ticket.access_token)
        post_init_hook(self.env)
        ticket.invalidate_recordset(["access_token"])
        self.assertTrue(ticket.access_token)
