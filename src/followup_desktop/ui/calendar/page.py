"""The calendar page: a month (or week) of interviews and follow-ups, and the selected day's agenda.

Only what the grid shows is read, off the GUI thread: per day how many items it holds and the
chips of the first few that fit (services.calendar.summary); a busy day's agenda reads its items
page by page as it is scrolled. Which span is read when: readahead.py; what is kept of the reads,
and while it serves: spans.py; the page's panels are built in panels.py.
"""

from __future__ import annotations

import calendar as pycalendar
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QLocale, Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from followup_desktop.services.backend import Backend
from followup_desktop.services.changes import Changed
from followup_desktop.services.errors import UserError, is_locked
from followup_desktop.services.views import calendar
from followup_desktop.services.views.calendar import INTERVIEW, CalendarEntry
from followup_desktop.ui.background.worker import Loader
from followup_desktop.ui.background.writes import WriteRunner
from followup_desktop.ui.calendar import panels
from followup_desktop.ui.calendar.chips import chip_fonts, chip_lines_for
from followup_desktop.ui.calendar.grid import CalendarGrid
from followup_desktop.ui.calendar.layout import chips_that_fit
from followup_desktop.ui.calendar.models import AgendaModel, GridModel
from followup_desktop.ui.calendar.navigation import (
    MONTH,
    WEEK,
    Span,
    add_months,
    days_of,
    neighbours,
    span_of,
)
from followup_desktop.ui.calendar.readahead import ReadAhead
from followup_desktop.ui.calendar.spans import Cells, Read, SpanCache, day_reader
from followup_desktop.ui.calendar.text import chip_text, relative_day

# Chips read per day: as many as a day cell shows, at least this many, in steps of it (so a
# small resize keeps what was read); "+N more" counts the rest.
CHIPS_STEP = 4
WEEK_CHIPS = 48  # a day of the week's time grid: beyond this many, "+N" and the agenda


class CalendarPage(QWidget):
    SHOWS = Changed.EVERYTHING & ~Changed.DRAFTS  # what it reads again after a change
    openApplication = Signal(int)
    openAction = Signal(int)
    dataChanged = Signal(object)  # a services.changes.Changed
    undoOffered = Signal()  # a follow-up was moved: the window offers its undo (Ctrl+Z)
    loaded = Signal()  # the visible span's entries arrived (tests and the status bar use it)

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._cache = SpanCache(backend)
        self._ahead = ReadAhead(self, backend, self._cache)
        self._more_due = 0  # rows the agenda asked for meanwhile
        self._shown: Span | None = None  # the span whose cells the grid holds
        self._day_loader = Loader(backend, self)
        self._day_loader.failed.connect(self._show_failure)
        self._writes = WriteRunner(backend, self)  # the moves
        self._writes.waiting.connect(lambda text: self._say(text, warning=True))
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
        left_layout.addLayout(panels.make_legend(self))
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(panels.make_agenda(self))
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addLayout(panels.make_header(self))
        layout.addWidget(panels.make_status_bar(self))
        layout.addWidget(splitter, 1)
        self.setFocusProxy(self.grid)
        self.today_button.clicked.connect(self.go_to_today)
        self.previous_button.clicked.connect(lambda: self._page(-1))
        self.next_button.clicked.connect(lambda: self._page(1))
        self.month_button.toggled.connect(lambda on: on and self.set_view_mode(MONTH))
        self.week_button.toggled.connect(lambda on: on and self.set_view_mode(WEEK))
        self.agenda_model.moreWanted.connect(self._agenda_wants_more)
        self.agenda.entryActivated.connect(self._open)
        self.agenda.leaveRequested.connect(lambda: self.grid.setFocus(
            Qt.FocusReason.OtherFocusReason))

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
        self._ahead.direction = 1 if step > 0 else -1
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
        return span_of(self._mode, self._month, self._selected, self._first_weekday)

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
        """What the next page keys or clicks will show (navigation.neighbours)."""
        return neighbours(self._mode, self._month, self._selected, self._first_weekday,
                          self._ahead.direction)

    def _show_span(self) -> None:
        first, days = key = self._span()
        self._read_today()
        self.grid_model.set_days(first, days // 7, self._month.month if self._mode == MONTH
                                 else None, self._today, self._working_days)
        self.grid.set_time_grid(self._mode == WEEK)
        self.grid_model.set_selected(self._selected)
        self.grid.setCurrentIndex(self.grid_model.index_of(self._selected))
        read = self._cache.spans.get(key)
        if read is not None:
            self._show_cells(key, read.value)
        elif key != self._shown:  # another span's chips must not stay on these days
            self._show_cells(None, {})
        if not self._cache.usable(read, self._chips_wanted()):
            self._ahead.waiting = key  # already for the agenda: it waits too, reads nothing ahead
        self._update_header()
        self._show_agenda()
        self._fetch_shown()

    def _update_header(self) -> None:
        first, days = self._span()
        panels.show_period(self, self._mode, first, days, self._month, self._locale)

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
        """The shown span's cells (ReadAhead.fetch_shown), or, while the page is hidden, when
        it is next shown."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self._ahead.fetch_shown()

    def _grid_painted(self) -> None:
        """Reading ahead, and more of the agenda, start once the span shown is on screen: a
        read running meanwhile would share the processor (and Python's lock) with painting,
        and, before that, with the read of the span shown."""
        if self._ahead.waiting is not None:
            return
        if self._more_due:
            rows, self._more_due = self._more_due, 0
            self._read_day(self._selected, rows)
        self._ahead.painted()

    def _grid_resized(self) -> None:
        """Taller cells show more chips than may have been read: read them."""
        read = self._cache.spans.get(self._span())
        if self.isVisible() and read is not None and read.limit < self._chips_wanted():
            self._fetch_shown()

    def _show_cells(self, span: Span | None, cells: Cells) -> None:
        self._shown = span
        self.grid_model.set_cells(cells, self._zone)

    def _forget(self) -> None:
        """Drop what was read and what is being read: the data or the rules changed."""
        self._cache.forget()
        self._ahead.stop()
        self._day_reading = None

    def _show_failure(self, message: str) -> None:
        self._say(f"The calendar could not be read: {message}", error=True)

    # -- the agenda

    def _show_agenda(self) -> None:
        day = self._selected
        entries, count = self._cache.day_entries(self.grid_model, day)
        self.agenda_model.set_entries(entries, self._zone, count)
        self.day_label.setText(self._locale.toString(day, "dddd d MMMM"))
        items = f"{count} item{'s' if count != 1 else ''}" if count else ""
        self.day_summary.setText(" · ".join(p for p in (relative_day(day, self._today), items)
                                            if p))
        if entries:
            self.agenda_pages.setCurrentWidget(self.agenda)
            return
        self.agenda_empty.setText(panels.empty_agenda_text(
            self._mode, self._ahead.waiting is not None, bool(self.grid_model.entry_count())))
        self.agenda_pages.setCurrentWidget(self.agenda_empty)

    def _agenda_wants_more(self, rows: int) -> None:
        """Read more of the selected day, once the grid has the span shown and painted it
        (the read of the span comes first; the day's count may change with it)."""
        if self._ahead.ahead_due or self._ahead.waiting is not None:
            self._more_due = rows
            return
        self._read_day(self._selected, rows)

    def _read_day(self, day: date, limit: int) -> None:
        if self._day_reading == (day, limit):
            return
        self._day_reading = day, limit
        generation = self._cache.generation
        read = day_reader(self._backend, self._zone, day, limit)
        self._day_loader.load(read, lambda result: self._day_read(day, generation, result))

    def _day_read(self, day: date, generation: int, read: Read[calendar.DaySummary]) -> None:
        if generation != self._cache.generation:
            return
        self._day_reading = None
        self._cache.keep_day(day, read)
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
        """What a drop does: move the action to `day` (at once, or off the GUI thread while
        another program holds the data: ui/background/writes.py), say how it went, reload.
        True: moved, or to be once that program lets go (the drop is taken); False: refused."""
        if self._writes.busy:  # an earlier move still waits for the data: one at a time
            return False
        entry, backend = self._find(action_id), self._backend
        label = chip_text(entry, self._zone) if entry is not None else "The follow-up"
        outcome: list[bool] = []  # made (True) or refused (False), when known at once

        def done(warnings: list[str]) -> None:
            outcome.append(True)
            moved_to = self._locale.toString(day, "dddd d MMMM")
            self._say("\n".join([f"Moved “{label}” to {moved_to}.", *warnings]),
                      warning=bool(warnings))
            self._forget()
            self._select(day, follow=False)
            self._fetch_shown()
            self.dataChanged.emit(Changed.PLAN)
            if entry is None or entry.at.astimezone(self._zone).date() != day:
                self.undoOffered.emit()  # (dropped on its own day, nothing changed to undo)

        def refuse(error: Exception) -> bool:
            if not isinstance(error, UserError | ValueError) or is_locked(error):
                return False  # the runner's: a retry offer, or a bug
            self._say(str(error), error=True)
            outcome.append(False)
            return True

        self._writes.run(lambda: calendar.move_action(backend, action_id, day), done, refuse)
        return outcome[0] if outcome else self._writes.busy

    def _find(self, action_id: int) -> CalendarEntry | None:
        for chips in (self.grid_model.chips_on(d) for d in self._days_shown()):
            for chip in chips:
                if chip.entry.action_id == action_id:
                    return chip.entry
        row = self.agenda_model.row_of_action(action_id)  # beyond a busy day's first chips
        return self.agenda_model.entry_at(self.agenda_model.index(row)) if row >= 0 else None

    def _days_shown(self) -> list[date]:
        return days_of(self._span())

    def _say(self, text: str, error: bool = False, warning: bool = False) -> None:
        panels.say(self, text, error=error, warning=warning)
