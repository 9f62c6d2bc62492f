# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..tools.keys import (
    VALUES_VARIABLE,
    find_keys,
    keys_to_inline_template,
    keys_to_qweb,
)
from .helpdesk_ticket_comment import MESSAGING_KEYS, TEMPLATE_MODEL


class MailTemplate(models.Model):
    _inherit = "mail.template"

    messaging_unknown_keys = fields.Char(
        compute="_compute_messaging_unknown_keys",
        help="${...} keys of this template that ticket messaging does not know: "
        "they would be sent as typed.",
    )

    @api.depends("model", "subject", "body_html")
    def _compute_messaging_unknown_keys(self):
        Comment = self.env[TEMPLATE_MODEL]
        for template in self:
            keys = []
            if template.model == TEMPLATE_MODEL:
                keys = Comment._messaging_unknown_keys(
                    template.subject, template.body_html
                )
            template.messaging_unknown_keys = ", ".join(f"${{{key}}}" for key in keys)

    def _render_template(
        self,
        template_src,
        model,
        res_ids,
        engine="inline_template",
        add_context=None,
        options=None,
    ):
        """On ticket comments, the ``${KEY}`` the template's author wrote
        become Odoo's own syntax reading the values from the rendering
        context: Odoo escapes them, and never evaluates or scans them. Any
        rendering of such a template (sending, Odoo's preview) gets them."""
        keys = find_keys(template_src) & MESSAGING_KEYS.keys()
        if model == TEMPLATE_MODEL and keys and engine in ("qweb", "inline_template"):
            html = engine == "qweb"
            convert = keys_to_qweb if html else keys_to_inline_template
            template_src = convert(template_src, keys)
            values = self.env[model].browse(res_ids)._messaging_key_values(keys, html)
            add_context = {**(add_context or {}), VALUES_VARIABLE: values}
        return super()._render_template(
            template_src,
            model,
            res_ids,
            engine=engine,
            add_context=add_context,
            options=options,
        )
