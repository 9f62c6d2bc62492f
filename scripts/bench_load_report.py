# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The load run's tables, without Odoo: per-path latencies of each database,
ours against stock with ratios, and the verdicts against issue 14's targets.

A database's result (JSON-able, see ``bench_load.run_phase``): seconds,
posts, per_second, paths {kind: {n, p50, p95, max} in ms}, errors {status:
count}, server_errors, retries {name: count}, retries_given_up, email_delay
{n, p50, p95, max} in s, emails, cpu_ms_per_post {odoo, postgres, total},
connections {total, postgres_db}, drain {seconds, fallback, left}, checks
[[name, ok, detail]]."""

from bench_load_checks import all_checks, email_delays
from bench_load_stats import (
    connections,
    connections_by_process,
    lock_waits,
    ratio,
    retries,
    server_errors,
    spread,
    summarise,
)
from devenv import DB_ROLE

KINDS = ("portal", "chatter", "inbound", "all")


def _fmt(value, digits=None):
    """Floats with 2 decimals under 10, else 1; None as "-"."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits or (2 if abs(value) < 10 else 1)}f}"
    return str(value)


def table(title, header, rows):
    """A plain text table, first column left-aligned, others right-aligned."""
    cells = [header] + [[_fmt(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [title]
    for index, row in enumerate(cells):
        lines.append(
            "  ".join(
                cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                for i, cell in enumerate(row)
            )
        )
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def latency_table(results):
    rows = []
    for db, result in results.items():
        for kind in KINDS:
            figures = result["paths"].get(kind)
            if figures:
                rows.append(
                    [f"{db} {kind}", figures["n"], figures["p50"], figures["p95"]]
                    + [figures["max"]]
                )
    return table(
        "Latency per path (accepted requests, ms)",
        ["database path", "n", "p50", "p95", "max"],
        rows,
    )


def _per_post(result, value):
    return value / result["posts"] if result["posts"] else None


def metrics(result):
    """The compared figures of one database, in the tables' order."""
    delay = result["email_delay"]
    after = result.get("email_delay_after_answer", {})
    cpu = result["cpu_ms_per_post"]
    connections = result["connections"]
    return {
        "accepted posts": result["posts"],
        "posts/s": result["per_second"],
        "p95 all paths (ms)": result["paths"].get("all", {}).get("p95"),
        "HTTP errors": sum(result["errors"].values()),
        "5xx": result["server_errors"],
        "serialization retries": sum(result["retries"].values()),
        "lock waits > 100 ms": result.get("lock_waits"),
        "emails/post": _per_post(result, result["emails"]),
        "email delay p50 (s)": delay["p50"],
        "email delay p95 (s)": delay["p95"],
        "email delay max (s)": delay["max"],
        "  after the answer p50 (s)": after.get("p50"),
        "  after the answer p95 (s)": after.get("p95"),
        "CPU/post Odoo (ms)": cpu["odoo"],
        "CPU/post PostgreSQL (ms)": cpu["postgres"],
        "CPU/post total (ms)": cpu["total"],
        "new DB connections": connections["total"],
        "  of them to 'postgres'": connections["postgres_db"],
        "new connections/post": _per_post(result, connections["total"]),
        "queue drain (s)": result["drain"]["seconds"],
        "load driver (cores)": result.get("driver_cores"),
        "other users' load (cores)": result.get("other_load_cores"),
    }


def comparison_table(results):
    ours, stock = results.get("ours"), results.get("stock")
    first = metrics(ours or stock)
    rows = []
    for name in first:
        left = metrics(stock)[name] if stock else None
        right = metrics(ours)[name] if ours else None
        times = ratio(right, left)
        rows.append([name, left, right, None if times is None else f"{times:.2f}x"])
    return table("Ours vs stock", ["figure", "stock", "ours", "ratio"], rows)


def _failed(result):
    return [name for name, ok, _detail in result["checks"] if not ok]


def verdicts(results, baseline=None):
    """[(target, met or None when not measured, figures)] against issue 14's
    targets; ``baseline``: the results of a run with a healthy SMTP server,
    for the slow or dead server's p95 target."""
    ours, stock = results.get("ours"), results.get("stock")
    out = []
    if ours and stock:
        tput = ratio(ours["per_second"], stock["per_second"])
        out.append(("throughput >= 0.9x stock", tput and tput >= 0.9, tput))
        p95 = ratio(ours["paths"]["all"]["p95"], stock["paths"]["all"]["p95"])
        out.append(("p95 <= 1.2x stock", p95 is not None and p95 <= 1.2, p95))
        cpu = ratio(ours["cpu_ms_per_post"]["total"], stock["cpu_ms_per_post"]["total"])
        out.append(("CPU/post (drain included) <= stock", cpu and cpu <= 1.0, cpu))
    for db, result in results.items():
        failed = _failed(result)
        out.append((f"{db}: all checks pass", not failed, ", ".join(failed) or "-"))
    if ours:
        delay = ours["email_delay"]["p95"]
        if not ours.get("smtp_delay") and not ours.get("dead"):
            out.append(
                (
                    "ours: email delay p95 <= 2 s",
                    delay is not None and delay <= 2,
                    delay,
                )
            )
        wakeups = _per_post(ours, ours["connections"]["postgres_db"])
        out.append(
            (
                # a few per process (the live updates' kept connection),
                # never one per post
                "ours: no new connection to 'postgres' per post (< 0.1/post)",
                wakeups is not None and wakeups < 0.1,
                wakeups,
            )
        )
        if stock:
            ours_new = _per_post(ours, ours["connections"]["total"])
            stock_new = _per_post(stock, stock["connections"]["total"])
            out.append(
                (
                    "ours: new connections per post <= stock's",
                    None not in (ours_new, stock_new) and ours_new <= stock_new,
                    ours_new,
                )
            )
        if (
            baseline
            and baseline.get("ours")
            and (ours.get("smtp_delay") or ours.get("dead"))
        ):
            slow = ratio(
                ours["paths"]["all"]["p95"], baseline["ours"]["paths"]["all"]["p95"]
            )
            out.append(
                (
                    "ours: p95 <= 1.1x the healthy-SMTP run",
                    slow is not None and slow <= 1.1,
                    slow,
                )
            )
    return out


def verdict_lines(items):
    return [
        f"{'PASS' if met else 'FAIL'}  {target}: {_fmt(figure, 2)}"
        for target, met, figure in items
    ]


def print_report(results, mode, baseline):
    for db, result in results.items():
        print(f"\n{db}: checks")
        for name, ok, detail in result["checks"]:
            print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")
        if result["errors"]:
            print(f"errors: {result['errors']}; e.g. {result['error_samples'][:2]}")
        if result["retries"]:
            print(f"retries: {result['retries']}, gave up {result['retries_given_up']}")
        for lock, statement, count in result.get("lock_waits_top", []):
            print(f"  {count:6d}  lock waits ({lock}) of: {statement}")
        if result["connections_by_process"]:
            print("new connections by process:")
            for database, title, count in result["connections_by_process"]:
                print(f"  {count:6d}  to {database} from {title}")
        if result["drain"]["fallback"]:
            print("the drain needed process_email_queue (fallback)")
    print()
    print(latency_table(results))
    print()
    print(comparison_table(results))
    print(f"\nVerdicts (SMTP: {mode})")
    print("\n".join(verdict_lines(verdicts(results, baseline))))


def result_of(requests, duration, found, options, cpu_before, cpu_after, extra):
    dead = options.smtp_delay == "dead"
    summary = summarise(requests, duration)
    accepted = summary.get("all", {}).get("accepted", 0)
    found_retries, given_up = retries(extra["odoo"])
    sessions = connections(extra["pg"], user=DB_ROLE)
    waits = lock_waits(extra["pg"])
    markers = {r.marker for r in requests if r.accepted}
    pairs = zip(cpu_before, cpu_after, strict=True)
    odoo, postgres, driver, machine, elapsed = [b - a for a, b in pairs]
    per_post = [1000 * v / accepted if accepted else None for v in (odoo, postgres)]
    checks = all_checks(requests, found, dead=dead)
    return {
        "seconds": duration,
        "smtp_delay": 0 if dead else float(options.smtp_delay),
        "dead": dead,
        "posts": accepted,
        "per_second": summary.get("all", {}).get("per_second", 0.0),
        "paths": {kind: s["latency_ms"] for kind, s in summary.items()},
        "errors": {
            f"{kind} {status}": count
            for kind, s in summary.items()
            if kind != "all"
            for status, count in s["errors"].items()
        },
        "error_samples": sorted({r.error for r in requests if r.error})[:5],
        "server_errors": server_errors(requests),
        "retries": found_retries,
        "retries_given_up": given_up,
        "email_delay": spread(email_delays(requests, found["deliveries"])),
        "email_delay_after_answer": spread(
            email_delays(requests, found["deliveries"], after_answer=True)
        ),
        "emails": sum(1 for m, _a, _t in found["deliveries"] if m in markers),
        "cpu_ms_per_post": {
            "odoo": per_post[0],
            "postgres": per_post[1],
            "total": sum(per_post) if accepted else None,
        },
        # what else kept the machine's cores busy meanwhile (other users)
        "other_load_cores": (machine - odoo - postgres - driver) / elapsed,
        "driver_cores": driver / elapsed,
        "connections": {
            "total": sum(sessions.values()),
            "postgres_db": sessions.get("postgres", 0),
        },
        "lock_waits": sum(waits.values()),
        "lock_waits_top": [
            [mode, statement, count]
            for (mode, statement), count in waits.most_common(3)
        ],
        "connections_by_process": [
            [db, extra["titles"].get(app, app), count]
            for (db, app), count in connections_by_process(
                extra["pg"], user=DB_ROLE
            ).most_common(6)
        ],
        "drain": {
            "seconds": found["drain_seconds"],
            "fallback": extra["fallback"],
            "left": found["drain_left"],
        },
        "checks": [[c.name, c.ok, c.detail] for c in checks],
    }
