"""Logging a decision call (actions.decide), past interviews (services.past_interviews) and the
guard judging a planned follow-up at its own due time, through the services and the database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from followup_desktop.domain.decision import DecisionOutcome
from followup_desktop.domain.model import ActionKind, ActionState, ApplicationStatus, Role
from followup_desktop.domain.planner import PAST_ENTRY_TASK
from followup_desktop.services import actions, past_interviews, records, undo
from followup_desktop.services.errors import UserError
from followup_desktop.services.views.due import due_at
from followup_desktop.storage.models import Action, Application, StatusChange, Touch
from helpers.backends import berlin, clock_of, db_file, make_backend, table_rows

# Monday 2 February 2026, 10:00 in Berlin: the day the decision check of Friday 30 January is due.
CALL = berlin("2026-02-02 10:00")


@pytest.fixture
def world(tmp_path):
    backend = make_backend(tmp_path, start=berlin("2026-01-12 09:00"))
    company = records.add_company(backend, "Acme")
    boss = records.add_contact(backend, company, records.ContactDraft(
        "Ada Lovelace", "CTO", Role.HIRING_MANAGER))
    app = records.add_application(backend, company, "Engineer", decision_date=date(2026, 1, 30))
    records.add_interview(backend, app, berlin("2026-01-13 10:00"), berlin("2026-01-13 11:00"),
                          "Europe/Berlin", [boss])
    clock_of(backend).set(CALL)
    yield backend, app, tmp_path
    backend.close()


def pending(app: int, kind: ActionKind = ActionKind.DECISION_CHECK) -> list[Action]:
    return list(Action.select().where(
        (Action.application == app) & (Action.kind == kind)
        & (Action.state << [ActionState.PLANNED, ActionState.SNOOZED])).order_by(Action.due_utc))


def test_still_open_with_a_new_date_plans_the_next_check_after_it(world):
    backend, app, _ = world
    (check,) = pending(app)
    assert check.due_utc == CALL
    result = actions.decide(backend, check.id, DecisionOutcome.OPEN, date(2026, 2, 18))
    assert Application.get_by_id(app).decision_date == date(2026, 2, 18)
    assert Action.get_by_id(check.id).state == ActionState.DONE
    (following,) = pending(app)
    assert following.due_utc == berlin("2026-02-19 10:00")  # Thursday after the 18th
    assert (result.next_check_id, result.next_check_due) == (following.id, following.due_utc)
    assert result.status == ApplicationStatus.INTERVIEWING
    (touch,) = Touch.select().where(Touch.action == check.id)
    assert touch.summary == "Decision call: Still open; they expect to decide by Wed 18 Feb 2026."


def test_still_open_with_no_date_again_in_a_week(world):
    backend, app, _ = world
    (check,) = pending(app)
    actions.decide(backend, check.id, DecisionOutcome.OPEN)
    assert Application.get_by_id(app).decision_date is None
    (following,) = pending(app)
    assert following.due_utc == berlin("2026-02-09 10:00")


@pytest.mark.parametrize(("outcome", "status"), [
    (DecisionOutcome.FILLED, ApplicationStatus.REJECTED),
    (DecisionOutcome.REJECTED, ApplicationStatus.REJECTED),
    (DecisionOutcome.OFFER, ApplicationStatus.OFFER)])
def test_a_final_outcome_changes_the_status_with_history_and_ends_the_plan(world, outcome,
                                                                         status):
    backend, app, _ = world
    (check,) = pending(app)
    result = actions.decide(backend, check.id, outcome, note="Spoke to Ada")
    assert result.status == status and result.next_check_id is None
    assert Application.get_by_id(app).status == status
    last = StatusChange.select().where(StatusChange.application == app).order_by(
        StatusChange.id.desc()).first()
    assert (last.old_status, last.new_status) == ("interviewing", status)
    assert last.note.startswith("Decision call:") and last.note.endswith("Spoke to Ada")
    assert not any(ActionState(a.state).is_pending for a in Action.select().where(
        Action.application == app))


def test_a_decision_is_undone_with_its_status_and_plan(world):
    backend, app, tmp_path = world
    (check,) = pending(app)
    before = table_rows(db_file(tmp_path))
    actions.decide(backend, check.id, DecisionOutcome.FILLED)
    assert "decision (position filled)" in undo.undo_last(backend)
    after = table_rows(db_file(tmp_path))
    assert {t: r for t, r in after.items() if t != "undo_entry"} == {
        t: r for t, r in before.items() if t != "undo_entry"}


@pytest.mark.parametrize(("outcome", "next_date", "message"), [
    (DecisionOutcome.OFFER, date(2026, 2, 18), "only with the outcome 'open'"),
    (DecisionOutcome.OPEN, date(2026, 2, 1), "in the past"),
    ("maybe", None, "not one of"),
])
def test_bad_outcomes_change_nothing(world, outcome, next_date, message):
    backend, app, tmp_path = world
    (check,) = pending(app)
    before = table_rows(db_file(tmp_path))
    with pytest.raises(Exception, match=message):
        actions.decide(backend, check.id, outcome, next_date)
    assert table_rows(db_file(tmp_path)) == before


def test_a_decision_on_a_finished_action_is_refused(world):
    backend, app, _ = world
    (check,) = pending(app)
    actions.skip(backend, check.id)
    with pytest.raises(UserError, match="already skipped"):
        actions.decide(backend, check.id, DecisionOutcome.OPEN)


def test_a_keep_in_touch_a_week_ahead_is_judged_at_its_own_time(tmp_path):
    backend = make_backend(tmp_path, start=berlin("2026-01-14 10:00"))
    company = records.add_company(backend, "Acme")
    boss = records.add_contact(backend, company, records.ContactDraft(
        "Ada Lovelace", "CTO", Role.HIRING_MANAGER))
    app = records.add_application(backend, company, "Engineer", decision_date=date(2026, 3, 31))
    records.add_interview(backend, app, berlin("2026-01-13 10:00"), berlin("2026-01-13 11:00"),
                          "Europe/Berlin", [boss])
    (thanks,) = pending(app, ActionKind.THANK_YOU)
    actions.complete(backend, thanks.id, "Sent")  # now, Wednesday 10:00
    now = backend.clock.now()
    items = due_at(backend, now, now + timedelta(days=30))
    keep = [i for i in items if i.kind == ActionKind.KEEP_IN_TOUCH]
    assert keep and all(i.warnings == [] for i in keep)
    # Judged now (as if it were sent today) it would warn: the guard uses its own time.
    late = due_at(backend, keep[0].due + timedelta(hours=1))
    assert [i.warnings for i in late if i.id == keep[0].id] == [[]]
    backend.close()


def test_a_planned_follow_up_warns_about_one_due_just_before_it(tmp_path):
    backend = make_backend(tmp_path, start=berlin("2026-01-14 08:00"))
    company = records.add_company(backend, "Acme")
    boss = records.add_contact(backend, company, records.ContactDraft(
        "Ada Lovelace", "CTO", Role.HIRING_MANAGER))
    app = records.add_application(backend, company, "Engineer", decision_date=date(2026, 3, 31))
    records.add_interview(backend, app, berlin("2026-01-13 10:00"), berlin("2026-01-13 11:00"),
                          "Europe/Berlin", [boss])
    (thanks,) = pending(app, ActionKind.THANK_YOU)
    extra, _ = actions.plan_by_hand(backend, app, ActionKind.KEEP_IN_TOUCH,
                                    thanks.due_utc + timedelta(days=1), thanks.channel, boss)
    items = {i.id: i for i in due_at(backend, backend.clock.now(),
                                     backend.clock.now() + timedelta(days=3))}
    assert items[thanks.id].warnings == []
    assert items[extra].warnings == ["Last contact with this company was 24 hours before; "
                                     "leave at least 4 days between touches."]
    backend.close()


# --- past interviews -----------------------------------------------------------------------------

@pytest.fixture
def past(tmp_path):
    """An interview from March entered in December: Monday 7 December 2026, 10:00."""
    backend = make_backend(tmp_path, start=berlin("2026-12-07 10:00"))
    company = records.add_company(backend, "Acme")
    boss = records.add_contact(backend, company, records.ContactDraft(
        "Ada Lovelace", "CTO", Role.HIRING_MANAGER))
    app = records.add_application(backend, company, "Engineer")
    interview = records.add_interview(backend, app, berlin("2026-03-10 10:00"),
                                      berlin("2026-03-10 11:00"), "Europe/Berlin", [boss])
    yield backend, app, interview
    backend.close()


def test_a_past_interview_is_planned_from_now_and_asked_about(past):
    backend, app, interview = past
    now = backend.clock.now()
    planned = [a for a in Action.select().where(Action.application == app)]
    assert planned and all(a.due_utc >= now for a in planned)
    (thanks,) = pending(app, ActionKind.THANK_YOU)
    assert thanks.due_utc == now and PAST_ENTRY_TASK in thanks.note
    assert "second round" in thanks.note  # no date known: it also asks about the decision
    # Nothing is late, so nothing shows as "became due during quiet hours" at the next start.
    assert all(i.timeliness != "late" for i in due_at(backend, now, now + timedelta(days=60)))
    (found,) = past_interviews.past_interviews(backend, [interview])
    assert found.thank_you_ids == (thanks.id,) and found.company == "Acme"


def test_yes_records_the_thank_you_as_sent_back_then(past):
    backend, app, interview = past
    (thanks,) = pending(app, ActionKind.THANK_YOU)
    assert past_interviews.answer(backend, interview, sent=True) == 1
    done = Action.get_by_id(thanks.id)
    assert done.state == ActionState.DONE
    (touch,) = Touch.select().where(Touch.action == thanks.id)
    assert touch.at_utc == berlin("2026-03-11 11:00")  # the rule's due time, not now
    assert touch.summary == past_interviews.SENT_BEFORE
    assert past_interviews.past_interviews(backend, [interview]) == []
    # The rest of the plan still starts from now.
    assert all(a.due_utc >= backend.clock.now() for a in pending(app))


def test_no_leaves_the_thank_you_planned_from_now(past):
    backend, app, interview = past
    before = [(a.id, a.due_utc, a.state) for a in pending(app, ActionKind.THANK_YOU)]
    assert past_interviews.answer(backend, interview, sent=False) == 0
    assert [(a.id, a.due_utc, a.state) for a in pending(app, ActionKind.THANK_YOU)] == before


def test_an_interview_entered_within_three_days_is_not_asked_about(tmp_path):
    backend = make_backend(tmp_path, start=berlin("2026-03-12 16:00"))
    company = records.add_company(backend, "Acme")
    boss = records.add_contact(backend, company, records.ContactDraft(
        "Ada Lovelace", "CTO", Role.HIRING_MANAGER))
    app = records.add_application(backend, company, "Engineer")
    interview = records.add_interview(backend, app, berlin("2026-03-10 10:00"),
                                      berlin("2026-03-10 11:00"), "Europe/Berlin", [boss])
    assert past_interviews.past_interviews(backend, [interview]) == []
    (thanks,) = pending(app, ActionKind.THANK_YOU)
    assert thanks.due_utc == backend.clock.now()  # due at once: it is late already
    assert PAST_ENTRY_TASK not in thanks.note
    backend.close()
