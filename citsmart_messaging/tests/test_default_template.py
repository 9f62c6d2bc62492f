# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import html
import re
from urllib.parse import urlsplit

from odoo.tests import HttpCase, tagged

from .common import MessagingCommon


@tagged("post_install", "-at_install")
class TestDefaultTemplate(MessagingCommon, HttpCase):
    """The shipped template's email leads to the ticket's portal page, and
    offers replying by email as the other way, not the only one."""

    def test_links_the_ticket_page_for_the_requester(self):
        with self.mock_mail_gateway():
            comment = self.comment("<p>Fixed, please check</p>")
        body = self.mail_to(comment, self.requester).body_html
        self.assertIn("View the ticket and answer", body)
        self.assertIn("or reply to this email", body)
        self.assertNotIn("${", body)
        link = html.unescape(re.search(r'<a [^>]*href="([^"]+)"', body).group(1))
        url = urlsplit(link)
        self.assertEqual(url.path, f"/my/ticket/{self.ticket.id}")
        self.assertIn(f"access_token={self.ticket.access_token}", url.query)
        # the link opens the ticket, with the answer, for a visitor
        page = self.url_open(f"{url.path}?{url.query}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Fixed, please check", page.text)
        self.assertIn('id="citsmart_messaging_body"', page.text)
