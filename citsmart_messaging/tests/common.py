# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import contextlib
import re

from markupsafe import Markup
from requests.exceptions import HTTPError

from odoo.tests import HttpCase
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MailCommon, mail_new_test_user

PARAMETER_417 = "citsmart_messaging.parameter_417"


class MessagingCommon(MailCommon):
    """A team, a technician, a portal requester and a ticket between them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("pt_BR")
        cls.template = cls.env.ref("citsmart_messaging.mail_template_ticket_comment")
        cls.technician = mail_new_test_user(
            cls.env,
            login="technician",
            name="Tereza Technician",
            email="tereza.technician@example.com",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user",
            notification_type="email",
            tz="Europe/Brussels",
        )
        cls.leader = mail_new_test_user(
            cls.env,
            login="leader",
            name="Leo Leader",
            email="leo.leader@example.com",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_manager",
            notification_type="email",
        )
        cls.requester_user = mail_new_test_user(
            cls.env,
            login="requester",
            name="Rita Requester",
            email="rita.requester@example.com",
            groups="base.group_portal",
            tz="America/Sao_Paulo",
        )
        cls.requester = cls.requester_user.partner_id
        cls.other_portal_user = mail_new_test_user(
            cls.env,
            login="otherportal",
            name="Otto Other",
            email="otto.other@example.com",
            groups="base.group_portal",
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Service Desk",
                "user_ids": [(6, 0, (cls.technician + cls.leader).ids)],
                "user_id": cls.leader.id,
            }
        )
        cls.ticket = cls._create_ticket()

    @classmethod
    def _create_ticket(cls, **values):
        return (
            cls.env["helpdesk.ticket"]
            .with_context(mail_create_nolog=True)
            .create(
                {
                    "name": "Printer on fire",
                    "description": "<p>It burns.</p>",
                    "team_id": cls.team.id,
                    "user_id": cls.technician.id,
                    "partner_id": cls.requester.id,
                    **values,
                }
            )
        )

    def comment(self, body="Hello", ticket=None, author=None, **values):
        """Create a comment the way the API does, as the technician."""
        user = values.pop("user", self.technician)
        vals = {
            "ticket_id": (ticket or self.ticket).id,
            "body": Markup(body) if isinstance(body, str) else body,
            **values,
        }
        if author:
            vals["author_id"] = author.id
        return self.env["helpdesk.ticket.comment"].with_user(user).create(vals)

    def mails_of(self, comments):
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("mail_message_id", "in", comments.message_id.ids)])
        )

    def mail_to(self, comment, partner=None, email=None):
        mails = self.mails_of(comment)
        if partner:
            return mails.filtered(lambda m: partner in m.recipient_ids)
        return mails.filtered(lambda m: email in (m.email_to or ""))

    def set_parameter_417(self, value):
        self.env["ir.config_parameter"].sudo().set_param(PARAMETER_417, value)


# ----------------------------------------------------------------------
# Every kind of caller, over real requests (role matrix, trust tests)
# ----------------------------------------------------------------------

# Text that must reach some callers and never others
PUBLIC_TEXT = "PUBLIC-ANSWER-7311"
NOTE_TEXT = "INTERNAL-NOTE-4242"
HIDDEN_TEXT = "HIDDEN-TICKET-5150"
PUBLIC_FILE = b"PUBLIC-ATTACHMENT-BYTES"
NOTE_FILE = b"NOTE-ATTACHMENT-BYTES"
# JSON-RPC error names
ACCESS_ERROR = "odoo.exceptions.AccessError"
LOGIN_REQUIRED = "odoo.http.SessionExpiredException"

ROLES = (
    "public",
    "public_token",
    "requester",
    "colleague",
    "stranger",
    "employee",
    "own_other",
    "own_resp",
    "team",
    "manager",
    "admin",
)


class MessagingRolesCommon(MessagingCommon, HttpCase):
    """Every kind of caller around ``main`` (requester Rita of Acme Corp,
    team Service Desk, responsible Olga, a helpdesk user of the "own
    tickets" level) and ``hidden`` (another customer's ticket of another
    team): public visitors with and without main's token, portal users of
    Acme and of another company, an employee without helpdesk group who
    follows main, helpdesk users of each level, a manager, the
    administrator. Main has a public comment and an internal note, each
    with an attachment bound to the ticket as the chatter binds them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.acme = Partner.create({"name": "Acme Corp", "is_company": True})
        cls.requester.parent_id = cls.acme
        cls.colleague_user = mail_new_test_user(
            cls.env,
            login="colleague",
            name="Carla Colleague",
            email="carla.colleague@example.com",
            groups="base.group_portal",
        )
        cls.colleague_user.partner_id.parent_id = cls.acme

        def helpdesk_user(login, name, group):
            return mail_new_test_user(
                cls.env,
                login=login,
                name=name,
                email=f"{login}@example.com",
                groups=f"base.group_user,helpdesk_mgmt.{group}",
                notification_type="email",
            )

        cls.own_other_user = helpdesk_user(
            "ownother", "Oscar Own-Other", "group_helpdesk_user_own"
        )
        cls.own_resp_user = helpdesk_user(
            "ownresponsible", "Olga Own-Responsible", "group_helpdesk_user_own"
        )
        cls.team_user = helpdesk_user(
            "teamuser", "Tom Team", "group_helpdesk_user_team"
        )
        cls.manager_user = helpdesk_user(
            "hdmanager", "Mona Manager", "group_helpdesk_manager"
        )
        cls.team.user_ids |= cls.own_other_user + cls.own_resp_user + cls.team_user
        cls.intruder = Partner.create(
            {"name": "Ivan Intruder", "email": "ivan.intruder@example.com"}
        )
        cls.main = cls._create_ticket(
            name="Scanner jams on page two", user_id=cls.own_resp_user.id
        )
        cls.main.message_subscribe(partner_ids=cls.partner_employee.ids)
        cls.main_token = cls.main._portal_ensure_token()
        cls.back_office = cls.env["helpdesk.ticket.team"].create(
            {"name": "Back Office", "user_ids": [(6, 0, cls.technician.ids)]}
        )
        cls.customer = Partner.create(
            {"name": "Carl Customer", "email": "carl.customer@example.com"}
        )
        cls.hidden = cls._create_ticket(
            name="Payroll export broken",
            team_id=cls.back_office.id,
            user_id=cls.technician.id,
            partner_id=cls.customer.id,
        )
        cls.public_file = cls._ticket_attachment("answer.txt", PUBLIC_FILE)
        cls.note_file = cls._ticket_attachment("secret-note.txt", NOTE_FILE)
        Comment = cls.env["helpdesk.ticket.comment"]
        author = cls.own_resp_user.partner_id
        cls.public_comment = Comment.create(
            {
                "ticket_id": cls.main.id,
                "body": Markup(f"<p>{PUBLIC_TEXT}</p>"),
                "author_id": author.id,
                "attachment_ids": [(6, 0, cls.public_file.ids)],
            }
        )
        cls.note = Comment.create(
            {
                "ticket_id": cls.main.id,
                "body": Markup(f"<p>{NOTE_TEXT}</p>"),
                "author_id": author.id,
                "is_internal": True,
                "attachment_ids": [(6, 0, cls.note_file.ids)],
            }
        )
        cls.hidden_comment = Comment.create(
            {
                "ticket_id": cls.hidden.id,
                "body": Markup(f"<p>{HIDDEN_TEXT}</p>"),
                "author_id": cls.technician.partner_id.id,
            }
        )
        cls.hidden_note = Comment.create(
            {
                "ticket_id": cls.hidden.id,
                "body": Markup("<p>HIDDEN-NOTE</p>"),
                "author_id": cls.technician.partner_id.id,
                "is_internal": True,
            }
        )
        cls.role_users = {
            "public": cls.user_public,
            "public_token": cls.user_public,
            "requester": cls.requester_user,
            "colleague": cls.colleague_user,
            "stranger": cls.other_portal_user,
            "employee": cls.user_employee,
            "own_other": cls.own_other_user,
            "own_resp": cls.own_resp_user,
            "team": cls.team_user,
            "manager": cls.manager_user,
            "admin": cls.user_admin,
        }

    @classmethod
    def _ticket_attachment(cls, name, raw):
        """An attachment bound to main, as chatter and portal uploads are."""
        return cls.env["ir.attachment"].create(
            {
                "name": name,
                "raw": raw,
                "mimetype": "text/plain",
                "res_model": "helpdesk.ticket",
                "res_id": cls.main.id,
            }
        )

    # -- acting as someone ------------------------------------------------

    def act_as(self, role):
        """A new HTTP session as ``role`` (logged out for the public), after
        flushing and emptying this test's cache."""
        self.env.flush_all()
        self.env.invalidate_all()
        user = self.role_users[role]
        if user._is_public():
            self.authenticate(None, None)
        else:
            # mail_new_test_user's password: the login padded to 8 characters
            self.authenticate(user.login, user.login.ljust(8, "x"))
        return user

    @contextlib.contextmanager
    def cell(self):
        """Whatever happens inside is rolled back: one cell of the matrix
        never sees another's effects."""
        with contextlib.closing(self.env.cr.savepoint()):
            yield
        self.env.invalidate_all()

    def json_route(self, route, params):
        """``(result, None)`` or ``(None, error name)`` of a JSON route,
        called by the current session; the test's cache is emptied after."""
        self.env.flush_all()
        try:
            with mute_logger("odoo.http"):
                return self.make_jsonrpc_request(route, params), None
        except JsonRpcException as error:
            return None, str(error)
        except HTTPError as error:
            return None, f"HTTP {error.response.status_code}"
        finally:
            self.env.invalidate_all()

    def call_kw(self, model, method, *args, **kwargs):
        """``model.method(*args, **kwargs)`` as the session's user, the way
        the web client calls it (``/web/dataset/call_kw``)."""
        return self.json_route(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def http_get(self, url):
        self.env.flush_all()
        try:
            return self.url_open(url)
        finally:
            self.env.invalidate_all()

    def portal_url(self, role, ticket=None):
        ticket = ticket or self.main
        url = f"/my/ticket/{ticket.id}"
        if role == "public_token":
            url += f"?access_token={ticket.access_token}"
        return url

    def csrf_token(self, *urls):
        """The CSRF token of the current session, read from the first of
        ``urls`` (or a page every session can open) that has a form."""
        for url in (*urls, "/my/account", "/web/login"):
            found = re.search(
                r'name="csrf_token" value="([^"]+)"', self.http_get(url).text
            )
            if found:
                return found.group(1)
        raise AssertionError(f"no CSRF token on {urls}")

    def post_portal_comment(self, role, body, ticket=None):
        """The ticket page's comment form, as ``role``."""
        ticket = ticket or self.main
        url = self.portal_url(role, ticket)
        data = {"body": body, "csrf_token": self.csrf_token(url)}
        if role == "public_token":
            data["access_token"] = ticket.access_token
        self.env.flush_all()
        try:
            return self.url_open(f"/my/ticket/{ticket.id}/comment", data=data)
        finally:
            self.env.invalidate_all()

    def comments_with(self, text, ticket=None):
        """Comments whose body holds ``text`` (on ``ticket`` if given)."""
        domain = [("body", "ilike", text)]
        if ticket:
            domain.append(("ticket_id", "=", ticket.id))
        return self.env["helpdesk.ticket.comment"].sudo().search(domain)
