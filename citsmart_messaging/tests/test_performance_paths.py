# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Query counts of the three requests people make, each made by its real
caller over its real path: a technician's "Send message" in the chatter, a
requester's portal post, an inbound reply through the mail gateway. Each is
counted the second time it is made, caches warm, as on a running server
(the test cursor's savepoints are not counted). Lower a number here when an
optimization lowers it; never raise it without knowing why.
`scripts/benchmark.py` compares these requests with stock Odoo's."""

import logging
import re
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime as rfc_date
from email.utils import make_msgid
from xmlrpc.client import Binary

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import MessagingCommon

_logger = logging.getLogger(__name__)

# queries of the whole request, the comment's email queued included
QUERY_COUNTS = {
    "chatter_post": 39,
    "portal_post": 40,
    "inbound_reply": 69,
}


@tagged("post_install", "-at_install")
class TestPerformancePaths(MessagingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the chatter's usual case: the requester follows his ticket, so the
        # web client suggests no recipient and posts to the followers
        cls.ticket.message_subscribe(partner_ids=cls.requester.ids)
        cls.team.alias_name = "support"
        cls.alias_address = f"support@{cls.alias_domain}"

    def assertRequestQueries(self, path, request, before_request=None):
        """Make ``request`` twice, each after ``before_request``; the
        second one, caches warm, may make at most the locked number of
        queries. Return the comments the two made, oldest first."""
        made = self.env["helpdesk.ticket.comment"]
        for _request in range(2):  # the second one is counted
            if before_request:
                before_request()
            before = self.ticket.comment_ids
            # this test's pending work (bus notifications included) first
            self.env.cr.flush()
            self.env.invalidate_all()
            count0 = self.cr.sql_log_count
            request()
            count = self.cr.sql_log_count - count0
            self.env.invalidate_all()
            # one comment per request
            self.assertEqual(len(self.ticket.comment_ids - before), 1)
            made += self.ticket.comment_ids - before
        expected = QUERY_COUNTS[path]
        self.assertLessEqual(count, expected, f"{path}: more queries than locked")
        if count < expected:
            _logger.info(
                "%s: fewer queries than locked: %d < %d", path, count, expected
            )
        return made

    def assertOneEmail(self, comment, author, recipient):
        self.assertEqual(comment.author_id, author)
        mails = self.mails_of(comment)
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.recipient_ids, recipient)
        self.assertEqual(comment.delivery_state, "queued")

    # ------------------------------------------------------------------
    # The technician's "Send message" in the chatter
    # ------------------------------------------------------------------

    def test_chatter_post(self):
        self.authenticate("technician", "technician")

        def send_message():
            # the payload of Odoo 19's web client (store_service.js
            # getMessagePostParams, thread_model.js post)
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "post_data": {
                        "body": "<p>Have you tried turning it off and on?</p>",
                        "email_add_signature": True,
                        "message_type": "comment",
                        "subtype_xmlid": "mail.mt_comment",
                    },
                    "thread_id": self.ticket.id,
                    "thread_model": "helpdesk.ticket",
                    "context": {
                        "lang": "en_US",
                        "tz": "Europe/Brussels",
                        "uid": self.technician.id,
                        "allowed_company_ids": self.technician.company_ids.ids,
                        "temporary_id": 1000.01,
                    },
                },
            )

        with self.mock_mail_gateway():
            comments = self.assertRequestQueries("chatter_post", send_message)
        for comment in comments:
            self.assertOneEmail(comment, self.technician.partner_id, self.requester)

    # ------------------------------------------------------------------
    # The requester's portal post
    # ------------------------------------------------------------------

    def test_portal_post(self):
        self.authenticate("requester", "requester")
        page = self.url_open(f"/my/ticket/{self.ticket.id}")
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

        def post():
            response = self.url_open(
                f"/my/ticket/{self.ticket.id}/comment",
                data={"body": "It is still on fire.", "csrf_token": csrf},
                allow_redirects=False,
            )
            self.assertEqual(response.status_code, 303)
            self.assertIn("messaging=sent", response.headers["Location"])

        with self.mock_mail_gateway():
            comments = self.assertRequestQueries("portal_post", post)
        for comment in comments:
            self.assertOneEmail(comment, self.requester, self.technician.partner_id)

    # ------------------------------------------------------------------
    # An inbound reply through the mail gateway
    # ------------------------------------------------------------------

    def test_inbound_reply(self):
        raw = {}

        def technician_answers():
            # each reply answers the technician's last email to the requester
            answer = self.mails_of(self.comment("Is it still on fire?"))
            message = EmailMessage()
            message["From"] = '"Rita Requester" <rita.requester@example.com>'
            message["To"] = self.alias_address
            message["Subject"] = f"Re: {self.ticket.number}"
            message["Date"] = rfc_date(datetime.now(UTC))
            message["Message-Id"] = make_msgid(domain="client.example.com")
            message["In-Reply-To"] = answer.message_id
            message["References"] = answer.references
            message.set_content("It is still on fire.")
            raw["reply"] = Binary(message.as_bytes())

        def mailgate():
            # odoo-mailgate's call (mail/static/scripts/odoo-mailgate.py)
            with mute_logger("odoo.addons.rpc.controllers.xmlrpc"):  # deprecated
                self.xmlrpc_object.execute_kw(
                    self.env.cr.dbname,
                    self.user_admin.id,
                    "admin",
                    "mail.thread",
                    "message_process",
                    [False, raw["reply"]],
                    {},
                )

        with self.mock_mail_gateway():
            comments = self.assertRequestQueries(
                "inbound_reply", mailgate, technician_answers
            )
        for reply in comments:
            self.assertIn("It is still on fire.", reply.body)
            self.assertOneEmail(reply, self.requester, self.technician.partner_id)
