"""Example-based tests of the follow-up planner: exact instants, wall times, targets, reconcile."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from followup_desktop.domain.model import (
    ActionKind,
    ActionState,
    ApplicationStatus,
    Channel,
    Role,
)
from followup_desktop.domain.planner import (
    ASK_ABOUT_DECISION_TASK,
    DECISION_CHECK_TASK,
    THINGS_TO_BRING,
    PlanChanges,
    PlannedAction,
    StoredAction,
    asks_about_decision,
    plan,
    reconcile,
)
from helpers.domain_builders import (
    ALL_WEEK,
    BERLIN,
    NEW_YORK,
    application,
    apply_changes,
    interview,
    local,
    person,
    rules_in,
    stored_from,
    utc,
    wall,
)

HANNA = person(1, Role.HIRING_MANAGER, "Hanna")
IVO = person(2, Role.INTERVIEWER, "Ivo")
RITA = person(3, Role.RECRUITER, "Rita")
DESK = person(4, Role.RECEPTIONIST, "Desk")
PEOPLE = (HANNA, IVO, RITA, DESK)

BERLIN_RULES = rules_in(BERLIN)
FAR = date(2026, 6, 30)  # a decision date long after the keep-in-touch touches


def berlin_interview(end: str, *interviewer_ids: int, iid: int = 10, round_no: int = 1):
    return interview(iid, local(end, BERLIN), interviewer_ids or (HANNA.id, IVO.id), round_no)


def of_kind(actions: list[PlannedAction], kind: ActionKind) -> list[PlannedAction]:
    return [a for a in actions if a.kind == kind]


def walls(actions: list[PlannedAction], zone=BERLIN) -> list[str]:
    return [wall(a.due, zone) for a in actions]


def only(actions: list[PlannedAction]) -> PlannedAction:
    assert len(actions) == 1, actions
    return actions[0]


def stored(
    sid: int,
    key: str | None,
    due: datetime,
    state: ActionState = ActionState.PLANNED,
    edited: bool = False,
    contact_id: int | None = HANNA.id,
) -> StoredAction:
    return StoredAction(sid, key, state, edited, due, Channel.EMAIL, contact_id, 10)


# --- thank-you ----------------------------------------------------------------------------------


def test_one_thank_you_per_interviewer_a_day_after_the_interview():
    app = application(berlin_interview("2026-01-13 11:00"), people=PEOPLE)  # a Tuesday

    thanks = of_kind(plan(app, BERLIN_RULES), ActionKind.THANK_YOU)

    assert [(a.key, a.contact_id) for a in thanks] == [
        ("thank_you:10:1", HANNA.id),
        ("thank_you:10:2", IVO.id),
    ]
    for action in thanks:
        assert action.due == utc("2026-01-14 10:00")
        assert wall(action.due, BERLIN) == "Wed 2026-01-14 11:00"
        assert action.interview_id == 10
        assert action.channel == Channel.EMAIL


@pytest.mark.parametrize(
    ("interview_end", "expected_utc", "expected_wall"),
    [
        ("2026-01-13 16:30", "2026-01-14 15:30", "Wed 2026-01-14 16:30"),  # still inside
        ("2026-01-13 17:30", "2026-01-15 08:00", "Thu 2026-01-15 09:00"),  # after hours
        ("2026-01-13 08:00", "2026-01-14 08:00", "Wed 2026-01-14 09:00"),  # before hours
        ("2026-01-16 16:30", "2026-01-19 08:00", "Mon 2026-01-19 09:00"),  # Fri -> Sat -> Mon
        ("2026-01-15 17:00", "2026-01-19 08:00", "Mon 2026-01-19 09:00"),  # Fri 17:00 is closed
        ("2026-01-17 11:00", "2026-01-19 08:00", "Mon 2026-01-19 09:00"),  # Saturday interview
        ("2026-01-18 11:00", "2026-01-19 10:00", "Mon 2026-01-19 11:00"),  # Sunday interview
    ],
)
def test_thank_you_is_moved_into_working_hours(interview_end, expected_utc, expected_wall):
    app = application(berlin_interview(interview_end, IVO.id), people=PEOPLE)

    thank_you = only(of_kind(plan(app, BERLIN_RULES), ActionKind.THANK_YOU))

    assert thank_you.due == utc(expected_utc)
    assert wall(thank_you.due, BERLIN) == expected_wall


def test_friday_afternoon_interview_is_thanked_on_monday_morning_in_new_york():
    app = application(interview(10, local("2026-01-16 16:30", NEW_YORK), [IVO.id]), people=PEOPLE)

    thank_you = only(of_kind(plan(app, rules_in(NEW_YORK)), ActionKind.THANK_YOU))

    assert thank_you.due == utc("2026-01-19 14:00")
    assert wall(thank_you.due, NEW_YORK) == "Mon 2026-01-19 09:00"


def test_working_hours_are_those_of_the_users_zone_not_of_the_interview():
    # The interview was entered in New York time; the user lives in Berlin.
    # 10:00 New York on Tuesday is 16:00 Berlin; a day later is Wednesday 16:00 in Berlin.
    app = application(interview(10, local("2026-01-13 10:00", NEW_YORK), [IVO.id]), people=PEOPLE)

    thank_you = only(of_kind(plan(app, BERLIN_RULES), ActionKind.THANK_YOU))

    assert thank_you.due == utc("2026-01-14 15:00")
    assert wall(thank_you.due, BERLIN) == "Wed 2026-01-14 16:00"


@pytest.mark.parametrize(
    ("zone", "interview_end", "expected_utc", "expected_wall"),
    [
        # Friday before the clocks go forward: Monday 09:00 summer time.
        (BERLIN, "2026-03-27 14:00", "2026-03-30 07:00", "Mon 2026-03-30 09:00"),
        (NEW_YORK, "2026-03-06 14:00", "2026-03-09 13:00", "Mon 2026-03-09 09:00"),
        # Friday before the clocks go back: Monday 09:00 winter time.
        (BERLIN, "2026-10-23 14:00", "2026-10-26 08:00", "Mon 2026-10-26 09:00"),
        (NEW_YORK, "2026-10-30 14:00", "2026-11-02 14:00", "Mon 2026-11-02 09:00"),
    ],
)
def test_thank_you_over_a_dst_weekend(zone, interview_end, expected_utc, expected_wall):
    app = application(interview(10, local(interview_end, zone), [IVO.id]), people=PEOPLE)

    thank_you = only(of_kind(plan(app, rules_in(zone)), ActionKind.THANK_YOU))

    assert thank_you.due == utc(expected_utc)
    assert wall(thank_you.due, zone) == expected_wall


@pytest.mark.parametrize(
    ("zone", "interview_end", "expected_utc", "expected_wall"),
    [
        # Saturday -> Sunday over spring-forward: same wall time, 23 hours later.
        (BERLIN, "2026-03-28 10:00", "2026-03-29 08:00", "Sun 2026-03-29 10:00"),
        (NEW_YORK, "2026-03-07 15:00", "2026-03-08 19:00", "Sun 2026-03-08 15:00"),
        # Saturday -> Sunday over fall-back: same wall time, 25 hours later.
        (BERLIN, "2026-10-24 10:00", "2026-10-25 09:00", "Sun 2026-10-25 10:00"),
        (NEW_YORK, "2026-10-31 15:00", "2026-11-01 20:00", "Sun 2026-11-01 15:00"),
    ],
)
def test_thank_you_keeps_wall_time_across_dst_when_weekends_are_working_days(
    zone, interview_end, expected_utc, expected_wall
):
    app = application(interview(10, local(interview_end, zone), [IVO.id]), people=PEOPLE)

    thank_you = only(of_kind(plan(app, rules_in(zone, working_days=ALL_WEEK)),
                             ActionKind.THANK_YOU))

    assert thank_you.due == utc(expected_utc)
    assert wall(thank_you.due, zone) == expected_wall


@pytest.mark.parametrize(
    ("zone", "interview_end", "expected_utc", "expected_walls"),
    [
        (BERLIN, "2026-10-23 10:00",
         ["2026-10-24 08:00", "2026-10-31 09:00", "2026-11-07 09:00"],
         ["Sat 2026-10-24 10:00", "Sat 2026-10-31 10:00", "Sat 2026-11-07 10:00"]),
        (NEW_YORK, "2026-10-30 15:00",
         ["2026-10-31 19:00", "2026-11-07 20:00", "2026-11-14 20:00"],
         ["Sat 2026-10-31 15:00", "Sat 2026-11-07 15:00", "Sat 2026-11-14 15:00"]),
        (BERLIN, "2026-03-20 10:00",
         ["2026-03-21 09:00", "2026-03-28 09:00", "2026-04-04 08:00"],
         ["Sat 2026-03-21 10:00", "Sat 2026-03-28 10:00", "Sat 2026-04-04 10:00"]),
    ],
)
def test_whole_plan_keeps_wall_time_through_a_dst_week(
    zone, interview_end, expected_utc, expected_walls
):
    app = application(interview(10, local(interview_end, zone), [HANNA.id]), people=PEOPLE,
                      decision_date=date(2026, 12, 31))

    actions = plan(app, rules_in(zone, working_days=ALL_WEEK))

    assert [a.kind for a in actions] == [ActionKind.THANK_YOU, ActionKind.KEEP_IN_TOUCH,
                                         ActionKind.KEEP_IN_TOUCH, ActionKind.DECISION_CHECK]
    assert [a.due for a in actions[:3]] == [utc(u) for u in expected_utc]
    assert walls(actions[:3], zone) == expected_walls


# --- channel ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preferred", "default", "expected"),
    [
        (None, Channel.EMAIL, Channel.EMAIL),
        (Channel.PHONE, Channel.EMAIL, Channel.PHONE),
        (Channel.CARD, Channel.EMAIL, Channel.CARD),
        (Channel.LETTER, Channel.EMAIL, Channel.LETTER),
        (None, Channel.LETTER, Channel.LETTER),  # the user's own default
        (Channel.EMAIL, Channel.LETTER, Channel.EMAIL),  # the company's preference wins
    ],
)
def test_channel_is_the_companys_preference_else_the_default(preferred, default, expected):
    app = application(berlin_interview("2026-01-13 11:00"), people=PEOPLE,
                      preferred_channel=preferred)

    actions = plan(app, rules_in(BERLIN, default_channel=default))

    follow_ups = [a for a in actions if a.kind != ActionKind.DECISION_CHECK]
    assert follow_ups
    assert {a.channel for a in follow_ups} == {expected}


@pytest.mark.parametrize("mailed", [Channel.CARD, Channel.LETTER])
def test_a_card_or_letter_is_due_the_same_moment_as_an_email(mailed):
    def dues(channel):
        app = application(berlin_interview("2026-01-16 16:30"), people=PEOPLE,
                          preferred_channel=channel)
        return [(a.key, a.due) for a in plan(app, BERLIN_RULES)]

    assert dues(mailed) == dues(Channel.EMAIL)
    assert dues(mailed)[0][1] == utc("2026-01-19 08:00")


# --- keep in touch ------------------------------------------------------------------------------


def test_keep_in_touch_every_seven_days_capped_at_two_each_bringing_something():
    app = application(berlin_interview("2026-01-13 11:00"), people=PEOPLE, decision_date=FAR)

    touches = of_kind(plan(app, BERLIN_RULES), ActionKind.KEEP_IN_TOUCH)

    assert [a.key for a in touches] == ["keep_in_touch:10:1", "keep_in_touch:10:2"]
    assert [a.due for a in touches] == [utc("2026-01-21 10:00"), utc("2026-01-28 10:00")]
    assert walls(touches) == ["Wed 2026-01-21 11:00", "Wed 2026-01-28 11:00"]
    assert [a.note for a in touches] == list(THINGS_TO_BRING[:2])
    assert all(a.note.startswith("Bring ") for a in touches)
    assert {a.contact_id for a in touches} == {HANNA.id}
    assert {a.interview_id for a in touches} == {10}


@pytest.mark.parametrize("cap", [0, 1, 3, 4])
def test_keep_in_touch_cap_is_a_setting(cap):
    app = application(berlin_interview("2026-01-13 11:00"), people=PEOPLE, decision_date=FAR)

    touches = of_kind(plan(app, rules_in(BERLIN, keep_in_touch_cap=cap)), ActionKind.KEEP_IN_TOUCH)

    assert len(touches) == cap
    assert [a.due for a in touches] == [utc("2026-01-14 10:00") + timedelta(days=7 * n)
                                        for n in range(1, cap + 1)]
    assert all(a.note in THINGS_TO_BRING for a in touches)
    assert len({a.note for a in touches}) == min(cap, len(THINGS_TO_BRING))


def test_keep_in_touch_cadence_is_a_setting():
    app = application(berlin_interview("2026-01-13 11:00"), people=PEOPLE, decision_date=FAR)
    rules = rules_in(BERLIN, keep_in_touch_every=timedelta(days=10))

    touches = of_kind(plan(app, rules), ActionKind.KEEP_IN_TOUCH)

    # Wednesday + 10 days is a Saturday: moved to Monday 09:00. Then Tuesday 11:00.
    assert walls(touches) == ["Mon 2026-01-26 09:00", "Tue 2026-02-03 11:00"]


def test_keep_in_touch_after_a_friday_interview_starts_from_the_monday_thank_you():
    app = application(berlin_interview("2026-01-16 16:30"), people=PEOPLE, decision_date=FAR)

    touches = of_kind(plan(app, BERLIN_RULES), ActionKind.KEEP_IN_TOUCH)

    assert walls(touches) == ["Mon 2026-01-26 09:00", "Mon 2026-02-02 09:00"]


@pytest.mark.parametrize(
    ("decision", "expected_keys"),
    [
        (date(2026, 1, 20), []),  # before the first touch
        (date(2026, 1, 21), []),  # on the day of the first touch: too late for it
        # The check is on the next working day; a touch within 4 days before it is left out.
        (date(2026, 1, 22), []),
        (date(2026, 1, 28), ["keep_in_touch:10:1"]),
        (date(2026, 1, 29), ["keep_in_touch:10:1"]),
        (date(2026, 2, 3), ["keep_in_touch:10:1", "keep_in_touch:10:2"]),
    ],
)
def test_keep_in_touch_stops_before_a_known_decision_date(decision, expected_keys):
    app = application(berlin_interview("2026-01-13 11:00"), people=PEOPLE, decision_date=decision)

    touches = of_kind(plan(app, BERLIN_RULES), ActionKind.KEEP_IN_TOUCH)

    assert [a.key for a in touches] == expected_keys


def test_keep_in_touch_prefers_an_interviewer_when_no_hiring_manager_interviewed():
    app = application(berlin_interview("2026-01-13 11:00", RITA.id, IVO.id), people=PEOPLE)

    touches = of_kind(plan(app, BERLIN_RULES), ActionKind.KEEP_IN_TOUCH)

    assert {a.contact_id for a in touches} == {IVO.id}


# --- decision check -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decision", "expected_utc", "expected_wall"),
    [
        (date(2026, 1, 28), "2026-01-29 09:00", "Thu 2026-01-29 10:00"),  # Wednesday
        (date(2026, 1, 30), "2026-02-02 09:00", "Mon 2026-02-02 10:00"),  # Friday -> Monday
        (date(2026, 1, 31), "2026-02-02 09:00", "Mon 2026-02-02 10:00"),  # Saturday -> Monday
        (date(2026, 3, 27), "2026-03-30 08:00", "Mon 2026-03-30 10:00"),  # over spring-forward
        (date(2026, 10, 23), "2026-10-26 09:00", "Mon 2026-10-26 10:00"),  # over fall-back
    ],
)
def test_decision_check_at_ten_on_the_first_business_day_after_the_decision(
    decision, expected_utc, expected_wall
):
    app = application(berlin_interview("2026-01-13 11:00"), people=PEOPLE, decision_date=decision)

    check = only(of_kind(plan(app, BERLIN_RULES), ActionKind.DECISION_CHECK))

    assert check.due == utc(expected_utc)
    assert wall(check.due, BERLIN) == expected_wall
    assert check.key == f"decision_check:1:{decision.isoformat()}"
    assert check.note == DECISION_CHECK_TASK
    assert check.interview_id == 10


def test_decision_check_in_new_york_over_the_dst_weekend():
    app = application(interview(10, local("2026-01-13 11:00", NEW_YORK), [HANNA.id]),
                      people=PEOPLE, decision_date=date(2026, 3, 6))

    check = only(of_kind(plan(app, rules_in(NEW_YORK)), ActionKind.DECISION_CHECK))

    assert check.due == utc("2026-03-09 14:00")
    assert wall(check.due, NEW_YORK) == "Mon 2026-03-09 10:00"


def test_decision_check_targets_the_hiring_manager():
    app = application(berlin_interview("2026-01-13 11:00", IVO.id, RITA.id, HANNA.id),
                      people=PEOPLE, decision_date=date(2026, 1, 30))

    check = only(of_kind(plan(app, BERLIN_RULES), ActionKind.DECISION_CHECK))

    assert check.contact_id == HANNA.id


def test_decision_check_falls_back_to_a_company_contact_when_only_the_desk_interviewed():
    app = application(berlin_interview("2026-01-13 11:00", DESK.id), people=(DESK, RITA),
                      decision_date=date(2026, 1, 30))

    check = only(of_kind(plan(app, BERLIN_RULES), ActionKind.DECISION_CHECK))

    assert check.contact_id == RITA.id


@pytest.mark.parametrize(
    ("preferred", "expected"),
    [(None, Channel.PHONE), (Channel.EMAIL, Channel.EMAIL), (Channel.CARD, Channel.PHONE),
     (Channel.LETTER, Channel.PHONE), (Channel.PHONE, Channel.PHONE)],
)
def test_decision_check_is_a_call_unless_the_company_prefers_email(preferred, expected):
    app = application(berlin_interview("2026-01-13 11:00"), people=PEOPLE,
                      decision_date=date(2026, 1, 30), preferred_channel=preferred)

    check = only(of_kind(plan(app, BERLIN_RULES), ActionKind.DECISION_CHECK))

    assert check.channel == expected


@pytest.mark.parametrize(
    "decision",
    [date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 13)],  # long past, day before, same day
)
def test_decision_check_never_comes_before_the_thank_you(decision):
    app = application(berlin_interview("2026-01-13 11:00"), people=PEOPLE, decision_date=decision)

    actions = plan(app, BERLIN_RULES)

    check = only(of_kind(actions, ActionKind.DECISION_CHECK))
    thank_you = [a for a in of_kind(actions, ActionKind.THANK_YOU) if a.contact_id == HANNA.id]
    assert only(thank_you).due == utc("2026-01-14 10:00")
    # Not right after the thank-you: at 10:00 once the 4-day anti-pester gap has passed.
    assert check.contact_id == HANNA.id
    assert wall(check.due, BERLIN) == "Mon 2026-01-19 10:00"
    assert not of_kind(actions, ActionKind.KEEP_IN_TOUCH)


# --- unknown decision date ----------------------------------------------------------------------


def test_unknown_decision_date_the_thank_you_to_the_main_contact_asks_about_it():
    app = application(berlin_interview("2026-01-13 11:00", IVO.id, HANNA.id), people=PEOPLE)

    actions = plan(app, BERLIN_RULES)

    assert not of_kind(actions, ActionKind.ASK_ABOUT_DECISION)
    thanks = {a.contact_id: a for a in of_kind(actions, ActionKind.THANK_YOU)}
    assert thanks[HANNA.id].note == ASK_ABOUT_DECISION_TASK
    assert asks_about_decision(ActionKind.THANK_YOU, thanks[HANNA.id].note)
    assert thanks[IVO.id].note == ""
    assert thanks[HANNA.id].due == utc("2026-01-14 10:00")


def test_unknown_decision_date_a_check_two_weeks_after_the_interview():
    app = application(berlin_interview("2026-01-13 11:00", IVO.id, HANNA.id), people=PEOPLE)

    actions = plan(app, BERLIN_RULES)

    check = only(of_kind(actions, ActionKind.DECISION_CHECK))
    assert check.key == "decision_check:1:asked"
    assert wall(check.due, BERLIN) == "Tue 2026-01-27 10:00"
    assert check.contact_id == HANNA.id
    # Keep-in-touch runs until the check, as it runs until a known decision date.
    assert walls(of_kind(actions, ActionKind.KEEP_IN_TOUCH)) == ["Wed 2026-01-21 11:00"]


def test_unknown_decision_date_with_only_the_desk_on_the_panel_asks_in_an_action_of_its_own():
    app = application(berlin_interview("2026-01-13 11:00", DESK.id), people=(DESK, RITA))

    actions = plan(app, BERLIN_RULES)

    assert not of_kind(actions, ActionKind.THANK_YOU)
    ask = only(of_kind(actions, ActionKind.ASK_ABOUT_DECISION))
    assert (ask.key, ask.contact_id, ask.note) == ("ask_about_decision:10", RITA.id,
                                                  ASK_ABOUT_DECISION_TASK)


def test_unknown_decision_date_asks_once_per_interview():
    first = berlin_interview("2026-01-13 11:00", IVO.id, iid=10)
    second = berlin_interview("2026-01-20 11:00", HANNA.id, iid=11, round_no=2)
    app = application(first, second, people=PEOPLE)

    asks = [a for a in plan(app, BERLIN_RULES) if asks_about_decision(a.kind, a.note)]

    assert [(a.key, a.contact_id, a.due) for a in asks] == [
        ("thank_you:10:2", IVO.id, utc("2026-01-14 10:00")),
        ("thank_you:11:1", HANNA.id, utc("2026-01-21 10:00")),
    ]


def test_known_decision_date_does_not_ask_about_it():
    app = application(berlin_interview("2026-01-13 11:00"), people=PEOPLE,
                      decision_date=date(2026, 1, 30))

    actions = plan(app, BERLIN_RULES)

    assert not of_kind(actions, ActionKind.ASK_ABOUT_DECISION)
    assert ASK_ABOUT_DECISION_TASK not in {a.note for a in actions}


# --- second round -------------------------------------------------------------------------------


def test_second_round_gets_its_own_thank_yous_and_moves_keep_in_touch():
    first = berlin_interview("2026-01-13 11:00", IVO.id, iid=10)
    second = berlin_interview("2026-01-20 15:00", HANNA.id, RITA.id, iid=11, round_no=2)
    app = application(first, second, people=PEOPLE, decision_date=date(2026, 2, 27))

    actions = plan(app, BERLIN_RULES)

    assert [(a.key, wall(a.due, BERLIN)) for a in actions] == [
        ("thank_you:10:2", "Wed 2026-01-14 11:00"),
        ("thank_you:11:1", "Wed 2026-01-21 15:00"),
        ("thank_you:11:3", "Wed 2026-01-21 15:00"),
        ("keep_in_touch:11:1", "Wed 2026-01-28 15:00"),
        ("keep_in_touch:11:2", "Wed 2026-02-04 15:00"),
        ("decision_check:1:2026-02-27", "Mon 2026-03-02 10:00"),
    ]
    assert {a.interview_id for a in of_kind(actions, ActionKind.KEEP_IN_TOUCH)} == {11}
    assert {a.contact_id for a in of_kind(actions, ActionKind.KEEP_IN_TOUCH)} == {HANNA.id}
    assert only(of_kind(actions, ActionKind.DECISION_CHECK)).interview_id == 11


def test_latest_interview_is_the_one_that_ends_last_whatever_the_order_given():
    first = berlin_interview("2026-01-13 11:00", IVO.id, iid=10)
    second = berlin_interview("2026-01-20 15:00", HANNA.id, iid=11, round_no=2)

    actions = plan(application(second, first, people=PEOPLE, decision_date=FAR), BERLIN_RULES)

    assert [a.key for a in of_kind(actions, ActionKind.KEEP_IN_TOUCH)] == [
        "keep_in_touch:11:1", "keep_in_touch:11:2"]


def test_adding_a_second_round_replans_without_losing_what_was_done():
    first = berlin_interview("2026-01-13 11:00", IVO.id, iid=10)
    one_round = application(first, people=PEOPLE, decision_date=date(2026, 2, 27))
    saved = stored_from(plan(one_round, BERLIN_RULES))
    saved = [replace(s, state=ActionState.DONE) if s.key == "thank_you:10:2" else s
             for s in saved]
    second = berlin_interview("2026-01-20 15:00", HANNA.id, iid=11, round_no=2)
    two_rounds = application(first, second, people=PEOPLE, decision_date=date(2026, 2, 27))

    changes = reconcile(plan(two_rounds, BERLIN_RULES), saved)

    by_id = {s.id: s.key for s in saved}
    assert sorted(a.key for a in changes.create) == [
        "keep_in_touch:11:1", "keep_in_touch:11:2", "thank_you:11:1"]
    assert sorted(by_id[i] for i in changes.delete) == ["keep_in_touch:10:1", "keep_in_touch:10:2"]
    assert [(by_id[i], a.interview_id) for i, a in changes.update] == [
        ("decision_check:1:2026-02-27", 11)]
    assert not changes.cancel
    after = apply_changes(saved, changes)
    assert next(s for s in after if s.key == "thank_you:10:2").state == ActionState.DONE
    assert not reconcile(plan(two_rounds, BERLIN_RULES), after)


# --- receptionist -------------------------------------------------------------------------------


def test_receptionist_gets_no_thank_you_and_is_never_a_target():
    app = application(berlin_interview("2026-01-13 11:00", DESK.id, IVO.id), people=PEOPLE)

    actions = plan(app, BERLIN_RULES)

    assert [a.key for a in of_kind(actions, ActionKind.THANK_YOU)] == ["thank_you:10:2"]
    assert DESK.id not in {a.contact_id for a in actions}


def test_only_a_receptionist_known_means_no_thank_you_and_no_target():
    app = application(berlin_interview("2026-01-13 11:00", DESK.id), people=(DESK,),
                      decision_date=date(2026, 1, 30))

    actions = plan(app, BERLIN_RULES)

    assert not of_kind(actions, ActionKind.THANK_YOU)
    assert actions  # keep-in-touch and the decision check are still planned...
    assert {a.contact_id for a in actions} == {None}  # ...but to nobody in particular


def test_interviewer_missing_from_people_is_skipped():
    app = application(berlin_interview("2026-01-13 11:00", IVO.id, 99), people=PEOPLE)

    thanks = of_kind(plan(app, BERLIN_RULES), ActionKind.THANK_YOU)

    assert [a.contact_id for a in thanks] == [IVO.id]


# --- closed applications ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", [ApplicationStatus.OFFER, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN]
)
def test_closed_application_plans_nothing(status):
    app = application(berlin_interview("2026-01-13 11:00"), people=PEOPLE, status=status,
                      decision_date=date(2026, 1, 30))

    assert status.is_closed
    assert plan(app, BERLIN_RULES) == []


@pytest.mark.parametrize("status", [ApplicationStatus.APPLIED, ApplicationStatus.INTERVIEWING])
def test_open_application_is_planned(status):
    app = application(berlin_interview("2026-01-13 11:00"), people=PEOPLE, status=status)

    assert not status.is_closed
    assert plan(app, BERLIN_RULES)


def test_application_without_interviews_plans_only_the_decision_check():
    app = application(people=PEOPLE, decision_date=date(2026, 1, 30))

    check = only(plan(app, BERLIN_RULES))

    assert check.kind == ActionKind.DECISION_CHECK
    assert wall(check.due, BERLIN) == "Mon 2026-02-02 10:00"
    assert check.interview_id is None
    assert check.contact_id == HANNA.id
    assert plan(application(people=PEOPLE), BERLIN_RULES) == []


DUE = utc("2026-01-14 10:00")


def test_closing_cancels_pending_actions_and_keeps_history():
    saved = [
        stored(1, "thank_you:10:1", DUE, ActionState.DONE),
        stored(2, "thank_you:10:2", DUE, ActionState.SKIPPED),
        stored(3, "keep_in_touch:10:1", DUE, ActionState.PLANNED),
        stored(4, "keep_in_touch:10:2", DUE, ActionState.SNOOZED),
        stored(5, "decision_check:1", DUE, ActionState.PLANNED, edited=True),
        stored(6, None, DUE, ActionState.PLANNED),  # added by the user
        stored(7, "ask_about_decision:10", DUE, ActionState.CANCELLED),
    ]

    changes = reconcile([], saved, closed=True)

    assert changes.cancel == [3, 4, 5, 6]
    assert not (changes.create or changes.update or changes.delete)
    after = apply_changes(saved, changes)
    assert [s.state for s in after] == [ActionState.DONE, ActionState.SKIPPED] + [
        ActionState.CANCELLED] * 5
    assert not reconcile([], after, closed=True)


def test_reopening_revives_cancelled_actions():
    app = application(berlin_interview("2026-01-13 11:00"), people=PEOPLE)
    saved = stored_from(plan(app, BERLIN_RULES))
    saved[0] = replace(saved[0], state=ActionState.DONE)
    closed = apply_changes(saved, reconcile([], saved, closed=True))
    assert {s.state for s in closed} == {ActionState.DONE, ActionState.CANCELLED}

    changes = reconcile(plan(app, BERLIN_RULES), closed)

    assert [i for i, _ in changes.update] == [s.id for s in closed[1:]]
    assert not (changes.create or changes.delete or changes.cancel)
    reopened = apply_changes(closed, changes)
    assert reopened == saved
    assert not reconcile(plan(app, BERLIN_RULES), reopened)


def test_reopening_revives_a_hand_edited_action_as_the_user_left_it():
    app = application(berlin_interview("2026-01-13 11:00"), people=PEOPLE,
                      decision_date=date(2026, 1, 30))
    saved = stored_from(plan(app, BERLIN_RULES))
    # The user agreed a date for the call with the recruiter and moved the decision check.
    agreed = utc("2026-02-05 14:00")
    saved = [replace(s, edited=True, due=agreed, contact_id=RITA.id, note="Call Rita")
             if s.key == "decision_check:1" else s for s in saved]
    closed = apply_changes(saved, reconcile([], saved, closed=True))

    reopened = apply_changes(closed, reconcile(plan(app, BERLIN_RULES), closed))

    assert reopened == saved
    assert not reconcile(plan(app, BERLIN_RULES), reopened)


# --- reconcile ----------------------------------------------------------------------------------


def planned(key: str, due: datetime, contact_id: int | None = HANNA.id) -> PlannedAction:
    return PlannedAction(key, ActionKind.THANK_YOU, due, Channel.EMAIL, contact_id, 10)


LATER = DUE + timedelta(days=1)


def test_reconcile_creates_missing_actions():
    changes = reconcile([planned("a", DUE)], [])

    assert changes.create == [planned("a", DUE)]
    assert not (changes.update or changes.delete or changes.cancel)


def test_reconcile_updates_untouched_planned_action_whose_due_moved():
    changes = reconcile([planned("a", LATER)], [stored(1, "a", DUE)])

    assert changes.update == [(1, planned("a", LATER))]
    assert not (changes.create or changes.delete or changes.cancel)


def test_reconcile_updates_untouched_planned_action_whose_target_changed():
    changes = reconcile([planned("a", DUE, contact_id=IVO.id)], [stored(1, "a", DUE)])

    assert changes.update == [(1, planned("a", DUE, contact_id=IVO.id))]


def test_reconcile_leaves_matching_actions_alone():
    assert not reconcile([planned("a", DUE)], [stored(1, "a", DUE)])
    assert reconcile([planned("a", DUE)], [stored(1, "a", DUE)]) == PlanChanges()


@pytest.mark.parametrize(
    ("state", "edited"),
    [
        (ActionState.DONE, False),
        (ActionState.SKIPPED, False),
        (ActionState.SNOOZED, False),
        (ActionState.PLANNED, True),
        (ActionState.DONE, True),
        (ActionState.SNOOZED, True),
    ],
)
def test_reconcile_never_touches_the_users_work(state, edited):
    touched = stored(1, "a", DUE, state, edited=edited)

    assert not reconcile([planned("a", LATER)], [touched])  # due moved: still left alone
    assert not reconcile([], [touched])  # no longer wanted: still kept


def test_reconcile_deletes_untouched_planned_action_no_longer_wanted():
    changes = reconcile([planned("a", DUE)], [stored(1, "a", DUE), stored(2, "b", DUE)])

    assert changes.delete == [2]
    assert not (changes.create or changes.update or changes.cancel)


def test_reconcile_leaves_user_added_actions_alone():
    mine = stored(1, None, DUE)

    changes = reconcile([planned("a", DUE)], [mine])

    assert changes.create == [planned("a", DUE)]
    assert not (changes.update or changes.delete or changes.cancel)
    assert not reconcile([], [mine])


def test_reconcile_does_not_revive_cancelled_actions_no_longer_wanted():
    assert not reconcile([], [stored(1, "a", DUE, ActionState.CANCELLED)])


def test_reconcile_revives_cancelled_action_still_wanted_even_with_same_due():
    changes = reconcile([planned("a", DUE)], [stored(1, "a", DUE, ActionState.CANCELLED)])

    assert changes.update == [(1, planned("a", DUE))]


def test_reconcile_mixed_then_apply_then_reconcile_again_is_quiet():
    desired = [planned("keep", DUE), planned("moved", LATER), planned("new", DUE),
               planned("done", LATER), planned("snoozed", LATER), planned("edited", LATER)]
    saved = [
        stored(1, "keep", DUE),
        stored(2, "moved", DUE),
        stored(3, "done", DUE, ActionState.DONE),
        stored(4, "snoozed", DUE, ActionState.SNOOZED),
        stored(5, "edited", DUE, edited=True),
        stored(6, "gone", DUE),
        stored(7, "gone-but-done", DUE, ActionState.DONE),
        stored(8, None, DUE),
    ]

    changes = reconcile(desired, saved)

    assert changes.create == [planned("new", DUE)]
    assert changes.update == [(2, planned("moved", LATER))]
    assert changes.delete == [6]
    assert changes.cancel == []
    after = apply_changes(saved, changes)
    assert [s.key for s in after] == ["keep", "moved", "done", "snoozed", "edited",
                                      "gone-but-done", None, "new"]
    assert not reconcile(desired, after)


def test_replanning_after_an_edit_to_the_interview_moves_only_untouched_actions():
    app = application(berlin_interview("2026-01-13 11:00"), people=PEOPLE, decision_date=FAR)
    saved = stored_from(plan(app, BERLIN_RULES))
    # The user thanked Hanna already and moved the first keep-in-touch by hand.
    saved = [replace(s, state=ActionState.DONE) if s.key == "thank_you:10:1"
             else replace(s, edited=True, due=s.due + timedelta(hours=2))
             if s.key == "keep_in_touch:10:1" else s for s in saved]
    moved = application(berlin_interview("2026-01-14 11:00"), people=PEOPLE,
                        decision_date=FAR)  # a day later

    changes = reconcile(plan(moved, BERLIN_RULES), saved)

    by_id = {s.id: s.key for s in saved}
    assert sorted((by_id[i], wall(a.due, BERLIN)) for i, a in changes.update) == [
        ("keep_in_touch:10:2", "Thu 2026-01-29 11:00"),
        ("thank_you:10:2", "Thu 2026-01-15 11:00"),
    ]
    assert not (changes.create or changes.delete or changes.cancel)
    after = apply_changes(saved, changes)
    assert not reconcile(plan(moved, BERLIN_RULES), after)
