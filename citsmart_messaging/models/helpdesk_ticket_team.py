# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timezone

from odoo import api, fields, models

from ..tools.working_time import WorkClock


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    # Declared exactly as helpdesk_mgmt_sla declares it: with both modules,
    # SLAs and conversation clocks share one calendar.
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        "Working Hours",
        default=lambda self: self.env.company.resource_calendar_id,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    messaging_first_response_target = fields.Float(
        string="First Response Target",
        help="Working hours the team has to answer a new ticket's requester "
        "(0: no target).",
    )
    messaging_next_response_target = fields.Float(
        string="Next Response Target",
        help="Working hours the team has to answer each later message of the "
        "requester (0: no target).",
    )

    _messaging_targets_positive = models.Constraint(
        "CHECK(messaging_first_response_target >= 0 "
        "AND messaging_next_response_target >= 0)",
        "Response targets cannot be negative.",
    )

    @api.model
    def _messaging_work_clock(self, calendar):
        """The working time of ``calendar`` (leaves included); no calendar
        counts around the clock."""
        if not calendar:
            return WorkClock()
        # sudo: working hours are configuration that helpdesk users and the
        # portal may not read; only their intervals are used
        calendar = calendar.sudo()

        def fetch(start, end):
            intervals = calendar._work_intervals_batch(
                start.replace(tzinfo=timezone.utc), end.replace(tzinfo=timezone.utc)
            )[False]
            return [
                (
                    low.astimezone(timezone.utc).replace(tzinfo=None),
                    high.astimezone(timezone.utc).replace(tzinfo=None),
                )
                for low, high, _meta in intervals
            ]

        return WorkClock(fetch)
