# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The load run's pure parts: figures, log parsing, /proc reading, the
checks' matching of posts, messages, notifications and emails, and the SMTP
sink's recording (real aiosmtpd on 127.0.0.1)."""

import argparse
import smtplib
from email.message import EmailMessage

import pytest
from bench_load_checks import all_checks, check_emails, check_posts, email_delays
from bench_load_drive import Actor, drive
from bench_load_report import (
    comparison_table,
    latency_table,
    result_of,
    verdict_lines,
    verdicts,
)
from bench_load_sink import LoadSink, markers_of
from bench_load_stats import (
    MARKER,
    Request,
    busy_ticks,
    connections,
    connections_by_process,
    lock_waits,
    percentile,
    retries,
    spread,
    stat_cpu_ticks,
    summarise,
    tree,
    tree_cpu_ticks,
)

M1, M2, M3 = "ldmk000000000001", "ldmk000000000002", "ldmk00000000000f"


def req(marker, status=200, kind="portal", start=10.0, end=10.2):
    return Request(kind, "/p", start, end, status, marker)


def test_percentile_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 0.5) == 50
    assert percentile(values, 0.95) == 95
    assert percentile([7], 0.95) == 7
    assert percentile([], 0.5) is None
    assert spread([3, 1, 2]) == {"n": 3, "p50": 2, "p95": 3, "max": 3}


def test_summarise_counts_only_accepted_latencies():
    requests = [
        req(M1, 303, start=0, end=0.1),
        req(M2, 200, start=0, end=0.3),
        req(M3, 502, start=0, end=9),
        req("x", 0, kind="chatter"),
    ]
    summary = summarise(requests, seconds=2)
    portal = summary["portal"]
    assert portal["accepted"] == 2 and portal["sent"] == 3
    assert portal["per_second"] == 1.0
    assert portal["latency_ms"]["max"] == pytest.approx(300)
    assert portal["errors"] == {502: 1}
    assert summary["chatter"]["errors"] == {"no answer": 1}
    assert summary["all"]["sent"] == 4


def test_request_with_rpc_error_is_not_accepted():
    assert not Request("chatter", "/p", 0, 1, 200, M1, error="AccessError").accepted


LOG = """\
2026-11-26 12:00:00,001 123 INFO db odoo.service.model: serialization_failure, 4 tries left, try again in 0.5000 sec...
2026-11-26 12:00:01,001 124 INFO db odoo.service.model: lock_not_available, 3 tries left, try again in 1.2000 sec...
2026-11-26 12:00:02,001 124 INFO db odoo.service.model: serialization_failure, maximum number of tries reached!
2026-11-26 12:00:02,001 124 INFO db werkzeug: 127.0.0.1 - - "POST /x HTTP/1.1" 200 - 3 0.001 0.002
"""  # noqa: E501


def test_retries_from_odoo_log():
    found, given_up = retries(LOG.splitlines())
    assert found == {"serialization_failure": 2, "lock_not_available": 1}
    assert given_up == 1


AUTHORIZED = "2026-11-26 12:00:00.1 UTC [9] LOG:  connection authorized: user=citsmart"


def test_connections_from_postgres_log():
    lines = [
        "2026-11-26 12:00:00.1 UTC [9] LOG:  connection received: host=127.0.0.1",
        f"{AUTHORIZED} database=postgres application_name=odoo-9",
        f"{AUTHORIZED} database=ours",
        f"{AUTHORIZED} database=postgres",
        AUTHORIZED.replace("citsmart", "postgres") + " database=ours",
    ]
    assert connections(lines) == {"postgres": 2, "ours": 2}
    assert connections(lines, user="citsmart") == {"postgres": 2, "ours": 1}
    assert connections_by_process(lines, user="citsmart") == {
        ("postgres", "odoo-9"): 1,
        ("postgres", ""): 1,
        ("ours", ""): 1,
    }


PG_LOG = """\
2026-11-26 12:00:00.100 UTC [41] LOG:  process 41 still waiting for ShareLock on transaction 990 after 100.052 ms
2026-11-26 12:00:00.100 UTC [41] DETAIL:  Process holding the lock: 40. Wait queue: 41.
2026-11-26 12:00:00.100 UTC [41] CONTEXT:  while updating tuple (0,7) in relation "helpdesk_ticket"
2026-11-26 12:00:00.100 UTC [41] STATEMENT:  UPDATE "helpdesk_ticket" SET "write_date" = now()
	WHERE id IN (7)
2026-11-26 12:00:00.200 UTC [42] LOG:  process 42 still waiting for RowExclusiveLock on relation 1 after 100.1 ms
2026-11-26 12:00:00.300 UTC [43] LOG:  process 43 still waiting for ShareLock on transaction 991 after 101.0 ms
2026-11-26 12:00:00.300 UTC [43] STATEMENT:  UPDATE "helpdesk_ticket" SET "write_date" = now() WHERE id IN (8)
"""  # noqa: E501


def test_lock_waits_from_postgres_log():
    assert lock_waits(PG_LOG.splitlines(), width=40) == {
        ("ShareLock", 'UPDATE "helpdesk_ticket" SET "write_date'): 2,
        ("RowExclusiveLock", "?"): 1,
    }


def stat(pid, ppid, utime, stime, cutime=0, cstime=0, name="odoo (worker)"):
    rest = ["S", ppid] + [0] * 9 + [utime, stime, cutime, cstime] + [0] * 30
    return f"{pid} ({name}) " + " ".join(map(str, rest))


def test_busy_ticks_of_the_machine():
    text = "cpu  100 5 50 1000 20 3 2 7 0 0\ncpu0 50 2 25 500 10 1 1 3 0 0\n"
    assert busy_ticks(text) == 100 + 5 + 50 + 3 + 2 + 7


def test_cpu_of_a_process_tree_counts_reaped_children():
    stats = {
        100: stat(100, 1, 10, 5, cutime=7, cstime=3),  # master, reaped 10
        101: stat(101, 100, 20, 2),
        102: stat(102, 101, 1, 1),
        200: stat(200, 1, 99, 99),  # not ours
    }
    assert stat_cpu_ticks(stats[100]) == 25
    assert stat_cpu_ticks(stats[100], children=False) == 15
    assert sorted(tree(stats, 100)) == [100, 101, 102]
    assert tree_cpu_ticks(stats, 100) == 25 + 22 + 2
    assert tree(stats, 999) == []


def test_posts_lost_duplicated_and_ghosts():
    requests = [req(M1), req(M2), req(M3, status=504)]
    checks = check_posts(requests, {M1: 1, M2: 2, M3: 1}, {M1: 1})
    by_name = {c.name: c for c in checks}
    assert not by_name["one chatter message per post"].ok
    assert "1 duplicated" in by_name["one chatter message per post"].detail
    assert not by_name["one comment per post"].ok
    assert "1 lost" in by_name["one comment per post"].detail
    assert not by_name["refused requests posted nothing"].ok
    fine = check_posts([req(M1)], {M1: 1}, None)
    assert all(c.ok for c in fine) and len(fine) == 2


def test_emails_matched_per_marker_and_recipient():
    requests = [req(M1), req(M2)]
    notifications = [(M1, "a@x", "sent"), (M1, "b@x", "sent"), (M2, "a@x", "sent")]
    deliveries = [(M1, "a@x", 11.0), (M1, "b@x", 12.0), (M2, "a@x", 10.5)]
    assert all(c.ok for c in check_emails(requests, notifications, deliveries))
    lost = check_emails(requests, notifications, deliveries[:2])
    assert not lost[-1].ok and "1 missing" in lost[-1].detail
    twice = check_emails(requests, notifications, [*deliveries, deliveries[0]])
    assert not twice[-1].ok and "1 duplicated" in twice[-1].detail
    queued = [(M1, "a@x", "sent"), (M1, "b@x", "ready"), (M2, "a@x", "sent")]
    waiting = check_emails(requests, queued, [deliveries[0], deliveries[2]])
    assert waiting[-1].ok and "1 still queued" in waiting[-1].detail
    stray = check_emails(requests, notifications, [*deliveries, (M2, "c@x", 1)])
    assert not stray[-1].ok and "1 unexpected" in stray[-1].detail
    silent = check_emails(requests, notifications[:2], deliveries[:2])
    assert not silent[0].ok
    doubled = check_emails(requests, [*notifications, notifications[0]], deliveries)
    assert not doubled[1].ok


def test_dead_smtp_keeps_every_email_unsent():
    requests = [req(M1)]
    kept = [(M1, "a@x", "exception")]
    assert all(c.ok for c in check_emails(requests, kept, [], dead=True))
    sent = check_emails(requests, [(M1, "a@x", "sent")], [], dead=True)
    assert not sent[-1].ok


def test_email_delays_and_all_checks():
    requests = [req(M1, start=10.0), req(M2, status=500, start=11.0)]
    deliveries = [(M1, "a@x", 11.5), (M2, "a@x", 12.0)]
    assert email_delays(requests, deliveries) == [1.5]
    assert email_delays(requests, deliveries, after_answer=True) == [pytest.approx(1.3)]
    found = {
        "messages": {M1: 1},
        "comments": None,
        "notifications": [(M1, "a@x", "sent")],
        "deliveries": [],
        "drain_left": 2,
        "drain_seconds": 60,
    }
    checks = all_checks(requests, found)
    assert [c.name for c in checks if not c.ok] == [
        "one email per recipient (SMTP sink vs notifications)",
        "mail queue drained",
        "no 5xx",
    ]
    assert checks[-1].line() == "FAIL  no 5xx: 1 answers 5xx"


def email(body, subject="Re: ticket"):
    message = EmailMessage()
    message["From"] = "a@example.com"
    message["To"] = "b@example.com"
    message["Subject"] = subject
    message.set_content(body)
    message.add_alternative(f"<p>{body}</p>", subtype="html")
    return message


def test_markers_found_in_encoded_bodies():
    message = email(f"Ça marche {M1} " + "é" * 200)
    assert markers_of(message.as_bytes()) == [M1]
    assert markers_of(email("nothing").as_bytes()) == []


def test_sink_records_each_recipient_and_dead_sink_refuses():
    with LoadSink() as sink, smtplib.SMTP("127.0.0.1", sink.port) as smtp:
        smtp.send_message(email(f"hello {M2}"), to_addrs=["B@x", "c@x"])
    assert sink.messages == 1
    assert [(m, a) for m, a, _t in sink.deliveries] == [(M2, "b@x"), (M2, "c@x")]
    with LoadSink(dead=True) as dead, pytest.raises(OSError):
        smtplib.SMTP("127.0.0.1", dead.port, timeout=2)


def result(per_second, p95, cpu, connections, delay_p95, failed=False, **extra):
    return {
        "posts": 100,
        "per_second": per_second,
        "paths": {"all": {"n": 100, "p50": p95 / 2, "p95": p95, "max": p95 * 2}},
        "errors": {},
        "server_errors": 0,
        "retries": {"serialization_failure": 2},
        "email_delay": {"n": 100, "p50": 0.5, "p95": delay_p95, "max": 3.0},
        "emails": 150,
        "cpu_ms_per_post": {"odoo": cpu - 10, "postgres": 10.0, "total": cpu},
        "connections": {"total": connections, "postgres_db": connections // 2},
        "drain": {"seconds": 1.0, "fallback": False, "left": 0},
        "checks": [["no 5xx", not failed, ""]],
        **extra,
    }


def test_report_tables_and_verdicts():
    results = {
        "stock": result(10.0, 400.0, 60.0, 0, 0.2),
        "ours": result(9.5, 440.0, 50.0, 101, 1.5),
    }
    text = comparison_table(results)
    assert "posts/s" in text and "0.95" in text  # 9.5 / 10.0
    assert "ours chatter" not in latency_table(results)
    found = {target: met for target, met, _figure in verdicts(results)}
    assert found == {
        "throughput >= 0.9x stock": True,
        "p95 <= 1.2x stock": True,
        "CPU/post (drain included) <= stock": True,
        "stock: all checks pass": True,
        "ours: all checks pass": True,
        "ours: email delay p95 <= 2 s": True,
        "ours: no new connection to 'postgres' per post (< 0.1/post)": False,
        "ours: new connections per post <= stock's": False,
    }
    slow = {"ours": result(9.0, 500.0, 50.0, 0, 5.5, failed=True, smtp_delay=5.0)}
    found = {t: met for t, met, _f in verdicts(slow, baseline=results)}
    assert found == {
        "ours: all checks pass": False,
        "ours: no new connection to 'postgres' per post (< 0.1/post)": True,
        "ours: p95 <= 1.1x the healthy-SMTP run": False,
    }
    lines = verdict_lines(verdicts(slow, baseline=results))
    assert lines[-1] == "FAIL  ours: p95 <= 1.1x the healthy-SMTP run: 1.14"


def test_actor_records_status_errors_and_markers():
    calls = []

    def post(ticket, marker):
        calls.append((ticket, marker))
        if len(calls) == 2:
            raise RuntimeError("portal post refused: 502 ")
        return 303

    actor = Actor("portal", "/my/ticket/{ticket}/comment", post, [7], 0.0, seed=1)
    actor._once()
    actor._once()
    first, second = actor.requests
    assert first.accepted and first.path == "/my/ticket/7/comment"
    assert first.marker == calls[0][1] and MARKER.fullmatch(first.marker)
    assert not second.accepted and second.status == 502
    assert "refused" in second.error
    requests, _seconds = drive([Actor("x", "/", lambda t, m: 200, [1], 0.01, 2)], 0.1)
    assert requests and all(r.accepted for r in requests)


def test_result_of_a_phase():
    requests = [req(M1, start=1.0, end=1.5), req(M2, status=502)]
    found = {
        "messages": {M1: 1},
        "comments": {M1: 1},
        "notifications": [(M1, "a@x", "sent")],
        "deliveries": [(M1, "a@x", 2.0)],
        "drain_left": 0,
        "drain_seconds": 0.5,
    }
    options = argparse.Namespace(smtp_delay="0")
    # odoo, postgres, driver, machine CPU seconds and the time
    before, after = [10, 5, 1, 100, 0], [10.2, 5.1, 1.5, 102, 2]
    extra = {
        "odoo": LOG.splitlines(),
        "pg": [f"{AUTHORIZED} database=postgres application_name=odoo-9"],
        "fallback": False,
        "titles": {"odoo-9": "HTTP worker 9"},
    }
    result = result_of(requests, 2.0, found, options, before, after, extra)
    assert result["posts"] == 1 and result["per_second"] == 0.5
    assert result["server_errors"] == 1
    assert result["errors"] == {"portal 502": 1}
    assert result["cpu_ms_per_post"]["total"] == pytest.approx(300)
    assert result["other_load_cores"] == pytest.approx((2 - 0.2 - 0.1 - 0.5) / 2)
    assert result["email_delay"]["p50"] == 1.0
    assert result["connections"] == {"total": 1, "postgres_db": 1}
    assert result["connections_by_process"] == [["postgres", "HTTP worker 9", 1]]
    assert result["retries"]["serialization_failure"] == 2
    assert [name for name, ok, _d in result["checks"] if not ok] == ["no 5xx"]
