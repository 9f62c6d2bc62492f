# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .helpdesk_ticket_comment import TEMPLATE_MODEL
from .mail_template import PARAMETER_417


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # Not a config_parameter field: that would crash on a non-numeric value
    # and clear a broken one on every save; see get_values/set_values.
    messaging_template_id = fields.Many2one(
        "mail.template",
        string="Messaging email template",
        domain=[("model", "=", TEMPLATE_MODEL)],
    )
    messaging_parameter_raw = fields.Char(
        string="Parameter 417 (stored value)", readonly=True
    )
    messaging_problem = fields.Char(readonly=True)
    messaging_no_mail_server = fields.Boolean(readonly=True)
    # Without a catchall, Odoo's Reply-To falls back to the author's own
    # address: replies never reach the ticket.
    messaging_no_catchall = fields.Boolean(
        string="No catchall", compute="_compute_messaging_no_catchall"
    )

    @api.depends("alias_domain_id")
    def _compute_messaging_no_catchall(self):
        for settings in self:
            settings.messaging_no_catchall = not settings.alias_domain_id.catchall_email

    @api.model
    def get_values(self):
        res = super().get_values()
        template, problem = self.env["mail.template"]._messaging_template_417()
        # sudo: parameters and mail servers are read for the settings page,
        # which only administrators open
        res.update(
            messaging_template_id=template.id,
            messaging_parameter_raw=self.env["ir.config_parameter"]
            .sudo()
            .get_param(PARAMETER_417, ""),
            messaging_problem=problem or False,
            messaging_no_mail_server=not self.env["ir.mail_server"]
            .sudo()
            .search_count([], limit=1),
        )
        return res

    def set_values(self):
        res = super().set_values()
        template = self.messaging_template_id
        # an empty picker keeps whatever is stored: saving other settings
        # never clears parameter 417
        if template:
            # no sudo: settings are saved by administrators, who write
            # system parameters themselves
            params = self.env["ir.config_parameter"]
            if params.get_param(PARAMETER_417) != str(template.id):
                params.set_param(PARAMETER_417, template.id)
        return res

    def action_messaging_edit_template(self):
        self.ensure_one()
        template = self.messaging_template_id
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.template",
            "res_id": template.id,
            "view_mode": "form",
            "target": "current",
            "context": {"default_model": TEMPLATE_MODEL},
        }

    def action_messaging_preview_template(self):
        """Odoo's template preview, which renders messaging templates as
        their emails (see wizards/mail_template_preview.py)."""
        self.ensure_one()
        action = self.messaging_template_id.action_open_mail_preview()
        action["context"] = {"default_mail_template_id": self.messaging_template_id.id}
        return action

    def action_messaging_alias_settings(self):
        """General Settings, at the alias domain (the catchall's domain)."""
        return {
            "type": "ir.actions.act_url",
            "url": "/odoo/action-base_setup.action_general_configuration"
            "#email-alias-setting",
            "target": "self",
        }
