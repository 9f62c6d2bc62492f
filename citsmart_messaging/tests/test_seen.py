# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Seen marks: the requester opening his ticket's portal page or answering,
a technician opening the ticket; never shown to the requester."""

from email.message import EmailMessage
from email.utils import make_msgid

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged, warmup

from .clock_common import ClockCommon

# Queries of the requester's visit of his ticket page, with one new team
# answer (emailed) that the visit marks seen. Before the clocks (base of the
# clocks branch) the same visit took: logged in 19, with the token 20.
VISIT_QUERIES = {"logged_in": 22, "token": 23}


@tagged("post_install", "-at_install")
class TestSeen(ClockCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.token = cls.ticket._portal_ensure_token()
        cls.page = f"/my/ticket/{cls.ticket.id}"

    def answer(self, body="Restart it", ticket=None):
        """A team answer whose email was sent (and its bus notifications
        stored, as the mail queue's transaction commits)."""
        answer = self.team_says(ticket or self.ticket, body)
        self.send(answer)
        self.env.cr.precommit.run()
        return answer

    def seen_date(self, comment):
        self.env.invalidate_all()
        return comment.with_user(self.technician).seen_date

    def test_visit_with_the_token_marks_the_team_comments_seen(self):
        self.travel(2026, 11, 23, 9)
        question = self.requester_says(self.ticket, "Is it fixed?")
        answer = self.answer()
        visit = self.travel(2026, 11, 23, 10)
        response = self.url_open(f"{self.page}?access_token={self.token}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.seen_date(answer), visit)
        self.assertFalse(self.seen_date(question))
        self.assertIn("o_messaging_new", response.text)
        # a second visit keeps the first date and shows nothing new
        self.travel(2026, 11, 23, 11)
        response = self.url_open(f"{self.page}?access_token={self.token}")
        self.assertEqual(self.seen_date(answer), visit)
        self.assertNotIn("o_messaging_new", response.text)

    def test_visit_logged_in_marks_the_team_comments_seen(self):
        self.travel(2026, 11, 23, 9)
        answer = self.answer()
        visit = self.travel(2026, 11, 23, 10)
        self.authenticate("requester", "requester")
        self.assertEqual(self.url_open(self.page).status_code, 200)
        self.assertEqual(self.seen_date(answer), visit)

    def test_a_visit_by_someone_else_marks_nothing(self):
        company = self.env["res.partner"].create(
            {"name": "Requester Inc.", "is_company": True}
        )
        self.requester.parent_id = company
        colleague = self.env["res.users"].create(
            {
                "name": "Carla Colleague",
                "login": "colleague",
                "password": "colleague",
                "email": "carla@example.com",
                "parent_id": company.id,
                "group_ids": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        self.assertEqual(colleague.commercial_partner_id, company)
        self.travel(2026, 11, 23, 9)
        answer = self.answer()
        self.travel(2026, 11, 23, 10)
        for login in ("colleague", "technician"):
            self.authenticate(login, login)
            response = self.url_open(self.page)
            self.assertEqual(response.status_code, 200, login)
            self.assertIn("Restart it", response.text)
            self.assertFalse(self.seen_date(answer), login)
        # a token of another ticket is no token for this one
        self.authenticate(None, None)
        other = self.new_ticket()
        self.url_open(f"{self.page}?access_token={other._portal_ensure_token()}")
        self.assertFalse(self.seen_date(answer))

    def test_an_answer_by_email_is_seeing(self):
        self.travel(2026, 11, 23, 9)
        answer = self.answer("Please send the model number")
        mail = self.mails_of(answer)
        replied = self.travel(2026, 11, 23, 15)
        message = EmailMessage()
        message["From"] = "Rita Requester <rita.requester@example.com>"
        message["To"] = f"catchall.test@{self.alias_domain}"
        message["Subject"] = "Re: model number"
        message["Message-Id"] = make_msgid(domain="client.example.com")
        message["In-Reply-To"] = mail.message_id
        message.set_content("It is a LaserJet 4.")
        with self.mock_mail_gateway():
            self.env["mail.thread"].message_process(None, message.as_string())
        reply = self.ticket.comment_ids.filtered(lambda c: "LaserJet" in c.body)
        self.assertTrue(reply.from_requester)
        self.assertEqual(self.seen_date(answer), replied)
        self.assertEqual(self.clock(self.ticket).messaging_waiting_on, "team")

    def call_kw(self, model, method, args):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": {}},
        )

    def test_a_technician_opening_the_ticket_sees_the_requester_comments(self):
        self.travel(2026, 11, 23, 9)
        question = self.requester_says(self.ticket, "Is it fixed?")
        answer = self.answer()
        # the requester calling the form's method sees nothing
        self.authenticate("requester", "requester")
        self.assertFalse(
            self.call_kw("helpdesk.ticket", "messaging_mark_seen", [[self.ticket.id]])
        )
        self.assertFalse(self.seen_date(question))
        opened = self.travel(2026, 11, 23, 10)
        self.authenticate("technician", "technician")
        self.assertTrue(
            self.call_kw("helpdesk.ticket", "messaging_mark_seen", [[self.ticket.id]])
        )
        self.assertEqual(self.seen_date(question), opened)
        self.assertFalse(self.seen_date(answer))

    def test_the_technician_chatter_shows_when_a_comment_was_seen(self):
        self.travel(2026, 11, 23, 9)
        question = self.requester_says(self.ticket, "Is it fixed?")
        answer = self.answer()
        visit = self.travel(2026, 11, 23, 10)
        self.url_open(f"{self.page}?access_token={self.token}")
        self.authenticate("technician", "technician")
        result = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "helpdesk.ticket", "thread_id": self.ticket.id},
        )
        seen = {
            message["id"]: message.get("citsmart_seen_date")
            for message in result["data"]["mail.message"]
        }
        self.assertEqual(seen[answer.message_id.id], str(visit))
        self.assertFalse(seen[question.message_id.id])

    def test_seen_marks_never_reach_the_requester(self):
        self.travel(2026, 11, 23, 9)
        question = self.requester_says(self.ticket, "Is it fixed?")
        self.ticket.with_user(self.technician).messaging_mark_seen()
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            question.with_user(self.requester_user).read(["seen_date"])
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.requester_user).read(["messaging_waiting_on"])
        response = self.url_open(f"{self.page}?access_token={self.token}")
        self.assertNotIn("o-citsmart-Message-seen", response.text)
        self.assertNotIn("Seen", response.text)

    def test_a_visit_never_writes_the_ticket_row(self):
        self.travel(2026, 11, 23, 9)
        self.answer()
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT write_date FROM helpdesk_ticket WHERE id = %s", [self.ticket.id]
        )
        before = self.env.cr.fetchone()[0]
        self.travel(2026, 11, 23, 10)
        self.url_open(f"{self.page}?access_token={self.token}")
        self.env.cr.execute(
            "SELECT write_date FROM helpdesk_ticket WHERE id = %s", [self.ticket.id]
        )
        self.assertEqual(self.env.cr.fetchone()[0], before)

    @warmup
    def test_query_count_of_a_visit_that_marks_seen_logged_in(self):
        answer = self.answer()
        self.authenticate("requester", "requester")
        with self.assertQueryCount(VISIT_QUERIES["logged_in"]):
            self.url_open(self.page)
        self.assertTrue(self.seen_date(answer))

    @warmup
    def test_query_count_of_a_visit_that_marks_seen_with_the_token(self):
        answer = self.answer()
        with self.assertQueryCount(VISIT_QUERIES["token"]):
            self.url_open(f"{self.page}?access_token={self.token}")
        self.assertTrue(self.seen_date(answer))
