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
        """A recipient's delivery changed: the comments of these ticket
        messages follow (live pages, the team's answer reaching the
        requester)."""
        messages = self.mail_message_id.filtered(lambda m: m.model == "helpdesk.ticket")
        if not messages:
            return
        # sudo: Odoo's mail queue updates the states; the comments are its
        # delivery report
        comments = (
            self.env["helpdesk.ticket.comment"]
            .sudo()
            .search([("message_id", "in", messages.ids)])
        )
        if comments:
            comments._messaging_delivery_changed(status)
