"""The due page, the window's default: what to do now, today and in the next days."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime, QModelIndex, QSize, Qt, QTimer, QTimeZone, Signal
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.workcal import local_instant
from followup_desktop.services.backend import Backend
from followup_desktop.services.due import (
    PAGE,
    UPCOMING_DAYS,
    DueItem,
    DueOverview,
    due_overview,
    due_page,
    is_first_run,
)
from followup_desktop.ui.common import plain_label, set_heading_style
from followup_desktop.ui.due_model import COLUMNS, DueGroup, DueModel
from followup_desktop.ui.worker import Loader


class RoomyRows(QStyledItemDelegate):
    """Rows a little taller than their text, like the card lists of the other pages."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        size.setHeight(max(size.height(), int(option.fontMetrics.height() * 1.8)))
        return size


COMPANY_COLUMN = COLUMNS.index("Company")
KEEP_AT_MOST = 2000  # rows per group read again on refresh, so the list keeps its place


@dataclass(frozen=True)
class DueSnapshot:
    overview: DueOverview
    groups: list[DueGroup]  # each with its first rows
    first_run: bool


def load_snapshot(backend: Backend, loaded: dict[str, int] | None = None) -> DueSnapshot:
    """The groups, with the first rows of the first one (the page reads the rest as they come
    into view) or as many rows as were `loaded` before, up to a limit."""
    overview = due_overview(backend)
    loaded = loaded or {}
    groups = []
    for position, bucket in enumerate(overview.buckets):
        wanted = min(KEEP_AT_MOST, max(PAGE if position == 0 else 0, loaded.get(bucket.title, 0)))
        rows = due_page(backend, bucket, overview.at, 0, wanted) if wanted else []
        groups.append(DueGroup(bucket, rows))
    return DueSnapshot(overview, groups, is_first_run())


class DuePage(QWidget):
    openApplication = Signal(int)
    openAction = Signal(int)
    composeRequested = Signal(int)
    dataChanged = Signal()
    loadSampleRequested = Signal()
    debriefRequested = Signal()
    dueNowChanged = Signal(int)  # how many follow-ups are due now (overdue and today)
    loaded = Signal()  # the list was filled from the database

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._loader = Loader(backend, self)
        self._loader.failed.connect(self._show_error)
        self.model = DueModel(backend.rules().zone, self)
        self.heading = plain_label("Follow-ups", self)
        set_heading_style(self.heading)
        self.summary = plain_label("", self)
        self.summary.setWordWrap(True)
        self.pages = QStackedWidget(self)
        self.view = self._make_view()
        self.empty = self._make_empty_state()
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addLayout(self._make_action_bar())
        layout.addWidget(self.pages, 1)
        self._update_buttons()

    # -- building

    def _make_view(self) -> QTreeView:
        view = QTreeView(self)
        view.setModel(self.model)
        view.setItemDelegate(RoomyRows(view))
        view.setAccessibleName("Follow-ups due")
        view.setUniformRowHeights(True)
        header = view.header()
        header.setResizeContentsPrecision(0)  # size columns by the rows on screen
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COMPANY_COLUMN, QHeaderView.ResizeMode.Stretch)
        view.setAlternatingRowColors(True)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)
        view.selectionModel().selectionChanged.connect(self._update_buttons)
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

    def _make_empty_state(self) -> QWidget:
        box = QWidget(self)
        self.empty_text = plain_label("", box)
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sample_button = QPushButton("Load sample data", box)
        self.sample_button.clicked.connect(self.loadSampleRequested)
        self.debrief_button = QPushButton("Add an interview you had…", box)
        self.debrief_button.setDefault(True)
        self.debrief_button.clicked.connect(self.debriefRequested)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.debrief_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch()
        layout = QVBoxLayout(box)
        layout.addStretch()
        layout.addWidget(self.empty_text)
        layout.addLayout(buttons)
        layout.addStretch(2)
        return box

    def _make_action_bar(self) -> QHBoxLayout:
        self.done_button = self._button("&Done", "Mark done and record what you sent",
                                        self.ask_and_mark_done, "Ctrl+Return")
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

    def _button(self, text: str, tip: str, slot: Callable[[], None],
                shortcut: str = "") -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setAccessibleName(text.replace("&", ""))
        button.clicked.connect(slot)
        if shortcut:
            button.setShortcut(QKeySequence(shortcut))
        return button

    def _snooze_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction("For 1 hour", lambda: self._snooze_for(timedelta(hours=1)))
        menu.addAction("Until tomorrow morning", self._snooze_until_tomorrow)
        menu.addAction("Until…", self._snooze_until_picked)
        return menu

    # -- loading

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fetch_timer.start()  # what a hidden page did not read, now that it is seen

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
        self._reselect(selected.id if selected else None)
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
        reach = self.view.viewport().height() * 2
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
        if snapshot.first_run:
            self.summary.setText("")
            self.empty_text.setText(
                "Welcome. After each interview, add it here with who interviewed you and what "
                "you talked about: the app plans a personal thank-you to each interviewer about "
                "a day later, a few keep-in-touch notes, and a call about the decision. Try it "
                "with sample data first if you like.")
        elif count == 0:
            self.summary.setText("")
            self.empty_text.setText(f"Nothing to do in the next {UPCOMING_DAYS} days. "
                                    "Enjoy the quiet, or debrief an interview you just had.")
        else:
            due_now = overview.due_now
            late_text = f", {late:,} late" if late else ""
            self.summary.setText(f"{due_now:,} to do now{late_text}; {count - due_now:,} coming "
                                 f"up in the next {UPCOMING_DAYS} days.")
        self.dueNowChanged.emit(overview.due_now)
        self.sample_button.setVisible(snapshot.first_run)
        self.pages.setCurrentWidget(self.empty if count == 0 else self.view)

    def _reselect(self, action_id: int | None) -> None:
        for group_row in range(self.model.rowCount()):
            group = self.model.index(group_row, 0)
            for row in range(self.model.rowCount(group)):
                index = self.model.index(row, 0, group)
                item = self.model.item_at(index)
                if action_id is None or (item and item.id == action_id):
                    self.view.setCurrentIndex(index)
                    return

    # -- selection and commands

    def selected_item(self) -> DueItem | None:
        return self.model.item_at(self.view.currentIndex())

    def _update_buttons(self) -> None:
        has_item = self.selected_item() is not None
        for widget in (self.done_button, self.snooze_button, self.skip_button,
                       self.open_button, self.note_button, self.write_button):
            widget.setEnabled(has_item)

    def _context_menu(self, position: object) -> None:
        if self.selected_item() is None:
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
        summary = self.ask_summary(item)
        if summary is not None:
            self.mark_done(item.id, summary)

    def ask_summary(self, item: DueItem) -> str | None:
        """What was sent or said, for the history; None when the user cancels."""
        text, ok = QInputDialog.getMultiLineText(
            self, "Mark done", f"{item.kind.label} done. What did you send or say? "
            "(optional, kept in the history)")
        return text if ok else None

    def _confirm_warnings(self, item: DueItem) -> bool:
        if not item.warnings:
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, "Before you get in touch",
                          "\n\n".join(item.warnings), parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText("Record it as done anyway?")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def mark_done(self, action_id: int, summary: str = "") -> None:
        from followup_desktop.services import actions  # the planner loads on first write

        self._write(lambda: actions.complete(self._backend, action_id, summary))

    def ask_and_skip(self) -> None:
        from followup_desktop.services import actions

        item = self.selected_item()
        if item:
            self._write(lambda: actions.skip(self._backend, item.id))

    def snooze_until(self, action_id: int, until: datetime) -> None:
        from followup_desktop.services import actions

        self._write(lambda: actions.snooze(self._backend, action_id, until))

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
        item = self.selected_item()
        if item is None:
            return
        picked = pick_time(self, self._backend.clock.now() + timedelta(hours=2),
                           self._backend.rules().zone)
        if picked is not None:
            self.snooze_until(item.id, picked)

    def _write(self, change: Callable[[], object]) -> None:
        """At once, or off the GUI thread while another program holds the data (ui/writes.py:
        a bounded wait, then who holds it and a retry); a failure is always said."""
        from followup_desktop.ui.writes import WriteRunner

        if getattr(self, "_writes", None) is None:
            self._writes = WriteRunner(self._backend, self)

        def done(_result: object) -> None:
            self.dataChanged.emit()
            self.refresh()

        self._writes.run(change, done)

    def _show_error(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Follow-ups", message, parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()


def pick_time(parent: QWidget, suggested: datetime, zone: ZoneInfo) -> datetime | None:
    """Ask for a date and time in the user's zone; None when cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Snooze until")
    qt_zone = QTimeZone(zone.key.encode())
    editor = QDateTimeEdit(dialog)
    editor.setTimeZone(qt_zone)
    editor.setDateTime(QDateTime.fromSecsSinceEpoch(int(suggested.timestamp()), qt_zone))
    editor.setCalendarPopup(True)
    editor.setAccessibleName("Snooze until")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(editor)
    layout.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return datetime.fromtimestamp(editor.dateTime().toSecsSinceEpoch(), UTC)
