# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.tests import tagged
from odoo.tools import format_datetime

from .common import MessagingCommon


@tagged("post_install", "-at_install")
class TestSending(MessagingCommon):
    def test_technician_comment_emails_requester_once(self):
        with self.mock_mail_gateway():
            comment = self.comment("Have you tried turning it off?")
        mails = self.mails_of(comment)
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.recipient_ids, self.requester)
        self.assertEqual(mails.state, "outgoing")
        self.assertEqual(comment.delivery_state, "queued")
        self.assertEqual(comment.author_id, self.technician.partner_id)
        # the email belongs to the ticket's thread
        self.assertEqual(mails.model, "helpdesk.ticket")
        self.assertEqual(mails.res_id, self.ticket.id)
        self.assertEqual(comment.message_id.model, "helpdesk.ticket")
        self.assertEqual(comment.message_id.res_id, self.ticket.id)
        self.assertIn(comment.message_id.message_id, mails.references)
        # no standard notification besides ours
        self.assertEqual(self._new_mails, mails)
        notif = comment.notification_ids
        self.assertEqual(notif.res_partner_id, self.requester)
        self.assertEqual(notif.notification_status, "ready")

    def test_keys_replaced_with_values(self):
        with self.mock_mail_gateway():
            comment = self.comment("<p>Check the <b>cable</b></p>")
        mail = self.mails_of(comment)
        self.assertEqual(
            mail.messaging_subject,
            f"[{self.ticket.number}] New comment from Tereza Technician",
        )
        body = mail.body_html
        self.assertNotIn("${", body)
        for value in (
            self.ticket.number,
            "<b>cable</b>",
            "Tereza Technician",
            "Rita Requester",
            self.ticket.name,
        ):
            self.assertIn(value, body)
        # sent email: subject is the rendered one, not the chatter message's
        with self.mock_mail_gateway():
            mail.send()
        self.assertEqual(len(self._mails), 1)
        self.assertEqual(
            self._mails[0]["subject"],
            f"[{self.ticket.number}] New comment from Tereza Technician",
        )
        self.assertEqual(
            self._mails[0]["email_to"],
            ['"Rita Requester" <rita.requester@example.com>'],
        )
        self.assertEqual(comment.delivery_state, "sent")

    def test_date_in_recipient_time_zone(self):
        self.template.body_html = "<p>${DATETIMECREATED}</p>"
        with self.mock_mail_gateway():
            comment = self.comment("Hello")
        comment.invalidate_recordset()
        created = comment.create_date
        body = self.mails_of(comment).body_html
        expected = format_datetime(
            self.env, created, tz="America/Sao_Paulo", lang_code="en_US"
        )
        utc = format_datetime(self.env, created, tz="UTC", lang_code="en_US")
        self.assertIn(expected, body)
        self.assertNotEqual(expected, utc)

    def test_requester_comment_emails_technician_only(self):
        with self.mock_mail_gateway():
            comment = self.comment(
                "It is still on fire", author=self.requester, user=self.env.user
            )
        mails = self.mails_of(comment)
        self.assertEqual(mails.recipient_ids, self.technician.partner_id)
        self.assertNotIn(self.requester, mails.recipient_ids)
        self.assertEqual(self._new_mails, mails)

    def test_requester_comment_without_technician_goes_to_team_leader(self):
        ticket = self._create_ticket(user_id=False)
        ticket.user_id = False
        with self.mock_mail_gateway():
            comment = self.comment("Anyone?", ticket=ticket, author=self.requester)
        self.assertEqual(self.mails_of(comment).recipient_ids, self.leader.partner_id)

    def test_requester_comment_without_anybody_is_kept_with_notice(self):
        team = self.env["helpdesk.ticket.team"].create({"name": "Empty team"})
        ticket = self._create_ticket(team_id=team.id, user_id=False)
        ticket.user_id = False
        with self.mock_mail_gateway():
            comment = self.comment("Anyone?", ticket=ticket, author=self.requester)
        self.assertFalse(self.mails_of(comment))
        self.assertEqual(comment.delivery_state, "not_sent")
        self.assertIn("no responsible technician", comment.delivery_warning)
        self.assertTrue(
            ticket.message_ids.filtered(lambda m: "was not emailed" in m.body)
        )

    def test_author_never_receives_his_comment(self):
        ticket = self._create_ticket(partner_id=self.technician.partner_id.id)
        with self.mock_mail_gateway():
            comment = self.comment("Self talk", ticket=ticket)
        self.assertFalse(self.mails_of(comment))
        self.assertEqual(comment.delivery_state, "not_sent")

    def test_cc_and_email_only_requester_are_reached(self):
        ticket = self._create_ticket(
            partner_id=False,
            partner_name="Eve Emailonly",
            partner_email="eve@example.com",
            email_cc="boss@example.com, Tereza <tereza.technician@example.com>",
        )
        with self.mock_mail_gateway():
            comment = self.comment("For all of you", ticket=ticket)
        mails = self.mails_of(comment)
        self.assertEqual(
            sorted(mails.mapped("email_to")), ["boss@example.com", "eve@example.com"]
        )
        self.assertIn("Eve Emailonly", mails[0].body_html)
        self.assertEqual(
            sorted(comment.notification_ids.mapped("mail_email_address")),
            ["boss@example.com", "eve@example.com"],
        )
        self.assertEqual(comment.delivery_state, "queued")

    def test_handle_in_odoo_technician_gets_inbox_notification(self):
        self.technician.notification_type = "inbox"
        with self.mock_mail_gateway():
            comment = self.comment("Ping", author=self.requester, user=self.env.user)
        self.assertFalse(self.mails_of(comment))
        notif = comment.notification_ids
        self.assertEqual(notif.notification_type, "inbox")
        self.assertEqual(notif.res_partner_id, self.technician.partner_id)
        self.assertEqual(comment.delivery_state, "sent")

    def test_internal_note_sends_nothing(self):
        with self.mock_mail_gateway():
            comment = self.comment("Customer is grumpy", is_internal=True)
        self.assertFalse(self.mails_of(comment))
        self.assertFalse(self._new_mails)
        self.assertEqual(comment.delivery_state, "not_sent")
        self.assertTrue(comment.message_id.subtype_id.internal)

    def test_import_context_sends_nothing(self):
        with self.mock_mail_gateway():
            comment = (
                self.env["helpdesk.ticket.comment"]
                .with_context(citsmart_messaging_no_send=True)
                .create({"ticket_id": self.ticket.id, "body": "Old conversation"})
            )
        self.assertFalse(self._new_mails)
        self.assertTrue(comment.message_id)
        self.assertEqual(comment.delivery_state, "imported")
        # never offered for resend, even by its technician
        self.env.invalidate_all()
        comment.with_user(self.technician).action_resend()
        self.assertFalse(self.mails_of(comment))
        self.assertEqual(comment.delivery_state, "imported")

    def test_attachments_travel_with_email(self):
        attachment = self.env["ir.attachment"].create(
            {
                "name": "log.txt",
                "raw": b"smoke",
                "res_model": "helpdesk.ticket",
                "res_id": self.ticket.id,
            }
        )
        with self.mock_mail_gateway():
            comment = self.comment("See log", attachment_ids=[(6, 0, attachment.ids)])
        self.assertEqual(self.mails_of(comment).attachment_ids, attachment)

    def test_mail_queue_is_the_fallback_once_per_batch(self):
        """The mails leave right after commit (test_delivery_after_commit);
        the mail queue's cron is triggered once for when it may take over,
        not woken now."""
        cron = self.env.ref("mail.ir_cron_mail_scheduler_action")
        triggers = self.env["ir.cron.trigger"].sudo()
        before = triggers.search([("cron_id", "=", cron.id)])
        with self.mock_mail_gateway():
            comments = (
                self.env["helpdesk.ticket.comment"]
                .with_user(self.technician)
                .create(
                    [
                        {"ticket_id": self.ticket.id, "body": f"Batch {i}"}
                        for i in range(3)
                    ]
                )
            )
        added = triggers.search([("cron_id", "=", cron.id)]) - before
        self.assertEqual(len(added), 1)
        mails = self.mails_of(comments)
        self.assertEqual(len(mails), 3)
        self.assertEqual(set(mails.mapped("scheduled_date")), {added.call_at})
        self.assertGreater(added.call_at, fields.Datetime.now())
        # nothing was sent within the request
        self.assertFalse(self._mails)

    def test_batch_create_50_comments_on_several_tickets(self):
        tickets = (
            self.ticket
            + self._create_ticket(name="Second")
            + self._create_ticket(
                name="Third", partner_id=False, partner_email="third@example.com"
            )
        )
        vals_list = []
        for index in range(50):
            ticket = tickets[index % 3]
            from_requester = index % 5 == 0 and ticket.partner_id
            vals_list.append(
                {
                    "ticket_id": ticket.id,
                    "body": f"<p>Batch comment {index}</p>",
                    "author_id": (
                        self.requester if from_requester else self.technician.partner_id
                    ).id,
                }
            )
        with self.mock_mail_gateway():
            comments = self.env["helpdesk.ticket.comment"].create(vals_list)
        self.assertEqual(len(comments), 50)
        for comment, vals in zip(comments, vals_list, strict=True):
            mail = self.mails_of(comment)
            self.assertEqual(len(mail), 1, vals["body"])
            self.assertIn(vals["body"], mail.body_html)
            self.assertIn(comment.ticket_id.number, mail.messaging_subject)
            if comment.author_id == self.requester:
                self.assertEqual(mail.recipient_ids, self.technician.partner_id)
            elif comment.ticket_id.partner_id:
                self.assertEqual(mail.recipient_ids, self.requester)
            else:
                self.assertEqual(mail.email_to, "third@example.com")
        self.assertEqual(len(self._new_mails), 50)
