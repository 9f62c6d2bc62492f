# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The test command: host-free suite, lint, the Odoo suite on a private
PostgreSQL cluster and the wheel check; one closing line of counts.

The console shows the suites, their counts and failures; Odoo's full logs go
to ``.logs/test-<time>/`` (the paths are printed)."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from devenv import (
    ADDON,
    ROOT,
    Cluster,
    banner,
    free_port,
    install_cmd,
    log_tail,
    run_logged,
    say,
    write_odoo_config,
)
from hermetic import check_log
from odoo_env import FAIL, HOST_FREE, RUN, exit_code

LOGS = ROOT / ".logs"
KEEP_LOGS = 5
COUNTS = ("passed", "failed", "skipped", "errors")


def new_log_dir():
    """``.logs/test-<time>/``; older ones beyond KEEP_LOGS are removed."""
    LOGS.mkdir(exist_ok=True)
    older = sorted(LOGS.glob("test-*"))
    for old in older[: max(0, len(older) - KEEP_LOGS + 1)]:
        shutil.rmtree(old, ignore_errors=True)
    folder = LOGS / time.strftime("test-%Y%m%d-%H%M%S")
    folder.mkdir(exist_ok=True)
    return folder


def parse_counts(text):
    """The counts of pytest's closing summary line (``3 subtests passed``
    and ``xfailed`` are not tests)."""
    counts = dict.fromkeys(COUNTS, 0)
    for number, word in re.findall(r"\b(\d+) (passed|failed|skipped|errors?)\b", text):
        counts["errors" if word.startswith("error") else word] = int(number)
    return counts


def run_pytest(args, label):
    """Run pytest, echo its output, return (exit code, counts). pytest's
    exit 5 (no test collected) is a failure like any non-zero exit."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "pytest", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    tail = []
    for line in proc.stdout:
        sys.stdout.write(line)
        tail = (tail + [line])[-3:]
    code = proc.wait()
    counts = parse_counts(tail[-1] if tail else "")
    if code == 5:
        say(f"{label}: no test was collected (pytest exit 5): a failure")
        counts["errors"] += 1
    say(f"{label}: exit {code}, " + ", ".join(f"{counts[k]} {k}" for k in COUNTS))
    return code, counts


def run_lint():
    banner("Lint: ruff + pylint-odoo (OCA mandatory checks)")
    codes = []
    for cmd in (
        ["ruff", "check", "--quiet", "."],
        ["ruff", "format", "--check", "--quiet", "."],
        ["pylint", "--rcfile=.pylintrc-mandatory", "--score=n", ADDON],
    ):
        module = "pylint" if cmd[0] == "pylint" else "ruff"
        probe = [sys.executable, "-c", f"import {module}"]
        if subprocess.run(probe, capture_output=True, check=False).returncode:
            say(f"{cmd[0]} is not installed: pip install -r requirements-test.txt")
            codes.append(1)
            continue
        code = subprocess.run(
            [sys.executable, "-m", *cmd], cwd=ROOT, check=False
        ).returncode
        say(f"{' '.join(cmd)}: {'ok' if code == 0 else f'FAILED (exit {code})'}")
        codes.append(code)
    return max(codes)


def installed_modules(cluster, database, names):
    quoted = ",".join(f"'{name}'" for name in names)
    return cluster.query(
        "SELECT name FROM ir_module_module"
        f" WHERE state = 'installed' AND name IN ({quoted}) ORDER BY name",
        database,
    )


def run_odoo_suite(options, verdict, logs):
    """Install the add-on (and the peers found) in a fresh database, run
    pytest-odoo on it; fail on outbound connection attempts in the log."""
    scratch = tempfile.mkdtemp(prefix="citsmart-test-")
    os.chmod(scratch, 0o755)  # the cluster runs as "postgres" under root
    cluster = Cluster(f"{scratch}/pg")
    config = f"{scratch}/odoo.cfg"
    log = logs / "odoo.log"
    database = "citsmart_test"
    failed = (1, {**dict.fromkeys(COUNTS, 0), "errors": 1})
    try:
        cluster.start()
        write_odoo_config(
            config,
            cluster,
            f"{scratch}/data",
            free_port(),
            extra={"logfile": log, "log_level": "info"},
        )
        modules = [ADDON, *verdict.peers]
        say(f"installing {', '.join(modules)} in database {database}")
        install = run_logged(
            install_cmd(config, database, modules=modules, log_level="info"),
            log,
            cwd=ROOT,
        )
        if install.returncode:
            say(f"installation failed (exit {install.returncode}); from {log}:")
            print(log_tail(log))
            return failed
        installed = installed_modules(cluster, database, modules)
        say(f"installed: {', '.join(installed)}")
        if set(installed) != set(modules):
            say(f"not installed: {', '.join(sorted(set(modules) - set(installed)))}")
            return failed
        cluster.make_hermetic(database)
        # a copy for the tests that need real concurrent transactions
        cluster.psql(f"CREATE DATABASE {database}_concurrency TEMPLATE {database}")
        os.environ["CITSMART_CONCURRENCY_DB"] = f"{database}_concurrency"
        say(f"Odoo's log: {log}")
        code, counts = run_pytest(
            [
                *("-p", "odoo", "-p", "no:warnings", "-q", "-rfEs"),
                *(f"--odoo-config={config}", f"--odoo-database={database}"),
                *("--odoo-http", "--odoo-log-level=info"),
                f"{ADDON}/tests",
                *options.pytest_args,
            ],
            "Odoo suite",
        )
        attempts = check_log(log)
        if attempts:
            say(f"OUTBOUND CONNECTION ATTEMPTS beyond loopback in {log}:")
            for host, line in attempts[:10]:
                print(f"  {host}: {line[:200]}")
            counts["failed"] += 1
            code = code or 1
        else:
            say("hermetic: no outbound connection attempt in Odoo's log")
        return code, counts
    finally:
        cluster.stop()
        if options.keep:
            say(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


# Odoo's closing line of a test run
_RESULT = re.compile(
    r"odoo\.tests\.result: (\d+) failed, (\d+) error\(s\) of (\d+) tests"
)


def run_peer_suites(verdict, logs):
    """The OCA peers' own tests, run by Odoo with the add-on installed
    beside them (PRODUCT.md behaviour 13)."""
    banner("Peers' own tests, with the add-on installed beside them")
    scratch = tempfile.mkdtemp(prefix="citsmart-peers-")
    os.chmod(scratch, 0o755)  # the cluster runs as "postgres" under root
    cluster = Cluster(f"{scratch}/pg")
    config = f"{scratch}/odoo.cfg"
    log = logs / "peers.log"
    counts = dict.fromkeys(COUNTS, 0)
    try:
        cluster.start()
        write_odoo_config(config, cluster, f"{scratch}/data", free_port())
        say(f"installing {ADDON} and testing {', '.join(verdict.peer_suites)}")
        tags = ",".join(f"/{name}" for name in verdict.peer_suites)
        result = run_logged(
            install_cmd(
                config,
                "citsmart_peers",
                "--test-tags",
                tags,
                modules=[ADDON, *verdict.peer_suites],
                log_level="test",
            ),
            log,
            cwd=ROOT,
        )
        found = _RESULT.findall(log.read_text(errors="replace"))
        if not found:
            say(f"the peers' tests did not run (exit {result.returncode}): {log}")
            print(log_tail(log))
            return 1, {**counts, "errors": 1}
        failed, errors, total = map(int, found[-1])
        counts.update(passed=total - failed - errors, failed=failed, errors=errors)
        say(f"peers' tests: {total} run, {failed} failed, {errors} errors (log: {log})")
        return int(bool(failed or errors or result.returncode)), counts
    finally:
        cluster.stop()
        shutil.rmtree(scratch, ignore_errors=True)


def run_wheel_check(logs):
    banner("Wheel check: the built wheel alone installs the add-on in Odoo")
    log = logs / "wheel.log"
    result = run_logged(
        [sys.executable, str(ROOT / "scripts" / "check_wheel_install.py")],
        log,
        cwd=ROOT,
    )
    lines = log.read_text(errors="replace").splitlines()
    if result.returncode:
        print("\n".join(lines[-20:]))
    say(f"wheel check: {lines[-1] if lines else 'no output'} (log: {log})")
    return result.returncode


def describe(verdict):
    if verdict.kind == RUN:
        say(f"Odoo {verdict.version}, add-ons from Odoo's own addons path:")
        for path in verdict.addons_path:
            print(f"    {path}")
        peers = ", ".join(verdict.peers) or "none found"
        say(f"OCA peers to install beside the add-on: {peers}")


def cmd_test(options, verdict):
    describe(verdict)
    logs = new_log_dir()
    totals = dict.fromkeys(COUNTS, 0)
    passed = True

    def add(code, counts):
        nonlocal passed
        passed = passed and code == 0
        for key in COUNTS:
            totals[key] += counts[key]

    banner("Host-free suite (tests/): the scripts and the add-on's pure parts")
    add(*run_pytest(["-q", "-p", "no:odoo", "-rfEs", "tests"], "host-free suite"))
    if not options.no_lint and run_lint():
        add(1, {**dict.fromkeys(COUNTS, 0), "failed": 1})  # counted as one failure

    if verdict.kind == RUN:
        banner("Odoo suite: real Odoo 19 + PostgreSQL (pytest-odoo)")
        add(*run_odoo_suite(options, verdict, logs))
        if verdict.peer_suites and not options.no_peers:
            add(*run_peer_suites(verdict, logs))
        if not options.no_wheel:
            code = run_wheel_check(logs)
            add(code, {**dict.fromkeys(COUNTS, 0), ("failed" if code else "passed"): 1})
        ran = "host-free + Odoo suite (real Odoo 19 + PostgreSQL)"
    elif verdict.kind == HOST_FREE:
        banner(
            "ODOO SUITE DID NOT RUN: Odoo is not installed for this python\n"
            f"({sys.executable}): {verdict.reason}.\nOnly the host-free suite and "
            "lint ran. To set up Odoo 19 and run everything:\n"
            "    python3 scripts/devtools.py test --odoo-src PATH_OR_GIT_URL"
        )
        ran = "host-free ONLY (NO ODOO SUITE)"
    else:
        banner(f"FAIL: THE ODOO SUITE CANNOT RUN\n{verdict.reason}.")
        ran = "host-free; the Odoo suite could not run (FAIL)"
    code = exit_code(verdict, passed)
    ran += "" if options.no_lint else " + lint"
    if verdict.kind == RUN and verdict.peer_suites and not options.no_peers:
        ran += " + peers' own tests"
    if verdict.kind == RUN and not options.no_wheel:
        ran += " + wheel check"
    result = "OK" if code == 0 else "FAILED"
    banner(f"SUITES RUN: {ran}\nLogs: {logs}\nResult: {result}")
    failed = totals["failed"] + totals["errors"] + (verdict.kind == FAIL)
    print(f"{totals['passed']} passed, {failed} failed, {totals['skipped']} skipped")
    return code
