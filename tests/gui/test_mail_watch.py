"""The mailbox watch: checks off the GUI thread, one at a time; a failure is one status line
and a later retry, twice as late each time up to the period; a success goes back to the period."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from followup_desktop.ui.mail import watch as mail_watch
from followup_desktop.ui.mail.watch import CHECK_EVERY_MS, FIRST_RETRY_MS, MailWatch


@dataclass(frozen=True)
class Found:
    text: str


def test_a_check_runs_off_the_gui_thread_and_one_at_a_time(qtbot, backend):
    release, threads = threading.Event(), []

    def check() -> Found:
        threads.append(threading.current_thread())
        release.wait(10)
        return Found("2 replies, 1 thank-you marked done.")

    watch = MailWatch(backend, check)
    said, checked = [], []
    watch.said.connect(said.append)
    watch.checked.connect(checked.append)
    assert watch.check_now()
    assert not watch.check_now()  # one at a time
    release.set()
    qtbot.waitUntil(lambda: bool(checked))
    assert threads[0] is not threading.main_thread()
    assert said == ["2 replies, 1 thank-you marked done."]
    assert watch.timer.isActive() and watch.timer.interval() == CHECK_EVERY_MS


def test_failures_are_said_and_retried_later_each_time(qtbot, backend):
    outcomes: list[object] = [OSError(101, "Network is unreachable")] * 6 + [Found("Nothing new.")]

    def check() -> Found:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    watch = MailWatch(backend, check)
    said: list[str] = []
    watch.said.connect(said.append)
    waits = []
    for _ in range(6):
        count = len(said)
        watch.check_now()
        qtbot.waitUntil(lambda count=count: len(said) > count)
        waits.append(watch.timer.interval())
    assert waits == [FIRST_RETRY_MS, 2 * FIRST_RETRY_MS, 4 * FIRST_RETRY_MS,
                     8 * FIRST_RETRY_MS, CHECK_EVERY_MS, CHECK_EVERY_MS]
    assert said[0].startswith("Mail not checked: ") and said[0].endswith("in 1 min.")
    assert "Traceback" not in said[0] and len(said[0].splitlines()) == 1, said[0]
    assert "network" in said[0].lower(), said[0]
    watch.check_now()
    qtbot.waitUntil(lambda: said[-1] == "Nothing new.")
    assert watch.timer.interval() == CHECK_EVERY_MS
    assert watch._retry_ms == mail_watch.FIRST_RETRY_MS


def test_without_a_mailbox_nothing_is_said(qtbot, backend):
    watch = MailWatch(backend, lambda: None)
    said: list[str] = []
    watch.said.connect(said.append)
    watch.check_now()
    qtbot.waitUntil(lambda: not watch.busy)
    assert said == [] and watch.timer.interval() == CHECK_EVERY_MS
