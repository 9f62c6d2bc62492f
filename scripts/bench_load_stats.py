# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The load run's figures, without Odoo: percentiles, the latency summary of
the requests, PostgreSQL's retries and connections read from the logs, and
CPU time read from ``/proc``."""

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

# odoo.service.model.retrying(): "<PG error code name>, <n> tries left, try
# again in <s> sec..." and "<name>, maximum number of tries reached!"
RETRY = re.compile(
    r" odoo\.service\.model: (?P<error>[\w.()' -]+?), "
    r"(?:\d+ tries left|maximum number of tries reached)"
)
GIVE_UP = "maximum number of tries reached"
# PostgreSQL's log_connections: "connection authorized: user=U database=D ..."
CONNECTION = re.compile(
    r"connection authorized: user=(\S+) database=(\S+)(?: application_name=(\S+))?"
)
# log_lock_waits: "process <pid> still waiting for <lock> on <object> after
# <ms> ms", then the waiting statement on a "STATEMENT:" line of that pid
LOCK_WAIT = re.compile(r"\[(\d+)\] LOG:  process \d+ still waiting for (\w+)")
STATEMENT = re.compile(r"\[(\d+)\] STATEMENT:  (.*)")
MARKER = re.compile(r"ldmk[0-9a-f]{12}")


def percentile(values, fraction):
    """The nearest-rank percentile of ``values`` (``fraction`` in 0..1);
    None when there is none."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def spread(values):
    """{n, p50, p95, max} of ``values`` (None figures when empty)."""
    return {
        "n": len(values),
        "p50": percentile(values, 0.50),
        "p95": percentile(values, 0.95),
        "max": max(values) if values else None,
    }


@dataclass
class Request:
    """One request of the drive: which actor kind sent it, its times
    (monotonic seconds), its HTTP status (0: no answer) and its marker."""

    kind: str
    path: str
    start: float
    end: float
    status: int
    marker: str
    error: str = ""

    @property
    def accepted(self):
        return 200 <= self.status < 400 and not self.error


def summarise(requests, seconds):
    """Per kind of request (and ``all``): accepted count, posts per second
    over ``seconds``, latency spread in ms and errors by status."""
    by_kind = defaultdict(list)
    for request in requests:
        by_kind[request.kind].append(request)
        by_kind["all"].append(request)
    summary = {}
    for kind, items in by_kind.items():
        accepted = [r for r in items if r.accepted]
        latencies = [(r.end - r.start) * 1000 for r in accepted]
        errors = Counter(r.status or "no answer" for r in items if not r.accepted)
        summary[kind] = {
            "sent": len(items),
            "accepted": len(accepted),
            "per_second": len(accepted) / seconds if seconds else 0.0,
            "latency_ms": spread(latencies),
            "errors": dict(errors),
        }
    return summary


def server_errors(requests):
    """How many requests got a 5xx answer."""
    return sum(1 for r in requests if 500 <= r.status < 600)


def retries(lines):
    """{error name: count} of Odoo's concurrency retries in its log, and how
    many gave up (the request failed after its last try)."""
    found, given_up = Counter(), 0
    for line in lines:
        match = RETRY.search(line)
        if match:
            found[match.group("error")] += 1
            given_up += GIVE_UP in line
    return dict(found), given_up


def connections(lines, user=None):
    """{database: count} of new PostgreSQL sessions in its log
    (``log_connections`` on), of ``user`` only when given."""
    found = (m for m in map(CONNECTION.search, lines) if m)
    return dict(Counter(m[2] for m in found if user in (None, m[1])))


def connections_by_process(lines, user=None):
    """{(database, application name): count} of new sessions; Odoo names
    its sessions ``odoo-<pid>``."""
    found = (m for m in map(CONNECTION.search, lines) if m)
    return Counter((m[2], m[3] or "") for m in found if user in (None, m[1]))


def lock_waits(lines, width=70):
    """{(lock mode, the waiting statement's start): count} of the lock
    waits PostgreSQL logged (each longer than ``deadlock_timeout``)."""
    found, waiting = Counter(), {}
    for line in lines:
        match = LOCK_WAIT.search(line)
        if match:
            waiting[match[1]] = match[2]
            continue
        match = STATEMENT.search(line)
        if match and match[1] in waiting:
            statement = " ".join(match[2].split())[:width]
            found[(waiting.pop(match[1]), statement)] += 1
    for mode in waiting.values():
        found[(mode, "?")] += 1
    return found


def stat_cpu_ticks(stat_line, children=True):
    """utime + stime (+ cutime + cstime: the reaped children, such as Odoo's
    recycled workers) of one ``/proc/<pid>/stat`` line, in clock ticks."""
    # the command name, in parentheses, may contain spaces
    fields = stat_line[stat_line.rindex(")") + 2 :].split()
    utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
    return utime + stime + ((cutime + cstime) if children else 0)


def busy_ticks(proc_stat):
    """Busy clock ticks of all CPUs since boot, from ``/proc/stat``: all but
    idle and iowait (guest time is already in user)."""
    fields = [int(v) for v in proc_stat.splitlines()[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return user + nice + system + irq + softirq + steal


def stat_parent(stat_line):
    """The parent pid of one ``/proc/<pid>/stat`` line."""
    return int(stat_line[stat_line.rindex(")") + 2 :].split()[1])


def tree(stats, root):
    """The pids of ``root`` and all its descendants, from ``{pid: stat
    line}``."""
    children = defaultdict(list)
    for pid, line in stats.items():
        children[stat_parent(line)].append(pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        if pid in stats:
            found.append(pid)
            todo.extend(children[pid])
    return found


def tree_cpu_ticks(stats, root):
    """CPU ticks of ``root``'s process tree: each live process's own time
    plus what its dead children left in its cutime/cstime."""
    return sum(stat_cpu_ticks(stats[pid]) for pid in tree(stats, root))


def ratio(ours, stock):
    """ours / stock, or None when either is missing or stock is zero."""
    if ours is None or not stock:
        return None
    return ours / stock
