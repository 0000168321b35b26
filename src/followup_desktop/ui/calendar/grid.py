"""The calendar grid: a table view of days whose delegate paints each day's chips; pointer,
keyboard, drag and drop. Chip positions come from one place (calendar.layout), used for
painting and hit-testing alike, so what the user clicks is what was drawn."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QTableView,
    QWidget,
)

from followup_desktop.ui.calendar.cells import DayDelegate, HourHeader, PaintContext, WeekdayHeader
from followup_desktop.ui.calendar.chips import (
    MORNING,
    chip_fonts,
    chip_lines_for,
    chip_pixmap,
    time_zone,
)
from followup_desktop.ui.calendar.layout import HOURS, CellLayout, hour_height
from followup_desktop.ui.calendar.models import Chip, GridModel
from followup_desktop.ui.calendar.text import action_id_from, action_mime

Index = QModelIndex | QPersistentModelIndex
# -- the grid view: pointer, keyboard, drag and drop

@dataclass
class _Press:
    pos: QPoint
    day: date
    chip: Chip | None
    dragged: bool = False


class CalendarGrid(QTableView):
    """Days in a grid. The page owns the selection; the grid reports what the user does."""

    dayClicked = Signal(object)  # date
    chipActivated = Signal(object)  # CalendarEntry
    moveRequested = Signal(int, object)  # action id, date
    dayStep = Signal(int)  # arrow keys: days to move the selection by
    pageStep = Signal(int)  # PageUp/PageDown: months (or weeks) to move by
    todayRequested = Signal()
    enterPressed = Signal()
    resized = Signal()
    painted = Signal()

    def __init__(self, model: GridModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.day_delegate = DayDelegate(self)
        self.setItemDelegate(self.day_delegate)
        self.setHorizontalHeader(WeekdayHeader(self))
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setMinimumSectionSize(24)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setCornerButtonEnabled(False)
        self.setTabKeyNavigation(False)
        self.setAutoScroll(False)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setMouseTracking(False)
        self._press: _Press | None = None

    def grid_model(self) -> GridModel:
        model = self.model()
        assert isinstance(model, GridModel)
        return model

    def set_time_grid(self, on: bool) -> None:
        """The week: one row a whole day tall, hours down the side, scrolled to the morning;
        the month: rows sharing the height, no hours."""
        if on == isinstance(self.verticalHeader(), HourHeader):
            return
        hour = hour_height(chip_fonts(self.font()).height)
        if on:
            header = HourHeader(hour, self)
            self.setVerticalHeader(header)
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            header.setDefaultSectionSize(HOURS * hour)
            header.resizeSection(0, HOURS * hour)
            header.show()
            self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            self.verticalScrollBar().setValue(MORNING * hour)
            return
        header = QHeaderView(Qt.Orientation.Vertical, self)
        self.setVerticalHeader(header)
        header.hide()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(24)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        self.day_delegate.context = PaintContext(self.font(), self.palette(),
                                                 chip_lines_for(self.grid_model()))
        try:
            super().paintEvent(event)
        finally:
            self.day_delegate.context = None
        self.painted.emit()

    # -- asking where things are (tests use these too)

    def cell_rect(self, day: date) -> QRect:
        """The rectangle the delegate paints a day in: QTableView keeps the grid line out."""
        rect = self.visualRect(self.grid_model().index_of(day))
        if not self.showGrid() or rect.isEmpty():
            return rect
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            return rect.adjusted(1, 0, 0, -1)
        return rect.adjusted(0, 0, -1, -1)

    def layout_of(self, day: date) -> CellLayout | None:
        index = self.grid_model().index_of(day)
        if not index.isValid():
            return None
        return self.day_delegate.layout(self.cell_rect(day), self.grid_model().cell_on(day),
                                        chip_fonts(self.font()).height,
                                        chip_lines_for(self.grid_model()),
                                        time_zone(self.grid_model()))

    def chip_at(self, pos: QPoint) -> tuple[date | None, Chip | None]:
        index = self.indexAt(pos)
        if not index.isValid():
            return None, None
        day = self.grid_model().day_at(index)
        layout = self.layout_of(day)
        chip = next((c for r, c in layout.chips if r.contains(pos)), None) if layout else None
        return day, chip

    # -- pointer

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        pos = event.position().toPoint()
        day, chip = self.chip_at(pos)
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if day is None:
            self._press = None
            return
        self._press = _Press(pos, day, chip)
        self.dayClicked.emit(day)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        press = self._press
        if press is None or press.dragged or press.chip is None or not press.chip.draggable:
            return
        distance = (event.position().toPoint() - press.pos).manhattanLength()
        if distance >= QApplication.startDragDistance():
            press.dragged = True
            self.start_drag(press.chip)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        press, self._press = self._press, None
        if press is None or press.dragged or press.chip is None:
            return
        _, chip = self.chip_at(event.position().toPoint())
        if chip is press.chip:
            self.chipActivated.emit(chip.entry)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """The first click already opened the chip; a second one must not open it again."""
        self._press = None
        event.accept()

    def start_drag(self, chip: Chip) -> Qt.DropAction:
        assert chip.entry.action_id is not None
        drag = QDrag(self)
        drag.setMimeData(action_mime(chip.entry.action_id))
        layout = self.layout_of(self._press.day) if self._press else None
        rect = next((r for r, c in layout.chips if c is chip), None) if layout else None
        size = rect.size() if rect is not None else QSize(160, 20)
        drag.setPixmap(chip_pixmap(chip, size, self.palette(), self.font(),
                                   self.devicePixelRatioF()))
        if rect is not None and self._press is not None:
            drag.setHotSpot(self._press.pos - rect.topLeft())
        return drag.exec(Qt.DropAction.MoveAction)

    # -- dropping an action on a day

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if action_id_from(event.mimeData()) is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if action_id_from(event.mimeData()) is None or not index.isValid():
            self._set_drop_day(None)
            event.ignore()
            return
        self._set_drop_day(self.grid_model().day_at(index))
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept(self.visualRect(index))

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_drop_day(None)
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_drop_day(None)
        index = self.indexAt(event.position().toPoint())
        action_id = action_id_from(event.mimeData())
        if action_id is None or not index.isValid():
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.moveRequested.emit(action_id, self.grid_model().day_at(index))

    def _set_drop_day(self, day: date | None) -> None:
        if self.day_delegate.drop_day != day:
            self.day_delegate.drop_day = day
            self.viewport().update()

    # -- keyboard

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier
                                 | Qt.KeyboardModifier.ShiftModifier):
            event.ignore()  # Ctrl+… belongs to the window's shortcuts, not to the grid
            return
        forward = -1 if self.layoutDirection() == Qt.LayoutDirection.RightToLeft else 1
        steps = {Qt.Key.Key_Left: -forward, Qt.Key.Key_Right: forward,
                 Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7}
        if key in steps:
            self.dayStep.emit(steps[key])
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.pageStep.emit(-1 if key == Qt.Key.Key_PageUp else 1)
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_T):
            self.todayRequested.emit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enterPressed.emit()
        else:
            event.ignore()
