# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailNotification(models.Model):
    _inherit = "mail.notification"

    def write(self, vals):
        result = super().write(vals)
        if "notification_status" in vals:
            self._messaging_delivery_changed(vals["notification_status"])
        return result

    def _messaging_delivery_changed(self, status):
        """A recipient's delivery changed (Odoo's mail queue, a bounce, a
        resend): the pages showing the ticket follow, and an email sent to
        the requester may be the team's answer. Nothing is read but the
        messages Odoo's mail queue already holds."""
        messages = self.mail_message_id.filtered(
            lambda m: m.model == "helpdesk.ticket" and m.res_id
        )
        if not messages:
            return
        Ticket = self.env["helpdesk.ticket"]
        public = messages.filtered(
            lambda m: not m.is_internal and not m.subtype_id.internal
        )
        Ticket.browse(
            set((messages - public).mapped("res_id"))
        )._messaging_notify_live()
        Ticket.browse(set(public.mapped("res_id")))._messaging_notify_live(portal=True)
        if status == "sent" and public:
            self.env["helpdesk.ticket.comment.response"]._messaging_record_soon()
