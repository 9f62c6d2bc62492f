# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The load run (issue 14): stock helpdesk_mgmt, then ours, each served by
``odoo server --workers=2 --max-cron-threads=1`` on the private cluster and
driven for the same time from 127.0.0.1 by 20 portal requesters, 5
technicians posting in the chatter and a mail gateway delivering email
replies, all on 6 shared tickets, with a small random think time.

    python3 scripts/benchmark.py load [--seconds 60] [--smtp-delay 0|5|dead]
                                      [--only ours|stock] [--keep]

After the drive the mail queue drains (the server's own means first: cron,
after-commit sending; then ``process_email_queue`` as the fallback, bounded).
Each post's unique marker is then found again in its chatter message, its
comment (ours) and its emails at the SMTP sink, for the checks; the tables
compare ours with stock (see bench_load_report.py)."""

import json
import os
import time
import xmlrpc.client
from pathlib import Path

import bench_load_db as pg
import devenv
from bench_load_actors import Rpc, make_actors, prepare_tickets
from bench_load_drive import drive
from bench_load_report import print_report, result_of
from bench_load_sink import LoadSink
from bench_load_stats import (
    busy_ticks,
    tree,
    tree_cpu_ticks,
)
from bench_server import OdooServer
from bench_setup import create_databases

LOGS = devenv.ROOT / ".logs"
NATURAL_DRAIN = 60  # seconds left to the server's own sending before the fallback


def add_arguments(parser):
    parser.add_argument("--seconds", type=float, default=60, help="drive time (60)")
    parser.add_argument(
        "--smtp-delay",
        default="0",
        help="seconds the SMTP sink takes per message, or 'dead' (0)",
    )
    parser.add_argument("--only", choices=("ours", "stock"), help="one database")
    parser.add_argument(
        "--think", type=float, default=0.5, help="mean think time in seconds (0.5)"
    )
    parser.add_argument(
        "--drain-timeout", type=float, default=180, help="queue drain bound (180)"
    )


def _proc_stats():
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stats[int(entry.name)] = (entry / "stat").read_text()
            except OSError:
                continue
    return stats


def process_titles(root):
    """{"odoo-<pid>": role} of the server's processes (how Odoo names its
    PostgreSQL sessions): the cron worker is the one Odoo renices."""
    stats, titles = _proc_stats(), {}
    for pid in tree(stats, root):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        nice = int(stats[pid][stats[pid].rindex(")") + 2 :].split()[16])
        if pid == root:
            # the registry's sessions, opened by the workers, keep its name
            role = "workers, via the registry loaded by the main process"
        elif b"gevent" in cmdline:
            role = "gevent (websocket) process"
        else:
            role = "cron worker" if nice > 0 else "HTTP worker"
        titles[f"odoo-{pid}"] = f"{role} {pid}"
    return titles


def cpu_seconds(*roots):
    """CPU seconds of each process tree (reaped children included), of the
    whole machine, and the time."""
    stats, tick = _proc_stats(), os.sysconf("SC_CLK_TCK")
    trees = [tree_cpu_ticks(stats, root) / tick for root in roots]
    machine = busy_ticks(Path("/proc/stat").read_text()) / tick
    return [*trees, machine, time.monotonic()]


def _log_from(path, offset):
    with open(path, encoding="utf-8", errors="replace") as log:
        log.seek(offset)
        return log.read().splitlines()


def _size(path):
    return Path(path).stat().st_size if Path(path).exists() else 0


def drain(db, rpc, bound):
    """Wait for the queue to empty; after NATURAL_DRAIN seconds, run
    ``process_email_queue`` as the fallback. (seconds, fallback, left)."""
    start, fallback = time.monotonic(), False
    while True:
        left, elapsed = db.outgoing(), time.monotonic() - start
        if not left or elapsed > bound:
            return elapsed, fallback, left
        if elapsed < NATURAL_DRAIN:
            time.sleep(0.25)
            continue
        fallback = True
        try:
            rpc.call("mail.mail", "process_email_queue")
        except xmlrpc.client.Fault as fault:
            # it returns None, which XML-RPC cannot carry: the work is done
            if "cannot marshal None" not in fault.faultString:
                devenv.say(f"process_email_queue: {fault.faultString[-300:]}")
                time.sleep(1)
        except (OSError, xmlrpc.client.Error) as error:
            devenv.say(f"process_email_queue: {error}")
            time.sleep(1)


def run_phase(cluster, population, sink, options, logs):
    """One database under load; its result (see bench_load_report)."""
    flavour = population.flavour
    log_path = logs / f"odoo-{flavour}.log"
    server = OdooServer(
        cluster,
        population.dbname,
        workers=2,
        max_cron_threads=1,
        log_path=log_path,
        extra_args=(
            "--log-handler=odoo.service.model:INFO",
            # one deprecation warning per gateway call otherwise
            "--log-handler=odoo.addons.rpc.controllers.xmlrpc:ERROR",
        ),
    )
    db = pg.Database(cluster, population.dbname)
    with server:
        rpc = Rpc(server.url, population.dbname, *population.admin)
        prepare_tickets(rpc, population)
        threads = db.thread_message_ids(t["id"] for t in population.tickets)
        actors = make_actors(server.url, population, threads, options.think)
        drain(db, rpc, options.drain_timeout)
        sink.reset()
        since = db.high_water()
        offsets = _size(log_path), _size(pg.server_log(cluster))
        roots = server.process.pid, pg.postmaster_pid(cluster), os.getpid()
        cpu_before = cpu_seconds(*roots)
        titles = process_titles(server.process.pid)
        devenv.say(f"{flavour}: driving {len(actors)} actors for {options.seconds} s")
        requests, duration = drive(actors, options.seconds)
        drain_seconds, fallback, left = drain(db, rpc, options.drain_timeout)
        cpu_after = cpu_seconds(*roots)
        titles.update(process_titles(server.process.pid))
        odoo_lines = _log_from(log_path, offsets[0])
        pg_lines = _log_from(pg.server_log(cluster), offsets[1])
        found = {
            "messages": db.messages(since),
            "comments": db.comments(since),
            "notifications": db.notifications(since),
            "deliveries": list(sink.deliveries),
            "drain_left": left,
            "drain_seconds": drain_seconds,
        }
    db.close()
    return result_of(
        requests,
        duration,
        found,
        options,
        cpu_before,
        cpu_after,
        {
            "odoo": odoo_lines,
            "pg": pg_lines,
            "fallback": fallback,
            "titles": titles,
        },
    )


def check_options(parser, options):
    if options.smtp_delay != "dead":
        try:
            if float(options.smtp_delay) < 0:
                raise ValueError
        except ValueError:
            parser.error("--smtp-delay: a number of seconds (>= 0) or 'dead'")
    if options.seconds <= 0 or options.think < 0:
        parser.error("--seconds must be positive, --think not negative")


def run(options, scratch, cluster):
    """benchmark.py's entry point: ``cluster`` is started in ``scratch``."""
    mode = options.smtp_delay
    dead = mode == "dead"
    flavours = (options.only,) if options.only else ("stock", "ours")
    logs = LOGS / time.strftime("load-%Y%m%d-%H%M%S")
    logs.mkdir(parents=True, exist_ok=True)
    config = scratch / "odoo.cfg"
    pg.enable_logs(cluster)
    devenv.write_odoo_config(config, cluster, scratch / "data", devenv.free_port())
    results = {}
    with LoadSink(delay=0.0 if dead else float(mode), dead=dead) as sink:
        populations = create_databases(
            cluster,
            config,
            scratch / "data",
            sink.port,
            flavours=flavours,
            log=logs / "setup.log",
        )
        for flavour in flavours:
            results[flavour] = run_phase(
                cluster, populations[flavour], sink, options, logs
            )
    name = "normal" if not dead and not float(mode) else f"smtp-{mode}"
    baseline_path = LOGS / "load-last-normal.json"
    baseline = json.loads(baseline_path.read_text()) if baseline_path.exists() else None
    for path in (logs / f"results-{name}.json", LOGS / f"load-last-{name}.json"):
        path.write_text(json.dumps(results, indent=1))
    devenv.say(f"logs and results in {logs}")
    print_report(results, mode, baseline)
    failed = any(not ok for r in results.values() for _n, ok, _d in r["checks"])
    return 1 if failed else 0
