# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``benchmark.py create``: creating N comments against Odoo's native way,
in one process on the "ours" database of bench_setup.

Ours: a technician creates N `helpdesk.ticket.comment` (N `create` calls, or
one batch `create`), each emailed to the requester through the template of
parameter 417. Native: the same technician posts with
`message_post_with_source` a twin `helpdesk.ticket` template (same subject
and body, written in `{{ }}` / QWeb), `message_type='comment'`,
`subtype_xmlid='mail.mt_comment'`, `partner_ids=[requester]`, the add-on's
chatter hook bypassed so that the post stays a plain Odoo notification. Both
queue their emails (force-send off); the work done is compared before any
figure is printed. Queries are the cursor's `sql_log_count`, deferred writes
and pre-commit hooks included.
"""

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import devenv
from bench_report import order_of_run, per_item_medians, print_table, ratio, verdict

VARIANTS = ("native", "ours_single", "ours_batch")


def add_arguments(parser):
    parser.add_argument(
        "--sizes",
        default="1,10,100,1000",
        help="comma-separated numbers of comments (default 1,10,100,1000)",
    )
    parser.add_argument("--runs", type=int, default=5, help="measured runs (5)")
    parser.add_argument("--quick", action="store_true", help="sizes 1,10,100, 3 runs")
    parser.add_argument(
        "--no-drain", action="store_true", help="skip the mail-queue table"
    )


def check_options(parser, options):
    if options.quick:
        options.sizes, options.runs = "1,10,100", 3
    options.sizes = sorted({int(size) for size in str(options.sizes).split(",")})
    if options.runs < 1 or not options.sizes or options.sizes[0] < 1:
        parser.error("--runs and --sizes must be positive")


def run(options, scratch, cluster):
    """Parent: the database, then the measuring child (inside Odoo)."""
    import bench_setup

    config = scratch / "odoo.cfg"
    devenv.write_odoo_config(config, cluster, scratch / "data", devenv.free_port())
    sink_port = devenv.free_port()
    population = bench_setup.create_databases(
        cluster,
        config,
        scratch / "data",
        sink_port,
        technicians=1,
        requesters=1,
        tickets=max(options.sizes),
        flavours=("ours",),
    )["ours"]
    population_file = scratch / "population.json"
    population_file.write_text(population.to_json())
    child = [
        *(sys.executable, __file__, f"--config={config}"),
        *(f"--population={population_file}", f"--sink-port={sink_port}"),
        *(f"--scratch={scratch}", f"--runs={options.runs}"),
        f"--sizes={','.join(map(str, options.sizes))}",
    ]
    if options.no_drain:
        child.append("--no-drain")
    return subprocess.run(child, cwd=devenv.ROOT, check=False).returncode


# ----------------------------------------------------------------------------
# Child: measurements inside Odoo
# ----------------------------------------------------------------------------


def bench_creation(registry, ids, sizes, runs):
    from bench_create_work import measure

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
                for variant in order_of_run(index, VARIANTS):
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


def bench_drain(registry, ids, sizes, runs, sink):
    from bench_create_work import WorkMismatch, drain

    variants = ("native", "ours_batch")
    rows = []
    for variant in variants:  # warm-up
        drain(registry, ids, variant, ids["tickets"][:10], sink)
    for size in sizes:
        ticket_ids = ids["tickets"][:size]
        samples = {variant: [] for variant in variants}
        for index in range(runs):
            results = {}
            for variant in order_of_run(index, variants):
                queries, seconds, result = drain(
                    registry, ids, variant, ticket_ids, sink
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
    return rows


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
        raise _mismatch("\n".join(problems))


def _mismatch(text):
    from bench_create_work import WorkMismatch

    return WorkMismatch(text)


def print_progress(row):
    figures = ", ".join(
        f"{variant} {row[variant][0]:.1f} q {row[variant][1]:.1f} ms"
        for variant in VARIANTS
        if variant in row
    )
    where = f" on {row['layout']}" if "layout" in row else ""
    print(f"[bench] N={row['size']}{where}: {figures} (per item)", flush=True)


def report(creation, draining, runs):
    lines = []
    for row in creation:
        native, single, batch = (row[v] for v in VARIANTS)
        lines.append(
            [row["size"], row["layout"]]
            + [f"{variant[0]:.1f}" for variant in (native, single, batch)]
            + [ratio(single[0], native[0]), ratio(batch[0], native[0])]
            + [f"{variant[1]:.2f}" for variant in (native, single, batch)]
            + [ratio(single[1], native[1]), ratio(batch[1], native[1])]
        )
    print_table(
        f"Creating N comments, per comment (queries; ms = median of {runs} runs)",
        ["N", "on", "q native", "q single", "q batch", "single/nat", "batch/nat"]
        + ["ms native", "ms single", "ms batch", "single/nat", "batch/nat"],
        lines,
    )
    if draining:
        print_table(
            f"Draining the queue (process_email_queue, local SMTP), per email "
            f"(median of {runs} runs)",
            ["N", "q native", "q ours", "ours/nat", "ms native", "ms ours", "ours/nat"],
            [
                [row["size"]]
                + [f"{row[v][0]:.1f}" for v in ("native", "ours_batch")]
                + [ratio(row["ours_batch"][0], row["native"][0])]
                + [f"{row[v][1]:.2f}" for v in ("native", "ours_batch")]
                + [ratio(row["ours_batch"][1], row["native"][1])]
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
    if draining:
        drained = all(row["ours_batch"][0] <= row["native"][0] for row in draining)
        print(f"  queue drain: queries per email <= native:       {verdict(drained)}")
    if large:
        print(f"  N >= 100, batch: queries <= 0.5x native:        {verdict(half)}")
        print(f"  N >= 100, batch: wall time <= 0.7x native:      {verdict(faster)}")
    else:
        print("  N >= 100 targets: not measured (no size >= 100)")


def child_main():
    import argparse

    import bench_setup
    from bench_create_work import WorkMismatch, prepare, queue_only
    from bench_server import SmtpSink

    parser = argparse.ArgumentParser()
    for name in ("--config", "--population", "--scratch", "--sizes"):
        parser.add_argument(name, required=True)
    parser.add_argument("--sink-port", type=int, required=True)
    parser.add_argument("--runs", type=int, required=True)
    parser.add_argument("--no-drain", action="store_true")
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]
    started = time.monotonic()
    population = bench_setup.Population.from_json(Path(options.population).read_text())
    registry = bench_setup.open_registry(options.config, population.dbname)
    queue_only()
    ids = prepare(registry, population, max(sizes))
    print(f"[bench] Odoo {registry.db_name}: sizes {sizes}, {options.runs} runs")
    try:
        creation = bench_creation(registry, ids, sizes, options.runs)
        draining = []
        if not options.no_drain:
            maildir = Path(options.scratch) / "create-mail"
            with SmtpSink(options.sink_port, maildir) as sink:
                draining = bench_drain(registry, ids, sizes, options.runs, sink)
    except WorkMismatch as mismatch:
        print(f"\nNOT THE SAME WORK, no figures printed:\n{mismatch}")
        return 2
    report(creation, draining, options.runs)
    print(f"\n({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(child_main())
