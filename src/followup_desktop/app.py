"""Start-up of the window: check the display, create the QApplication, open the data, show."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from followup_desktop import APP_ID, APP_NAME, APP_SLUG

EXIT_NO_DISPLAY = 1
REMINDERS_AFTER_MS = 1000
_SIGNAL_WAKEUP: list[object] = []

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QApplication

    from followup_desktop.services.backend import Backend
    from followup_desktop.system.single_instance import SingleInstance
    from followup_desktop.ui.main_window import MainWindow


def display_problem() -> str | None:
    """One sentence saying why no window can open here, or None if one probably can.

    Qt aborts the process when it cannot reach a display; this says it kindly first.
    """
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("WAYLAND_DISPLAY"):
        return None
    display = os.environ.get("DISPLAY", "")
    if not display:
        return (f"No display found (DISPLAY and WAYLAND_DISPLAY are unset): start {APP_SLUG} "
                f"from a desktop session, or use a command such as '{APP_SLUG} due'.")
    local = re.fullmatch(r":(\d+)(?:\.\d+)?", display)
    if local and not Path(f"/tmp/.X11-unix/X{local.group(1)}").exists():
        return f"The display {display} is not running: start {APP_SLUG} from a desktop session."
    return None


def run_gui(data_dir: Path, quit_after_shown: bool = False, quit_when_ready: bool = False,
            hidden: bool = False, quit_when_listed: bool = False) -> int:
    """Show the window's frame first, then open the data and fill the pages (staged start-up).

    `quit_after_shown` quits once the frame is on screen (start-to-window timing, smoke tests);
    `quit_when_ready` once the due list is filled from the database (start-up to interactive);
    `quit_when_listed` once it lists what is due, from the first screen when it can (start-up
    to a filled list).
    `hidden` (start at login) keeps the window hidden if a tray icon can stand in for it.
    A second launch on the same data folder brings the running window to the front and exits.
    """
    problem = display_problem()
    if problem:
        print(f"{APP_SLUG}: {problem}", file=sys.stderr)
        return EXIT_NO_DISPLAY
    from followup_desktop.system.single_instance import SingleInstance, activate_running

    instance = SingleInstance(data_dir)
    if not instance.acquire():
        if activate_running(data_dir):
            print(f"{APP_SLUG}: already running; its window was brought to the front.")
        else:
            print(f"{APP_SLUG}: already running on {data_dir}.")
        return 0
    try:
        return _run(instance, data_dir, quit_after_shown, quit_when_ready, hidden,
                    quit_when_listed)
    finally:
        instance.release()


def _run(instance: SingleInstance, data_dir: Path, quit_after_shown: bool,
         quit_when_ready: bool, hidden: bool, quit_when_listed: bool = False) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from followup_desktop.system.datadir import move_old_settings, set_application_names
    from followup_desktop.system.resources import app_icon
    from followup_desktop.ui.main_window import MainWindow
    from followup_desktop.ui.theme import apply_theme

    set_application_names()
    move_old_settings()  # before anything reads the settings
    app = QApplication(sys.argv[:1])
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    apply_theme(app)  # readable secondary text; before any widget is made
    window = MainWindow()
    if not (hidden and _tray_available()):
        window.show()
    from followup_desktop.ui.dialogs import bug_report

    bug_report.install(window, data_dir)  # a bug in a slot: logged, told once, the app runs on
    if quit_after_shown:
        QTimer.singleShot(0, app.quit)
    else:
        def next_stage() -> None:
            """Once the first screen is up (a signal before it ends the process as the
            default handlers do: nothing is written until the data is open). Later launches
            wait for the socket (see activate_running); the window comes first."""
            _quit_on_signals(app)
            instance.listen(window.bring_to_front)

        QTimer.singleShot(0, lambda: _first_screen(app, window, data_dir, quit_when_ready,
                                                   quit_when_listed, next_stage))
    status = app.exec()
    bug_report.uninstall()
    window.close_data()
    return status


def _tray_available() -> bool:
    from PySide6.QtWidgets import QSystemTrayIcon

    return QSystemTrayIcon.isSystemTrayAvailable()


def _quit_on_signals(app: QApplication) -> None:
    """SIGTERM (what a logout sends), SIGHUP and SIGINT end the app as Quit does: the event
    loop returns, the backup at quit runs, the database, its -wal, the session marker, the lock
    and the socket are cleaned up. Python runs signal handlers only between bytecodes, which
    Qt's event loop never reaches on its own: the C-level handler writes to a socket that Qt
    watches."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    try:
        signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    except ValueError:  # not the main thread (tests that run the app in a thread)
        reader.close()
        writer.close()
        return
    for number in (signal.SIGTERM, signal.SIGINT, getattr(signal, "SIGHUP", None)):
        if number is not None:
            signal.signal(number, lambda *_: None)  # the wake-up byte does the work
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def quit_now() -> None:
        try:
            reader.recv(64)
        except BlockingIOError:
            return
        app.quit()

    notifier.activated.connect(quit_now)
    _SIGNAL_WAKEUP[:] = [reader, writer, notifier]  # kept alive as long as the app
    app.aboutToQuit.connect(lambda: signal.set_wakeup_fd(-1))


def _first_screen(app: QApplication, window: MainWindow, data_dir: Path,
                  quit_when_ready: bool, quit_when_listed: bool,
                  next_stage: Callable[[], None]) -> None:
    """First stage: the due list read with sqlite3 alone (services/views/first_screen.py) and
    painted; the signal handlers, the single-instance socket, peewee, the Backend and the
    other pages come in the next stage (`next_stage`, then `_open_data`)."""
    import sqlite3

    from PySide6.QtCore import QTimer

    from followup_desktop.domain.clock import SystemClock
    from followup_desktop.services.views.first_screen import open_first_screen

    listed = False
    reader = open_first_screen(data_dir, SystemClock())
    if reader is not None:
        try:
            listed = window.show_first_screen(reader)  # the window keeps it until attach
        except sqlite3.Error:  # changed under us (another program writing): the usual path
            listed = False
        if not listed:
            reader.close()
    if quit_when_listed and listed:
        QTimer.singleShot(0, app.quit)
        return
    QTimer.singleShot(0, next_stage)
    QTimer.singleShot(0, lambda: _open_data(app, window, data_dir,
                                            quit_when_ready or quit_when_listed))


def _open_data(app: QApplication, window: MainWindow, data_dir: Path,
               quit_when_ready: bool) -> None:
    """Second stage: open the database (a clear message if it cannot be) and fill the window;
    then start the reminders."""
    from PySide6.QtCore import QTimer

    from followup_desktop.services.backend import Backend
    from followup_desktop.services.errors import UserError
    from followup_desktop.ui.theme import install_focus_ring

    install_focus_ring(app)  # after the first paint (ui/focus_ring.py says why)
    try:
        backend = Backend(data_dir)
    except UserError as error:
        backend = _rescued(data_dir, str(error))
        if backend is None:
            app.exit(2)
            return
    window.attach(backend)
    if quit_when_ready:
        window.page("Due").loaded.connect(app.quit)
    # What was missed can wait a moment: the window is filled first.
    QTimer.singleShot(REMINDERS_AFTER_MS, lambda: _start_background(app, window, backend))


def _start_background(app: QApplication, window: MainWindow, backend: Backend) -> None:
    """The reminders, then the backups and the calendar file."""
    import gc

    from followup_desktop.notify.center import ReminderCenter
    from followup_desktop.ui.dialogs.safekeeping import Safekeeping

    # What start-up made (modules, classes, Qt wrappers) lives as long as the app: keeping it
    # out of the collector's full passes shortens the pauses they cause while the user works.
    gc.freeze()

    center = ReminderCenter(window, backend)
    window.reminders = center
    # Closing the window keeps the app (and its reminders) in the tray only where one exists;
    # elsewhere the app ends with its window, leaving nothing running the user cannot reach.
    window.keep_running_in_tray = center.tray is not None
    app.setQuitOnLastWindowClosed(center.tray is None)
    if center.tray is None and not window.isVisible():
        window.show()
    center.start()
    window.safekeeping = Safekeeping(window, backend)
    window.safekeeping.start()


def _rescued(data_dir: Path, problem: str) -> Backend | None:
    """A database that cannot be opened: offer the newest good backup, else say what is wrong."""
    from datetime import UTC, datetime

    from PySide6.QtWidgets import QMessageBox

    from followup_desktop.services.backend import Backend
    from followup_desktop.services.errors import UserError
    from followup_desktop.services.safekeeping import backups
    from followup_desktop.ui.widgets.common import ask

    good = backups.rescue_candidate(data_dir)
    if good is None:
        _refuse(problem)
        return None
    when = good.created_utc.astimezone().strftime("%a %d %b %Y, %H:%M")
    if not ask(None, f"{problem}\n\nRestore the newest good backup, of {when}? The file that "
                     "cannot be opened is kept in the backups folder.", QMessageBox.Icon.Critical,
               title="Your data cannot be opened"):
        return None
    try:
        from followup_desktop.services.safekeeping.rescue import rescue

        rescue(data_dir, good, datetime.now(UTC))
        return Backend(data_dir)
    except UserError as error:
        _refuse(str(error))
        return None


def _refuse(message: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    from followup_desktop.ui.widgets.common import tell

    tell(None, message, QMessageBox.Icon.Critical, title="Your data cannot be opened")
