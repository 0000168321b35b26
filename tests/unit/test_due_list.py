"""The due list read a page at a time: group sizes and the late count come from SQL and must
say exactly what reading and judging every row would."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import ActionKind, Channel, Role
from followup_desktop.services import actions, records, settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.records import ContactDraft
from followup_desktop.services.views.due import DueItem, DueStatus, due_at, due_overview, due_page
from helpers.backends import berlin

NOW = berlin("2026-03-30 11:00")  # the Monday after the spring DST change in Berlin


def plan_many(backend: Backend, count: int, *, every: timedelta, first: datetime) -> list[int]:
    company = records.add_company(backend, "Acme Robotics")
    contact = records.add_contact(backend, company, ContactDraft("Ada", "CTO", Role.INTERVIEWER))
    app = records.add_application(backend, company, "Engineer")
    return [actions.plan_by_hand(backend, app, ActionKind.KEEP_IN_TOUCH, first + n * every,
                                 Channel.EMAIL, contact)[0] for n in range(count)]


@pytest.fixture
def backend(tmp_path: Path):
    clock = FixedClock(NOW - timedelta(days=40))  # planning in the past is allowed then
    with Backend(tmp_path / "data", clock=clock) as backend:
        with backend.write():
            settings.save("time_zone", "Europe/Berlin")
        ids = plan_many(backend, 230, every=timedelta(hours=2, minutes=7),
                        first=NOW - timedelta(days=12))
        clock.set(NOW)
        for action_id in ids[::9]:  # some snoozed into today or the next days
            actions.snooze(backend, action_id, NOW + timedelta(hours=1 + action_id % 50))
        yield backend


def every_page(backend: Backend, at: datetime) -> list[list[DueItem]]:
    overview = due_overview(backend, at)
    groups = []
    for bucket in overview.buckets:
        rows: list[DueItem] = []
        while len(rows) < bucket.count:
            rows += due_page(backend, bucket, at, len(rows), limit=17)
        groups.append(rows)
    return groups


def test_pages_read_back_exactly_the_whole_list(backend: Backend) -> None:
    overview = due_overview(backend, NOW)
    horizon = overview.buckets[-1].end - timedelta(microseconds=1)
    whole = due_at(backend, NOW, until=horizon)

    pages = every_page(backend, NOW)

    assert [bucket.title for bucket in overview.buckets] == [
        "To do now", "Later today", "Next 7 days"]
    assert [len(rows) for rows in pages] == [bucket.count for bucket in overview.buckets]
    assert [item.id for rows in pages for item in rows] == [item.id for item in whole]
    assert overview.count == len(whole) > 100
    assert 0 < overview.late < overview.due_now
    assert any(item.state == "snoozed" for item in whole)
    assert overview.due_now == sum(1 for item in whole if item.to_do_now)
    # The groups and the rows follow one rule: to do now says Due or Late, the rest Coming up.
    assert {item.status for item in pages[0]} == {DueStatus.DUE, DueStatus.LATE}
    assert {item.status for rows in pages[1:] for item in rows} == {DueStatus.COMING_UP}


@pytest.mark.parametrize("hours", [0, 3, 13, 24 * 2 + 5, -24 * 3 - 2, -24 * 4, 24 * 6])
def test_late_count_is_what_judging_each_row_says(backend: Backend, hours: int) -> None:
    at = NOW + timedelta(hours=hours)
    overview = due_overview(backend, at)
    horizon = overview.buckets[-1].end - timedelta(microseconds=1)

    judged = sum(1 for item in due_at(backend, at, until=horizon)
                 if item.status == DueStatus.LATE)

    assert overview.late == judged <= overview.due_now


def test_groups_with_nothing_in_them_are_left_out(tmp_path: Path) -> None:
    with Backend(tmp_path / "empty", clock=FixedClock(NOW)) as backend:
        overview = due_overview(backend)
    assert overview.buckets == [] and overview.count == overview.late == 0


def test_the_late_count_reads_only_an_index(backend: Backend) -> None:
    plan = backend.db.execute_sql(
        "EXPLAIN QUERY PLAN SELECT count(id) FROM action WHERE state IN ('planned', 'snoozed') "
        "AND COALESCE(snoozed_until_utc, due_utc) < ? AND due_utc < ?",
        ["2026-04-08T00:00:00Z", "2026-03-26T00:00:00Z"]).fetchall()
    assert "COVERING INDEX action_state_due" in " ".join(str(row) for row in plan)
