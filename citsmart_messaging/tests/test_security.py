# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MessagingCommon


@tagged("post_install", "-at_install")
class TestSecurity(MessagingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Comment = cls.env["helpdesk.ticket.comment"].with_context(
            citsmart_messaging_no_send=True
        )
        cls.public = Comment.create({"ticket_id": cls.ticket.id, "body": "Public"})
        cls.note = Comment.create(
            {"ticket_id": cls.ticket.id, "body": "Secret", "is_internal": True}
        )
        cls.other_ticket = cls._create_ticket(
            name="Someone else's", partner_id=cls.other_portal_user.partner_id.id
        )
        cls.foreign = Comment.create(
            {"ticket_id": cls.other_ticket.id, "body": "Foreign"}
        )

    def test_portal_reads_only_public_comments_of_own_tickets(self):
        Comment = self.env["helpdesk.ticket.comment"].with_user(self.requester_user)
        self.assertEqual(Comment.search([]), self.public)
        self.assertEqual(
            self.ticket.with_user(self.requester_user).comment_ids, self.public
        )
        with self.assertRaises(AccessError):
            self.note.with_user(self.requester_user).read(["body"])
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.requester_user).read(["body"])

    def test_portal_cannot_create_or_write_comments(self):
        Comment = self.env["helpdesk.ticket.comment"].with_user(self.requester_user)
        with self.assertRaises(AccessError):
            Comment.create({"ticket_id": self.ticket.id, "body": "direct"})
        with self.assertRaises(AccessError):
            self.public.with_user(self.requester_user).write({"body": "edited"})

    def test_technician_reads_internal_notes(self):
        Comment = self.env["helpdesk.ticket.comment"].with_user(self.technician)
        self.assertIn(self.note, Comment.search([]))

    def test_own_tickets_user_does_not_see_other_tickets(self):
        own_user = self.env["res.users"].create(
            {
                "name": "Owen Own",
                "login": "own",
                "email": "own@example.com",
                "group_ids": [
                    (6, 0, [self.env.ref("helpdesk_mgmt.group_helpdesk_user_own").id])
                ],
            }
        )
        Comment = self.env["helpdesk.ticket.comment"].with_user(own_user)
        self.assertFalse(
            Comment.search([("id", "in", (self.public + self.foreign).ids)])
        )
        with self.assertRaises(AccessError):
            Comment.create({"ticket_id": self.ticket.id, "body": "not my ticket"})

    def test_comment_never_writes_ticket_row(self):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT write_date FROM helpdesk_ticket WHERE id = %s", [self.ticket.id]
        )
        before = self.env.cr.fetchone()[0]
        self.env.cr.execute("SELECT now()")
        with self.mock_mail_gateway():
            self.comment("No row lock on the ticket")
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT write_date FROM helpdesk_ticket WHERE id = %s", [self.ticket.id]
        )
        self.assertEqual(self.env.cr.fetchone()[0], before)
