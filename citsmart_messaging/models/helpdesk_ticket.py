# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .helpdesk_ticket_comment import POSTING_KEY

# Set while a public comment's chatter entry is posted: the comment's own
# email replaces Odoo's notification of followers.
MUTE_KEY = "citsmart_messaging_mute"


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    comment_ids = fields.One2many(
        "helpdesk.ticket.comment", "ticket_id", string="Comments"
    )
    comment_count = fields.Integer(compute="_compute_comment_count")

    @api.depends("comment_ids")
    def _compute_comment_count(self):
        counts = dict(
            self.env["helpdesk.ticket.comment"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.comment_count = counts.get(ticket, 0)

    def _messaging_comment_visibility(self, message_type, subtype_id):
        """Return "public" or "internal" when a post is a user's message that
        must become a comment, else False (tracking, logs, emails of stage
        templates, the add-on's own posts)."""
        if self.env.context.get(POSTING_KEY) or message_type != "comment":
            return False
        xmlid_to_id = self.env["ir.model.data"]._xmlid_to_res_id
        if subtype_id == xmlid_to_id("mail.mt_comment"):
            return "public"
        if subtype_id == xmlid_to_id("mail.mt_note"):
            return "internal"
        return False

    def message_post(self, **kwargs):
        subtype_id = kwargs.get("subtype_id")
        if not subtype_id and kwargs.get("subtype_xmlid"):
            subtype_id = self.env["ir.model.data"]._xmlid_to_res_id(
                kwargs["subtype_xmlid"]
            )
        visibility = len(self) == 1 and self._messaging_comment_visibility(
            kwargs.get("message_type", "notification"), subtype_id
        )
        if not visibility:
            return super().message_post(**kwargs)
        ticket = self.with_context(**{MUTE_KEY: visibility == "public"})
        message = super(HelpdeskTicket, ticket).message_post(**kwargs)
        # sudo: posting on the ticket already passed its access check
        # (_mail_post_access), which is what commenting requires
        self.env["helpdesk.ticket.comment"].sudo().create(
            {
                "ticket_id": self.id,
                "body": message.body,
                "author_id": message.author_id.id,
                "is_internal": visibility == "internal",
                "attachment_ids": [(6, 0, message.attachment_ids.ids)],
                "message_id": message.id,
            }
        )
        return message

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        if self.env.context.get(MUTE_KEY) or self.env.context.get(POSTING_KEY):
            return []
        return super()._notify_get_recipients(message, msg_vals=msg_vals, **kwargs)
