"""What the calendar page keeps of its reads: per span shown, the day cells read (the chips of
each day's first items, and how many it holds); per day, more of a busy day's items, read for
its agenda. Each read is kept with the calendar's data version it began at
(services.calendar.data_version: it changes with a commit elsewhere or a change here to what
the calendar reads, not with a saved setting) and serves while that version holds and no item
it shows has turned overdue.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from followup_desktop.services.backend import Backend
from followup_desktop.services.views import calendar
from followup_desktop.services.views.calendar import CalendarEntry
from followup_desktop.ui.calendar.models import DayChips, GridModel, cells_for
from followup_desktop.ui.calendar.navigation import Span

CACHED_SPANS = 12
CACHED_DAYS = 8
Token = tuple[int, int, tuple[int, ...]]  # generation, chips a day, data version
Cells = dict[date, DayChips]
T = TypeVar("T")


@dataclass(frozen=True)
class Read(Generic[T]):
    """What a background read brought, and what tells whether it is still current."""

    value: T
    version: tuple[int, ...]  # the calendar's data version before the read began
    stale_after: datetime | None  # a shown item turns overdue after this instant
    limit: int = 0  # chips read per day (span reads)


def remember(cache: OrderedDict[T, Read], key: T, read: Read, size: int) -> None:
    cache[key] = read
    cache.move_to_end(key)
    while len(cache) > size:
        cache.popitem(last=False)


def span_reader(backend: Backend, zone: ZoneInfo, span: Span,
                token: Token) -> Callable[[], Read[Cells]]:
    """The read of a span's cells, to run off the GUI thread."""
    _, limit, version = token
    first, days = span

    def read() -> Read[Cells]:
        found = calendar.summary(backend, first, days, zone, limit)
        return Read(cells_for(found.days, zone), version, found.stale_after, limit)

    return read


def day_reader(backend: Backend, zone: ZoneInfo, day: date,
               limit: int) -> Callable[[], Read[calendar.DaySummary]]:
    """The read of the first `limit` of a day's items, to run off the GUI thread."""
    version = calendar.data_version(backend)

    def read() -> Read[calendar.DaySummary]:
        found = calendar.summary(backend, day, 1, zone, limit)
        cell = found.days.get(day) or calendar.DaySummary(0, ())
        return Read(cell, version, found.stale_after, limit)

    return read


class SpanCache:
    """The reads kept, the oldest dropped first beyond CACHED_SPANS spans and CACHED_DAYS
    days."""

    def __init__(self, backend: Backend) -> None:
        self._backend = backend
        self.spans: OrderedDict[Span, Read[Cells]] = OrderedDict()
        self.days: OrderedDict[date, Read[calendar.DaySummary]] = OrderedDict()
        self.generation = 0  # reads begun before the last `forget` are dropped

    def token(self, wanted: int) -> Token:
        """What a read is (given back with its result): begun after the last `forget`, of
        this many chips a day, at this version of the data."""
        return self.generation, wanted, calendar.data_version(self._backend)

    def usable(self, read: Read[Cells] | None, wanted: int) -> bool:
        return read is not None and read.limit >= wanted and self.current(read)

    def current(self, read: Read) -> bool:
        """Nothing committed since the read began, and no item it shows turned overdue."""
        if read.version != calendar.data_version(self._backend):
            return False
        return read.stale_after is None or self._backend.clock.now() <= read.stale_after

    def keep_span(self, span: Span, read: Read[Cells]) -> None:
        kept = self.spans.get(span)
        if kept is None or kept.limit <= read.limit:
            remember(self.spans, span, read, CACHED_SPANS)

    def keep_day(self, day: date, read: Read[calendar.DaySummary]) -> None:
        remember(self.days, day, read, CACHED_DAYS)

    def day_entries(self, grid_model: GridModel,
                    day: date) -> tuple[list[CalendarEntry], int]:
        """The first of the day's items and how many it holds: the grid's, or a kept read of
        more of them (the agenda asks for more as it is scrolled)."""
        cell = grid_model.cell_on(day)
        read = self.days.get(day)
        if not cell.complete and read is not None and len(read.value.first) > len(cell.chips) \
                and self.current(read):
            return list(read.value.first), read.value.count
        return [c.entry for c in cell.chips], cell.count

    def forget(self) -> None:
        """Drop what was read: the data or the rules changed."""
        self.generation += 1
        self.spans.clear()
        self.days.clear()
