# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.base.models.res_partner import _tz_get

COMMENT_MODEL = "helpdesk.ticket.comment"


class MailTemplatePreview(models.TransientModel):
    """Odoo's template preview, rendering a messaging template the way a
    comment's email is made: per recipient language and time zone, the
    ``${...}`` keys substituted."""

    _inherit = "mail.template.preview"

    messaging_template = fields.Boolean(
        string="Ticket messaging template", compute="_compute_messaging_template"
    )
    messaging_tz = fields.Selection(
        _tz_get,
        string="Time zone",
        compute="_compute_messaging_tz",
        store=True,
        readonly=False,
        help="Dates of the email are shown in this time zone: the recipient's.",
    )

    @api.depends("mail_template_id")
    def _compute_messaging_template(self):
        for preview in self:
            preview.messaging_template = preview.mail_template_id.model == COMMENT_MODEL

    @api.depends("resource_ref")
    def _compute_messaging_tz(self):
        for preview in self:
            partner = preview._messaging_recipients()[0][:1]
            preview.messaging_tz = partner.tz or self.env.user.tz or "UTC"

    @api.depends("mail_template_id")
    def _compute_resource_ref(self):
        ours = self.filtered("messaging_template")
        res = super(MailTemplatePreview, self - ours)._compute_resource_ref()
        # a public comment: internal notes are never emailed
        comment = self.env[COMMENT_MODEL].search([("is_internal", "=", False)], limit=1)
        for preview in ours:
            preview.resource_ref = f"{COMMENT_MODEL},{comment.id}" if comment else False
        return res

    @api.depends("lang", "resource_ref", "messaging_tz")
    def _compute_mail_template_fields(self):
        ours = self.filtered("messaging_template")
        res = super(MailTemplatePreview, self - ours)._compute_mail_template_fields()
        for preview in ours:
            preview._messaging_preview()
        return res

    def _messaging_comment(self):
        self.ensure_one()
        ref = self.resource_ref
        if self.messaging_template and ref and ref._name == COMMENT_MODEL:
            return ref
        return self.env[COMMENT_MODEL]

    def _messaging_recipients(self):
        """``(partners, addresses)`` the comment is emailed to."""
        comment = self._messaging_comment()
        if not comment:
            return self.env["res.partner"], []
        return comment._messaging_recipients()

    def _messaging_preview(self):
        """Fill the preview as the chosen comment's email; rendered with the
        user's rights, on a comment he may read."""
        self.ensure_one()
        self._set_mail_attributes()
        self.error_msg = False
        comment = self._messaging_comment()
        if not comment:
            return
        partners, addresses = self._messaging_recipients()
        lang = self.lang or partners[:1].lang or self.env.user.lang or "en_US"
        rendered, errors = comment._messaging_render(
            self.mail_template_id, lang, self.messaging_tz
        )
        if errors:
            self.error_msg = errors[comment.id]
            return
        subject, body = rendered[comment.id]
        self.update(
            {
                "subject": subject,
                "body_html": body,
                "partner_ids": partners,
                "email_to": ", ".join(addresses),
                "email_from": comment.message_id.email_from,
                "reply_to": comment.message_id.reply_to,
            }
        )

    def action_messaging_send_test(self):
        """Email the preview to the current user, outside any ticket thread.
        No sudo: creating mails is for administrators."""
        self.ensure_one()
        if self.error_msg or not self._messaging_comment():
            raise UserError(
                self.error_msg or self.env._("Choose a comment to preview.")
            )
        if not self.env.user.email:
            raise UserError(self.env._("Your user has no email address."))
        self.env["mail.mail"].create(
            {
                "subject": self.env._("[Test] %s", self.subject),
                "body_html": Markup(self.body_html or ""),
                "email_from": self.env.company.email_formatted
                or self.env.user.email_formatted,
                "email_to": self.env.user.email_formatted,
                "auto_delete": True,
            }
        )._messaging_send_soon()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "A test email was queued for %s.", self.env.user.email
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
