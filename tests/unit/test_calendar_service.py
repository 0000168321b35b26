"""The calendar's reads and its drag-to-move write, on a real SQLite database."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from service_helpers import BERLIN, berlin, clock_of, make_backend, utc

from followup_desktop.domain.model import ActionKind, ActionState, Channel, Role
from followup_desktop.domain.validation import ValidationError
from followup_desktop.services import actions, calendar, records
from followup_desktop.services.backend import Backend
from followup_desktop.services.calendar import INTERVIEW, CalendarEntry, Who
from followup_desktop.services.errors import UserError
from followup_desktop.services.planning import replan
from followup_desktop.services.records import ContactDraft
from followup_desktop.storage.models import Action

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
def world(tmp_path: Path):
    backend = make_backend(tmp_path / "data", start=MONDAY)
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
    yield World(backend, app, interview, manager, engineer, desk)
    backend.close()


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
