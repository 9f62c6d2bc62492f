# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .helpdesk_ticket_comment import TEMPLATE_MODEL


def _as_keys(names):
    return ", ".join(f"${{{name}}}" for name in names)


class MailTemplate(models.Model):
    _inherit = "mail.template"

    messaging_unknown_keys = fields.Char(
        compute="_compute_messaging_unknown_keys",
        help="${...} keys of this template that ticket messaging does not know: "
        "they would be sent as typed.",
    )
    # The keys are field values, never text of the view's arch: the web
    # client compiles arch text to JavaScript, where ${...} is evaluated.
    messaging_known_keys = fields.Char(
        string="Known keys", compute="_compute_messaging_unknown_keys"
    )

    @api.depends("model", "subject", "body_html")
    def _compute_messaging_unknown_keys(self):
        Comment = self.env[TEMPLATE_MODEL]
        known = _as_keys(sorted(Comment._messaging_known_keys()))
        for template in self:
            keys = []
            if template.model == TEMPLATE_MODEL:
                keys = Comment._messaging_unknown_keys(
                    template.subject, template.body_html
                )
            template.messaging_unknown_keys = _as_keys(keys)
            template.messaging_known_keys = known if keys else False
