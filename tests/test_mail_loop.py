# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo's email loop without Odoo: the SMTP sink (real aiosmtpd on
127.0.0.1) saves everything and hands the alias domain's mail over; the
hand-off speaks odoo-mailgate's XML-RPC (to a stand-in server on
127.0.0.1); the reply command's email threads like a mail client's."""

import mailbox
import smtplib
import threading
import time
import xmlrpc.client
from email.message import EmailMessage
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer

import pytest
from aiosmtpd.controller import Controller
from devenv import free_port
from mail_loop import build_reply, for_odoo, handoff, last_sent, maildir_messages
from smtp_sink import DemoSink

DOMAIN = "citsmart.localhost"


def odoo_email(to="Joel Willis <joel.willis63@example.com>", subject="[HT00001] Hi"):
    message = EmailMessage()
    message["From"] = "Marc Demo <notifications@citsmart.localhost>"
    message["To"] = to
    message["Reply-To"] = "Helpdesk <support@citsmart.localhost>"
    message["Subject"] = subject
    message["Date"] = "Thu, 26 Nov 2026 10:00:00 +0000"
    message["Message-ID"] = "<111.ticket@citsmart.localhost>"
    message["References"] = "<000.ticket@citsmart.localhost>"
    message.set_content("Hello,\ncould you send a photo?")
    message.add_alternative("<p>Hello,<br>could you send a <b>photo</b>?</p>", "html")
    return message


def test_for_odoo_keeps_the_alias_domain_only():
    recipients = ["support@citsmart.localhost", "joel@example.com", "x@CITSMART.host"]
    assert for_odoo(recipients, DOMAIN) == [recipients[0]]
    assert for_odoo(recipients, "CITSMART.host") == [recipients[2]]
    assert for_odoo(recipients, "") == []


def test_reply_threads_like_a_mail_client():
    original = odoo_email()
    original["X-RcptTo"] = "joel.willis63@example.com"
    reply = build_reply(original, "Thanks, it works", DOMAIN)
    assert reply["From"] == "Joel Willis <joel.willis63@example.com>"
    assert reply["To"] == "Helpdesk <support@citsmart.localhost>"
    assert reply["Subject"] == "Re: [HT00001] Hi"
    assert reply["In-Reply-To"] == "<111.ticket@citsmart.localhost>"
    assert reply["References"] == (
        "<000.ticket@citsmart.localhost> <111.ticket@citsmart.localhost>"
    )
    assert reply["Message-ID"].endswith("@example.com>")
    body = reply.get_content()
    assert body.startswith("Thanks, it works\n")
    assert "> Hello,\n> could you send a photo?" in body
    assert build_reply(reply, "again", DOMAIN)["Subject"] == "Re: [HT00001] Hi"


def test_reply_without_reply_to_answers_the_sender():
    original = odoo_email()
    del original["Reply-To"]
    original["X-RcptTo"] = "joel.willis63@example.com"
    assert build_reply(original, "ok", DOMAIN)["To"] == original["From"]


@pytest.fixture
def sink(tmp_path):
    """The demo's sink on a free loopback port; hand-offs are recorded."""
    handed = []

    def deliver(raw, *odoo):
        handed.append((raw, odoo))
        return 7

    handler = DemoSink(tmp_path / "mail", DOMAIN, ("url", "db", "u", "p"), deliver)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handed, tmp_path / "mail"
    controller.stop()


def send(controller, message, rcpt):
    with smtplib.SMTP("127.0.0.1", controller.port) as smtp:
        smtp.send_message(message, to_addrs=[rcpt])


@pytest.fixture
def printed(capsys):
    """What was printed so far (by the sink's threads too)."""
    seen = []

    def read():
        seen.append(capsys.readouterr().out)
        return "".join(seen)

    return read


def wait_for(condition, timeout=10):
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def test_sink_saves_all_and_hands_the_alias_domain_to_odoo(sink, printed):
    controller, handed, maildir = sink
    send(controller, odoo_email(), "joel.willis63@example.com")
    original = last_sent(maildir, DOMAIN)
    reply = build_reply(original, "Thanks, it works", DOMAIN)
    send(controller, reply, "support@citsmart.localhost")
    assert wait_for(lambda: handed)
    assert len(mailbox.Maildir(maildir)) == 2
    raw, odoo = handed[0]
    assert odoo == ("url", "db", "u", "p")
    assert f"In-Reply-To: {original['Message-ID']}".encode() in raw
    assert b"Thanks, it works" in raw
    assert wait_for(lambda: f"handoff {reply['Message-ID']}: ok 7" in printed())
    # the reply went to Odoo, so the last email to answer is still Odoo's
    assert last_sent(maildir, DOMAIN)["Message-ID"] == original["Message-ID"]
    assert [m["Subject"] for _key, m in maildir_messages(maildir)] == [
        "[HT00001] Hi",
        "Re: [HT00001] Hi",
    ]


def test_sink_reports_a_refused_handoff(tmp_path, printed):
    def refuse(raw, *odoo):
        raise xmlrpc.client.Fault(1, "No possible route")

    handler = DemoSink(tmp_path / "mail", DOMAIN, ("url", "db", "u", "p"), refuse)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        alias = "support@citsmart.localhost"
        send(controller, odoo_email(to=alias), alias)
        assert wait_for(lambda: "failed <Fault 1: 'No possible route'>" in printed())
    finally:
        controller.stop()
    assert len(mailbox.Maildir(tmp_path / "mail")) == 1


class FakeOdoo:
    """The XML-RPC of Odoo that odoo-mailgate.py uses."""

    def __init__(self):
        self.calls = []

    def authenticate(self, database, login, password, user_agent_env):
        return 2 if (login, password) == ("admin", "admin") else False

    def execute_kw(self, database, uid, password, model, method, args, kwargs):
        self.calls.append((database, uid, model, method, args, kwargs))
        return 42


@pytest.fixture
def fake_odoo():
    class Handler(SimpleXMLRPCRequestHandler):
        rpc_paths = ("/xmlrpc/2/common", "/xmlrpc/2/object")

    server = SimpleXMLRPCServer(
        ("127.0.0.1", 0), Handler, logRequests=False, allow_none=True
    )
    odoo = FakeOdoo()
    server.register_function(odoo.authenticate, "authenticate")
    server.register_function(odoo.execute_kw, "execute_kw")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", odoo
    server.shutdown()
    server.server_close()


def test_handoff_calls_message_process_as_mailgate_does(fake_odoo):
    url, odoo = fake_odoo
    raw = odoo_email().as_bytes()
    assert handoff(raw, url, "citsmart_demo", "admin", "admin") == 42
    ((database, uid, model, method, args, kwargs),) = odoo.calls
    assert (database, uid, model, method, kwargs) == (
        "citsmart_demo",
        2,
        "mail.thread",
        "message_process",
        {},
    )
    assert args[0] is False
    assert args[1].data == raw  # xmlrpc Binary: the bytes, untouched


def test_handoff_refuses_a_bad_login(fake_odoo):
    url, odoo = fake_odoo
    with pytest.raises(PermissionError):
        handoff(b"x", url, "citsmart_demo", "admin", "wrong")
    assert odoo.calls == []
