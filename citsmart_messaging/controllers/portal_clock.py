# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.utils import (
    validate_thread_with_hash_pid,
    validate_thread_with_token,
)

from ..tools.conversation import REQUESTER
from .portal import CustomerPortalMessaging


class CustomerPortalMessagingClock(CustomerPortalMessaging):
    """The requester's side of the conversation clocks: opening the ticket
    page marks the team's comments seen, the thread updates itself, and the
    ticket list shows where his reply is awaited."""

    def _messaging_visitor_is_requester(self, ticket_sudo, access_token, kwargs):
        """Whether the visitor is the ticket's requester: logged in as its
        contact, or holding its token (from his email), or a signed link
        of the requester (another partner's signed link is someone else)."""
        user = request.env.user
        if not user._is_public():
            return bool(ticket_sudo.partner_id) and (
                user.partner_id == ticket_sudo.partner_id
            )
        pid, signature = kwargs.get("pid"), kwargs.get("hash")
        if pid and validate_thread_with_hash_pid(ticket_sudo, signature, pid):
            return str(ticket_sudo.partner_id.id) == str(pid)
        return bool(access_token) and validate_thread_with_token(
            ticket_sudo, access_token
        )

    def _messaging_thread_values(self, ticket_sudo, access_token, kwargs, seen):
        """Values of the thread's template; marks the team's comments seen
        when the requester is the one looking (and ``seen``)."""
        marked = ticket_sudo.env["helpdesk.ticket.comment"]
        if seen and self._messaging_visitor_is_requester(
            ticket_sudo, access_token, kwargs
        ):
            marked = ticket_sudo._messaging_seen_by_requester()
        return {
            "messaging_new_ids": set(marked.ids),
            "messaging_live_token": access_token or "",
        }

    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        values.update(
            self._messaging_thread_values(ticket, access_token, kwargs, seen=True)
        )
        return values

    @http.route(
        "/my/ticket/<int:ticket_id>/messaging",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def portal_ticket_messaging_thread(
        self, ticket_id, access_token=None, seen=None, **kwargs
    ):
        """The ticket page's thread alone, for the page to update itself
        when the bus says it changed; ``seen=1`` when the page is in view."""
        try:
            ticket_sudo = self._document_check_access(
                "helpdesk.ticket", ticket_id, access_token
            )
        except (AccessError, MissingError):
            return request.not_found()
        comments = ticket_sudo._messaging_public_comments()
        # the requester downloads attachments with their own token
        for attachment in comments.attachment_ids:
            attachment.generate_access_token()
        values = {"ticket": ticket_sudo, "messaging_comments": comments}
        values.update(
            self._messaging_thread_values(
                ticket_sudo, access_token, kwargs, seen=seen == "1"
            )
        )
        return request.render("citsmart_messaging.portal_messaging_thread", values)

    @http.route()
    def portal_my_tickets(self, *args, **kwargs):
        response = super().portal_my_tickets(*args, **kwargs)
        groups = response.qcontext.get("grouped_tickets") or []
        tickets = request.env["helpdesk.ticket"].concat(*groups)
        # sudo: who owes the next reply on the tickets the requester reads
        conversations = tickets.sudo()._messaging_conversations()
        response.qcontext["messaging_reply_awaited"] = {
            ticket_id
            for ticket_id, talk in conversations.items()
            if talk.waiting_on == REQUESTER
        }
        return response
