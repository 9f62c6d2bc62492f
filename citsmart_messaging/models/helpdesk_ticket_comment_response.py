# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo import api, fields, models
from odoo.tools import SQL

_SOON = "citsmart_messaging.responses_soon"
_BATCH = 500
_RECORD_DELAY = timedelta(minutes=1)


class HelpdeskTicketCommentResponse(models.Model):
    """One answer of the team: a public comment that handed the ball back to
    the requester, measured when it reached him. The Response times report:
    the comment's and the ticket's own clocks are computed at any moment,
    these rows keep the measures for grouping; a cron triggered by each
    reach records them."""

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
    def _messaging_record_soon(self):
        """Have the answers recorded within a minute or two (once per
        transaction): measuring needs the team's calendar, which the mail
        queue's and the requester's transactions need not pay for. Not woken
        now: that opens a database connection per email sent."""
        if not self.env.cr.precommit.data.get(_SOON):
            self.env.cr.precommit.data[_SOON] = True
            # the cron's id is cached by the registry: no query to find it
            cron_id = self.env["ir.model.data"]._xmlid_to_res_id(
                "citsmart_messaging.ir_cron_messaging_responses",
                raise_if_not_found=True,
            )
            # sudo: crons are restricted to administrators
            self.env["ir.cron"].sudo().browse(cron_id)._trigger(
                fields.Datetime.now() + _RECORD_DELAY
            )

    @api.model
    def _cron_messaging_record(self):
        """Record the answers of the tickets whose team comments reached the
        requester since the last run (an hour of margin for transactions
        that started before it); all of them at the first run."""
        lastcall = self.env.context.get("lastcall")
        since = lastcall - timedelta(hours=1) if lastcall else datetime.min
        self.env["helpdesk.ticket.comment"].flush_model()
        self.env["helpdesk.ticket.comment.seen"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT c.ticket_id FROM helpdesk_ticket_comment c
                 WHERE c.from_requester IS NOT TRUE
                   AND c.is_internal IS NOT TRUE AND c.imported IS NOT TRUE
                   AND (c.sent_date >= %(since)s OR EXISTS (
                        SELECT FROM helpdesk_ticket_comment_seen s
                         WHERE s.comment_id = c.id AND s.seen_date >= %(since)s))
                """,
                since=since,
            )
        )
        ticket_ids = [row[0] for row in self.env.cr.fetchall()]
        Ticket = self.env["helpdesk.ticket"]
        for start in range(0, len(ticket_ids), _BATCH):
            self._messaging_record(Ticket.browse(ticket_ids[start : start + _BATCH]))

    @api.model
    def _messaging_record(self, tickets):
        """Record the answers of ``tickets`` not recorded yet. The cron is
        the only writer; recording twice inserts nothing."""
        # sudo: the cron records the answers of every ticket, whoever's
        tickets = tickets.sudo().exists()
        if not tickets:
            return
        conversations = tickets._messaging_conversations()
        answers = {
            comment_id: (ticket, since, reached)
            for ticket in tickets
            for comment_id, (since, reached) in conversations[ticket.id].answers.items()
        }
        recorded = set(
            # sudo: the report rows are readable by managers only
            self.sudo().search([("comment_id", "in", list(answers))]).comment_id.ids
        )
        todo = {key: value for key, value in answers.items() if key not in recorded}
        if not todo:
            return
        clocks = tickets._messaging_work_clocks()
        # sudo: as above, for every ticket's comments
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
        self.invalidate_model()
