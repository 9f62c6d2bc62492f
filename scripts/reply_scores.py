#!/usr/bin/env python3
# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Score the trimming of email replies on the fixtures of real mail clients.

    python3 scripts/reply_scores.py              # the README's table
    python3 scripts/reply_scores.py --failures   # and what went wrong

For each reply of ``citsmart_messaging/tests/fixtures/replies/`` (its HTML
body, or its text in a ``<pre>`` as Odoo keeps it), a reply is trimmed right
when the text kept equals its ``.expected.txt`` (spaces collapsed). The
library column runs mail-parser-reply alone on the body's text (the
best-scoring of the reply parsers measured; it reads text only).
"""

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

# the host-free suite's fixture loader
import reply_fixtures

LIBRARY = "mail-parser-reply"
LIBRARY_LANGUAGES = ["en", "de", "fr", "it", "nl", "sv", "pl", "es"]


def ours(fixture, reply):
    return reply.html_to_text(reply.reply_new_text(fixture.body))


def library(fixture, reply):
    from mailparser_reply import EmailReplyParser

    text = reply.html_to_text(fixture.body)
    return EmailReplyParser(languages=LIBRARY_LANGUAGES).parse_reply(text=text)


def scores():
    """``{group: (total, ours right, library right)}`` and the failures."""
    reply = reply_fixtures.reply_module()
    totals, right, right_library, failures = Counter(), Counter(), Counter(), []
    for fixture in reply_fixtures.fixtures():
        expected = reply_fixtures.normalise(fixture.expected)
        totals[fixture.group] += 1
        kept = reply_fixtures.normalise(ours(fixture, reply))
        if kept == expected:
            right[fixture.group] += 1
        else:
            failures.append((fixture.name, kept, expected))
        if reply_fixtures.normalise(library(fixture, reply)) == expected:
            right_library[fixture.group] += 1
    table = {g: (totals[g], right[g], right_library[g]) for g in totals}
    return table, failures


def markdown(table):
    rows = [
        f"| client group | replies | kept right | {LIBRARY} alone |",
        "|---|---|---|---|",
    ]
    for group, (total, right, alone) in table.items():
        rows.append(f"| {group} | {total} | {right}/{total} | {alone}/{total} |")
    total = sum(t for t, _r, _a in table.values())
    right = sum(r for _t, r, _a in table.values())
    alone = sum(a for _t, _r, a in table.values())
    rows.append(f"| **all** | {total} | **{right}/{total}** | {alone}/{total} |")
    return "\n".join(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true")
    args = parser.parse_args()
    table, failures = scores()
    print(markdown(table))
    if args.failures:
        for name, kept, expected in failures:
            print(f"\n== {name}\n-- kept:\n{kept}\n-- expected:\n{expected}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
