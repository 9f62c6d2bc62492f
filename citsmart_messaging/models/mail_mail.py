# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How a comment's mails leave: right after the transaction that made them
commits, as Odoo sends person-to-person mail (``send_after_commit``), but
from one background thread per server process, so that the request answers
without waiting for the SMTP server. The mail queue is the fallback: each
mail is scheduled a little later and the queue's cron triggered for then, so
whatever the thread could not send (its process ended, the database refused)
still leaves; the cron meets the thread only when the thread is more than
that late (a slow SMTP server), and then one of them stops on the row the
other holds, never sending a mail twice (Odoo marks a mail before sending)."""

import logging
import os
import queue
import threading
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.modules.registry import Registry
from odoo.tools import SQL

from .mail_notification import LIVE_LATER_KEY

_logger = logging.getLogger(__name__)

# how long the thread has before the mail queue's cron takes over
FALLBACK_DELAY = timedelta(minutes=2)
_PENDING = "citsmart_messaging.send_soon"
_FALLBACK_DATE = "citsmart_messaging.fallback_date"


class MailMail(models.Model):
    _inherit = "mail.mail"

    # A comment's mails share the ticket's chatter message (and so its
    # subject), but each is rendered in its recipient's language.
    messaging_subject = fields.Char(
        help="Subject rendered for this mail's recipients by ticket messaging."
    )

    def _prepare_outgoing_list(self, mail_server=False, doc_to_followers=None):
        emails = super()._prepare_outgoing_list(
            mail_server=mail_server, doc_to_followers=doc_to_followers
        )
        if self.messaging_subject:
            for email in emails:
                email["subject"] = self.messaging_subject
        return emails

    @api.model
    def _messaging_fallback_date(self):
        """When the mail queue's cron may send the mails of this transaction
        that the thread has not sent by then."""
        return self.env.cr.postcommit.data.setdefault(
            _FALLBACK_DATE, fields.Datetime.now() + FALLBACK_DELAY
        )

    def _messaging_send_soon(self):
        """Send these mails right after commit (nothing when the transaction
        rolls back), the mail queue's cron after ``FALLBACK_DELAY``: it is
        triggered once per transaction for then, not woken now (which opens
        a database connection)."""
        if not self:
            return
        now, fallback = fields.Datetime.now(), self._messaging_fallback_date()
        # mails queued again (resend) or made elsewhere (test email)
        self.filtered(
            lambda mail: not mail.scheduled_date or mail.scheduled_date <= now
        ).scheduled_date = fallback
        cr = self.env.cr
        pending = cr.postcommit.data.get(_PENDING)
        if pending is None:
            pending = cr.postcommit.data[_PENDING] = []
            dbname = cr.dbname
            cr.postcommit.add(lambda: SENDER.put(dbname, pending))
            # the cron's id is cached by the registry: no query to find it
            cron_id = self.env["ir.model.data"]._xmlid_to_res_id(
                "mail.ir_cron_mail_scheduler_action", raise_if_not_found=True
            )
            # sudo: crons are restricted to administrators
            self.env["ir.cron"].sudo().browse(cron_id)._trigger(fallback)
        pending.extend(self.ids)


def _send_committed(dbname, mail_ids):
    """Send the mails of ``mail_ids`` still waiting, as the mail queue
    does: each one committed as soon as its SMTP server accepted it."""
    registry = Registry(dbname).check_signaling()
    with registry.cursor() as cr:
        # skip what the mail queue's cron is sending now; it locks them too
        cr.execute(
            SQL(
                "SELECT id FROM mail_mail WHERE id = ANY(%s) AND state = 'outgoing' "
                "ORDER BY id FOR UPDATE SKIP LOCKED",
                list(mail_ids),
            )
        )
        waiting = [row[0] for row in cr.fetchall()]
        if not waiting:
            return
        env = api.Environment(cr, SUPERUSER_ID, {LIVE_LATER_KEY: True})
        # Odoo's own bus notifications of a failed batch (SMTP server down)
        # share the kept connection too
        env["bus.bus"]._messaging_notify_on_shared_connection()
        mails = env["mail.mail"].browse(waiting)
        messages = mails.mail_message_id.filtered(
            lambda m: m.model == "helpdesk.ticket" and m.res_id
        )
        mails.send(auto_commit=True)
        env["mail.notification"]._messaging_notify_delivery_live(messages.exists())


class _Sender:
    """One thread per process sends the mails handed over after commit,
    everything waiting at once (one SMTP session per server)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._queue = queue.SimpleQueue()
        self._thread = None
        self._pid = None
        self._busy = threading.Condition()
        self._unfinished = 0

    def put(self, dbname, mail_ids):
        if mail_ids:
            with self._busy:
                self._unfinished += 1
            self._queue.put((dbname, tuple(mail_ids)))
            self._ensure_running()

    def wait_idle(self, timeout):
        """Whether everything handed over was handled within ``timeout``
        seconds (for tests that must not race with the thread)."""
        with self._busy:
            return self._busy.wait_for(lambda: not self._unfinished, timeout)

    def _ensure_running(self):
        with self._lock:
            if self._pid == os.getpid() and self._thread.is_alive():
                return
            # a new process (a forked worker) starts its own thread
            self._pid = os.getpid()
            self._thread = threading.Thread(
                target=self._run, name="citsmart_messaging.sender", daemon=True
            )
            self._thread.start()

    def _run(self):
        while True:
            batches = [self._queue.get()]
            while True:
                try:
                    batches.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            by_database = {}
            for dbname, mail_ids in batches:
                by_database.setdefault(dbname, []).extend(mail_ids)
            for dbname, mail_ids in by_database.items():
                threading.current_thread().dbname = dbname  # for Odoo's log lines
                try:
                    _send_committed(dbname, mail_ids)
                except Exception:
                    # still queued: the mail queue's cron sends them
                    _logger.warning(
                        "Ticket messaging: mails %s left to the mail queue",
                        mail_ids,
                        exc_info=True,
                    )
            with self._busy:
                self._unfinished -= len(batches)
                self._busy.notify_all()


SENDER = _Sender()
