# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError

_logger = logging.getLogger(__name__)

TEMPLATE_MODEL = "helpdesk.ticket.comment"
# Context key of the public contract: create comments without any email
# (imports of old conversations).
NO_SEND_KEY = "citsmart_messaging_no_send"
# The lowest helpdesk group: all helpdesk users have it.
HELPDESK_USER_GROUP = "helpdesk_mgmt.group_helpdesk_user_own"

DELIVERY_STATES = [
    ("queued", "Queued"),
    ("sent", "Sent"),
    ("failed", "Failed"),
    ("not_sent", "Not sent"),
    ("imported", "Imported"),
]
# mail.notification status -> delivery state, worst first when aggregating
_NOTIFICATION_STATE = {
    "ready": "queued",
    "process": "queued",
    "pending": "queued",
    "sent": "sent",
    "bounce": "failed",
    "exception": "failed",
    "canceled": "not_sent",
}
_STATE_SEVERITY = ["failed", "queued", "sent", "not_sent"]
# What a caller may give at create; the rest is the comment's bookkeeping.
_CALLER_FIELDS = {"ticket_id", "body", "author_id", "is_internal", "attachment_ids"}


def _linked_ids(commands):
    """Ids of existing records that x2many ``commands`` link."""
    ids = []
    for command in commands or ():
        if isinstance(command, int):
            ids.append(command)
        elif command[0] == Command.LINK:
            ids.append(command[1])
        elif command[0] == Command.SET:
            ids += command[2]
    return ids


class HelpdeskTicketComment(models.Model):
    _name = "helpdesk.ticket.comment"
    _description = "Helpdesk Ticket Comment"
    _order = "create_date desc, id desc"
    _rec_name = "ticket_id"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, index=True, ondelete="cascade"
    )
    # precomputed: written by the INSERT, so that the record rules read by
    # the creation (the company rule) need no UPDATE before the chatter post
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, precompute=True
    )
    body = fields.Html(sanitize=True, sanitize_style=True)
    author_id = fields.Many2one(
        "res.partner",
        default=lambda self: self.env.user.partner_id,
        index=True,
        ondelete="set null",
    )
    is_internal = fields.Boolean(
        string="Internal Note",
        default=False,
        help="Internal notes are never shown or sent to the requester.",
    )
    imported = fields.Boolean(
        readonly=True,
        help="Created without email (an import of an old conversation).",
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Attachments")
    message_id = fields.Many2one(
        "mail.message",
        string="Chatter Message",
        readonly=True,
        copy=False,
        index="btree_not_null",
        # the comment is its chatter message: deleting one removes the other
        ondelete="cascade",
        help="The ticket's chatter entry this comment's emails belong to.",
    )
    notification_ids = fields.One2many(
        related="message_id.notification_ids", string="Recipients"
    )
    delivery_state = fields.Selection(
        DELIVERY_STATES,
        compute="_compute_delivery_state",
        store=True,
        index=True,
    )
    delivery_warning = fields.Text(
        readonly=True,
        copy=False,
        help="Why this comment was not emailed, when it could not be.",
    )
    delivery_failure = fields.Text(
        compute="_compute_delivery_failure",
        help="Recipients whose email failed, and why.",
    )

    _message_uniq = models.UniqueIndex(
        "(message_id) WHERE message_id IS NOT NULL",
        "A chatter message is the entry of one comment only.",
    )

    @api.depends(
        "is_internal", "imported", "message_id.notification_ids.notification_status"
    )
    def _compute_delivery_state(self):
        for comment in self:
            states = {
                _NOTIFICATION_STATE.get(notif.notification_status, "queued")
                for notif in comment.message_id.notification_ids
            }
            if comment.imported:
                comment.delivery_state = "imported"
            elif comment.is_internal or not states:
                comment.delivery_state = "not_sent"
            else:
                comment.delivery_state = next(
                    state for state in _STATE_SEVERITY if state in states
                )

    @api.depends("message_id.notification_ids.failure_reason")
    def _compute_delivery_failure(self):
        for comment in self:
            # sudo: notifications are Odoo's records; their reasons are the
            # comment's own delivery report
            failed = (
                comment.sudo()
                .message_id.notification_ids.filtered(
                    lambda n: n.notification_status in ("exception", "bounce")
                )
                .sorted("id")
            )
            comment.delivery_failure = "\n".join(
                ": ".join(
                    [
                        n.res_partner_id.name or n.mail_email_address,
                        n.failure_reason or n.format_failure_reason(),
                    ]
                )
                for n in failed
            )

    @api.depends("ticket_id", "author_id", "create_date")
    def _compute_display_name(self):
        for comment in self:
            comment.display_name = self.env._(
                "%(ticket)s: comment by %(author)s",
                ticket=comment.ticket_id.number or "",
                author=comment.author_id.name or "",
            )

    # ------------------------------------------------------------------
    # Creation: posting in the chatter, then emailing the other side
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        imported = bool(self.env.context.get(NO_SEND_KEY))
        vals_list = [self._messaging_caller_values(vals) for vals in vals_list]
        for vals in vals_list:
            vals["imported"] = imported
        if not self.env.su:
            # A comment is a post on its ticket: whoever may read the ticket may
            # comment on it (helpdesk_mgmt's _mail_post_access is "read"), with
            # attachments he may read.
            self.env["helpdesk.ticket"].browse(
                {vals["ticket_id"] for vals in vals_list if vals.get("ticket_id")}
            ).check_access("read")
            self.env["ir.attachment"].browse(
                {
                    attachment_id
                    for vals in vals_list
                    for attachment_id in _linked_ids(vals.get("attachment_ids"))
                }
            ).check_access("read")
        comments = super().create(vals_list)
        comments.filtered(lambda c: not c.message_id)._messaging_post_in_chatter()
        comments._messaging_keep_note_attachments_internal()
        if not imported:
            # sudo: mails and notifications are the comment's side effects,
            # made whatever the author's rights on Odoo's mail models
            comments.filtered(lambda c: not c.is_internal).sudo()._messaging_send()
        return comments

    def write(self, vals):
        if not self.env.su:
            vals = {
                key: value
                for key, value in vals.items()
                if key in _CALLER_FIELDS - {"ticket_id"}
            }
        return super().write(vals)

    @api.model
    def _messaging_caller_values(self, vals):
        """The values of ``vals`` a caller may set. Bookkeeping (the chatter
        message, delivery records and states) is never taken from them; only
        the add-on's own code (sudo) links a comment to its chatter message."""
        allowed = _CALLER_FIELDS | ({"message_id"} if self.env.su else set())
        return {key: value for key, value in vals.items() if key in allowed}

    def _messaging_keep_note_attachments_internal(self):
        """An internal note's attachments belong to the comment, not to the
        ticket: whoever reads the ticket (the requester) may read the ticket's
        attachments, and the portal page lists them."""
        for comment in self.filtered("is_internal"):
            # sudo: the attachments were just posted with the note by its
            # author; only their owner record changes
            comment.attachment_ids.sudo().write(
                {"res_model": self._name, "res_id": comment.id}
            )

    def _messaging_post_in_chatter(self):
        """Give each comment its chatter entry on the ticket, notifying no
        follower: the comment's own email is the only one it causes."""
        for comment in self:
            # sudo: access to the ticket was checked when creating the comment
            message = comment.ticket_id.sudo()._messaging_post_comment_message(
                body=Markup(comment.body or ""),
                author_id=comment.author_id.id,
                subtype_xmlid="mail.mt_note"
                if comment.is_internal
                else "mail.mt_comment",
                attachment_ids=comment.attachment_ids.ids,
            )
            # sudo: the link is the comment's own bookkeeping, not an edit
            comment.sudo().message_id = message

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_resend(self):
        """Email again every failed or never emailed recipient of these public
        comments; never creates a second comment. For the ticket's helpdesk
        users; imported comments are never emailed."""
        if not self.env.user.has_group(HELPDESK_USER_GROUP):
            raise AccessError(
                self.env._("Only helpdesk users may send a comment's email again.")
            )
        self.check_access("read")
        comments = self.filtered(
            lambda c: not c.is_internal and c.delivery_state in ("failed", "not_sent")
        )
        # sudo: delivery records are Odoo's mail models, restricted to
        # administrators; access to these comments was checked just above
        comments.sudo()._messaging_resend()
        # the screen shows the new delivery state: the ticket's Messaging tab
        # or the comments list, reloaded from the server
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    def _messaging_resend(self):
        """Queue again the kept mails of failed recipients, render anew for
        those without one (render failure, no address, deleted mail) and for
        comments never emailed. Called in sudo by ``action_resend``."""
        never_emailed = self.filtered(lambda c: c.delivery_state == "not_sent")
        failed = self.notification_ids.filtered(
            lambda n: (
                n.notification_type == "email"
                and n.notification_status in ("exception", "bounce")
            )
        )
        kept = failed.filtered(
            lambda n: n.mail_mail_id.state in ("exception", "cancel")
        )
        if kept:
            kept.mail_mail_id.filtered(lambda m: m.state == "cancel").mark_outgoing()
            kept.mail_mail_id.action_retry()
            kept.write(
                {
                    "notification_status": "ready",
                    "failure_type": False,
                    "failure_reason": False,
                }
            )
            kept.mail_mail_id._messaging_send_soon()
        comment_of = {comment.message_id: comment for comment in self}
        only = defaultdict(set)
        for notification in failed - kept:
            comment = comment_of[notification.mail_message_id]
            only[comment.id].add(
                notification.res_partner_id.id or notification.mail_email_address
            )
        (failed - kept).unlink()
        self.browse(only)._messaging_send(only=only)
        never_emailed.write({"delivery_warning": False})
        never_emailed._messaging_send()
