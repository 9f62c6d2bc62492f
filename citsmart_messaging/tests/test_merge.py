# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Beside helpdesk_mgmt_merge (PRODUCT.md behaviour 13): a merge moves the
merged ticket's chatter to the surviving ticket; its comments follow."""

from markupsafe import Markup

from odoo.tests import HttpCase, tagged

from .common import MessagingCommon

MERGE_MODULE = "helpdesk_mgmt_merge"


@tagged("post_install", "-at_install")
class TestMerge(MessagingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survivor = cls.ticket
        cls.duplicate = cls._create_ticket(name="Printer on fire, again")
        Comment = cls.env["helpdesk.ticket.comment"]

        def comment(ticket, text, author, **values):
            return Comment.create(
                {
                    "ticket_id": ticket.id,
                    "body": Markup(f"<p>{text}</p>"),
                    "author_id": author.id,
                    **values,
                }
            )

        tereza = cls.technician.partner_id
        cls.kept = comment(cls.survivor, "SURVIVOR-ANSWER", tereza)
        cls.merged = (
            comment(cls.duplicate, "MERGED-QUESTION", cls.requester)
            + comment(cls.duplicate, "MERGED-ANSWER", tereza)
            + comment(cls.duplicate, "MERGED-NOTE", tereza, is_internal=True)
        )

    def assert_merge_installed(self):
        module = self.env["ir.module.module"].search([("name", "=", MERGE_MODULE)])
        self.assertEqual(
            module.state,
            "installed",
            f"{MERGE_MODULE} is not installed in the test database: the test "
            f"command must install it (pip install odoo-addon-{MERGE_MODULE})",
        )

    def merge_as_administrator(self):
        """The wizard of the ticket list's action. As the administrator:
        helpdesk_mgmt_merge moves messages by writing their ``res_id``, which
        Odoo 19 allows administrators only."""
        self.env.flush_all()
        self.env.invalidate_all()
        self.authenticate("admin", "admin")
        context = {
            "active_model": "helpdesk.ticket",
            "active_ids": [self.survivor.id, self.duplicate.id],
        }
        call = "/web/dataset/call_kw/helpdesk.ticket.merge/"
        wizard_id = self.make_jsonrpc_request(
            call + "create",
            {
                "model": "helpdesk.ticket.merge",
                "method": "create",
                "args": [{"dst_ticket_id": self.survivor.id}],
                "kwargs": {"context": context},
            },
        )
        self.make_jsonrpc_request(
            "/web/dataset/call_button/helpdesk.ticket.merge/merge_tickets",
            {
                "model": "helpdesk.ticket.merge",
                "method": "merge_tickets",
                "args": [[wizard_id]],
                "kwargs": {"context": context},
            },
        )
        self.env.invalidate_all()

    def test_comments_follow_their_messages_to_the_surviving_ticket(self):
        self.assert_merge_installed()
        messages = self.merged.message_id
        self.merge_as_administrator()
        self.assertFalse(self.duplicate.active)
        # the module moved the chatter...
        self.assertEqual(set(messages.mapped("res_id")), {self.survivor.id})
        # ...and every comment came with it
        self.assertLessEqual(self.kept + self.merged, self.survivor.comment_ids)
        self.assertFalse(self.duplicate.with_context(active_test=False).comment_ids)
        self.assertEqual(self.merged.message_id, messages)

    def test_surviving_portal_page_shows_the_merged_thread(self):
        self.assert_merge_installed()
        self.merge_as_administrator()
        self.authenticate("requester", "requester")
        response = self.url_open(f"/my/ticket/{self.survivor.id}")
        self.assertEqual(response.status_code, 200)
        for text in ("SURVIVOR-ANSWER", "MERGED-QUESTION", "MERGED-ANSWER"):
            self.assertIn(text, response.text)
        self.assertNotIn("MERGED-NOTE", response.text)

    def test_comment_history_of_the_surviving_ticket(self):
        self.assert_merge_installed()
        self.merge_as_administrator()
        self.template.body_html = Markup("<div>${COMMENTHISTORY}</div>")
        with self.mock_mail_gateway():
            comment = self.comment("After the merge", ticket=self.survivor)
        # the latest public comments, whichever ticket they were written on
        body = self.mails_of(comment).body_html
        self.assertIn("MERGED-ANSWER", body)
        self.assertNotIn("MERGED-NOTE", body)
