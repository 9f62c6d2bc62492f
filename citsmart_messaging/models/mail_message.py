# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from odoo.addons.mail.tools.discuss import Store

from .helpdesk_ticket_comment import HELPDESK_USER_GROUP


class MailMessage(models.Model):
    _inherit = "mail.message"

    def write(self, vals):
        result = super().write(vals)
        if "res_id" in vals or "model" in vals:
            self._messaging_move_comments()
        return result

    def _messaging_move_comments(self):
        """A comment follows its chatter message when a module moves messages
        to another ticket (helpdesk_mgmt_merge merges tickets this way)."""
        # sudo: the caller was allowed to move the messages; their comments
        # are the same conversation
        comments = (
            self.env["helpdesk.ticket.comment"]
            .sudo()
            .search([("message_id", "in", self.ids)])
        )
        for comment in comments:
            message = comment.message_id
            if message.model == "helpdesk.ticket" and message.res_id:
                if comment.ticket_id.id != message.res_id:
                    comment.ticket_id = message.res_id
            else:
                comment.unlink()

    def _to_store_defaults(self, target):
        """Technicians see in the chatter when the other side saw a comment."""
        fields = super()._to_store_defaults(target)
        user = self.env.user
        if (
            target.is_current_user(self.env)
            and not user.share
            and user.has_group(HELPDESK_USER_GROUP)
        ):
            seen = self.env["helpdesk.ticket.comment"]._messaging_seen_by_message(self)
            if seen:
                fields.append(
                    Store.Attr(
                        "citsmart_seen_date",
                        value=lambda m: seen[m.id],
                        predicate=lambda m: m.id in seen,
                    )
                )
        return fields
