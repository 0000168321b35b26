"""The main window: a sidebar of pages (due, calendar, applications, contacts), the menus and
the wiring between pages and dialogs (the window's parts are in ui/window/).

Start-up is staged: the window's frame (sidebar, menus) shows first, importing nothing but Qt's
widgets; `attach` then opens the pages on the data. Pages are built the first time they are
shown and load their data in the background, so start-up does not grow with the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from followup_desktop import APP_NAME
from followup_desktop.domain.counts import counted
from followup_desktop.services.changes import Changed
from followup_desktop.ui.background.worker import Loader, wait_for_background_work
from followup_desktop.ui.window.geometry import restore_geometry
from followup_desktop.ui.window.menus import MenuActions, build_menus, menu_bar_actions
from followup_desktop.ui.window.pages import (
    PAGES,
    connect_page,
    make_nav,
    page_factory,
    refresh_pages,
    show_due_count,
)
from followup_desktop.ui.window.port import DataWindow

if TYPE_CHECKING:  # types only: each Qt class named here costs start-up time when imported
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent

    from followup_desktop.services.backend import Backend
    from followup_desktop.services.views.first_screen import FirstScreenReader

DEBRIEF_OFFER_DELAY_MS = 1500
PREPARE_SEARCH_DELAY_MS = 2000


class MainWindow(DataWindow):
    hiddenToTray = Signal()

    def __init__(self, backend: Backend | None = None, settings: QSettings | None = None) -> None:
        super().__init__()
        self._backend: Backend | None = None
        self._settings = settings or QSettings()
        self._pages: dict[str, QWidget] = {}
        self._first_reader: FirstScreenReader | None = None
        self._stale: set[str] = set()
        self.keep_running_in_tray = False  # closing hides the window; set where a tray exists
        self.reminders: QObject | None = None  # the reminder center, once it runs
        self.safekeeping: QObject | None = None  # backups and the calendar file, once they run
        self._quitting = False
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)  # invitations, contacts and exports dropped on the window
        self.nav = make_nav(self)
        self.stack = QStackedWidget(self)
        self.column = QVBoxLayout()  # the debrief banner goes above the page
        self.column.addWidget(self.stack, 1)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addLayout(self.column, 1)
        self.setCentralWidget(central)
        self._actions = MenuActions(self)
        build_menus(self, self._actions)
        self.statusBar().showMessage("Opening your data…")
        restore_geometry(self, self._settings)
        if backend is not None:
            self.attach(backend)

    def show_first_screen(self, reader: FirstScreenReader) -> bool:
        """First stage of start-up, when the window will open on the due list: fill it from
        the first screen's reader (services/views/first_screen.py); nothing in it can be
        changed until `attach`. False when the window opens on another page."""
        if self._settings.value("window/page", "Due") != "Due":
            return False
        from followup_desktop.ui.due.model import load_snapshot
        from followup_desktop.ui.due.page import DuePage

        snapshot = load_snapshot(reader)  # type: ignore[arg-type]
        page = DuePage(reader, self.stack)  # type: ignore[arg-type]  # reads only, until attach
        self._pages["Due"] = page
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        page.show_first_screen(snapshot)
        self._first_reader = reader  # the page may read more rows until attach
        show_due_count(self.nav, snapshot.overview.due_now)
        self.nav.setCurrentRow(0)
        return True

    def attach(self, backend: Backend) -> None:
        """Second stage of start-up: open the pages on the data."""
        self._backend = backend
        first = self._pages.get("Due")
        if self._first_reader is not None:
            self._first_reader.close()
            self._first_reader = None
        if first is not None:  # the first screen's page: from now on on the data
            first.attach(backend)  # type: ignore[attr-defined]
            connect_page(self, first)
            first.refresh()  # type: ignore[attr-defined]
        self._actions.enable()
        self._loader = Loader(backend, self)
        from followup_desktop.ui.widgets.debrief_banner import DebriefBanner

        self.banner = DebriefBanner(self)
        self.banner.debriefRequested.connect(self.debrief)
        self.column.insertWidget(0, self.banner)
        from followup_desktop.ui.widgets.reminder_banner import ReminderBanner

        self.reminder_banner = ReminderBanner(self)
        self.column.insertWidget(0, self.reminder_banner)
        self.statusBar().showMessage(f"Data folder: {backend.data_dir}")
        self.nav.currentRowChanged.connect(self._show_page)
        from followup_desktop.ui.background.data_watch import DataWatch  # a CLI import, no F5

        self.data_watch = DataWatch(backend, self)
        self.data_watch.changed.connect(self.refresh_all)
        self.dataChangedByUser.connect(lambda _changes: self.data_watch.seen())
        from followup_desktop.ui.due.undo_offer import UndoOffer  # Edit, Undo (Ctrl+Z)

        self.undo_offer = UndoOffer(backend, self)
        self.undo_offer.undone.connect(self._show_undone)
        from followup_desktop.ui.mail.hookup import MailInWindow  # replies from the mailbox

        self.mail = MailInWindow(self, backend, self.column)
        from followup_desktop.ui.sync.hookup import SyncInWindow  # the calendar server
        self.sync = SyncInWindow(self, backend)
        self._restore_page()
        # The debrief offer can wait until the window is up and filled.
        QTimer.singleShot(DEBRIEF_OFFER_DELAY_MS, self._offer_debrief)
        QTimer.singleShot(0, self._offer_first_run)  # the user's name, once (widgets/first_run.py)
        self._search_prep = Loader(backend, self)
        QTimer.singleShot(PREPARE_SEARCH_DELAY_MS, self.prepare_search)

    # -- pages

    def page(self, name: str) -> QWidget:
        if name not in self._pages:
            page = page_factory(name)(self._backend, self.stack)
            connect_page(self, page)
            self._pages[name] = page
            self.stack.addWidget(page)
            page.refresh()  # type: ignore[attr-defined]
        return self._pages[name]

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
        """F5, an import, a restore, a change made by another program: every page reads again."""
        self.apply_changes(Changed.EVERYTHING)

    def apply_changes(self, changes: Changed) -> None:
        """After a write: each page that shows what changed reads again (the visible one and
        Due, whose count is the sidebar's, now; the others when next shown)."""
        if "Due" not in self._pages:
            self.page("Due")  # built (and read) if need be
        self._stale |= refresh_pages(self._pages, self.current_page_name(), changes)
        if changes & (Changed.INTERVIEWS | Changed.PLAN):
            self._offer_debrief()
        if changes & (Changed.PEOPLE | Changed.APPLICATIONS):
            self.prepare_search()
        self.dataChangedByUser.emit(changes)

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
        from followup_desktop.ui.window.preferences import open_preferences

        open_preferences(self, self._backend, self.mail.account_entry(), self._run_dialog)

    def _run_dialog(self, dialog: QDialog) -> bool:
        """Run a dialog; apply what it wrote, even if it was then closed with Escape (the
        debrief is saved before it shows the plan). A dialog says what its writes change in
        `changes` (services/changes.py); one that does not is taken to change everything."""
        wrote: list[int] = []
        signal = getattr(dialog, "saved", None)
        if signal is not None:
            signal.connect(wrote.append)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if accepted or wrote:
            self.apply_changes(getattr(dialog, "changes", Changed.EVERYTHING))
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
        from followup_desktop.ui.dialogs.transfer import droppable

        if self._backend is not None and droppable(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        from followup_desktop.ui.dialogs.transfer import droppable

        paths = droppable(event.mimeData().urls())
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

        ShortcutsDialog(menu_bar_actions(self.menuBar()), self).exec()

    def about(self) -> None:
        from followup_desktop.ui.dialogs.help import show_about

        show_about(self, self._backend.data_dir)

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
            self.banner.offer)

    # -- window state

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
