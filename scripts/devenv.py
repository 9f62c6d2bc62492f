# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the scripts share: a private PostgreSQL cluster on 127.0.0.1, an
Odoo configuration pointing at it, and the Odoo command lines."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from hermetic import HERMETIC_SQL, LOG_HANDLERS
from odoo_env import pg_bindir

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


class Cluster:
    """A throwaway PostgreSQL cluster listening on 127.0.0.1 only."""

    def __init__(self, datadir, settings=None):
        """``settings``: more PostgreSQL settings ({name: value})."""
        self.settings = settings or {}
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
                *("-D", self.datadir, "-U", "postgres", "--auth=trust"),
                *("-E", "UTF8", "--locale=C"),
                stdout=subprocess.DEVNULL,
            )
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} "
            f"-k {self.datadir} -c fsync=off -c full_page_writes=off"
        )
        for name, value in self.settings.items():
            options += f" -c {name}={value}"
        self._run(
            self.bindir / "pg_ctl",
            *("-D", self.datadir, "-w", "-l", self.datadir / "server.log"),
            *("-o", options, "start"),
            stdout=subprocess.DEVNULL,
        )
        if fresh:
            self.psql(f"CREATE ROLE {DB_ROLE} LOGIN CREATEDB PASSWORD '{DB_PASSWORD}'")
        say(f"PostgreSQL cluster {self.datadir} on 127.0.0.1:{self.port}")
        return self

    def psql(self, sql, database="postgres", **kwargs):
        return self._run(
            self.bindir / "psql" if (self.bindir / "psql").exists() else "psql",
            *("-h", self.datadir, "-p", self.port, "-U", "postgres"),
            *("-d", database, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql),
            **kwargs,
        )

    def query(self, sql, database):
        """The rows of ``sql``, one string per row (columns joined by |)."""
        result = self._run(
            self.bindir / "psql" if (self.bindir / "psql").exists() else "psql",
            *("-h", self.datadir, "-p", self.port, "-U", "postgres"),
            *("-d", database, "-tAc", sql),
            capture_output=True,
            text=True,
        )
        return result.stdout.splitlines()

    def make_hermetic(self, database):
        """Switch off what would reach beyond loopback (see hermetic.py)."""
        self.psql(HERMETIC_SQL, database, stdout=subprocess.DEVNULL)

    def stop(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run(
                self.bindir / "pg_ctl",
                *("-D", self.datadir, "-m", "fast", "stop"),
                stdout=subprocess.DEVNULL,
            )


def write_odoo_config(path, cluster, data_dir, http_port, extra=None):
    """An Odoo configuration on ``cluster``. Odoo completes the addons path
    itself (its own add-ons, the source tree's ``addons/``, installed
    wheels); this repository is added for the add-on."""
    lines = {
        "db_host": "127.0.0.1",
        "db_port": cluster.port,
        "db_user": DB_ROLE,
        "db_password": DB_PASSWORD,
        "addons_path": str(ROOT),
        "data_dir": data_dir,
        "http_interface": "127.0.0.1",
        "http_port": http_port,
        "list_db": "False",
        "log_handler": ",".join(LOG_HANDLERS),
        **(extra or {}),
    }
    Path(path).write_text(
        "[options]\n" + "".join(f"{k} = {v}\n" for k, v in lines.items())
    )


def odoo_cmd(config, *args, command="server"):
    return [sys.executable, "-m", "odoo", command, "-c", str(config), *args]


def install_cmd(config, database, *extra, modules=(ADDON,), log_level="warn"):
    """Install the add-on (with helpdesk_mgmt) in ``database``, then stop."""
    return odoo_cmd(
        config,
        *("-d", database, "-i", ",".join(modules)),
        *("--stop-after-init", "--no-http", "--max-cron-threads=0"),
        f"--log-level={log_level}",
        *extra,
    )


def wheel_cmd(outdir):
    """Build the add-on's wheel into ``outdir`` with the installed
    setuptools-odoo (no download)."""
    return [
        *(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"),
        *("--no-build-isolation", "-w", str(outdir), str(ROOT)),
    ]


def run_logged(cmd, log, **kwargs):
    """Run ``cmd`` with its output appended to the file ``log``."""
    with open(log, "a", encoding="utf-8") as out:
        return subprocess.run(
            cmd, stdout=out, stderr=subprocess.STDOUT, check=False, **kwargs
        )


def log_tail(log, lines=25):
    """The last lines of ``log`` that say something went wrong, else its end."""
    text = Path(log).read_text(encoding="utf-8", errors="replace").splitlines()
    bad = [
        i for i, line in enumerate(text) if " ERROR " in line or " CRITICAL " in line
    ]
    start = max(0, (bad[0] if bad else len(text)) - 3)
    return "\n".join(text[start : start + lines] if bad else text[-lines:])


def wait_for(url, alive, timeout=180):
    """True once ``url`` answers 200 (while ``alive()``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and alive():
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.5)
    return False
