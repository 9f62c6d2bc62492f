# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from psycopg2 import errors

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class HelpdeskTicketCommentResponse(models.Model):
    """One answer of the team: a public comment that handed the ball back to
    the requester, measured when it reached him. The Response times report;
    the comment's and the ticket's own clocks are computed, these rows keep
    the measures for grouping."""

    _name = "helpdesk.ticket.comment.response"
    _description = "Ticket Response Time"
    _order = "reached_date desc, id desc"
    _rec_name = "ticket_id"
    _log_access = False

    comment_id = fields.Many2one(
        "helpdesk.ticket.comment", required=True, ondelete="cascade", readonly=True
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, index=True, ondelete="cascade", readonly=True
    )
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    user_id = fields.Many2one("res.users", string="Technician", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    waiting_since = fields.Datetime(string="Asked On", readonly=True)
    reached_date = fields.Datetime(string="Answered On", readonly=True)
    response_hours = fields.Float(
        string="Response Time (hours)", aggregator="avg", readonly=True
    )
    first_response = fields.Boolean(readonly=True)
    first_response_hours = fields.Float(
        string="First Response (hours)", aggregator="avg", readonly=True
    )
    target_hours = fields.Float(
        string="Target (hours)", aggregator="avg", readonly=True
    )
    within_target = fields.Integer(
        string="Within Target (%)",
        aggregator="avg",
        readonly=True,
        help="100 when answered within the team's target, 0 when late; empty "
        "without a target. Its average is the share answered within target.",
    )

    _comment_uniq = models.UniqueIndex("(comment_id)")
    # one answer per time the ball went to the team
    _period_uniq = models.UniqueIndex("(ticket_id, waiting_since)")

    @api.model
    def _messaging_record(self, tickets):
        """Record the answers of ``tickets`` not recorded yet. Called in the
        transaction that made a comment reach the requester (the mail queue,
        his visit); when two of them record the same answer at once, the
        first one wins and the other goes on."""
        tickets = tickets.sudo()
        if not tickets:
            return
        conversations = tickets._messaging_conversations()
        answers = {
            comment_id: (ticket, since, reached)
            for ticket in tickets
            for comment_id, (since, reached) in conversations[ticket.id].answers.items()
        }
        recorded = set(
            self.sudo().search([("comment_id", "in", list(answers))]).comment_id.ids
        )
        todo = {key: value for key, value in answers.items() if key not in recorded}
        if not todo:
            return
        clocks = tickets._messaging_work_clocks()
        comments = self.env["helpdesk.ticket.comment"].sudo().browse(todo)
        rows = []
        for comment in comments:
            ticket, since, reached = todo[comment.id]
            talk, clock = conversations[ticket.id], clocks[ticket]
            first = reached == talk.first_reach
            hours = clock.hours(since, reached)
            target = ticket._messaging_target(first)
            rows.append(
                SQL(
                    "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    comment.id,
                    ticket.id,
                    ticket.team_id.id or None,
                    comment.author_id.user_ids.filtered(lambda u: not u.share)[:1].id
                    or None,
                    ticket.company_id.id,
                    since,
                    reached,
                    hours,
                    first,
                    clock.hours(ticket.create_date, reached) if first else None,
                    target or None,
                    (100 if hours <= target else 0) if target else None,
                )
            )
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "INSERT INTO %s (comment_id, ticket_id, team_id, user_id, "
                        "company_id, waiting_since, reached_date, response_hours, "
                        "first_response, first_response_hours, target_hours, "
                        "within_target) VALUES %s ON CONFLICT DO NOTHING",
                        SQL.identifier(self._table),
                        SQL(", ").join(rows),
                    )
                )
        except errors.SerializationFailure:
            _logger.info("Answers %s were recorded concurrently", list(todo))
        self.invalidate_model()
