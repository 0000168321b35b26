"""The selected day's agenda: three lines per item beside a colour bar; a click or Enter opens
one, a drag moves an action."""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from followup_desktop.services.views.calendar import CalendarEntry
from followup_desktop.ui.calendar.chips import OVERDUE_COLOR, kind_color
from followup_desktop.ui.calendar.text import ENTRY_ROLE, MUTED_STATES, agenda_lines, state_text

Index = QModelIndex | QPersistentModelIndex
# -- the day agenda

class AgendaDelegate(QStyledItemDelegate):
    """Three lines per item beside a colour bar: when and what; who; where and how."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(200, 3 * QFontMetrics(option.font).lineSpacing() + 14)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        entry: CalendarEntry | None = index.data(ENTRY_ROLE)
        if entry is None:
            return
        zone = index.model().zone  # type: ignore[attr-defined]
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter,
                            option.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect.adjusted(6, 7, -8, -7)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(kind_color(entry, palette))
        painter.drawRoundedRect(QRectF(rect.left(), rect.top(), 4, rect.height()), 2, 2)
        text = palette.color(QPalette.ColorRole.HighlightedText if selected
                             else QPalette.ColorRole.Text)
        quiet = text if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        muted = entry.state in MUTED_STATES
        spacing = QFontMetrics(option.font).lineSpacing()
        line = QRect(rect.left() + 12, rect.top(), rect.width() - 12, spacing)
        first, second, third = agenda_lines(entry, zone)
        bold = QFont(option.font)
        bold.setBold(True)
        bold.setStrikeOut(muted)
        status = state_text(entry)
        if status and status != "Planned":
            color = OVERDUE_COLOR if entry.overdue and not selected else quiet
            width = QFontMetrics(option.font).horizontalAdvance(status) + 8
            self._line(painter, line, status, option.font, color, Qt.AlignmentFlag.AlignRight)
            line_for_title = line.adjusted(0, 0, -width, 0)
        else:
            line_for_title = line
        self._line(painter, line_for_title, first, bold, text)
        self._line(painter, line.translated(0, spacing), second, option.font, text)
        self._line(painter, line.translated(0, 2 * spacing), third, option.font, quiet)
        painter.restore()

    @staticmethod
    def _line(painter: QPainter, rect: QRect, text: str, font: QFont, color: QColor,
              align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> None:
        painter.setFont(font)
        painter.setPen(color)
        elided = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, align | Qt.AlignmentFlag.AlignVCenter, elided)


class AgendaView(QListView):
    """The selected day's items; a click or Enter opens one, a drag moves an action."""

    entryActivated = Signal(object)  # CalendarEntry
    leaveRequested = Signal()  # Escape: back to the grid

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(AgendaDelegate(self))
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.clicked.connect(self._activate)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._activate(self.currentIndex())
            return
        if event.key() == Qt.Key.Key_Escape:
            self.leaveRequested.emit()
            return
        super().keyPressEvent(event)

    def _activate(self, index: QModelIndex) -> None:
        entry = index.data(ENTRY_ROLE)
        if entry is not None:
            self.entryActivated.emit(entry)
