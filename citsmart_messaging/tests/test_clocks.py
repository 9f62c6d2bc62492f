# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who owes the next reply, since when, and when the team's reply is due
(PRODUCT.md behaviour 11). Each state is checked on the computed fields and
through the search filters, which state the same rules in SQL."""

from odoo import Command
from odoo.tests import tagged

from .clock_common import ClockCommon, sao_paulo


@tagged("post_install", "-at_install")
class TestBall(ClockCommon):
    def assertBall(self, ticket, waiting_on, since):
        ticket = self.clock(ticket)
        self.assertEqual(
            (ticket.messaging_waiting_on, ticket.messaging_waiting_since),
            (waiting_on, since),
        )
        Ticket = self.env["helpdesk.ticket"].with_user(self.technician)
        for side in ("team", "requester", False):
            found = Ticket.search(
                [("id", "=", ticket.id), ("messaging_waiting_on", "=", side)]
            )
            self.assertEqual(bool(found), side == waiting_on, side)

    def test_requester_comments_and_answers_that_reached_him(self):
        opened = self.travel(2026, 11, 23, 9)
        ticket = self.new_ticket()
        self.assertBall(ticket, "team", opened)
        self.travel(2026, 11, 23, 10)
        self.requester_says(ticket)
        # a second message of the requester does not restart the clock
        self.assertBall(ticket, "team", opened)
        self.travel(2026, 11, 23, 11)
        self.team_says(ticket, "Internal: ask the vendor", is_internal=True)
        answer = self.team_says(ticket, "Restart it")
        self.assertEqual(answer.delivery_state, "queued")
        # an answer waiting in the queue has not reached him
        self.assertBall(ticket, "team", opened)
        sent = self.travel(2026, 11, 23, 11, 30)
        self.send(answer)
        self.assertEqual(answer.delivery_state, "sent")
        self.assertEqual(answer.sent_date, sent)
        self.assertBall(ticket, "requester", sent)
        comment = answer.with_user(self.technician)
        self.assertEqual(comment.reached_date, sent)
        self.assertAlmostEqual(comment.response_hours, 2.5, places=6)
        self.assertAlmostEqual(
            self.clock(ticket).messaging_first_response_hours, 2.5, places=6
        )
        asked = self.travel(2026, 11, 23, 14)
        self.requester_says(ticket, "It works, but now it beeps")
        self.assertBall(ticket, "team", asked)
        # answering is seeing
        self.assertEqual(comment.seen_date, asked)
        self.assertEqual(comment.reached_date, sent)

    def test_ticket_without_requester_waits_on_nobody(self):
        self.travel(2026, 11, 23, 9)
        ticket = self.new_ticket(partner_id=False)
        self.assertBall(ticket, False, False)
        self.team_says(ticket, "Nobody to tell")
        self.assertBall(ticket, False, False)

    def test_failed_email_stays_with_the_team_until_resent(self):
        opened = self.travel(2026, 11, 23, 9)
        mute = self.env["res.partner"].create({"name": "Mute Requester"})
        ticket = self.new_ticket(partner_id=mute.id)
        answer = self.team_says(ticket, "Can you hear me?")
        self.assertEqual(answer.delivery_state, "failed")
        self.assertBall(ticket, "team", opened)
        self.travel(2026, 11, 23, 13)
        mute.email = "mute@example.com"
        answer.with_user(self.technician).action_resend()
        self.assertBall(ticket, "team", opened)
        sent = self.travel(2026, 11, 23, 13, 15)
        self.send(answer)
        self.assertEqual(answer.delivery_state, "sent")
        self.assertBall(ticket, "requester", sent)
        # 09:00-12:00 and 13:00-13:15 São Paulo
        self.assertAlmostEqual(
            answer.with_user(self.technician).response_hours, 3.25, places=6
        )

    def test_seen_on_the_portal_wins_over_a_failed_email(self):
        opened = self.travel(2026, 11, 23, 9)
        mute = self.env["res.partner"].create({"name": "Mute Requester"})
        ticket = self.new_ticket(partner_id=mute.id)
        answer = self.team_says(ticket, "Please look at the portal")
        self.assertEqual(answer.delivery_state, "failed")
        self.assertBall(ticket, "team", opened)
        seen = self.travel(2026, 11, 23, 10)
        ticket.sudo()._messaging_seen_by_requester()
        self.assertBall(ticket, "requester", seen)
        self.assertEqual(answer.with_user(self.technician).reached_date, seen)
        self.assertEqual(answer.delivery_state, "failed")

    def test_imported_comments_move_nothing(self):
        opened = self.travel(2026, 11, 23, 9)
        ticket = self.new_ticket()
        Comment = self.env["helpdesk.ticket.comment"].with_context(
            citsmart_messaging_no_send=True
        )
        old = Comment.create(
            {
                "ticket_id": ticket.id,
                "body": "An answer of the old system",
                "author_id": self.technician.partner_id.id,
            }
        )
        self.assertEqual(old.delivery_state, "imported")
        self.assertBall(ticket, "team", opened)
        answer = self.team_says(ticket)
        sent = self.travel(2026, 11, 23, 10)
        self.send(answer)
        self.assertBall(ticket, "requester", sent)
        Comment.create(
            {
                "ticket_id": ticket.id,
                "body": "A question of the old system",
                "author_id": self.requester.id,
            }
        )
        self.assertBall(ticket, "requester", sent)

    def test_a_closed_ticket_waits_on_nobody_and_is_never_late(self):
        self.travel(2026, 11, 23, 9)
        ticket = self.new_ticket()
        self.travel(2026, 11, 25, 9)
        self.assertTrue(self.clock(ticket).messaging_response_late)
        closed = self.env["helpdesk.ticket.stage"].search([("closed", "=", True)])[:1]
        ticket.stage_id = closed
        self.assertBall(ticket, False, False)
        self.assertFalse(self.clock(ticket).messaging_response_late)
        self.assertNotIn(
            ticket,
            self.env["helpdesk.ticket"].search(
                [("messaging_response_late", "=", True)]
            ),
        )


@tagged("post_install", "-at_install")
class TestWorkingTime(ClockCommon):
    """The 5-day São Paulo calendar across a weekend, with frozen time."""

    def late_tickets(self):
        return (
            self.env["helpdesk.ticket"]
            .with_user(self.technician)
            .search([("messaging_response_late", "=", True)])
        )

    def test_due_across_the_weekend_and_late_on_both_sides_of_it(self):
        created = self.travel(2026, 11, 27, 16)  # a Friday
        ticket = self.new_ticket()
        due = sao_paulo(2026, 11, 30, 11)  # 1 h on Friday, 3 h on Monday
        self.assertEqual(self.clock(ticket).messaging_response_due, due)
        self.assertEqual(self.calendar.plan_hours(4, created, compute_leaves=True), due)
        self.travel(2026, 11, 30, 10, 59)
        self.assertFalse(self.clock(ticket).messaging_response_late)
        self.assertNotIn(ticket, self.late_tickets())
        self.assertIn(
            "Waiting on us · 3 h · due", self.clock(ticket).messaging_clock_label
        )
        self.travel(2026, 11, 30, 11, 1)
        self.assertTrue(self.clock(ticket).messaging_response_late)
        self.assertIn(ticket, self.late_tickets())
        self.assertNotIn(
            ticket,
            self.env["helpdesk.ticket"].search(
                [("id", "=", ticket.id), ("messaging_response_late", "=", False)]
            ),
        )

    def test_response_hours_across_the_weekend_in_the_team_time_zone(self):
        created = self.travel(2026, 11, 27, 16)
        ticket = self.new_ticket()
        answer = self.team_says(ticket)
        reached = self.travel(2026, 11, 30, 10)
        self.send(answer)
        hours = answer.with_user(self.technician).response_hours
        self.assertAlmostEqual(hours, 3.0, places=6)
        self.assertAlmostEqual(
            self.calendar.get_work_hours_count(created, reached), hours, places=6
        )
        self.record_responses()
        response = self.env["helpdesk.ticket.comment.response"].search(
            [("comment_id", "=", answer.id)]
        )
        self.assertRecordValues(
            response,
            [
                {
                    "ticket_id": ticket.id,
                    "team_id": self.team.id,
                    "user_id": self.technician.id,
                    "waiting_since": created,
                    "reached_date": reached,
                    "first_response": True,
                    "target_hours": 4.0,
                    "within_target": 100,
                }
            ],
        )
        self.assertAlmostEqual(response.response_hours, 3.0, places=6)
        self.assertAlmostEqual(response.first_response_hours, 3.0, places=6)

    def test_next_target_and_a_target_of_zero(self):
        self.travel(2026, 11, 23, 9)
        ticket = self.new_ticket()
        answer = self.team_says(ticket)
        self.travel(2026, 11, 23, 10)
        self.send(answer)
        self.assertFalse(self.clock(ticket).messaging_response_due)
        self.travel(2026, 11, 23, 11)
        self.requester_says(ticket)
        self.assertEqual(
            self.clock(ticket).messaging_response_due, sao_paulo(2026, 11, 23, 14)
        )
        self.team.messaging_next_response_target = 0
        self.travel(2026, 11, 30, 11)
        self.assertFalse(self.clock(ticket).messaging_response_due)
        self.assertFalse(self.clock(ticket).messaging_response_late)
        self.assertNotIn(ticket, self.late_tickets())

    def test_a_team_without_working_hours_counts_around_the_clock(self):
        self.team.resource_calendar_id = False
        created = self.travel(2026, 11, 27, 16)
        ticket = self.new_ticket()
        due = sao_paulo(2026, 11, 27, 20)
        self.assertEqual(self.clock(ticket).messaging_response_due, due)
        self.travel(2026, 11, 27, 20, 1)
        self.assertIn(ticket, self.late_tickets())
        answer = self.team_says(ticket)
        self.travel(2026, 11, 28, 16)
        self.send(answer)
        self.assertAlmostEqual(
            answer.with_user(self.technician).response_hours, 24.0, places=6
        )
        self.assertEqual(
            self.clock(ticket).messaging_waiting_since, sao_paulo(2026, 11, 28, 16)
        )
        self.assertTrue(created)

    def test_a_calendar_without_working_time_is_never_due(self):
        self.calendar.attendance_ids = [Command.clear()]
        self.travel(2026, 11, 23, 9)
        ticket = self.new_ticket()
        self.assertFalse(self.clock(ticket).messaging_response_due)
        answer = self.team_says(ticket)
        self.travel(2026, 12, 23, 9)
        self.assertNotIn(ticket, self.late_tickets())
        self.send(answer)
        self.assertEqual(answer.with_user(self.technician).response_hours, 0.0)
        self.assertEqual(self.clock(ticket).messaging_waiting_on, "requester")

    def test_a_ticket_without_team_counts_in_its_company_hours_with_no_target(self):
        self.travel(2026, 11, 23, 9)
        ticket = self.new_ticket(team_id=False)
        self.assertEqual(self.clock(ticket).messaging_waiting_on, "team")
        self.assertFalse(self.clock(ticket).messaging_response_due)
        self.travel(2026, 12, 23, 9)
        self.assertNotIn(ticket, self.late_tickets())
