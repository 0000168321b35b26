"""Noticing that the data changed underneath the window: a command-line import or `done` in
another process, a write of the window's own background work. The pages then refresh as after
a change made in the window, without F5.

How: the calendar's data version (services.calendar.data_version: SQLite's data_version, which
changes with any other connection's commit, plus the schema cookie and this connection's own
changes to what the pages show) is asked on a timer while the window is on screen, and at
once when the window is activated (the user comes back from the terminal). Asking costs one
small query of pragmas, a few microseconds; nothing is read while nothing changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from followup_desktop.services.backend import Backend

POLL_MS = 2000


class DataWatch(QObject):
    """`changed` when a commit may have changed what the pages show since the window last
    looked (`seen`: the window calls it after each refresh of its own)."""

    changed = Signal()

    def __init__(self, backend: Backend, window: QWidget, interval_ms: int = POLL_MS) -> None:
        super().__init__(window)
        self._backend = backend
        self._window = window
        self._version: tuple[int, ...] | None = None  # first read on the first look: start-up
        self.timer = QTimer(self)  # imports none of the data layers for it
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        window.installEventFilter(self)

    def _read(self) -> tuple[int, ...] | None:
        from followup_desktop.services.views import calendar

        try:
            return calendar.data_version(self._backend)
        except Exception:  # a closed or replaced database: nothing to watch now
            return None

    def seen(self) -> None:
        """What the data is now is what the pages show (they were just refreshed)."""
        self._version = self._read()

    def check(self) -> bool:
        """Look once; True (and `changed`) when the data changed since last seen."""
        if not self._window.isVisible() or self._window.isMinimized():
            return False  # nothing on screen to bring up to date; activation looks again
        version, before = self._read(), self._version
        self._version = version
        if version is None or before is None or version == before:
            return False
        self.changed.emit()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() in (QEvent.Type.WindowActivate,
                                                        QEvent.Type.Show):
            QTimer.singleShot(0, self.check)  # after the event: the window is shown by then
        return False
