# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Where people look at the clocks: the ticket list, kanban and filters, the
requester's ticket list on the portal, and the Response times report."""

from odoo.tests import HttpCase, JsonRpcException, tagged

from .clock_common import ClockCommon


@tagged("post_install", "-at_install")
class TestClockViews(ClockCommon, HttpCase):
    def call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def answered_ticket(self, name):
        ticket = self.new_ticket(name=name)
        answer = self.team_says(ticket)
        self.send(answer)
        return ticket, answer

    def test_portal_list_shows_where_the_reply_is_awaited(self):
        self.travel(2026, 11, 23, 9)
        self.answered_ticket("Answered ticket")
        self.new_ticket(name="Unanswered ticket")
        self.authenticate("requester", "requester")
        page = self.url_open("/my/tickets").text
        rows = {
            name: row
            for row in page.split("<tr")
            for name in ("Answered ticket", "Unanswered ticket")
            if name in row
        }
        self.assertIn("Your reply is awaited", rows["Answered ticket"])
        self.assertNotIn("Your reply is awaited", rows["Unanswered ticket"])

    def test_list_kanban_and_filters_for_technicians(self):
        self.travel(2026, 11, 27, 16)
        waiting = self.new_ticket(name="Waiting on us")
        answered, _answer = self.answered_ticket("Waiting on the requester")
        self.travel(2026, 11, 30, 12)
        self.env.invalidate_all()
        self.authenticate("technician", "technician")
        views = self.call_kw(
            "helpdesk.ticket",
            "get_views",
            [],
            {"views": [[False, "list"], [False, "kanban"], [False, "search"]]},
        )["views"]
        self.assertIn("messaging_clock_label", views["list"]["arch"])
        self.assertIn("messaging_clock_label", views["kanban"]["arch"])
        for name in ("messaging_waiting_on_team", "messaging_late"):
            self.assertIn(name, views["search"]["arch"])
        found = self.call_kw(
            "helpdesk.ticket",
            "web_search_read",
            [],
            {
                "domain": [
                    ("id", "in", [waiting.id, answered.id]),
                    ("messaging_response_late", "=", True),
                ],
                "specification": {
                    "name": {},
                    "messaging_clock_label": {},
                    "messaging_waiting_on": {},
                },
            },
        )["records"]
        self.assertEqual([r["name"] for r in found], ["Waiting on us"])
        self.assertTrue(found[0]["messaging_clock_label"].startswith("Waiting on us"))
        requester_side = self.call_kw(
            "helpdesk.ticket",
            "search",
            [[("messaging_waiting_on", "=", "requester")]],
        )
        self.assertIn(answered.id, requester_side)
        self.assertNotIn(waiting.id, requester_side)

    def test_response_times_report(self):
        self.travel(2026, 11, 23, 9)
        answers = [self.team_says(self.new_ticket()) for _index in range(2)]
        for hour, answer in zip((10, 15), answers, strict=True):
            self.travel(2026, 11, 23, hour)
            self.send(answer)
        self.record_responses()
        self.authenticate("leader", "leader")
        groups = self.call_kw(
            "helpdesk.ticket.comment.response",
            "formatted_read_group",
            [],
            {
                "domain": [],
                "groupby": ["team_id", "reached_date:week"],
                "aggregates": [
                    "response_hours:avg",
                    "first_response_hours:avg",
                    "within_target:avg",
                ],
            },
        )
        self.assertEqual(len(groups), 1)
        # answered after 1 h (within the 4 h target) and after 5 h (late)
        self.assertAlmostEqual(groups[0]["response_hours:avg"], 3.0, places=6)
        self.assertEqual(groups[0]["within_target:avg"], 50)
        views = self.call_kw(
            "helpdesk.ticket.comment.response",
            "get_views",
            [],
            {"views": [[False, "graph"], [False, "pivot"]]},
        )["views"]
        self.assertIn("response_hours", views["pivot"]["arch"])
        self.authenticate("technician", "technician")
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call_kw(
                "helpdesk.ticket.comment.response", "search_read", [[], ["ticket_id"]]
            )
