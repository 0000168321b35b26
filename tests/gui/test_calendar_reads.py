"""The calendar's read queue: one pool job, most wanted first, each result delivered."""

from __future__ import annotations

import sqlite3
import threading

from followup_desktop.ui.background.worker import wait_for_background_work
from followup_desktop.ui.calendar.reads import ReadQueue


def collect(queue: ReadQueue) -> list[tuple[object, object, object, object]]:
    arrived: list[tuple[object, object, object, object]] = []
    queue.arrived.connect(lambda *args: arrived.append(args))
    return arrived


def test_reads_run_one_after_another_in_order_on_one_thread(qtbot, backend):
    queue = ReadQueue(backend)
    arrived = collect(queue)
    threads: list[int] = []

    def read(value: int):
        def run() -> int:
            threads.append(threading.get_ident())
            return value * 10
        return run

    queue.want([(n, ("token", n), read(n)) for n in (3, 1, 2)])
    qtbot.waitUntil(lambda: len(arrived) == 3)
    assert [(key, result) for key, _, result, _ in arrived] == [(3, 30), (1, 10), (2, 20)]
    assert [token for _, token, _, _ in arrived] == [("token", 3), ("token", 1), ("token", 2)]
    assert len(set(threads)) == 1 and threads[0] != threading.get_ident()
    assert queue.under_way(3) is None


def test_a_failed_read_is_delivered_and_the_queue_goes_on(qtbot, backend):
    queue = ReadQueue(backend)
    arrived = collect(queue)

    def broken() -> None:
        raise ValueError("no such month")

    queue.want([("a", 1, broken), ("b", 2, lambda: "fine")])
    qtbot.waitUntil(lambda: len(arrived) == 2)
    (key, _, result, error), second = arrived
    assert (key, result, str(error)) == ("a", None, "no such month")
    assert second[:3] == ("b", 2, "fine") and second[3] is None


def test_a_new_list_replaces_what_still_waits_and_the_read_under_way_is_awaited(qtbot,
                                                                                 backend):
    queue = ReadQueue(backend)
    arrived = collect(queue)
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait(5)
        return "slow"

    queue.want([("slow", 1, slow), ("dropped", 1, lambda: "never")])
    assert started.wait(5)
    assert queue.under_way("slow") == 1 and queue.under_way("dropped") is None
    queue.want([("instead", 2, lambda: "read")])
    release.set()
    qtbot.waitUntil(lambda: len(arrived) == 2)
    assert [key for key, *_ in arrived] == ["slow", "instead"]
    wait_for_background_work()
    queue.want([("later", 3, lambda: "again")])  # the job ran dry: a new one starts
    qtbot.waitUntil(lambda: len(arrived) == 3)
    assert arrived[-1][:3] == ("later", 3, "again")


# Counting to thirty million in SQL: several seconds, unless SQLite is told to stop. It says
# when it runs (an interrupt before a statement begins does not reach it).
LONG_READ = ("WITH RECURSIVE n(i) AS (SELECT running() UNION ALL SELECT i + 1 FROM n "
             "WHERE i < 30000000) SELECT count(*) FROM n")


def test_an_interrupting_list_stops_the_read_under_way_and_drops_its_result(qtbot, backend):
    queue = ReadQueue(backend)
    arrived = collect(queue)
    started = threading.Event()

    def long_read() -> int:
        backend.db.connection().create_function("running", 0, lambda: started.set() or 1)
        return backend.db.execute_sql(LONG_READ).fetchone()[0]

    queue.want([("ahead", 1, long_read)])
    assert started.wait(5)
    queue.want([("shown", 2, lambda: "read")], interrupt=True)
    assert queue.under_way("ahead") is None  # nothing waits for it any more
    qtbot.waitUntil(lambda: bool(arrived), timeout=3000)  # not seconds later, after the count
    wait_for_background_work()
    qtbot.wait(10)
    assert arrived == [("shown", 2, "read", None)]


def test_an_interrupting_list_that_wants_the_read_under_way_lets_it_finish_once(qtbot,
                                                                               backend):
    queue = ReadQueue(backend)
    arrived = collect(queue)
    started, release = threading.Event(), threading.Event()
    runs: list[str] = []

    def slow() -> str:
        runs.append("slow")
        started.set()
        release.wait(5)
        return "slow"

    queue.want([("slow", 1, slow)])
    assert started.wait(5)
    queue.want([("slow", 1, slow), ("next", 2, lambda: "next")], interrupt=True)
    release.set()
    qtbot.waitUntil(lambda: len(arrived) == 2)
    assert [(key, result) for key, _, result, _ in arrived] == [("slow", "slow"),
                                                                ("next", "next")]
    assert runs == ["slow"]


def test_a_read_interrupted_by_a_stop_meant_for_the_one_before_is_read_again_once(qtbot,
                                                                                  backend):
    """SQLite stops every statement begun before its running ones all ended: a stop can reach
    the read after the one it was meant for."""
    queue = ReadQueue(backend)
    arrived = collect(queue)
    attempts: dict[str, int] = {"once": 0, "always": 0}

    def interrupted(key: str, times: int):
        def read() -> str:
            attempts[key] += 1
            if attempts[key] <= times:
                raise sqlite3.OperationalError("interrupted")
            return key
        return read

    queue.want([("once", 1, interrupted("once", 1)), ("always", 2, interrupted("always", 9))])
    qtbot.waitUntil(lambda: len(arrived) == 2)
    (key, _, result, error), (other, _, nothing, failure) = arrived
    assert (key, result, error) == ("once", "once", None)
    assert (other, nothing, str(failure)) == ("always", None, "interrupted")
    assert attempts == {"once": 2, "always": 2}


def test_an_interrupting_list_leaves_a_read_of_a_key_it_keeps(qtbot, backend):
    queue = ReadQueue(backend)
    arrived = collect(queue)
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait(5)
        return "slow"

    queue.want([("coming", 1, slow)])
    assert started.wait(5)
    queue.want([("next", 2, lambda: "next")], interrupt=True, keep=["coming"])
    assert queue.under_way("coming") == 1
    release.set()
    qtbot.waitUntil(lambda: len(arrived) == 2)
    assert [(key, result) for key, _, result, _ in arrived] == [("coming", "slow"),
                                                                ("next", "next")]
