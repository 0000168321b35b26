"""Painting a day cell (its number or hour lines, its chips, "+N more") and the headers: the
weekday names above, the hours of the week's time grid down the side."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QHelpEvent,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from followup_desktop.ui.calendar.chips import (
    ChipStyle,
    baseline,
    chip_fonts,
    chip_lines_for,
    label_form,
    paint_chip,
    time_zone,
)
from followup_desktop.ui.calendar.layout import (
    HOURS,
    PAD,
    CellLayout,
    cell_layout,
    hour_height,
    time_layout,
)
from followup_desktop.ui.calendar.models import CellView, Chip, DayChips
from followup_desktop.ui.calendar.text import (
    CELL_ROLE,
    CHIPS_ROLE,
    COUNT_ROLE,
    DAY_ROLE,
    TODAY_ROLE,
    WORKING_DAY_ROLE,
)
from followup_desktop.ui.widgets.common import tooltip

Index = QModelIndex | QPersistentModelIndex
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
        layout_of = getattr(view, "layout_of", None)  # the CalendarGrid's, which knows its cells
        layout = layout_of(index.data(DAY_ROLE)) if layout_of is not None \
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
