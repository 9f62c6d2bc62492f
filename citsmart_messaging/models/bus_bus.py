# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Live updates without a database connection per post.

Odoo's bus wakes the websocket dispatchers after commit with a NOTIFY on the
``postgres`` database, through a connection opened for that one statement
(connections to ``postgres`` are never pooled). Ticket messaging notifies
after every comment and every sending, so a transaction that it is the first
to notify in NOTIFYs on one long-lived connection per process instead; the
bus still writes its notifications (``_sendone``) and, when another
notification opened the transaction's hook first, keeps notifying itself."""

import logging
import os
import threading

import psycopg2
from psycopg2 import sql

from odoo import api, models
from odoo.sql_db import connection_info_for
from odoo.tools import OrderedSet

from odoo.addons.bus.models.bus import ODOO_NOTIFY_FUNCTION, get_notify_payloads

_logger = logging.getLogger(__name__)

# the bus's own record of the channels to wake at commit (bus.bus._ensure_hooks)
_CHANNELS = "bus.bus.channels"


class BusBus(models.Model):
    _inherit = "bus.bus"

    @api.model
    def _messaging_notify_on_shared_connection(self):
        """Have this transaction's bus notifications woken on the shared
        connection, unless the bus already set up its own wake-up."""
        data = self.env.cr.postcommit.data
        if _CHANNELS in data:
            return
        channels = data[_CHANNELS] = OrderedSet()

        @self.env.cr.postcommit.add
        def notify():
            data.pop(_CHANNELS, None)
            NOTIFIER.notify(list(channels))


class _Notifier:
    """One connection to the ``postgres`` database per process, kept open
    for NOTIFY; a new one when it broke, a one-off one when none can be
    kept."""

    def __init__(self):
        self._lock = threading.Lock()
        self._connection = None
        self._pid = None

    def notify(self, channels):
        payloads = get_notify_payloads(channels)
        if not payloads:
            return
        statement = sql.SQL("SELECT {}('imbus', %s)").format(
            sql.Identifier(ODOO_NOTIFY_FUNCTION)
        )
        with self._lock:
            for attempt in range(2):
                try:
                    with self._connect().cursor() as cr:
                        for payload in payloads:
                            cr.execute(statement, [payload])
                    return
                except psycopg2.Error:
                    self._close()
                    if attempt:
                        _logger.warning(
                            "Ticket messaging: live update not sent", exc_info=True
                        )

    def _connect(self):
        # a forked worker must not share its parent's connection
        if self._connection is None or self._pid != os.getpid():
            _dbname, info = connection_info_for("postgres")
            self._connection = psycopg2.connect(**info)
            self._connection.autocommit = True
            self._pid = os.getpid()
        return self._connection

    def _close(self):
        if self._connection is not None and self._pid == os.getpid():
            try:
                self._connection.close()
            except psycopg2.Error:
                _logger.debug("closing a broken connection", exc_info=True)
        self._connection = None


NOTIFIER = _Notifier()
