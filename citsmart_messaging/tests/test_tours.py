# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every screen of the add-on in a real browser (Chromium), as its real user.
The tours are in static/tests/tours/."""

import unittest

from markupsafe import Markup

from odoo.tests import HttpCase, tagged

from .common import MessagingCommon


class MessagingTourCase(MessagingCommon, HttpCase):
    # the narrowest desktop the screens are checked at
    browser_size = "1400x900"

    def start_tour(self, url_path, tour_name, **kwargs):
        """A tour that cannot run is a failure, never a skip."""
        try:
            return super().start_tour(url_path, tour_name, **kwargs)
        except unittest.SkipTest as error:
            self.fail(f"Tour {tour_name} could not run in a browser: {error}")

    def no_send_comment(self, body, **values):
        return (
            self.env["helpdesk.ticket.comment"]
            .with_context(citsmart_messaging_no_send=True)
            .create(
                {
                    "ticket_id": self.ticket.id,
                    "body": Markup(body),
                    "author_id": self.technician.partner_id.id,
                    **values,
                }
            )
        )


@tagged("post_install", "-at_install")
class TestTours(MessagingTourCase):
    def test_admin_settings_preview_and_template(self):
        self.no_send_comment("<p>Please restart the printer</p>")
        self.template.subject += " ${NOTAKEY}"
        # no alias domain: Reply-To would be the author's own address
        self.env.company.alias_domain_id = False
        with self.mock_mail_gateway():
            self.start_tour(
                "/odoo/action-helpdesk_mgmt.action_helpdesk_mgmt_config_settings",
                "citsmart_messaging_admin",
                login="admin",
            )
        test_mail = self.env["mail.mail"].search(
            [("email_to", "=", self.user_admin.email_formatted)]
        )
        self.assertEqual(len(test_mail), 1)
        self.assertIn("[Test] [", test_mail.subject)
        self.assertIn("Please restart the printer", test_mail.body_html)

    def test_other_template_form_opens(self):
        other = self.env.ref("helpdesk_mgmt.closed_ticket_template")
        self.start_tour(
            f"/odoo/action-mail.action_email_template_tree_all/{other.id}",
            "citsmart_messaging_other_template",
            login="admin",
        )

    def test_technician_sends_and_resends(self):
        email = self.requester.email
        self.requester.email = False
        with self.mock_mail_gateway():
            failed = self.comment("<p>Can you send the serial number?</p>")
        self.assertEqual(failed.delivery_state, "failed")
        self.requester.email = email
        self.env.invalidate_all()
        with self.mock_mail_gateway():
            self.start_tour(
                f"/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/{self.ticket.id}",
                "citsmart_messaging_technician",
                login="technician",
            )
        self.env.invalidate_all()
        sent = self.ticket.comment_ids - failed
        self.assertEqual(len(sent), 1)
        self.assertIn("Your printer is repaired.", sent.body)
        self.assertEqual(sent.author_id, self.technician.partner_id)
        self.assertFalse(sent.is_internal)
        self.assertEqual(failed.delivery_state, "queued")
        self.assertEqual(self.mail_to(failed, self.requester).state, "outgoing")

    def test_requester_reads_and_answers(self):
        answer = self.no_send_comment("<p>Please restart the printer</p>")
        with self.mock_mail_gateway():
            self.start_tour(
                "/my/tickets", "citsmart_messaging_portal_comment", login="requester"
            )
        comment = self.ticket.comment_ids - answer
        self.assertEqual(len(comment), 1)
        self.assertIn("Restarted, it works now", comment.body)
        self.assertEqual(
            self.mails_of(comment).recipient_ids, self.technician.partner_id
        )
