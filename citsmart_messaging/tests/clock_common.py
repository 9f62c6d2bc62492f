# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import freeze_time

from .common import MessagingCommon

# São Paulo has been UTC-3 all year since 2019
SAO_PAULO_OFFSET = timedelta(hours=3)


def sao_paulo(*args):
    """A São Paulo wall-clock time, as Odoo stores it (naive UTC)."""
    return datetime(*args) + SAO_PAULO_OFFSET


class ClockCommon(MessagingCommon):
    """The team works Monday to Friday, 08:00-12:00 and 13:00-17:00 in São
    Paulo; it must answer a new ticket within 4 working hours and each later
    message within 2. Tests move through time with ``travel``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "São Paulo office",
                "tz": "America/Sao_Paulo",
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"Day {day} {start}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": "morning" if start < 12 else "afternoon",
                        }
                    )
                    for day in range(5)
                    for start, end in ((8, 12), (13, 17))
                ],
            }
        )
        cls.team.write(
            {
                "resource_calendar_id": cls.calendar.id,
                "messaging_first_response_target": 4,
                "messaging_next_response_target": 2,
            }
        )

    def travel(self, *args):
        """Move the test to a São Paulo wall-clock time: ``now()`` and the
        transaction's timestamp (the records' create_date) follow."""
        moment = sao_paulo(*args)
        if getattr(self, "_freezer", None):
            self._freezer.stop()
        self._freezer = freeze_time(moment)
        self._freezer.start()
        self.addCleanup(self._stop_travel)
        self.env.cr._now = moment
        self.env.invalidate_all()
        return moment

    def _stop_travel(self):
        if getattr(self, "_freezer", None):
            self._freezer.stop()
            self._freezer = None

    def new_ticket(self, **values):
        return self._create_ticket(**values)

    def requester_says(self, ticket, body="Any news?"):
        """The requester writes on the portal (the route's own method)."""
        return ticket.sudo()._messaging_portal_post(body, self.requester)

    def team_says(self, ticket, body="Working on it", **values):
        return self.comment(body, ticket=ticket, **values)

    def send(self, comments):
        """The mail queue sends these comments' emails (SMTP mocked)."""
        with self.mock_mail_gateway():
            self.mails_of(comments).filtered(lambda m: m.state == "outgoing").send()
        self.env.invalidate_all()

    def record_responses(self):
        """Run the cron that each reach triggered."""
        cron = self.env.ref("citsmart_messaging.ir_cron_messaging_responses")
        triggers = (
            self.env["ir.cron.trigger"].sudo().search([("cron_id", "=", cron.id)])
        )
        self.assertTrue(triggers, "no reach triggered the cron")
        # nor woke the cron workers at commit: a new connection each time
        woken = [
            func
            for func in self.env.cr.postcommit._funcs
            if getattr(func, "__name__", "") == "_notifydb"
            and cron.id in func.__self__.ids
        ]
        self.assertFalse(woken, "a reach woke the cron workers")
        # the cron's own action, as the scheduler runs it (minus its commit)
        cron.sudo().ir_actions_server_id.with_context(lastcall=cron.lastcall).run()
        self.env.invalidate_all()

    def clock(self, ticket):
        ticket.invalidate_recordset()
        return ticket.with_user(self.technician)
