# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The test command's counting: pytest's summary lines, and no silent pass
when pytest collected nothing."""

import pytest
from run_tests import parse_counts, run_pytest


@pytest.mark.parametrize(
    "line, expected",
    [
        ("92 passed, 3 subtests passed in 34.02s", (92, 0, 0, 0)),
        ("1 failed, 90 passed, 2 skipped, 1 error in 50.00s", (90, 1, 2, 1)),
        ("3 passed, 1 xfailed, 1 xpassed, 2 errors in 1s", (3, 0, 0, 2)),
        ("no tests ran in 0.01s", (0, 0, 0, 0)),
    ],
)
def test_parse_counts(line, expected):
    counts = parse_counts(line)
    assert (
        counts["passed"],
        counts["failed"],
        counts["skipped"],
        counts["errors"],
    ) == expected


def test_no_test_collected_is_a_failure(tmp_path, capsys):
    (tmp_path / "test_nothing.py").write_text("# no tests here\n")
    code, counts = run_pytest(["-q", "-p", "no:odoo", str(tmp_path)], "empty")
    assert code == 5
    assert counts["errors"] == 1 and counts["passed"] == 0
    assert "no test was collected" in capsys.readouterr().out


def test_counts_of_a_real_run(tmp_path):
    (tmp_path / "test_some.py").write_text(
        "import pytest\n"
        "def test_ok(): pass\n"
        "def test_ko(): assert False\n"
        "@pytest.mark.skip(reason='x')\n"
        "def test_skip(): pass\n"
    )
    code, counts = run_pytest(["-q", "-p", "no:odoo", str(tmp_path)], "some")
    assert code == 1
    assert (counts["passed"], counts["failed"], counts["skipped"]) == (1, 1, 1)
