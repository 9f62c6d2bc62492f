# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_datetime, html2plaintext
from odoo.tools.mail import email_normalize, email_split_and_format

from ..messaging_keys import find_keys, substitute_keys, unknown_keys

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
    # beyond CITSmart's six
    "TICKETTITLE": lambda comment: comment.ticket_id.name,
    "TICKETURL": lambda comment: comment._messaging_ticket_url(),
    "TICKETSTAGE": lambda comment: comment.ticket_id.stage_id.name,
    "COMMENTHISTORY": lambda comment: comment._messaging_history(),
}
# How many earlier public comments ${COMMENTHISTORY} shows.
HISTORY_SIZE = 3

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
    delivery_failure = fields.Text(
        compute="_compute_delivery_failure",
        help="Recipients whose email failed, and why.",
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

    @api.depends("message_id.notification_ids.failure_reason")
    def _compute_delivery_failure(self):
        for comment in self:
            failed = comment.message_id.notification_ids.filtered(
                lambda n: n.notification_status in ("exception", "bounce")
            )
            comment.delivery_failure = "\n".join(
                "{}: {}".format(
                    n.res_partner_id.name or n.mail_email_address,
                    n.failure_reason
                    or dict(n._fields["failure_type"].selection).get(n.failure_type)
                    or self.env._("delivery failed"),
                )
                for n in failed
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
        # sudo: technicians and requesters send through the administrator's
        # template and system parameter, which they may not read
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

    def _messaging_ticket_url(self):
        """The requester's link to the ticket in the portal, with its token."""
        self.ensure_one()
        # sudo: the token is emailed to the requester, whoever writes
        ticket = self.ticket_id.sudo()
        return ticket.get_base_url() + ticket.get_portal_url()

    def _messaging_history(self):
        """The last public comments before this one, newest first, as
        escaped HTML."""
        self.ensure_one()
        # sudo: the history is the ticket's, whoever writes the comment
        earlier = self.sudo().search(
            [
                ("ticket_id", "=", self.ticket_id.id),
                ("is_internal", "=", False),
                ("id", "<", self.id),
            ],
            order="id desc",
            limit=HISTORY_SIZE,
        )
        return Markup("").join(
            Markup("<p><strong>%s</strong> (%s):<br/>%s</p>")
            % (
                comment.author_id.name or "",
                comment._messaging_format_create_date(),
                html2plaintext(comment.body or ""),
            )
            for comment in earlier
        )

    def _messaging_key_values(self, keys=None):
        """The values of ``keys`` (default: all known keys) for this comment;
        computing only the keys a template uses spares their queries."""
        self.ensure_one()
        return {
            key: getter(self)
            for key, getter in MESSAGING_KEYS.items()
            if keys is None or key in keys
        }

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
        # sudo: a requester's comment goes to the technician and team, which
        # portal users may not read
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

    def _messaging_send(self, only=None):
        """Email each public comment to the other side of its ticket through
        the template of parameter 417, rendered per recipient language and
        time zone, then the keys substituted. Mails are only queued: the mail
        queue is triggered once for the whole batch.

        ``only`` (``{comment id: {partner id or address}}``) limits the
        emails to those recipients, to send again what failed."""
        if not self:
            return
        template, problem = self._messaging_get_template()
        if problem:
            self._messaging_not_sent(problem)
            return
        plan, failures, inbox = self._messaging_plan(only)

        mail_values, queued = [], []
        base_values = {}
        for (lang, tz), entries in plan.items():
            comments = self.browse(dict.fromkeys(c.id for c, _p, _a in entries))
            rendered, errors = comments._messaging_render(template, lang, tz)
            for comment, partner, address in entries:
                if comment.id in errors:
                    failures.append(
                        (comment, partner, address, "unknown", errors[comment.id])
                    )
                    continue
                subject, body = rendered[comment.id]
                message = comment.message_id
                if message not in base_values:
                    # threading headers and references of the ticket's thread
                    # (sudo: alias domains are restricted)
                    ticket = comment.ticket_id.sudo()
                    base_values[message] = ticket._notify_by_email_get_base_mail_values(
                        message, []
                    )
                attachments = comment.attachment_ids + template.attachment_ids
                values = dict(
                    base_values[message],
                    body_html=body,
                    messaging_subject=subject,
                    auto_delete=template.auto_delete,
                    mail_server_id=template.mail_server_id.id,
                    attachment_ids=[(6, 0, attachments.ids)],
                )
                if partner:
                    values["recipient_ids"] = [(4, partner.id)]
                else:
                    values["email_to"] = address
                mail_values.append(values)
                queued.append((comment, partner, address))
        # sudo: mails and notifications are the comment's side effects, made
        # whatever the author's rights on mail models
        mails = self.env["mail.mail"].sudo().create(mail_values)
        notification_values = [
            comment._messaging_notification_values(partner, address, mail=mail)
            for mail, (comment, partner, address) in zip(mails, queued, strict=True)
        ] + [
            comment._messaging_notification_values(
                partner, address, failure_type=failure_type, reason=reason
            )
            for comment, partner, address, failure_type, reason in failures
        ]
        self.env["mail.notification"].sudo().create(notification_values)
        for comment, partners in inbox.items():
            comment._messaging_notify_inbox(partners)
        for comment, _partner, _address, _type, reason in failures:
            _logger.warning(
                "Ticket messaging: comment %s could not be emailed: %s",
                comment.id,
                reason,
            )
        if mails:
            self._messaging_trigger_queue()

    def _messaging_plan(self, only=None):
        """Sort the recipients of these comments: ``({(lang, tz): [(comment,
        partner, address)]}, [(comment, partner, address, failure_type,
        reason)], {comment: inbox partners})``."""
        plan = defaultdict(list)  # (lang, tz) -> [(comment, partner, address)]
        failures = []  # (comment, partner, address, failure_type, reason)
        inbox = defaultdict(lambda: self.env["res.partner"])
        default_lang = self.env.company.partner_id.lang or self.env.lang
        for comment in self:
            partners, emails = comment._messaging_recipients()
            if only is not None:
                wanted = only.get(comment.id, ())
                partners = partners.filtered(lambda p, wanted=wanted: p.id in wanted)
                emails = [address for address in emails if address in wanted]
            elif not partners and not emails:
                comment._messaging_not_sent(comment._messaging_no_recipient_reason())
                continue
            for partner in partners:
                user = partner.user_ids.filtered(lambda u: not u.share)[:1]
                if user.notification_type == "inbox":
                    inbox[comment] |= partner
                elif not partner.email_normalized:
                    reason = self.env._(
                        "%(name)s has no email address.", name=partner.name
                    )
                    failures.append(
                        (comment, partner, None, "mail_email_missing", reason)
                    )
                else:
                    plan[(partner.lang or default_lang, partner.tz)].append(
                        (comment, partner, None)
                    )
            lang = comment.ticket_id.company_id.partner_id.lang or default_lang
            for address in emails:
                plan[(lang, False)].append((comment, None, address))
        return plan, failures, inbox

    def _messaging_notification_values(
        self, partner, address, mail=None, failure_type=False, reason=False
    ):
        """One recipient's delivery record: Odoo updates it when the mail is
        sent or fails, and keeps it when sent mails are deleted."""
        self.ensure_one()
        return {
            "author_id": self.author_id.id,
            "mail_message_id": self.message_id.id,
            "mail_mail_id": mail.id if mail else False,
            "notification_type": "email",
            "notification_status": "exception" if failure_type else "ready",
            "failure_type": failure_type,
            "failure_reason": reason,
            "is_read": True,
            "res_partner_id": partner.id if partner else False,
            "mail_email_address": False if partner else address,
        }

    def _messaging_render(self, template, lang, tz):
        """Render the template for these comments in one language and time
        zone, then substitute the keys. Return ``({comment id: (subject,
        body)}, {comment id: why it failed})``."""
        template = template.with_context(lang=lang, tz=tz or "UTC")
        try:
            subjects = template._render_field("subject", self.ids, set_lang=lang)
            bodies = template._render_field("body_html", self.ids, set_lang=lang)
        except Exception as error:  # any error of the admin's template
            if len(self) > 1:
                # isolate the comments whose rendering fails
                rendered, errors = {}, {}
                for comment in self:
                    one, one_errors = comment._messaging_render(template, lang, tz)
                    rendered.update(one)
                    errors.update(one_errors)
                return rendered, errors
            _logger.warning(
                "Ticket messaging: template %s failed to render for comment %s",
                template.id,
                self.id,
                exc_info=True,
            )
            last_line = (str(error).strip().splitlines() or [type(error).__name__])[-1]
            reason = self.env._(
                "The email template “%(name)s” (id %(id)s) failed to render: %(error)s",
                name=template.name,
                id=template.id,
                error=last_line,
            )
            return {}, {self.id: reason}
        rendered = {}
        for comment in self.with_context(lang=lang, tz=tz or "UTC"):
            used = find_keys(subjects[comment.id]) | find_keys(bodies[comment.id])
            values = comment._messaging_key_values(used)
            rendered[comment.id] = (
                substitute_keys(subjects[comment.id], values, html=False),
                substitute_keys(bodies[comment.id], values, html=True),
            )
        return rendered, {}

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
        # sudo: notifications and bus messages are the comment's side effects
        self.ticket_id.sudo()._notify_thread_by_inbox(self.message_id, recipients_data)

    @api.model
    def _messaging_trigger_queue(self):
        """Have the mail queue sent soon after commit, not at the hourly run;
        never inside the user's request."""
        # sudo: crons are restricted to administrators
        self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()

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
        """Email again every failed or never emailed recipient of these public
        comments, re-rendering where no mail is left; never creates a second
        comment."""
        comments = self.filtered(
            lambda c: not c.is_internal and c.delivery_state in ("failed", "not_sent")
        )
        comments.check_access("read")
        never_emailed = comments.filtered(lambda c: c.delivery_state == "not_sent")
        failed = comments.notification_ids.filtered(
            lambda n: (
                n.notification_type == "email"
                and n.notification_status in ("exception", "bounce")
            )
        )
        # sudo: mails and notifications are restricted to administrators; a
        # technician may resend what he may read
        kept = failed.filtered(
            lambda n: n.mail_mail_id.state in ("exception", "cancel")
        )
        if kept:
            kept.mail_mail_id.sudo().mark_outgoing()
            kept.sudo().write(
                {
                    "notification_status": "ready",
                    "failure_type": False,
                    "failure_reason": False,
                }
            )
            self._messaging_trigger_queue()
        # no mail left (render failure, no address, deleted): render anew
        comment_of = {comment.message_id: comment for comment in comments}
        only = defaultdict(set)
        for notification in failed - kept:
            comment = comment_of[notification.mail_message_id]
            only[comment.id].add(
                notification.res_partner_id.id or notification.mail_email_address
            )
        # sudo (both): delivery records are bookkeeping, not the user's edits
        (failed - kept).sudo().unlink()
        self.browse(only)._messaging_send(only=only)
        never_emailed.sudo().write({"delivery_warning": False})
        never_emailed._messaging_send()
        return True
