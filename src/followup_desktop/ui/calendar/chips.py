"""A chip's colours, fonts and painting, from the palette and the view's font (a dark theme
gets a dark calendar); measured labels are kept on the chip."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
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
    QPainter,
    QPalette,
    QPixmap,
)

from followup_desktop.services.views.calendar import CalendarEntry
from followup_desktop.ui.calendar.models import Chip, GridModel
from followup_desktop.ui.widgets.common import KIND_COLORS

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
