# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The three requests people make on a ticket, each as that person, over
real HTTP (``requests``, which Odoo requires) on 127.0.0.1:

- ``Technician(...).chatter_post(ticket, html)``: "Send message" in the
  ticket's chatter, the JSON-RPC the web client sends (Odoo 19:
  mail/static/src/core/common/store_service.js, getMessagePostParams);
- ``Requester(...).portal_post(ticket, text)``: the form of the add-on's
  ticket page (``POST /my/ticket/<id>/comment``), or, where the page has
  Odoo's portal chatter instead (stock helpdesk_mgmt), that chatter's post
  (``/mail/message/post`` with the page's access token);
- ``inbound_reply(...)``: an email handed to Odoo's mail gateway over
  XML-RPC as ``odoo-mailgate`` does (``mail.thread.message_process``).

Each returns a Sent: the HTTP status, the client's wall time and what Odoo
answered. The payload builders are pure (tests/test_bench_client.py).
"""

import html
import re
import time
import xmlrpc.client
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid

import requests

TIMEOUT = 120
CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
CHATTER_TOKEN = re.compile(
    r'class="[^"]*o_portal_chatter[^"]*"[^>]*?data-token="([^"]*)"'
)


@dataclass
class Sent:
    status: int
    seconds: float
    result: object = None


def jsonrpc(params, request_id=1):
    """The body of a JSON-RPC call as Odoo's web client sends it."""
    return {"jsonrpc": "2.0", "method": "call", "id": request_id, "params": params}


def message_post_params(model, thread_id, body, *, context=None, token=None):
    """``/mail/message/post`` params of "Send message" (no mention, no
    attachment, no suggested recipient left: followers are not suggested)."""
    params = {
        "post_data": {
            "body": body,
            "email_add_signature": True,
            "message_type": "comment",
            "subtype_xmlid": "mail.mt_comment",
        },
        "thread_id": thread_id,
        "thread_model": model,
    }
    if token:
        params["token"] = token
    if context is not None:
        params["context"] = context
    return params


def text_to_html(text):
    """A typed text as the composer sends it: escaped, lines as <br>."""
    return "<br>".join(html.escape(line, quote=False) for line in text.split("\n"))


def page_csrf(page):
    match = CSRF.search(page)
    return match and match.group(1)


def page_chatter_token(page):
    """The access token of the page's portal chatter, "" without one, None
    when the page has no portal chatter."""
    match = CHATTER_TOKEN.search(page)
    return match.group(1) if match else None


def reply_email(original, sender, text, reply_to=None):
    """The reply of ``sender`` ((name, email)) to ``original`` (an
    EmailMessage the sender received): to its Reply-To, threaded by
    In-Reply-To and References as mail clients do."""
    reply = EmailMessage()
    reply["From"] = formataddr(sender)
    reply["To"] = reply_to or original["Reply-To"] or original["From"]
    subject = " ".join(str(original["Subject"] or "").split())
    reply["Subject"] = (
        subject if subject.lower().startswith("re:") else f"Re: {subject}"
    )
    reply["Date"] = formatdate(localtime=True)
    reply["Message-ID"] = make_msgid(domain=sender[1].rpartition("@")[2])
    if original["Message-ID"]:
        reply["In-Reply-To"] = original["Message-ID"]
        references = f"{original['References'] or ''} {original['Message-ID']}"
        reply["References"] = references.strip()
    reply.set_content(f"{text}\n\n> (quoted original)\n")
    return reply


class _Person:
    def __init__(self, url, db, login, password):
        self.url, self.db = url, db
        self.session = requests.Session()
        self.calls = 0
        self.context = self._authenticate(login, password)

    def _authenticate(self, login, password):
        result = self._jsonrpc(
            "/web/session/authenticate",
            {"db": self.db, "login": login, "password": password},
        ).result
        return result.get("user_context", {})

    def _jsonrpc(self, path, params):
        self.calls += 1
        start = time.perf_counter()
        response = self.session.post(
            f"{self.url}{path}", json=jsonrpc(params, self.calls), timeout=TIMEOUT
        )
        seconds = time.perf_counter() - start
        answer = response.json() if response.status_code == 200 else {}
        if "error" in answer:
            message = answer["error"].get("data", {}).get("message")
            raise RuntimeError(f"{path}: {message or answer['error']}")
        return Sent(response.status_code, seconds, answer.get("result"))


class Admin(_Person):
    def call(self, model, method, *args, **kwargs):
        """``model.method(*args, **kwargs)`` through the web client's RPC
        (``/web/dataset/call_kw``); result: what it returned."""
        return self._jsonrpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": {"context": self.context, **kwargs},
            },
        )


class Technician(_Person):
    def chatter_post(self, ticket_id, body):
        """ "Send message" in the ticket's chatter; result: the message id."""
        context = {**self.context, "temporary_id": 0.01 * self.calls}
        sent = self._jsonrpc(
            "/mail/message/post",
            message_post_params("helpdesk.ticket", ticket_id, body, context=context),
        )
        sent.result = (sent.result or {}).get("message_id")
        return sent


class Requester(_Person):
    def __init__(self, url, db, login, password):
        super().__init__(url, db, login, password)
        self.pages = {}

    def open_ticket(self, ticket_id):
        """Visit the ticket's page; remember how it takes a message."""
        response = self.session.get(
            f"{self.url}/my/ticket/{ticket_id}", timeout=TIMEOUT
        )
        response.raise_for_status()
        page = response.text
        form = f'action="/my/ticket/{ticket_id}/comment"' in page
        self.pages[ticket_id] = {
            "form": form,
            "csrf_token": page_csrf(page),
            "token": None if form else page_chatter_token(page),
        }
        if not form and self.pages[ticket_id]["token"] is None:
            raise RuntimeError(f"/my/ticket/{ticket_id}: no way to post a message")
        return self.pages[ticket_id]

    def portal_post(self, ticket_id, text):
        page = self.pages.get(ticket_id) or self.open_ticket(ticket_id)
        if not page["form"]:
            return self._jsonrpc(
                "/mail/message/post",
                message_post_params(
                    "helpdesk.ticket",
                    ticket_id,
                    text_to_html(text),
                    context=self.context,
                    token=page["token"] or None,
                ),
            )
        start = time.perf_counter()
        # multipart, as the page's form (enctype multipart/form-data) sends it
        response = self.session.post(
            f"{self.url}/my/ticket/{ticket_id}/comment",
            files={"csrf_token": (None, page["csrf_token"]), "body": (None, text)},
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        seconds = time.perf_counter() - start
        location = response.headers.get("Location", "")
        if response.status_code != 303 or "messaging=sent" not in location:
            raise RuntimeError(
                f"portal post refused: {response.status_code} {location}"
            )
        return Sent(response.status_code, seconds, location)


_UIDS = {}


def execute_kw(url, db, admin, model, method, args, kwargs=None):
    """One XML-RPC ``execute_kw`` as ``admin`` ((login, password)), logged in
    once per process as a gateway or a script would be; result in a Sent."""
    login, password = admin
    key = (url, db, login)
    if key not in _UIDS:
        common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
        _UIDS[key] = common.authenticate(db, login, password, {})
    models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)
    start = time.perf_counter()
    result = models.execute_kw(
        db, _UIDS[key], password, model, method, args, kwargs or {}
    )
    return Sent(200, time.perf_counter() - start, result)


def inbound_reply(url, db, admin, raw_email):
    """``raw_email`` (bytes or EmailMessage) through the mail gateway as
    odoo-mailgate sends it (``message_process``, no model: routed by its
    headers); result: the id of the record it reached."""
    if isinstance(raw_email, EmailMessage):
        raw_email = raw_email.as_bytes()
    return execute_kw(
        url,
        db,
        admin,
        "mail.thread",
        "message_process",
        [False, xmlrpc.client.Binary(raw_email)],
    )
