"""The window's sync timers (services/sync/schedule.py decides, this carries it out): the next
automatic sync (at start, every period, or a retry), the settle timer after a change, and the
sync itself off the GUI thread through the app's Loader (ui/background/worker.py).

Idle, nothing runs but these coarse single-shot timers: no polling of the server, no CPU.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from followup_desktop.services.sync.schedule import Delays, Kind, Outcome, Turns
from followup_desktop.services.sync.turn import Report
from followup_desktop.ui.background.worker import Loader

if TYPE_CHECKING:
    from followup_desktop.services.backend import Backend


class SyncWatch(QObject):
    started = Signal(object)  # the Kind of a sync that starts now
    reported = Signal(object)  # the Report of a sync that ended (or was not needed)

    def __init__(self, backend: Backend, run: Callable[[Kind], Report], delays: Delays,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._run = run
        self.turns = Turns(delays)
        self.retry_ms: int | None = None  # after a network fault: when it is tried again
        self.by_user = False  # the running sync was asked for (File, Sync now)
        self._loader = Loader(backend, self)
        self._loader.failed.connect(self._crashed)
        self.timer = self._timer(Qt.TimerType.VeryCoarseTimer, lambda: self.sync(Kind.FULL))
        self.settle = self._timer(Qt.TimerType.CoarseTimer, lambda: self.sync(Kind.CHANGE))

    def _timer(self, kind: Qt.TimerType, slot: Callable[[], object]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setTimerType(kind)
        timer.timeout.connect(slot)
        return timer

    @property
    def busy(self) -> bool:
        return self._loader.busy

    @property
    def delays(self) -> Delays:
        return self.turns.delays

    def start(self, delay_ms: int | None = None) -> None:
        self.timer.start(self.delays.start_ms if delay_ms is None else delay_ms)

    def stop(self) -> None:
        """No account any more: nothing until one is set up (a running sync ends alone)."""
        self.timer.stop()
        self.settle.stop()
        self.turns.reset()

    def changed(self) -> None:
        """A change here: a sync once the burst of changes has settled."""
        if self.turns.changed():
            self.settle.start(self.delays.settle_ms)

    def sync(self, kind: Kind, by_user: bool = False) -> bool:
        """Start a sync unless one runs (then it follows that one); False when not started."""
        if not self.turns.ask(kind, by_user):
            return False
        if kind is Kind.FULL:  # it reads the plan as it is now: a settling change goes too
            self.timer.stop()
            self.settle.stop()
        self.by_user = by_user
        self.started.emit(kind)
        self._loader.load(lambda: self._run(kind), self._done)
        return True

    def _done(self, report: Report) -> None:
        after = self.turns.finished(report.outcome)
        if after.stop:
            self.timer.stop()
            self.settle.stop()
        elif after.wait_ms is not None:
            self.timer.start(after.wait_ms)
        self.retry_ms = after.retry_ms
        self.reported.emit(report)
        if after.run_now is not None:
            self.sync(after.run_now)

    def _crashed(self, text: str) -> None:
        """A bug in the sync (it reports every fault it expects): said, and tried again later
        as a fault that may pass, so a bug does not stop the syncs for the session."""
        self._done(Report(Outcome.OFFLINE, text))
