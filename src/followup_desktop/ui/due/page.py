"""The due page, the window's default: what to do now, today and in the next days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.workcal import local_instant
from followup_desktop.services.changes import Changed
from followup_desktop.services.views.due import UPCOMING_DAYS, DueItem, due_page
from followup_desktop.ui.background.worker import Loader
from followup_desktop.ui.due.empty_state import EmptyState
from followup_desktop.ui.due.model import (
    COLUMNS,
    COMPANY_COLUMN,
    DueModel,
    DueSnapshot,
    RoomyRows,
    column_titles,
    load_snapshot,
    loaded_rows,
    next_after,
    past_header,
)
from followup_desktop.ui.qt_values import add_action, set_enum
from followup_desktop.ui.widgets.common import plain_label, set_heading_style

if TYPE_CHECKING:  # the first screen shows before the Backend (and peewee) is imported
    from PySide6.QtGui import QKeySequence, QShowEvent

    from followup_desktop.services.backend import Backend


class DuePage(QWidget):
    SHOWS = Changed.EVERYTHING & ~Changed.DRAFTS  # what it reads again after a change
    openApplication = Signal(int)
    openAction = Signal(int)
    composeRequested = Signal(int)
    dataChanged = Signal(object)  # a services.changes.Changed
    loadSampleRequested = Signal()
    debriefRequested = Signal()
    dueNowChanged = Signal(int)  # how many follow-ups are to do now
    undoOffered = Signal()  # a done, skip or snooze was made: the window offers its undo
    loaded = Signal()  # the list was filled from the database

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._attached = True  # False while the first screen shows (show_first_screen)
        self._loader = Loader(backend, self)
        self._loader.failed.connect(self._show_error)
        self.model = DueModel(backend.rules().zone, self)
        self.heading = plain_label("Follow-ups", self)
        set_heading_style(self.heading)
        self.summary = plain_label("", self)
        self.summary.setWordWrap(True)
        self.pages = QStackedWidget(self)
        self.view = self._make_view()
        self.empty = EmptyState(self)
        self.empty.sample_button.clicked.connect(self.loadSampleRequested)
        self.empty.debrief_button.clicked.connect(self.debriefRequested)
        self.empty_text, self.sample_button = self.empty.text, self.empty.sample_button
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addLayout(self._make_action_bar())
        layout.addWidget(self.pages, 1)
        # After a change from this page, the row to select (the next one, or one brought
        # back by an undo) and whether the list takes the focus, so work goes on by keyboard.
        self._wanted: int | None = None
        self._focus_after = False
        self._done_key: QKeySequence | None = None
        self._update_buttons()

    # -- building

    def _make_view(self) -> QTreeView:
        view = QTreeView(self)
        view.setModel(self.model)
        view.setItemDelegateForColumn(0, RoomyRows(view))  # the height: RoomyRows says how
        view.setAccessibleName("Follow-ups due")
        view.setUniformRowHeights(True)
        header = view.header()
        header.setModel(column_titles(header))  # not through Python (model.py says why)
        header.setResizeContentsPrecision(0)  # size columns by the rows on screen
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COMPANY_COLUMN, QHeaderView.ResizeMode.Stretch)
        view.setAlternatingRowColors(True)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        set_enum(view, "contextMenuPolicy", "CustomContextMenu")  # by name: ui/qt_values.py
        view.customContextMenuRequested.connect(self._context_menu)
        view.selectionModel().selectionChanged.connect(self._update_buttons)
        view.selectionModel().currentChanged.connect(self._step_over_header)
        view.doubleClicked.connect(lambda _: self.open_application())
        view.activated.connect(lambda _: self.open_application())
        # Layout changes fire these many times in a row: one check once the view settles.
        self._fetch_timer = QTimer(self)
        self._fetch_timer.setSingleShot(True)
        self._fetch_timer.setInterval(0)
        self._fetch_timer.timeout.connect(self._fetch_visible)
        view.verticalScrollBar().valueChanged.connect(self._fetch_timer.start)
        view.verticalScrollBar().rangeChanged.connect(self._fetch_timer.start)
        view.expanded.connect(self._fetch_timer.start)
        return view

    def _make_action_bar(self) -> QHBoxLayout:
        self.done_button = self._button("&Done", "Mark done and record what you sent",
                                        self.ask_and_mark_done)  # Ctrl+Return: _update_buttons
        self.snooze_button = QToolButton(self)
        self.snooze_button.setText("&Snooze")
        self.snooze_button.setAccessibleName("Snooze")
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.snooze_button.setMenu(self._snooze_menu())
        self.skip_button = self._button("S&kip", "Skip this follow-up", self.ask_and_skip)
        self.open_button = self._button("Open &application", "Open the application",
                                        self.open_application)
        self.note_button = self._button("&Edit…", "Change the follow-up's time, channel or "
                                        "target", self.open_note)
        self.write_button = self._button("&Write note…", "Write the note from a template, check "
                                         "it and deliver it", self.write_note)
        bar = QHBoxLayout()
        for widget in (self.write_button, self.done_button, self.snooze_button,
                       self.skip_button):
            bar.addWidget(widget)
        bar.addStretch()
        bar.addWidget(self.note_button)
        bar.addWidget(self.open_button)
        return bar

    def _button(self, text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setAccessibleName(text.replace("&", ""))
        button.clicked.connect(slot)
        return button

    def _snooze_menu(self) -> QMenu:
        menu = QMenu(self)  # (add_action: see ui/qt_values.py)
        add_action(menu, "For 1 hour", lambda: self._snooze_for(timedelta(hours=1)))
        add_action(menu, "Until tomorrow morning", self._snooze_until_tomorrow)
        add_action(menu, "Until…", self._snooze_until_picked)
        return menu

    # -- loading

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fetch_timer.start()  # what a hidden page did not read, now that it is seen

    def show_first_screen(self, snapshot: DueSnapshot) -> None:
        """The list as the first screen read it, before the data is open: shown at once; it
        cannot be changed until `attach` hands the data over."""
        self._attached = False
        self._show(snapshot)

    def attach(self, backend: Backend) -> None:
        """The data is open: from now on the page reads and writes through it."""
        self._backend, self._attached = backend, True
        self._loader = Loader(backend, self)
        self._loader.failed.connect(self._show_error)
        self._update_buttons()

    def refresh(self) -> None:
        loaded = self.model.loaded_counts()
        self._loader.load(lambda: load_snapshot(self._backend, loaded), self._show)

    def _show(self, snapshot: DueSnapshot) -> None:
        selected = self.selected_item()
        at = snapshot.overview.at
        self.model.set_groups(snapshot.groups, self._backend.rules().zone,
                              lambda bucket, offset: due_page(self._backend, bucket, at, offset))
        self.view.expandAll()
        for row in range(self.model.rowCount()):
            self.view.setFirstColumnSpanned(row, self.view.rootIndex(), True)
        wanted, self._wanted = self._wanted, None
        self._reselect(wanted if wanted is not None else selected.id if selected else None)
        if self._focus_after and self.isVisible():
            from PySide6.QtCore import Qt  # after a change only: never on the first screen

            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focus_after = False
        self._show_summary(snapshot)
        self._update_buttons()
        self._fetch_visible()
        self._fetch_timer.stop()
        self._size_columns()  # by the rows on screen, the groups read just now included
        self.loaded.emit()

    def _size_columns(self) -> None:
        """Each column as wide as the rows on screen need; the company column (see _make_view)
        takes what is left, so the status stays in view without scrolling sideways."""
        for column in range(len(COLUMNS)):
            if column != COMPANY_COLUMN:
                self.view.resizeColumnToContents(column)

    def _fetch_visible(self) -> None:
        """Read more rows of a group whose last loaded row (or its header, if it has none yet)
        is on screen or nearly."""
        reach = self.view.maximumViewportSize().height() * 2  # viewport(): PySide6 makes ~60 enums
        for row in range(self.model.rowCount()):
            header = self.model.index(row, 0)
            while self.model.has_more(header):
                loaded = self.model.rowCount(header)
                last = self.model.index(loaded - 1, 0, header) if loaded else header
                rect = self.view.visualRect(last)
                if not rect.isValid() or rect.top() > reach:
                    break
                self.model.read_more(header)
                if not loaded:
                    self.view.expand(header)

    def _show_summary(self, snapshot: DueSnapshot) -> None:
        overview = snapshot.overview
        count, late = overview.count, overview.late
        self.empty.say(snapshot.first_run)
        if count and not snapshot.first_run:
            due_now = overview.due_now
            late_text = f", {late:,} late" if late else ""
            self.summary.setText(f"{due_now:,} to do now{late_text}; {count - due_now:,} coming "
                                 f"up in the next {UPCOMING_DAYS} days.")
        else:
            self.summary.setText("")
        self.dueNowChanged.emit(overview.due_now)
        self.pages.setCurrentWidget(self.empty if count == 0 else self.view)

    def _rows(self) -> list[QModelIndex]:
        return loaded_rows(self.model)

    def _reselect(self, action_id: int | None) -> None:
        """Select that follow-up, else the first row: a row is always selected, so the
        buttons and keys keep working after it is done."""
        rows = self._rows()
        index = next((i for i in rows if (item := self.model.item_at(i)) is not None
                      and item.id == action_id), rows[0] if rows else None)
        if index is not None:
            self.view.setCurrentIndex(index)

    def _step_over_header(self, current: QModelIndex, previous: QModelIndex) -> None:
        """The arrow keys go from row to row: a group's title is stepped over."""
        target = past_header(self.model, current, previous)
        if target is not None:
            self.view.setCurrentIndex(target)

    def select_when_shown(self, action_id: int | None) -> None:
        """Select this follow-up once the list is read again (it came back by an undo)."""
        if action_id is not None:
            self._wanted = action_id
            self._focus_after = True

    # -- selection and commands

    def selected_item(self) -> DueItem | None:
        return self.model.item_at(self.view.currentIndex())

    def _update_buttons(self) -> None:
        has_item = self._attached and self.selected_item() is not None
        for widget in (self.done_button, self.snooze_button, self.skip_button,
                       self.open_button, self.note_button, self.write_button):
            widget.setEnabled(has_item)
        if has_item and not self._done_key:  # once it can act: a key sequence costs Qt's enums
            from PySide6.QtGui import QKeySequence  # (the key is in place of the mnemonic Alt+D)
            self._done_key = QKeySequence("Ctrl+Return")
            self.done_button.setShortcut(self._done_key)

    def _context_menu(self, position: object) -> None:
        if not self._attached or self.selected_item() is None:
            return
        menu = QMenu(self)
        menu.addAction("Write note…", self.write_note)
        menu.addAction("Mark done…", self.ask_and_mark_done)
        menu.addMenu(self._snooze_menu()).setText("Snooze")
        menu.addAction("Skip", self.ask_and_skip)
        menu.addSeparator()
        menu.addAction("Edit follow-up…", self.open_note)
        menu.addAction("Open application", self.open_application)
        menu.exec(self.view.viewport().mapToGlobal(position))

    def open_application(self) -> None:
        item = self.selected_item()
        if item:
            self.openApplication.emit(item.application_id)

    def open_note(self) -> None:
        item = self.selected_item()
        if item:
            self.openAction.emit(item.id)

    def write_note(self) -> None:
        item = self.selected_item()
        if item:
            self.composeRequested.emit(item.id)

    def ask_and_mark_done(self) -> None:
        item = self.selected_item()
        if item is None or not self._confirm_warnings(item):
            return
        if item.kind == "decision_check":  # the call's outcome plans what follows
            from followup_desktop.ui.due.decision import ask_decision

            who = item.contact.name if item.contact else "the company"
            change = ask_decision(self, self._backend, item.id,
                                  f"Decision check: {who}, {item.company} ({item.position})")
            if change is not None:
                self._write(change, item.id)
            return
        summary = self.ask_summary(item)
        if summary is not None:
            self.mark_done(item.id, summary)

    def ask_summary(self, item: DueItem) -> str | None:
        """What was sent or said, for the history; None when the user cancels."""
        from followup_desktop.ui.due.dialogs import ask_summary  # imported when first asked
        return ask_summary(self, item)

    def _confirm_warnings(self, item: DueItem) -> bool:
        from followup_desktop.ui.due.dialogs import confirm_warnings
        return confirm_warnings(self, item)

    def mark_done(self, action_id: int, summary: str = "") -> None:
        from followup_desktop.services import actions  # the planner loads on first write

        self._write(lambda: actions.complete(self._backend, action_id, summary), action_id)

    def ask_and_skip(self) -> None:
        """Skip; a thank-you only once the user confirms (Ctrl+Z takes a skip back too)."""
        from followup_desktop.services import actions
        from followup_desktop.ui.due import dialogs as due_dialogs

        item = self.selected_item()
        if item and due_dialogs.confirm_skip(self, item):
            self._write(lambda: actions.skip(self._backend, item.id), item.id)

    def snooze_until(self, action_id: int, until: datetime) -> None:
        from followup_desktop.services import actions

        self._write(lambda: actions.snooze(self._backend, action_id, until), action_id)

    def _snooze_for(self, delta: timedelta) -> None:
        item = self.selected_item()
        if item:
            self.snooze_until(item.id, self._backend.clock.now() + delta)

    def _snooze_until_tomorrow(self) -> None:
        item = self.selected_item()
        if item:
            rules = self._backend.rules()
            tomorrow = self._backend.clock.now().astimezone(rules.zone).date() + timedelta(1)
            self.snooze_until(item.id, local_instant(tomorrow, rules.day_start, rules))

    def _snooze_until_picked(self) -> None:
        from followup_desktop.ui.due.dialogs import pick_time

        item = self.selected_item()
        if item is None:
            return
        picked = pick_time(self, self._backend.clock.now() + timedelta(hours=2),
                           self._backend.rules().zone)
        if picked is not None:
            self.snooze_until(item.id, picked)

    def _write(self, change: Callable[[], object], action_id: int | None = None) -> None:
        """At once, or off the GUI thread while another program holds the data (a bounded wait,
        then who holds it and a retry: ui/background/writes.py); a failure is always said. Once
        made, the row after the follow-up is selected and the list has the focus; the window
        offers to undo it."""
        from followup_desktop.ui.background.writes import WriteRunner

        if getattr(self, "_writes", None) is None:
            self._writes = WriteRunner(self._backend, self)
        following = next_after(self.model, action_id) if action_id is not None else None

        def done(_result: object) -> None:
            self._wanted, self._focus_after = following, True
            self.dataChanged.emit(Changed.PLAN)
            self.refresh()
            self.undoOffered.emit()

        self._writes.run(change, done)

    def _show_error(self, message: str) -> None:
        from followup_desktop.ui.due import dialogs  # (its tell has the page's title)
        dialogs.tell(self, message)
