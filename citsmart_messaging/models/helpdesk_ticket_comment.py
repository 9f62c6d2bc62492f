# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_datetime
from odoo.tools.mail import email_normalize, email_split_and_format

from ..messaging_keys import substitute_keys, unknown_keys

_logger = logging.getLogger(__name__)

PARAMETER_417 = "citsmart_messaging.parameter_417"
TEMPLATE_MODEL = "helpdesk.ticket.comment"
# Context keys: create comments without any email (imports of old
# conversations); and mark the add-on's own chatter posts.
NO_SEND_KEY = "citsmart_messaging_no_send"
POSTING_KEY = "citsmart_messaging_posting"

# The one place that maps the CITSmart keys to their values: a new key is one
# line here. Values are plain text, except Markup ones (already sanitized
# HTML). Evaluated per recipient, so the context carries his lang and tz.
MESSAGING_KEYS = {
    "IDSERVICEREQUEST": lambda comment: comment.ticket_id.number,
    "COMMENTTEXT": lambda comment: Markup(comment.body or ""),
    "DATETIMECREATED": lambda comment: comment._messaging_format_create_date(),
    "USERNAME": lambda comment: comment.author_id.name,
    "REQUESTERNAME": lambda comment: (
        comment.ticket_id.partner_id.name or comment.ticket_id.partner_name
    ),
    "REQUESTRESPONSIBLENAME": lambda comment: comment.ticket_id.user_id.name,
}

DELIVERY_STATES = [
    ("queued", "Queued"),
    ("sent", "Sent"),
    ("failed", "Failed"),
    ("not_sent", "Not sent"),
]
# mail.notification status -> delivery state, worst first when aggregating
_NOTIFICATION_STATE = {
    "ready": "queued",
    "process": "queued",
    "pending": "queued",
    "sent": "sent",
    "bounce": "failed",
    "exception": "failed",
    "canceled": "not_sent",
}
_STATE_SEVERITY = ["failed", "queued", "sent", "not_sent"]


class HelpdeskTicketComment(models.Model):
    _name = "helpdesk.ticket.comment"
    _description = "Helpdesk Ticket Comment"
    _order = "create_date desc, id desc"
    _rec_name = "ticket_id"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    body = fields.Html(sanitize=True, sanitize_style=True)
    author_id = fields.Many2one(
        "res.partner",
        default=lambda self: self.env.user.partner_id,
        index=True,
        ondelete="set null",
    )
    is_internal = fields.Boolean(
        string="Internal Note",
        default=False,
        help="Internal notes are never shown or sent to the requester.",
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Attachments")
    message_id = fields.Many2one(
        "mail.message",
        string="Chatter Message",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The ticket's chatter entry this comment's emails belong to.",
    )
    notification_ids = fields.One2many(
        related="message_id.notification_ids", string="Recipients"
    )
    delivery_state = fields.Selection(
        DELIVERY_STATES,
        compute="_compute_delivery_state",
        store=True,
        index=True,
    )
    delivery_warning = fields.Text(
        readonly=True,
        help="Why this comment was not emailed, when it could not be.",
    )

    @api.depends("is_internal", "message_id.notification_ids.notification_status")
    def _compute_delivery_state(self):
        for comment in self:
            states = {
                _NOTIFICATION_STATE.get(notif.notification_status, "queued")
                for notif in comment.message_id.notification_ids
            }
            if comment.is_internal or not states:
                comment.delivery_state = "not_sent"
            else:
                comment.delivery_state = next(
                    state for state in _STATE_SEVERITY if state in states
                )

    @api.depends("ticket_id", "author_id", "create_date")
    def _compute_display_name(self):
        for comment in self:
            comment.display_name = self.env._(
                "%(ticket)s: comment by %(author)s",
                ticket=comment.ticket_id.number or "",
                author=comment.author_id.name or "",
            )

    # ------------------------------------------------------------------
    # Creation: posting in the chatter, then emailing the other side
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        tickets = self.env["helpdesk.ticket"].browse(
            {vals["ticket_id"] for vals in vals_list if vals.get("ticket_id")}
        )
        # A comment is a post on its ticket: whoever may read the ticket may
        # comment on it (helpdesk_mgmt's _mail_post_access is "read").
        tickets.check_access("read")
        comments = super().create(vals_list)
        comments.filtered(lambda c: not c.message_id)._messaging_post_in_chatter()
        if not self.env.context.get(NO_SEND_KEY):
            comments.filtered(lambda c: not c.is_internal)._messaging_send()
        return comments

    def _messaging_post_in_chatter(self):
        """Give each comment its chatter entry on the ticket, notifying nobody:
        the comment's own email is the only one it causes."""
        for comment in self:
            # sudo: access to the ticket was checked when creating the comment
            ticket = comment.ticket_id.sudo().with_context(
                **{POSTING_KEY: True, "mail_post_autofollow_author_skip": True}
            )
            message = ticket.message_post(
                body=Markup(comment.body or ""),
                author_id=comment.author_id.id,
                message_type="comment",
                subtype_xmlid="mail.mt_note"
                if comment.is_internal
                else "mail.mt_comment",
                attachment_ids=comment.attachment_ids.ids,
            )
            # sudo: the link is the comment's own bookkeeping, not an edit
            comment.sudo().message_id = message

    # ------------------------------------------------------------------
    # Parameter 417
    # ------------------------------------------------------------------

    @api.model
    def _messaging_get_template(self):
        """Return ``(template, problem)``: the template of parameter 417, or
        an empty recordset and a sentence saying what is wrong."""
        Template = self.env["mail.template"].sudo()
        raw = (
            self.env["ir.config_parameter"].sudo().get_param(PARAMETER_417) or ""
        ).strip()
        if not raw:
            return Template, self.env._(
                "System parameter 417 (%(key)s) is empty: no email template "
                "is set for ticket messaging.",
                key=PARAMETER_417,
            )
        if not raw.isdigit():
            return Template, self.env._(
                "System parameter 417 (%(key)s) holds %(value)r, which is not "
                "the id number of an email template.",
                key=PARAMETER_417,
                value=raw,
            )
        template = Template.browse(int(raw)).exists()
        if not template:
            return Template, self.env._(
                "System parameter 417 points to email template id %(id)s, "
                "which does not exist (deleted?).",
                id=raw,
            )
        if template.model != TEMPLATE_MODEL:
            return Template, self.env._(
                "System parameter 417 points to email template "
                "“%(name)s” (id %(id)s), which is for %(model)s, not for "
                "ticket comments (%(expected)s).",
                name=template.name,
                id=template.id,
                model=template.model or "?",
                expected=TEMPLATE_MODEL,
            )
        return template, False

    # ------------------------------------------------------------------
    # Keys
    # ------------------------------------------------------------------

    @api.model
    def _messaging_known_keys(self):
        return set(MESSAGING_KEYS)

    @api.model
    def _messaging_unknown_keys(self, *texts):
        known = self._messaging_known_keys()
        return sorted({key for text in texts for key in unknown_keys(text, known)})

    def _messaging_format_create_date(self):
        """``create_date`` in the context's time zone and language."""
        self.ensure_one()
        context = self.env.context
        return format_datetime(
            self.env,
            self.create_date,
            tz=context.get("tz") or "UTC",
            lang_code=context.get("lang"),
        )

    def _messaging_key_values(self):
        self.ensure_one()
        return {key: getter(self) for key, getter in MESSAGING_KEYS.items()}

    # ------------------------------------------------------------------
    # Recipients
    # ------------------------------------------------------------------

    def _messaging_is_from_requester(self):
        self.ensure_one()
        author = self.author_id
        return author == self.ticket_id.partner_id or author.partner_share

    def _messaging_recipients(self):
        """Return ``(partners, emails)`` on the other side of the ticket:
        partners to notify, and addresses known without a partner."""
        self.ensure_one()
        ticket = self.ticket_id.sudo()
        if self._messaging_is_from_requester():
            team = ticket.team_id
            partners = (
                ticket.user_id.partner_id
                or team.user_id.partner_id
                or team.user_ids.partner_id
            )
            emails = []
        else:
            partners = ticket.partner_id
            emails = [] if partners else email_split_and_format(ticket.partner_email)
            emails += email_split_and_format(ticket.email_cc)
        partners -= self.author_id
        # the author never gets his own comment; nobody gets it twice
        seen = {
            email_normalize(address)
            for address in (partners + self.author_id).mapped("email")
            if address
        }
        unique_emails = []
        for address in emails:
            normalized = email_normalize(address)
            if normalized and normalized not in seen:
                seen.add(normalized)
                unique_emails.append(address)
        return partners, unique_emails

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------

    def _messaging_send(self):
        """Email each public comment to the other side of its ticket through
        the template of parameter 417, rendered per recipient (language and
        time zone), then the keys substituted. Mails are only queued: the
        mail queue is triggered once for the whole batch."""
        if not self:
            return
        template, problem = self._messaging_get_template()
        if problem:
            self._messaging_not_sent(problem)
            return
        # sudo: the comment's side effects (mails, notifications) are created
        # whatever the author's rights on mail models
        Mail = self.env["mail.mail"].sudo()
        Notification = self.env["mail.notification"].sudo()
        recipient_groups = defaultdict(
            list
        )  # (lang, tz) -> [(comment, partner, email)]
        inbox = defaultdict(lambda: self.env["res.partner"])  # comment -> partners
        fallback_partner = self.env.company.partner_id
        for comment in self:
            partners, emails = comment._messaging_recipients()
            if not partners and not emails:
                comment._messaging_not_sent(comment._messaging_no_recipient_reason())
                continue
            for partner in partners:
                user = partner.user_ids.filtered(lambda u: not u.share)[:1]
                if user and user.notification_type == "inbox":
                    inbox[comment] |= partner
                    continue
                if not partner.email_normalized:
                    comment._messaging_add_warning(
                        self.env._("%(name)s has no email address.", name=partner.name)
                    )
                    continue
                key = (partner.lang or fallback_partner.lang, partner.tz)
                recipient_groups[key].append((comment, partner, None))
            requester_lang = comment.ticket_id.company_id.partner_id.lang
            for address in emails:
                key = (requester_lang or fallback_partner.lang, False)
                recipient_groups[key].append((comment, None, address))

        mail_vals_list = []
        notif_partners = []  # (partner, email) per mail, same order
        base_values = {}
        for (lang, tz), entries in recipient_groups.items():
            comments = self.browse(dict.fromkeys(c.id for c, _p, _e in entries))
            rendered = comments._messaging_render(template, lang, tz)
            for comment, partner, address in entries:
                if comment.id not in rendered:
                    continue
                subject, body = rendered[comment.id]
                if comment.message_id not in base_values:
                    ticket = comment.ticket_id.sudo()
                    base_values[comment.message_id] = (
                        ticket._notify_by_email_get_base_mail_values(
                            comment.message_id, []
                        )
                    )
                values = dict(
                    base_values[comment.message_id],
                    body_html=body,
                    messaging_subject=subject,
                    auto_delete=template.auto_delete,
                    mail_server_id=template.mail_server_id.id,
                    attachment_ids=[
                        (6, 0, (comment.attachment_ids + template.attachment_ids).ids)
                    ],
                )
                if partner:
                    values["recipient_ids"] = [(4, partner.id)]
                else:
                    values["email_to"] = address
                mail_vals_list.append(values)
                notif_partners.append((comment, partner, address))
        mails = Mail.create(mail_vals_list)
        Notification.create(
            [
                {
                    "author_id": comment.author_id.id,
                    "mail_message_id": comment.message_id.id,
                    "mail_mail_id": mail.id,
                    "notification_type": "email",
                    "notification_status": "ready",
                    "is_read": True,
                    "res_partner_id": partner.id if partner else False,
                    "mail_email_address": False if partner else address,
                }
                for mail, (comment, partner, address) in zip(
                    mails, notif_partners, strict=True
                )
            ]
        )
        for comment, partners in inbox.items():
            comment._messaging_notify_inbox(partners)
        if mails:
            self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()

    def _messaging_render(self, template, lang, tz):
        """Render the template for these comments in one language and time
        zone, then substitute the keys. Return ``{comment_id: (subject,
        body)}``; a comment whose rendering fails is left out and told why."""
        template = template.with_context(lang=lang, tz=tz or "UTC")
        try:
            subjects = template._render_field("subject", self.ids, set_lang=lang)
            bodies = template._render_field("body_html", self.ids, set_lang=lang)
        except Exception:
            if len(self) > 1:
                # isolate the comments whose rendering fails
                rendered = {}
                for comment in self:
                    rendered.update(comment._messaging_render(template, lang, tz))
                return rendered
            _logger.warning(
                "Ticket messaging: template %s failed to render for comment %s",
                template.id,
                self.id,
                exc_info=True,
            )
            self._messaging_not_sent(
                self.env._(
                    "The email template “%(name)s” (id %(id)s) failed to render; "
                    "check its subject and body.",
                    name=template.name,
                    id=template.id,
                )
            )
            return {}
        rendered = {}
        for comment in self.with_context(lang=lang, tz=tz or "UTC"):
            values = comment._messaging_key_values()
            rendered[comment.id] = (
                substitute_keys(subjects[comment.id], values, html=False),
                substitute_keys(bodies[comment.id], values, html=True),
            )
        return rendered

    def _messaging_notify_inbox(self, partners):
        """Technicians who chose "Handle in Odoo" get the comment in their
        Odoo inbox instead of by email."""
        self.ensure_one()
        recipients_data = [
            {
                "id": partner.id,
                "uid": partner.user_ids.filtered(lambda u: not u.share)[:1].id,
                "notif": "inbox",
            }
            for partner in partners
        ]
        self.ticket_id.sudo()._notify_thread_by_inbox(self.message_id, recipients_data)

    def _messaging_no_recipient_reason(self):
        self.ensure_one()
        if self._messaging_is_from_requester():
            return self.env._(
                "Nobody was emailed: the ticket has no responsible technician "
                "and its team has no leader or members."
            )
        return self.env._(
            "Nobody was emailed: the ticket's requester has no email address."
        )

    def _messaging_add_warning(self, warning):
        # sudo: the warning is the comment's own bookkeeping, not an edit
        for comment in self.sudo():
            comment.delivery_warning = "\n".join(
                filter(None, [comment.delivery_warning, warning])
            )

    def _messaging_not_sent(self, reason):
        """Keep the comment, email nothing, and say why: in the log, on the
        comment and, for the technicians, on the ticket."""
        _logger.warning(
            "Ticket messaging: comments %s were not emailed: %s", self.ids, reason
        )
        self._messaging_add_warning(reason)
        for ticket in self.ticket_id:
            # sudo: the notice is a side effect of the comment, posted as a
            # log note that nobody is notified of
            ticket.sudo().with_context(**{POSTING_KEY: True})._message_log(
                body=Markup("<p>%s</p>")
                % self.env._("Ticket messaging: a comment was not emailed. %s", reason),
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_resend(self):
        """Email again the recipients of public comments whose email failed or
        was never made; never creates a second comment."""
        comments = self.filtered(
            lambda c: not c.is_internal and c.delivery_state in ("failed", "not_sent")
        )
        comments.check_access("read")
        failed = comments.notification_ids.filtered(
            lambda n: (
                n.notification_type == "email"
                and n.notification_status in ("exception", "bounce")
            )
        )
        retry = failed.filtered("mail_mail_id")
        # sudo: mails and notifications are restricted to administrators; a
        # technician may resend what he may read
        if retry:
            retry.mail_mail_id.sudo().mark_outgoing()
            retry.sudo().write(
                {
                    "notification_status": "ready",
                    "failure_type": False,
                    "failure_reason": False,
                }
            )
            self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
        # comments whose mail is gone (or was never made) are rendered anew
        fresh = comments.filtered(lambda c: not (c.notification_ids & retry))
        if fresh:
            (fresh.notification_ids & failed).sudo().unlink()
            fresh.sudo().write({"delivery_warning": False})
            fresh._messaging_send()
        return True
