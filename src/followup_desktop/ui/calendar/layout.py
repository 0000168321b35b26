"""Where things go inside a day cell, for painting and for hit-testing alike (what the user
clicks is what was drawn): the month's cells stack their chips under the day number; the week's
are a time grid, each chip at its time, overlapping ones side by side."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QRect

from followup_desktop.ui.calendar.models import Chip

PAD = 3  # inside a cell, around its contents
GAP = 2  # between chips
HOURS = 24
ACTION_MINUTES = 30  # how long a follow-up sits in the time grid: it has no end of its own


@dataclass(frozen=True)
class CellLayout:
    number: QRect  # the day number (empty in the week's time grid: the header says the day)
    chips: tuple[tuple[QRect, Chip], ...]  # the chips that fit, top to bottom
    more: QRect | None  # "+N more", when not all fit
    hidden: int  # how many "+N more" stands for
    cramped: bool = False  # no room below the number: "+N" sits beside it

    @property
    def more_text(self) -> str:
        return f"+{self.hidden}" if self.cramped else f"+{self.hidden} more"


def cell_layout(rect: QRect, chips: tuple[Chip, ...], line_height: int,
                chip_lines: int = 1, count: int | None = None) -> CellLayout:
    """Where the day number, the chips that fit and "+N more" go in a cell of `rect`.

    A chip is one line in the month view and `chip_lines` lines where there is room (week view).
    `count` is how many items the day holds when `chips` are only the first of them.
    """
    total = max(len(chips), count or 0)
    header = line_height + 2 * PAD
    chip_height = chip_lines * line_height + 4
    more_height = line_height + 4
    number = QRect(rect.left() + PAD, rect.top() + PAD, rect.width() - 2 * PAD, line_height)
    top = rect.top() + header
    room = rect.bottom() - PAD - top + 1
    fits = max(0, (room + GAP) // (chip_height + GAP))
    if total > fits:  # keep a line for "+N more"
        fits = max(0, (room - more_height) // (chip_height + GAP))
    shown = min(len(chips), fits)
    width = rect.width() - 2 * PAD
    placed = tuple((QRect(rect.left() + PAD, top + i * (chip_height + GAP), width, chip_height),
                    chip) for i, chip in enumerate(chips[:shown]))
    hidden = total - shown
    if not hidden:
        return CellLayout(number, placed, None, 0)
    if room >= more_height:
        more = QRect(rect.left() + PAD, top + shown * (chip_height + GAP), width, more_height)
        return CellLayout(number, placed, more, hidden)
    beside = QRect(rect.left() + rect.width() // 2, number.top(), rect.width() // 2 - PAD,
                   line_height)
    return CellLayout(number, placed, beside, hidden, cramped=True)


def chips_that_fit(height: int, line_height: int, chip_lines: int = 1) -> int:
    """How many chips a cell `height` pixels tall shows of a day that holds no more than that
    (cell_layout's arithmetic)."""
    room = height - (line_height + 2 * PAD) - PAD
    return max(0, (room + GAP) // (chip_lines * line_height + 4 + GAP))


def hour_height(line_height: int) -> int:
    """An hour of the week's time grid: tall enough for a one-hour interview's three lines."""
    return 3 * line_height + 8


def time_layout(rect: QRect, chips: tuple[Chip, ...], line_height: int, zone: ZoneInfo,
                count: int | None = None) -> CellLayout:
    """The week's day column: `rect` is the whole day, midnight to midnight. Each chip sits at
    its local time, as tall as its interview lasts (a follow-up: half an hour), never less
    than two lines; chips whose spans overlap share the width side by side."""
    hour = hour_height(line_height)
    least = 2 * line_height + 7  # two lines inside the chip's padding: what, and who
    spans: list[tuple[int, int, Chip]] = []
    for chip in chips:
        start = chip.entry.at.astimezone(zone)
        end = chip.entry.end or chip.entry.at + timedelta(minutes=ACTION_MINUTES)
        minutes = start.hour * 60 + start.minute
        length = max(1, int((end - chip.entry.at).total_seconds() // 60))
        top = rect.top() + minutes * hour // 60
        bottom = min(rect.top() + HOURS * hour, max(top + least, top + length * hour // 60))
        spans.append((top, bottom, chip))
    spans.sort(key=lambda span: (span[0], -span[1]))
    placed: list[tuple[QRect, Chip]] = []
    group: list[tuple[int, int, Chip, int]] = []  # a run of overlapping chips, with columns
    group_end = rect.top() - 1

    def flush() -> None:
        columns = max((column for *_, column in group), default=0) + 1
        width = (rect.width() - 2 * PAD - (columns - 1) * GAP) // columns
        for top, bottom, chip, column in group:
            left = rect.left() + PAD + column * (width + GAP)
            placed.append((QRect(left, top, max(1, width), bottom - top - 1), chip))
        group.clear()

    for top, bottom, chip in spans:
        if group and top >= group_end:
            flush()
        ends: dict[int, int] = {}
        for _, other_bottom, _, column in group:
            ends[column] = max(ends.get(column, 0), other_bottom)
        column = next((c for c in range(len(group) + 1) if ends.get(c, top) <= top), 0)
        group.append((top, bottom, chip, column))
        group_end = max(group_end, bottom)
    flush()
    placed.sort(key=lambda item: (item[0].top(), item[0].left()))
    hidden = max(len(chips), count or 0) - len(chips)
    if not hidden:
        return CellLayout(QRect(), tuple(placed), None, 0)
    more = QRect(rect.left() + PAD, rect.top() + PAD, rect.width() - 2 * PAD, line_height)
    return CellLayout(QRect(), tuple(placed), more, hidden, cramped=True)
