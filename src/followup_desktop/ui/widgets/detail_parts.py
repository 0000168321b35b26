"""Widgets the applications and contacts pages share: headings, badges, link-like buttons,
label/value forms, initials avatars and relative times.

Everything here shows data as plain text: labels are PlainText, buttons get their "&" doubled
(a button would take "Fjord & Pine" as a keyboard mnemonic), and avatars are painted.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QWidget,
)

from followup_desktop.ui.theme import readable_mix
from followup_desktop.ui.widgets.common import plain_label, tooltip

EMPTY_VALUE = "—"


def muted_color(palette: QPalette) -> QColor:
    """Secondary text: the text colour part-way to the background, never below WCAG AA's
    4.5:1 against it, in light and dark palettes."""
    return readable_mix(palette.color(QPalette.ColorRole.WindowText),
                        [palette.color(QPalette.ColorRole.Window)])


def set_muted(label: QLabel) -> QLabel:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, muted_color(palette))
    label.setPalette(palette)
    return label


def scaled_font(base: QFont, scale: float, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * scale)
    font.setBold(bold)
    return font


def title_label(text: str = "", parent: QWidget | None = None, scale: float = 1.45) -> QLabel:
    label = plain_label(text, parent)
    label.setFont(scaled_font(label.font(), scale, bold=True))
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def section_label(text: str, parent: QWidget | None = None) -> QLabel:
    """A section heading inside a detail pane, such as "Interviews"."""
    label = plain_label(text, parent)
    label.setFont(scaled_font(label.font(), 1.1, bold=True))
    label.setContentsMargins(0, 10, 0, 2)
    return label


def value_label(parent: QWidget | None = None) -> QLabel:
    """The value half of a label/value row: plain, wrapping, selectable for copying."""
    label = plain_label("", parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label


def set_value(label: QLabel, text: str, empty: str = EMPTY_VALUE) -> None:
    label.setText(text or empty)
    label.setAccessibleName(text or "none")


class FactsForm(QFormLayout):
    """Label/value rows with muted labels, the way a properties panel reads."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.setHorizontalSpacing(16)
        self.setVerticalSpacing(6)

    def add(self, caption: str, parent: QWidget) -> QLabel:
        name = set_muted(plain_label(caption, parent))
        value = value_label(parent)
        name.setBuddy(value)
        self.addRow(name, value)
        return value


def url_field(parent: QWidget | None = None) -> QLineEdit:
    """A web address shown as plain, selectable text; a long one scrolls instead of
    widening the pane. Never a clickable link: it came from data."""
    field = QLineEdit(parent)
    field.setReadOnly(True)
    field.setFrame(False)
    field.setStyleSheet("QLineEdit { background: transparent; padding: 0px; }")
    return field


def button_text(text: str) -> str:
    """Data shown on a button, literally: a single "&" would become a mnemonic."""
    return text.replace("&", "&&")


class LinkButton(QPushButton):
    """A flat, link-coloured button that opens a record; reachable by Tab, pressed by Space."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.setStyleSheet("QPushButton { color: palette(link); border: none; padding: 1px 2px;"
                           " text-align: left; }"
                           "QPushButton:hover { text-decoration: underline; }")
        self.set_data_text(text)

    def set_data_text(self, text: str) -> None:
        self.setText(button_text(text))
        self.setAccessibleName(text)

    def data_text(self) -> str:
        return self.text().replace("&&", "&")


class ElidedLabel(QLabel):
    """One line of plain text that shrinks with an ellipsis instead of wrapping or widening
    its pane; text() keeps the whole text and the tooltip shows it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setAccessibleDescription(text)
        self.setToolTip(tooltip([text]) if text else "")

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.fontMetrics().horizontalAdvance("Mm…") * 2),
                     hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                              rect.width())
        self.style().drawItemText(painter, rect, int(self.alignment()), self.palette(),
                                  self.isEnabled(), shown, self.foregroundRole())
        painter.end()


class Badge(QLabel):
    """A small rounded tag, such as "✓ verified from LinkedIn profile" or "unverified"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.set_state("", positive=False)

    def set_state(self, text: str, positive: bool) -> None:
        self.setText(text)
        self.setAccessibleName(text)
        # Palette roles, not colours: the badge follows a light or dark system theme.
        role = "highlight" if positive else "dark"
        text_role = "highlight" if positive else "window-text"
        style = "solid" if positive else "dashed"
        self.setStyleSheet(f"QLabel {{ border: 1px {style} palette({role}); border-radius: 8px;"
                           f" padding: 0px 7px; color: palette({text_role}); }}")


class FlowRow(QLayout):
    """Widgets side by side while they fit, wrapping onto the next line when the pane is too
    narrow (a name and its badge, a heading and its buttons), so nothing is cut off and the
    pane never has to scroll sideways. `stretch_first` lets the first item take the room left
    on its line (a heading before buttons pushed to the right)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 8,
                 stretch_first: bool = False) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch_first = stretch_first
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        shown = self._shown()
        width = sum(i.sizeHint().width() for i in shown) + self.spacing() * max(len(shown) - 1, 0)
        return QSize(width, max((i.sizeHint().height() for i in shown), default=0))

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        return size

    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if not (i.widget() and i.widget().isHidden())]

    def _place(self, rect: QRect, move: bool) -> int:
        """Lay the items out in lines within `rect`; the height used."""
        lines: list[list[QLayoutItem]] = [[]]
        x = 0
        for item in self._shown():
            width = item.sizeHint().width()
            if lines[-1] and x + width > rect.width():
                lines.append([])
                x = 0
            lines[-1].append(item)
            x += width + self.spacing()
        y = rect.y()
        for line in lines:
            height = max((i.sizeHint().height() for i in line), default=0)
            x = rect.x()
            for number, item in enumerate(line):
                width = min(item.sizeHint().width(), rect.width())
                if number == 0 and self._stretch_first and len(line) > 1:
                    rest = sum(i.sizeHint().width() + self.spacing() for i in line[1:])
                    width = max(width, rect.width() - rest)
                if move:
                    top = y + (height - item.sizeHint().height()) // 2
                    item.setGeometry(QRect(QPoint(x, top),
                                           QSize(width, item.sizeHint().height())))
                x += width + self.spacing()
            y += height + self.spacing()
        return max(y - rect.y() - self.spacing(), 0)


def scroll_area(content: QWidget, parent: QWidget | None = None) -> QScrollArea:
    area = QScrollArea(parent)
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    # Content fits the width it is given; only an unbreakable word wider than the pane
    # (a pasted URL as a name) brings a sideways scroll bar rather than being cut off.
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    return area


def separator(parent: QWidget | None = None) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Plain)
    line.setForegroundRole(QPalette.ColorRole.Mid)  # a quiet rule in light and dark themes
    return line


def initials(name: str) -> str:
    words = [w for w in name.split() if w[:1].isalnum()]
    if not words:
        return "?"
    first = words[0][0]
    last = words[-1][0] if len(words) > 1 else ""
    return (first + last).upper()


def avatar(name: str, size: int, palette: QPalette, company: bool = False,
           ratio: float = 1.0) -> QPixmap:
    """Initials on a circle (a person) or a rounded square (a company), in palette colours."""
    pixmap = QPixmap(QSize(size, size) * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    group = QPalette.ColorGroup.Active
    fill = palette.color(group, QPalette.ColorRole.Mid if company
                         else QPalette.ColorRole.Highlight)
    ink = palette.color(group, QPalette.ColorRole.BrightText if company
                        else QPalette.ColorRole.HighlightedText)
    if company and abs(fill.lightness() - ink.lightness()) < 90:
        ink = palette.color(group, QPalette.ColorRole.Window)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    box = QRectF(0.5, 0.5, size - 1, size - 1)
    if company:
        painter.drawRoundedRect(box, size * 0.22, size * 0.22)
    else:
        painter.drawEllipse(box)
    font = QFont()
    font.setPixelSize(max(8, round(size * 0.4)))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(ink)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, initials(name))
    painter.end()
    return pixmap


def avatar_icon(name: str, size: int, palette: QPalette, company: bool = False) -> QIcon:
    return QIcon(avatar(name, size, palette, company, ratio=2.0))


def relative_time(at: datetime, now: datetime) -> str:
    """How long ago (or how soon) `at` is: "just now", "3 hours ago", "in 2 days"."""
    seconds = (now - at).total_seconds()
    future = seconds < 0
    seconds = abs(seconds)
    if seconds < 60:
        return "just now"
    unit, count = "year", int(seconds // (86_400 * 365))
    for limit, name, size in ((3600, "minute", 60), (86_400, "hour", 3600),
                              (86_400 * 14, "day", 86_400), (86_400 * 61, "week", 86_400 * 7),
                              (86_400 * 730, "month", 86_400 * 30)):
        if seconds < limit:
            unit, count = name, int(seconds // size)
            break
    phrase = f"{count} {unit}" + ("" if count == 1 else "s")
    return f"in {phrase}" if future else f"{phrase} ago"


# Days without a leading zero ("Fri 6 Nov"); strftime's "%-d" is not portable.
def long_when(instant: datetime, zone: ZoneInfo) -> str:
    """A local date and time with the year, such as 'Wed 25 Nov 2026, 15:00'."""
    local = instant.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"


def long_day(instant: datetime, zone: ZoneInfo) -> str:
    """A local date with the year, such as '25 Nov 2026'."""
    local = instant.astimezone(zone)
    return f"{local.day} {local:%b %Y}"


def long_date(day: date) -> str:
    """A calendar date, such as 'Mon 23 Nov 2026'."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def side_by_side(parent: QWidget, left: QWidget, right: QWidget,
                 shares: tuple[int, int]) -> QSplitter:
    """A page's two panes (a list and what is selected in it), sharing the width by `shares`;
    neither can be dragged shut."""
    splitter = QSplitter(Qt.Orientation.Horizontal, parent)
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(left)
    splitter.addWidget(right)
    for index, share in enumerate(shares):
        splitter.setStretchFactor(index, share)
    return splitter
