"""The calendar grid: a table view of days whose delegate paints each day's chips.

Why a QTableView and a delegate rather than a widget per day or per chip: the view brings
keyboard focus, accessibility (each cell speaks its summary) and resizing for free, and a
delegate paints a busy month as a few hundred rectangles and strings in one pass, with no
widgets to create when the month changes. Chip positions come from one function, cell_layout,
used for both painting and hit-testing, so what the user clicks is what was drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from followup_desktop.services.calendar import CalendarEntry
from followup_desktop.ui.calendar.layout import (  # noqa: F401 - also imported from here
    GAP,
    HOURS,
    PAD,
    CellLayout,
    cell_layout,
    chips_that_fit,
    hour_height,
    time_layout,
)
from followup_desktop.ui.calendar_models import (
    CELL_ROLE,
    CHIPS_ROLE,
    COUNT_ROLE,
    DAY_ROLE,
    ENTRY_ROLE,
    MUTED_STATES,
    TODAY_ROLE,
    WORKING_DAY_ROLE,
    CellView,
    Chip,
    DayChips,
    GridModel,
    action_id_from,
    action_mime,
    agenda_lines,
    state_text,
)
from followup_desktop.ui.common import KIND_COLORS, tooltip

Index = QModelIndex | QPersistentModelIndex
OVERDUE_COLOR = QColor("#e53935")  # a mark on the chip's edge, readable on light and dark
MORNING = 7  # the hour the week's time grid opens at
MUTED_FILL = 0.22  # how much of the kind colour tints a done or skipped chip
CHIP_TEXT_INSET = 12  # a chip's text starts after its edge stripe and keeps off its end


# -- colours derived from the palette, so a dark system theme gets a dark calendar

def mix(a: QColor, b: QColor, share_of_a: float) -> QColor:
    s = share_of_a
    return QColor.fromRgbF(a.redF() * s + b.redF() * (1 - s), a.greenF() * s + b.greenF() * (1 - s),
                           a.blueF() * s + b.blueF() * (1 - s))


def readable_on(fill: QColor) -> QColor:
    """Black or white text, whichever reads better on `fill` (WCAG relative luminance)."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    luminance = (0.2126 * linear(fill.redF()) + 0.7152 * linear(fill.greenF())
                 + 0.0722 * linear(fill.blueF()))
    return QColor(Qt.GlobalColor.black if luminance > 0.32 else Qt.GlobalColor.white)


def kind_color(entry: CalendarEntry, palette: QPalette) -> QColor:
    return KIND_COLORS.get(entry.kind, palette.color(QPalette.ColorRole.Highlight))


def chip_lines_for(model: QAbstractItemModel) -> int:
    """Lines per chip: one in the month view, three (when, who, where) in the week view."""
    return 3 if model.rowCount() == 1 else 1


def time_zone(model: QAbstractItemModel) -> ZoneInfo | None:
    """The zone the week's time grid places chips in; None in the month view (no time grid)."""
    return model.zone if isinstance(model, GridModel) and model.rowCount() == 1 else None


def chip_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setPointSizeF(max(7.0, base.pointSizeF() * 0.92))
    return font


@dataclass(frozen=True)
class ChipFonts:
    """The chip fonts for one base font and their metrics, made once rather than per paint;
    `key` names them in what each chip keeps of its measured and elided labels."""

    key: str
    plain: QFont
    struck: QFont  # done and skipped chips
    metrics: QFontMetrics
    sample: int  # the width of a time and a short name
    height: int  # of a line, in whole pixels: for layout
    exact: tuple[float, float]  # a line's height and ascent as text layout places it

    @classmethod
    def of(cls, base: QFont) -> ChipFonts:
        plain = chip_font(base)
        struck = QFont(plain)
        struck.setStrikeOut(True)
        metrics = QFontMetrics(plain)
        exact = QFontMetricsF(plain)
        return cls(plain.key(), plain, struck, metrics,
                   metrics.horizontalAdvance("! 00:00 Abcdefgh"), metrics.height(),
                   (exact.height(), exact.ascent()))


_chip_fonts: dict[str, ChipFonts] = {}


def chip_fonts(base: QFont) -> ChipFonts:
    key = base.key()
    fonts = _chip_fonts.get(key)
    if fonts is None:
        fonts = _chip_fonts[key] = ChipFonts.of(base)
    return fonts


def label_width(chip: Chip, form: int, fonts: ChipFonts) -> int:
    key = (fonts.key, form)
    width = chip.fitted.get(key)
    if width is None:
        width = chip.fitted[key] = fonts.metrics.horizontalAdvance(chip.label(form))
    return width  # type: ignore[return-value]


def elided(chip: Chip, text: str, width: int, fonts: ChipFonts) -> str:
    """`text` (one of the chip's labels) cut to `width` with an ellipsis, measured once."""
    key = (fonts.key, text, width)
    fitted = chip.fitted.get(key)
    if fitted is None:
        fitted = chip.fitted[key] = fonts.metrics.elidedText(text, Qt.TextElideMode.ElideRight,
                                                             width)
    return fitted  # type: ignore[return-value]


def label_form(chips: tuple[Chip, ...], width: int, fonts: ChipFonts) -> int:
    """How much a cell's one-line chips say (Chip.label): the most that every chip fits, so
    a cell reads evenly; the shortest form (what and who, shortened) is elided if need be."""
    room = width - CHIP_TEXT_INSET
    for form in (0, 1):
        if all(label_width(c, form, fonts) <= room for c in chips):
            return form
    return 2


@dataclass(frozen=True)
class ChipStyle:
    """How a chip of one kind and state is filled and written, in one palette."""

    fill: QColor
    text: QColor
    edge: QColor | None  # a stripe on the leading edge: red when overdue, the kind when muted

    @classmethod
    def of(cls, chip: Chip, palette: QPalette) -> ChipStyle:
        color = kind_color(chip.entry, palette)
        edge = OVERDUE_COLOR if chip.entry.overdue else color if chip.muted else None
        if not chip.muted:
            return cls(color, readable_on(color), edge)
        text = palette.color(QPalette.ColorRole.Text)
        text.setAlphaF(0.7)
        return cls(mix(color, palette.color(QPalette.ColorRole.Base), MUTED_FILL), text, edge)


def baseline(top: float, height: float, exact: tuple[float, float]) -> float:
    """Where a line of text sits to be centred in a box: what drawing it in a rectangle with
    AlignVCenter does (`exact`: its font's QFontMetricsF height and ascent), without laying
    the text out again on every paint."""
    line_height, ascent = exact
    return top + (height - line_height) / 2 + ascent


def paint_chip(painter: QPainter, rect: QRect, chip: Chip, style: ChipStyle,
               fonts: ChipFonts, form: int = 0) -> None:
    """A rounded label in the kind's colour; done and skipped ones tinted and struck through.
    The painter's pen, brush and font are left changed: the caller saves and restores."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(style.fill)
    painter.drawRoundedRect(QRectF(rect), 3.5, 3.5)
    inset = 5
    if style.edge is not None:
        painter.setBrush(style.edge)
        painter.drawRoundedRect(QRectF(rect.left(), rect.top(), 4, rect.height()), 2, 2)
        inset = 8
    painter.setFont(fonts.struck if chip.muted else fonts.plain)
    painter.setPen(style.text)
    left, top = rect.left() + inset, rect.top() + 2
    width, height = rect.width() - inset - 4, rect.height() - 4
    room = max(1, height // fonts.height)
    if room == 1:
        painter.drawText(QPointF(left, baseline(top, height, fonts.exact)),
                         elided(chip, chip.label(form), width, fonts))
        return
    for number, line in enumerate([line for line in chip.lines if line][:room]):
        painter.drawText(QPointF(left, baseline(top + number * fonts.height, fonts.height,
                                                fonts.exact)),
                         elided(chip, line, width, fonts))
        if number == 0 and not chip.muted:  # the lines after the first a little quieter
            quieter = QColor(style.text)
            quieter.setAlphaF(0.85)
            painter.setPen(quieter)


def chip_pixmap(chip: Chip, size: QSize, palette: QPalette, font: QFont,
                ratio: float) -> QPixmap:
    """The chip as a picture to carry under the pointer while dragging (`font`: the view's)."""
    pixmap = QPixmap(size * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint_chip(painter, QRect(QPoint(0, 0), size), chip, ChipStyle.of(chip, palette),
               chip_fonts(font))
    painter.end()
    return pixmap


# -- painting a day

class PaintContext:
    """What painting the cells shares: fonts, metrics and colours of the view's font and
    palette, made once per paint of the grid rather than once per cell or chip."""

    def __init__(self, font: QFont, palette: QPalette, chip_lines: int) -> None:
        self.palette = palette
        self.chip_lines = chip_lines
        self.fonts = chip_fonts(font)
        self.number_font = QFont(font)
        exact = QFontMetricsF(font)
        self.number_exact = (exact.height(), exact.ascent())
        self.today_font = QFont(font)
        self.today_font.setBold(True)
        self.today_metrics = QFontMetrics(self.today_font)
        base = palette.color(QPalette.ColorRole.Base)
        self.base = base
        self.weekend = palette.color(QPalette.ColorRole.AlternateBase)
        # recessed: a little darker than the month, in light and dark themes
        self.other_month = base.darker(125 if base.lightness() < 128 else 106)
        self.text = palette.color(QPalette.ColorRole.Text)
        self.quiet_text = palette.color(QPalette.ColorRole.PlaceholderText)
        self.highlight = palette.color(QPalette.ColorRole.Highlight)
        self.highlighted_text = palette.color(QPalette.ColorRole.HighlightedText)
        self._styles: dict[tuple[str, bool, bool], ChipStyle] = {}

    def style(self, chip: Chip) -> ChipStyle:
        key = (chip.entry.kind, chip.muted, chip.entry.overdue)
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = ChipStyle.of(chip, self.palette)
        return style


class DayDelegate(QStyledItemDelegate):
    """Paints a day: its number (ringed when today), its chips and "+N more"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drop_day: date | None = None  # the day a drag hovers over, outlined
        self.context: PaintContext | None = None  # set by the grid while it paints
        self._layouts: dict[tuple[int, ...], tuple[DayChips, CellLayout]] = {}

    def line_height(self, option: QStyleOptionViewItem) -> int:
        return chip_fonts(option.font).height

    def layout(self, rect: QRect, cell: DayChips, line_height: int,
               chip_lines: int, zone: ZoneInfo | None = None) -> CellLayout:
        """cell_layout (time_layout in the week's time grid: `zone` given), remembered while
        the cell and its rectangle stay the same."""
        key = (id(cell), rect.x(), rect.y(), rect.width(), rect.height(), line_height,
               chip_lines, zone is not None)
        kept = self._layouts.get(key)
        if kept is not None and kept[0] is cell:
            return kept[1]
        if len(self._layouts) > 512:
            self._layouts.clear()
        layout = time_layout(rect, cell.chips, line_height, zone, cell.count) if zone \
            else cell_layout(rect, cell.chips, line_height, chip_lines, cell.count)
        self._layouts[key] = (cell, layout)
        return layout

    def layout_for(self, option: QStyleOptionViewItem, index: Index) -> CellLayout:
        view: CellView = index.data(CELL_ROLE)
        return self.layout(option.rect, view.cell, self.line_height(option),
                           chip_lines_for(index.model()), time_zone(index.model()))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        view: CellView = index.data(CELL_ROLE)
        context = self.context or PaintContext(option.font, option.palette,
                                               chip_lines_for(index.model()))
        fonts = context.fonts
        rect = option.rect
        zone = time_zone(index.model())
        layout = self.layout(rect, view.cell, fonts.height, context.chip_lines, zone)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(rect, context.other_month if not view.in_range
                         else context.base if view.working_day else context.weekend)
        self._paint_selection(painter, option, view, context)
        if zone is not None:  # the week: hour lines, the day in the header above
            paint_hour_lines(painter, rect, fonts.height, context.quiet_text)
        else:
            self._paint_number(painter, layout, view, context)
        if not view.in_range:
            painter.setOpacity(0.5)
        form = label_form(tuple(c for _, c in layout.chips), rect.width() - 2 * PAD, fonts)
        for chip_rect, chip in layout.chips:
            paint_chip(painter, chip_rect, chip, context.style(chip), fonts, form)
        if layout.more is not None:
            more = layout.more
            painter.setFont(fonts.plain)
            painter.setPen(context.text)
            painter.drawText(QPointF(more.left() + 5, baseline(more.top(), more.height(),
                                                               fonts.exact)),
                             layout.more_text)
        painter.restore()

    def _paint_selection(self, painter: QPainter, option: QStyleOptionViewItem,
                         view: CellView, context: PaintContext) -> None:
        highlight = context.highlight
        if view.selected:
            fill = QColor(highlight)
            focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
            fill.setAlphaF(0.2 if focused else 0.12)
            painter.fillRect(option.rect, fill)
        if view.today:
            painter.setPen(QPen(highlight, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(option.rect).adjusted(1.5, 1.5, -1.5, -1.5), 3, 3)
        if view.day == self.drop_day:
            pen = QPen(highlight, 2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            fill = QColor(highlight)
            fill.setAlphaF(0.12)
            painter.setBrush(fill)
            painter.drawRoundedRect(QRectF(option.rect).adjusted(2, 2, -2, -2), 4, 4)

    def _paint_number(self, painter: QPainter, layout: CellLayout, view: CellView,
                      context: PaintContext) -> None:
        day = view.day
        text = str(day.day) if day.day != 1 else f"{day.day} {day.strftime('%b')}"
        rect = layout.number
        if view.today:  # the number in a filled pill of the highlight colour, like most calendars
            painter.setFont(context.today_font)
            width = max(context.today_metrics.horizontalAdvance(text) + 10, rect.height() + 2)
            pill = QRectF(rect.left(), rect.top() - 1, width, rect.height() + 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(context.highlight)
            painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
            painter.setPen(context.highlighted_text)
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
            return
        painter.setFont(context.number_font)
        painter.setPen(context.text if view.in_range else context.quiet_text)
        painter.drawText(QPointF(rect.left() + 4, baseline(rect.top(), rect.height(),
                                                           context.number_exact)), text)

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView,
                  option: QStyleOptionViewItem, index: Index) -> bool:
        """Each chip has its own tooltip; "+N more" lists what it hides."""
        if event.type() != QEvent.Type.ToolTip or not index.isValid():
            return super().helpEvent(event, view, option, index)
        layout = view.layout_of(index.data(DAY_ROLE)) if isinstance(view, CalendarGrid) \
            else None
        layout = layout or self.layout_for(option, index)
        for rect, chip in layout.chips:
            if rect.contains(event.pos()):
                QToolTip.showText(event.globalPos(), chip.tip, view, rect)
                return True
        if layout.more is not None and layout.more.contains(event.pos()):
            chips = index.data(CHIPS_ROLE) or ()
            lines = [c.text for c in chips[len(layout.chips):]]
            unread = (index.data(COUNT_ROLE) or 0) - len(chips)
            if unread > 0:  # only a day's first items are read for the grid
                lines.append(f"and {unread} more: select the day to see them all")
            QToolTip.showText(event.globalPos(), tooltip(lines), view, layout.more)
            return True
        QToolTip.hideText()
        return True


class HourHeader(QHeaderView):
    """The week's hours down the side, beside the line each one starts at."""

    def __init__(self, hour: int, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.hour = hour
        self.setSectionsClickable(False)
        self.setHighlightSections(False)

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("00:00") + 12, super().sizeHint()
                     .height())

    def paintSection(self, painter: QPainter, rect: QRect, section: int) -> None:
        palette = self.palette()
        painter.save()
        painter.fillRect(rect, palette.color(QPalette.ColorRole.Window))
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        line = self.fontMetrics().height()
        for hour in range(1, HOURS):
            top = rect.top() + hour * self.hour - line // 2
            painter.drawText(QRect(rect.left(), top, rect.width() - 6, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"{hour:02d}:00")
        painter.restore()


def paint_hour_lines(painter: QPainter, rect: QRect, line_height: int, color: QColor) -> None:
    """A faint line at each hour of a day column of the week's time grid."""
    hour = hour_height(line_height)
    pen = QColor(color)
    pen.setAlphaF(0.35)
    painter.setPen(pen)
    for each in range(1, HOURS):
        y = rect.top() + each * hour
        painter.drawLine(rect.left(), y, rect.right(), y)


class WeekdayHeader(QHeaderView):
    """Weekday names above the columns, flat like a calendar's, not like a table's."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(False)
        self.setHighlightSections(False)
        self.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.fontMetrics().height() + 10)

    def paintSection(self, painter: QPainter, rect: QRect, section: int) -> None:
        model = self.model()
        if model is None:
            return
        palette = self.palette()
        painter.save()
        painter.fillRect(rect, palette.color(QPalette.ColorRole.Window))
        today = bool(model.headerData(section, Qt.Orientation.Horizontal, TODAY_ROLE))
        working = bool(model.headerData(section, Qt.Orientation.Horizontal, WORKING_DAY_ROLE))
        font = QFont(self.font())
        font.setBold(today)
        painter.setFont(font)
        role = QPalette.ColorRole.Highlight if today else (
            QPalette.ColorRole.WindowText if working else QPalette.ColorRole.PlaceholderText)
        painter.setPen(palette.color(role))
        text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()


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

