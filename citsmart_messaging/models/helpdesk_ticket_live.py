# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Seen marks and live updates of a ticket's conversation.

Two bus channels per ticket: the team's (helpdesk users who may read the
ticket: every change, seen marks included) and the portal's (whoever may read
the ticket on the portal, a token included: new comments and delivery
changes, never what a technician did, so that nobody tracks technicians).
Notifications carry the ticket's id only; pages fetch what changed through
their own access checks."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import consteq

from .helpdesk_ticket_comment import HELPDESK_USER_GROUP

# what a page subscribes to: "citsmart_messaging.ticket:<id>[:<access token>]"
BUS_CHANNEL_PREFIX = "citsmart_messaging.ticket:"
BUS_NOTIFICATION = "citsmart_messaging/changed"
TEAM_SUBCHANNEL = "citsmart_messaging_team"
PORTAL_SUBCHANNEL = "citsmart_messaging_portal"


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------------
    # Seen
    # ------------------------------------------------------------------

    def messaging_mark_seen(self):
        """The ticket form calls this when a technician opens a ticket: the
        requester's comments are seen by the team. Does nothing for others."""
        user = self.env.user
        if user.share or not user.has_group(HELPDESK_USER_GROUP):
            return False
        self.check_access("read")
        now = self.env.cr.now()
        # sudo: seen marks are the comments' bookkeeping; access to the
        # tickets was checked just above
        marked = (
            self.env["helpdesk.ticket.comment.seen"]
            .sudo()
            ._messaging_mark(self, from_requester=True, when=now)
        )
        self._messaging_notify_seen(marked, now)
        return bool(marked)

    def _messaging_seen_by_requester(self, answered_at=None):
        """The requester saw the team's comments of these tickets (he opened
        the ticket's portal page, or answered): mark them seen. Called on the
        sudo tickets that the portal route or the comment checked; returns
        the comments seen now."""
        when = answered_at or self.env.cr.now()
        marked = self.env["helpdesk.ticket.comment.seen"]._messaging_mark(
            self, from_requester=False, when=when, until=answered_at
        )
        if not all(emailed for _ticket, _message, emailed in marked.values()):
            # seen before its email was sent: seeing it may be the answer
            self.env["helpdesk.ticket.comment.response"]._messaging_record_soon()
        self._messaging_notify_seen(marked, when)
        return self.env["helpdesk.ticket.comment"].browse(marked)

    # ------------------------------------------------------------------
    # Live
    # ------------------------------------------------------------------

    def _messaging_notify_live(self, portal=False):
        """Tell the pages showing these tickets that their conversation
        changed."""
        bus = self.env["bus.bus"]
        bus._messaging_notify_on_shared_connection()
        # once per ticket and channel in a transaction: pages fetch it all
        notified = self.env.cr.precommit.data.setdefault(BUS_NOTIFICATION, set())
        for ticket in self:
            for subchannel in (TEAM_SUBCHANNEL, portal and PORTAL_SUBCHANNEL):
                if subchannel and (ticket.id, subchannel) not in notified:
                    notified.add((ticket.id, subchannel))
                    bus._sendone(
                        (ticket, subchannel), BUS_NOTIFICATION, {"ticket_id": ticket.id}
                    )

    def _messaging_notify_seen(self, marked, seen_date):
        """The team's pages follow comments marked seen at ``seen_date``
        (``{comment id: (ticket id, message id, emailed)}``), the
        technicians' chatter with the seen date of their messages."""
        messages = defaultdict(list)
        for ticket_id, message_id, _emailed in marked.values():
            messages[ticket_id].append(message_id)
        tickets = self.browse(messages)
        tickets._messaging_notify_live()
        # the chatter's store update: the seen date of these messages
        when = fields.Datetime.to_string(seen_date)
        for ticket in tickets:
            self.env["bus.bus"]._sendone(
                (ticket, TEAM_SUBCHANNEL),
                "mail.record/insert",
                {
                    "mail.message": [
                        {"id": message_id, "citsmart_seen_date": when}
                        for message_id in messages[ticket.id]
                        if message_id
                    ]
                },
            )

    @api.model
    def _messaging_bus_channel(self, spec):
        """The bus channel of ``spec`` (``<id>[:<access token>]``) that the
        current user may listen to, or None: the team's for helpdesk users
        who may read the ticket, the portal's for whoever may read it on the
        portal (its access token included)."""
        ticket_id, _sep, token = spec.partition(":")
        if not ticket_id.isdigit():
            return None
        ticket = self.browse(int(ticket_id)).exists()
        if not ticket:
            return None
        user = self.env.user
        readable = not user._is_public() and ticket.has_access("read")
        if readable and not user.share and user.has_group(HELPDESK_USER_GROUP):
            return (ticket, TEAM_SUBCHANNEL)
        # sudo: comparing the token the visitor holds with the ticket's
        if readable or (token and consteq(ticket.sudo().access_token or "", token)):
            return (ticket, PORTAL_SUBCHANNEL)
        return None
