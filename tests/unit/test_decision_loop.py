"""The decision loop in the domain: a check for a known date, one two weeks after the interview
when no date is known, and what each outcome of a call plans next."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from followup_desktop.domain.decision import (
    DecisionOutcome,
    check_next_date,
    next_check,
    outcome_summary,
)
from followup_desktop.domain.model import (
    ActionKind,
    ActionState,
    ApplicationFacts,
    ApplicationStatus,
    CheckFacts,
    Role,
)
from followup_desktop.domain.planner import PlannedAction, plan
from helpers.domain_builders import BERLIN, application, interview, local, person, rules_in, wall

RULES = rules_in(BERLIN)
HANNA = person(1, Role.HIRING_MANAGER, "Hanna")
# Tuesday 13 January 2026, 11:00 in Berlin.
END = local("2026-01-13 11:00", BERLIN)


def app_with(decision: date | None = None, *checks: CheckFacts) -> ApplicationFacts:
    return replace(application(interview(10, END, [HANNA.id]), people=(HANNA,),
                               decision_date=decision), checks=tuple(checks))


def the_check(app: ApplicationFacts) -> PlannedAction | None:
    found = [a for a in plan(app, RULES) if a.kind == ActionKind.DECISION_CHECK]
    assert len(found) <= 1
    return found[0] if found else None


def done(check: PlannedAction, at: str, state: ActionState = ActionState.DONE) -> CheckFacts:
    return CheckFacts(check.key, state, check.due, local(at, BERLIN))


def test_a_known_date_is_checked_at_ten_on_the_next_working_day():
    check = the_check(app_with(date(2026, 1, 30)))  # a Friday
    assert check is not None
    assert (check.key, wall(check.due, BERLIN)) == ("decision_check:1:2026-01-30",
                                                    "Mon 2026-02-02 10:00")


def test_no_date_known_a_check_two_weeks_after_the_interview():
    check = the_check(app_with())
    assert check is not None
    assert (check.key, wall(check.due, BERLIN)) == ("decision_check:1:asked",
                                                    "Tue 2026-01-27 10:00")


def test_still_open_with_a_new_date_plans_a_check_after_it():
    first = the_check(app_with(date(2026, 1, 30)))
    assert first is not None
    # The call on Monday 2 February: "still open, deciding by the 18th".
    after = the_check(app_with(date(2026, 2, 18), done(first, "2026-02-02 10:05")))
    assert after is not None
    assert (after.key, wall(after.due, BERLIN)) == ("decision_check:1:2026-02-18",
                                                    "Thu 2026-02-19 10:00")


def test_still_open_with_no_date_again_in_a_week_at_most_three_times():
    check = the_check(app_with())
    assert check is not None
    finished = [done(check, "2026-01-27 10:10")]
    seen = []
    while (again := the_check(app_with(None, *finished))) is not None:
        seen.append((again.key, wall(again.due, BERLIN)))
        finished.append(done(again, wall(again.due, BERLIN)[4:]))
    assert seen == [
        ("decision_check:1:again:1", "Tue 2026-02-03 10:00"),
        ("decision_check:1:again:2", "Tue 2026-02-10 10:00"),
        ("decision_check:1:again:3", "Tue 2026-02-17 10:00"),
    ]


def test_a_new_date_after_rechecks_starts_a_fresh_count():
    first = the_check(app_with())
    assert first is not None
    again = next_check(1, None, END, [done(first, "2026-01-27 10:10")], RULES)
    assert again is not None
    key, due = again
    recheck = CheckFacts(key, ActionState.DONE, due, due)
    dated = the_check(app_with(date(2026, 2, 20), done(first, "2026-01-27 10:10"), recheck))
    assert dated is not None and dated.key == "decision_check:1:2026-02-20"
    after_dated = CheckFacts(dated.key, ActionState.DONE, dated.due, dated.due)
    next_one = the_check(app_with(None, done(first, "2026-01-27 10:10"), recheck, after_dated))
    assert next_one is not None and next_one.key == "decision_check:1:again:3"


def test_a_skipped_check_ends_the_loop_until_a_new_date():
    check = the_check(app_with())
    assert check is not None
    skipped = done(check, "2026-01-27 12:00", ActionState.SKIPPED)
    assert the_check(app_with(None, skipped)) is None
    assert the_check(app_with(date(2026, 3, 2), skipped)) is not None


def test_an_old_check_without_a_date_in_its_key_counts_for_the_date_it_was_planned_for():
    due = local("2026-02-02 10:00", BERLIN)
    legacy = CheckFacts("decision_check:1", ActionState.DONE, due, due)
    # Done for the 30th: no second check for the same date, but a re-check a week later.
    again = the_check(app_with(date(2026, 1, 30), legacy))
    assert again is not None and again.key == "decision_check:1:again:1"
    # A later date gets its own check.
    later = the_check(app_with(date(2026, 2, 27), legacy))
    assert later is not None and later.key == "decision_check:1:2026-02-27"


@pytest.mark.parametrize(("outcome", "status"), [
    (DecisionOutcome.OPEN, None), (DecisionOutcome.FILLED, ApplicationStatus.REJECTED),
    (DecisionOutcome.OFFER, ApplicationStatus.OFFER),
    (DecisionOutcome.REJECTED, ApplicationStatus.REJECTED)])
def test_outcomes_name_the_status_they_lead_to(outcome, status):
    assert outcome.status == status
    if status is not None:
        closed = replace(app_with(), status=status)
        assert plan(closed, RULES) == []


def test_outcome_dates_are_checked():
    today = date(2026, 2, 2)
    assert check_next_date(DecisionOutcome.OPEN, date(2026, 2, 18), today) is None
    assert check_next_date(DecisionOutcome.OPEN, None, today) is None
    assert "past" in (check_next_date(DecisionOutcome.OPEN, date(2026, 2, 1), today) or "")
    assert "open" in (check_next_date(DecisionOutcome.OFFER, date(2026, 2, 18), today) or "")


def test_outcome_summaries_say_what_was_heard():
    assert outcome_summary(DecisionOutcome.OPEN, date(2026, 2, 18)) == (
        "Decision call: Still open; they expect to decide by Wed 18 Feb 2026.")
    assert outcome_summary(DecisionOutcome.OPEN, None, "Spoke to Hanna") == (
        "Decision call: Still open; no decision date yet. Spoke to Hanna")
    assert outcome_summary(DecisionOutcome.FILLED, None) == "Decision call: Position filled."


def test_the_check_time_is_a_setting():
    rules = rules_in(BERLIN, undated_check_after=datetime(2026, 1, 8) - datetime(2026, 1, 1))
    found = next_check(1, None, END, [], rules)
    assert found is not None and wall(found[1], BERLIN) == "Tue 2026-01-20 10:00"
