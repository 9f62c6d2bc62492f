# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``benchmark.py requests``: the three requests people make on a ticket,
over real HTTP, on "ours" and on "stock" helpdesk_mgmt (bench_setup), one
server per database (no HTTP worker, no cron), runs alternating:

- chatter: the responsible technician's "Send message" (the requester, a
  follower, is notified);
- portal: the requester's post from the ticket's page;
- inbound: the requester's email reply to the last email he got from the
  ticket, through the mail gateway (``message_process`` over XML-RPC).

Each run posts on a ticket of its own. After each request, once the
emails sent without the queue have arrived, the mail queue is drained as
the mail cron would at that moment (``mail.mail.process_email_queue``,
called by admin over JSON-RPC, on both databases alike), and the emails the
loopback SMTP sink accepted are counted. Figures:
Odoo's per-request query count and time (its request log), the client's
wall time, and every SQL statement PostgreSQL ran in the database for the
post, whatever Odoo thread or process ran it (pg_stat_statements).
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import devenv
from bench_report import median, order_of_run, print_table, ratio, verdict
from bench_server import STATEMENT_SETTINGS, request_log, statement_count

CLUSTER_SETTINGS = STATEMENT_SETTINGS
PATHS = {
    "chatter": "/mail/message/post",
    "portal": None,  # the route depends on the page: ours' form or Odoo's chatter
    "inbound": "/xmlrpc/2/object#mail.thread.message_process",
}
DRAIN = "/web/dataset/call_kw/mail.mail/process_email_queue"
FLAVOURS = ("ours", "stock")
CHATTER_BODY = "<p>Have you tried <b>turning it off and on</b> again?</p>"
PORTAL_TEXT = "It still does not print.\nThe light is red."
REPLY_TEXT = "Thanks, I will try this afternoon."


def add_arguments(parser):
    parser.add_argument("--runs", type=int, default=5, help="measured runs (5)")
    parser.add_argument("--warmup", type=int, default=1, help="warm-up runs (1)")


def check_options(parser, options):
    if options.runs < 1 or options.warmup < 0:
        parser.error("--runs must be positive, --warmup not negative")


class LogTail:
    """The requests an Odoo server logged since the last look."""

    def __init__(self, log_path):
        self.log_path = log_path
        self.seen = len(request_log(log_path))

    def next(self, prefix, timeout=30):
        """The first new request whose path starts with ``prefix`` (the
        line comes once the response is sent)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rows = request_log(self.log_path)
            for index in range(self.seen, len(rows)):
                if rows[index].path.startswith(prefix):
                    self.seen = index + 1
                    return rows[index]
            time.sleep(0.05)
        raise RuntimeError(f"no {prefix} in {self.log_path} within {timeout} s")


def settle(sink, quiet=0.5, timeout=30):
    """The sink's messages once none arrived for ``quiet`` seconds."""
    deadline = time.monotonic() + timeout
    count, since = len(sink.messages()), time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - since < quiet:
        time.sleep(0.05)
        now = len(sink.messages())
        if now != count:
            count, since = now, time.monotonic()
    return sink.messages()


class Side:
    """One database, its server and its people."""

    def __init__(self, cluster, server, population):
        from bench_client import Admin, Requester, Technician

        self.cluster, self.server, self.population = cluster, server, population
        self.db = population.dbname
        self.log = LogTail(server.log_path)
        url = server.url
        self.admin = Admin(url, self.db, *population.admin)
        self.technicians = {
            uid: Technician(url, self.db, login, password)
            for login, password, uid, _partner in population.technicians
        }
        self.requesters = {
            partner: (Requester(url, self.db, login, password), f"{login}@example.com")
            for login, password, _uid, partner in population.requesters
        }

    def post(self, path, ticket, sink):
        """One request of ``path`` on ``ticket`` as its person, then the
        queue drained: the sample."""
        from bench_client import inbound_reply, reply_email

        url, admin = self.server.url, self.population.admin
        requester, email = self.requesters[ticket["requester_partner_id"]]
        if path == "portal" and ticket["id"] not in requester.pages:
            requester.open_ticket(ticket["id"])  # the page, before the post
        mails = len(settle(sink, quiet=0.2))
        statements = statement_count(self.cluster, self.db)
        started = time.time()
        if path == "chatter":
            technician = self.technicians[ticket["technician_user_id"]]
            sent = technician.chatter_post(ticket["id"], CHATTER_BODY)
            route = PATHS[path]
        elif path == "portal":
            sent = requester.portal_post(ticket["id"], PORTAL_TEXT)
            route = "/mail/message/post"
            if requester.pages[ticket["id"]]["form"]:
                route = f"/my/ticket/{ticket['id']}/comment"
        else:
            original = sink.email(sink.last_to(email)["key"])
            reply = reply_email(original, ("Requester", email), REPLY_TEXT)
            sent = inbound_reply(url, self.db, admin, reply)
            route = PATHS[path]
        row = self.log.next(route)
        if row.status >= 400 or sent.status >= 400:
            raise RuntimeError(f"{self.db} {path}: HTTP {row.status}")
        # what leaves without the queue (stock's send after commit, or a
        # background sender), then what the mail cron would send
        at_once = settle(sink)[mails:]
        self.admin.call("mail.mail", "process_email_queue")
        drain = self.log.next(DRAIN)
        delivered = settle(sink)[mails:]
        return {
            "at_once": len(at_once),
            "delay_ms": (
                (max(m["time"] for m in at_once) - started) * 1000 if at_once else None
            ),
            "queries": row.queries,
            "server_ms": row.total_seconds * 1000,
            "client_ms": sent.seconds * 1000,
            "drain_queries": drain.queries,
            "emails": len(delivered),
            "recipients": sorted(r for m in delivered for r in m["rcpt_tos"]),
            "statements": statement_count(self.cluster, self.db) - statements,
        }


def run(options, scratch, cluster):
    import bench_setup
    from bench_server import OdooServer, SmtpSink

    config = scratch / "odoo.cfg"
    devenv.write_odoo_config(config, cluster, scratch / "data", devenv.free_port())
    sink_port = devenv.free_port()
    runs = options.warmup + options.runs
    populations = bench_setup.create_databases(
        cluster,
        config,
        scratch / "data",
        sink_port,
        technicians=2,
        requesters=2,
        tickets=min(runs, 6),
        log=scratch / "install.log",
    )
    samples = {(f, p): [] for f in FLAVOURS for p in PATHS}
    with (
        SmtpSink(sink_port, scratch / "mail") as sink,
        OdooServer(cluster, populations["ours"].dbname) as ours,
        OdooServer(cluster, populations["stock"].dbname) as stock,
    ):
        sides = {
            "ours": Side(cluster, ours, populations["ours"]),
            "stock": Side(cluster, stock, populations["stock"]),
        }
        for index in range(-options.warmup, options.runs):
            for flavour in order_of_run(index, FLAVOURS):
                side = sides[flavour]
                ticket = side.population.tickets[index % len(side.population.tickets)]
                for path in PATHS:
                    sample = side.post(path, ticket, sink)
                    if index >= 0:
                        samples[flavour, path].append(sample)
            devenv.say(f"run {index + 1 if index >= 0 else 'warm-up'} done")
    report(samples, options.runs)
    return 0


def _medians(samples, key):
    return median(sample[key] for sample in samples)


def report(samples, runs):
    lines, after, verdicts = [], [], []
    for path in PATHS:
        sides = samples["ours", path], samples["stock", path]
        row = {
            key: [_medians(side, key) for side in sides]
            for key in ("queries", "client_ms", "server_ms", "drain_queries")
            + ("emails", "at_once", "statements", "delay_ms")
        }
        lines.append(
            [path]
            + [f"{value:.0f}" for value in row["queries"]]
            + [ratio(*row["queries"])]
            + [f"{value:.1f}" for value in row["client_ms"]]
            + [ratio(*row["client_ms"])]
            + [f"{value:.1f}" for value in row["server_ms"]]
        )
        per_email = [
            (q + d) / e if e else None
            for q, d, e in zip(
                row["queries"], row["drain_queries"], row["emails"], strict=True
            )
        ]
        statements = [
            n / e if e else None
            for n, e in zip(row["statements"], row["emails"], strict=True)
        ]
        # statements outside the request and the drain: other threads
        elsewhere = [
            max(0, n - q - d)
            for n, q, d in zip(
                row["statements"], row["queries"], row["drain_queries"], strict=True
            )
        ]
        after.append(
            [path]
            + [
                f"{e:g} ({a:g}+{e - a:g})"
                for e, a in zip(row["emails"], row["at_once"], strict=True)
            ]
            + [f"{value:.0f}" for value in row["drain_queries"]]
            + [f"{v:.1f}" if v else "-" for v in per_email]
            + [ratio(*per_email)]
            + [f"{v:.1f}" if v else "-" for v in statements]
            + [ratio(*statements)]
            + [f"{v:.0f}" for v in elsewhere]
            + [f"{v:.0f}" if v is not None else "-" for v in row["delay_ms"]]
        )
        same = [s["recipients"] for s in sides[0]] == [
            s["recipients"] for s in sides[1]
        ]
        fewer = row["queries"][0] < row["queries"][1]
        quicker = row["client_ms"][0] <= 0.9 * row["client_ms"][1]
        cheaper = None not in statements and statements[0] <= statements[1]
        verdicts += [
            f"  {path:8} request: fewer queries than stock        {verdict(fewer)}",
            f"  {path:8} request: wall time <= 0.9x stock         {verdict(quicker)}",
            f"  {path:8} per email, all included (pg) <= stock    {verdict(cheaper)}",
            f"  {path:8} same recipients, same number of emails  "
            + ("yes" if same else "NO"),
        ]
    print_table(
        f"Per request, ours vs stock helpdesk_mgmt (median of {runs} runs; "
        "q = SQL queries of the request, Odoo's count; ms = client wall time; "
        "srv = Odoo's time, ms)",
        ["path", "q ours", "q stock", "ours/stock", "ms ours", "ms stock"]
        + ["ours/stock", "srv ours", "srv stock"],
        lines,
    )
    print_table(
        "Emails (median per post): emails (sent without the queue + by the "
        "drain); drain = queries of process_email_queue after the request; "
        "q/mail = (request + drain) / emails; pg/mail = every statement "
        "PostgreSQL ran for the post, all threads and processes / emails; "
        "other = pg - request - drain (other threads, e.g. a sender); "
        "delay = ms from the request's start to the last email sent at once",
        ["path", "emails ours", "emails stock", "drain ours", "drain stock"]
        + ["q/mail ours", "q/mail stock", "ours/stock", "pg/mail ours"]
        + ["pg/mail stock", "ours/stock", "other ours", "other stock"]
        + ["delay ours", "delay stock"],
        after,
    )
    print("\nTargets")
    print("\n".join(verdicts))
