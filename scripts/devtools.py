#!/usr/bin/env python3
# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Run the tests or a demo of citsmart_messaging on a private PostgreSQL.

    python3 scripts/devtools.py test     # host-free suite, lint, then the Odoo suite
    python3 scripts/devtools.py demo     # demo database + server on localhost:8069

Odoo 19 itself is not installed by this project: it is detected, and when it
is missing the host-free suite still runs and the reason is printed.
"""

import argparse
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDON = "citsmart_messaging"
DB_ROLE = "citsmart"  # Odoo refuses to run as "postgres"
DB_PASSWORD = "citsmart"


def say(message):
    print(f"[devtools] {message}", flush=True)


def banner(message):
    line = "=" * 72
    print(f"\n{line}\n{message}\n{line}", flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ----------------------------------------------------------------------------
# What is installed
# ----------------------------------------------------------------------------


def odoo_problem():
    """None when Odoo 19 and helpdesk_mgmt are importable, else what is missing."""
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            # the source tree's addons/ is only importable once on the path
            (
                "import sys, odoo.addons, odoo.release as r;"
                "odoo.addons.__path__.append(sys.argv[1]);"
                "import odoo.addons.helpdesk_mgmt;print(r.version)"
            ),
            odoo_source_addons() or "/nonexistent",
        ],
        capture_output=True,
        text=True,
        cwd="/",
        check=False,
    )
    if probe.returncode:
        last = (probe.stderr.strip().splitlines() or ["?"])[-1]
        return (
            f"`import odoo` / `import odoo.addons.helpdesk_mgmt` failed ({last}).\n"
            "Install Odoo 19.0 Community into this python (e.g. `pip install -e "
            "<odoo 19.0 source>` with its requirements.txt) and\n"
            "`pip install --no-deps odoo-addon-helpdesk-mgmt==19.0.*`."
        )
    if not probe.stdout.strip().startswith("19.0"):
        return f"Odoo {probe.stdout.strip()} is installed, 19.0 is needed."
    return None


def pg_bindir():
    for name in ("initdb", "pg_ctl"):
        found = shutil.which(name)
        if found:
            return Path(os.path.realpath(found)).parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if candidates:
        return candidates[-1].parent
    return None


# ----------------------------------------------------------------------------
# Private PostgreSQL cluster
# ----------------------------------------------------------------------------


class Cluster:
    """A throwaway PostgreSQL cluster listening on 127.0.0.1 only."""

    def __init__(self, datadir):
        self.bindir = pg_bindir()
        if not self.bindir:
            raise SystemExit(
                "PostgreSQL server binaries not found (initdb). On Debian: "
                "apt-get install postgresql"
            )
        self.datadir = Path(datadir)
        self.port = free_port()
        self.as_root = os.geteuid() == 0

    def _run(self, *args, **kwargs):
        cmd = [str(a) for a in args]
        if self.as_root:
            # initdb refuses to run as root
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=True, **kwargs)

    def start(self):
        fresh = not (self.datadir / "PG_VERSION").exists()
        self.datadir.mkdir(parents=True, exist_ok=True)
        if self.as_root:
            shutil.chown(self.datadir, "postgres", "postgres")
        if (self.datadir / "postmaster.pid").exists():
            self.stop()  # left running by an interrupted run
        if fresh:
            self._run(
                self.bindir / "initdb",
                "-D",
                self.datadir,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                stdout=subprocess.DEVNULL,
            )
        self._run(
            self.bindir / "pg_ctl",
            "-D",
            self.datadir,
            "-w",
            "-l",
            self.datadir / "server.log",
            "-o",
            f"-c listen_addresses=127.0.0.1 -p {self.port} "
            f"-k {self.datadir} -c fsync=off -c full_page_writes=off",
            "start",
            stdout=subprocess.DEVNULL,
        )
        if fresh:
            self.psql(f"CREATE ROLE {DB_ROLE} LOGIN CREATEDB PASSWORD '{DB_PASSWORD}'")
        say(f"PostgreSQL cluster {self.datadir} on 127.0.0.1:{self.port}")
        return self

    def psql(self, sql):
        self._run(
            "psql",
            "-h",
            self.datadir,
            "-p",
            self.port,
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-q",
            "-c",
            sql,
        )

    def stop(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run(
                self.bindir / "pg_ctl",
                "-D",
                self.datadir,
                "-m",
                "fast",
                "stop",
                stdout=subprocess.DEVNULL,
            )


def odoo_source_addons():
    """The ``addons/`` folder of an Odoo source checkout, which Odoo does not
    find by itself (packaged installs have those add-ons in odoo/addons)."""
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import pathlib, odoo.release as r;"
                "p = pathlib.Path(r.__file__).resolve().parent.parent / 'addons';"
                "print(p if (p / 'mail').is_dir() else '')"
            ),
        ],
        capture_output=True,
        text=True,
        cwd="/",
        check=False,
    )
    return probe.stdout.strip()


def write_odoo_config(path, cluster, data_dir, http_port, extra=None):
    addons = [str(ROOT), odoo_source_addons()]
    lines = {
        "db_host": "127.0.0.1",
        "db_port": cluster.port,
        "db_user": DB_ROLE,
        "db_password": DB_PASSWORD,
        "addons_path": ",".join(filter(None, addons)),
        "data_dir": data_dir,
        "http_interface": "127.0.0.1",
        "http_port": http_port,
        "list_db": "False",
        **(extra or {}),
    }
    Path(path).write_text(
        "[options]\n" + "".join(f"{k} = {v}\n" for k, v in lines.items())
    )


def odoo_cmd(config, *args, command="server"):
    return [sys.executable, "-m", "odoo", command, "-c", str(config), *args]


def install_cmd(config, database, *extra):
    """Install the add-on (and helpdesk_mgmt) in ``database``, then stop."""
    return odoo_cmd(
        config,
        "-d",
        database,
        "-i",
        ADDON,
        "--stop-after-init",
        "--no-http",
        "--log-level=warn",
        "--max-cron-threads=0",
        *extra,
    )


def wheel_cmd(outdir):
    """Build the add-on's wheel into ``outdir`` with the installed
    setuptools-odoo (no download)."""
    return [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",
        "-w",
        str(outdir),
        str(ROOT),
    ]


# ----------------------------------------------------------------------------
# test
# ----------------------------------------------------------------------------


def run_pytest(args, label):
    """Run pytest, print and return (exit code, counts)."""
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
        tail = (tail + [line])[-5:]
    code = proc.wait()
    counts = {"passed": 0, "failed": 0, "skipped": 0, "errors": 0}
    for line in tail:
        for number, word in re.findall(r"(\d+) (passed|failed|skipped|errors?)", line):
            counts["errors" if word.startswith("error") else word] = int(number)
    say(f"{label}: exit {code}, {counts}")
    return code, counts


def run_lint():
    banner("Lint: ruff + pylint-odoo (OCA mandatory checks)")
    codes = []
    for cmd in (
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        [
            "pylint",
            "--rcfile=.pylintrc-mandatory",
            ADDON,
        ],
    ):
        if not shutil.which(cmd[0]):
            say(f"{cmd[0]} is not installed: pip install ruff pylint-odoo")
            codes.append(1)
            continue
        say(" ".join(cmd))
        codes.append(
            subprocess.run(
                [sys.executable, "-m", *cmd], cwd=ROOT, check=False
            ).returncode
        )
    return max(codes)


def cmd_test(options):
    failures = 0
    totals = {"passed": 0, "failed": 0, "skipped": 0, "errors": 0}

    banner("Host-free suite (tests/): key mapping and static checks")
    code, counts = run_pytest(["-q", "-p", "no:odoo", "tests"], "host-free suite")
    failures += code != 0
    for key, value in counts.items():
        totals[key] += value

    if not options.no_lint:
        failures += run_lint() != 0

    problem = odoo_problem()
    if problem:
        banner("ODOO SUITE DID NOT RUN: Odoo 19 is not importable here")
        print(problem)
        odoo_ran = False
    else:
        banner("Odoo suite: real Odoo 19 + PostgreSQL (pytest-odoo)")
        odoo_ran = True
        code, counts = run_odoo_suite(options)
        failures += code != 0
        for key, value in counts.items():
            totals[key] += value
        if not options.no_wheel:
            banner("Wheel check: the built wheel alone installs the add-on in Odoo")
            wheel = subprocess.run(
                [sys.executable, str(ROOT / "scripts" / "check_wheel_install.py")],
                cwd=ROOT,
                check=False,
            )
            failures += wheel.returncode != 0
            totals["failed" if wheel.returncode else "passed"] += 1

    banner(
        "SUITES RUN: host-free"
        + (
            " + Odoo (real Odoo 19 + PostgreSQL)"
            if odoo_ran
            else " ONLY (no Odoo suite)"
        )
    )
    print(
        f"{totals['passed']} passed, {totals['failed'] + totals['errors']} failed, "
        f"{totals['skipped']} skipped"
    )
    return 1 if failures else 0


def run_odoo_suite(options):
    scratch = Path(tempfile.mkdtemp(prefix="citsmart-test-"))
    os.chmod(scratch, 0o755)
    cluster = Cluster(scratch / "pg")
    config = scratch / "odoo.cfg"
    database = "citsmart_test"
    try:
        cluster.start()
        write_odoo_config(config, cluster, scratch / "data", free_port())
        say(f"installing {ADDON} (and helpdesk_mgmt) in database {database}")
        install = subprocess.run(install_cmd(config, database), cwd=ROOT, check=False)
        if install.returncode:
            say("installation failed")
            return install.returncode, {
                "passed": 0,
                "failed": 1,
                "skipped": 0,
                "errors": 0,
            }
        # a copy for the tests that need real concurrent transactions
        cluster.psql(f"CREATE DATABASE {database}_concurrency TEMPLATE {database}")
        os.environ["CITSMART_CONCURRENCY_DB"] = f"{database}_concurrency"
        args = [
            "-p",
            "odoo",
            "-q",
            "-rfEs",
            f"--odoo-config={config}",
            f"--odoo-database={database}",
            "--odoo-http",
            "--odoo-log-level=warn",
            f"{ADDON}/tests",
            *options.pytest_args,
        ]
        return run_pytest(args, "Odoo suite")
    finally:
        cluster.stop()
        if not options.keep:
            shutil.rmtree(scratch, ignore_errors=True)
        else:
            say(f"kept {scratch}")


# ----------------------------------------------------------------------------
# demo
# ----------------------------------------------------------------------------


def cmd_demo(options):
    problem = odoo_problem()
    if problem:
        print(problem)
        return 1
    state = ROOT / ".demo"
    state.mkdir(exist_ok=True)
    os.chmod(state, 0o755)
    cluster = Cluster(state / "pg")
    config = state / "odoo.cfg"
    database = "citsmart_demo"
    sink_port = 2525 if options.smtp_port is None else options.smtp_port
    children = []
    try:
        cluster.start()
        write_odoo_config(config, cluster, state / "data", options.port)
        fresh = not (state / "installed").exists()
        if fresh:
            say("creating the demo database (helpdesk_mgmt demo data + this add-on)")
        else:
            say("updating this add-on in the demo database")
        subprocess.run(
            odoo_cmd(
                config,
                "-d",
                database,
                "-i" if fresh else "-u",
                ADDON,
                *(["--with-demo"] if fresh else []),
                "--stop-after-init",
                "--no-http",
                "--log-level=warn",
            ),
            check=True,
            cwd=ROOT,
        )
        sink = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "scripts" / "smtp_sink.py"),
                "--port",
                str(sink_port),
                "--maildir",
                str(state / "mail"),
            ],
        )
        children.append(sink)
        subprocess.run(
            odoo_cmd(
                config, "-d", database, "--no-http", "--log-level=warn", command="shell"
            ),
            input=(ROOT / "scripts" / "demo_setup.py").read_text(),
            env={**os.environ, "CITSMART_SINK_PORT": str(sink_port)},
            text=True,
            check=True,
            cwd=ROOT,
        )
        (state / "installed").touch()
        banner(
            f"Demo on http://localhost:{options.port}/odoo  (database {database})\n"
            "  admin  / admin   administrator (Settings > Helpdesk > Messaging)\n"
            "  demo   / demo    technician (Helpdesk > Tickets, Comments)\n"
            "  portal / portal  requester (http://localhost:"
            f"{options.port}/my/tickets)\n"
            f"Outgoing mail goes to a local SMTP sink on 127.0.0.1:{sink_port}; "
            f"messages are saved in {state / 'mail'}\nCtrl-C stops everything."
        )
        server = subprocess.Popen(
            odoo_cmd(
                config,
                "-d",
                database,
                "--db-filter",
                f"^{database}$",
                "--max-cron-threads=1",
            ),
            cwd=ROOT,
        )
        children.append(server)
        if options.smoke:
            time.sleep(options.smoke)
            return 0
        server.wait()
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        for child in reversed(children):
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
                try:
                    child.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    child.kill()
        cluster.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    test = sub.add_parser("test", help="run all tests")
    test.add_argument("--keep", action="store_true", help="keep the scratch cluster")
    test.add_argument("--no-lint", action="store_true", help="skip ruff/pylint-odoo")
    test.add_argument(
        "--no-wheel", action="store_true", help="skip the wheel installation check"
    )
    test.add_argument(
        "pytest_args", nargs="*", help="extra pytest arguments (after --)"
    )
    demo = sub.add_parser("demo", help="start a demo server")
    demo.add_argument("--port", type=int, default=8069)
    demo.add_argument("--smtp-port", type=int, default=None)
    demo.add_argument("--smoke", type=int, default=0, help=argparse.SUPPRESS)
    options = parser.parse_args()
    handler = {"test": cmd_test, "demo": cmd_demo}[options.command]
    sys.exit(handler(options))


if __name__ == "__main__":
    main()
