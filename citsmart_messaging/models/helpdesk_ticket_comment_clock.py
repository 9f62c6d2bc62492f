# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A comment's part in the conversation clocks: its side, when its email
was sent, when the other side first saw it, and the working hours it took
to answer the requester."""

from odoo import api, fields, models

from .helpdesk_ticket_comment import HELPDESK_USER_GROUP, NO_SEND_KEY


class HelpdeskTicketComment(models.Model):
    _inherit = "helpdesk.ticket.comment"

    from_requester = fields.Boolean(
        string="From the Requester",
        compute="_compute_from_requester",
        store=True,
        help="Written by the requester's side (the ticket's contact or any "
        "portal user), not by the team.",
    )
    sent_date = fields.Datetime(
        string="Emailed On",
        compute="_compute_sent_date",
        store=True,
        help="When its email to the other side was sent.",
    )
    seen_date = fields.Datetime(
        string="Seen",
        compute="_compute_seen_date",
        groups=HELPDESK_USER_GROUP,
        help="When the other side first saw it: the requester on the ticket's "
        "portal page or by answering, a technician by opening the ticket.",
    )
    reached_date = fields.Datetime(
        string="Reached the Requester",
        compute="_compute_reached_date",
        groups=HELPDESK_USER_GROUP,
        help="For the team's public comments: when it reached the requester, "
        "its email sent or seen by him, whichever came first.",
    )
    response_hours = fields.Float(
        string="Response Time (hours)",
        compute="_compute_response_hours",
        groups=HELPDESK_USER_GROUP,
        help="For a team comment that answered the requester: working hours "
        "from the moment the ball went to the team to the moment this "
        "comment reached the requester.",
    )

    @api.depends("author_id", "ticket_id")
    def _compute_from_requester(self):
        for comment in self:
            comment.from_requester = bool(
                comment.author_id and comment._messaging_is_from_requester()
            )

    @api.depends("delivery_state")
    def _compute_sent_date(self):
        now = self.env.cr.now()
        for comment in self:
            # the first sending counts; a later bounce does not undo it
            if comment.delivery_state == "sent" and not comment.sent_date:
                comment.sent_date = now
            else:
                comment.sent_date = comment.sent_date

    def _compute_seen_date(self):
        # sudo: seen marks are bookkeeping kept apart from the comments
        seen = dict(
            self.env["helpdesk.ticket.comment.seen"]
            .sudo()
            ._read_group(
                [("comment_id", "in", self.ids)], ["comment_id"], ["seen_date:min"]
            )
        )
        for comment in self:
            # sudo: the read group's keys are sudo records
            comment.seen_date = seen.get(comment.sudo(), False)

    @api.depends("sent_date", "is_internal", "imported", "from_requester")
    def _compute_reached_date(self):
        for comment in self:
            moments = [
                moment
                # sudo: seen_date is for helpdesk groups; whether the comment
                # reached the requester is everyone's
                for moment in (comment.sent_date, comment.sudo().seen_date)
                if moment
            ]
            comment.reached_date = (
                min(moments)
                if moments
                and not (comment.is_internal or comment.imported)
                and not comment.from_requester
                else False
            )

    def _compute_response_hours(self):
        tickets = self.ticket_id
        conversations = tickets._messaging_conversations()
        clocks = tickets._messaging_work_clocks()
        for comment in self:
            ticket = comment.ticket_id
            answer = conversations.get(ticket.id) and conversations[
                ticket.id
            ].answers.get(comment.id)
            comment.response_hours = clocks[ticket].hours(*answer) if answer else 0.0

    @api.model
    def _messaging_seen_by_message(self, messages):
        """``{message id: seen date}`` of the comments of these chatter
        messages that the other side saw."""
        on_tickets = messages.filtered(lambda m: m.model == "helpdesk.ticket")
        if not on_tickets:
            return {}
        # sudo: for the technicians' chatter, which may show these messages;
        # one query from the seen marks to their comments' messages
        seen = (
            self.env["helpdesk.ticket.comment.seen"]
            .sudo()
            ._read_group(
                [("comment_id.message_id", "in", on_tickets.ids)],
                ["comment_id.message_id"],
                ["seen_date:min"],
            )
        )
        return {message.id: seen_date for message, seen_date in seen}

    # ------------------------------------------------------------------
    # What moves the clocks
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        comments = super().create(vals_list)
        if self.env.context.get(NO_SEND_KEY):
            return comments
        # sudo: the other side's comments are marked seen by an answer the
        # author was allowed to write
        answers = comments.sudo().filtered(
            lambda c: c.from_requester and not c.is_internal
        )
        for ticket in answers.ticket_id:
            ticket._messaging_seen_by_requester(
                max(
                    answers.filtered(lambda c, t=ticket: c.ticket_id == t).mapped(
                        "create_date"
                    )
                )
            )
        comments._messaging_changed()
        return comments

    def write(self, vals):
        result = super().write(vals)
        if {"body", "attachment_ids", "ticket_id"} & set(vals):
            self._messaging_changed()
        return result

    def unlink(self):
        public = self.filtered(lambda c: not c.is_internal).ticket_id
        tickets = self.ticket_id
        result = super().unlink()
        (tickets - public).exists()._messaging_notify_live()
        public.exists()._messaging_notify_live(portal=True)
        return result

    def _messaging_changed(self):
        """The pages showing these comments' tickets follow; the portal's
        only for public comments."""
        public = self.filtered(lambda c: not c.is_internal).ticket_id
        (self.ticket_id - public)._messaging_notify_live()
        public._messaging_notify_live(portal=True)
