# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Inbound email on tickets: which ticket a reply belongs to, and whether
its sender may speak there (PRODUCT.md behaviour 9)."""

from markupsafe import Markup, escape

from odoo import api, models
from odoo.tools.mail import email_normalize, email_split

from ..tools.inbound import is_automatic_email
from ..tools.reply import reply_new_text
from ..tools.subject import ticket_numbers_in_subject

# message_dict key read (and removed) by the ticket's message_post
INBOUND_KEY = "citsmart_messaging_inbound"


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model
    def _messaging_route_inbound(self, message, message_dict, routes):
        """Adjust the gateway's routes of an inbound email (see
        ``mail.thread._message_route_process``): a reply whose client dropped
        the threading headers reaches its ticket by the number in its subject;
        a sender who is not entitled to speak on the ticket writes an internal,
        unverified note that adds no follower or CC."""
        if not any(route[0] == self._name for route in routes):
            return routes
        automatic = is_automatic_email(
            message, message_dict.get("email_from"), message_dict.get("is_bounce")
        )
        adjusted, verified = [], True
        for model, thread_id, custom_values, user_id, alias in routes:
            by_subject = False
            if model == self._name and not thread_id and not automatic:
                thread_id = self._messaging_ticket_from_subject(message_dict).id
                by_subject = bool(thread_id)
            if model == self._name and thread_id and not automatic:
                # sudo: decided for the mail gateway, whoever the sender is
                verified &= (
                    self.sudo()
                    .browse(thread_id)
                    ._messaging_check_sender(message_dict, by_subject)
                )
            adjusted.append((model, thread_id, custom_values, user_id, alias))
        if all(route[0] == self._name for route in routes):
            # only the ticket's message_post knows this parameter
            message_dict[INBOUND_KEY] = {"automatic": automatic, "verified": verified}
        return adjusted

    @api.model
    def _messaging_ticket_from_subject(self, message_dict):
        numbers = ticket_numbers_in_subject(message_dict.get("subject"))
        if not numbers:
            return self.browse()
        # sudo: the gateway looks tickets up for any sender; what the sender
        # may do there is decided by _messaging_check_sender
        numbers += [number.upper() for number in numbers]
        return self.sudo().search([("number", "in", numbers)], limit=1)

    def _messaging_party(self, email_from):
        """ "requester", "team" or "follower" for the sender's address, or
        False; and the sender's partner on the ticket, if any."""
        self.ensure_one()
        sender = email_normalize(email_from or "")
        if not sender:
            return False, self.env["res.partner"]
        # each side is read only when the sender is not on the ones before
        for party, partners in (
            (
                "requester",
                lambda: self.partner_id | self.partner_id.commercial_partner_id,
            ),
            (
                "team",
                lambda: (
                    self.user_id.partner_id
                    | self.team_id.user_id.partner_id
                    | self.team_id.user_ids.partner_id
                ),
            ),
            ("follower", lambda: self.message_partner_ids),
        ):
            found = partners().filtered(lambda p: p.email_normalized == sender)[:1]
            if found:
                return party, found
        if sender in map(email_normalize, email_split(self.partner_email or "")):
            return "requester", self.env["res.partner"]
        return False, self.env["res.partner"]

    def _messaging_check_sender(self, message_dict, by_subject):
        """Mark in ``message_dict`` what the sender may do on this ticket, and
        return whether he is verified:
        a party speaks as himself; found by subject only, only the requester
        does; anyone else writes an internal note flagged as unverified,
        attributed to nobody, that adds no follower or CC."""
        self.ensure_one()
        email_from = message_dict.get("email_from")
        party, partner = self._messaging_party(email_from)
        verified = party == "requester" if by_subject else bool(party)
        if by_subject or not verified:
            # helpdesk_mgmt's message_update subscribes To/Cc partners and
            # mail.thread.cc stores the Cc addresses
            message_dict["to"] = message_dict["cc"] = ""
        if verified:
            if not partner:
                # the requester known only by address gets a contact, the
                # way the gateway makes one for a new sender
                partner = self._messaging_requester_contact()
            message_dict["author_id"] = partner.id
            return True
        message_dict["is_internal"] = True
        message_dict["author_id"] = False
        warning = self.env._(
            "Unverified sender %(email)s: not a party to this ticket.",
            email=email_from or "?",
        )
        message_dict["body"] = Markup("<p><strong>%s</strong></p>%s") % (
            warning,
            message_dict.get("body") or "",
        )
        return False

    @api.model
    def _messaging_reply_text(self, body):
        """The comment's text of an inbound email: its new text only."""
        return reply_new_text(body) if body else escape("")
