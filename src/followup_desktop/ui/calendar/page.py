"""The calendar page: a month (or week) of interviews and follow-ups, and the selected day's agenda.

Only what the grid shows is read, off the GUI thread: per day how many items it holds and the
chips of the first few that fit (services.calendar.summary); a busy day's agenda reads its items
page by page as it is scrolled. Reads go through one queue (calendar_reads.ReadQueue): the span
shown alone (a read ahead under way is stopped for it), then, once the grid has painted it, the
spans one and two steps either way, so that paging finds them read (on the page's first read,
with nothing kept, those follow it at once). Reads are kept with the calendar's data version
(services.calendar.data_version: it changes with a commit elsewhere or a change here to what
the calendar reads, not with a saved setting): a switch to a span read before is served at
once, in the click, while that version holds and no item it shows has turned overdue.
Otherwise the kept cells stay on screen meanwhile, but `loaded` waits for the current ones.
"""

from __future__ import annotations

import calendar as pycalendar
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QLocale, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.views import calendar
from followup_desktop.services.views.calendar import INTERVIEW, CalendarEntry
from followup_desktop.ui.background.worker import Loader
from followup_desktop.ui.calendar.agenda import AgendaView
from followup_desktop.ui.calendar.chips import chip_fonts, chip_lines_for
from followup_desktop.ui.calendar.grid import CalendarGrid
from followup_desktop.ui.calendar.layout import chips_that_fit
from followup_desktop.ui.calendar.models import AgendaModel, DayChips, GridModel, cells_for
from followup_desktop.ui.calendar.reads import ReadQueue
from followup_desktop.ui.calendar.text import chip_text
from followup_desktop.ui.widgets.common import KIND_COLORS, plain_label, set_error_style

MONTH, WEEK = "month", "week"
MONTH_WEEKS = 6  # a fixed six rows, so the grid does not jump as months change
# Chips read per day: as many as a day cell shows, at least this many, in steps of it (so a
# small resize keeps what was read); "+N more" counts the rest.
CHIPS_STEP = 4
WEEK_CHIPS = 48  # a day of the week's time grid: beyond this many, "+N" and the agenda
CACHED_SPANS = 12
CACHED_DAYS = 8
LEGEND = (("interview", "Interview"), ("thank_you", "Thank-you"),
          ("keep_in_touch", "Keep in touch"), ("ask_about_decision", "Ask about the decision"),
          ("decision_check", "Decision check"))
Span = tuple[date, int]  # first day shown, number of days
Token = tuple[int, int, tuple[int, ...]]  # generation, chips a day, data version
Cells = dict[date, DayChips]
T = TypeVar("T")


@dataclass(frozen=True)
class Read(Generic[T]):
    """What a background read brought, and what tells whether it is still current."""

    value: T
    version: tuple[int, ...]  # the calendar's data version before the read began
    stale_after: datetime | None  # a shown item turns overdue after this instant
    limit: int = 0  # chips read per day (span reads)


def remember(cache: OrderedDict[T, Read], key: T, read: Read, size: int) -> None:
    cache[key] = read
    cache.move_to_end(key)
    while len(cache) > size:
        cache.popitem(last=False)


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, clamped to the month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = pycalendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def week_start(day: date, first_weekday: int) -> date:
    """The first day (Python weekday `first_weekday`) of the week that holds `day`."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def relative_day(day: date, today: date) -> str:
    """"Today", "Tomorrow", "In 3 days", "5 days ago"; far-off days get their year."""
    offset = (day - today).days
    named = {0: "Today", 1: "Tomorrow", -1: "Yesterday"}
    if offset in named:
        return named[offset]
    if abs(offset) <= 30:
        return f"In {offset} days" if offset > 0 else f"{-offset} days ago"
    return str(day.year)


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


class CalendarPage(QWidget):
    openApplication = Signal(int)
    openAction = Signal(int)
    dataChanged = Signal()
    undoOffered = Signal()  # a follow-up was moved: the window offers its undo (Ctrl+Z)
    loaded = Signal()  # the visible span's entries arrived (tests and the status bar use it)

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._spans: OrderedDict[Span, Read[Cells]] = OrderedDict()
        self._days: OrderedDict[date, Read[calendar.DaySummary]] = OrderedDict()
        self._waiting: Span | None = None  # the shown span, until its current cells are in
        self._reads = ReadQueue(backend, self)  # of spans: the shown one, the ones around
        self._reads.arrived.connect(self._span_read)
        self._direction = 1  # the way the user last paged: read ahead that way first
        self._ahead_due = False  # read ahead once the grid has painted the span shown
        self._more_due = 0  # rows the agenda asked for meanwhile
        self._shown: Span | None = None  # the span whose cells the grid holds
        self._generation = 0  # reads begun before the last `_forget` are dropped
        self._day_loader = Loader(backend, self)
        self._day_loader.failed.connect(self._show_failure)
        self._day_reading: tuple[date, int] | None = None  # the agenda's read under way
        self._stale = True
        self._sized = False
        self._mode = MONTH
        locale = QLocale()
        self._locale = locale
        self._first_weekday = locale.firstDayOfWeek().value - 1  # Python counts Monday as 0
        self._read_rules()
        self._selected = self._today
        self._month = self._today.replace(day=1)
        self.grid_model = GridModel(self)
        self.agenda_model = AgendaModel(self)
        self._build()
        self._show_span()

    # -- public API

    def show_month(self, year: int, month: int) -> None:
        """Show a month. The selection moves to the same day of it (the last day of a shorter
        month); the week view shows that day's week."""
        day = min(self._selected.day, pycalendar.monthrange(year, month)[1])
        self._select(date(year, month, day), follow=True)

    def selected_day(self) -> date:
        return self._selected

    def go_to_today(self) -> None:
        self._read_today()
        self._select(self._today, follow=True)

    def select_day(self, day: date) -> None:
        self._select(day, follow=True)

    def view_mode(self) -> str:
        return self._mode

    def set_view_mode(self, mode: str) -> None:
        if mode not in (MONTH, WEEK):
            raise ValueError(f"unknown calendar view {mode!r}")
        if mode == self._mode:
            return
        self._mode = mode
        (self.month_button if mode == MONTH else self.week_button).setChecked(True)
        self._month = self._selected.replace(day=1)
        self._show_span()

    def title(self) -> str:
        return self.title_label.text()

    def status_text(self) -> str:
        return self.status_label.text() if self.status_bar.isVisible() else ""

    @Slot()
    def refresh(self) -> None:
        """Data changed somewhere: show the visible days as they are now (the grid keeps what
        it shows until then). What was read is kept while the calendar's data version says it
        is current (a saved setting leaves it so); a new time zone forgets it (the working
        week is the grid's, not the reads')."""
        zone = self._zone
        self._read_rules()
        if self._zone != zone:
            self._forget()
        self._show_span()

    # -- building

    def _build(self) -> None:
        self.grid = CalendarGrid(self.grid_model, self)
        self.grid.setAccessibleName("Calendar")
        self.grid.dayClicked.connect(lambda day: self._select(day, follow=False))
        self.grid.chipActivated.connect(self._open)
        self.grid.moveRequested.connect(self.move_action)
        self.grid.dayStep.connect(lambda days: self._select(
            self._selected + timedelta(days=days), follow=True))
        self.grid.pageStep.connect(self._page)
        self.grid.todayRequested.connect(self.go_to_today)
        self.grid.enterPressed.connect(self._enter_agenda)
        self.grid.resized.connect(self._grid_resized)
        self.grid.painted.connect(self._grid_painted)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.grid, 1)
        left_layout.addLayout(self._make_legend())
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self._make_agenda())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addLayout(self._make_header())
        layout.addWidget(self._make_status_bar())
        layout.addWidget(splitter, 1)
        self.setFocusProxy(self.grid)

    def _make_header(self) -> QHBoxLayout:
        self.today_button = QPushButton("&Today", self)
        self.today_button.setAccessibleName("Go to today")
        self.today_button.setToolTip("Go to today (Home or T)")
        self.today_button.clicked.connect(self.go_to_today)
        self.previous_button = self._arrow(Qt.ArrowType.LeftArrow, lambda: self._page(-1))
        self.next_button = self._arrow(Qt.ArrowType.RightArrow, lambda: self._page(1))
        self.title_label = plain_label("", self)
        self.title_label.setObjectName("pageHeading")
        self.title_label.setAccessibleName("Shown period")
        font = QFont(self.title_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        self.title_label.setFont(font)
        self.month_button = self._segment("&Month", "Month view", MONTH)
        self.week_button = self._segment("&Week", "Week view", WEEK)
        self.month_button.setChecked(True)
        self.mode_group = QButtonGroup(self)
        self.mode_group.setExclusive(True)
        self.mode_group.addButton(self.month_button)
        self.mode_group.addButton(self.week_button)
        segments = QHBoxLayout()
        segments.setSpacing(0)
        segments.addWidget(self.month_button)
        segments.addWidget(self.week_button)
        header = QHBoxLayout()
        header.addWidget(self.today_button)
        header.addSpacing(4)
        header.addWidget(self.previous_button)
        header.addWidget(self.next_button)
        header.addSpacing(12)
        header.addWidget(self.title_label)
        header.addStretch(1)
        header.addLayout(segments)
        return header

    def _arrow(self, arrow: Qt.ArrowType, slot: object) -> QToolButton:
        button = QToolButton(self)
        button.setArrowType(arrow)
        button.setIconSize(QSize(12, 12))
        button.setFixedHeight(self.today_button.sizeHint().height())
        button.setMinimumWidth(button.height())
        button.clicked.connect(slot)
        return button

    def _segment(self, text: str, accessible: str, mode: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setCheckable(True)
        button.setAccessibleName(accessible)
        button.setToolTip(accessible)
        button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        button.toggled.connect(lambda on: on and self.set_view_mode(mode))
        return button

    def _make_legend(self) -> QHBoxLayout:
        legend = QHBoxLayout()
        legend.setContentsMargins(2, 4, 2, 0)
        size = self.fontMetrics().height() - 4
        for kind, text in LEGEND:
            swatch = QLabel(self)
            swatch.setPixmap(_swatch(KIND_COLORS[kind], size))
            swatch.setAccessibleName(f"{text} colour")
            legend.addWidget(swatch)
            label = plain_label(text, self)
            legend.addWidget(label)
            legend.addSpacing(10)
        legend.addStretch(1)
        return legend

    def _make_agenda(self) -> QWidget:
        box = QWidget(self)
        self.day_label = plain_label("", box)
        font = QFont(self.day_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.day_label.setFont(font)
        self.day_label.setAccessibleName("Selected day")
        self.day_summary = quiet(plain_label("", box))
        self.agenda = AgendaView(box)
        self.agenda.setModel(self.agenda_model)
        self.agenda_model.moreWanted.connect(self._agenda_wants_more)
        self.agenda.setAccessibleName("Day agenda")
        self.agenda.entryActivated.connect(self._open)
        self.agenda.leaveRequested.connect(lambda: self.grid.setFocus(
            Qt.FocusReason.OtherFocusReason))
        self.agenda_empty = quiet(plain_label("", box))
        self.agenda_empty.setWordWrap(True)
        self.agenda_empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.agenda_empty.setContentsMargins(12, 24, 12, 12)
        self.agenda_pages = QStackedWidget(box)
        self.agenda_pages.addWidget(self.agenda)
        self.agenda_pages.addWidget(self.agenda_empty)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self.day_label)
        layout.addWidget(self.day_summary)
        layout.addWidget(self.agenda_pages, 1)
        hint = quiet(plain_label("Click an item to open it. Drag a follow-up to another day "
                                 "to move it.", box))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        box.setMinimumWidth(220)
        return box

    def _make_status_bar(self) -> QWidget:
        bar = QWidget(self)
        self.status_icon = QLabel(bar)
        self.status_label = plain_label("", bar)
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName("Calendar message")
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        dismiss = QToolButton(bar)
        dismiss.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
        dismiss.setAutoRaise(True)
        dismiss.setAccessibleName("Dismiss message")
        dismiss.setToolTip("Dismiss")
        dismiss.clicked.connect(lambda: self.status_bar.hide())
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.status_icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.status_label, 1)
        layout.addWidget(dismiss, 0, Qt.AlignmentFlag.AlignTop)
        self.status_bar = bar
        bar.hide()
        return bar

    # -- navigation

    def _read_rules(self) -> None:
        rules = self._backend.rules()
        self._rules = rules
        self._zone: ZoneInfo = rules.zone
        self._working_days = rules.working_days
        self._read_today()

    def _read_today(self) -> None:
        self._today = self._backend.clock.now().astimezone(self._zone).date()

    def _page(self, step: int) -> None:
        self._direction = 1 if step > 0 else -1
        if self._mode == WEEK:
            self._select(self._selected + timedelta(days=7 * step), follow=True)
        else:
            moved = add_months(self._month, step)
            self.show_month(moved.year, moved.month)

    def _select(self, day: date, follow: bool) -> None:
        """Select a day; with `follow`, bring its month (or week) on screen if it is not."""
        self._selected = day
        if self._mode == MONTH and follow and day.replace(day=1) != self._month:
            self._month = day.replace(day=1)
        if self._span() != (self.grid_model.first_day, self.grid_model.day_count) \
                or not self.grid_model.contains(day):
            self._show_span()  # selects the day and shows its agenda too
            return
        self.grid_model.set_selected(day)
        self.grid.setCurrentIndex(self.grid_model.index_of(day))
        self._show_agenda()

    def _span(self) -> Span:
        return self._span_of(self._month, self._selected)

    def _span_of(self, month: date, selected: date) -> Span:
        if self._mode == WEEK:
            return week_start(selected, self._first_weekday), 7
        return week_start(month, self._first_weekday), MONTH_WEEKS * 7

    def _chips_wanted(self) -> int:
        """Chips to read per day: what a day cell of the grid shows at its present size (the
        week's time grid shows a day's every item, up to WEEK_CHIPS)."""
        if self._mode == WEEK:
            return WEEK_CHIPS
        rows = self.grid_model.rowCount() or 1
        lines = chip_lines_for(self.grid_model)
        fits = chips_that_fit(self.grid.viewport().height() // rows,
                              chip_fonts(self.grid.font()).metrics.height(), lines)
        return max(1, -(-fits // CHIPS_STEP)) * CHIPS_STEP

    def _neighbours(self) -> list[Span]:
        """The spans one and two steps forth and back, the way the user last paged first:
        what the next page keys or clicks will show."""
        ahead = self._direction
        steps = (ahead, -ahead, 2 * ahead, -2 * ahead)
        if self._mode == WEEK:
            return [self._span_of(self._month, self._selected + timedelta(days=7 * n))
                    for n in steps]
        return [self._span_of(add_months(self._month, n), self._selected) for n in steps]

    def _show_span(self) -> None:
        first, days = key = self._span()
        self._read_today()
        self.grid_model.set_days(first, days // 7, self._month.month if self._mode == MONTH
                                 else None, self._today, self._working_days)
        self.grid.set_time_grid(self._mode == WEEK)
        self.grid_model.set_selected(self._selected)
        self.grid.setCurrentIndex(self.grid_model.index_of(self._selected))
        read = self._spans.get(key)
        if read is not None:
            self._show_cells(key, read.value)
        elif key != self._shown:  # another span's chips must not stay on these days
            self._show_cells(None, {})
        if not self._usable(read, self._chips_wanted()):
            self._waiting = key  # already for the agenda: it waits too, reads nothing ahead
        self._update_header()
        self._show_agenda()
        self._fetch_shown()

    def _update_header(self) -> None:
        first, days = self._span()
        if self._mode == MONTH:
            name = self._locale.standaloneMonthName(self._month.month)
            self.title_label.setText(f"{name} {self._month.year}")
            unit = "month"
        else:
            last = first + timedelta(days=days - 1)
            start = f"{first.day} {self._locale.monthName(first.month)}"
            if first.year != last.year:
                start += f" {first.year}"
            elif first.month == last.month:
                start = str(first.day)
            end = f"{last.day} {self._locale.monthName(last.month)} {last.year}"
            self.title_label.setText(f"{start} – {end}")
            unit = "week"
        for button, direction, key in ((self.previous_button, "Previous", "PageUp"),
                                       (self.next_button, "Next", "PageDown")):
            button.setAccessibleName(f"{direction} {unit}")
            button.setToolTip(f"{direction} {unit} ({key})")

    # -- loading

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:  # the grid takes what the agenda does not need
            self._sized = True
            agenda = max(240, min(320, self.width() // 4))
            self.splitter.setSizes([max(1, self.splitter.width() - agenda), agenda])
        if self._stale:
            self._fetch_shown()

    def _fetch_shown(self) -> None:
        """The shown span's cells: at once when a current read is kept, else read before
        anything else (or the read of it under way awaited). `loaded` says when they are in;
        reading ahead waits until they are painted."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        span, wanted = self._span(), self._chips_wanted()
        if self._usable(self._spans.get(span), wanted):
            self._waiting = None
            self._reads.want([])  # what was to be read ahead of the span before: after paint
            self.loaded.emit()
            self._ahead_due = True
            return
        self._waiting = span
        self._ahead_due = False
        self._read_shown(wanted)

    def _grid_painted(self) -> None:
        """Reading ahead, and more of the agenda, start once the span shown is on screen: a
        read running meanwhile would share the processor (and Python's lock) with painting,
        and, before that, with the read of the span shown."""
        if self._waiting is not None:
            return
        if self._more_due:
            rows, self._more_due = self._more_due, 0
            self._read_day(self._selected, rows)
        if self._ahead_due:
            self._ahead_due = False
            self._read_ahead(self._chips_wanted())

    def _read_shown(self, wanted: int) -> None:
        """Read the span shown, and nothing else until it is painted: no read ahead waits in
        the queue before it, and one under way is stopped (unless it is of this span and
        since the data last changed: then it serves). Only when nothing at all is kept (the
        page's first read, or a new time zone) are the spans around read right behind it:
        with nothing to stop or to paint meanwhile, the first page key then finds them read."""
        span, token = self._span(), self._token(wanted)
        around = [] if self._spans else self._neighbours()
        coming = [each for each in (span, *around) if self._under_way(each, token)]
        self._reads.want([(each, token, self._span_reader(each, token))
                          for each in (span, *around) if each not in coming],
                         interrupt=True, keep=coming)

    def _read_ahead(self, wanted: int) -> None:
        """Queue the reads of the spans around the one shown that are neither kept nor being
        read, the way the user last paged first."""
        token = self._token(wanted)
        self._reads.want([(span, token, self._span_reader(span, token))
                          for span in self._neighbours()
                          if not self._usable(self._spans.get(span), wanted)
                          and not self._under_way(span, token)])

    def _token(self, wanted: int) -> Token:
        """What a read is (given back with its result): begun after the last `_forget`, of
        this many chips a day, at this version of the data."""
        return self._generation, wanted, calendar.data_version(self._backend)

    def _under_way(self, span: Span, token: Token) -> bool:
        """A read of the span (of enough chips, since the data last changed) has begun: its
        result, due any moment, serves."""
        begun = self._reads.under_way(span)
        return (isinstance(begun, tuple) and begun[0] == token[0] and begun[1] >= token[1]
                and begun[2] == token[2])

    def _usable(self, read: Read[Cells] | None, wanted: int) -> bool:
        return read is not None and read.limit >= wanted and self._current(read)

    def _current(self, read: Read) -> bool:
        """Nothing committed since the read began, and no item it shows turned overdue."""
        if read.version != calendar.data_version(self._backend):
            return False
        return read.stale_after is None or self._backend.clock.now() <= read.stale_after

    def _span_reader(self, span: Span, token: Token) -> Callable[[], Read[Cells]]:
        """The read of a span's cells, to run off the GUI thread."""
        backend, zone = self._backend, self._zone
        _, limit, version = token
        first, days = span

        def read() -> Read[Cells]:
            found = calendar.summary(backend, first, days, zone, limit)
            return Read(cells_for(found.days, zone), version, found.stale_after, limit)

        return read

    def _span_read(self, span: Span, token: Token, read: Read[Cells] | None,
                   error: Exception | None) -> None:
        if token[0] != self._generation:
            return  # begun before the data changed
        if read is None:  # a failure matters when the span is awaited; else it is tried
            if span == self._waiting:  # again when shown
                self._waiting = None
                self._show_failure(str(error))
            return
        kept = self._spans.get(span)
        if kept is None or kept.limit <= read.limit:
            remember(self._spans, span, read, CACHED_SPANS)
        if span != self._span() or self._waiting != span:
            return  # read ahead, or the shown span's cells are in already
        wanted = self._chips_wanted()
        if not self._usable(read, wanted):  # committed to while read, or the grid grew
            self._read_shown(wanted)
            return
        self._waiting = None
        self._show_cells(span, read.value)
        self._show_agenda()
        self.loaded.emit()
        self._ahead_due = True

    def _grid_resized(self) -> None:
        """Taller cells show more chips than may have been read: read them."""
        read = self._spans.get(self._span())
        if self.isVisible() and read is not None and read.limit < self._chips_wanted():
            self._fetch_shown()

    def _show_cells(self, span: Span | None, cells: Cells) -> None:
        self._shown = span
        self.grid_model.set_cells(cells, self._zone)

    def _forget(self) -> None:
        """Drop what was read and what is being read: the data or the rules changed."""
        self._generation += 1
        self._spans.clear()
        self._days.clear()
        self._reads.want([])
        self._day_reading = None

    def _show_failure(self, message: str) -> None:
        self._say(f"The calendar could not be read: {message}", error=True)

    # -- the agenda

    def _show_agenda(self) -> None:
        day = self._selected
        entries, count = self._day_entries(day)
        self.agenda_model.set_entries(entries, self._zone, count)
        self.day_label.setText(self._locale.toString(day, "dddd d MMMM"))
        items = f"{count} item{'s' if count != 1 else ''}" if count else ""
        self.day_summary.setText(" · ".join(p for p in (relative_day(day, self._today), items)
                                            if p))
        if entries:
            self.agenda_pages.setCurrentWidget(self.agenda)
            return
        if self._waiting is not None and not self.grid_model.entry_count():
            self.agenda_empty.setText("Loading…")
        elif self.grid_model.entry_count():
            self.agenda_empty.setText("Nothing on this day.\n\nDrag a follow-up here from "
                                      "another day to move it.")
        else:
            period = "month" if self._mode == MONTH else "week"
            self.agenda_empty.setText(f"Nothing this {period}.\n\nAdd an interview you had: "
                                      "its thank-you notes, keep-in-touch touches and "
                                      "decision check appear here.")
        self.agenda_pages.setCurrentWidget(self.agenda_empty)

    def _day_entries(self, day: date) -> tuple[list[CalendarEntry], int]:
        """The first of the day's items and how many it holds: the grid's, or a kept read of
        more of them (the agenda asks for more as it is scrolled: `_read_day`)."""
        cell = self.grid_model.cell_on(day)
        read = self._days.get(day)
        if not cell.complete and read is not None and len(read.value.first) > len(cell.chips) \
                and self._current(read):
            return list(read.value.first), read.value.count
        return [c.entry for c in cell.chips], cell.count

    def _agenda_wants_more(self, rows: int) -> None:
        """Read more of the selected day, once the grid has the span shown and painted it
        (the read of the span comes first; the day's count may change with it)."""
        if self._ahead_due or self._waiting is not None:
            self._more_due = rows
            return
        self._read_day(self._selected, rows)

    def _read_day(self, day: date, limit: int) -> None:
        if self._day_reading == (day, limit):
            return
        self._day_reading = day, limit
        backend, zone, generation = self._backend, self._zone, self._generation
        version = calendar.data_version(backend)

        def read() -> Read[calendar.DaySummary]:
            found = calendar.summary(backend, day, 1, zone, limit)
            cell = found.days.get(day) or calendar.DaySummary(0, ())
            return Read(cell, version, found.stale_after, limit)

        self._day_loader.load(read, lambda result: self._day_read(day, generation, result))

    def _day_read(self, day: date, generation: int, read: Read[calendar.DaySummary]) -> None:
        if generation != self._generation:
            return
        self._day_reading = None
        remember(self._days, day, read, CACHED_DAYS)
        if day == self._selected:
            self._show_agenda()

    def _enter_agenda(self) -> None:
        if self.agenda_model.rowCount():
            self.agenda.setFocus(Qt.FocusReason.OtherFocusReason)
            self.agenda.setCurrentIndex(self.agenda_model.index(0))

    # -- opening and moving

    def _open(self, entry: CalendarEntry) -> None:
        if entry.kind == INTERVIEW or entry.action_id is None:
            self.openApplication.emit(entry.application_id)
        else:
            self.openAction.emit(entry.action_id)

    @Slot(int, object)
    def move_action(self, action_id: int, day: date) -> bool:
        """What a drop does: move the action to `day`, say how it went, reload."""
        entry = self._find(action_id)
        label = chip_text(entry, self._zone) if entry is not None else "The follow-up"
        try:
            warnings = calendar.move_action(self._backend, action_id, day)
        except (UserError, ValueError) as error:
            self._say(str(error), error=True)
            return False
        moved_to = self._locale.toString(day, "dddd d MMMM")
        lines = [f"Moved “{label}” to {moved_to}.", *warnings]
        self._say("\n".join(lines), warning=bool(warnings))
        self._forget()
        self._select(day, follow=False)
        self._fetch_shown()
        self.dataChanged.emit()
        if entry is None or entry.at.astimezone(self._zone).date() != day:
            self.undoOffered.emit()  # (dropped on its own day, nothing changed to undo)
        return True

    def _find(self, action_id: int) -> CalendarEntry | None:
        for chips in (self.grid_model.chips_on(d) for d in self._days_shown()):
            for chip in chips:
                if chip.entry.action_id == action_id:
                    return chip.entry
        row = self.agenda_model.row_of_action(action_id)  # beyond a busy day's first chips
        return self.agenda_model.entry_at(self.agenda_model.index(row)) if row >= 0 else None

    def _days_shown(self) -> list[date]:
        first, days = self._span()
        return [first + timedelta(days=i) for i in range(days)]

    def _say(self, text: str, error: bool = False, warning: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setPalette(self.palette())
        if error:
            set_error_style(self.status_label)
        icon = (QStyle.StandardPixmap.SP_MessageBoxCritical if error
                else QStyle.StandardPixmap.SP_MessageBoxWarning if warning
                else QStyle.StandardPixmap.SP_MessageBoxInformation)
        size = self.fontMetrics().height()
        self.status_icon.setPixmap(QIcon(self.style().standardIcon(icon)).pixmap(size, size))
        self.status_bar.show()

