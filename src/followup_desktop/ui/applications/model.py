"""The applications table: a table model over the pipeline rows and a filter proxy.

Sorting happens in the source model with Python's sort on precomputed keys (a proxy's lessThan
would call back into Python a few hundred thousand times for 20,000 rows); the proxy only
filters, by status and by words of the company or position, and keeps the source order.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from followup_desktop.domain.fields import CHANNEL_LABELS, STATUS_LABELS
from followup_desktop.domain.model import ApplicationStatus
from followup_desktop.services.views.people import fold, search_terms
from followup_desktop.services.views.pipeline import ApplicationRow, Pipeline
from followup_desktop.ui.widgets.common import KIND_COLORS, tooltip, when
from followup_desktop.ui.widgets.detail_parts import long_day, long_when

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("Company", "Position", "Status", "Since", "Next action", "Due")
COMPANY, POSITION, STATUS, CHANGED, NEXT, DUE = range(len(COLUMNS))
_STATUS_RANK = {status: rank for rank, status in enumerate(ApplicationStatus)}
_FAR = datetime.max.replace(tzinfo=UTC)
# Computed once: views ask for flags often, and combining enum members in Python is not free.
_ROW_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
              | Qt.ItemFlag.ItemNeverHasChildren)


def kind_dot(color: QColor, size: int = 12) -> QIcon:
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawEllipse(2, 2, size - 4, size - 4)
    painter.end()
    icon = QIcon(pixmap)
    icon.addPixmap(pixmap, QIcon.Mode.Selected)  # keep the kind colour on a selected row
    return icon


def _sort_keys() -> dict[int, Callable[[ApplicationRow], object]]:
    # Rows without a next action or a change time sort after those with one.
    return {
        COMPANY: lambda r: (fold(r.company), fold(r.position)),
        POSITION: lambda r: (fold(r.position), fold(r.company)),
        STATUS: lambda r: (_STATUS_RANK[r.status], fold(r.company)),
        CHANGED: lambda r: r.status_since or _FAR,
        NEXT: lambda r: (r.next_action is None,
                         r.next_action.kind.label if r.next_action else "",
                         r.next_action.due if r.next_action else _FAR),
        DUE: lambda r: (r.next_action is None, r.next_action.due if r.next_action else _FAR,
                        r.id),
    }


class ApplicationsModel(QAbstractTableModel):
    def __init__(self, parent: QAbstractItemModel | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ApplicationRow] = []
        self._zone = ZoneInfo("UTC")
        self._now = datetime.now(UTC)
        self._sort: tuple[int, Qt.SortOrder] = (DUE, Qt.SortOrder.AscendingOrder)
        self._icons = {kind: kind_dot(color) for kind, color in KIND_COLORS.items()}
        self._bold = QFont()
        self._bold.setBold(True)

    def set_pipeline(self, pipeline: Pipeline, zone: ZoneInfo, now: datetime) -> None:
        self.beginResetModel()
        self._rows = list(pipeline.rows)
        self._zone, self._now = zone, now
        self._sort_rows()
        self.endResetModel()

    def row_data(self, row: int) -> ApplicationRow:
        return self._rows[row]

    def row_of(self, application_id: int) -> int:
        for row, data in enumerate(self._rows):
            if data.id == application_id:
                return row
        return -1

    # -- Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == NEXT and row.next_action:
            return self._icons.get(row.next_action.kind.value)
        if role == Qt.ItemDataRole.FontRole and column == DUE and self._overdue(row):
            return self._bold
        if role == ID_ROLE:
            return row.id
        return None

    def _overdue(self, row: ApplicationRow) -> bool:
        return row.next_action is not None and row.next_action.due < self._now

    def _text(self, row: ApplicationRow, column: int) -> str:
        if column == COMPANY:
            return row.company
        if column == POSITION:
            return row.position
        if column == STATUS:
            return STATUS_LABELS[row.status]
        if column == CHANGED:
            return long_day(row.status_since, self._zone) if row.status_since else ""
        action = row.next_action
        if action is None:
            return ""
        if column == NEXT:
            return f"{action.kind.label} · {action.contact}" if action.contact \
                else action.kind.label
        return when(action.due, self._zone)

    def _tooltip(self, row: ApplicationRow, column: int) -> str:
        if column in (NEXT, DUE) and row.next_action is not None:
            action = row.next_action
            return tooltip([action.kind.label,
                            f"To {action.contact}" if action.contact else "To the company",
                            CHANNEL_LABELS.get(action.channel, action.channel),
                            f"Due {long_when(action.due, self._zone)}"
                            + (" (overdue)" if self._overdue(row) else "")])
        if column == CHANGED and row.status_since is not None:
            return tooltip([f"{STATUS_LABELS[row.status]} since "
                            f"{long_when(row.status_since, self._zone)}"])
        return tooltip([self._text(row, column)])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [(self._rows[i.row()].id, i.column()) for i in persistent]
        self._sort = (column, order)
        self._sort_rows()
        rows = {data.id: number for number, data in enumerate(self._rows)}
        self.changePersistentIndexList(
            persistent, [self.index(rows[app_id], col) for app_id, col in held])
        self.layoutChanged.emit()

    def _sort_rows(self) -> None:
        column, order = self._sort
        self._rows.sort(key=_sort_keys()[column],
                        reverse=order == Qt.SortOrder.DescendingOrder)


class ApplicationsFilter(QSortFilterProxyModel):
    """Shows the applications of one status (or all) whose company or position holds every
    word typed into the filter box, case and accents ignored."""

    def __init__(self, parent: QAbstractItemModel | None = None) -> None:
        super().__init__(parent)
        self._status: ApplicationStatus | None = None
        self._terms: list[str] = []

    @property
    def status(self) -> ApplicationStatus | None:
        return self._status

    def set_status(self, status: ApplicationStatus | None) -> None:
        self._refilter(lambda: setattr(self, "_status", status))

    def set_text(self, text: str) -> None:
        terms = search_terms(text)
        self._refilter(lambda: setattr(self, "_terms", terms))

    def _refilter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "endFilterChange"):  # Qt 6.10 deprecates invalidateRowsFilter
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, ApplicationsModel):
            return True
        row = model.row_data(source_row)
        if self._status is not None and row.status != self._status:
            return False
        if self._terms:
            haystack = fold(f"{row.company}\x1f{row.position}")
            return all(term in haystack for term in self._terms)
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The source sorts (fast, in Python); this proxy keeps its order.
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)
