# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Working-time arithmetic (citsmart_messaging/tools/working_time.py) on a
made-up calendar: Monday to Friday, 08:00-12:00 and 13:00-17:00 in São Paulo
(UTC-3, no daylight saving time since 2019), i.e. 11:00-15:00 and 16:00-20:00
UTC. The Odoo suite checks the same figures against resource.calendar."""

import importlib.util
from datetime import datetime, timedelta
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parent.parent / "citsmart_messaging" / "tools"


def load(name):
    spec = importlib.util.spec_from_file_location(
        f"messaging_{name}", PATH / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


working_time = load("working_time")
UTC_OFFSET = timedelta(hours=3)  # São Paulo is UTC-3


def sao_paulo(*args):
    """A São Paulo wall-clock time as naive UTC."""
    return datetime(*args) + UTC_OFFSET


def five_day_week(start, end, calls=None):
    if calls is not None:
        calls.append((start, end))
    day = (start - UTC_OFFSET).replace(hour=0, minute=0, second=0, microsecond=0)
    intervals = []
    while day - UTC_OFFSET <= end:
        if day.weekday() < 5:
            for low, high in ((8, 12), (13, 17)):
                interval = (
                    day + timedelta(hours=low) + UTC_OFFSET,
                    day + timedelta(hours=high) + UTC_OFFSET,
                )
                if interval[1] > start and interval[0] < end:
                    intervals.append((max(interval[0], start), min(interval[1], end)))
        day += timedelta(days=1)
    return intervals


@pytest.fixture
def clock():
    return working_time.WorkClock(five_day_week)


def test_hours_within_a_day(clock):
    # 2026-11-23 is a Monday
    assert clock.hours(sao_paulo(2026, 11, 23, 9), sao_paulo(2026, 11, 23, 15)) == 5.0
    assert clock.hours(sao_paulo(2026, 11, 23, 12), sao_paulo(2026, 11, 23, 13)) == 0.0


def test_hours_across_a_weekend(clock):
    friday = sao_paulo(2026, 11, 27, 16)
    monday = sao_paulo(2026, 11, 30, 10)
    assert clock.hours(friday, monday) == 3.0
    assert clock.plan(friday, 3) == monday
    assert clock.plan(friday, 1) == sao_paulo(2026, 11, 27, 17)
    assert clock.plan(friday, 1.5) == sao_paulo(2026, 11, 30, 8, 30)


def test_hours_keep_minutes(clock):
    start = sao_paulo(2026, 11, 23, 8, 10)
    end = sao_paulo(2026, 11, 23, 8, 17)
    assert round(clock.hours(start, end), 4) == round(7 / 60, 4)


def test_plan_far_ahead_reuses_what_it_fetched():
    calls = []
    clock = working_time.WorkClock(lambda s, e: five_day_week(s, e, calls))
    start = sao_paulo(2026, 11, 23, 8)
    # 100 working hours: two and a half weeks, in two fetched chunks
    assert clock.plan(start, 100) == sao_paulo(2026, 12, 9, 12)
    fetched = len(calls)
    assert clock.hours(start, sao_paulo(2026, 12, 9, 12)) == 100.0
    assert len(calls) == fetched


def test_no_working_time_plans_nothing():
    clock = working_time.WorkClock(lambda start, end: [])
    assert clock.plan(datetime(2026, 11, 23, 8), 1) is None
    assert clock.hours(datetime(2026, 11, 23), datetime(2026, 12, 23)) == 0.0


def test_around_the_clock():
    clock = working_time.WorkClock()
    start = datetime(2026, 11, 27, 16)
    assert clock.hours(start, start + timedelta(days=3)) == 72.0
    assert clock.plan(start, 5) == start + timedelta(hours=5)


def test_backwards_or_empty_spans_are_zero(clock):
    start = sao_paulo(2026, 11, 23, 9)
    assert clock.hours(start, start) == 0.0
    assert clock.hours(start, start - timedelta(hours=1)) == 0.0
    assert clock.hours(None, start) == 0.0


def test_covering_earlier_then_later_spans(clock):
    later = clock.hours(sao_paulo(2026, 11, 30, 8), sao_paulo(2026, 11, 30, 17))
    earlier = clock.hours(sao_paulo(2026, 11, 23, 8), sao_paulo(2026, 11, 23, 17))
    gap = clock.hours(sao_paulo(2026, 11, 23, 8), sao_paulo(2026, 12, 4, 17))
    assert (later, earlier, gap) == (8.0, 8.0, 80.0)
