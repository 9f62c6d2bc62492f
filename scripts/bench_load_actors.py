# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The load run's people on one running server: 20 portal requesters, 5
technicians and a mail gateway delivering requesters' email replies, all on
the population's few shared tickets; and the administrator's XML-RPC calls
that prepare the tickets and drain the mail queue."""

import random
import xmlrpc.client
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid

from bench_client import Requester, Technician
from bench_load_drive import Actor

PORTAL_PATH = {"ours": "/my/ticket/{ticket}/comment", "stock": "/mail/message/post"}
CHATTER_PATH = "/mail/message/post"
GATEWAY_PATH = "/xmlrpc/2/object message_process"


class Rpc:
    """XML-RPC as one user, logged in once (as odoo-mailgate does per
    call, minus the login)."""

    def __init__(self, url, db, login, password):
        self.url, self.db, self.password = url, db, password
        common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
        self.uid = common.authenticate(db, login, password, {})

    def call(self, model, method, *args, **kwargs):
        proxy = xmlrpc.client.ServerProxy(
            f"{self.url}/xmlrpc/2/object", allow_none=True
        )
        return proxy.execute_kw(
            self.db, self.uid, self.password, model, method, list(args), kwargs
        )


def prepare_tickets(rpc, population):
    """Every technician and the requesters dealt to a ticket follow it (a
    technician who posts follows the ticket on stock anyway; a portal
    requester needs it to see a ticket that is not his own); one internal
    note per ticket gives the gateway's replies a thread to answer."""
    tickets = [t["id"] for t in population.tickets]
    technicians = [row[3] for row in population.technicians]
    for index, ticket in enumerate(tickets):
        requesters = [
            row[3]
            for number, row in enumerate(population.requesters)
            if number % len(tickets) == index
        ]
        rpc.call(
            "helpdesk.ticket",
            "message_subscribe",
            [ticket],
            partner_ids=technicians + requesters,
        )
        rpc.call(
            "helpdesk.ticket",
            "message_post",
            [ticket],
            body="Load run: tickets shared by everyone.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )


def reply_email(population, ticket, in_reply_to, marker):
    """The ticket's requester answering by email, threaded on the ticket."""
    login = next(
        row[0]
        for row in population.requesters
        if row[3] == ticket["requester_partner_id"]
    )
    message = EmailMessage()
    message["From"] = formataddr((login, f"{login}@example.com"))
    message["To"] = population.catchall
    message["Subject"] = f"Re: [{ticket['number']}] {ticket['name']}"
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="example.com")
    message["In-Reply-To"] = message["References"] = in_reply_to
    message.set_content(f"Still broken on my side, {marker}.\n\n> earlier text\n")
    return message.as_bytes()


def _portal(requester):
    def post(ticket, marker):
        return requester.portal_post(
            ticket, f"Any news? It still fails: {marker}"
        ).status

    return post


def _chatter(technician):
    def post(ticket, marker):
        body = f"<p>Please restart the service and tell me: {marker}</p>"
        return technician.chatter_post(ticket, body).status

    return post


def _gateway(rpc, population, threads):
    tickets = {t["id"]: t for t in population.tickets}

    def post(ticket, marker):
        raw = reply_email(population, tickets[ticket], threads[ticket], marker)
        rpc.call("mail.thread", "message_process", False, xmlrpc.client.Binary(raw))
        return 200

    return post


def _open(person, ticket):
    """The requester's visit of his ticket's page. A logged-in requester's
    portal chatter has no ``data-token`` (bench_client wants one): his post
    then goes without a token, as Odoo's portal chatter sends it."""
    try:
        person.open_ticket(ticket)
    except RuntimeError:
        page = person.session.get(f"{person.url}/my/ticket/{ticket}").text
        if "o_portal_chatter" not in page:
            raise
        person.pages[ticket] = {"form": False, "csrf_token": None, "token": ""}


def make_actors(url, population, threads, think, requesters=20, technicians=5):
    """Log everyone in (outside the measure) and return the Actors:
    requester N posts on ticket N mod 6 (his ticket's page opened once);
    technicians and the gateway on any ticket."""
    tickets = [t["id"] for t in population.tickets]
    db, flavour = population.dbname, population.flavour
    actors = []
    for index, row in enumerate(population.requesters[:requesters]):
        person = Requester(url, db, row[0], row[1])
        ticket = tickets[index % len(tickets)]
        _open(person, ticket)
        actors.append(
            Actor(
                "portal", PORTAL_PATH[flavour], _portal(person), [ticket], think, index
            )
        )
    for index, row in enumerate(population.technicians[:technicians]):
        person = Technician(url, db, row[0], row[1])
        actors.append(
            Actor(
                "chatter", CHATTER_PATH, _chatter(person), tickets, think, 100 + index
            )
        )
    gateway = Rpc(url, db, *population.admin)
    actors.append(
        Actor(
            "inbound",
            GATEWAY_PATH,
            _gateway(gateway, population, threads),
            tickets,
            think,
            200,
        )
    )
    random.Random(0).shuffle(actors)
    return actors
