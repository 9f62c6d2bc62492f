# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError


class HelpdeskTicketCommentPreview(models.TransientModel):
    _name = "helpdesk.ticket.comment.preview"
    _description = "Ticket messaging: template preview and test"

    template_id = fields.Many2one(
        "mail.template",
        required=True,
        domain=[("model", "=", "helpdesk.ticket.comment")],
        default=lambda self: self._default_template(),
    )
    comment_id = fields.Many2one(
        "helpdesk.ticket.comment",
        string="Comment",
        domain=[("is_internal", "=", False)],
        default=lambda self: self.env["helpdesk.ticket.comment"].search(
            [("is_internal", "=", False)], limit=1
        ),
        help="The email is previewed as it would be for this comment.",
    )
    lang = fields.Selection(
        selection=lambda self: self.env["res.lang"].get_installed(),
        string="Language",
        default=lambda self: self.env.lang or self.env.user.lang or "en_US",
        required=True,
    )
    subject = fields.Char(compute="_compute_preview")
    body_html = fields.Html(compute="_compute_preview", sanitize=False)
    error = fields.Char(compute="_compute_preview")

    @api.model
    def _default_template(self):
        if self.env.context.get("active_model") == "mail.template":
            return self.env.context.get("active_id")
        template, _problem = self.env["mail.template"]._messaging_template_417()
        return template.id

    @api.depends("template_id", "comment_id", "lang")
    def _compute_preview(self):
        for wizard in self:
            subject, body, error = wizard._render()
            wizard.subject, wizard.body_html, wizard.error = subject, body, error

    def _render(self):
        """``(subject, body, error)`` of the template for the chosen comment,
        language and the current user's time zone."""
        self.ensure_one()
        if not (self.template_id and self.comment_id):
            return False, False, False
        # sudo: rendered as for sending, which the comment's author does
        comment = self.comment_id.sudo()
        rendered, errors = comment._messaging_render(
            self.template_id.sudo(), self.lang, self.env.user.tz
        )
        if errors:
            return False, False, errors[comment.id]
        subject, body = rendered[comment.id]
        return subject, body, False

    def action_send_test(self):
        """Email the preview to the current user, outside any ticket thread."""
        self.ensure_one()
        subject, body, error = self._render()
        if error or not subject:
            raise UserError(error or self.env._("Choose a template and a comment."))
        if not self.env.user.email:
            raise UserError(self.env._("Your user has no email address."))
        # sudo: mail.mail is restricted; this wizard is for administrators
        self.env["mail.mail"].sudo().create(
            {
                "subject": self.env._("[Test] %s", subject),
                "body_html": Markup(body),
                "email_from": self.env.company.email_formatted
                or self.env.user.email_formatted,
                "email_to": self.env.user.email_formatted,
                "auto_delete": True,
            }
        )
        self.env["helpdesk.ticket.comment"]._messaging_trigger_queue()
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
