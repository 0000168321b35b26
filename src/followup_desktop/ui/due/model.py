"""The due list as a two-level item model: groups (overdue, today, next days) and their items.

A group knows how many follow-ups it holds but keeps only the rows read so far: the page reads
more (`has_more` / `read_more`) as the user scrolls towards the end of what is loaded, so ten
thousand overdue follow-ups cost no more to show than a screenful. (Not Qt's canFetchMore and
fetchMore: QTreeView calls those on every layout of an expanded parent, which would read a
whole group in pages at once.)"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, QSize
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QIcon,
    QPainter,
    QPainterPath,
    QPixmap,
    QStandardItemModel,
)
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from followup_desktop.domain.fields import CHANNEL_LABELS
from followup_desktop.services.views.due import (
    PAGE,
    DueBucket,
    DueItem,
    DueOverview,
    DueStatus,
    due_overview,
    due_page,
    is_first_run,
)
from followup_desktop.ui.qt_values import (
    ACCESSIBLE_TEXT_ROLE,
    DECORATION_ROLE,
    DISPLAY_ROLE,
    FONT_ROLE,
    FOREGROUND_ROLE,
    TOOLTIP_ROLE,
)
from followup_desktop.ui.widgets.common import (
    KIND_COLORS,
    person_line,
    tooltip,
    when,
)

COLUMNS = ("What", "For", "Company", "Channel", "When", "Status")
ANSWERED_ROLES = frozenset({DISPLAY_ROLE, DECORATION_ROLE, TOOLTIP_ROLE, FONT_ROLE,
                            FOREGROUND_ROLE, ACCESSIBLE_TEXT_ROLE})
LATE_COLOR = QColor("#d32f2f")
Index = QModelIndex | QPersistentModelIndex

if TYPE_CHECKING:  # the first screen shows before the Backend (and peewee) is imported
    from PySide6.QtCore import Qt

    from followup_desktop.services.backend import Backend


def _dot(color: QColor) -> QIcon:
    """A filled circle on a transparent square. Filled as a path, with a brush of a pixmap in
    the colour (the same pixels as a solid brush): a QColor given to a painter, or to a brush,
    makes PySide6 try Qt.GlobalColor and create all of Qt's enums (ui/qt_values.py)."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(0, 0, 0, 0))
    paint = QPixmap(12, 12)
    paint.fill(color)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    circle = QPainterPath()
    circle.addEllipse(1, 1, 10, 10)
    painter.fillPath(circle, QBrush(paint))
    painter.end()
    return QIcon(pixmap)


def column_titles(parent: QObject) -> QStandardItemModel:
    """The list's column titles, for its header (DuePage._make_view): a header that asked
    DueModel.headerData would call Python with a Qt.Orientation, and PySide6 would create all
    of Qt's enums before the first paint (ui/qt_values.py)."""
    titles = QStandardItemModel(0, len(COLUMNS), parent)
    titles.setHorizontalHeaderLabels(list(COLUMNS))
    return titles


STATUS_LABELS = {DueStatus.LATE: "Late", DueStatus.DUE: "Due", DueStatus.COMING_UP: "Coming up"}


def status_text(item: DueItem) -> str:
    """The row's status, by the rule the page's counts follow (services.due.due_status)."""
    status = STATUS_LABELS[item.status]
    if item.state == "snoozed":
        status = f"Snoozed · {status.lower()}"
    return f"{status} · ⚠ check" if item.warnings else status


@dataclass
class DueGroup:
    bucket: DueBucket
    items: list[DueItem] = field(default_factory=list)  # the rows read so far, in order

    @property
    def complete(self) -> bool:
        return len(self.items) >= self.bucket.count


Fetch = Callable[[DueBucket, int], list[DueItem]]  # a group's rows from an offset on


class DueModel(QAbstractItemModel):
    def __init__(self, zone: ZoneInfo, parent: object = None) -> None:
        super().__init__(parent)
        self._groups: list[DueGroup] = []
        self._zone = zone
        self._icons: dict[str, QIcon] = {}
        self._fetch: Fetch | None = None

    def set_groups(self, groups: list[DueGroup], zone: ZoneInfo, fetch: Fetch | None) -> None:
        self.beginResetModel()
        self._groups, self._zone, self._fetch = groups, zone, fetch
        self.endResetModel()

    def loaded_counts(self) -> dict[str, int]:
        """How many rows each group has read, to read as many again after a refresh."""
        return {group.bucket.title: len(group.items) for group in self._groups}

    def item_at(self, index: Index) -> DueItem | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._groups[index.internalId() - 1].items[index.row()]

    def item_count(self) -> int:
        """Rows loaded (a group's header says how many it holds in all)."""
        return sum(len(g.items) for g in self._groups)

    def has_more(self, header: Index) -> bool:
        group = self._group_of_header(header)
        return group is not None and self._fetch is not None and not group.complete

    def read_more(self, header: Index) -> None:
        group = self._group_of_header(header)
        if group is None or self._fetch is None or group.complete:
            return
        more = self._fetch(group.bucket, len(group.items))[:group.bucket.count - len(group.items)]
        if not more:  # the data changed under us; a refresh follows any change
            return
        first = len(group.items)
        self.beginInsertRows(header, first, first + len(more) - 1)
        group.items.extend(more)
        self.endInsertRows()

    def _group_of_header(self, index: Index) -> DueGroup | None:
        if not index.isValid() or index.internalId() != 0 or index.column() != 0:
            return None
        return self._groups[index.row()]

    # -- QAbstractItemModel

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._groups[parent.row()].items)
        return 0

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:
        if not parent.isValid():
            return bool(self._groups)
        group = self._group_of_header(parent)
        return group is not None and group.bucket.count > 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = DISPLAY_ROLE) -> object:
        """The column titles, for whoever asks the model (accessibility); the view's header
        reads them from `column_titles`."""
        from PySide6.QtCore import Qt

        if orientation == Qt.Orientation.Horizontal and role == DISPLAY_ROLE:
            return COLUMNS[section]
        return None

    # flags(): QAbstractItemModel's own (enabled and selectable; none for an invalid index)

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> object:
        if role not in ANSWERED_ROLES or not index.isValid():  # most of what a view asks
            return None
        item = self.item_at(index)
        if item is None:
            return self._group_data(self._groups[index.row()], index.column(), role)
        return self._item_data(item, index.column(), role)

    def _group_data(self, group: DueGroup, column: int, role: int) -> object:
        if role == DISPLAY_ROLE and column == 0:
            return f"{group.bucket.title} ({group.bucket.count:,})"
        if role == FONT_ROLE:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _item_data(self, item: DueItem, column: int, role: int) -> object:
        if role == DISPLAY_ROLE:
            return self._cell(item, column)
        if role == TOOLTIP_ROLE:
            return tooltip([item.note, *item.warnings])
        if role == DECORATION_ROLE and column == 0:
            return self._icon(item.kind)
        if role == FOREGROUND_ROLE and column == 5 and item.status == DueStatus.LATE:
            return LATE_COLOR
        if role == ACCESSIBLE_TEXT_ROLE:
            return ", ".join(self._cell(item, c) for c in range(len(COLUMNS)))
        return None

    def _cell(self, item: DueItem, column: int) -> str:
        if column == 0:
            return item.kind.label
        if column == 1:
            return "The company" if item.contact is None else \
                person_line(item.contact.name, item.contact.title)
        if column == 2:
            return f"{item.company} – {item.position}"
        if column == 3:
            return CHANNEL_LABELS.get(item.channel, item.channel)
        if column == 4:
            return when(item.due, self._zone)
        return status_text(item)

    def _icon(self, kind: str) -> QIcon:
        if kind not in self._icons:
            self._icons[kind] = _dot(KIND_COLORS[kind])
        return self._icons[kind]


# -- reading the list, and the rows' delegate

class RoomyRows(QStyledItemDelegate):
    """Rows a little taller than their text, like the card lists of the other pages. On the
    first column only: the rows are all as tall as the first (the view's uniform row heights),
    whose height is its tallest cell's, so the other columns keep Qt's own delegate and their
    widths are measured without a call into Python for each cell on screen."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        size.setHeight(max(size.height(), int(option.fontMetrics.height() * 1.8)))
        return size


COMPANY_COLUMN = COLUMNS.index("Company")
KEEP_AT_MOST = 2000  # rows per group read again on refresh, so the list keeps its place


@dataclass(frozen=True)
class DueSnapshot:
    overview: DueOverview
    groups: list[DueGroup]  # each with its first rows
    first_run: bool


def load_snapshot(backend: Backend, loaded: dict[str, int] | None = None) -> DueSnapshot:
    """The groups, with the first rows of the first one (the page reads the rest as they come
    into view) or as many rows as were `loaded` before, up to a limit."""
    overview = due_overview(backend)
    loaded = loaded or {}
    groups = []
    for position, bucket in enumerate(overview.buckets):
        wanted = min(KEEP_AT_MOST, max(PAGE if position == 0 else 0, loaded.get(bucket.title, 0)))
        rows = due_page(backend, bucket, overview.at, 0, wanted) if wanted else []
        groups.append(DueGroup(bucket, rows))
    return DueSnapshot(overview, groups, is_first_run(backend))


# -- moving through the rows (the page's selection after a change, and by the arrow keys)

def loaded_rows(model: DueModel) -> list[QModelIndex]:
    """The loaded rows, in list order across the groups."""
    return [model.index(row, 0, group)
            for group in (model.index(g, 0) for g in range(model.rowCount()))
            for row in range(model.rowCount(group))]


def next_after(model: DueModel, action_id: int) -> int | None:
    """The follow-up below this one (above it, for the last row): what to select once it
    leaves the list or moves in it."""
    ids = [item.id for item in map(model.item_at, loaded_rows(model)) if item is not None]
    if action_id not in ids:
        return None
    at = ids.index(action_id)
    rest = ids[at + 1:] or ids[:at][-1:]
    return rest[0] if rest else None


def past_header(model: DueModel, current: Index, previous: Index) -> QModelIndex | None:
    """Where the cursor goes when it lands on a group's title: on, the way it was going (into
    the group below, or to the end of the group above); None when it is on a row."""
    if not current.isValid() or current.parent().isValid() or not previous.isValid():
        return None
    before = previous.parent().row() if previous.parent().isValid() else previous.row()
    rows = loaded_rows(model)
    if before < current.row() or not previous.parent().isValid():
        below = [i for i in rows if i.parent().row() >= current.row()]
        return below[0] if below else None
    above = [i for i in rows if i.parent().row() < current.row()]
    return above[-1] if above else None
