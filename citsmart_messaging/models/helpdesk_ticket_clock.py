# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Conversation clocks: who owes the next reply on a ticket, since when, and
when the team's reply is due. Nothing here is stored on the ticket: the
clocks follow from its comments, so commenting or opening a ticket never
writes the ticket row, and lateness is right at any moment without a cron."""

from collections import defaultdict
from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.tools import SQL, format_datetime, format_time

from ..tools.conversation import TEAM, follow
from .helpdesk_ticket_comment import HELPDESK_USER_GROUP

WAITING_ON = [("team", "Team"), ("requester", "Requester")]


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    messaging_waiting_on = fields.Selection(
        WAITING_ON,
        string="Waiting On",
        compute="_compute_messaging_clock",
        search="_search_messaging_waiting_on",
        groups=HELPDESK_USER_GROUP,
        help="Who owes the next reply: the team after each public message "
        "of the requester, the requester once the team's answer reached him "
        "(emailed, or seen on the portal). Empty on closed tickets.",
    )
    messaging_waiting_since = fields.Datetime(
        string="Waiting Since",
        compute="_compute_messaging_clock",
        groups=HELPDESK_USER_GROUP,
    )
    messaging_response_due = fields.Datetime(
        string="Reply Due",
        compute="_compute_messaging_clock",
        groups=HELPDESK_USER_GROUP,
        help="When the team's reply is due, in the team's working hours.",
    )
    messaging_response_late = fields.Boolean(
        string="Late Reply",
        compute="_compute_messaging_clock",
        search="_search_messaging_response_late",
        groups=HELPDESK_USER_GROUP,
    )
    messaging_first_response_hours = fields.Float(
        string="First Response (hours)",
        compute="_compute_messaging_clock",
        groups=HELPDESK_USER_GROUP,
        help="Working hours from the ticket's creation to the moment the "
        "team's first answer reached the requester.",
    )
    messaging_clock_label = fields.Char(
        string="Conversation",
        compute="_compute_messaging_clock",
        groups=HELPDESK_USER_GROUP,
    )

    # ------------------------------------------------------------------
    # The conversation, from the comments
    # ------------------------------------------------------------------

    def _messaging_has_requester(self):
        self.ensure_one()
        return bool(self.partner_id or self.partner_email)

    def _messaging_conversations(self):
        """``{ticket id: Conversation}`` of these tickets, from one query."""
        asks, reaches = defaultdict(list), defaultdict(list)
        ticket_ids = [ticket_id for ticket_id in self.ids if ticket_id]
        if ticket_ids:
            self.env["helpdesk.ticket.comment"].flush_model()
            self.env["helpdesk.ticket.comment.seen"].flush_model()
            self.env.cr.execute(
                SQL(
                    """
                    SELECT c.ticket_id, c.id, c.from_requester, c.create_date,
                           LEAST(c.sent_date, s.seen_date)
                      FROM helpdesk_ticket_comment c
                 LEFT JOIN LATERAL (
                           SELECT min(seen_date) AS seen_date
                             FROM helpdesk_ticket_comment_seen
                            WHERE comment_id = c.id
                           ) s ON TRUE
                     WHERE c.ticket_id IN %s
                       AND c.is_internal IS NOT TRUE AND c.imported IS NOT TRUE
                    """,
                    tuple(ticket_ids),
                )
            )
            for (
                ticket_id,
                comment_id,
                from_requester,
                created,
                reached,
            ) in self.env.cr.fetchall():
                if from_requester:
                    asks[ticket_id].append(created)
                elif reached:
                    reaches[ticket_id].append((reached, comment_id))
        return {
            ticket.id: follow(
                ticket.create_date if ticket._messaging_has_requester() else None,
                asks[ticket.id],
                reaches[ticket.id],
                closed=ticket.stage_id.closed,
            )
            for ticket in self
        }

    def _messaging_calendar(self):
        """The team's working hours; a ticket without team counts in its
        company's. An empty calendar counts around the clock."""
        self.ensure_one()
        if self.team_id:
            return self.team_id.resource_calendar_id
        return self.company_id.resource_calendar_id

    def _messaging_work_clocks(self):
        """``{ticket: WorkClock}``, one clock per calendar."""
        by_calendar = {}
        Team = self.env["helpdesk.ticket.team"]
        result = {}
        for ticket in self:
            calendar = ticket._messaging_calendar()
            if calendar.id not in by_calendar:
                by_calendar[calendar.id] = Team._messaging_work_clock(calendar)
            result[ticket] = by_calendar[calendar.id]
        return result

    def _messaging_target(self, first):
        """The working hours the team has to answer (0: none)."""
        self.ensure_one()
        team = self.team_id
        if first:
            return team.messaging_first_response_target
        return team.messaging_next_response_target

    @api.depends_context("tz", "lang")
    @api.depends(
        "create_date",
        "partner_id",
        "partner_email",
        "stage_id.closed",
        "team_id.resource_calendar_id",
        "team_id.messaging_first_response_target",
        "team_id.messaging_next_response_target",
        "comment_ids.delivery_state",
    )
    def _compute_messaging_clock(self):
        conversations = self._messaging_conversations()
        clocks = self._messaging_work_clocks()
        now = fields.Datetime.now()
        for ticket in self:
            talk, clock = conversations[ticket.id], clocks[ticket]
            due = False
            if talk.waiting_on == TEAM:
                target = ticket._messaging_target(talk.first_reach is None)
                due = target and clock.plan(talk.since, target) or False
            ticket.messaging_waiting_on = talk.waiting_on or False
            ticket.messaging_waiting_since = talk.since or False
            ticket.messaging_response_due = due
            ticket.messaging_response_late = bool(due and due < now)
            ticket.messaging_first_response_hours = (
                clock.hours(ticket.create_date, talk.first_reach)
                if talk.first_reach
                else 0.0
            )
            ticket.messaging_clock_label = ticket._messaging_clock_text(
                talk, due, clock, now
            )

    def _messaging_clock_text(self, talk, due, clock, now):
        """ "Waiting on us · 3 h · due 14:00", "Waiting on requester · 2 d"."""
        if not talk.waiting_on:
            return False
        if talk.waiting_on == TEAM:
            parts = [
                self.env._("Waiting on us"),
                # in working hours, as the targets
                self._messaging_duration_text(
                    timedelta(hours=clock.hours(talk.since, now)), days=False
                ),
            ]
            if due:
                tz = self.env.context.get("tz") or self.env.user.tz or "UTC"
                today = pytz.utc.localize(now).astimezone(pytz.timezone(tz)).date()
                local_due = pytz.utc.localize(due).astimezone(pytz.timezone(tz))
                when = (
                    format_time(self.env, due, tz=tz, time_format="short")
                    if local_due.date() == today
                    else format_datetime(self.env, due, tz=tz, dt_format="short")
                )
                parts.append(self.env._("due %(when)s", when=when))
        else:
            parts = [
                self.env._("Waiting on requester"),
                self._messaging_duration_text(now - talk.since),
            ]
        return " · ".join(parts)

    def _messaging_duration_text(self, duration, days=True):
        minutes = int(duration.total_seconds() // 60)
        if minutes < 60:
            return self.env._("%(minutes)s min", minutes=max(minutes, 0))
        if minutes < 24 * 60 or not days:
            return self.env._("%(hours)s h", hours=minutes // 60)
        return self.env._("%(days)s d", days=minutes // (24 * 60))
