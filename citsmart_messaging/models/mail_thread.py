# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _message_route_process(self, message, message_dict, routes):
        routes = self.env["helpdesk.ticket"]._messaging_route_inbound(
            message, message_dict, routes
        )
        return super()._message_route_process(message, message_dict, routes)
