# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Searching the conversation clocks: the rules of tools/conversation.py
stated in SQL, so that "Waiting on us" or "Late reply" filter the whole
database at the moment of the search."""

from datetime import timedelta

from odoo import fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools.conversation import REQUESTER, TEAM


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    def _messaging_waiting_query(self):
        """SQL of the open tickets' ``(id, waiting_on, since, answered)``:
        who owes the next reply, since when (for the team), and whether a
        team comment ever reached the requester (next target, not first).

        A reach is the first of the email's sending and the requester's
        seeing; a requester comment made at the moment of the last reach
        answers it (tools/conversation.py orders them the same way)."""
        self.env["helpdesk.ticket.comment"].flush_model()
        self.env["helpdesk.ticket.comment.seen"].flush_model()
        self.flush_model(["create_date", "partner_id", "partner_email", "stage_id"])
        public = SQL(
            "c.ticket_id = t.id AND c.is_internal IS NOT TRUE "
            "AND c.imported IS NOT TRUE"
        )
        opened = SQL(
            "r.last_reach IS NULL AND (t.partner_id IS NOT NULL "
            "OR COALESCE(t.partner_email, '') != '')"
        )
        return SQL(
            """
            SELECT t.id,
                   CASE WHEN a.first_ask IS NOT NULL OR (%(opened)s) THEN %(team)s
                        WHEN r.last_reach IS NOT NULL THEN %(requester)s
                   END AS waiting_on,
                   LEAST(a.first_ask,
                         CASE WHEN %(opened)s THEN t.create_date END) AS since,
                   r.last_reach IS NOT NULL AS answered
              FROM helpdesk_ticket t
         LEFT JOIN helpdesk_ticket_stage st ON st.id = t.stage_id
         LEFT JOIN LATERAL (
                   SELECT max(LEAST(c.sent_date, (
                              SELECT min(s.seen_date)
                                FROM helpdesk_ticket_comment_seen s
                               WHERE s.comment_id = c.id))) AS last_reach
                     FROM helpdesk_ticket_comment c
                    WHERE %(public)s AND c.from_requester IS NOT TRUE
                   ) r ON TRUE
         LEFT JOIN LATERAL (
                   SELECT min(c.create_date) AS first_ask
                     FROM helpdesk_ticket_comment c
                    WHERE %(public)s AND c.from_requester
                      AND (r.last_reach IS NULL OR c.create_date >= r.last_reach)
                   ) a ON TRUE
             WHERE st.closed IS NOT TRUE
            """,
            opened=opened,
            public=public,
            team=TEAM,
            requester=REQUESTER,
        )

    def _search_messaging_waiting_on(self, operator, value):
        if operator != "in":
            return NotImplemented
        sides = [side for side in value if side in (TEAM, REQUESTER)]
        domain = Domain.FALSE
        if sides:
            domain = Domain(
                "id",
                "in",
                SQL(
                    "SELECT w.id FROM (%s) w WHERE w.waiting_on IN %s",
                    self._messaging_waiting_query(),
                    tuple(sides),
                ),
            )
        if False in value:
            domain |= Domain(
                "id",
                "not in",
                SQL(
                    "SELECT w.id FROM (%s) w WHERE w.waiting_on IS NOT NULL",
                    self._messaging_waiting_query(),
                ),
            )
        return domain

    def _search_messaging_response_late(self, operator, value):
        if operator != "in":
            return NotImplemented
        late = Domain("id", "in", self._messaging_late_ids())
        if True in value and False in value:
            return Domain.TRUE
        return late if True in value else ~late

    def _messaging_late_ids(self):
        """Ids of the tickets whose team reply is overdue now. SQL finds the
        tickets waiting on the team; a working hour lasts at least an hour,
        so those waiting for less than their target cannot be late yet; the
        rest are planned on their team's calendar, one clock per calendar."""
        self.env.cr.execute(
            SQL(
                "SELECT w.id, w.since, w.answered FROM (%s) w "
                "JOIN helpdesk_ticket t ON t.id = w.id "
                "WHERE w.waiting_on = %s AND t.team_id IS NOT NULL",
                self._messaging_waiting_query(),
                TEAM,
            )
        )
        rows = self.env.cr.fetchall()
        now = fields.Datetime.now()
        # sudo: the targets and calendars of the tickets' teams decide
        # lateness, whoever searches
        tickets = self.sudo().browse([row[0] for row in rows])
        candidates = []
        for ticket, (_id, since, answered) in zip(tickets, rows, strict=True):
            target = ticket._messaging_target(first=not answered)
            if target and since <= now - timedelta(hours=target):
                candidates.append((ticket, since, target))
        clocks = tickets.browse(
            [ticket.id for ticket, _since, _target in candidates]
        )._messaging_work_clocks()
        return [
            ticket.id
            for ticket, since, target in candidates
            if (due := clocks[ticket].plan(since, target)) and due < now
        ]
