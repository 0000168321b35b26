"""The main window: a sidebar of pages (due, calendar, applications, contacts), the menus and
the wiring between pages and dialogs.

Start-up is staged: the window's frame (sidebar, menus) shows first, importing nothing but Qt's
widgets; `attach` then opens the pages on the data. Pages are built the first time they are
shown and load their data in the background, so start-up does not grow with the database.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from followup_desktop import APP_NAME, __version__
from followup_desktop.domain.counts import counted
from followup_desktop.ui.background.worker import Loader, wait_for_background_work

if TYPE_CHECKING:  # types only: each Qt class named here costs start-up time when imported
    from PySide6.QtCore import QObject, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    from followup_desktop.services.backend import Backend

PAGES = ("Due", "Calendar", "Applications", "Contacts")
IMPORTABLE = (".ics", ".vcf", ".vcard", ".json")
DEFAULT_SIZE = QSize(1180, 720)
MINIMUM_SIZE = QSize(900, 600)  # every page fits from here up (the screen permitting)
DEBRIEF_OFFER_DELAY_MS = 1500
PREPARE_SEARCH_DELAY_MS = 2000


def _page_factory(name: str) -> Callable[[Backend, QWidget], QWidget]:
    """Import a page's module only when the page is first shown."""
    if name == "Due":
        from followup_desktop.ui.due.page import DuePage
        return DuePage
    if name == "Calendar":
        from followup_desktop.ui.calendar.page import CalendarPage
        return CalendarPage
    if name == "Applications":
        from followup_desktop.ui.applications.page import ApplicationsPage
        return ApplicationsPage
    from followup_desktop.ui.contacts.page import ContactsPage
    return ContactsPage


def _droppable(urls: list[QUrl]) -> list[Path]:
    """Local files the app can import, from a drag."""
    paths = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
    return [path for path in paths if path.suffix.lower() in IMPORTABLE]


def _menu_actions(menu: QMenu) -> list[QAction]:
    """A menu's actions, those of its submenus included, in menu order."""
    found: list[QAction] = []
    for action in menu.actions():
        submenu = action.menu()
        found += _menu_actions(submenu) if isinstance(submenu, QMenu) else [action]
    return found


class MainWindow(QMainWindow):
    dataChangedByUser = Signal()  # after any change, wherever it was made
    hiddenToTray = Signal()

    def __init__(self, backend: Backend | None = None, settings: QSettings | None = None) -> None:
        super().__init__()
        self._backend: Backend | None = None
        self._settings = settings or QSettings()
        self._pages: dict[str, QWidget] = {}
        self._stale: set[str] = set()
        self.keep_running_in_tray = False  # closing hides the window; set where a tray exists
        self.reminders: QObject | None = None  # the reminder center, once it runs
        self.safekeeping: QObject | None = None  # backups and the calendar file, once they run
        self._quitting = False
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)  # invitations, contacts and exports dropped on the window
        self.nav = QListWidget(self)
        self.nav.setAccessibleName("Pages")
        self.nav.addItems(PAGES)
        self._style_nav()
        self.stack = QStackedWidget(self)
        self.column = QVBoxLayout()  # the debrief banner goes above the page
        self.column.addWidget(self.stack, 1)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addLayout(self.column, 1)
        self.setCentralWidget(central)
        self._data_actions: list[QAction] = []
        self._shortcuts: list[tuple[QAction, object]] = []
        self._make_actions()
        self.statusBar().showMessage("Opening your data…")
        self._restore_geometry()
        if backend is not None:
            self.attach(backend)

    def attach(self, backend: Backend) -> None:
        """Second stage of start-up: open the pages on the data."""
        self._backend = backend
        for action in self._data_actions:
            action.setEnabled(True)
        for action, shortcut in self._shortcuts:
            action.setShortcut(QKeySequence(shortcut))
        self._loader = Loader(backend, self)
        self.banner = self._make_banner()
        self.column.insertWidget(0, self.banner)
        from followup_desktop.ui.widgets.reminder_banner import ReminderBanner

        self.reminder_banner = ReminderBanner(self)
        self.column.insertWidget(0, self.reminder_banner)
        self.statusBar().showMessage(f"Data folder: {backend.data_dir}")
        self.nav.currentRowChanged.connect(self._show_page)
        from followup_desktop.ui.background.data_watch import (
            DataWatch,  # a CLI import shows without F5
        )

        self.data_watch = DataWatch(backend, self)
        self.data_watch.changed.connect(self.refresh_all)
        self.dataChangedByUser.connect(self.data_watch.seen)
        from followup_desktop.ui.due.undo_offer import UndoOffer  # Edit, Undo (Ctrl+Z)

        self.undo_offer = UndoOffer(backend, self)
        self.undo_offer.undone.connect(self._show_undone)
        self._restore_page()
        # The debrief offer can wait until the window is up and filled.
        QTimer.singleShot(DEBRIEF_OFFER_DELAY_MS, self._offer_debrief)
        QTimer.singleShot(0, self._offer_first_run)  # the user's name, once (widgets/first_run.py)
        self._search_prep = Loader(backend, self)
        QTimer.singleShot(PREPARE_SEARCH_DELAY_MS, self.prepare_search)

    # -- building

    def _style_nav(self) -> None:
        font = self.nav.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.nav.setFont(font)
        self.nav.setFrameShape(QListWidget.Shape.NoFrame)
        self.nav.setBackgroundRole(self.palette().ColorRole.Window)
        height = self.nav.fontMetrics().height() * 2
        for row in range(self.nav.count()):
            self.nav.item(row).setSizeHint(QSize(0, height))
        self.nav.setFixedWidth(self.nav.fontMetrics().horizontalAdvance("Applications 999") + 32)

    def _show_due_count(self, count: int) -> None:
        self.nav.item(0).setText(f"Due  ({count:,})" if count else "Due")

    def _make_banner(self) -> QWidget:
        from followup_desktop.ui.widgets.common import plain_label

        banner = QWidget(self)
        self.banner_text = plain_label("", banner)
        self.banner_text.setWordWrap(True)
        debrief = QPushButton("Debrief now…", banner)
        debrief.clicked.connect(self._debrief_offered)
        later = QPushButton("Later", banner)
        later.clicked.connect(banner.hide)
        row = QHBoxLayout(banner)
        row.addWidget(self.banner_text, 1)
        row.addWidget(debrief)
        row.addWidget(later)
        banner.setAutoFillBackground(True)
        banner.setBackgroundRole(self.palette().ColorRole.AlternateBase)
        banner.hide()
        self._offered_interview: int | None = None
        return banner

    def _make_actions(self) -> None:
        file_menu = self.file_menu = self.menuBar().addMenu("&File")
        self.debrief_action = self._action(file_menu, "&Debrief an interview…", "Ctrl+D",
                                           lambda: self.debrief())
        self._action(file_menu, "New &application…", QKeySequence.StandardKey.New,
                     lambda: self.edit("application"))
        self._action(file_menu, "New &company…", "", lambda: self.edit("company"))
        self._action(file_menu, "New c&ontact…", "", lambda: self.edit("contact"))
        self._action(file_menu, "Add &interview…", "Ctrl+I", lambda: self.edit("interview"))
        file_menu.addSeparator()
        self._action(file_menu, "I&mport…", QKeySequence.StandardKey.Open, self.import_dialog)
        export_menu = file_menu.addMenu("&Export")
        for label, kind in (("Calendar (.ics)…", "ics"), ("Contacts (.vcf)…", "vcf"),
                            ("Applications as CSV…", "csv-applications"),
                            ("Contacts as CSV…", "csv-contacts"),
                            ("Touches as CSV (proof of job search)…", "csv-touches"),
                            ("Everything (JSON)…", "json")):
            self._action(export_menu, label, "", lambda k=kind: self.export(k))
        self._action(file_menu, "&Back up now", "", self.back_up_now)
        self._action(file_menu, "&Restore from a backup…", "", self.restore_dialog)
        file_menu.addSeparator()
        self.sample_action = self._action(file_menu, "Load &sample data", "",
                                          self.load_sample_data)
        self.preferences_action = self._action(
            file_menu, "&Preferences…", "Ctrl+,", self.preferences)  # the standard key is
        # empty on Linux and Windows
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.quit_app,
                     needs_data=False)
        view_menu = self.menuBar().addMenu("&View")
        for number, name in enumerate(PAGES):
            self._action(view_menu, name, f"Ctrl+{number + 1}",
                         lambda n=number: self.nav.setCurrentRow(n))
        view_menu.addSeparator()
        self._action(view_menu, "&Find a person or company", QKeySequence.StandardKey.Find,
                     self.find)
        self._action(view_menu, "&Refresh", QKeySequence.StandardKey.Refresh, self.refresh_all)
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&User guide", QKeySequence.StandardKey.HelpContents,
                     self.user_guide, needs_data=False)
        self._action(help_menu, "&Keyboard shortcuts", "Ctrl+/", self.keyboard_shortcuts,
                     needs_data=False)
        help_menu.addSeparator()
        self._action(help_menu, f"&About {APP_NAME}", "", self.about)
        toolbar = QToolBar("Main", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.addAction(self.debrief_action)
        toolbar.addAction("New application", lambda: self.edit("application"))
        self.addToolBar(toolbar)

    def _action(self, menu: object, text: str, shortcut: object,
                slot: Callable[[], object], needs_data: bool = True) -> QAction:
        action = QAction(text, self)
        if needs_data:  # usable once `attach` has opened the data
            action.setEnabled(False)
            self._data_actions.append(action)
        if shortcut:  # set in `attach`: key sequences cost Qt's whole key enum (~30 ms)
            self._shortcuts.append((action, shortcut))
        # `triggered` passes `checked`; a slot with a default argument (a loop variable kept
        # as `n=number`) would take it for that argument, so the slot is called with none.
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    # -- pages

    def page(self, name: str) -> QWidget:
        if name not in self._pages:
            page = _page_factory(name)(self._backend, self.stack)
            self._connect(page)
            self._pages[name] = page
            self.stack.addWidget(page)
            page.refresh()  # type: ignore[attr-defined]
        return self._pages[name]

    def _connect(self, page: QWidget) -> None:
        signals: dict[str, Callable[..., object]] = {
            "openApplication": self.open_application,
            "openContact": self.open_contact,
            "openCompany": self.open_company,
            "openAction": self.open_action,
            "composeRequested": self.compose,
            "dataChanged": self.refresh_all,
            "loadSampleRequested": self.load_sample_data,
            "debriefRequested": lambda: self.debrief(),
            "editApplicationRequested": lambda i: self.edit("application", i),
            "addInterviewRequested": lambda i: self.edit("interview", application_id=i),
            "editContactRequested": lambda i: self.edit("contact", i),
            "editCompanyRequested": lambda i: self.edit("company", i),
            "dueNowChanged": self._show_due_count,
            "undoOffered": lambda: self.undo_offer.offer(),
        }
        for name, slot in signals.items():
            signal = getattr(page, name, None)
            if signal is not None:
                signal.connect(slot)

    def _show_page(self, row: int) -> None:
        name = PAGES[max(row, 0)]
        page = self.page(name)
        self.stack.setCurrentWidget(page)
        if name in self._stale:
            self._stale.discard(name)
            page.refresh()  # type: ignore[attr-defined]

    def current_page_name(self) -> str:
        return PAGES[max(self.nav.currentRow(), 0)]

    def go_to(self, name: str) -> QWidget:
        self.nav.setCurrentRow(PAGES.index(name))
        return self.page(name)

    def refresh_all(self) -> None:
        """After a change: the visible page reloads now, the others when next shown."""
        current = self.current_page_name()
        if "Due" not in self._pages:
            self.page("Due")  # built (and read) if need be: its count is the sidebar's
        for name, page in self._pages.items():
            if name in (current, "Due"):  # Due also hidden: it keeps the sidebar's count
                page.refresh()  # type: ignore[attr-defined]
            else:
                self._stale.add(name)
        self._offer_debrief()
        self.prepare_search()
        self.dataChangedByUser.emit()

    def _show_undone(self, action_id: int | None) -> None:
        """After an undo: the pages read again; the due list selects what came back."""
        self.page("Due").select_when_shown(action_id)  # type: ignore[attr-defined]
        self.refresh_all()

    def prepare_search(self) -> None:
        """Bring the search index up to date in the background (after an import it is stale
        in full), so that the first search does not wait for it."""
        if self._backend is None:
            return
        from followup_desktop.services.views.people import prepare_search

        backend = self._backend
        self._search_prep.load(lambda: prepare_search(backend), lambda _done: None)

    # -- navigation between pages

    def open_application(self, application_id: int) -> None:
        self.go_to("Applications").show_application(application_id)  # type: ignore[attr-defined]

    def open_contact(self, contact_id: int) -> None:
        self.go_to("Contacts").show_contact(contact_id)  # type: ignore[attr-defined]

    def open_company(self, company_id: int) -> None:
        self.go_to("Contacts").show_company(company_id)  # type: ignore[attr-defined]

    def find(self) -> None:
        self.go_to("Contacts").focus_search()  # type: ignore[attr-defined]

    # -- dialogs

    def open_action(self, action_id: int) -> None:
        from followup_desktop.ui.editors.action import ActionEditor

        self._run_dialog(ActionEditor(self._backend, action_id, parent=self))

    def compose(self, action_id: int) -> None:
        from followup_desktop.ui.composer.dialog import ComposerDialog

        self._run_dialog(ComposerDialog(self._backend, action_id, parent=self))

    def edit(self, kind: str, record_id: int | None = None, **preset: int) -> None:
        from followup_desktop.ui.editors.application import ApplicationEditor
        from followup_desktop.ui.editors.company import CompanyEditor
        from followup_desktop.ui.editors.contact import ContactEditor
        from followup_desktop.ui.editors.interview import InterviewEditor

        editor_class = {"company": CompanyEditor, "contact": ContactEditor,
                        "application": ApplicationEditor, "interview": InterviewEditor}[kind]
        self._run_dialog(editor_class(self._backend, record_id, parent=self, **preset))

    def debrief(self, interview_id: int | None = None) -> None:
        from followup_desktop.ui.debrief import DebriefDialog

        self._run_dialog(DebriefDialog(self._backend, interview_id, parent=self))

    def preferences(self) -> None:
        from followup_desktop.ui.dialogs.preferences import PreferencesDialog

        dialog = PreferencesDialog(self._backend, self)
        if self._run_dialog(dialog) and dialog.replanned:
            self.statusBar().showMessage(
                f"Preferences saved; {counted(dialog.replanned, 'application')} re-planned.", 8000)

    def _run_dialog(self, dialog: QDialog) -> bool:
        """Run a dialog; refresh the pages if it wrote anything, even if it was then closed
        with Escape (the debrief is saved before it shows the plan)."""
        wrote: list[int] = []
        signal = getattr(dialog, "saved", None)
        if signal is not None:
            signal.connect(wrote.append)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if accepted or wrote:
            self.refresh_all()
        return accepted

    # -- your data in and out (ui/dialogs/transfer.py)

    def import_dialog(self) -> None:
        from followup_desktop.ui.dialogs import transfer as transfer_dialogs

        transfer_dialogs.choose_and_import(self, self._backend)

    def import_paths(self, paths: list[Path]) -> None:
        from followup_desktop.ui.dialogs import transfer as transfer_dialogs

        transfer_dialogs.import_paths(self, self._backend, paths)

    def export(self, kind: str) -> None:
        from followup_desktop.ui.dialogs import transfer as transfer_dialogs

        transfer_dialogs.export(self, self._backend, kind)

    def back_up_now(self) -> None:
        from followup_desktop.ui.dialogs import transfer as transfer_dialogs

        transfer_dialogs.back_up_now(self, self._backend)

    def restore_dialog(self) -> None:
        from followup_desktop.ui.dialogs import transfer as transfer_dialogs

        transfer_dialogs.restore(self, self._backend)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._backend is not None and _droppable(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _droppable(event.mimeData().urls())
        if paths:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.import_paths(paths))  # let the drag end first

    def load_sample_data(self) -> None:
        from followup_desktop.services.demo import load_demo
        from followup_desktop.ui.dialogs.bug_report import expected_or_raise

        try:
            count = load_demo(self._backend)
        except Exception as error:  # an expected condition is told; a bug goes on to the hook
            self._warn(expected_or_raise(error, self._backend.database_path),
                       "Could not load the sample data")
            return
        self.statusBar().showMessage(f"Loaded {counted(count, 'sample application')}.", 8000)
        self.refresh_all()

    def user_guide(self) -> None:
        from followup_desktop.ui.dialogs.help import UserGuideDialog

        UserGuideDialog(self).exec()

    def keyboard_shortcuts(self) -> None:
        from followup_desktop.ui.dialogs.help import ShortcutsDialog

        menus = [a.menu() for a in self.menuBar().actions()]
        actions = [action for menu in menus if isinstance(menu, QMenu)
                   for action in _menu_actions(menu)]
        ShortcutsDialog(actions, self).exec()

    def about(self) -> None:
        from PySide6.QtCore import Qt

        box = QMessageBox(QMessageBox.Icon.Information, f"About {APP_NAME}",
                          f"{APP_NAME} {__version__}\n\nFollow up after every job interview: "
                          "on time, in the right way, with the right person.\n\n"
                          f"Your data: {self._backend.data_dir}", parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    def _warn(self, message: str, title: str) -> None:
        """A warning titled by what happened ("Could not load the sample data")."""
        from followup_desktop.ui.widgets.common import tell

        tell(self, message, title=title)

    # -- the debrief offer after an interview ends

    def _offer_first_run(self) -> None:
        from followup_desktop.ui.widgets.first_run import offer_first_run

        offer_first_run(self, self._backend, self.column)

    def _offer_debrief(self) -> None:
        from followup_desktop.services.debrief import interviews_needing_debrief

        self._loader.load(
            lambda: interviews_needing_debrief(self._backend, self._backend.clock.now()),
            self._show_debrief_offer)

    def _show_debrief_offer(self, interviews: list) -> None:  # type: ignore[type-arg]
        if not interviews:
            self.banner.hide()
            return
        first = interviews[0]
        self._offered_interview = first.interview_id
        self.banner_text.setText(
            f"How did your interview with {first.company} go? Note who you met and what you "
            "talked about while it is fresh: the thank-you notes are planned from it.")
        self.banner.show()

    def _debrief_offered(self) -> None:
        self.banner.hide()
        self.debrief(self._offered_interview)

    # -- window state

    def _restore_geometry(self) -> None:
        """The saved size and place, kept within the screen and never below the minimum (a
        geometry saved on another screen, or by a version without a minimum, can be tiny or
        off-screen); the default size when none was saved."""
        screen = (self.screen() or QApplication.primaryScreen()).availableGeometry()
        self.setMinimumSize(MINIMUM_SIZE.boundedTo(screen.size()))
        geometry = self._settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty() \
                and self.restoreGeometry(geometry):
            self.resize(self.size().expandedTo(self.minimumSize()).boundedTo(screen.size()))
            if not any(s.availableGeometry().intersects(self.frameGeometry())
                       for s in QApplication.screens()):
                self.move(screen.topLeft())
        else:
            self.resize(DEFAULT_SIZE.boundedTo(screen.size()))

    def _restore_page(self) -> None:
        page = self._settings.value("window/page", "Due")
        row = PAGES.index(page) if page in PAGES else 0
        self.nav.setCurrentRow(row)
        self._show_page(row)  # also when the row did not change

    def close_data(self) -> None:
        """After the event loop: let background reads finish, make the backup a short session
        has not made yet, then close the database."""
        wait_for_background_work()
        if self.safekeeping is not None:
            self.safekeeping.finish()  # type: ignore[attr-defined]
        if self._backend is not None:
            self._backend.close()

    def bring_to_front(self) -> None:
        """Show the window in front of others, also when it was hidden in the tray."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def quit_app(self) -> None:
        """Quit for real, also when closing the window would only hide it in the tray."""
        self._quitting = True
        if self.close():
            QApplication.quit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.keep_running_in_tray and not self._quitting:
            self._save_window_state()
            event.ignore()
            self.hide()
            self.hiddenToTray.emit()
            return
        self._save_window_state()
        wait_for_background_work()
        super().closeEvent(event)

    def _save_window_state(self) -> None:
        self._settings.setValue("window/geometry", self.saveGeometry())
        if self._backend is not None:
            self._settings.setValue("window/page", self.current_page_name())
        self._settings.sync()
