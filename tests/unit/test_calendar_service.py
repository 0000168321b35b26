"""The calendar's reads and its drag-to-move write, on a real SQLite database."""

from __future__ import annotations

import gc
import itertools
import random
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from followup_desktop.domain.model import ActionKind, ActionState, Channel, Role
from followup_desktop.domain.validation import ValidationError
from followup_desktop.services import actions, records, settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.planning import replan
from followup_desktop.services.records import ContactDraft
from followup_desktop.services.views import calendar
from followup_desktop.services.views.calendar import INTERVIEW, CalendarEntry, Who
from followup_desktop.storage.models import Action
from helpers.backends import BERLIN, berlin, clock_of, make_backend, utc

# Monday 19 October 2026, 09:00 in Berlin (summer time, UTC+2; it ends on Sunday 25 October).
MONDAY = berlin("2026-10-19 09:00")
# Tuesday 20 October, 14:00-15:00: its thank-yous are due on Wednesday 21 October at 15:00.
INTERVIEW_START = berlin("2026-10-20 14:00")
THANK_YOU_DUE = berlin("2026-10-21 15:00")


@dataclass(frozen=True)
class World:
    backend: Backend
    application: int
    interview: int
    manager: int
    engineer: int
    desk: int

    def thank_you(self, contact: int) -> Action:
        return Action.get((Action.application == self.application)
                          & (Action.kind == ActionKind.THANK_YOU) & (Action.contact == contact))


@pytest.fixture
def backend_start() -> datetime:
    return MONDAY


@pytest.fixture
def world(backend: Backend):
    company = records.add_company(backend, "Northwind Analytics")
    manager = records.add_contact(backend, company, ContactDraft(
        "Amara Okafor", "Head of Data Science", Role.HIRING_MANAGER))
    engineer = records.add_contact(backend, company, ContactDraft(
        "Jonas Weber", "Senior Data Engineer", Role.INTERVIEWER))
    desk = records.add_contact(backend, company, ContactDraft(
        "Lena Fischer", "Front desk", Role.RECEPTIONIST))
    app = records.add_application(backend, company, "Senior Data Analyst")
    interview = records.add_interview(backend, app, INTERVIEW_START,
                                      INTERVIEW_START + timedelta(hours=1), "Europe/Berlin",
                                      [manager, engineer])
    return World(backend, app, interview, manager, engineer, desk)


def week_of(world: World, start: datetime = MONDAY) -> list[CalendarEntry]:
    return calendar.entries(world.backend, start, start + timedelta(days=7))


def test_an_interview_is_an_entry_with_its_panel_company_and_position(world):
    interview = next(e for e in week_of(world) if e.is_interview)
    assert interview.kind == INTERVIEW
    assert (interview.at, interview.end) == (INTERVIEW_START, INTERVIEW_START + timedelta(hours=1))
    assert (interview.company, interview.position) == ("Northwind Analytics",
                                                      "Senior Data Analyst")
    assert (interview.application_id, interview.interview_id) == (world.application,
                                                                 world.interview)
    assert interview.action_id is None and interview.state is None
    assert interview.people == (Who("Amara Okafor", "Head of Data Science"),
                                Who("Jonas Weber", "Senior Data Engineer"))
    assert interview.label == "Interview"


def test_actions_carry_what_the_calendar_shows_and_come_in_time_order(world):
    found = week_of(world)
    assert [e.at for e in found] == sorted(e.at for e in found)
    assert found[0].is_interview
    thanks = [e for e in found if e.kind == ActionKind.THANK_YOU]
    assert {e.people[0].name for e in thanks} == {"Amara Okafor", "Jonas Weber"}
    first = thanks[0]
    assert first.at == THANK_YOU_DUE
    assert first.state == ActionState.PLANNED and first.is_pending
    assert first.channel == Channel.EMAIL
    assert (first.company, first.application_id) == ("Northwind Analytics", world.application)
    assert first.action_id == world.thank_you(world.manager).id
    assert first.interview_id == world.interview
    assert first.label == "Thank-you"
    assert not first.overdue


def test_the_span_includes_its_start_and_excludes_its_end(world):
    just_before = calendar.entries(world.backend, MONDAY, INTERVIEW_START)
    from_start = calendar.entries(world.backend, INTERVIEW_START,
                                  INTERVIEW_START + timedelta(seconds=1))
    assert not any(e.is_interview for e in just_before)
    assert [e.kind for e in from_start] == [INTERVIEW]


def test_a_snoozed_action_sits_at_its_snooze_end_and_cancelled_ones_are_left_out(world):
    snoozed = world.thank_you(world.manager).id
    cancelled = world.thank_you(world.engineer).id
    until = berlin("2026-10-28 11:30")
    actions.snooze(world.backend, snoozed, until)
    Action.update(state=ActionState.CANCELLED).where(Action.id == cancelled).execute()
    ids_this_week = {e.action_id for e in week_of(world)}
    assert snoozed not in ids_this_week and cancelled not in ids_this_week
    next_week = {e.action_id: e for e in week_of(world, MONDAY + timedelta(days=7))}
    assert next_week[snoozed].at == until
    assert next_week[snoozed].state == ActionState.SNOOZED


def test_done_and_skipped_actions_stay_on_the_calendar_and_are_never_overdue(world):
    clock_of(world.backend).set(berlin("2026-10-23 12:00"))
    done = world.thank_you(world.manager).id
    skipped = world.thank_you(world.engineer).id
    actions.complete(world.backend, done, "Sent")
    actions.skip(world.backend, skipped)
    states = {e.action_id: (e.state, e.overdue) for e in week_of(world)}
    assert states[done] == (ActionState.DONE, False)
    assert states[skipped] == (ActionState.SKIPPED, False)


def test_a_pending_action_due_before_now_is_overdue(world):
    thank_you = world.thank_you(world.manager).id
    clock_of(world.backend).set(THANK_YOU_DUE)
    assert not {e.action_id: e for e in week_of(world)}[thank_you].overdue
    clock_of(world.backend).set(THANK_YOU_DUE + timedelta(minutes=1))
    entry = {e.action_id: e for e in week_of(world)}[thank_you]
    assert entry.overdue
    assert not next(e for e in week_of(world) if e.is_interview).overdue


def test_an_action_without_a_contact_has_no_people(world):
    action_id, _ = actions.plan_by_hand(world.backend, world.application,
                                        ActionKind.DECISION_CHECK, berlin("2026-10-22 10:00"),
                                        Channel.PHONE, None)
    entry = {e.action_id: e for e in week_of(world)}[action_id]
    assert entry.people == ()
    assert entry.label == "Decision check"


def test_entries_are_grouped_by_the_local_day_not_the_utc_day(world):
    late = berlin("2026-10-22 00:30")  # still 21 October in UTC
    assert late.astimezone(UTC).date() == date(2026, 10, 21)
    action_id, _ = actions.plan_by_hand(world.backend, world.application,
                                        ActionKind.KEEP_IN_TOUCH, late, Channel.EMAIL,
                                        world.manager)
    days = calendar.by_day(week_of(world), BERLIN)
    assert action_id in {e.action_id for e in days[date(2026, 10, 22)]}
    assert action_id not in {e.action_id for e in days[date(2026, 10, 21)]}
    assert [e.at for e in days[date(2026, 10, 21)]] == sorted(e.at for e in
                                                              days[date(2026, 10, 21)])


def test_the_number_of_queries_does_not_grow_with_the_rows(world, monkeypatch):
    backend = world.backend
    # Leftovers of earlier tests (widgets whose destruction emits signals) collected now, not
    # while statements are counted: the models are bound to this test's database.
    gc.collect()
    statements: list[str] = []
    real = backend.db.execute_sql

    def counting(sql, *args, **kwargs):
        statements.append(sql)
        return real(sql, *args, **kwargs)

    monkeypatch.setattr(backend.db, "execute_sql", counting)
    week_of(world)
    few = len(statements)
    monkeypatch.setattr(backend.db, "execute_sql", real)
    for hour in range(9, 17):
        actions.plan_by_hand(backend, world.application, ActionKind.KEEP_IN_TOUCH,
                             berlin(f"2026-10-22 {hour:02d}:00"), Channel.EMAIL, world.manager)
    statements.clear()
    monkeypatch.setattr(backend.db, "execute_sql", counting)
    assert len(week_of(world)) > 10
    assert len(statements) == few == 3


def test_moving_keeps_the_local_wall_clock_time_across_the_end_of_summer_time(world):
    friday = berlin("2026-10-23 15:00")  # 13:00 UTC in summer time
    action_id, _ = actions.plan_by_hand(world.backend, world.application,
                                        ActionKind.KEEP_IN_TOUCH, friday, Channel.EMAIL,
                                        world.manager)
    assert friday == utc("2026-10-23 13:00")
    calendar.move_action(world.backend, action_id, date(2026, 10, 26))
    moved = Action.get_by_id(action_id)
    assert moved.due_utc == utc("2026-10-26 14:00")  # 15:00 in winter time
    assert moved.due_utc.astimezone(BERLIN).strftime("%a %H:%M") == "Mon 15:00"


def test_a_moved_action_is_edited_by_hand_and_replanning_leaves_it(world):
    thank_you = world.thank_you(world.manager)
    assert not thank_you.edited
    calendar.move_action(world.backend, thank_you.id, date(2026, 10, 22))
    replan(world.backend, world.application)
    moved = Action.get_by_id(thank_you.id)
    assert moved.edited
    assert moved.due_utc == berlin("2026-10-22 15:00")
    assert (moved.channel, moved.contact_id, moved.note) == (thank_you.channel,
                                                            thank_you.contact_id,
                                                            thank_you.note)


def test_a_snoozed_action_moves_from_its_snooze_time_and_is_planned_again(world):
    action_id = world.thank_you(world.manager).id
    actions.snooze(world.backend, action_id, berlin("2026-10-21 16:45"))
    calendar.move_action(world.backend, action_id, date(2026, 10, 27))
    moved = Action.get_by_id(action_id)
    assert moved.due_utc == berlin("2026-10-27 16:45")
    assert (moved.state, moved.snoozed_until_utc) == (ActionState.PLANNED, None)


def test_dropping_an_action_on_its_own_day_changes_nothing(world):
    thank_you = world.thank_you(world.manager)
    assert calendar.move_action(world.backend, thank_you.id, date(2026, 10, 21)) == []
    again = Action.get_by_id(thank_you.id)
    assert (again.due_utc, again.edited) == (thank_you.due_utc, False)


def test_moving_returns_the_anti_pester_warnings(world):
    action_id, _ = actions.plan_by_hand(world.backend, world.application,
                                        ActionKind.KEEP_IN_TOUCH, berlin("2026-10-29 11:00"),
                                        Channel.PHONE, world.desk)
    warnings = calendar.move_action(world.backend, action_id, date(2026, 10, 30))
    assert any("front desk" in warning for warning in warnings)


@pytest.mark.parametrize("finish", [
    lambda backend, action_id: actions.complete(backend, action_id, "Sent"),
    lambda backend, action_id: actions.skip(backend, action_id),
    lambda backend, action_id: Action.update(state=ActionState.CANCELLED).where(
        Action.id == action_id).execute(),
], ids=["done", "skipped", "cancelled"])
def test_only_pending_actions_can_be_moved(world, finish):
    action_id = world.thank_you(world.manager).id
    finish(world.backend, action_id)
    before = Action.get_by_id(action_id)
    with pytest.raises(UserError, match="only a planned or snoozed action can be moved"):
        calendar.move_action(world.backend, action_id, date(2026, 10, 27))
    after = Action.get_by_id(action_id)
    assert (after.due_utc, after.edited, after.state) == (before.due_utc, before.edited,
                                                          before.state)


def test_moving_a_missing_action_or_to_no_day_is_refused(world):
    with pytest.raises(UserError, match="no action 999"):
        calendar.move_action(world.backend, 999, date(2026, 10, 27))
    action_id = world.thank_you(world.manager).id
    with pytest.raises(ValidationError):
        calendar.move_action(world.backend, action_id, datetime(2026, 10, 27, tzinfo=UTC))


# -- the grid's summary: per local day, how many items and the first few


def summary_of(world: World, first: date, days: int, limit: int) -> calendar.Summary:
    return calendar.summary(world.backend, first, days, BERLIN, limit)


def full_days(world: World, first: date, days: int) -> dict[date, list[CalendarEntry]]:
    """What the summary must agree with: every entry of the span, grouped by local day."""
    start, *_, end = calendar.day_starts(first, days, BERLIN)
    return calendar.by_day(calendar.entries(world.backend, start, end), BERLIN)


def plan(world: World, when: datetime, kind: ActionKind = ActionKind.KEEP_IN_TOUCH) -> int:
    action_id, _ = actions.plan_by_hand(world.backend, world.application, kind, when,
                                        Channel.EMAIL, world.manager)
    return action_id


def test_day_starts_are_local_midnights_and_the_days_around_a_dst_change_are_25_and_23_hours():
    autumn = calendar.day_starts(date(2026, 10, 24), 3, BERLIN)
    assert autumn == [berlin("2026-10-24 00:00"), berlin("2026-10-25 00:00"),
                      berlin("2026-10-26 00:00"), berlin("2026-10-27 00:00")]
    assert [b - a for a, b in itertools.pairwise(autumn)] == [
        timedelta(hours=24), timedelta(hours=25), timedelta(hours=24)]
    spring = calendar.day_starts(date(2026, 3, 29), 1, BERLIN)
    assert spring[1] - spring[0] == timedelta(hours=23)


def test_summary_counts_each_local_day_across_the_end_of_summer_time(world):
    # Sunday 25 October 2026 has 25 hours in Berlin: 00:00 is 22:00 UTC the day before, and
    # 23:30 is 22:30 UTC the same day; Monday's 00:15 is 23:15 UTC on Sunday.
    sunday = [berlin("2026-10-25 00:00"), berlin("2026-10-25 02:30"),
              berlin("2026-10-25 23:30")]
    for when in [*sunday, berlin("2026-10-24 23:59"), berlin("2026-10-26 00:15")]:
        plan(world, when)
    found = summary_of(world, date(2026, 10, 19), 14, 10)
    assert found.days[date(2026, 10, 25)].count == 3
    assert [e.at for e in found.days[date(2026, 10, 25)].first] == sunday
    assert found.days[date(2026, 10, 24)].count == 1
    assert found.days[date(2026, 10, 26)].count == 1
    expected = full_days(world, date(2026, 10, 19), 14)
    assert {day: cell.count for day, cell in found.days.items()} == {
        day: len(items) for day, items in expected.items()}


def test_summary_counts_each_local_day_across_the_start_of_summer_time(tmp_path):
    # Sunday 29 March 2026 has 23 hours in Berlin: 23:30 that day is 21:30 UTC.
    backend = make_backend(tmp_path / "data", start=berlin("2026-03-23 09:00"))
    company = records.add_company(backend, "Fjord & Pine")
    app = records.add_application(backend, company, "Architect")
    times = [berlin("2026-03-28 23:30"), berlin("2026-03-29 00:00"), berlin("2026-03-29 03:00"),
             berlin("2026-03-29 23:30"), berlin("2026-03-30 00:00")]
    for when in times:
        actions.plan_by_hand(backend, app, ActionKind.DECISION_CHECK, when, Channel.PHONE, None)
    found = calendar.summary(backend, date(2026, 3, 23), 14, BERLIN, 10)
    assert {day: cell.count for day, cell in found.days.items()} == {
        date(2026, 3, 28): 1, date(2026, 3, 29): 3, date(2026, 3, 30): 1}
    assert [e.at for e in found.days[date(2026, 3, 29)].first] == times[1:4]
    backend.close()


def test_summary_puts_a_snoozed_action_on_the_day_its_snooze_ends(world):
    snoozed = world.thank_you(world.manager).id
    before = summary_of(world, date(2026, 10, 19), 14, 10).days[date(2026, 10, 21)].count
    actions.snooze(world.backend, snoozed, berlin("2026-10-28 00:30"))  # 27 Oct 23:30 UTC
    found = summary_of(world, date(2026, 10, 19), 14, 10)
    wednesday = found.days[date(2026, 10, 21)]
    assert snoozed not in {e.action_id for e in wednesday.first}
    assert wednesday.count == before - 1
    moved = {e.action_id: e for e in found.days[date(2026, 10, 28)].first}
    assert moved[snoozed].at == berlin("2026-10-28 00:30")
    assert moved[snoozed].state == ActionState.SNOOZED
    assert date(2026, 10, 27) not in found.days


def test_summary_never_shows_or_counts_cancelled_actions(world):
    wednesday = date(2026, 10, 21)
    before = summary_of(world, date(2026, 10, 19), 7, 10).days[wednesday]
    assert before.complete
    cancelled = world.thank_you(world.engineer).id
    Action.update(state=ActionState.CANCELLED).where(Action.id == cancelled).execute()
    found = summary_of(world, date(2026, 10, 19), 7, 10)
    assert found.days[wednesday].count == before.count - 1
    assert cancelled not in {e.action_id for cell in found.days.values() for e in cell.first}
    Action.update(state=ActionState.CANCELLED).where(
        Action.id << [e.action_id for e in before.first]).execute()
    assert wednesday not in summary_of(world, date(2026, 10, 19), 7, 10).days


def test_summary_keeps_the_first_items_in_time_order_interviews_before_their_follow_ups(world):
    # At the interview's own minute: two follow-ups planned there, the later-made one first
    # in time order by id; the interview still comes before both.
    same_minute = [plan(world, INTERVIEW_START), plan(world, INTERVIEW_START)]
    earlier = plan(world, INTERVIEW_START - timedelta(hours=3))
    later = plan(world, INTERVIEW_START + timedelta(hours=2))
    found = summary_of(world, date(2026, 10, 19), 7, 3)
    tuesday = found.days[date(2026, 10, 20)]
    assert tuesday.count == 5 and not tuesday.complete
    assert [(e.kind, e.action_id) for e in tuesday.first] == [
        (ActionKind.KEEP_IN_TOUCH.value, earlier), (INTERVIEW, None),
        (ActionKind.KEEP_IN_TOUCH.value, same_minute[0])]
    everything = summary_of(world, date(2026, 10, 19), 7, 10).days[date(2026, 10, 20)]
    assert everything.complete
    assert [e.action_id for e in everything.first] == [earlier, None, *same_minute, later]
    interview = everything.first[1]
    assert interview.people == (Who("Amara Okafor", "Head of Data Science"),
                                Who("Jonas Weber", "Senior Data Engineer"))


def test_summary_agrees_with_the_full_read_on_every_day(world):
    """Many items at awkward times and in every state: each day's count and first items are
    exactly what reading everything and grouping it by local day gives."""
    rng = random.Random(7)
    states = [ActionState.PLANNED, ActionState.DONE, ActionState.SKIPPED,
              ActionState.SNOOZED, ActionState.CANCELLED]
    start = berlin("2026-10-19 00:00")
    for _ in range(120):
        when = start + timedelta(minutes=15 * rng.randrange(14 * 24 * 4))
        action_id = plan(world, when, rng.choice(list(ActionKind)))
        state = rng.choice(states)
        until = when + timedelta(hours=rng.randrange(1, 60)) \
            if state == ActionState.SNOOZED else None
        Action.update(state=state, snoozed_until_utc=until).where(
            Action.id == action_id).execute()
    clock_of(world.backend).set(berlin("2026-10-26 12:00"))
    expected = full_days(world, date(2026, 10, 19), 14)
    for limit in (1, 4, 50):
        found = summary_of(world, date(2026, 10, 19), 14, limit)
        assert set(found.days) == set(expected)
        for day, items in expected.items():
            assert found.days[day].count == len(items)
            assert list(found.days[day].first) == items[:limit]


def test_summary_reads_four_statements_however_many_items(world, monkeypatch):
    backend = world.backend
    gc.collect()
    for hour in range(9, 17):
        plan(world, berlin(f"2026-10-22 {hour:02d}:00"))
    statements: list[str] = []
    real = backend.db.execute_sql

    def counting(sql, *args, **kwargs):
        statements.append(sql)
        return real(sql, *args, **kwargs)

    monkeypatch.setattr(backend.db, "execute_sql", counting)
    found = summary_of(world, date(2026, 10, 19), 42, 4)
    assert found.days[date(2026, 10, 22)].count == 8
    assert len(statements) == 4


def test_summary_says_when_a_shown_item_turns_overdue(world):
    found = summary_of(world, date(2026, 10, 19), 7, 10)
    assert found.stale_after == THANK_YOU_DUE  # the first pending item ahead
    clock_of(world.backend).set(THANK_YOU_DUE + timedelta(minutes=1))
    later = summary_of(world, date(2026, 10, 19), 7, 10)
    assert all(e.overdue for e in later.days[date(2026, 10, 21)].first)
    assert later.stale_after is None  # nothing pending is left ahead in that week


def test_the_data_version_changes_with_every_commit_by_any_connection(world, tmp_path):
    backend = world.backend
    before = calendar.data_version(backend)
    assert calendar.data_version(backend) == before  # reading changes nothing
    plan(world, berlin("2026-10-22 11:00"))  # this thread's connection
    after_own = calendar.data_version(backend)
    assert after_own != before
    other = sqlite3.connect(backend.database_path)  # another connection, as the CLI's
    with other:
        other.execute("UPDATE action SET note = 'changed elsewhere' WHERE id = ?",
                      (world.thank_you(world.manager).id,))
    other.close()
    assert calendar.data_version(backend) != after_own


def test_the_data_version_stays_when_a_setting_or_the_search_index_is_written(world):
    backend = world.backend
    before = calendar.data_version(backend)
    with backend.write():
        settings.save("sender_name", "Someone Else")
    backend.db.execute_sql("DELETE FROM search_stale")
    assert calendar.data_version(backend) == before


@pytest.mark.parametrize("change", [
    "UPDATE company SET name = 'Northwind Labs'",
    "UPDATE contact SET title = 'Chief Data Officer' WHERE name = 'Amara Okafor'",
    "UPDATE application SET position = 'Lead Data Analyst'",
    "UPDATE interview SET round = 2",
    "DELETE FROM interview_contact WHERE rowid = (SELECT min(rowid) FROM interview_contact)",
    "DELETE FROM action WHERE id = (SELECT min(id) FROM action)",
])
def test_the_data_version_changes_with_this_connection_s_changes_to_what_it_reads(world,
                                                                                   change):
    backend = world.backend
    before = calendar.data_version(backend)
    with backend.write():
        backend.db.execute_sql(change)
    assert calendar.data_version(backend) != before


def test_the_data_version_changes_with_a_restore_into_this_connection(world, tmp_path):
    """A restore writes the backup into the open connection (backups.restore): no trigger
    fires and no other connection commits, but the schema cookie moves on."""
    backend = world.backend
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    backend.db.connection().backup(copy)
    copy.execute("UPDATE contact SET name = 'Amara Okafor-Lind' WHERE name = 'Amara Okafor'")
    copy.commit()
    before = calendar.data_version(backend)
    copy.backup(backend.db.connection())
    copy.close()
    assert calendar.data_version(backend) != before


def test_the_data_version_of_a_new_connection_is_never_an_older_one_s(world):
    backend = world.backend
    before = calendar.data_version(backend)
    backend.db.close()
    backend.db.connect()
    reopened = calendar.data_version(backend)
    assert reopened != before
    plan(world, berlin("2026-10-22 11:00"))  # counted on the new connection too
    assert calendar.data_version(backend) != reopened


def test_the_data_version_counts_again_once_its_triggers_were_dropped(world):
    """Dropping a table drops the triggers on it (a schema upgrade after a restore may): they
    are made again, and the version moves on meanwhile."""
    backend = world.backend
    before = calendar.data_version(backend)
    backend.db.execute_sql("DROP TRIGGER temp.calendar_action_update")
    again = calendar.data_version(backend)
    assert again != before
    with backend.write():
        backend.db.execute_sql("UPDATE action SET note = 'edited' WHERE id = ?",
                               (world.thank_you(world.manager).id,))
    assert calendar.data_version(backend) != again


def test_a_summary_of_no_days_or_no_items_is_refused(world):
    with pytest.raises(ValueError):
        summary_of(world, date(2026, 10, 19), 0, 4)
    with pytest.raises(ValueError):
        summary_of(world, date(2026, 10, 19), 7, 0)


def test_summary_searches_every_index_by_a_range_of_instants(world, monkeypatch):
    """However the indexes change, no day of a summary scans all the actions of a state (the
    snoozed ones once were, for every day: a month took ten times as long at 20,000)."""
    backend = world.backend
    # The planner's statistics of a large file analysed before schema 6 rebuilt an index: a
    # few states among 100,000 actions, nothing known of (state, due_utc, snoozed_until_utc).
    db = backend.db
    db.execute_sql("ANALYZE")
    db.execute_sql("DELETE FROM sqlite_stat1")
    db.execute_sql("INSERT INTO sqlite_stat1 VALUES "
                   "('action', 'action_state_effective_due', '100054 20011 1'), "
                   "('action', 'action_application', '100054 6'), "
                   "('interview', 'interview_application', '29975 2 1')")
    db.execute_sql("ANALYZE sqlite_schema")  # read them again
    real = backend.db.execute_sql
    plans: list[str] = []

    def explaining(sql, params=None, *args, **kwargs):
        plans.extend(row[3] for row in real("EXPLAIN QUERY PLAN " + sql, params).fetchall())
        return real(sql, params, *args, **kwargs)

    monkeypatch.setattr(backend.db, "execute_sql", explaining)
    summary_of(world, date(2026, 10, 19), 42, 4)
    searches = [plan for plan in plans if plan.startswith(("SEARCH", "SCAN"))
                and ("action" in plan.split()[1] or "interview " in plan + " ")]
    ranged = [plan for plan in searches if ">?" in plan or "rowid=?" in plan
              or "interview_id=?" in plan]
    assert searches and searches == ranged
