# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk
from odoo.addons.portal.utils import get_portal_partner

# session key of a refused portal post: its reason and text, shown once
FLASH_KEY = "citsmart_messaging_refused_post"


class CustomerPortalMessaging(CustomerPortalHelpdesk):
    @http.route(
        "/my/ticket/<int:ticket_id>/comment",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_ticket_comment(self, ticket_id, body="", access_token=None, **kwargs):
        try:
            ticket_sudo = self._document_check_access(
                "helpdesk.ticket", ticket_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        author = request.env.user.partner_id
        if request.env.user._is_public():
            # with a token only: the partner of a signed link, else the
            # ticket's customer (else the contact of its address)
            author = get_portal_partner(
                ticket_sudo, kwargs.get("hash"), kwargs.get("pid"), access_token
            )
        files = [
            (upload.filename, upload.read(), upload.mimetype)
            for upload in request.httprequest.files.getlist("attachments")
        ]
        try:
            ticket_sudo._messaging_portal_post(body, author, files=files)
        except UserError as error:
            # back to the ticket page, the reason and the typed text flashed
            # once through the session: never in a URL, which a link can forge
            request.session[FLASH_KEY] = {
                "ticket_id": ticket_id,
                "error": error.args[0],
                "body": body,
            }
            query = (
                f"?{url_encode({'access_token': access_token})}" if access_token else ""
            )
            return request.redirect(f"/my/ticket/{ticket_id}{query}#citsmart_messaging")
        params = {"messaging": "sent"}
        if access_token:
            params["access_token"] = access_token
        return request.redirect(
            f"/my/ticket/{ticket_id}?{url_encode(params)}#citsmart_messaging"
        )

    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        comments = ticket._messaging_public_comments()
        # the requester downloads attachments with their own token
        for attachment in comments.attachment_ids:
            attachment.generate_access_token()
        form = {}
        if (request.session.get(FLASH_KEY) or {}).get("ticket_id") == ticket.id:
            form = request.session.pop(FLASH_KEY)
        values.update(
            messaging_comments=comments,
            messaging_sent=kwargs.get("messaging") == "sent",
            messaging_error=form.get("error"),
            messaging_body=form.get("body") or "",
            messaging_access_token=access_token,
        )
        return values

    @http.route()
    def portal_my_tickets(self, *args, **kwargs):
        response = super().portal_my_tickets(*args, **kwargs)
        groups = response.qcontext.get("grouped_tickets") or []
        tickets = request.env["helpdesk.ticket"].concat(*groups)
        response.qcontext["messaging_awaiting"] = (
            tickets._messaging_awaiting_reply_counts()
        )
        return response
