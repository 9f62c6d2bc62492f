# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Live updates (PRODUCT.md behaviour 12): who may listen to a ticket's bus
channel, what it is told, and two pages following the other side's actions
without reload."""

import json
import threading
import time

import requests

from odoo.tests import HttpCase, tagged
from odoo.tests.common import HOST, TEST_CURSOR_COOKIE_NAME

from odoo.addons.bus.models.bus import channel_with_db, dispatch, hashable, json_dump
from odoo.addons.bus.tests.common import WebsocketCase

from .common import MessagingCommon

PORTAL = "citsmart_messaging_portal"
TEAM = "citsmart_messaging_team"


@tagged("post_install", "-at_install")
class TestLiveChannels(MessagingCommon, WebsocketCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.token = cls.ticket._portal_ensure_token()

    def channel_key(self, subchannel):
        return hashable(
            channel_with_db(self.registry.db_name, (self.ticket, subchannel))
        )

    def subscribed(self, login=None, token=""):
        """The ticket channels a page of ``login`` (public: None) obtains."""
        if login:
            session = self.authenticate(login, login)
            websocket = self.websocket_connect(cookie=f"session_id={session.sid}")
        else:
            websocket = self.websocket_connect()
        self.subscribe(
            websocket,
            [f"citsmart_messaging.ticket:{self.ticket.id}:{token}"],
            self.env["bus.bus"]._bus_last_id(),
        )
        result = {
            subchannel
            for subchannel in (PORTAL, TEAM)
            if self.channel_key(subchannel) in dispatch._channels_to_ws
        }
        websocket.close()
        self.wait_remaining_websocket_connections()
        return result

    def test_who_may_listen_to_a_ticket(self):
        self.assertEqual(self.subscribed(token=self.token), {PORTAL})
        self.assertEqual(self.subscribed(), set())
        self.assertEqual(self.subscribed(token="not-the-token"), set())
        self.assertEqual(self.subscribed("requester"), {PORTAL})
        self.assertEqual(self.subscribed("otherportal"), set())
        self.assertEqual(self.subscribed("technician"), {TEAM})


@tagged("post_install", "-at_install")
class TestLiveNotifications(MessagingCommon):
    def notified(self, subchannel):
        self.env.cr.precommit.run()  # the bus records are made at commit
        channel = json_dump(
            channel_with_db(self.env.cr.dbname, (self.ticket, subchannel))
        )
        notifications = self.env["bus.bus"].sudo().search([("channel", "=", channel)])
        messages = [json.loads(n.message) for n in notifications]
        notifications.unlink()
        return messages

    def setUp(self):
        super().setUp()
        self.notified(PORTAL)
        self.notified(TEAM)

    def test_comments_tell_both_sides_notes_only_the_team(self):
        with self.mock_mail_gateway():
            self.comment("Public")
        changed = {
            "type": "citsmart_messaging/changed",
            "payload": {"ticket_id": self.ticket.id},
        }
        self.assertEqual(self.notified(PORTAL), [changed])
        self.assertEqual(self.notified(TEAM), [changed])
        self.comment("Secret", is_internal=True)
        self.assertEqual(self.notified(PORTAL), [])
        self.assertEqual(self.notified(TEAM), [changed])

    def test_delivery_changes_tell_both_sides(self):
        with self.mock_mail_gateway():
            comment = self.comment("Public")
            self.notified(PORTAL)
            self.mails_of(comment).send()
        self.assertEqual(comment.delivery_state, "sent")
        self.assertTrue(self.notified(PORTAL))
        self.assertTrue(self.notified(TEAM))

    def test_seen_marks_tell_only_the_team(self):
        question = self.ticket.sudo()._messaging_portal_post("Hello?", self.requester)
        self.notified(PORTAL)
        self.notified(TEAM)
        self.ticket.with_user(self.technician).messaging_mark_seen()
        self.assertEqual(self.notified(PORTAL), [])
        team = self.notified(TEAM)
        self.assertIn(
            {
                "type": "mail.record/insert",
                "payload": {
                    "mail.message": [
                        {
                            "id": question.message_id.id,
                            "citsmart_seen_date": question.with_user(
                                self.technician
                            ).seen_date.strftime("%Y-%m-%d %H:%M:%S"),
                        }
                    ]
                },
            },
            team,
        )


@tagged("post_install", "-at_install")
class TestLiveTours(MessagingCommon, HttpCase):
    """Each tour waits on one page while the other side acts over HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.token = cls.ticket._portal_ensure_token()

    def when_subscribed(self, subchannel, action):
        """Run ``action`` in a thread once a page listens to the ticket."""
        errors = []
        key = hashable(
            channel_with_db(self.registry.db_name, (self.ticket, subchannel))
        )

        def run():
            try:
                deadline = time.time() + 30
                while key not in dispatch._channels_to_ws:
                    if time.time() > deadline:
                        raise AssertionError(f"no page listened to {subchannel}")
                    time.sleep(0.1)
                action()
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(error)

        thread = threading.Thread(target=run)
        thread.start()
        self.addCleanup(thread.join, 30)
        return thread, errors

    def http(self, login=None):
        """An HTTP client of the test server, apart from the tour's browser,
        logged in as ``login`` (else a public visitor)."""
        client = requests.Session()
        client.cookies.set(TEST_CURSOR_COOKIE_NAME, self.http_request_key, domain=HOST)
        if login:
            self.jsonrpc(
                client,
                "/web/session/authenticate",
                {"db": self.env.cr.dbname, "login": login, "password": login},
            )
        return client

    def jsonrpc(self, client, route, params):
        response = client.post(
            f"{self.base_url()}{route}",
            json={"jsonrpc": "2.0", "method": "call", "params": params},
            timeout=30,
        )
        response.raise_for_status()
        if "error" in response.json():
            raise AssertionError(response.json()["error"])
        return response.json()["result"]

    def test_portal_page_shows_the_technician_message_live(self):
        with self.mock_mail_gateway():
            self.comment("First answer")

        def technician_posts():
            self.jsonrpc(
                self.http("technician"),
                "/mail/message/post",
                {
                    "thread_model": "helpdesk.ticket",
                    "thread_id": self.ticket.id,
                    "post_data": {
                        "body": "Live from the team",
                        "message_type": "comment",
                        "subtype_xmlid": "mail.mt_comment",
                    },
                },
            )

        thread, errors = self.when_subscribed(PORTAL, technician_posts)
        self.start_tour(
            f"/my/ticket/{self.ticket.id}?access_token={self.token}",
            "citsmart_messaging_live_portal",
        )
        thread.join(30)
        self.assertEqual(errors, [])
        live = self.ticket.comment_ids.filtered(lambda c: "Live from" in c.body)
        self.assertTrue(live.with_user(self.technician).seen_date)

    def test_messaging_tab_shows_the_requester_visit_live(self):
        with self.mock_mail_gateway():
            answer = self.comment("Seen soon")
        self.assertFalse(answer.with_user(self.technician).seen_date)

        def requester_visits():
            response = self.http().get(
                f"{self.base_url()}/my/ticket/{self.ticket.id}",
                params={"access_token": self.token},
                timeout=30,
            )
            response.raise_for_status()

        thread, errors = self.when_subscribed(TEAM, requester_visits)
        self.start_tour(
            f"/odoo/helpdesk.ticket/{self.ticket.id}",
            "citsmart_messaging_live_seen",
            login="technician",
        )
        thread.join(30)
        self.assertEqual(errors, [])
