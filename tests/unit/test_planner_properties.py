"""Properties of the planner over random applications, zones, decision dates and channels."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from followup_desktop.domain.model import (
    ActionKind,
    ActionState,
    ApplicationFacts,
    ApplicationStatus,
    Channel,
    InterviewFacts,
    Person,
    Role,
)
from followup_desktop.domain.planner import (
    PlannedAction,
    StoredAction,
    asks_about_decision,
    plan,
    reconcile,
)
from followup_desktop.domain.rules import Rules
from followup_desktop.domain.workcal import add_wall_clock, is_in_working_hours
from helpers.domain_builders import apply_changes, stored_from

ZONES = [
    ZoneInfo(name)
    for name in (
        "Europe/Berlin",
        "America/New_York",
        "Asia/Kolkata",
        "Australia/Lord_Howe",  # half-hour DST shift
        "Pacific/Chatham",  # +12:45 / +13:45, changes at 02:45
        "America/St_Johns",  # -03:30
        "America/Santiago",  # DST changes at midnight
        "UTC",
    )
]
COMPANY = 7
FOLLOW_UP_DELAY = timedelta(hours=24)
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None)
# For the extra properties beyond the five core ones, to keep the suite fast.
EXTRA_SETTINGS = settings(max_examples=150, deadline=None)
# Wall-clock "a day later" can be this much shorter than 24 h when the clocks go forward.
LARGEST_DST_JUMP = timedelta(hours=1)

FIRST_INSTANT = datetime(2025, 1, 1, tzinfo=UTC)
LAST_INSTANT = datetime(2028, 12, 31, 23, 59, tzinfo=UTC)
# Drawn as whole minutes after the first instant: much cheaper than st.datetimes.
instants = st.integers(0, int((LAST_INSTANT - FIRST_INSTANT).total_seconds() // 60)).map(
    lambda m: FIRST_INSTANT + timedelta(minutes=m)
)
zones = st.sampled_from(ZONES)
roles = st.sampled_from(Role)
durations = st.integers(min_value=15, max_value=8 * 60).map(lambda m: timedelta(minutes=m))
channels = st.none() | st.sampled_from(Channel)
open_statuses = st.sampled_from([ApplicationStatus.APPLIED, ApplicationStatus.INTERVIEWING])


@st.composite
def applications(draw, statuses=open_statuses) -> ApplicationFacts:
    people = {i: Person(i, f"Person {i}", "Title", role, COMPANY)
              for i, role in enumerate(draw(st.lists(roles, min_size=1, max_size=6)), start=1)}
    interviews = []
    for iid in range(1, draw(st.integers(1, 3)) + 1):
        # Instants may have been entered in any zone; the planner must not care.
        start = draw(instants).astimezone(draw(zones))
        interviewer_ids = draw(st.lists(st.integers(1, len(people)), min_size=1,
                                        max_size=min(4, len(people)), unique=True))
        interviews.append(
            InterviewFacts(100 + iid, start, start + draw(durations), iid, tuple(interviewer_ids))
        )
    latest_end = max(i.end for i in interviews)
    decision_offset = draw(st.none() | st.integers(min_value=-10, max_value=60))
    decision_date = (None if decision_offset is None
                     else latest_end.date() + timedelta(days=decision_offset))
    return ApplicationFacts(
        id=1,
        company_id=COMPANY,
        status=draw(statuses),
        decision_date=decision_date,
        preferred_channel=draw(channels),
        interviews=tuple(interviews),
        people=people,
    )


@st.composite
def default_rules(draw) -> Rules:
    """The default Monday-to-Friday, 09:00-17:00 week in a random zone."""
    return Rules(zone=draw(zones), keep_in_touch_cap=draw(st.integers(0, 4)))


@st.composite
def any_rules(draw) -> Rules:
    """Any working week the settings allow, including weekends and odd hours."""
    start = time(draw(st.integers(0, 11)), draw(st.sampled_from([0, 30, 45])))
    end = time(draw(st.integers(12, 23)), draw(st.sampled_from([0, 30, 59])))
    return Rules(
        zone=draw(zones),
        working_days=frozenset(draw(st.sets(st.integers(0, 6), min_size=1))),
        day_start=start,
        day_end=end,
        decision_check_time=draw(st.sampled_from(
            [t for t in (start, time(start.hour + 1), time(end.hour - 1, 30)) if start <= t < end]
        )),
        follow_up_delay=timedelta(hours=draw(st.integers(1, 72))),
        keep_in_touch_every=timedelta(days=draw(st.integers(1, 14))),
        keep_in_touch_cap=draw(st.integers(0, 4)),
        default_channel=draw(st.sampled_from(Channel)),
    )


def anchor_end(action: PlannedAction, app: ApplicationFacts) -> datetime:
    """The end of the interview an action follows up: its own, or the latest for later touches."""
    if action.kind in (ActionKind.KEEP_IN_TOUCH, ActionKind.DECISION_CHECK):
        return max(i.end for i in app.interviews)
    return next(i.end for i in app.interviews if i.id == action.interview_id)


# --- (1) never too early ------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(app=applications(), rules=default_rules())
def test_no_action_is_due_before_its_interview_end_plus_24_hours(app, rules):
    for action in plan(app, rules):
        assert action.due >= anchor_end(action, app) + FOLLOW_UP_DELAY, action


@EXTRA_SETTINGS
@given(app=applications(), rules=any_rules())
def test_whatever_the_settings_actions_are_late_enough_and_inside_working_hours(app, rules):
    # With weekends as working days "a day later" is read on the wall clock, so over a DST jump
    # it can be up to an hour shorter in elapsed time, never more.
    for action in plan(app, rules):
        end = anchor_end(action, app)
        assert action.due >= add_wall_clock(end, rules.follow_up_delay, rules), action
        assert action.due >= end + rules.follow_up_delay - LARGEST_DST_JUMP, action
        assert is_in_working_hours(action.due, rules), action


# --- (2) inside working hours -------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(app=applications(), rules=default_rules())
def test_every_action_is_inside_working_hours(app, rules):
    for action in plan(app, rules):
        assert is_in_working_hours(action.due, rules), action
        assert action.due.utcoffset() == timedelta(0)


# --- (3) never the front desk -------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(app=applications(), rules=default_rules())
def test_no_action_targets_a_receptionist(app, rules):
    for action in plan(app, rules):
        if action.contact_id is not None:
            assert app.people[action.contact_id].role != Role.RECEPTIONIST, action


@EXTRA_SETTINGS
@given(app=applications(), rules=default_rules())
def test_every_non_receptionist_interviewer_is_thanked_once(app, rules):
    thanked = sorted((a.interview_id, a.contact_id) for a in plan(app, rules)
                     if a.kind == ActionKind.THANK_YOU)
    expected = sorted((i.id, p) for i in app.interviews for p in i.interviewer_ids
                      if app.people[p].role != Role.RECEPTIONIST)
    assert thanked == expected


# --- (4) idempotent re-planning -----------------------------------------------------------------


@PROPERTY_SETTINGS
@given(app=applications(), rules=any_rules())
def test_replanning_is_idempotent(app, rules):
    actions = plan(app, rules)

    assert plan(app, rules) == actions
    assert [a.due for a in actions] == sorted(a.due for a in actions)
    assert not reconcile(actions, stored_from(actions))
    saved = apply_changes([], reconcile(actions, []))
    assert not reconcile(plan(app, rules), saved)


@dataclass(frozen=True)
class UserWork:
    """What the user did to one stored action before the application was re-planned."""

    state: ActionState
    edited: bool


user_work = st.builds(
    UserWork,
    st.sampled_from([ActionState.PLANNED, ActionState.DONE, ActionState.SKIPPED,
                     ActionState.SNOOZED]),
    st.booleans(),
)


def touched(action: StoredAction, work: UserWork) -> StoredAction:
    due = action.due + timedelta(hours=1) if work.edited else action.due
    return replace(action, state=work.state, edited=work.edited, due=due)


def moved(app: ApplicationFacts, by: timedelta) -> ApplicationFacts:
    interviews = tuple(replace(i, start=i.start + by, end=i.end + by) for i in app.interviews)
    return replace(app, interviews=interviews)


@EXTRA_SETTINGS
@given(app=applications(), rules=default_rules(), data=st.data(),
       shift=st.integers(-3 * 24, 3 * 24).map(lambda h: timedelta(hours=h)))
def test_replanning_after_an_edit_converges_and_keeps_the_users_work(app, rules, data, shift):
    saved = stored_from(plan(app, rules))
    work = data.draw(st.lists(user_work, min_size=len(saved), max_size=len(saved)))
    saved = [touched(s, w) for s, w in zip(saved, work, strict=True)]
    saved.append(StoredAction(len(saved) + 1, None, ActionState.PLANNED, False,
                              saved[0].due if saved else datetime(2026, 1, 1, tzinfo=UTC),
                              Channel.PHONE, None, None, "my own reminder"))
    changed = moved(app, shift)

    after = apply_changes(saved, reconcile(plan(changed, rules), saved))

    assert not reconcile(plan(changed, rules), after)
    kept = {s.id: s for s in after}
    for before in saved:
        if before.key is None or before.edited or before.state != ActionState.PLANNED:
            assert kept[before.id] == before
    wanted = {a.key for a in plan(changed, rules)}
    assert wanted <= {s.key for s in after}


@EXTRA_SETTINGS
@given(app=applications(), rules=default_rules(), data=st.data(),
       closing=st.sampled_from([ApplicationStatus.OFFER, ApplicationStatus.REJECTED,
                                ApplicationStatus.WITHDRAWN]))
def test_closing_then_reopening_restores_the_plan_and_the_users_work(app, rules, data, closing):
    fresh = stored_from(plan(app, rules))
    work = data.draw(st.lists(user_work, min_size=len(fresh), max_size=len(fresh)))
    saved = [touched(s, w) for s, w in zip(fresh, work, strict=True)]
    closed_app = replace(app, status=closing)

    assert plan(closed_app, rules) == []
    closed = apply_changes(saved, reconcile(plan(closed_app, rules), saved, closed=True))
    for before, after in zip(saved, closed, strict=True):
        expected = ActionState.CANCELLED if before.state.is_pending else before.state
        assert after == replace(before, state=expected)
    assert not reconcile([], closed, closed=True)

    reopened = apply_changes(closed, reconcile(plan(app, rules), closed))
    for planned, before, after in zip(fresh, saved, reopened, strict=True):
        if not before.state.is_pending:  # done and skipped stay as they were
            assert after == before
        elif before.edited:  # a hand edit comes back as the user left it
            assert after == replace(before, state=ActionState.PLANNED)
        else:
            assert after == planned
    assert not reconcile(plan(app, rules), reopened)


# --- (5) unique keys and the shape of the plan --------------------------------------------------


@PROPERTY_SETTINGS
@given(app=applications(), rules=any_rules())
def test_keys_are_unique(app, rules):
    keys = [a.key for a in plan(app, rules)]
    assert len(keys) == len(set(keys))


@EXTRA_SETTINGS
@given(app=applications(), rules=default_rules())
def test_decision_rules_hold(app, rules):
    actions = plan(app, rules)
    by_kind = {kind: [a for a in actions if a.kind == kind] for kind in ActionKind}
    checks = by_kind[ActionKind.DECISION_CHECK]
    asks = by_kind[ActionKind.ASK_ABOUT_DECISION]
    touches = by_kind[ActionKind.KEEP_IN_TOUCH]

    assert len(touches) <= rules.keep_in_touch_cap
    assert all(a.note.startswith("Bring ") for a in touches)
    if app.decision_date is None:
        # The question rides on one thank-you per interview; an action of its own only when
        # nobody on the panel can be thanked.
        for interview in app.interviews:
            thanks = [a for a in by_kind[ActionKind.THANK_YOU] if a.interview_id == interview.id]
            asking = [a for a in thanks if asks_about_decision(a.kind, a.note)]
            own = [a for a in asks if a.interview_id == interview.id]
            assert (len(asking), len(own)) == ((1, 0) if thanks else (0, 1))
        (check,) = checks
        assert check.key == "decision_check:1:asked"
        latest = max(app.interviews, key=lambda i: (i.end, i.id))
        assert check.due.astimezone(rules.zone).date() >= (
            latest.end.astimezone(rules.zone).date() + rules.undated_check_after)
    else:
        assert not asks
        assert not any(asks_about_decision(a.kind, a.note) for a in actions)
        (check,) = checks
        assert check.due.astimezone(rules.zone).date() > app.decision_date
        latest_thanks = [a.due for a in actions if a.kind == ActionKind.THANK_YOU
                         and a.interview_id == check.interview_id]
        assert all(check.due >= due for due in latest_thanks)
        assert all(t.due.astimezone(rules.zone).date() < app.decision_date for t in touches)
