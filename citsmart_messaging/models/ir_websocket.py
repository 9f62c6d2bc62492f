# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from .helpdesk_ticket_live import BUS_CHANNEL_PREFIX


class IrWebsocket(models.AbstractModel):
    _inherit = "ir.websocket"

    def _build_bus_channel_list(self, channels):
        """A page asks for a ticket's channel by name; it gets the channel
        its visitor may listen to, or nothing."""
        channels = list(channels)  # do not alter the caller's list
        for channel in list(channels):
            if isinstance(channel, str) and channel.startswith(BUS_CHANNEL_PREFIX):
                channels.remove(channel)
                ticket_channel = self.env["helpdesk.ticket"]._messaging_bus_channel(
                    channel.removeprefix(BUS_CHANNEL_PREFIX)
                )
                if ticket_channel:
                    channels.append(ticket_channel)
        return super()._build_bus_channel_list(channels)
