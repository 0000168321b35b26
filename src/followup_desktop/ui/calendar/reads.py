"""Reading calendar spans off the GUI thread: one job on Qt's pool works through a queue,
most wanted first (the span shown, if it is not read yet, then the months or weeks around it),
so that paging back and forth finds them read.

Why not a `worker.Loader` per span: loaders run side by side on both pool threads (sharing the
processor, and Python's lock, with each other and with painting), each on a new SQLite
connection with a cold page cache, and a newer load drops an older one's result. Here the page
replaces the queue whenever the span shown changes; the job keeps one connection while it works,
reads one span after another and delivers each as soon as it is read. The connection is closed
when the queue runs dry, as a Loader's is after its job. A read that is no longer wanted can be
stopped where it is (SQLite's interrupt), so that the span the user is waiting for never waits
behind a read ahead.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Collection, Hashable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

if TYPE_CHECKING:
    from followup_desktop.services.backend import Backend

# What to read: a key (the span), a token the page gets back with the result (which read it
# was), and the read itself, run on the pool thread.
Item = tuple[Hashable, object, Callable[[], Any]]


class _Relay(QObject):
    arrived = Signal(object, object, object, object)  # key, token, result, error


class _Job(QRunnable):
    def __init__(self, reads: ReadQueue) -> None:
        super().__init__()
        self._reads = reads

    def run(self) -> None:
        reads = self._reads
        try:
            connection = self._connection()
            while (item := reads.take(connection)) is not None:
                key, token, read = item
                while True:
                    result, error = None, None
                    try:
                        result = read()
                    except Exception as caught:  # the page decides what a failure means
                        error = caught
                    if reads.finished(key, token, result, error):
                        break
        except BaseException:
            reads.stopped()  # else `take` says it stopped, when the queue runs dry
            raise
        finally:
            reads.backend.db.close()

    def _connection(self) -> sqlite3.Connection | None:
        """The connection the reads will use (to stop one), or None if it cannot be opened:
        then each read fails alike, and its error says why."""
        try:
            return self._reads.backend.db.connection()
        except Exception:
            return None


class ReadQueue(QObject):
    """A queue of reads worked through by one pool job; `arrived` brings each result to the
    GUI thread."""

    arrived = Signal(object, object, object, object)  # key, token, result, error

    def __init__(self, backend: Backend, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        # The queue is replaced on the GUI thread and taken from on the pool thread.
        self._lock = threading.Lock()
        self._queue: list[Item] = []
        self._running = False
        # Read or being read, and not yet delivered: (key, token) pairs.
        self._under_way: list[tuple[Hashable, object]] = []
        # The read on the pool thread now, the connection it reads with, and whether it was
        # stopped (its result is dropped) or may have been hit by a stop meant for the one
        # before it (then it is read again, once).
        self._current: tuple[Hashable, object] | None = None
        self._connection: sqlite3.Connection | None = None
        self._stopped = False
        self._retried = False
        self._relay = _Relay(self)
        self._relay.arrived.connect(self._deliver)

    def want(self, items: Sequence[Item], interrupt: bool = False,
             keep: Collection[Hashable] = ()) -> None:
        """Read these, in this order, instead of whatever was still waiting. The read under way
        finishes first, unless `interrupt` and it is neither one of `items` nor of a key in
        `keep`: then SQLite stops it and its result never comes (a read of one of `items` goes
        on, and is not read twice). An empty list stops the job after that."""
        with self._lock:
            queue = list(items)
            if interrupt and self._current is not None and not self._stopped:
                if any((key, token) == self._current for key, token, _ in queue):
                    queue = [item for item in queue if (item[0], item[1]) != self._current]
                elif self._current[0] not in keep:
                    self._stop_current()
            self._queue = queue
            start = bool(self._queue) and not self._running
            self._running = self._running or start
        if start:
            QThreadPool.globalInstance().start(_Job(self))

    def _stop_current(self) -> None:
        """Under the lock, so the job's connection is open: it closes after `take` ran dry."""
        assert self._current is not None
        self._stopped = True
        self._under_way.remove(self._current)
        if self._connection is not None:
            self._connection.interrupt()

    def under_way(self, key: Hashable) -> object | None:
        """The token of a read of `key` begun and not yet delivered (its result will come
        through `arrived`), or None."""
        with self._lock:
            return next((token for k, token in self._under_way if k == key), None)

    def _deliver(self, key: Hashable, token: object, result: object, error: object) -> None:
        with self._lock:
            self._under_way.remove((key, token))
        self.arrived.emit(key, token, result, error)

    # -- the job's side

    def take(self, connection: sqlite3.Connection | None) -> Item | None:
        with self._lock:
            if not self._queue:
                self._running = False
                self._connection = None
                return None
            item = self._queue.pop(0)
            self._current, self._connection = (item[0], item[1]), connection
            self._stopped = self._retried = False
            self._under_way.append(self._current)
            return item

    def stopped(self) -> None:
        """The job ended by an error of its own: the next `want` starts another."""
        with self._lock:
            self._running = False
            self._current = self._connection = None

    def finished(self, key: Hashable, token: object, result: object, error: object) -> bool:
        """The read of the current item ended: deliver it, unless it was stopped. False: it was
        interrupted though nobody stopped it (SQLite stops every statement begun before its
        running statements all ended, so a stop can reach the read after the one meant): the
        job reads it again."""
        with self._lock:
            stray = (not self._stopped and not self._retried
                     and isinstance(error, sqlite3.OperationalError)
                     and str(error) == "interrupted")
            if stray:
                self._retried = True
                return False
            stopped, self._current = self._stopped, None
        if not stopped:
            with contextlib.suppress(RuntimeError):  # the page and the relay are gone: nobody
                self._relay.arrived.emit(key, token, result, error)  # waits for this any more
        return True
