# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An Odoo server and a loopback SMTP sink for the benchmarks, and the
parser of Odoo's request log.

    with SmtpSink(port, scratch / "mail") as sink, OdooServer(cluster, db) as odoo:
        ...  # requests to odoo.url
        rows = request_log(odoo.log_path)  # one Request per HTTP request
        sink.messages()                     # one dict per email accepted

Each request Odoo serves is logged by werkzeug (``--log-handler
werkzeug:INFO``), followed by Odoo's per-request figures (odoo/netsvc.py
PerfFilter, counted from odoo/http.py's Application.__call__ on the request's
thread): the number of SQL queries, the seconds spent in them, and the other
seconds of the request (Python), up to the log line, i.e. after the response
was produced. Work done on other threads or processes (the mail cron, a
background sender) is not in those figures.
"""

import contextlib
import dataclasses
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import devenv
from hermetic import LOG_HANDLERS
from smtp_sink import SmtpSink  # noqa: F401 (the benchmarks' sink, beside its handler)

ANSI = re.compile(r"\x1b\[[0-9;]*m")
# "<ip> - - [<date>] "<METHOD> <path> HTTP/1.1" <status> <size>" then,
# possibly on the next line (werkzeug ends its message with a newline),
# "<queries> <query seconds> <other seconds>" or "- - -"
REQUEST = re.compile(
    r"^(?P<stamp>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) (?P<pid>\d+) INFO "
    r"(?P<db>\S+) werkzeug: \S+ - - \[[^\]]*\] "
    r'"(?P<method>[A-Z]+) (?P<path>\S+) [^"]*" (?P<status>\d{3}) \S+'
    r"\s+(?:(?P<queries>\d+) (?P<query_s>[\d.]+) (?P<other_s>[\d.]+)|- - -)",
    re.MULTILINE,
)


@dataclasses.dataclass
class Request:
    """One request of Odoo's log; figures None when Odoo gave none."""

    stamp: str
    pid: int
    db: str
    method: str
    path: str
    status: int
    queries: int | None
    query_seconds: float | None
    total_seconds: float | None


def parse_requests(text):
    """The Requests logged in ``text`` (a log's content), in order."""
    rows = []
    for match in REQUEST.finditer(ANSI.sub("", text)):
        queries = match["queries"]
        query_s = float(match["query_s"]) if queries else None
        rows.append(
            Request(
                stamp=match["stamp"],
                pid=int(match["pid"]),
                db=match["db"],
                method=match["method"],
                path=match["path"],
                status=int(match["status"]),
                queries=int(queries) if queries else None,
                query_seconds=query_s,
                total_seconds=query_s + float(match["other_s"]) if queries else None,
            )
        )
    return rows


def request_log(log_path):
    """parse_requests() of the log file at ``log_path`` (none if absent)."""
    try:
        text = Path(log_path).read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    return parse_requests(text)


# for CLUSTER_SETTINGS: count every statement, whatever thread or process
# of Odoo runs it (statement_count)
STATEMENT_SETTINGS = {
    "shared_preload_libraries": "pg_stat_statements",
    "pg_stat_statements.max": 20000,
    "pg_stat_statements.track_utility": "off",
}


_STATEMENTS_READY = set()


def statement_count(cluster, dbname):
    """SELECT/INSERT/UPDATE/DELETE statements run so far in ``dbname`` (all
    of Odoo's processes and threads), from pg_stat_statements (the cluster
    started with STATEMENT_SETTINGS); read from the "postgres" database."""
    if cluster.port not in _STATEMENTS_READY:
        cluster.psql("CREATE EXTENSION pg_stat_statements", stdout=subprocess.DEVNULL)
        _STATEMENTS_READY.add(cluster.port)
    rows = cluster.query(
        "SELECT COALESCE(SUM(calls), 0) FROM pg_stat_statements s "
        f"JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = '{dbname}'",
        "postgres",
    )
    return int(rows[0])


def descendants(pid):
    """``pid`` and its descendants, from /proc."""
    children = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rpartition(")")[2].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, ()))
    return found


class OdooServer:
    """``odoo server`` on ``dbname`` of ``cluster``, 127.0.0.1 only, serving
    that database alone; stopped (its processes only) on exit.

    ``data_dir`` defaults to ``data`` beside the cluster's directory (where
    the scripts keep the filestore); the log to ``odoo-<dbname>.log`` there.
    """

    def __init__(
        self,
        cluster,
        dbname,
        *,
        workers=0,
        max_cron_threads=0,
        http_port=None,
        log_path=None,
        extra_args=(),
        data_dir=None,
    ):
        scratch = Path(cluster.datadir).parent
        self.cluster = cluster
        self.dbname = dbname
        self.workers = workers
        self.max_cron_threads = max_cron_threads
        self.port = http_port or devenv.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_path or scratch / f"odoo-{dbname}.log")
        self.data_dir = Path(data_dir or scratch / "data")
        self.config = self.log_path.with_suffix(".cfg")
        self.extra_args = tuple(extra_args)
        self.process = None
        self._pids = []

    def command(self):
        return devenv.odoo_cmd(
            self.config,
            *("-d", self.dbname, f"--db-filter=^{self.dbname}$"),
            f"--workers={self.workers}",
            f"--max-cron-threads={self.max_cron_threads}",
            *self.extra_args,
        )

    def start(self):
        devenv.write_odoo_config(
            self.config,
            self.cluster,
            self.data_dir,
            self.port,
            extra={
                "logfile": self.log_path,
                "log_level": "warn",
                "log_handler": ",".join((*LOG_HANDLERS, "werkzeug:INFO")),
                "gevent_port": devenv.free_port(),
            },
        )
        self.process = subprocess.Popen(
            self.command(),
            cwd=devenv.ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not devenv.wait_for(
            f"{self.url}/web/login", lambda: self.process.poll() is None
        ):
            self.stop()
            raise RuntimeError(
                f"Odoo did not start on {self.url}; from {self.log_path}:\n"
                + devenv.log_tail(self.log_path)
            )
        self._pids = self.pids()
        return self

    def pids(self):
        """The server's process and its workers (gevent, cron, HTTP)."""
        if not self.process or self.process.poll() is not None:
            return []
        return descendants(self.process.pid)

    def cpu_seconds(self):
        """User + system CPU seconds of the server's processes alive now."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.pids():
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2]
                utime, stime = fields.split()[11:13]
                total += int(utime) + int(stime)
        return total / tick

    def stop(self):
        if not self.process:
            return
        pids = set(self._pids) | set(self.pids())
        if self.process.poll() is None:
            self.process.terminate()  # Odoo stops its workers on SIGTERM
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for pid in pids - {self.process.pid}:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)  # a worker left behind
        self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
