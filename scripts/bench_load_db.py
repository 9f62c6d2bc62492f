# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the load run reads from PostgreSQL, as its superuser over the
cluster's socket (never through Odoo): the posts' messages, comments and
email notifications found by marker, the mail queue, the postmaster's pid
and log."""

import subprocess
from pathlib import Path

import psycopg2
from bench_load_stats import MARKER

PATTERN = MARKER.pattern


class Database:
    def __init__(self, cluster, dbname):
        self.cluster = cluster
        self.dbname = dbname
        self.connection = psycopg2.connect(
            host=str(cluster.datadir),
            port=cluster.port,
            user="postgres",
            dbname=dbname,
        )
        self.connection.autocommit = True

    def rows(self, sql, params=()):
        with self.connection.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall()

    def value(self, sql, params=()):
        return self.rows(sql, params)[0][0]

    def has_table(self, table):
        return bool(self.value("SELECT to_regclass(%s) IS NOT NULL", [table]))

    def high_water(self):
        """The last ids of the tables the drive fills."""
        marks = {"message": self.value("SELECT max(id) FROM mail_message")}
        if self.has_table("helpdesk_ticket_comment"):
            marks["comment"] = self.value(
                "SELECT coalesce(max(id), 0) FROM helpdesk_ticket_comment"
            )
        return marks

    def outgoing(self):
        return self.value("SELECT count(*) FROM mail_mail WHERE state = 'outgoing'")

    def messages(self, since):
        """{marker: number of ticket chatter messages carrying it}."""
        return dict(
            self.rows(
                "SELECT substring(body FROM %s), count(*) FROM mail_message "
                "WHERE id > %s AND model = 'helpdesk.ticket' "
                "AND body ~ %s GROUP BY 1",
                [PATTERN, since["message"], PATTERN],
            )
        )

    def comments(self, since):
        """{marker: number of comments carrying it}, None without the
        add-on."""
        if "comment" not in since:
            return None
        return dict(
            self.rows(
                "SELECT substring(body FROM %s), count(*) "
                "FROM helpdesk_ticket_comment WHERE id > %s AND body ~ %s "
                "GROUP BY 1",
                [PATTERN, since["comment"], PATTERN],
            )
        )

    def notifications(self, since):
        """[(marker, address, status)] of the email notifications of the
        posts' messages."""
        return [
            (marker, (address or "").lower(), status)
            for marker, address, status in self.rows(
                "SELECT substring(m.body FROM %s), "
                "coalesce(p.email_normalized, n.mail_email_address), "
                "n.notification_status FROM mail_notification n "
                "JOIN mail_message m ON m.id = n.mail_message_id "
                "LEFT JOIN res_partner p ON p.id = n.res_partner_id "
                "WHERE m.id > %s AND n.notification_type = 'email' "
                "AND m.body ~ %s",
                [PATTERN, since["message"], PATTERN],
            )
        ]

    def thread_message_ids(self, ticket_ids):
        """{ticket id: Message-ID of its latest message} (what a reply's
        In-Reply-To names)."""
        return dict(
            self.rows(
                "SELECT DISTINCT ON (res_id) res_id, message_id FROM mail_message "
                "WHERE model = 'helpdesk.ticket' AND res_id = ANY(%s) "
                "AND message_id IS NOT NULL ORDER BY res_id, id DESC",
                [list(ticket_ids)],
            )
        )

    def close(self):
        self.connection.close()


def enable_logs(cluster):
    """Log every new session and every lock wait over 100 ms in the
    cluster's log."""
    cluster.psql("ALTER SYSTEM SET log_connections = on")
    cluster.psql("ALTER SYSTEM SET log_lock_waits = on")
    cluster.psql("ALTER SYSTEM SET deadlock_timeout = '100ms'")
    cluster.psql("SELECT pg_reload_conf()", stdout=subprocess.DEVNULL)


def postmaster_pid(cluster):
    return int((Path(cluster.datadir) / "postmaster.pid").read_text().split()[0])


def server_log(cluster):
    return Path(cluster.datadir) / "server.log"
