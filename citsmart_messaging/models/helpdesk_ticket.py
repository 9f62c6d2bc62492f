# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
import uuid

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.tools import consteq, html2plaintext, plaintext2html
from odoo.tools.mail import email_normalize, email_split

from ..tools.reply import reply_new_text
from .helpdesk_ticket_comment import POSTING_KEY
from .mail_thread import INBOUND_KEY

# Set while a comment's chatter entry (or a reply by email) is posted: the
# comment's own email replaces Odoo's notification of followers.
MUTE_KEY = "citsmart_messaging_mute"
# Set on the ticket that an inbound email has just created (its first
# message is the ticket's description, not a comment), and on the ticket a
# reply was routed to by the number in its subject.
NEW_TICKET_KEY = "citsmart_messaging_new_ticket"
SUBJECT_ROUTED_KEY = "citsmart_messaging_subject_routed"
SUBJECT_NUMBER = re.compile(r"\[([A-Za-z0-9/_-]+)\]")
# The same text from the same author within this delay is not a new comment.
REPEAT_MINUTES = 10
# A portal comment larger than this is refused rather than stored.
PORTAL_BODY_MAX_CHARS = 2 * 1024 * 1024


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    comment_ids = fields.One2many(
        "helpdesk.ticket.comment", "ticket_id", string="Comments"
    )
    comment_count = fields.Integer(compute="_compute_comment_count")
    messaging_requester_failed = fields.Boolean(
        compute="_compute_messaging_requester_failed",
        help="The last email of a comment to the requester failed.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # the token of ${TICKETURL} is made with the ticket, so that commenting
        # never has to write the ticket row
        for vals in vals_list:
            vals.setdefault("access_token", str(uuid.uuid4()))
        return super().create(vals_list)

    @api.depends("comment_ids")
    def _compute_comment_count(self):
        counts = dict(
            self.env["helpdesk.ticket.comment"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.comment_count = counts.get(ticket, 0)

    @api.depends("comment_ids.delivery_state")
    def _compute_messaging_requester_failed(self):
        for ticket in self:
            to_requester = ticket.comment_ids.filtered(
                lambda c: (
                    not c.is_internal
                    and c.delivery_state != "not_sent"
                    and not c._messaging_is_from_requester()
                )
            )
            last = to_requester.sorted(lambda c: (c.create_date, c.id))[-1:]
            ticket.messaging_requester_failed = last.delivery_state == "failed"

    def _messaging_comment_visibility(self, message_type, subtype_id):
        """Return "public" or "internal" when a post is a person's message
        that must become a comment, else False (tracking, logs, emails of
        stage templates, the add-on's own posts, auto-replies)."""
        context = self.env.context
        if context.get(POSTING_KEY) or context.get(NEW_TICKET_KEY):
            return False
        inbound = context.get(INBOUND_KEY)
        if message_type == "email":
            if inbound is None or inbound["automatic"]:
                return False
            if context.get(SUBJECT_ROUTED_KEY):
                return "public"  # its subtype is the one of a new ticket
        elif message_type != "comment":
            return False
        xmlid_to_id = self.env["ir.model.data"]._xmlid_to_res_id
        if subtype_id == xmlid_to_id("mail.mt_comment"):
            return "public"
        if subtype_id == xmlid_to_id("mail.mt_note"):
            return "internal"
        return False

    def message_post(self, **kwargs):
        message_type = kwargs.get("message_type", "notification")
        inbound = self.env.context.get(INBOUND_KEY)
        if len(self) != 1 or self.env.context.get(POSTING_KEY):
            return super().message_post(**kwargs)
        subtype_id = kwargs.get("subtype_id")
        if not subtype_id and kwargs.get("subtype_xmlid"):
            subtype_id = self.env["ir.model.data"]._xmlid_to_res_id(
                kwargs["subtype_xmlid"]
            )
        visibility = self._messaging_comment_visibility(message_type, subtype_id)
        if not visibility:
            if message_type == "email" and inbound and inbound["automatic"]:
                # kept in the chatter, never mailed to anybody
                return super(
                    HelpdeskTicket, self.with_context(**{MUTE_KEY: True})
                ).message_post(**kwargs)
            return super().message_post(**kwargs)
        author = self.env["res.partner"].browse(kwargs.get("author_id"))
        verified = True
        if message_type == "email":
            author, verified = self._messaging_inbound_author(
                author, kwargs.get("email_from")
            )
            kwargs["author_id"] = author.id or kwargs.get("author_id")
        # public comments are emailed by the add-on; a reply by email notifies
        # nobody on its own either
        mute = visibility == "public" or message_type == "email"
        message = super(
            HelpdeskTicket, self.with_context(**{MUTE_KEY: mute})
        ).message_post(**kwargs)
        body = message.body
        if message_type == "email":
            body = reply_new_text(body)
            if not verified:
                body = (
                    Markup("<p><strong>%s</strong></p>")
                    % self.env._(
                        "Unverified sender %(email)s: not a party to this ticket.",
                        email=kwargs.get("email_from") or "?",
                    )
                    + body
                )
            if self._messaging_is_repeated(author, body):
                return message
        # sudo: posting on the ticket already passed its access check
        # (_mail_post_access, or the mail gateway), which is what commenting
        # requires
        self.env["helpdesk.ticket.comment"].sudo().create(
            {
                "ticket_id": self.id,
                "body": body,
                "author_id": author.id or message.author_id.id,
                "is_internal": visibility == "internal" or not verified,
                "attachment_ids": [(6, 0, message.attachment_ids.ids)],
                "message_id": message.id,
            }
        )
        return message

    def _messaging_parties(self):
        """Partners entitled to write on this ticket by email."""
        self.ensure_one()
        # sudo: decided for the mail gateway, whoever the sender is
        ticket = self.sudo()
        return (
            ticket.partner_id
            | ticket.partner_id.commercial_partner_id
            | ticket.user_id.partner_id
            | ticket.team_id.user_id.partner_id
            | ticket.team_id.user_ids.partner_id
            | ticket.message_partner_ids
        )

    def _messaging_party_by_email(self, email):
        """The party with this address: its partner, True for the requester
        known only by address (``partner_email``), else False."""
        self.ensure_one()
        sender = email_normalize(email or "")
        if not sender:
            return False
        by_email = self._messaging_parties().filtered(
            lambda p: p.email_normalized == sender
        )[:1]
        # sudo: the gateway's user may not read the requester's address
        requester_emails = email_split(self.sudo().partner_email or "")
        return by_email or sender in map(email_normalize, requester_emails)

    def _messaging_inbound_author(self, author, email_from):
        """Return ``(author, verified)`` for an email received on the ticket:
        a party's partner (found or created for a requester known only by
        address), or the unknown sender, not verified."""
        self.ensure_one()
        if author and author in self._messaging_parties():
            return author, True
        party = self._messaging_party_by_email(email_from)
        if party is True:
            # sudo: the requester known only by address gets a contact, the
            # way Odoo's mail gateway makes one for a new sender
            return self.env["res.partner"].sudo().find_or_create(email_from), True
        return (party, True) if party else (author, False)

    def _messaging_is_repeated(self, author, body):
        """The same text from the same author on this ticket a few minutes
        ago: a mail loop or a client sending twice."""
        since = fields.Datetime.subtract(fields.Datetime.now(), minutes=REPEAT_MINUTES)
        # sudo: the gateway's user need not see the comments
        recent = (
            self.env["helpdesk.ticket.comment"]
            .sudo()
            .search(
                [
                    ("ticket_id", "=", self.id),
                    ("author_id", "=", author.id),
                    ("create_date", ">=", since),
                ]
            )
        )
        text = html2plaintext(body).strip()
        return any(html2plaintext(c.body or "").strip() == text for c in recent)

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        ticket = self._messaging_ticket_from_subject(msg_dict)
        if ticket:
            # a reply whose client dropped the threading headers
            ticket.message_update(msg_dict)
            return ticket.with_context(**{SUBJECT_ROUTED_KEY: True})
        ticket = super().message_new(msg_dict, custom_values=custom_values)
        return ticket.with_context(**{NEW_TICKET_KEY: True})

    @api.model
    def _messaging_ticket_from_subject(self, msg_dict):
        """The ticket whose number the subject quotes ("[HT00042]"), when the
        sender is one of its parties; else nothing (a new ticket)."""
        numbers = SUBJECT_NUMBER.findall(msg_dict.get("subject") or "")
        if not numbers:
            return self.browse()
        # sudo: the gateway looks tickets up for any sender; parties only match
        tickets = self.sudo().search([("number", "in", numbers)])
        for ticket in tickets:
            if ticket._messaging_party_by_email(msg_dict.get("email_from")):
                return ticket
        return self.browse()

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        if self.env.context.get(MUTE_KEY) or self.env.context.get(POSTING_KEY):
            return []
        return super()._notify_get_recipients(message, msg_vals=msg_vals, **kwargs)

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------

    def _messaging_public_comments(self):
        """Public comments, oldest first: all a requester may see. The portal
        hands templates a sudo ticket, so internal notes are filtered here."""
        self.ensure_one()
        return self.comment_ids.filtered(lambda c: not c.is_internal).sorted(
            lambda c: (c.create_date, c.id)
        )

    def _messaging_awaiting_reply_counts(self):
        """Return ``{ticket id: number of public comments from the technician
        side since the requester last wrote}``."""
        # sudo: public comments of tickets the caller reads; their authors'
        # users decide the side, which portal users may not read
        comments = (
            self.env["helpdesk.ticket.comment"]
            .sudo()
            .search(
                [("ticket_id", "in", self.ids), ("is_internal", "=", False)],
                order="create_date desc, id desc",
            )
        )
        counts = dict.fromkeys(self.ids, 0)
        answered = set()
        for comment in comments:
            ticket_id = comment.ticket_id.id
            if ticket_id in answered:
                continue
            if comment._messaging_is_from_requester():
                answered.add(ticket_id)
            else:
                counts[ticket_id] += 1
        return counts

    @api.model
    def _messaging_portal_post(self, ticket_id, body, access_token=None, files=()):
        """Create a public comment as the requester, from the portal.

        Access is what the portal page itself requires: the ticket readable by
        the current user, or a valid access token. ``files`` are
        ``(name, content, mimetype)`` tuples. Raise AccessError/MissingError
        for no access, UserError for a comment that cannot be accepted."""
        # sudo: the requester's access is checked just below, read or token
        ticket_sudo = self.sudo().browse(ticket_id).exists()
        if not ticket_sudo:
            raise MissingError(self.env._("This ticket does not exist."))
        author = self.env.user.partner_id
        if not self.browse(ticket_id).has_access("read"):
            if not (
                access_token
                and ticket_sudo.access_token
                and consteq(ticket_sudo.access_token, access_token)
            ):
                raise AccessError(self.env._("You cannot comment on this ticket."))
            if self.env.user._is_public():
                author = ticket_sudo.partner_id
        text = (body or "").strip()
        if not text:
            raise UserError(self.env._("Your message is empty."))
        if len(text) > PORTAL_BODY_MAX_CHARS:
            raise UserError(self.env._("Your message is too long."))
        # sudo: access was checked above; portal users have no create right
        # on comments and attachments of tickets
        attachments = self.env["ir.attachment"].sudo()
        for name, content, mimetype in files:
            if content:
                attachments += attachments.create(
                    {
                        "name": name or "attachment",
                        "raw": content,
                        "mimetype": mimetype,
                        "res_model": self._name,
                        "res_id": ticket_sudo.id,
                    }
                )
        return (
            self.env["helpdesk.ticket.comment"]
            .sudo()
            .create(
                {
                    "ticket_id": ticket_sudo.id,
                    "body": plaintext2html(text),
                    "author_id": author.id,
                    "is_internal": False,
                    "attachment_ids": [(6, 0, attachments.ids)],
                }
            )
        )
