"""The window's sync timers (ui/sync/watch.py) with a sync that only reports what it is told:
a burst of changes is one sync once it settles, a change while a sync runs is synced after it,
a full sync takes a settling change along, a network fault arms the retry, a refused password
arms nothing. The real server's side is tests/gui/test_journey_sync_window.py."""

from __future__ import annotations

import threading

from followup_desktop.services.sync.schedule import Delays, Kind, Outcome
from followup_desktop.services.sync.turn import Report
from followup_desktop.ui.sync.watch import SyncWatch

DELAYS = Delays(start_ms=10, every_ms=60_000, settle_ms=150, first_retry_ms=20_000)


class FakeSync:
    """Counts the syncs, each ending as `outcome`; `gate` holds one running while closed."""

    def __init__(self) -> None:
        self.runs: list[Kind] = []
        self.outcome = Outcome.SYNCED
        self.gate = threading.Event()
        self.gate.set()

    def __call__(self, kind: Kind) -> Report:
        self.runs.append(kind)
        self.gate.wait(5)
        return Report(self.outcome)


def make_watch(qtbot, backend) -> tuple[SyncWatch, FakeSync, list[Report]]:
    fake = FakeSync()
    watch = SyncWatch(backend, fake, DELAYS)
    reports: list[Report] = []
    watch.reported.connect(reports.append)
    return watch, fake, reports


def test_a_burst_of_changes_is_one_sync_once_it_settles(qtbot, backend):
    watch, fake, reports = make_watch(qtbot, backend)
    for _ in range(5):
        watch.changed()
        qtbot.wait(30)
    assert fake.runs == []  # still settling: each change starts the wait again
    qtbot.waitUntil(lambda: len(reports) == 1)
    qtbot.wait(DELAYS.settle_ms * 2)
    assert fake.runs == [Kind.CHANGE]
    assert watch.timer.isActive() and watch.timer.remainingTime() > 50_000  # the period


def test_a_change_while_a_sync_runs_is_synced_after_it(qtbot, backend):
    watch, fake, reports = make_watch(qtbot, backend)
    fake.gate.clear()
    assert watch.sync(Kind.FULL, by_user=True)
    qtbot.waitUntil(lambda: fake.runs == [Kind.FULL])
    assert not watch.sync(Kind.FULL)  # never two at once
    watch.changed()
    qtbot.waitUntil(lambda: not watch.settle.isActive())  # settled while the sync ran
    assert fake.runs == [Kind.FULL]
    fake.gate.set()
    qtbot.waitUntil(lambda: len(reports) == 2)
    assert fake.runs == [Kind.FULL, Kind.FULL]  # the waiting full one took the change along


def test_a_full_sync_takes_a_settling_change_along(qtbot, backend):
    watch, fake, reports = make_watch(qtbot, backend)
    watch.changed()
    assert watch.settle.isActive()
    assert watch.sync(Kind.FULL, by_user=True)
    assert not watch.settle.isActive()
    qtbot.waitUntil(lambda: len(reports) == 1)
    qtbot.wait(DELAYS.settle_ms * 2)
    assert fake.runs == [Kind.FULL]


def test_a_network_fault_arms_the_retry_and_a_refused_password_nothing(qtbot, backend):
    watch, fake, reports = make_watch(qtbot, backend)
    fake.outcome = Outcome.OFFLINE
    watch.sync(Kind.FULL)
    qtbot.waitUntil(lambda: len(reports) == 1)
    assert watch.retry_ms == DELAYS.first_retry_ms
    # A very coarse timer: to the second.
    assert watch.timer.isActive() and watch.timer.remainingTime() <= DELAYS.first_retry_ms + 1000
    fake.outcome = Outcome.REFUSED
    watch.sync(Kind.FULL, by_user=True)
    qtbot.waitUntil(lambda: len(reports) == 2)
    assert not watch.timer.isActive() and watch.retry_ms is None
    watch.changed()
    assert not watch.settle.isActive()


def test_a_bug_in_the_sync_is_said_and_tried_again_later(qtbot, backend):
    def broken(_kind: Kind) -> Report:
        raise RuntimeError("a bug")

    watch = SyncWatch(backend, broken, DELAYS)
    reports: list[Report] = []
    watch.reported.connect(reports.append)
    watch.sync(Kind.FULL)
    qtbot.waitUntil(lambda: len(reports) == 1)
    assert reports[0].outcome is Outcome.OFFLINE and reports[0].text
    assert watch.timer.isActive() and not watch.busy
