"""Properties of the plan of an interview entered at any time, before or long after it ended,
and of the rule "one message per person per moment"."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from test_planner_properties import any_rules, applications, default_rules

from followup_desktop.domain.model import ActionKind, ApplicationFacts
from followup_desktop.domain.planner import (
    PAST_ENTRY_TASK,
    is_past_entry,
    plan,
    rule_thank_you_due,
)
from followup_desktop.domain.workcal import into_working_hours

ENTRY_SETTINGS = settings(max_examples=200, deadline=None)
# From a week before the interview ends to a year after it.
offsets = st.integers(-7 * 24 * 60, 365 * 24 * 60).map(lambda m: timedelta(minutes=m))


@st.composite
def entered_applications(draw) -> ApplicationFacts:
    app = draw(applications())
    interviews = tuple(replace(i, entered=i.end + draw(offsets)) for i in app.interviews)
    return replace(app, interviews=interviews)


@ENTRY_SETTINGS
@given(app=entered_applications(), rules=any_rules())
def test_nothing_is_due_before_the_interview_it_follows_was_entered(app, rules):
    entered = {i.id: i.entered for i in app.interviews}
    for action in plan(app, rules):
        assert action.interview_id is not None
        assert action.due >= entered[action.interview_id], action


@ENTRY_SETTINGS
@given(app=entered_applications(), rules=any_rules())
def test_never_two_actions_to_one_person_on_one_day(app, rules):
    seen = [(a.contact_id, a.due.astimezone(rules.zone).date()) for a in plan(app, rules)]
    assert len(seen) == len(set(seen))


@ENTRY_SETTINGS
@given(app=entered_applications(), rules=default_rules())
def test_a_past_interview_gets_its_thank_you_from_now_and_the_question(app, rules):
    actions = plan(app, rules)
    for interview in app.interviews:
        thanks = [a for a in actions if a.kind == ActionKind.THANK_YOU
                  and a.interview_id == interview.id]
        past = is_past_entry(interview, rules)
        assert past == (interview.entered - interview.end > timedelta(days=3))
        for thank_you in thanks:
            assert (PAST_ENTRY_TASK in thank_you.note) == past
            if past:
                assert thank_you.due >= into_working_hours(interview.entered, rules)
            else:
                assert thank_you.due >= rule_thank_you_due(interview, rules)


@ENTRY_SETTINGS
@given(app=entered_applications(), rules=default_rules())
def test_the_decision_check_leaves_the_anti_pester_gap_after_every_other_touch(app, rules):
    actions = plan(app, rules)
    checks = [a for a in actions if a.kind == ActionKind.DECISION_CHECK]
    for check in checks:
        for other in actions:
            if other.kind != ActionKind.DECISION_CHECK:
                assert other.due + rules.pester_gap <= check.due, (other, check)
