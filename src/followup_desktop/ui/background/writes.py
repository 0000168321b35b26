"""A write from the window that never freezes it behind another program's lock, and never fails
without a word.

The write is first tried on the GUI thread with a short wait for the lock (GUI_LOCK_WAIT_MS):
the usual case, done at once. If another program holds the data, it is run again off the GUI
thread (Qt's thread pool, see worker.py), waiting up to BACKGROUND_LOCK_WAIT_S; if the lock is
still held then, the user is told who holds it and asked to try again. Until the write is done,
what the user asked for is kept (the change is a closure): nothing is lost, nothing is half
written (each write is one transaction). Any other failure is one sentence (errors.expected), or
a bug logged with its traceback (errorlog.py).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from followup_desktop.ui.widgets.common import tell

if TYPE_CHECKING:
    from followup_desktop.services.backend import Backend

GUI_LOCK_WAIT_MS = 100
BACKGROUND_LOCK_WAIT_S = 10.0
NORMAL_LOCK_WAIT_MS = 5000  # storage.database.PRAGMAS["busy_timeout"]


class _Relay(QObject):
    finished = Signal(object, object)  # result, error


class _Attempt(QRunnable):
    def __init__(self, backend: Backend, change: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._backend, self._change, self._relay = backend, change, relay

    def run(self) -> None:
        from followup_desktop.services.errors import is_locked

        deadline = time.monotonic() + BACKGROUND_LOCK_WAIT_S
        result: Any = None
        error: Exception | None = None
        try:
            while True:
                try:
                    result, error = self._change(), None
                    break
                except Exception as caught:
                    error = caught
                    if not is_locked(caught) or time.monotonic() >= deadline:
                        break
        finally:
            self._backend.db.close()
        # The window that asked may have been destroyed meanwhile: then no one is told.
        with contextlib.suppress(RuntimeError):
            self._relay.finished.emit(result, error)


class WriteRunner(QObject):
    """Runs the window's writes as the module docstring says; `on_done(result)` runs on the GUI
    thread once a write succeeded."""

    waiting = Signal(str)  # who holds the lock, while the write waits off the GUI thread
    # A write that waited off the GUI thread is over (True: written), retries included: what
    # was held back for it (closing a dialog, say) may go on.
    settled = Signal(bool)

    def __init__(self, backend: Backend, parent: QWidget) -> None:
        super().__init__(parent)
        self._backend, self._parent = backend, parent
        self._on_error: Callable[[Exception], bool] | None = None
        self.busy = False

    def run(self, change: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[Exception], bool] | None = None) -> None:
        """`on_error(error)` may show a refusal itself (a form at its field): True if it did."""
        from followup_desktop.services.errors import is_locked

        self._on_error = on_error
        try:
            result = self._at_once(change)
        except Exception as error:
            if is_locked(error):
                self._in_background(change, on_done)
            elif not self._handled(error):
                self._failed(error)
            return
        on_done(result)

    def _handled(self, error: Exception) -> bool:
        return self._on_error is not None and self._on_error(error)

    def _at_once(self, change: Callable[[], Any]) -> Any:
        db = self._backend.db
        db.execute_sql(f"PRAGMA busy_timeout = {GUI_LOCK_WAIT_MS}")
        try:
            return change()
        finally:
            db.execute_sql(f"PRAGMA busy_timeout = {NORMAL_LOCK_WAIT_MS}")

    def _in_background(self, change: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        from followup_desktop.services.errors import locked_error

        self.busy = True
        self.waiting.emit(str(locked_error(self._backend.database_path)))
        relay = _Relay(self)

        def finished(result: object, error: object) -> None:
            relay.deleteLater()
            self.busy = False
            if error is None:
                on_done(result)
            elif isinstance(error, Exception) and not self._handled(error):
                self._failed(error, lambda: self._in_background(change, on_done))
            if not self.busy:  # (a retry the user asked for is waiting again)
                self.settled.emit(error is None)

        relay.finished.connect(finished, Qt.ConnectionType.QueuedConnection)
        QThreadPool.globalInstance().start(_Attempt(self._backend, change, relay))

    def _failed(self, error: Exception, retry: Callable[[], None] | None = None) -> None:
        from followup_desktop.services.errorlog import describe
        from followup_desktop.services.errors import is_locked

        text = describe(error, self._backend.data_dir, self._backend.database_path,
                        "saving a change")
        if retry is not None and is_locked(error):
            if ask_retry(self._parent, text):
                retry()
            return
        show_error(self._parent, text)


def told(parent: QWidget, backend: Backend, title: str) -> Callable[[Exception], bool]:
    """An `on_error` for writes whose refusals were always told in a message box: an expected
    condition (a refusal, a field's check, a full disk, a damaged file) is still told there,
    under `title`. A held lock is left to the runner (its retry offer), and so is a bug
    (logged, and the user told where)."""
    from followup_desktop.domain.validation import ValidationError
    from followup_desktop.services.errors import expected, is_locked

    def on_error(error: Exception) -> bool:
        if is_locked(error):
            return False
        known = error if isinstance(error, ValidationError) \
            else expected(error, backend.database_path)
        if known is None:
            return False
        tell(parent, str(known), title=title)
        return True

    return on_error


class WritingDialog(QDialog):
    """A dialog whose writes go through its WriteRunner (`self._writes`, made here).

    While a write waits off the GUI thread, closing the dialog (Close, Cancel, Escape, the
    title bar) waits for it: the runner is the dialog's child and calls back into it, and the
    window that ran the dialog applies what it wrote when `exec()` returns. Once the write is
    made the dialog closes as asked; if it was not (the user gave up retrying), the dialog
    stays open with what the user typed, and closing again closes it.
    """

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._writes = WriteRunner(backend, self)
        self._writes.settled.connect(self._write_settled)
        self._close_asked: int | None = None

    def done(self, result: int) -> None:
        if self._writes.busy:
            self._close_asked = result
            return
        super().done(result)

    def _write_settled(self, written: bool) -> None:
        asked, self._close_asked = self._close_asked, None
        if written and asked is not None and self.isVisible():
            super().done(asked)


def ask_retry(parent: QWidget, text: str) -> bool:
    """Another program still holds the data: try again? (What was asked is kept meanwhile.)"""
    box = QMessageBox(QMessageBox.Icon.Warning, "Could not save yet",
                      text + "\n\nYour change is kept until it can be saved.", parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setStandardButtons(QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Retry)
    return box.exec() == QMessageBox.StandardButton.Retry


def show_error(parent: QWidget, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, "Could not save", text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
