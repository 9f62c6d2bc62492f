# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.tools import consteq, plaintext2html

from .helpdesk_ticket_comment import POSTING_KEY

# Set while a public comment's chatter entry is posted: the comment's own
# email replaces Odoo's notification of followers.
MUTE_KEY = "citsmart_messaging_mute"
# A portal comment larger than this is refused rather than stored.
PORTAL_BODY_MAX_CHARS = 2 * 1024 * 1024


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    comment_ids = fields.One2many(
        "helpdesk.ticket.comment", "ticket_id", string="Comments"
    )
    comment_count = fields.Integer(compute="_compute_comment_count")
    messaging_requester_failed = fields.Boolean(
        compute="_compute_messaging_requester_failed",
        help="The last email of a comment to the requester failed.",
    )

    @api.depends("comment_ids")
    def _compute_comment_count(self):
        counts = dict(
            self.env["helpdesk.ticket.comment"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.comment_count = counts.get(ticket, 0)

    @api.depends("comment_ids.delivery_state")
    def _compute_messaging_requester_failed(self):
        for ticket in self:
            to_requester = ticket.comment_ids.filtered(
                lambda c: (
                    not c.is_internal
                    and c.delivery_state != "not_sent"
                    and not c._messaging_is_from_requester()
                )
            )
            last = to_requester.sorted(lambda c: (c.create_date, c.id))[-1:]
            ticket.messaging_requester_failed = last.delivery_state == "failed"

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

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------

    def _messaging_public_comments(self):
        """Public comments, oldest first: all a requester may see. The portal
        hands templates a sudo ticket, so internal notes are filtered here."""
        self.ensure_one()
        return self.comment_ids.filtered(lambda c: not c.is_internal).sorted(
            lambda c: (c.create_date, c.id)
        )

    def _messaging_awaiting_reply_counts(self):
        """Return ``{ticket id: number of public comments from the technician
        side since the requester last wrote}``."""
        comments = (
            self.env["helpdesk.ticket.comment"]
            .sudo()
            .search(
                [("ticket_id", "in", self.ids), ("is_internal", "=", False)],
                order="create_date desc, id desc",
            )
        )
        counts = dict.fromkeys(self.ids, 0)
        answered = set()
        for comment in comments:
            ticket_id = comment.ticket_id.id
            if ticket_id in answered:
                continue
            if comment._messaging_is_from_requester():
                answered.add(ticket_id)
            else:
                counts[ticket_id] += 1
        return counts

    @api.model
    def _messaging_portal_post(self, ticket_id, body, access_token=None, files=()):
        """Create a public comment as the requester, from the portal.

        Access is what the portal page itself requires: the ticket readable by
        the current user, or a valid access token. ``files`` are
        ``(name, content, mimetype)`` tuples. Raise AccessError/MissingError
        for no access, UserError for a comment that cannot be accepted."""
        ticket_sudo = self.sudo().browse(ticket_id).exists()
        if not ticket_sudo:
            raise MissingError(self.env._("This ticket does not exist."))
        author = self.env.user.partner_id
        if not self.browse(ticket_id).has_access("read"):
            if not (
                access_token
                and ticket_sudo.access_token
                and consteq(ticket_sudo.access_token, access_token)
            ):
                raise AccessError(self.env._("You cannot comment on this ticket."))
            if self.env.user._is_public():
                author = ticket_sudo.partner_id
        text = (body or "").strip()
        if not text:
            raise UserError(self.env._("Your message is empty."))
        if len(text) > PORTAL_BODY_MAX_CHARS:
            raise UserError(self.env._("Your message is too long."))
        # sudo: access was checked above; portal users have no create right
        # on comments and attachments of tickets
        attachments = self.env["ir.attachment"].sudo()
        for name, content, mimetype in files:
            if content:
                attachments += attachments.create(
                    {
                        "name": name or "attachment",
                        "raw": content,
                        "mimetype": mimetype,
                        "res_model": self._name,
                        "res_id": ticket_sudo.id,
                    }
                )
        return (
            self.env["helpdesk.ticket.comment"]
            .sudo()
            .create(
                {
                    "ticket_id": ticket_sudo.id,
                    "body": plaintext2html(text),
                    "author_id": author.id,
                    "is_internal": False,
                    "attachment_ids": [(6, 0, attachments.ids)],
                }
            )
        )
