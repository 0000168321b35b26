"""Database reads off the GUI thread: a job runs in Qt's thread pool and its result comes back
to the GUI thread through a queued signal (the way Anki runs its collection operations).

Each job closes the worker thread's SQLite connection when it ends, so pool threads that Qt
retires leave nothing open. Results of a job that a newer job of the same loader replaced are
dropped: a fast typist never sees an older search win.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

if TYPE_CHECKING:  # the window shows before the storage layer is imported
    from followup_desktop.services.backend import Backend


class _Relay(QObject):
    finished = Signal(int, object, object)  # generation, result, error


class _Job(QRunnable):
    def __init__(self, backend: Backend, fn: Callable[[], Any], generation: int,
                 relay: _Relay) -> None:
        super().__init__()
        self._backend, self._fn, self._generation, self._relay = backend, fn, generation, relay

    def run(self) -> None:
        result, error = None, None
        try:
            result = self._fn()
        except Exception as caught:  # shown to the user by the loader's owner, in one sentence
            error = _Failure(caught, self._backend)
        finally:
            self._backend.db.close()
        # The view that asked may have been closed meanwhile, its relay with it: nobody to tell.
        with contextlib.suppress(RuntimeError):
            self._relay.finished.emit(self._generation, result, error)


class _Failure:
    """What went wrong in a job, as the sentence to show (errors.expected; a bug is logged with
    its traceback and the sentence says where), with the error itself for callers that retry."""

    def __init__(self, error: Exception, backend: Backend) -> None:
        from followup_desktop.services.errorlog import describe
        from followup_desktop.services.errors import expected

        self.error = error
        self.expected = expected(error, backend.database_path)
        self.text = str(self.expected) if self.expected is not None else describe(
            error, backend.data_dir, backend.database_path)

    def __str__(self) -> str:
        return self.text


class Loader(QObject):
    """Runs one kind of read at a time for a view; only the newest result is delivered."""

    failed = Signal(str)

    def __init__(self, backend: Backend, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._generation = 0
        self._callbacks: dict[int, Callable[[Any], None]] = {}
        self._relay = _Relay(self)
        self._relay.finished.connect(self._deliver)
        self.busy = False

    def load(self, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self._generation += 1
        self._callbacks = {self._generation: on_done}
        self.busy = True
        QThreadPool.globalInstance().start(_Job(self._backend, fn, self._generation, self._relay))

    def _deliver(self, generation: int, result: object, error: object) -> None:
        callback = self._callbacks.pop(generation, None)
        if callback is None:
            return  # a newer load replaced this one
        self.busy = False
        if error is not None:
            self.failed.emit(str(error))
            return
        callback(result)


def wait_for_background_work(timeout_ms: int = 10_000) -> bool:
    """Tests and shutdown: let running jobs finish before the database goes away."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
