# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL


class HelpdeskTicketCommentSeen(models.Model):
    """When the other side saw a comment. Rows of their own, never the
    comment's nor the ticket's: a requester opening his ticket never conflicts
    with the mail queue updating the comment's delivery state, nor with people
    working on the ticket. No unique constraint, on purpose: two visits at the
    same moment both insert and neither fails; the first date counts."""

    _name = "helpdesk.ticket.comment.seen"
    _description = "Ticket Comment Seen Mark"
    _log_access = False

    comment_id = fields.Many2one(
        "helpdesk.ticket.comment", required=True, index=True, ondelete="cascade"
    )
    seen_date = fields.Datetime(required=True)

    @api.model
    def _messaging_mark(self, tickets, from_requester, when, until=None):
        """Mark seen at ``when`` the public comments of one side of
        ``tickets`` (made at ``until`` at the latest) that the other side has
        not seen yet. Return ``{comment id: (ticket id, chatter message id,
        emailed)}`` of those marked now, so that nobody reads them again.
        One query."""
        Comment = self.env["helpdesk.ticket.comment"]
        if not tickets:
            return {}
        Comment.flush_model()
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH marked AS (
                    INSERT INTO %(seen)s (comment_id, seen_date)
                    SELECT c.id, %(when)s FROM helpdesk_ticket_comment c
                     WHERE c.ticket_id IN %(tickets)s AND c.from_requester IS %(side)s
                       AND c.is_internal IS NOT TRUE AND c.imported IS NOT TRUE
                       AND %(until)s
                       AND NOT EXISTS (SELECT FROM %(seen)s s WHERE s.comment_id = c.id)
                 RETURNING comment_id
                )
                SELECT c.id, c.ticket_id, c.message_id, c.sent_date IS NOT NULL
                  FROM marked JOIN helpdesk_ticket_comment c ON c.id = marked.comment_id
              ORDER BY c.id
                """,
                seen=SQL.identifier(self._table),
                when=when,
                until=SQL("c.create_date <= %s", until) if until else SQL("TRUE"),
                tickets=tuple(tickets.ids),
                side=bool(from_requester),
            )
        )
        marked = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        if marked:
            self.invalidate_model()
            Comment.browse(marked).invalidate_recordset(
                ["seen_date", "reached_date", "response_hours"]
            )
        return marked
