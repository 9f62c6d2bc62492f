#!/usr/bin/env python3
# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark ticket messaging against Odoo's native way, on real Odoo 19 and
PostgreSQL (a private cluster, like the tests).

    python3 scripts/benchmark.py            # N = 1, 10, 100, 1000; 5 runs
    python3 scripts/benchmark.py --quick    # N = 1, 10, 100; 3 runs

Ours: a technician creates N `helpdesk.ticket.comment` (N `create` calls, or
one batch `create`), each emailed to the requester through the template of
parameter 417. Native: the same technician posts with
`message_post_with_source` a twin `helpdesk.ticket` template (same subject
and body, written in `{{ }}` / QWeb), `message_type='comment'`,
`subtype_xmlid='mail.mt_comment'`, `partner_ids=[requester]`, on Odoo without
the add-on's chatter hook (bypassed for those runs so that the post stays a
plain Odoo notification). Both queue their emails (force-send off); the work
done is compared before any figure is printed.

Each run has its own transaction, rolled back afterwards (the drain runs
commit, as the mail cron does, and delete what they made); queries are the
cursor's `sql_log_count`, deferred writes and pre-commit hooks included.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import devenv
from odoo_env import odoo_problem

DATABASE = "citsmart_bench"
VARIANTS = ("native", "ours_single", "ours_batch")
COMMENT = "<p>Have you tried <b>turning it off and on</b> again?</p>"
TECHNICIAN_TZ = "Europe/Brussels"
TECHNICIAN_LOGIN = "bench.technician"
REQUESTER_EMAIL = "rita.requester@example.com"
TICKET_PREFIX = "Benchmark ticket"
TWIN_TEMPLATE_NAME = "Benchmark: native twin of the messaging template"
SINK_SERVER_NAME = "Benchmark SMTP sink"
# Twin of citsmart_messaging.mail_template_ticket_comment on helpdesk.ticket:
# same subject and body, Odoo's own syntax instead of the ${...} keys. The
# comment's text comes through the context (message_post_with_source takes no
# body with a template).
TWIN_SUBJECT = "[{{ object.number }}] New comment from {{ user.name }}"
TWIN_BODY = """
<div style="margin: 0; padding: 0; font-family: Arial, Helvetica, sans-serif; font-size: 14px; color: #222222;">
    <p style="margin: 0 0 12px 0;">
        <strong t-out="user.name"/> commented on ticket
        <strong t-out="object.number"/>
        (<t t-out="object.name or ''"/>)
        on <t t-out="format_datetime(datetime.datetime.now(), tz=object.partner_id.tz or 'UTC', lang_code=object.partner_id.lang)"/>:
    </p>
    <div style="margin: 0 0 16px 0; padding: 12px 16px; border-left: 4px solid #875A7B; background-color: #F7F7F7;">
        <t t-out="ctx.get('benchmark_comment') or ''"/>
    </div>
    <table style="border-collapse: collapse; font-size: 13px; color: #555555;">
        <tr>
            <td style="padding: 2px 12px 2px 0;">Ticket</td>
            <td style="padding: 2px 0;" t-out="object.number"/>
        </tr>
        <tr>
            <td style="padding: 2px 12px 2px 0;">Requester</td>
            <td style="padding: 2px 0;" t-out="object.partner_id.name or object.partner_name"/>
        </tr>
        <tr>
            <td style="padding: 2px 12px 2px 0;">Technician</td>
            <td style="padding: 2px 0;" t-out="object.user_id.name"/>
        </tr>
    </table>
    <p style="margin: 16px 0 0 0; font-size: 12px; color: #888888;">
        Reply to this email to answer: your reply is added to the ticket.
    </p>
</div>
"""  # noqa: E501
# rows a run creates, deleted after each committed (drain) run
CREATED_TABLES = (
    "helpdesk_ticket_comment",
    "mail_notification",
    "mail_mail",
    "mail_tracking_value",
    "mail_followers",
    "mail_message",
    "ir_cron_trigger",
    "bus_bus",
)


class WorkMismatch(Exception):
    """Ours and native did not do the same work: no figure is printed."""


# ----------------------------------------------------------------------------
# Parent: private cluster, database, child process
# ----------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="1,10,100,1000",
        help="comma-separated numbers of comments (default 1,10,100,1000)",
    )
    parser.add_argument("--runs", type=int, default=5, help="measured runs (5)")
    parser.add_argument(
        "--quick", action="store_true", help="sizes 1,10,100 and 3 runs"
    )
    parser.add_argument(
        "--no-drain", action="store_true", help="skip the mail-queue table"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch dir")
    # internal: the measuring child, run inside Odoo
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--config", help=argparse.SUPPRESS)
    parser.add_argument("--database", default=DATABASE, help=argparse.SUPPRESS)
    parser.add_argument("--scratch", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.quick:
        options.sizes, options.runs = "1,10,100", 3
    options.sizes = sorted({int(size) for size in options.sizes.split(",")})
    if options.runs < 1 or not options.sizes or options.sizes[0] < 1:
        parser.error("--runs and --sizes must be positive")
    return options


def run_parent(options):
    problem = odoo_problem()
    if problem:
        print(problem)
        return 1
    scratch = Path(tempfile.mkdtemp(prefix="citsmart-bench-"))
    os.chmod(scratch, 0o755)
    cluster = devenv.Cluster(scratch / "pg")
    config = scratch / "odoo.cfg"
    try:
        cluster.start()
        devenv.write_odoo_config(config, cluster, scratch / "data", devenv.free_port())
        devenv.say(f"installing {devenv.ADDON} in database {options.database}")
        install = subprocess.run(
            devenv.install_cmd(config, options.database),
            cwd=devenv.ROOT,
            check=False,
        )
        if install.returncode:
            devenv.say(f"installing {devenv.ADDON} failed: nothing measured")
            return install.returncode
        child = [
            sys.executable,
            __file__,
            "--child",
            f"--config={config}",
            f"--database={options.database}",
            f"--scratch={scratch}",
            f"--sizes={','.join(map(str, options.sizes))}",
            f"--runs={options.runs}",
        ]
        if options.no_drain:
            child.append("--no-drain")
        return subprocess.run(child, cwd=devenv.ROOT, check=False).returncode
    finally:
        cluster.stop()
        if options.keep:
            devenv.say(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


# ----------------------------------------------------------------------------
# Child: measurements inside Odoo
# ----------------------------------------------------------------------------


def open_registry(options):
    from odoo.tools import config

    config.parse_config(
        [
            "-c",
            options.config,
            "-d",
            options.database,
            "--log-level=warn",
            "--no-http",
            "--max-cron-threads=0",
        ],
        setup_logging=True,
    )
    from odoo.modules.registry import Registry

    return Registry(options.database)


def prepare(registry, size, sink_port):
    """Create (once) and commit the benchmark's users, tickets, twin template
    and mail server; return their ids."""
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        technician = env["res.users"].search([("login", "=", TECHNICIAN_LOGIN)])
        if not technician:
            technician = (
                env["res.users"]
                .with_context(no_reset_password=True)
                .create(
                    {
                        "name": "Tereza Technician",
                        "login": TECHNICIAN_LOGIN,
                        "email": "tereza.technician@example.com",
                        "group_ids": [
                            (4, env.ref("base.group_user").id),
                            (4, env.ref("helpdesk_mgmt.group_helpdesk_user").id),
                        ],
                        "notification_type": "email",
                        "tz": TECHNICIAN_TZ,
                    }
                )
            )
        requester = env["res.partner"].search([("email", "=", REQUESTER_EMAIL)])
        if not requester:
            requester = env["res.partner"].create(
                {
                    "name": "Rita Requester",
                    "email": REQUESTER_EMAIL,
                    "lang": "en_US",
                    "tz": "America/Sao_Paulo",
                }
            )
        Ticket = env["helpdesk.ticket"].with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True, mail_notrack=True
        )
        tickets = Ticket.search([("name", "=like", f"{TICKET_PREFIX} %")], order="id")
        if len(tickets) < size:
            tickets += Ticket.create(
                [
                    {
                        "name": f"{TICKET_PREFIX} {index}",
                        "description": "<p>The printer is on fire.</p>",
                        "user_id": technician.id,
                        "partner_id": requester.id,
                    }
                    for index in range(len(tickets), size)
                ]
            )
        # The only follower is the technician (the author, as helpdesk makes
        # the responsible one): followers add no recipient on either side.
        env["mail.followers"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "in", tickets.ids)]
        ).unlink()
        tickets.message_subscribe(partner_ids=technician.partner_id.ids)
        twin = env["mail.template"].search([("name", "=", TWIN_TEMPLATE_NAME)])
        twin_values = {
            "name": TWIN_TEMPLATE_NAME,
            "model_id": env["ir.model"]._get_id("helpdesk.ticket"),
            "subject": TWIN_SUBJECT,
            "body_html": TWIN_BODY,
            "lang": "{{ object.partner_id.lang }}",
            "use_default_to": False,
            "auto_delete": True,
        }
        if twin:
            twin.write(twin_values)
        else:
            twin = env["mail.template"].create(twin_values)
        server = env["ir.mail_server"].search([("name", "=", SINK_SERVER_NAME)])
        server_values = {
            "name": SINK_SERVER_NAME,
            "smtp_host": "127.0.0.1",
            "smtp_port": sink_port,
            "smtp_encryption": "none",
            "sequence": 1,
        }
        if server:
            server.write(server_values)
        else:
            env["ir.mail_server"].create(server_values)
        # an empty queue, so that draining it sends the benchmark's mails only
        env["mail.mail"].search([("state", "=", "outgoing")]).unlink()
        return {
            "uid": technician.id,
            "requester": requester.id,
            "tickets": tickets.ids,
            "twin": twin.id,
        }


def post_native(env, ids, ticket_ids):
    """What a developer without the add-on writes: a template posted in the
    ticket's chatter, the requester as recipient, emails queued."""
    from unittest.mock import patch

    from markupsafe import Markup

    tickets = (
        env["helpdesk.ticket"]
        .with_context(mail_notify_force_send=False, benchmark_comment=Markup(COMMENT))
        .browse(ticket_ids)
    )
    template = env["mail.template"].browse(ids["twin"])
    kwargs = {
        "message_type": "comment",
        "subtype_xmlid": "mail.mt_comment",
        "partner_ids": [ids["requester"]],
    }
    if not hasattr(tickets, "_messaging_comment_visibility"):
        raise WorkMismatch(
            "helpdesk.ticket._messaging_comment_visibility is gone: update how "
            "the benchmark keeps native posts from becoming comments"
        )
    # bypass the add-on's chatter hook: this post stays a native notification
    with patch.object(
        type(tickets), "_messaging_comment_visibility", lambda *a, **k: False
    ):
        if len(set(ticket_ids)) == len(ticket_ids):
            # one call for all the tickets: native's batch form
            tickets.message_post_with_source(template, **kwargs)
        else:
            for ticket in tickets:
                ticket.message_post_with_source(template, **kwargs)


def create_single(env, ids, ticket_ids):
    Comment = env["helpdesk.ticket.comment"]
    for ticket_id in ticket_ids:
        Comment.create({"ticket_id": ticket_id, "body": COMMENT})


def create_batch(env, ids, ticket_ids):
    env["helpdesk.ticket.comment"].create(
        [{"ticket_id": ticket_id, "body": COMMENT} for ticket_id in ticket_ids]
    )


WORK = {"native": post_native, "ours_single": create_single, "ours_batch": create_batch}


def max_ids(cr):
    maxima = {}
    for table in CREATED_TABLES:
        cr.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        maxima[table] = cr.fetchone()[0]
    return maxima


def describe_work(env, before):
    """What a run produced, comparable between ours and native: per email on
    the wire its ticket, To and subject; the counts of chatter messages, mail
    records, notifications; and whether anything would be sent right away."""
    env = env(su=True)
    cr = env.cr
    mails = env["mail.mail"].search([("id", ">", before["mail_mail"])], order="id")
    emails = []
    for mail in mails:
        for email in mail._prepare_outgoing_list():
            emails.append(
                (mail.res_id, tuple(sorted(email["email_to"])), email["subject"])
            )

    def created(table, where="TRUE"):
        cr.execute(
            f"SELECT COUNT(*) FROM {table} WHERE id > %s AND {where}",
            [before[table]],
        )
        return cr.fetchone()[0]

    force_sent = [
        func.__name__
        for func in getattr(cr.postcommit, "_funcs", ())
        if "send" in getattr(func, "__name__", "")
    ]
    return {
        "emails": sorted(emails),
        "mail_states": sorted(set(mails.mapped("state"))),
        "mails": len(mails),
        "notifications": created("mail_notification"),
        "messages": created("mail_message", "message_type = 'comment'"),
        "followers": created("mail_followers"),
        "comments": created("helpdesk_ticket_comment"),
        "force_sent": force_sent,
    }


def measure(registry, ids, variant, ticket_ids, describe=True):
    """One run in its own transaction, rolled back: (queries, seconds, work)."""
    import gc
    from time import perf_counter

    from odoo import api

    with registry.cursor() as cr:
        try:
            env = api.Environment(
                cr, ids["uid"], {"lang": "en_US", "tz": TECHNICIAN_TZ}
            )
            before = max_ids(cr) if describe else None
            gc.collect()
            queries = cr.sql_log_count
            start = perf_counter()
            WORK[variant](env, ids, ticket_ids)
            env.flush_all()
            cr.flush()  # pre-commit hooks: what a commit would still run
            seconds = perf_counter() - start
            queries = cr.sql_log_count - queries
            work = describe_work(env, before) if describe else None
        finally:
            cr.rollback()
    return queries, seconds, work


def check_same_work(works, size):
    """Raise WorkMismatch unless every variant did the same work."""
    reference = works["native"]
    problems = []
    if reference["mails"] != size or len(reference["emails"]) != size:
        problems.append(f"native made {reference['mails']} mails for {size} posts")
    for variant, work in works.items():
        comments = 0 if variant == "native" else size
        if work["comments"] != comments:
            problems.append(f"{variant} made {work['comments']} comments")
        if work["force_sent"]:
            problems.append(f"{variant} sends at commit: {work['force_sent']}")
        if work["mail_states"] != ["outgoing"]:
            problems.append(f"{variant} mails are {work['mail_states']}")
        for key in ("emails", "mails", "notifications", "messages", "followers"):
            if work[key] != reference[key]:
                mine, theirs = work[key], reference[key]
                if key == "emails":
                    mine, theirs = mine[:2], theirs[:2]
                problems.append(f"{key}: {variant} {mine} != native {theirs}")
    if problems:
        raise WorkMismatch("\n".join(problems))


def order_of_run(index, variants=VARIANTS):
    """Alternate the order of the variants from one run to the next."""
    shift = index % len(variants)
    rotated = variants[shift:] + variants[:shift]
    return rotated if index % 2 == 0 else rotated[::-1]


def per_item_medians(samples, size):
    """``{variant: (queries, ms)}`` per item, medians of the runs' samples."""
    return {
        variant: (
            statistics.median(q for q, _s in values) / size,
            statistics.median(s for _q, s in values) * 1000 / size,
        )
        for variant, values in samples.items()
    }


def bench_creation(registry, ids, sizes, runs):
    rows = []
    for size in sizes:
        for layout in ("one ticket", "N tickets"):
            if layout == "one ticket":
                ticket_ids = ids["tickets"][:1] * size
            else:
                ticket_ids = ids["tickets"][:size]
            # warm-up: ormcaches, compiled templates, imports
            for variant in VARIANTS:
                measure(registry, ids, variant, ticket_ids[:10], describe=False)
            samples = {variant: [] for variant in VARIANTS}
            works = {}
            for index in range(runs):
                for variant in order_of_run(index):
                    queries, seconds, work = measure(
                        registry, ids, variant, ticket_ids, describe=index == 0
                    )
                    samples[variant].append((queries, seconds))
                    if work:
                        works[variant] = work
                if index == 0:
                    check_same_work(works, size)
            row = {"size": size, "layout": layout}
            row.update(per_item_medians(samples, size))
            rows.append(row)
            print_progress(row)
    return rows


# ----------------------------------------------------------------------------
# Draining the queue
# ----------------------------------------------------------------------------


SINK_CODE = """
import json, sys, threading
from email import message_from_bytes
from email.header import decode_header, make_header
from aiosmtpd.controller import Controller

class Capture:
    async def handle_DATA(self, server, session, envelope):
        msg = message_from_bytes(envelope.original_content or envelope.content)
        line = json.dumps([sorted(envelope.rcpt_tos),
                           str(make_header(decode_header(msg["Subject"] or "")))])
        with open(sys.argv[2], "a") as out:
            out.write(line + "\\n")
        return "250 OK"

Controller(Capture(), hostname="127.0.0.1", port=int(sys.argv[1])).start()
print("ready", flush=True)
threading.Event().wait()
"""


def start_sink(port, capture):
    """A local SMTP server in its own process, writing one JSON line
    ``[recipients, subject]`` per message it accepts."""
    sink = subprocess.Popen(
        [sys.executable, "-c", SINK_CODE, str(port), str(capture)],
        stdout=subprocess.PIPE,
        text=True,
    )
    if sink.stdout.readline().strip() != "ready":
        raise RuntimeError("the local SMTP sink did not start")
    return sink


def drain(registry, ids, variant, ticket_ids, capture):
    """Queue the emails of one variant (committed, not measured), then measure
    process_email_queue as the mail cron runs it; delete everything after."""
    import gc
    from time import perf_counter

    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        before = max_ids(cr)
        env = api.Environment(cr, ids["uid"], {"lang": "en_US", "tz": TECHNICIAN_TZ})
        WORK[variant](env, ids, ticket_ids)
        cr.commit()
    capture.write_text("")
    try:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            gc.collect()
            queries = cr.sql_log_count
            start = perf_counter()
            env["mail.mail"].process_email_queue()
            env.flush_all()
            cr.flush()
            seconds = perf_counter() - start
            queries = cr.sql_log_count - queries
            cr.commit()
            cr.execute(
                "SELECT COUNT(*) FROM mail_mail WHERE id > %s AND state = 'outgoing'",
                [before["mail_mail"]],
            )
            left = cr.fetchone()[0]
    finally:
        with registry.cursor() as cr:
            for table in CREATED_TABLES:
                cr.execute(
                    f"DELETE FROM {table} WHERE id > %s",
                    [before[table]],
                )
    delivered = sorted(
        (tuple(recipients), subject)
        for recipients, subject in map(json.loads, capture.read_text().splitlines())
    )
    return queries, seconds, {"left": left, "delivered": delivered}


def bench_drain(registry, ids, sizes, runs, scratch, port):
    capture = Path(scratch) / "sink.jsonl"
    variants = ("native", "ours_batch")
    sink = start_sink(port, capture)
    rows = []
    try:
        for variant in variants:  # warm-up
            drain(registry, ids, variant, ids["tickets"][:10], capture)
        for size in sizes:
            ticket_ids = ids["tickets"][:size]
            samples = {variant: [] for variant in variants}
            for index in range(runs):
                results = {}
                for variant in order_of_run(index, variants):
                    queries, seconds, result = drain(
                        registry, ids, variant, ticket_ids, capture
                    )
                    samples[variant].append((queries, seconds))
                    results[variant] = result
                for variant, result in results.items():
                    if result["left"] or len(result["delivered"]) != size:
                        raise WorkMismatch(
                            f"drain {variant}: {len(result['delivered'])} of "
                            f"{size} emails delivered, {result['left']} left"
                        )
                if results["native"]["delivered"] != results["ours_batch"]["delivered"]:
                    raise WorkMismatch(
                        "drain: native and ours delivered different emails: "
                        f"{results['native']['delivered'][:2]} != "
                        f"{results['ours_batch']['delivered'][:2]}"
                    )
            row = {"size": size}
            row.update(per_item_medians(samples, size))
            rows.append(row)
            print_progress(row)
    finally:
        sink.terminate()
        sink.wait()
    return rows


# ----------------------------------------------------------------------------
# Output
# ----------------------------------------------------------------------------


def print_progress(row):
    figures = ", ".join(
        f"{variant} {row[variant][0]:.1f} q {row[variant][1]:.1f} ms"
        for variant in VARIANTS
        if variant in row
    )
    where = f" on {row['layout']}" if "layout" in row else ""
    print(f"[bench] N={row['size']}{where}: {figures} (per item)", flush=True)


def print_table(title, header, lines):
    widths = [
        max(len(str(cell)) for cell in column)
        for column in zip(header, *lines, strict=True)
    ]
    rule = "  ".join("-" * width for width in widths)
    print(f"\n{title}")
    print("  ".join(str(cell).rjust(w) for cell, w in zip(header, widths, strict=True)))
    print(rule)
    for line in lines:
        print(
            "  ".join(str(cell).rjust(w) for cell, w in zip(line, widths, strict=True))
        )


def ratio(ours, native):
    return f"{ours / native:.2f}" if native else "-"


def report(creation, draining, runs):
    lines = []
    for row in creation:
        native, single, batch = (row[v] for v in VARIANTS)
        lines.append(
            [
                row["size"],
                row["layout"],
                f"{native[0]:.1f}",
                f"{single[0]:.1f}",
                f"{batch[0]:.1f}",
                ratio(single[0], native[0]),
                ratio(batch[0], native[0]),
                f"{native[1]:.2f}",
                f"{single[1]:.2f}",
                f"{batch[1]:.2f}",
                ratio(single[1], native[1]),
                ratio(batch[1], native[1]),
            ]
        )
    print_table(
        f"Creating N comments, per comment (queries; ms = median of {runs} runs)",
        [
            "N",
            "on",
            "q native",
            "q single",
            "q batch",
            "single/nat",
            "batch/nat",
            "ms native",
            "ms single",
            "ms batch",
            "single/nat",
            "batch/nat",
        ],
        lines,
    )
    if draining:
        print_table(
            f"Draining the queue (process_email_queue, local SMTP), per email "
            f"(median of {runs} runs)",
            ["N", "q native", "q ours", "ours/nat", "ms native", "ms ours", "ours/nat"],
            [
                [
                    row["size"],
                    f"{row['native'][0]:.1f}",
                    f"{row['ours_batch'][0]:.1f}",
                    ratio(row["ours_batch"][0], row["native"][0]),
                    f"{row['native'][1]:.2f}",
                    f"{row['ours_batch'][1]:.2f}",
                    ratio(row["ours_batch"][1], row["native"][1]),
                ]
                for row in draining
            ],
        )
    fewer = all(
        row[variant][0] < row["native"][0]
        for row in creation
        for variant in ("ours_single", "ours_batch")
    )
    large = [row for row in creation if row["size"] >= 100]
    half = all(row["ours_batch"][0] <= 0.5 * row["native"][0] for row in large)
    faster = all(row["ours_batch"][1] <= 0.7 * row["native"][1] for row in large)
    print("\nTargets")
    print(f"  fewer queries than native at every N:          {verdict(fewer)}")
    if large:
        print(f"  N >= 100, batch: queries <= 0.5x native:        {verdict(half)}")
        print(f"  N >= 100, batch: wall time <= 0.7x native:      {verdict(faster)}")
    else:
        print("  N >= 100 targets: not measured (no size >= 100)")


def verdict(met):
    return "met" if met else "NOT MET"


def run_child(options):
    started = time.monotonic()
    registry = open_registry(options)
    sink_port = devenv.free_port()
    ids = prepare(registry, max(options.sizes), sink_port)
    print(
        f"[bench] Odoo {registry.db_name}: sizes {options.sizes}, {options.runs} runs",
        flush=True,
    )
    try:
        creation = bench_creation(registry, ids, options.sizes, options.runs)
        draining = (
            []
            if options.no_drain
            else bench_drain(
                registry, ids, options.sizes, options.runs, options.scratch, sink_port
            )
        )
    except WorkMismatch as mismatch:
        print(f"\nNOT THE SAME WORK, no figures printed:\n{mismatch}")
        return 2
    report(creation, draining, options.runs)
    print(f"\n({time.monotonic() - started:.0f} s)")
    return 0


def main():
    options = parse_args()
    if options.child:
        if not options.scratch:
            options.scratch = tempfile.mkdtemp(prefix="citsmart-bench-")
        sys.exit(run_child(options))
    sys.exit(run_parent(options))


if __name__ == "__main__":
    main()
