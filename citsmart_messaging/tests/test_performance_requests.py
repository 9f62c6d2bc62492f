# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Query counts of the three requests people make on a ticket, each by its
real caller over its real path, locked so that they cannot regress
silently: the technician's "Send message" in the chatter, the requester's
post from the ticket's page, a reply through the mail gateway. Counted in
test mode (the test cursor's savepoints included), after one warm-up
request; `scripts/benchmark.py requests` compares them with stock
helpdesk_mgmt on a real server. Lower a number when an optimization lowers
it; never raise it without knowing why."""

import re
from email.message import EmailMessage
from email.utils import make_msgid

from odoo.tests import HttpCase, tagged

from .common import MessagingCommon

QUERY_COUNTS = {
    "chatter_post": 43,
    "portal_post": 44,
    "inbound_reply": 68,
}


@tagged("post_install", "-at_install")
class TestPerformanceRequests(MessagingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team.alias_name = "support"
        cls.ticket.message_subscribe(
            partner_ids=(cls.requester + cls.technician.partner_id).ids
        )

    def assertRequestQueries(self, name, request):
        """``request()`` twice (warm-up, then counted): the count locked."""
        for _round in ("warm-up", "counted"):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            request()
            self.env.flush_all()
            count = self.env.cr.sql_log_count - before
        self.assertEqual(count, QUERY_COUNTS[name], f"{name}: {count} queries")

    def test_chatter_post(self):
        self.authenticate("technician", "technician")
        params = {
            "post_data": {
                "body": "<p>Have you tried turning it off and on?</p>",
                "email_add_signature": True,
                "message_type": "comment",
                "subtype_xmlid": "mail.mt_comment",
            },
            "thread_id": self.ticket.id,
            "thread_model": "helpdesk.ticket",
        }
        comments = self.ticket.comment_ids

        def post():
            self.make_jsonrpc_request("/mail/message/post", params)

        self.assertRequestQueries("chatter_post", post)
        self.assertEqual(len(self.ticket.comment_ids - comments), 2)

    def test_portal_post(self):
        self.authenticate("requester", "requester")
        url = f"/my/ticket/{self.ticket.id}"
        csrf = re.search(
            r'name="csrf_token" value="([^"]+)"', self.url_open(url).text
        ).group(1)
        comments = self.ticket.comment_ids

        def post():
            response = self.url_open(
                f"{url}/comment",
                data={"body": "It still does not print.", "csrf_token": csrf},
                allow_redirects=False,
            )
            self.assertIn("messaging=sent", response.headers["Location"])

        self.assertRequestQueries("portal_post", post)
        self.assertEqual(len(self.ticket.comment_ids - comments), 2)

    def test_inbound_reply(self):
        first = self.comment("Have you tried turning it off and on?")
        mail = self.mails_of(first)
        comments = self.ticket.comment_ids

        def receive():
            message = EmailMessage()
            message["From"] = "Rita Requester <rita.requester@example.com>"
            message["To"] = f"support@{self.alias_domain}"
            message["Subject"] = f"Re: {mail.subject}"
            message["Message-Id"] = make_msgid(domain="client.example.com")
            message["In-Reply-To"] = mail.message_id
            message["References"] = mail.references
            message.set_content("Thanks, I will try this afternoon.")
            self.env["mail.thread"].message_process(None, message.as_string())

        self.assertRequestQueries("inbound_reply", receive)
        self.assertEqual(len(self.ticket.comment_ids - comments), 2)
