"""The calendar page's panels, built (the page wires them): the header (today, paging, the
period shown, month or week), the colour legend, the selected day's agenda and the message
bar."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.ui.calendar.agenda import AgendaView
from followup_desktop.ui.calendar.navigation import MONTH
from followup_desktop.ui.widgets.common import KIND_COLORS, plain_label, set_error_style

if TYPE_CHECKING:
    from followup_desktop.ui.calendar.page import CalendarPage

LEGEND = (("interview", "Interview"), ("thank_you", "Thank-you"),
          ("keep_in_touch", "Keep in touch"), ("ask_about_decision", "Ask about the decision"),
          ("decision_check", "Decision check"))


def quiet(label: QLabel) -> QLabel:
    """Secondary text: the palette's placeholder colour, still enabled for screen readers."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText,
                     palette.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(palette)
    return label


def _swatch(color: QColor, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return pixmap


def make_header(page: CalendarPage) -> QHBoxLayout:
    page.today_button = QPushButton("&Today", page)
    page.today_button.setAccessibleName("Go to today")
    page.today_button.setToolTip("Go to today (Home or T)")
    page.previous_button = _arrow(page, Qt.ArrowType.LeftArrow)
    page.next_button = _arrow(page, Qt.ArrowType.RightArrow)
    page.title_label = plain_label("", page)
    page.title_label.setObjectName("pageHeading")
    page.title_label.setAccessibleName("Shown period")
    font = QFont(page.title_label.font())
    font.setPointSizeF(font.pointSizeF() * 1.45)
    font.setBold(True)
    page.title_label.setFont(font)
    page.month_button = _segment(page, "&Month", "Month view")
    page.week_button = _segment(page, "&Week", "Week view")
    page.month_button.setChecked(True)
    page.mode_group = QButtonGroup(page)
    page.mode_group.setExclusive(True)
    page.mode_group.addButton(page.month_button)
    page.mode_group.addButton(page.week_button)
    segments = QHBoxLayout()
    segments.setSpacing(0)
    segments.addWidget(page.month_button)
    segments.addWidget(page.week_button)
    header = QHBoxLayout()
    header.addWidget(page.today_button)
    header.addSpacing(4)
    header.addWidget(page.previous_button)
    header.addWidget(page.next_button)
    header.addSpacing(12)
    header.addWidget(page.title_label)
    header.addStretch(1)
    header.addLayout(segments)
    return header


def _arrow(page: CalendarPage, arrow: Qt.ArrowType) -> QToolButton:
    button = QToolButton(page)
    button.setArrowType(arrow)
    button.setIconSize(QSize(12, 12))
    button.setFixedHeight(page.today_button.sizeHint().height())
    button.setMinimumWidth(button.height())
    return button


def _segment(page: CalendarPage, text: str, accessible: str) -> QPushButton:
    button = QPushButton(text, page)
    button.setCheckable(True)
    button.setAccessibleName(accessible)
    button.setToolTip(accessible)
    button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return button


def show_period(page: CalendarPage, mode: str, first: date, days: int, month: date,
                locale: QLocale) -> None:
    """The header's title, and its paging buttons' names, for the span shown."""
    if mode == MONTH:
        name = locale.standaloneMonthName(month.month)
        page.title_label.setText(f"{name} {month.year}")
        unit = "month"
    else:
        last = first + timedelta(days=days - 1)
        start = f"{first.day} {locale.monthName(first.month)}"
        if first.year != last.year:
            start += f" {first.year}"
        elif first.month == last.month:
            start = str(first.day)
        end = f"{last.day} {locale.monthName(last.month)} {last.year}"
        page.title_label.setText(f"{start} – {end}")
        unit = "week"
    for button, direction, key in ((page.previous_button, "Previous", "PageUp"),
                                   (page.next_button, "Next", "PageDown")):
        button.setAccessibleName(f"{direction} {unit}")
        button.setToolTip(f"{direction} {unit} ({key})")


def make_legend(page: CalendarPage) -> QHBoxLayout:
    legend = QHBoxLayout()
    legend.setContentsMargins(2, 4, 2, 0)
    size = page.fontMetrics().height() - 4
    for kind, text in LEGEND:
        swatch = QLabel(page)
        swatch.setPixmap(_swatch(KIND_COLORS[kind], size))
        swatch.setAccessibleName(f"{text} colour")
        legend.addWidget(swatch)
        label = plain_label(text, page)
        legend.addWidget(label)
        legend.addSpacing(10)
    legend.addStretch(1)
    return legend


def make_agenda(page: CalendarPage) -> QWidget:
    box = QWidget(page)
    page.day_label = plain_label("", box)
    font = QFont(page.day_label.font())
    font.setPointSizeF(font.pointSizeF() * 1.15)
    font.setBold(True)
    page.day_label.setFont(font)
    page.day_label.setAccessibleName("Selected day")
    page.day_summary = quiet(plain_label("", box))
    page.agenda = AgendaView(box)
    page.agenda.setModel(page.agenda_model)
    page.agenda.setAccessibleName("Day agenda")
    page.agenda_empty = quiet(plain_label("", box))
    page.agenda_empty.setWordWrap(True)
    page.agenda_empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
    page.agenda_empty.setContentsMargins(12, 24, 12, 12)
    page.agenda_pages = QStackedWidget(box)
    page.agenda_pages.addWidget(page.agenda)
    page.agenda_pages.addWidget(page.agenda_empty)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 0, 0, 0)
    layout.addWidget(page.day_label)
    layout.addWidget(page.day_summary)
    layout.addWidget(page.agenda_pages, 1)
    hint = quiet(plain_label("Click an item to open it. Drag a follow-up to another day "
                             "to move it.", box))
    hint.setWordWrap(True)
    layout.addWidget(hint)
    box.setMinimumWidth(220)
    return box


def empty_agenda_text(mode: str, loading: bool, span_has_entries: bool) -> str:
    """What the agenda says of a day with nothing on it."""
    if loading and not span_has_entries:
        return "Loading…"
    if span_has_entries:
        return "Nothing on this day.\n\nDrag a follow-up here from another day to move it."
    period = "month" if mode == MONTH else "week"
    return (f"Nothing this {period}.\n\nAdd an interview you had: its thank-you notes, "
            "keep-in-touch touches and decision check appear here.")


def make_status_bar(page: CalendarPage) -> QWidget:
    bar = QWidget(page)
    page.status_icon = QLabel(bar)
    page.status_label = plain_label("", bar)
    page.status_label.setWordWrap(True)
    page.status_label.setAccessibleName("Calendar message")
    page.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    dismiss = QToolButton(bar)
    dismiss.setIcon(page.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
    dismiss.setAutoRaise(True)
    dismiss.setAccessibleName("Dismiss message")
    dismiss.setToolTip("Dismiss")
    dismiss.clicked.connect(lambda: page.status_bar.hide())
    layout = QHBoxLayout(bar)
    layout.setContentsMargins(4, 2, 4, 2)
    layout.addWidget(page.status_icon, 0, Qt.AlignmentFlag.AlignTop)
    layout.addWidget(page.status_label, 1)
    layout.addWidget(dismiss, 0, Qt.AlignmentFlag.AlignTop)
    page.status_bar = bar
    bar.hide()
    return bar


def say(page: CalendarPage, text: str, error: bool = False, warning: bool = False) -> None:
    """A message in the page's message bar, with an icon for how it went."""
    page.status_label.setText(text)
    page.status_label.setPalette(page.palette())
    if error:
        set_error_style(page.status_label)
    icon = (QStyle.StandardPixmap.SP_MessageBoxCritical if error
            else QStyle.StandardPixmap.SP_MessageBoxWarning if warning
            else QStyle.StandardPixmap.SP_MessageBoxInformation)
    size = page.fontMetrics().height()
    page.status_icon.setPixmap(QIcon(page.style().standardIcon(icon)).pixmap(size, size))
    page.status_bar.show()
