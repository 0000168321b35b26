"""The window's last line against bugs: an exception no one caught (in a slot, a timer, a
thread) is logged with its traceback in the data folder's log file (services/errorlog.py) and
the user sees one plain-text box, "Something went wrong", naming that file and saying that the
data is safe; the app runs on.

A storm of errors (a timer that fails every second) shows one box at a time, and the log keeps
the first traceback of each kind whole and counts the repeats in one line each, so the first
traceback is not rotated away. The hooks may be called from any thread: the log is written
there, and the box is shown on the GUI thread through a queued signal.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from followup_desktop import APP_NAME

if TYPE_CHECKING:  # installed before the first screen, which names none of Qt's enums
    from PySide6.QtWidgets import QMessageBox

TITLE = "Something went wrong"
SAFE = (f"Your data is safe: everything saved before this is kept, and {APP_NAME} keeps "
        "running. If what you were doing did not finish, try it again.")
REPEATS_LOGGED_IN_FULL = 1
REPEATS_COUNTED_EACH = 10  # then every tenth: a storm does not rotate the log away
_INSTALLED: list[BugReporter] = []


def install(window: QWidget, data_dir: Path) -> BugReporter:
    """Catch what nothing else caught, from now on (a second call replaces the first)."""
    uninstall()
    reporter = BugReporter(window, data_dir)
    reporter.previous_hook = sys.excepthook
    reporter.previous_thread_hook = threading.excepthook
    sys.excepthook = reporter.excepthook
    threading.excepthook = reporter.thread_excepthook
    _INSTALLED.append(reporter)
    return reporter


def uninstall() -> None:
    """Give the hooks back (at quit: what fails after the window is gone goes to stderr)."""
    while _INSTALLED:
        reporter = _INSTALLED.pop()
        if sys.excepthook == reporter.excepthook:
            sys.excepthook = reporter.previous_hook
        if threading.excepthook == reporter.thread_excepthook:
            threading.excepthook = reporter.previous_thread_hook
        reporter.box_closed()


class BugReporter(QObject):
    """Logs an uncaught exception and tells the user, one box at a time."""

    _tell = Signal(str)

    def __init__(self, window: QWidget, data_dir: Path) -> None:
        super().__init__()  # not the window's child: it outlives a closed window
        self._window, self.data_dir = window, data_dir
        self.previous_hook = sys.__excepthook__
        self.previous_thread_hook = threading.__excepthook__
        self.box: QMessageBox | None = None
        self.seen: dict[tuple[str, ...], int] = {}
        self._lock = threading.Lock()
        self._connected = False

    def excepthook(self, kind: type[BaseException], error: BaseException,
                   tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt) or QApplication.instance() is None:
            self.previous_hook(kind, error, tb)
            return
        self.report(error.with_traceback(tb) if tb is not None else error)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            self.previous_thread_hook(args)
            return
        name = args.thread.name if args.thread is not None else "a thread"
        self.report(args.exc_value, f"in {name}")

    def report(self, error: BaseException, doing: str = "") -> None:
        """Log `error` (in full the first time, counted after) and ask for the box."""
        try:
            text = self._log(error, doing)
        except Exception:  # the report itself failed: the traceback still reaches stderr
            traceback.print_exception(error, file=sys.stderr)
            return
        self._connect_box()
        self._tell.emit(text)

    def _connect_box(self) -> None:
        """Queued even on the GUI thread: the hook returns at once, the box comes next.
        Connected at the first report, not at install: naming a connection type makes PySide6
        create every enum of Qt's namespace, which the first screen does without."""
        with self._lock:
            if not self._connected:
                from PySide6.QtCore import Qt

                self._tell.connect(self._show, Qt.ConnectionType.QueuedConnection)
                self._connected = True

    def _log(self, error: BaseException, doing: str) -> str:
        from followup_desktop.services.errorlog import log_path, logger, report_bug
        from followup_desktop.services.errors import expected

        key = _signature(error)
        with self._lock:
            times = self.seen[key] = self.seen.get(key, 0) + 1
        if times <= REPEATS_LOGGED_IN_FULL:
            said = report_bug(error, self.data_dir, doing)
        else:
            if times <= REPEATS_COUNTED_EACH or times % REPEATS_COUNTED_EACH == 0:
                with contextlib.suppress(OSError):
                    logger(self.data_dir).error("the same unexpected error again (%d times): "
                                                "%s: %s", times, type(error).__name__, error)
            said = (f"Something unexpected went wrong ({type(error).__name__}: {error}); "
                    f"this is a bug: the details are in {log_path(self.data_dir)}.")
        known = expected(error)
        if known is not None:  # an expected condition that slipped past its handler
            said = f"{known} (The details are in {log_path(self.data_dir)}.)"
        return f"{said}\n\n{SAFE}"

    def _show(self, text: str) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        if self.box is not None:  # one box at a time: the log has the rest
            return
        parent = self._window if isValid(self._window) and self._window.isVisible() else None
        box = QMessageBox(QMessageBox.Icon.Critical, TITLE, text, QMessageBox.StandardButton.Ok,
                          parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self.box_closed)
        self.box = box
        box.open()

    def box_closed(self) -> None:
        self.box = None


def expected_or_raise(error: Exception, database: Path | None = None) -> str:
    """The one sentence of an expected condition (services/errors.py: a refusal, a full disk,
    a held lock, a damaged file) to show under a title that says what failed; a bug is raised
    on, to the hooks above."""
    from followup_desktop.services.errors import expected

    known = expected(error, database)
    if known is None:
        raise error
    return str(known)


def _signature(error: BaseException) -> tuple[str, ...]:
    """What makes two errors "the same": their type and where they were raised."""
    frames = traceback.extract_tb(error.__traceback__)
    last = frames[-1] if frames else None
    where = (last.filename, str(last.lineno)) if last is not None else ("", "")
    return (type(error).__qualname__, *where)
