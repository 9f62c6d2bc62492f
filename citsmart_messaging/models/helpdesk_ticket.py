# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import uuid

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html
from odoo.tools.mail import email_normalize, email_split_and_format

from .helpdesk_ticket_gateway import INBOUND_KEY

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

    @api.depends("comment_ids.delivery_state", "comment_ids.from_requester")
    def _compute_messaging_requester_failed(self):
        for ticket in self:
            to_requester = ticket.comment_ids.filtered(
                lambda c: (
                    not c.is_internal
                    and c.delivery_state not in ("not_sent", "imported")
                    and not c.from_requester
                )
            )
            last = to_requester.sorted(lambda c: (c.create_date, c.id))[-1:]
            ticket.messaging_requester_failed = last.delivery_state == "failed"

    # ------------------------------------------------------------------
    # The two sides of the conversation
    # ------------------------------------------------------------------

    def _messaging_is_requester_side(self, author):
        self.ensure_one()
        return author == self.partner_id or author.partner_share

    def _messaging_other_side(self, author):
        """Return ``(partners, emails)`` a public comment by ``author`` is
        emailed to: partners, and addresses known without a partner. The
        author never gets his own comment; nobody gets it twice."""
        self.ensure_one()
        if self._messaging_is_requester_side(author):
            team = self.team_id
            partners = (
                self.user_id.partner_id
                or team.user_id.partner_id
                or team.user_ids.partner_id
            )
            emails = []
        else:
            partners = self.partner_id
            emails = [] if partners else email_split_and_format(self.partner_email)
            emails += email_split_and_format(self.email_cc)
        partners -= author
        seen = {
            email_normalize(address)
            for address in (partners + author).mapped("email")
            if address
        }
        unique_emails = []
        for address in emails:
            normalized = email_normalize(address)
            if normalized and normalized not in seen:
                seen.add(normalized)
                unique_emails.append(address)
        return partners, unique_emails

    def _messaging_drop_other_side(self, kwargs):
        """Remove from a post's explicit recipients those the comment's email
        reaches (the chatter suggests the requester, the gateway pings the
        author of the message answered): one message per comment."""
        author = self.env["res.partner"].browse(
            kwargs.get("author_id") or self.env.user.partner_id.id
        )
        # sudo: the other side (technicians, requester) of a ticket the caller
        # may post on; only used to leave them out of Odoo's notification
        partners, emails = self.sudo()._messaging_other_side(author)
        if kwargs.get("partner_ids"):
            kwargs["partner_ids"] = [
                pid for pid in kwargs["partner_ids"] if pid not in partners.ids
            ]
        if kwargs.get("outgoing_email_to"):
            ours = {
                email_normalize(email) for email in emails + partners.mapped("email")
            }
            kwargs["outgoing_email_to"] = ", ".join(
                address
                for address in email_split_and_format(kwargs["outgoing_email_to"])
                if email_normalize(address) not in ours
            )

    # ------------------------------------------------------------------
    # Chatter: a person's message is a comment
    # ------------------------------------------------------------------

    def _messaging_post_comment_message(self, **kwargs):
        """Post a comment's chatter entry, notifying no follower (the
        comment's email is the only one), without making it a comment again."""
        return super(
            HelpdeskTicket, self.with_context(mail_post_autofollow_author_skip=True)
        ).message_post(message_type="comment", notify_skip_followers=True, **kwargs)

    def _messaging_comment_visibility(self, message_type, subtype_id):
        """ "public" or "internal" when a post is a person's message that must
        become a comment, else False (tracking, logs, stage-template emails,
        the creation message of a ticket, out-of-office replies)."""
        if message_type not in ("comment", "email"):
            return False
        xmlid_to_id = self.env["ir.model.data"]._xmlid_to_res_id
        if subtype_id == xmlid_to_id("mail.mt_comment"):
            return "public"
        if subtype_id == xmlid_to_id("mail.mt_note"):
            return "internal"
        return False

    def message_post(self, **kwargs):
        inbound = kwargs.pop(INBOUND_KEY, None)
        message_type = kwargs.get("message_type", "notification")
        subtype_id = kwargs.get("subtype_id")
        if not subtype_id and kwargs.get("subtype_xmlid"):
            subtype_id = self.env["ir.model.data"]._xmlid_to_res_id(
                kwargs["subtype_xmlid"]
            )
        visibility = len(self) == 1 and self._messaging_comment_visibility(
            message_type, subtype_id
        )
        if message_type == "email" and (
            not inbound or inbound["automatic"] or not inbound["verified"]
        ):
            # auto-replies, bounces and unverified senders stay in the
            # chatter, emailed to nobody
            kwargs["notify_skip_followers"] = True
            kwargs["partner_ids"] = []
            if not inbound or inbound["automatic"]:
                visibility = False
        if not visibility:
            return super().message_post(**kwargs)
        if not self.env.is_superuser() and self.env.user.share:
            # a portal user posts as himself (the portal routes post in sudo
            # with the author they checked)
            kwargs.pop("author_id", None)
            kwargs.pop("email_from", None)
        if visibility == "public" or message_type == "email":
            # the comment's email replaces Odoo's notification of followers;
            # explicit recipients and Odoo's own pings are kept
            kwargs["notify_skip_followers"] = True
        if visibility == "public":
            self._messaging_drop_other_side(kwargs)
        message = super().message_post(**kwargs)
        body = message.body
        if message_type == "email":
            body = self._messaging_reply_text(body)
        self._messaging_comment_of(message, body, visibility == "internal")
        return message

    def _messaging_comment_of(self, message, body, internal=False):
        """Create the comment of the chatter ``message`` just posted (its
        ``body`` as the comment's text)."""
        # sudo: posting on the ticket already passed its access check
        # (_mail_post_access, the portal route or the mail gateway), which is
        # what commenting requires; the values are the posted message's own
        Comment = self.env["helpdesk.ticket.comment"].sudo()
        return Comment.create(
            {
                "ticket_id": self.id,
                "body": body,
                "author_id": message.author_id.id,
                "is_internal": internal,
                "attachment_ids": [(6, 0, message.attachment_ids.ids)],
                "message_id": message.id,
            }
        )

    def _message_update_content(self, message, /, *, body, **kwargs):
        """Editing or deleting a comment's message in the chatter edits or
        removes the comment."""
        result = super()._message_update_content(message, body=body, **kwargs)
        # sudo: the chatter's own check allowed the edit; the comment follows
        comment = (
            self.env["helpdesk.ticket.comment"]
            .sudo()
            .search([("message_id", "=", message.id)])
        )
        if comment and message._filter_empty():
            comment.unlink()
        elif comment:
            comment.write(
                {
                    "body": message.body,
                    "attachment_ids": [(6, 0, message.attachment_ids.ids)],
                }
            )
            comment._messaging_keep_note_attachments_internal()
        return result

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
        # sudo: public comments of tickets the caller reads, counted only
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
            if comment.from_requester:
                answered.add(ticket_id)
            else:
                counts[ticket_id] += 1
        return counts

    def _messaging_requester_contact(self):
        """The requester's contact: the ticket's partner, or the contact of
        its ``partner_email``, made as the mail gateway makes one."""
        self.ensure_one()
        if self.partner_id or not self.partner_email:
            return self.partner_id
        return self.env["res.partner"]._find_or_create_from_emails(
            [self.partner_email]
        )[0]

    def _messaging_portal_post(self, body, author, files=()):
        """Create a public comment by ``author`` from the portal. Called on
        the sudo ticket that the portal route checked (read access or token);
        ``files`` are ``(name, content, mimetype)`` tuples. Raise UserError
        for a comment that cannot be accepted."""
        self.ensure_one()
        text = (body or "").strip()
        if not text:
            raise UserError(self.env._("Your message is empty."))
        if len(text) > PORTAL_BODY_MAX_CHARS:
            raise UserError(self.env._("Your message is too long."))
        author = author or self._messaging_requester_contact()
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": name or "attachment",
                    "raw": content,
                    "mimetype": mimetype,
                    "res_model": self._name,
                    "res_id": self.id,
                }
                for name, content, mimetype in files
                if content
            ]
        )
        # the chatter message first, then its comment: the comment's row is
        # written once, its message included
        message = self._messaging_post_comment_message(
            body=Markup(plaintext2html(text)),
            author_id=author.id,
            subtype_xmlid="mail.mt_comment",
            attachment_ids=attachments.ids,
        )
        return self._messaging_comment_of(message, message.body)
