# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The load run's checks, without Odoo: each post carries a unique marker,
found again in its chatter message, its comment (ours) and its emails.

Inputs, gathered after the queue drained:

- ``requests``: the drive's ``Request`` records;
- ``messages``: {marker: number of chatter messages whose body has it};
- ``comments``: {marker: number of helpdesk.ticket.comment} (None: stock);
- ``notifications``: [(marker, address, status)], the email notifications
  of those messages (Odoo's record of who must receive an email);
- ``deliveries``: [(marker, address, time)], what the SMTP sink accepted.
"""

from collections import Counter
from dataclasses import dataclass

from bench_load_stats import server_errors

# a dead SMTP server leaves these: the comment is kept and can be resent
UNSENT = ("exception", "bounce", "ready")


@dataclass
class Check:
    name: str
    ok: bool
    detail: str = ""

    def line(self):
        return f"{'PASS' if self.ok else 'FAIL'}  {self.name}" + (
            f": {self.detail}" if self.detail else ""
        )


def _sample(items, size=3):
    items = sorted(items)
    more = f" (+{len(items) - size} more)" if len(items) > size else ""
    return ", ".join(map(str, items[:size])) + more


def _exactly_one(name, markers, found, what):
    lost = [m for m in markers if not found.get(m)]
    doubled = [m for m in markers if found.get(m, 0) > 1]
    detail = f"{len(markers)} posts, {len(lost)} lost, {len(doubled)} duplicated"
    if lost:
        detail += f"; no {what}: {_sample(lost)}"
    if doubled:
        detail += f"; several {what}s: {_sample(doubled)}"
    return Check(name, not lost and not doubled, detail)


def check_posts(requests, messages, comments):
    """Every accepted post is exactly one chatter message (and, on ours,
    one comment); failed requests left nothing behind."""
    accepted = [r.marker for r in requests if r.accepted]
    checks = [
        _exactly_one("one chatter message per post", accepted, messages, "message")
    ]
    if comments is not None:
        checks.append(
            _exactly_one("one comment per post", accepted, comments, "comment")
        )
    refused = [r.marker for r in requests if not r.accepted]
    ghosts = [m for m in refused if messages.get(m)]
    checks.append(
        Check(
            "refused requests posted nothing",
            not ghosts,
            f"{len(refused)} refused, {len(ghosts)} posted anyway"
            + (f": {_sample(ghosts)}" if ghosts else ""),
        )
    )
    return checks


def check_emails(requests, notifications, deliveries, dead=False):
    """Every post is emailed to someone; every recipient of its
    notifications gets exactly one email (none arrives when the SMTP server
    is dead: then each is kept, unsent, for the queue or a resend)."""
    accepted = {r.marker for r in requests if r.accepted}
    expected = Counter((m, a) for m, a, _s in notifications if m in accepted)
    received = Counter((m, a) for m, a, _t in deliveries)
    mailed = {m for m, _a in expected}
    silent = accepted - mailed
    checks = [
        Check(
            "every post has email recipients",
            not silent,
            f"{len(accepted) - len(silent)}/{len(accepted)} posts, "
            f"{sum(expected.values())} recipients"
            + (f"; none for {_sample(silent)}" if silent else ""),
        ),
        Check(
            "one notification per recipient",
            all(n == 1 for n in expected.values()),
            _sample([k for k, n in expected.items() if n > 1]) or "",
        ),
    ]
    if dead:
        sent = [(m, a) for m, a, s in notifications if m in accepted and s == "sent"]
        kept = [(m, a) for m, a, s in notifications if m in accepted and s in UNSENT]
        checks.append(
            Check(
                "dead SMTP: every email kept unsent (to resend), none sent",
                not sent and not received and len(kept) == sum(expected.values()),
                f"{len(kept)} kept, {len(sent)} marked sent, "
                f"{sum(received.values())} received",
            )
        )
        return checks
    # still queued (the drain's bound passed) is not lost: "queue drained" says so
    queued = {(m, a) for m, a, s in notifications if s == "ready"}
    missing = [k for k in expected if not received.get(k) and k not in queued]
    doubled = [k for k in expected if received.get(k, 0) > 1]
    stray = [k for k in received if k not in expected and k[0] in accepted]
    waiting = [k for k in expected if not received.get(k) and k in queued]
    checks.append(
        Check(
            "one email per recipient (SMTP sink vs notifications)",
            not missing and not doubled and not stray,
            f"{sum(received.values())} received for {len(expected)} expected; "
            f"{len(missing)} missing, {len(doubled)} duplicated, "
            f"{len(stray)} unexpected, {len(waiting)} still queued"
            + (f"; missing {_sample(missing)}" if missing else "")
            + (f"; duplicated {_sample(doubled)}" if doubled else "")
            + (f"; unexpected {_sample(stray)}" if stray else ""),
        )
    )
    return checks


def check_drained(left, seconds):
    """The queue emptied within the drain's bound."""
    return Check(
        "mail queue drained",
        not left,
        f"in {seconds:.1f} s"
        if not left
        else f"{left} still outgoing after {seconds:.0f} s",
    )


def check_no_5xx(requests):
    count = server_errors(requests)
    return Check("no 5xx", not count, f"{count} answers 5xx")


def email_delays(requests, deliveries, after_answer=False):
    """Seconds from each post's start (or, ``after_answer``, from the end of
    its request) to the SMTP sink's acceptance of each of its emails."""
    start = {
        r.marker: r.end if after_answer else r.start for r in requests if r.accepted
    }
    return [at - start[m] for m, _a, at in deliveries if m in start]


def all_checks(requests, found, dead=False):
    """Every check; ``found``: messages, comments, notifications, deliveries
    (see the module's docstring), drain_left and drain_seconds."""
    return [
        *check_posts(requests, found["messages"], found["comments"]),
        *check_emails(requests, found["notifications"], found["deliveries"], dead=dead),
        check_drained(found["drain_left"], found["drain_seconds"]),
        check_no_5xx(requests),
    ]
