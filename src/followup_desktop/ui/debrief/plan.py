"""The "Your plan" page the debrief turns into once it is saved: the follow-ups just planned."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.fields import CHANNEL_LABELS
from followup_desktop.services.views.forms import InterviewRecord
from followup_desktop.services.views.pipeline import PlanItem
from followup_desktop.ui.editors.models import ID_ROLE, Index
from followup_desktop.ui.widgets.common import (
    hint_label,
    person_line,
    plain_label,
    tooltip,
    when,
)
from followup_desktop.ui.widgets.times import interview_when

PLAN_COLUMNS = ("When", "What", "To", "Channel", "Note")


def interview_text(interview: InterviewRecord, zone: ZoneInfo) -> str:
    """In the user's `zone`, as every other screen shows it (ui/widgets/times.py)."""
    when_text = interview_when(interview.start, interview.end, interview.zone, zone)
    return f"{when_text}, round {interview.round}"


class PlanModel(QAbstractTableModel):
    """The follow-ups of a plan, one per row, times in the user's zone."""

    def __init__(self, zone: ZoneInfo, parent: Any = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self._items: list[PlanItem] = []

    def set_zone(self, zone: ZoneInfo) -> None:
        self.beginResetModel()
        self._zone = zone
        self.endResetModel()

    def set_items(self, items: tuple[PlanItem, ...] | list[PlanItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(PLAN_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(PLAN_COLUMNS)):
            return PLAN_COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(item, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip([item.kind.label, self._cell(item, 2), item.note])
        if role == ID_ROLE:
            return item.id
        return None

    def _cell(self, item: PlanItem, column: int) -> str | None:
        if column == 0:
            return when(item.due, self._zone)
        if column == 1:
            return item.kind.label
        if column == 2:
            return person_line(item.contact.name, item.contact.title) if item.contact \
                else "The company"
        if column == 3:
            return CHANNEL_LABELS[item.channel]
        if column == 4:
            return item.note
        return None


class PlanPage(QWidget):
    """The heading, a summary line and the table of follow-ups."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        heading = plain_label("Your plan", self)
        scale_font(heading, 1.35, bold=True)
        self.summary = plain_label("", self)
        self.summary.setWordWrap(True)
        self.model = PlanModel(ZoneInfo("UTC"), self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(True)  # a long note wraps in its column
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)
        self.view.setAccessibleName("Planned follow-ups")
        header = self.view.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(PLAN_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.empty = hint_label("Nothing is planned for this application: it is closed, "
                                "or every follow-up is already done.", self)
        self.empty.hide()
        column.addWidget(heading)
        column.addWidget(self.summary)
        column.addWidget(self.view, 1)
        column.addWidget(self.empty)
        column.addWidget(hint_label("Each one shows in your due list when it is time. Change "
                                    "any of them from there.", self))

    def show_plan(self, items: tuple[PlanItem, ...], where: str) -> None:
        self.model.set_items(items)
        count = len(items)
        self.summary.setText(
            f"{count} follow-up{'s' if count != 1 else ''} planned for {where}." if count
            else f"No follow-ups are planned for {where}.")
        self.view.setVisible(count > 0)
        self.empty.setVisible(count == 0)

    def spare_height(self) -> int:
        """How much taller the table is than its rows need."""
        view = self.view
        view.resizeRowsToContents()
        rows = sum(view.rowHeight(r) for r in range(self.model.rowCount()))
        wanted = view.horizontalHeader().height() + rows + 2 * view.frameWidth() + 24
        return view.height() - wanted


def scale_font(label: QLabel, factor: float, bold: bool = False) -> None:
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    label.setFont(font)
