"""Checking the mailbox while the app runs: soon after start, every CHECK_EVERY_MS, and when
the user asks; always off the GUI thread (ui/background/worker.py), never two at once.

A failed check (the network is down, the server refuses) is one line in the status bar and is
tried again later, waiting twice as long each time up to CHECK_EVERY_MS: a laptop without
network does not hammer anything, and the first check after it comes back is at most one
period late. Between checks nothing runs but one coarse timer, so the idle app costs no CPU.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from followup_desktop.ui.background.worker import Loader

if TYPE_CHECKING:
    from followup_desktop.services.backend import Backend

START_DELAY_MS = 20_000  # after the window is up and filled
CHECK_EVERY_MS = 15 * 60_000
FIRST_RETRY_MS = 60_000


class Summary(Protocol):
    text: str  # one line for the status bar


class MailWatch(QObject):
    """`check()` returns a Summary, or None when no mailbox is set up (then nothing is said)."""

    checked = Signal(object)  # the Summary of a check that stored its findings
    said = Signal(str)  # a line for the status bar

    def __init__(self, backend: Backend, check: Callable[[], Summary | None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._check = check
        self._loader = Loader(backend, self)
        self._loader.failed.connect(self._failed)
        self._retry_ms = FIRST_RETRY_MS
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self.timer.timeout.connect(self.check_now)

    @property
    def busy(self) -> bool:
        return self._loader.busy

    def start(self, delay_ms: int = START_DELAY_MS) -> None:
        self.timer.start(delay_ms)

    def check_now(self) -> bool:
        """Start a check unless one runs; False when one was already running."""
        if self._loader.busy:
            return False
        self.timer.stop()
        self._loader.load(self._check, self._done)
        return True

    def _done(self, summary: Any) -> None:
        self._retry_ms = FIRST_RETRY_MS
        self.timer.start(CHECK_EVERY_MS)
        if summary is not None:
            self.said.emit(summary.text)
            self.checked.emit(summary)

    def _failed(self, text: str) -> None:
        wait = self._retry_ms
        self._retry_ms = min(self._retry_ms * 2, CHECK_EVERY_MS)
        self.timer.start(wait)
        minutes = max(1, round(wait / 60_000))
        self.said.emit(f"Mail not checked: {text} Trying again in {minutes} min.")
