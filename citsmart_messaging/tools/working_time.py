# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Working-time arithmetic over a calendar's work intervals.

Pure Python: the intervals come from a ``fetch(start, end)`` callable (in the
add-on, ``resource.calendar._work_intervals_batch``, leaves included), so the
host-free suite tests the arithmetic with a made-up week. All datetimes are
naive UTC, as Odoo stores them.
"""

from bisect import bisect_right
from datetime import timedelta

# plan_hours of resource.calendar looks 100 chunks of 14 days ahead
CHUNK = timedelta(days=14)
MAX_CHUNKS = 100


class WorkClock:
    """The working time of one calendar; ``fetch=None`` is around the clock
    (a team without working hours). Intervals are fetched lazily and kept,
    so one clock serves a whole batch of tickets."""

    def __init__(self, fetch=None):
        self._fetch = fetch
        self._start = self._end = None
        self._intervals = []
        self._stops = []

    def _cover(self, start, end):
        """Make sure the intervals between ``start`` and ``end`` are known."""
        if self._start is None:
            self._start, self._end = start, start
        parts = []
        if start < self._start:
            parts.append((start, self._start))
        if end > self._end:
            parts.append((self._end, end))
        if not parts:
            return
        for low, high in parts:
            self._intervals += [
                (max(a, low), min(b, high))
                for a, b in self._fetch(low, high)
                if min(b, high) > max(a, low)
            ]
        self._intervals.sort()
        self._stops = [stop for _start, stop in self._intervals]
        self._start, self._end = min(self._start, start), max(self._end, end)

    def hours(self, start, end):
        """Working hours between ``start`` and ``end`` (0 when end <= start)."""
        if not start or not end or end <= start:
            return 0.0
        if self._fetch is None:
            return (end - start).total_seconds() / 3600
        self._cover(start, end)
        seconds = 0.0
        for low, high in self._intervals[bisect_right(self._stops, start) :]:
            if low >= end:
                break
            seconds += (min(high, end) - max(low, start)).total_seconds()
        return seconds / 3600

    def plan(self, start, hours):
        """The moment when ``hours`` working hours after ``start`` are done,
        or None when the calendar has no working time to give them."""
        if self._fetch is None:
            return start + timedelta(hours=hours)
        remaining = timedelta(hours=hours)
        searched = start
        for _chunk in range(MAX_CHUNKS):
            chunk_end = searched + CHUNK
            self._cover(start, chunk_end)
            for low, high in self._intervals[bisect_right(self._stops, searched) :]:
                if low >= chunk_end:
                    break
                low, high = max(low, searched), min(high, chunk_end)
                if remaining <= high - low:
                    return low + remaining
                remaining -= high - low
            searched = chunk_end
        return None
