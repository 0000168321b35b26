"""The calendar's item models: the grid's day cells (each with its chips, their labels made with
the data, off the GUI thread) and the selected day's agenda, read page by page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import NamedTuple
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QLocale,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from followup_desktop.services.views.calendar import CalendarEntry, DaySummary
from followup_desktop.ui.calendar.text import (
    ACTION_MIME,
    AGENDA_PAGE,
    CELL_ROLE,
    CHIP_KINDS,
    CHIPS_ROLE,
    COUNT_ROLE,
    DAY_ROLE,
    ENTRY_ROLE,
    IN_RANGE_ROLE,
    MUTED_STATES,
    SELECTED_ROLE,
    TINY_KINDS,
    TODAY_ROLE,
    WORKING_DAY_ROLE,
    action_mime,
    agenda_text,
    entry_tooltip,
    mark,
    who,
)

Index = QModelIndex | QPersistentModelIndex
# -- the grid

@dataclass(frozen=True, eq=False)
class Chip:
    """One item in a day cell. Its labels are made once, with the data (off the GUI thread):
    painting only measures and draws them, and keeps what it measured in `fitted`."""

    entry: CalendarEntry
    zone: ZoneInfo
    text: str  # "15:00 Thank-you · Amara Okafor"
    short: str  # "Thank-you · Amara Okafor", for a narrow cell: what and who, no time
    tiny: str  # "Thanks · Amara", for the narrowest cells; the tooltip tells the rest
    lines: tuple[str, str, str]  # when and what; who; where: for a tall chip in the week view
    fitted: dict[object, object] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, entry: CalendarEntry, zone: ZoneInfo) -> Chip:
        local = entry.at.astimezone(zone)
        clock = f"{mark(entry)}{local.hour:02d}:{local.minute:02d}"
        name, label = who(entry), entry.label
        kind = CHIP_KINDS.get(entry.kind, label)
        first_name = name if entry.is_interview else (name.split() or [name])[0]
        second, third = (entry.company, entry.position) if entry.is_interview \
            else (name, entry.company)
        return cls(entry, zone, f"{clock} {label} · {name}", f"{mark(entry)}{kind} · {name}",
                   f"{mark(entry)}{TINY_KINDS.get(entry.kind, kind)} · {first_name}",
                   (f"{clock} {label}", second, third))

    @cached_property
    def tip(self) -> str:
        """Made when first hovered: most chips never are."""
        return entry_tooltip(self.entry, self.zone)

    def label(self, form: int) -> str:
        """The full text (0), what and who without the time (1), or both shortened (2)."""
        return (self.text, self.short, self.tiny)[form]

    @property
    def draggable(self) -> bool:
        return self.entry.action_id is not None and self.entry.is_pending

    @property
    def muted(self) -> bool:
        return self.entry.state in MUTED_STATES


@dataclass(frozen=True)
class DayChips:
    """A day cell's contents: how many items the day holds and the chips of the first ones."""

    count: int
    chips: tuple[Chip, ...]

    @property
    def complete(self) -> bool:
        """All of the day's items are here (the agenda needs no read of its own)."""
        return len(self.chips) == self.count


class CellView(NamedTuple):
    """What the delegate paints a day cell from: asked for once per cell and paint."""

    day: date
    cell: DayChips
    in_range: bool  # False for the dimmed days of another month
    today: bool
    selected: bool
    working_day: bool


def chips_for(items: list[CalendarEntry], zone: ZoneInfo) -> tuple[Chip, ...]:
    return tuple(Chip.of(e, zone) for e in items)


def cells_for(days: dict[date, DaySummary], zone: ZoneInfo) -> dict[date, DayChips]:
    """The grid's cells for a summary of days; made where the summary is read."""
    return {day: DayChips(cell.count, chips_for(list(cell.first), zone))
            for day, cell in days.items()}


_DAY_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable \
    | Qt.ItemFlag.ItemIsDropEnabled


def qt_weekday(python_weekday: int) -> int:
    """Python counts Monday as 0, Qt as 1."""
    return python_weekday + 1


class GridModel(QAbstractTableModel):
    """Days in rows of weeks. It holds what the view paints; the page decides which days."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)
        self._first = date(2000, 1, 3)
        self._weeks = 6
        self._month: int | None = None  # days of other months are dimmed; None: none are
        self._today: date | None = None
        self._selected: date | None = None
        self._working_days: frozenset[int] = frozenset(range(5))
        self._cells: dict[date, DayChips] = {}
        self._zone = ZoneInfo("UTC")
        self._locale = QLocale()

    # -- what the page sets

    def set_days(self, first: date, weeks: int, month: int | None, today: date,
                 working_days: frozenset[int]) -> None:
        """Show `weeks` weeks from `first`; keeps the chips of days still shown."""
        shape_changes = weeks != self._weeks
        if shape_changes:
            self.beginResetModel()
        self._first, self._weeks, self._month = first, weeks, month
        self._today, self._working_days = today, working_days
        self._cells = {d: c for d, c in self._cells.items() if self.contains(d)}
        if shape_changes:
            self.endResetModel()
        else:
            self._all_changed()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 6)

    def set_cells(self, cells: dict[date, DayChips], zone: ZoneInfo) -> None:
        """The days' contents: only the cells change, the grid's shape and selection stay."""
        self._zone = zone
        self._cells = {d: c for d, c in cells.items() if self.contains(d)}
        self._all_changed()

    def set_selected(self, day: date) -> None:
        old, self._selected = self._selected, day
        for changed in (old, day):
            if changed is not None and self.contains(changed):
                index = self.index_of(changed)
                self.dataChanged.emit(index, index)

    # -- what the view and the page ask

    @property
    def first_day(self) -> date:
        return self._first

    @property
    def day_count(self) -> int:
        return self._weeks * 7

    @property
    def zone(self) -> ZoneInfo:
        return self._zone

    def contains(self, day: date) -> bool:
        return 0 <= (day - self._first).days < self.day_count

    def day_at(self, index: Index) -> date:
        return self._first + timedelta(days=index.row() * 7 + index.column())

    def index_of(self, day: date) -> QModelIndex:
        offset = (day - self._first).days
        if not 0 <= offset < self.day_count:
            return QModelIndex()
        return self.index(offset // 7, offset % 7)

    def chips_on(self, day: date) -> tuple[Chip, ...]:
        cell = self._cells.get(day)
        return cell.chips if cell is not None else ()

    def cell_on(self, day: date) -> DayChips:
        return self._cells.get(day) or DayChips(0, ())

    def entry_count(self) -> int:
        return sum(c.count for c in self._cells.values())

    # -- QAbstractTableModel

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._weeks

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 7

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Asked for every cell on every paint: the flags are made once."""
        return _DAY_FLAGS if index.isValid() else Qt.ItemFlag.ItemIsDropEnabled

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not self.checkIndex(index):
            return None
        day = self.day_at(index)
        if role == CELL_ROLE:
            return CellView(day, self.cell_on(day), self._month is None or day.month == self._month,
                            day == self._today, day == self._selected,
                            day.weekday() in self._working_days)
        if role == Qt.ItemDataRole.DisplayRole:
            return str(day.day)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._spoken(day)
        values = {DAY_ROLE: day, CHIPS_ROLE: self.chips_on(day),
                  COUNT_ROLE: self.cell_on(day).count,
                  IN_RANGE_ROLE: self._month is None or day.month == self._month,
                  TODAY_ROLE: day == self._today, SELECTED_ROLE: day == self._selected,
                  WORKING_DAY_ROLE: day.weekday() in self._working_days}
        return values.get(role)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < 7:
            return None
        day = self._first + timedelta(days=section)
        if role == Qt.ItemDataRole.DisplayRole:
            name = self._locale.dayName(qt_weekday(day.weekday()),
                                        QLocale.FormatType.ShortFormat)
            return f"{name} {day.day}" if self._weeks == 1 else name  # the week: no numbers
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._locale.dayName(qt_weekday(day.weekday()))
        if role == WORKING_DAY_ROLE:
            return day.weekday() in self._working_days
        if role == TODAY_ROLE:
            return self._weeks == 1 and day == self._today
        return None

    def _spoken(self, day: date) -> str:
        cell = self.cell_on(day)
        parts = [self._locale.toString(day, QLocale.FormatType.LongFormat)]
        if day == self._today:
            parts.append("today")
        parts.append(f"{cell.count} item{'s' if cell.count != 1 else ''}" if cell.count
                     else "nothing planned")
        spoken = ", ".join(parts)
        items = [c.text for c in cell.chips]
        if not cell.complete:
            items.append(f"and {cell.count - len(cell.chips)} more")
        return spoken + (": " + "; ".join(items) if items else "")

    def _all_changed(self) -> None:
        if self._weeks:
            self.dataChanged.emit(self.index(0, 0), self.index(self._weeks - 1, 6))


# -- the agenda of one day

class AgendaModel(QAbstractListModel):
    """The selected day's items. A busy day's are read in pages: the model holds the first
    ones, knows how many there are, and asks for more (`moreWanted`) when the view scrolls to
    its end (Qt's fetchMore)."""

    moreWanted = Signal(int)  # how many rows it would like to hold

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)
        self._entries: list[CalendarEntry] = []
        self._total = 0
        self._asked = False  # more asked for and not arrived
        self._zone = ZoneInfo("UTC")

    def set_entries(self, entries: list[CalendarEntry], zone: ZoneInfo,
                    total: int | None = None) -> None:
        """The day's first `len(entries)` items of `total`. More of the same list is added
        below the rows there are, so the view keeps its scroll position and selection."""
        entries = list(entries)
        old = len(self._entries)
        self._asked = False
        self._total = max(total or 0, len(entries))
        if zone == self._zone and old < len(entries) and entries[:old] == self._entries:
            self.beginInsertRows(QModelIndex(), old, len(entries) - 1)
            self._entries = entries
            self.endInsertRows()
            return
        if zone == self._zone and entries == self._entries:
            return
        self.beginResetModel()
        self._entries, self._zone = entries, zone
        self.endResetModel()

    @property
    def total(self) -> int:
        return self._total

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._asked and len(self._entries) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if self.canFetchMore(parent):
            self._asked = True
            self.moreWanted.emit(min(self._total, max(AGENDA_PAGE, 2 * len(self._entries))))

    def entry_at(self, index: Index) -> CalendarEntry | None:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        return self._entries[index.row()]

    def row_of_action(self, action_id: int) -> int:
        return next((row for row, e in enumerate(self._entries) if e.action_id == action_id), -1)

    @property
    def zone(self) -> ZoneInfo:
        return self._zone

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def flags(self, index: Index) -> Qt.ItemFlag:
        entry = self.entry_at(index)
        if entry is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable \
            | Qt.ItemFlag.ItemNeverHasChildren
        if entry.action_id is not None and entry.is_pending:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        entry = self.entry_at(index)
        if entry is None or not self.checkIndex(index):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return agenda_text(entry, self._zone)
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry_tooltip(entry, self._zone)
        if role == ENTRY_ROLE:
            return entry
        return None

    # -- dragging an action from the agenda onto a day of the grid

    def mimeTypes(self) -> list[str]:
        return [ACTION_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData | None:
        entries = [self.entry_at(i) for i in indexes]
        ids = [e.action_id for e in entries if e is not None and e.action_id is not None]
        return action_mime(ids[0]) if ids else None

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction
