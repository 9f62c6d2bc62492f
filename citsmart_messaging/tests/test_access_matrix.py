# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who may do what: every role against every entry point, over real requests
(JSON-RPC as the web client sends it, portal pages and forms, the portal's
JSON routes, downloads), each cell asserting the one allowed outcome.

``MATRIX`` is the table of the README's security section
(``markdown_table()`` prints it)."""

import re

from odoo.tests import tagged

from .common import (
    ACCESS_ERROR,
    HIDDEN_TEXT,
    LOGIN_REQUIRED,
    NOTE_FILE,
    NOTE_TEXT,
    PUBLIC_FILE,
    PUBLIC_TEXT,
    ROLES,
    MessagingRolesCommon,
)

COMMENT = "helpdesk.ticket.comment"
TICKET = "helpdesk.ticket"

ROLE_TITLES = {
    "public": "Public",
    "public_token": "Public + token",
    "requester": "Requester (portal)",
    "colleague": "Colleague (portal, same company)",
    "stranger": "Portal, other company",
    "employee": "Employee, no helpdesk group (follower)",
    "own_other": "Helpdesk own tickets, not responsible",
    "own_resp": "Helpdesk own tickets, responsible",
    "team": "Helpdesk team tickets, member",
    "manager": "Helpdesk manager",
    "admin": "Admin",
}

ACTION_TITLES = {
    "read_comments": "Read comments (`search_read` by RPC)",
    "create": "Create a comment (RPC)",
    "create_forged_message": "Create with a forged `message_id` (another record's)",
    "create_forged_bookkeeping": (
        "Create with forged `delivery_state`, `delivery_warning`, `notification_ids`"
    ),
    "create_forged_author": "Create with a forged `author_id` (the requester)",
    "resend_smtp_failed": "`action_resend`, mail kept in exception (SMTP error)",
    "resend_no_mail": "`action_resend`, failed without a mail (address fixed since)",
    "resend_imported": "`action_resend` of an imported comment (`no_send`)",
    "preview": "Preview and test (Odoo's `mail.template.preview`) of a comment",
    "message_new": "`message_new` by RPC quoting the ticket's number, To/Cc others",
    "message_update": "`message_update` by RPC on a ticket of another team",
    "message_post": "`message_post` by RPC (Send message)",
    "chatter_post": "`/mail/message/post` (portal chatter post)",
    "portal_page": "Portal page `/my/ticket/<id>` (`?access_token=`)",
    "portal_post": "POST `/my/ticket/<id>/comment`",
    "chatter_fetch": "`/mail/chatter_fetch`",
    "portal_json": "`/portal/chatter_init`, `/mail/thread/messages`",
    "download_public": "Download a public comment's attachment (page link)",
    "download_note": "Download an internal note's attachment",
}

OUTCOMES = {
    "login": "login required",
    "denied": "AccessError",
    "company_public": "public ones of his company's tickets",
    "none": "nothing",
    "followed_all": "followed tickets', notes too",
    "own_all": "own tickets', notes too",
    "team_all": "team tickets', notes too",
    "everything": "all",
    "created": "yes, as himself",
    "ignored": "ignored",
    "author_kept": "yes (imports)",
    "requeued": "re-queued",
    "nothing_queued": "nothing queued",
    "previewed": "yes, and a test email",
    "previewed_no_test": "yes; test email AccessError",
    "nothing_shown": "nothing of the comment",
    "quoted_untouched_denied": "AccessError, quoted ticket untouched",
    "quoted_untouched": "new ticket or AccessError, quoted ticket untouched",
    "allowed": "yes (stock)",
    "to_team": "public comment → technician",
    "to_requester": "public comment → requester",
    "by_self": "public comment (stock: a follower may post)",
    "as_requester": "public comment as the requester → technician",
    "refused": "error, nothing created",
    "page": "200, public comments only",
    "redirect": "redirect `/my` or login, no data",
    "redirect_nothing": "redirect, nothing created",
    "public_only": "public messages only",
    "no_notes": "no internal note",
    "with_notes": "notes too (back-end chatter)",
    "download": "yes",
    "no": "no",
}

_HELPDESK_CREATE = {
    "own_other": "denied",
    "own_resp": "created",
    "team": "created",
    "manager": "created",
    "admin": "created",
}
_RPC_REFUSED = {
    "public": "login",
    "public_token": "login",
    "requester": "denied",
    "colleague": "denied",
    "stranger": "denied",
    "employee": "denied",
}


def _with(base, **overrides):
    return dict(base, **overrides)


_CREATE = dict(_RPC_REFUSED, **_HELPDESK_CREATE)
_RESEND = _with(
    _RPC_REFUSED,
    own_other="denied",
    own_resp="requeued",
    team="requeued",
    manager="requeued",
    admin="requeued",
)
_MESSAGE_POST = {
    "requester": "to_team",
    "colleague": "to_team",
    "stranger": "denied",
    "employee": "by_self",
    "own_other": "denied",
    "own_resp": "to_requester",
    "team": "to_requester",
    "manager": "to_requester",
    "admin": "to_requester",
}
_PAGE_READERS = {
    "public": "redirect",
    "public_token": "page",
    "requester": "page",
    "colleague": "page",
    "stranger": "redirect",
    "employee": "page",
    "own_other": "redirect",
    "own_resp": "page",
    "team": "page",
    "manager": "page",
    "admin": "page",
}

MATRIX = {
    "read_comments": _with(
        _RPC_REFUSED,
        requester="company_public",
        colleague="company_public",
        stranger="none",
        employee="followed_all",
        own_other="none",
        own_resp="own_all",
        team="team_all",
        manager="everything",
        admin="everything",
    ),
    "create": _CREATE,
    "create_forged_message": _with(
        _CREATE, own_resp="ignored", team="ignored", manager="ignored", admin="ignored"
    ),
    "create_forged_bookkeeping": _with(
        _CREATE, own_resp="ignored", team="ignored", manager="ignored", admin="ignored"
    ),
    "create_forged_author": _with(
        _CREATE,
        own_resp="author_kept",
        team="author_kept",
        manager="author_kept",
        admin="author_kept",
    ),
    "resend_smtp_failed": _RESEND,
    "resend_no_mail": _RESEND,
    "resend_imported": _with(
        _RESEND,
        own_resp="nothing_queued",
        team="nothing_queued",
        manager="nothing_queued",
        admin="nothing_queued",
    ),
    "preview": _with(
        _RPC_REFUSED,
        employee="previewed_no_test",
        own_other="nothing_shown",
        own_resp="previewed_no_test",
        team="previewed_no_test",
        manager="previewed_no_test",
        admin="previewed",
    ),
    "message_new": _with(
        _RPC_REFUSED,
        requester="quoted_untouched_denied",
        colleague="quoted_untouched_denied",
        stranger="quoted_untouched_denied",
        employee="quoted_untouched_denied",
        own_other="quoted_untouched",
        own_resp="quoted_untouched",
        team="quoted_untouched",
        manager="quoted_untouched",
        admin="quoted_untouched",
    ),
    "message_update": _with(
        _RPC_REFUSED,
        own_other="denied",
        own_resp="denied",
        team="denied",
        manager="allowed",
        admin="allowed",
    ),
    "message_post": _with(_MESSAGE_POST, public="login", public_token="login"),
    "chatter_post": _with(
        _MESSAGE_POST,
        public="refused",
        public_token="as_requester",
        stranger="refused",
        own_other="refused",
    ),
    "portal_page": _PAGE_READERS,
    "portal_post": {
        "public": "redirect_nothing",
        "public_token": "as_requester",
        "requester": "to_team",
        "colleague": "to_team",
        "stranger": "redirect_nothing",
        "employee": "by_self",
        "own_other": "redirect_nothing",
        "own_resp": "to_requester",
        "team": "to_requester",
        "manager": "to_requester",
        "admin": "to_requester",
    },
    "chatter_fetch": {
        role: "public_only" if outcome == "page" else "none"
        for role, outcome in _PAGE_READERS.items()
    },
    "portal_json": {
        "public": "none",
        "public_token": "no_notes",
        "requester": "no_notes",
        "colleague": "no_notes",
        "stranger": "none",
        "employee": "with_notes",
        "own_other": "none",
        "own_resp": "with_notes",
        "team": "with_notes",
        "manager": "with_notes",
        "admin": "with_notes",
    },
    "download_public": {
        role: "download" if outcome == "page" else "no"
        for role, outcome in _PAGE_READERS.items()
    },
    "download_note": _with(
        {role: "no" for role in ROLES},
        employee="download",
        own_resp="download",
        team="download",
        manager="download",
        admin="download",
    ),
}


def markdown_table():
    """The matrix as the README prints it: actions as rows, roles as
    columns."""
    lines = [
        "| Action | " + " | ".join(ROLE_TITLES[role] for role in ROLES) + " |",
        "|---" * (len(ROLES) + 1) + "|",
    ]
    for action, cells in MATRIX.items():
        row = [ACTION_TITLES[action]] + [OUTCOMES[cells[role]] for role in ROLES]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


@tagged("post_install", "-at_install")
class TestAccessMatrix(MessagingRolesCommon):
    """One test per action; one sub-test per role."""

    def run_matrix(self, action):
        cells = MATRIX[action]
        self.assertEqual(set(cells), set(ROLES), f"{action}: a role has no cell")
        for role in ROLES:
            with (
                self.subTest(action=action, role=role, expected=cells[role]),
                self.cell(),
                self.mock_mail_gateway(),
            ):
                getattr(self, f"_cell_{action}")(role, cells[role])

    def assert_refused(self, error, expected):
        """``login``/``denied`` cells: the call failed with that error."""
        wanted = {"login": LOGIN_REQUIRED, "denied": ACCESS_ERROR}[expected]
        self.assertEqual(error, wanted)

    def outgoing_mails(self, comment):
        return self.mails_of(comment).filtered(lambda m: m.state == "outgoing")

    # -- reading -----------------------------------------------------------

    def test_read_comments(self):
        self.run_matrix("read_comments")

    def _cell_read_comments(self, role, expected):
        self.act_as(role)
        result, error = self.call_kw(
            COMMENT,
            "search_read",
            [("ticket_id", "in", (self.main + self.hidden).ids)],
            ["body", "is_internal"],
        )
        if expected == "login":
            self.assert_refused(error, expected)
            return
        main_all = self.public_comment + self.note
        wanted = {
            "company_public": self.public_comment,
            "none": self.env[COMMENT],
            "followed_all": main_all,
            "own_all": main_all,
            "team_all": main_all,
            "everything": main_all + self.hidden_comment + self.hidden_note,
        }[expected]
        self.assertFalse(error)
        self.assertEqual({row["id"] for row in result}, set(wanted.ids))

    # -- creating ----------------------------------------------------------

    def test_create(self):
        self.run_matrix("create")

    def _cell_create(self, role, expected):
        user = self.act_as(role)
        result, error = self.call_kw(
            COMMENT, "create", {"ticket_id": self.main.id, "body": "<p>RPC-MADE</p>"}
        )
        created = self.comments_with("RPC-MADE")
        if expected != "created":
            self.assert_refused(error, expected)
            self.assertFalse(created)
            return
        self.assertFalse(error)
        self.assertEqual(created.id, result)
        self.assertEqual(created.author_id, user.partner_id)
        self.assertEqual(created.message_id.model, TICKET)
        self.assertEqual(created.message_id.res_id, self.main.id)

    def test_create_forged_message(self):
        self.run_matrix("create_forged_message")

    def _cell_create_forged_message(self, role, expected):
        forged = self.hidden_comment.message_id
        user = self.role_users[role]
        notifications = forged.sudo().notification_ids
        could_read = forged.with_user(user).has_access("read")
        self.act_as(role)
        _result, error = self.call_kw(
            COMMENT,
            "create",
            {
                "ticket_id": self.main.id,
                "body": "<p>FORGED-MESSAGE</p>",
                "message_id": forged.id,
            },
        )
        created = self.comments_with("FORGED-MESSAGE")
        if expected != "ignored":
            self.assert_refused(error, expected)
            self.assertFalse(created)
        elif created:
            self.assertNotEqual(created.message_id, forged)
            self.assertEqual(
                (created.message_id.model, created.message_id.res_id),
                (TICKET, self.main.id),
            )
        # the other record's message is untouched and grants nobody anything
        self.assertEqual((forged.model, forged.res_id), (TICKET, self.hidden.id))
        self.assertIn(HIDDEN_TEXT, forged.body)
        self.assertEqual(forged.sudo().notification_ids, notifications)
        self.env.invalidate_all()
        self.assertEqual(forged.with_user(user).has_access("read"), could_read)

    def test_create_forged_bookkeeping(self):
        self.run_matrix("create_forged_bookkeeping")

    def _cell_create_forged_bookkeeping(self, role, expected):
        user = self.act_as(role)
        _result, error = self.call_kw(
            COMMENT,
            "create",
            {
                "ticket_id": self.main.id,
                "body": "<p>FORGED-STATE</p>",
                "delivery_state": "sent",
                "delivery_warning": "FORGED-WARNING",
                "notification_ids": [
                    (
                        0,
                        0,
                        {
                            "res_partner_id": user.partner_id.id,
                            "notification_type": "inbox",
                            "notification_status": "sent",
                        },
                    )
                ],
            },
        )
        created = self.comments_with("FORGED-STATE")
        if expected != "ignored":
            self.assert_refused(error, expected)
            self.assertFalse(created)
            return
        if not created:
            self.assertTrue(error, "neither refused nor created")
            return
        # what the add-on did: one email queued for the requester
        self.assertEqual(created.delivery_state, "queued")
        self.assertNotIn("FORGED-WARNING", created.delivery_warning or "")
        notifications = created.message_id.sudo().notification_ids
        self.assertEqual(notifications.res_partner_id, self.requester)
        self.assertEqual(set(notifications.mapped("notification_type")), {"email"})

    def test_create_forged_author(self):
        self.run_matrix("create_forged_author")

    def _cell_create_forged_author(self, role, expected):
        self.act_as(role)
        _result, error = self.call_kw(
            COMMENT,
            "create",
            {
                "ticket_id": self.main.id,
                "body": "<p>IMPORTED-FROM-CUSTOMER</p>",
                "author_id": self.requester.id,
            },
        )
        created = self.comments_with("IMPORTED-FROM-CUSTOMER")
        if expected != "author_kept":
            self.assert_refused(error, expected)
            self.assertFalse(created)
            return
        self.assertFalse(error)
        self.assertEqual(created.author_id, self.requester)

    # -- resending ---------------------------------------------------------

    def failed_comment(self, mail_kept):
        """A public comment to the requester whose email failed: kept in
        exception (SMTP refused it) or never made (no address then)."""
        Comment = self.env[COMMENT]
        values = {
            "ticket_id": self.main.id,
            "body": "<p>FAILED-ONCE</p>",
            "author_id": self.own_resp_user.partner_id.id,
        }
        if mail_kept:
            comment = Comment.create(values)
            mail = self.mails_of(comment)
            mail.write(
                {
                    "state": "exception",
                    "failure_type": "mail_smtp",
                    "failure_reason": "Connection refused",
                }
            )
            comment.notification_ids.sudo().write(
                {
                    "notification_status": "exception",
                    "failure_type": "mail_smtp",
                    "failure_reason": "Connection refused",
                }
            )
        else:
            address = self.requester.email
            self.requester.email = False
            comment = Comment.create(values)
            self.requester.email = address
        comment.invalidate_recordset()
        self.assertEqual(comment.delivery_state, "failed")
        return comment

    def _check_resend(self, role, expected, comment):
        self.act_as(role)
        _result, error = self.call_kw(COMMENT, "action_resend", [comment.id])
        outgoing = self.outgoing_mails(comment)
        if expected == "requeued":
            self.assertFalse(error)
            self.assertEqual(outgoing.recipient_ids, self.requester)
        elif expected == "nothing_queued":
            self.assertIn(error, (None, "odoo.exceptions.UserError"))
            self.assertFalse(self.mails_of(comment))
            self.assertEqual(comment.delivery_state, "imported")
        else:
            self.assert_refused(error, expected)
            self.assertFalse(outgoing)

    def test_resend_smtp_failed(self):
        self.run_matrix("resend_smtp_failed")

    def _cell_resend_smtp_failed(self, role, expected):
        self._check_resend(role, expected, self.failed_comment(mail_kept=True))

    def test_resend_no_mail(self):
        self.run_matrix("resend_no_mail")

    def _cell_resend_no_mail(self, role, expected):
        self._check_resend(role, expected, self.failed_comment(mail_kept=False))

    def test_resend_imported(self):
        self.run_matrix("resend_imported")

    def _cell_resend_imported(self, role, expected):
        comment = (
            self.env[COMMENT]
            .with_context(citsmart_messaging_no_send=True)
            .create(
                {
                    "ticket_id": self.main.id,
                    "body": "<p>Old conversation, imported</p>",
                    "author_id": self.own_resp_user.partner_id.id,
                }
            )
        )
        self._check_resend(role, expected, comment)
        self.assertFalse(self.mails_of(comment))

    # -- preview -----------------------------------------------------------

    def test_preview(self):
        self.run_matrix("preview")

    def _cell_preview(self, role, expected):
        """Odoo's own template preview, on a comment: it shows what the
        caller may read; a test email is for administrators."""
        self.act_as(role)
        wizard_id, error = self.call_kw(
            "mail.template.preview",
            "create",
            {
                "mail_template_id": self.template.id,
                "resource_ref": f"helpdesk.ticket.comment,{self.public_comment.id}",
                "lang": "en_US",
            },
        )
        if expected in ("login", "denied"):
            self.assert_refused(error, expected)
            return
        rows, read_error = (
            (None, error)
            if error
            else self.call_kw(
                "mail.template.preview", "read", [wizard_id], ["subject", "body_html"]
            )
        )
        if expected == "nothing_shown":
            shown = (
                ""
                if read_error
                else str(rows[0]["subject"]) + str(rows[0]["body_html"])
            )
            self.assertNotIn(self.main.number, shown)
            return
        self.assertFalse(read_error)
        self.assertIn(self.main.number, rows[0]["subject"])
        _result, error = self.call_kw(
            "mail.template.preview", "action_messaging_send_test", [wizard_id]
        )
        if expected == "previewed":
            self.assertFalse(error)
        else:
            self.assertEqual(error, ACCESS_ERROR)

    # -- the mail gateway's methods, called by RPC ----------------------------

    def test_message_new(self):
        self.run_matrix("message_new")

    def _cell_message_new(self, role, expected):
        followers = self.main.message_partner_ids
        email_cc = self.main.email_cc
        comments = self.main.comment_ids
        self.act_as(role)
        result, error = self.call_kw(
            TICKET,
            "message_new",
            {
                "subject": f"Re: [{self.main.number}] scanner",
                "body": "<p>ROUTED-BY-RPC</p>",
                "email_from": self.requester.email_formatted,
                "from": self.requester.email_formatted,
                "to": self.intruder.email_formatted,
                "cc": (
                    f"{self.other_portal_user.partner_id.email_formatted}, "
                    "cc.intruder@example.com"
                ),
                "message_id": "<forged-new@evil.example.com>",
            },
        )
        if expected in ("login", "quoted_untouched_denied"):
            self.assert_refused(error, "login" if expected == "login" else "denied")
        else:
            self.assertIn(error, (None, ACCESS_ERROR))
            if not error:
                self.assertNotEqual(result, self.main.id)
        self.assertEqual(self.main.message_partner_ids, followers)
        self.assertEqual(self.main.email_cc, email_cc)
        self.assertEqual(self.main.comment_ids, comments)
        self.assertNotIn("ROUTED-BY-RPC", "".join(self.main.message_ids.mapped("body")))

    def test_message_update(self):
        self.run_matrix("message_update")

    def _cell_message_update(self, role, expected):
        followers = self.hidden.message_partner_ids
        email_cc = self.hidden.email_cc
        self.act_as(role)
        _result, error = self.call_kw(
            TICKET,
            "message_update",
            [self.hidden.id],
            {
                "subject": "Re: payroll",
                "body": "<p>UPDATED-BY-RPC</p>",
                "email_from": self.customer.email_formatted,
                "to": self.intruder.email_formatted,
                "cc": "cc.intruder@example.com",
                "message_id": "<forged-update@evil.example.com>",
            },
        )
        if expected == "allowed":
            self.assertFalse(error)
            return
        self.assert_refused(error, expected)
        self.assertEqual(self.hidden.message_partner_ids, followers)
        self.assertEqual(self.hidden.email_cc, email_cc)

    # -- posting -------------------------------------------------------------

    def assert_posted(self, role, expected, text):
        """The outcome of a post holding ``text`` on main."""
        user = self.role_users[role]
        comment = self.comments_with(text, self.main)
        if expected in ("login", "denied", "refused", "redirect_nothing"):
            self.assertFalse(comment)
            self.assertNotIn(text, "".join(self.main.message_ids.mapped("body")))
            return
        self.assertEqual(len(comment), 1)
        self.assertFalse(comment.is_internal)
        author = self.requester if expected == "as_requester" else user.partner_id
        self.assertEqual(comment.author_id, author)
        recipients = self.mails_of(comment).recipient_ids
        if expected in ("to_team", "as_requester"):
            self.assertEqual(recipients, self.own_resp_user.partner_id)
        elif expected == "to_requester":
            self.assertEqual(recipients, self.requester)

    def test_message_post(self):
        self.run_matrix("message_post")

    def _cell_message_post(self, role, expected):
        self.act_as(role)
        _result, error = self.call_kw(
            TICKET,
            "message_post",
            [self.main.id],
            body="<p>POSTED-BY-RPC</p>",
            body_is_html=True,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        if expected in ("login", "denied"):
            self.assert_refused(error, expected)
        else:
            self.assertFalse(error)
        self.assert_posted(role, expected, "POSTED-BY-RPC")

    def test_chatter_post(self):
        self.run_matrix("chatter_post")

    def _cell_chatter_post(self, role, expected):
        self.act_as(role)
        params = {
            "thread_model": TICKET,
            "thread_id": self.main.id,
            "post_data": {
                "body": "POSTED-IN-CHATTER",
                "message_type": "comment",
                "subtype_xmlid": "mail.mt_comment",
            },
        }
        if role == "public_token":
            params["token"] = self.main_token
        _result, error = self.json_route("/mail/message/post", params)
        if expected in ("denied", "refused"):
            self.assertTrue(error)
        else:
            self.assertFalse(error)
        self.assert_posted(role, expected, "POSTED-IN-CHATTER")

    # -- the portal ------------------------------------------------------------

    def assert_no_ticket_data(self, response):
        for text in (self.main.name, self.main.number, PUBLIC_TEXT, NOTE_TEXT):
            self.assertNotIn(text, response.text)

    def test_portal_page(self):
        self.run_matrix("portal_page")

    def _cell_portal_page(self, role, expected):
        self.act_as(role)
        response = self.http_get(self.portal_url(role))
        if expected == "redirect":
            self.assertRegex(response.url, r"/my$|/web/login")
            self.assert_no_ticket_data(response)
            return
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.main.name, response.text)
        self.assertIn(PUBLIC_TEXT, response.text)
        self.assertIn(self.public_file.name, response.text)
        self.assertNotIn(NOTE_TEXT, response.text)
        self.assertNotIn(self.note_file.name, response.text)
        self.assertNotIn(f"/web/content/{self.note_file.id}?", response.text)

    def test_portal_post(self):
        self.run_matrix("portal_post")

    def _cell_portal_post(self, role, expected):
        self.act_as(role)
        response = self.post_portal_comment(role, "POSTED-ON-PORTAL")
        if expected == "redirect_nothing":
            self.assertRegex(response.url, r"/my$|/web/login")
            self.assert_no_ticket_data(response)
        else:
            self.assertIn("messaging=sent", response.url)
        self.assert_posted(role, expected, "POSTED-ON-PORTAL")

    def test_chatter_fetch(self):
        self.run_matrix("chatter_fetch")

    def _cell_chatter_fetch(self, role, expected):
        self.act_as(role)
        params = {"thread_model": TICKET, "thread_id": self.main.id}
        if role == "public_token":
            params["token"] = self.main_token
        result, error = self.json_route("/mail/chatter_fetch", params)
        self.assertNotIn(NOTE_TEXT, str(result))
        if expected == "public_only":
            self.assertFalse(error)
            self.assertIn(PUBLIC_TEXT, str(result))
        else:
            self.assertNotIn(PUBLIC_TEXT, str(result))

    def test_portal_json(self):
        self.run_matrix("portal_json")

    def _cell_portal_json(self, role, expected):
        self.act_as(role)
        params = {"thread_model": TICKET, "thread_id": self.main.id}
        if role == "public_token":
            params["token"] = self.main_token
        init, _error = self.json_route("/portal/chatter_init", params)
        messages, error = self.json_route(
            "/mail/thread/messages",
            {"thread_model": TICKET, "thread_id": self.main.id},
        )
        seen = str(init) + str(messages)
        if expected == "with_notes":
            self.assertFalse(error)
            self.assertIn(NOTE_TEXT, str(messages))
            self.assertIn(PUBLIC_TEXT, str(messages))
            return
        self.assertNotIn(NOTE_TEXT, seen)
        if expected == "none":
            self.assertNotIn(PUBLIC_TEXT, seen)
            self.assertNotIn(self.main.name, seen)
        elif role == "public_token":
            self.assertEqual(error, LOGIN_REQUIRED)
        else:
            self.assertIn(PUBLIC_TEXT, str(messages))

    # -- downloads ---------------------------------------------------------------

    def download_urls(self, role, attachment):
        """The link the ticket page gives ``role`` for ``attachment`` if any,
        and the bare URL anybody can try."""
        page = self.http_get(self.portal_url(role)).text
        urls = [f"/web/content/{attachment.id}?download=true"]
        linked = re.search(
            rf"/web/content/{attachment.id}\?download=true&amp;access_token=([\w-]+)",
            page,
        )
        if linked:
            urls.insert(
                0,
                f"/web/content/{attachment.id}?download=true"
                f"&access_token={linked.group(1)}",
            )
        return urls, bool(linked)

    def test_download_public(self):
        self.run_matrix("download_public")

    def _cell_download_public(self, role, expected):
        self.act_as(role)
        urls, linked = self.download_urls(role, self.public_file)
        if expected == "download":
            self.assertTrue(linked, "the page links the attachment")
            self.assertEqual(self.http_get(urls[0]).content, PUBLIC_FILE)
            return
        for url in urls:
            self.assertNotEqual(self.http_get(url).content, PUBLIC_FILE, url)

    def test_download_note(self):
        self.run_matrix("download_note")

    def _cell_download_note(self, role, expected):
        self.act_as(role)
        urls, _linked = self.download_urls(role, self.note_file)
        if role == "public_token":
            urls.append(
                f"/web/content/{self.note_file.id}?download=true"
                f"&access_token={self.main_token}"
            )
        if expected == "download":
            self.assertEqual(self.http_get(urls[-1]).content, NOTE_FILE)
            return
        for url in urls:
            self.assertNotEqual(self.http_get(url).content, NOTE_FILE, url)
