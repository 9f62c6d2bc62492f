# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

# set by the after-commit sender: one live update for its whole batch,
# instead of a database connection per email (bus notifications open one)
LIVE_LATER_KEY = "citsmart_messaging_live_later"


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
        if not self.env.context.get(LIVE_LATER_KEY):
            self._messaging_notify_delivery_live(messages)
        if status == "sent" and messages.filtered(self._messaging_is_public):
            self.env["helpdesk.ticket.comment.response"]._messaging_record_soon()

    @api.model
    def _messaging_notify_delivery_live(self, messages):
        """Tell the pages of these ticket messages that deliveries changed;
        the portal's only for public messages."""
        Ticket = self.env["helpdesk.ticket"]
        public = messages.filtered(self._messaging_is_public)
        Ticket.browse(
            set((messages - public).mapped("res_id"))
        )._messaging_notify_live()
        Ticket.browse(set(public.mapped("res_id")))._messaging_notify_live(portal=True)

    @staticmethod
    def _messaging_is_public(message):
        return not message.is_internal and not message.subtype_id.internal
