# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A comment's emails: the template of parameter 417, its recipients, one
``mail.mail`` and one ``mail.notification`` per recipient."""

import logging
from collections import defaultdict

from markupsafe import Markup

from odoo import models
from odoo.tools.mail import email_normalize, email_split_and_format

_logger = logging.getLogger(__name__)


class HelpdeskTicketComment(models.Model):
    _inherit = "helpdesk.ticket.comment"

    # ------------------------------------------------------------------
    # Recipients
    # ------------------------------------------------------------------

    def _messaging_is_from_requester(self):
        self.ensure_one()
        return self.ticket_id._messaging_is_requester_side(self.author_id)

    def _messaging_recipients(self):
        """Return ``(partners, emails)`` on the other side of the ticket."""
        self.ensure_one()
        return self.ticket_id._messaging_other_side(self.author_id)

    def _messaging_is_requester_address(self, partner, address):
        ticket = self.ticket_id
        if partner:
            return partner == ticket.partner_id
        return email_normalize(address or "") in {
            email_normalize(email)
            for email in email_split_and_format(ticket.partner_email)
        }

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------

    def _messaging_send(self, only=None):
        """Email each public comment to the other side of its ticket through
        the template of parameter 417, rendered once per recipient language,
        time zone and role (requester or not). The mails leave right after
        commit (see mail.mail). Called in sudo.

        ``only`` (``{comment id: {partner id or address}}``) limits the
        emails to those recipients, to send again what failed."""
        if not self:
            return
        template, problem = self.env["mail.template"]._messaging_template_417()
        if problem:
            self._messaging_not_sent(problem)
            return
        plan, failures, inbox = self._messaging_plan(only)
        mail_values, queued = [], []
        base_values = {}
        fallback_date = self.env["mail.mail"]._messaging_fallback_date()
        for (lang, tz, requester), entries in plan.items():
            comments = self.browse(dict.fromkeys(c.id for c, _p, _a in entries))
            rendered, errors = comments._messaging_render(
                template.with_context(citsmart_messaging_requester=requester),
                lang,
                tz,
            )
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
                    base_values[message] = (
                        comment.ticket_id._notify_by_email_get_base_mail_values(
                            message, []
                        )
                    )
                attachments = comment.attachment_ids + template.attachment_ids
                values = dict(
                    base_values[message],
                    body_html=body,
                    messaging_subject=subject,
                    auto_delete=template.auto_delete,
                    scheduled_date=fallback_date,
                    mail_server_id=template.mail_server_id.id,
                    attachment_ids=[(6, 0, attachments.ids)],
                )
                if partner:
                    values["recipient_ids"] = [(4, partner.id)]
                else:
                    values["email_to"] = address
                mail_values.append(values)
                queued.append((comment, partner, address))
        mails = self.env["mail.mail"].create(mail_values)
        notification_values = [
            comment._messaging_notification_values(partner, address, mail=mail)
            for mail, (comment, partner, address) in zip(mails, queued, strict=True)
        ] + [
            comment._messaging_notification_values(
                partner, address, failure_type=failure_type, reason=reason
            )
            for comment, partner, address, failure_type, reason in failures
        ]
        self.env["mail.notification"].create(notification_values)
        for comment, partners in inbox.items():
            comment._messaging_notify_inbox(partners)
        for comment, _partner, _address, _type, reason in failures:
            _logger.warning(
                "Ticket messaging: comment %s could not be emailed: %s",
                comment.id,
                reason,
            )
        mails._messaging_send_soon()

    def _messaging_plan(self, only=None):
        """Sort the recipients of these comments: ``({(lang, tz, requester):
        [(comment, partner, address)]}, [(comment, partner, address,
        failure_type, reason)], {comment: inbox partners})``."""
        plan = defaultdict(list)
        failures = []
        inbox = defaultdict(lambda: self.env["res.partner"])

        def default_lang():
            # read only for recipients without a language of their own
            return self.env.company.partner_id.lang or self.env.lang

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
                # partner_share (stored): no internal user, so no Odoo inbox
                user = (
                    partner.user_ids.filtered(lambda u: not u.share)[:1]
                    if not partner.partner_share
                    else self.env["res.users"]
                )
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
                    requester = comment._messaging_is_requester_address(partner, None)
                    plan[
                        (partner.lang or default_lang(), partner.tz, requester)
                    ].append((comment, partner, None))
            if emails:
                company = comment.ticket_id.company_id
                lang = company.partner_id.lang or default_lang()
                for address in emails:
                    requester = comment._messaging_is_requester_address(None, address)
                    plan[(lang, False, requester)].append((comment, None, address))
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
        zone (the keys are Odoo's own rendering, see mail.template). Return
        ``({comment id: (subject, body)}, {comment id: why it failed})``."""
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
        return {
            comment.id: (subjects[comment.id], bodies[comment.id]) for comment in self
        }, {}

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
        self.ticket_id._notify_thread_by_inbox(self.message_id, recipients_data)

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

    def _messaging_not_sent(self, reason):
        """Keep the comment, email nothing, and say why: in the log, on the
        comment and, for the technicians, on the ticket."""
        _logger.warning(
            "Ticket messaging: comments %s were not emailed: %s", self.ids, reason
        )
        for comment in self:
            comment.delivery_warning = "\n".join(
                filter(None, [comment.delivery_warning, reason])
            )
        for ticket in self.ticket_id:
            # a log note that nobody is notified of
            ticket._message_log(
                body=Markup("<p>%s</p>")
                % self.env._("Ticket messaging: a comment was not emailed. %s", reason),
            )
