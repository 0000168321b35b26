"""The anti-pester guard and the too-early / on-time / late judgement of a follow-up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_desktop.domain.guard import Timeliness, late_bounds, pester_warnings, timeliness
from followup_desktop.domain.model import ActionKind, Role, TouchFacts
from helpers.domain_builders import BERLIN, COMPANY, NEW_YORK, local, person, rules_in, utc

RULES = rules_in(BERLIN)
OTHER_COMPANY = COMPANY + 1
AT = utc("2026-01-20 10:00")
DESK = person(4, Role.RECEPTIONIST, "Frank")
IVO = person(2, Role.INTERVIEWER, "Ivo")
HANNA = person(1, Role.HIRING_MANAGER, "Hanna")


def touch(ago: timedelta, company_id: int | None = COMPANY, contact_id: int | None = 2,
          kind: ActionKind | None = None, interview_id: int | None = None) -> TouchFacts:
    return TouchFacts(AT - ago, company_id, contact_id, kind, interview_id)


def warnings_for(*touches: TouchFacts, target=IVO, company_id=COMPANY, **kwargs) -> list[str]:
    return pester_warnings(target, company_id, AT, touches, RULES, **kwargs)


# --- receptionist -------------------------------------------------------------------------------


def test_receptionist_target_warns():
    warnings = warnings_for(target=DESK)

    assert len(warnings) == 1
    assert "Frank" in warnings[0]
    assert "front desk" in warnings[0]


@pytest.mark.parametrize("target", [IVO, HANNA, person(3, Role.RECRUITER), None])
def test_other_targets_do_not_warn(target):
    assert warnings_for(target=target) == []


def test_receptionist_and_recent_touch_both_warn():
    assert len(warnings_for(touch(timedelta(days=1)), target=DESK)) == 2


# --- recent touch with the same company ---------------------------------------------------------


@pytest.mark.parametrize(
    "ago",
    [
        timedelta(0),  # at the same instant
        timedelta(hours=3),
        timedelta(days=1),
        timedelta(days=3, hours=23, minutes=59),
        timedelta(days=4) - timedelta(microseconds=1),
    ],
)
def test_touch_with_same_company_within_four_days_warns(ago):
    warnings = warnings_for(touch(ago))

    assert len(warnings) == 1
    assert "leave at least 4 days between touches" in warnings[0]


@pytest.mark.parametrize(
    "ago",
    [
        timedelta(days=4),  # exactly four days before: the window is (at - 4 days, at]
        timedelta(days=4, seconds=1),
        timedelta(days=30),
        -timedelta(hours=1),  # a touch after the one being judged
    ],
)
def test_touch_four_or_more_days_before_does_not_warn(ago):
    assert warnings_for(touch(ago)) == []


def test_the_most_recent_touch_is_reported():
    older, recent = touch(timedelta(days=3, hours=1)), touch(timedelta(hours=25))

    warnings = warnings_for(older, recent)

    assert len(warnings) == 1
    assert warnings == warnings_for(recent)
    assert warnings != warnings_for(older)


def test_touch_with_a_different_company_does_not_warn():
    assert warnings_for(touch(timedelta(days=1), company_id=OTHER_COMPANY)) == []
    assert warnings_for(touch(timedelta(days=1), company_id=None)) == []


def test_touch_to_a_different_person_at_the_same_company_warns():
    assert warnings_for(touch(timedelta(days=1), contact_id=HANNA.id), target=IVO)


def test_unknown_company_cannot_be_checked_for_recent_touches():
    assert warnings_for(touch(timedelta(days=1), company_id=None), company_id=None) == []


def test_pester_gap_is_a_setting():
    rules = rules_in(BERLIN, pester_gap=timedelta(days=7))
    recent = touch(timedelta(days=6))

    warnings = pester_warnings(IVO, COMPANY, AT, [recent], rules)

    assert len(warnings) == 1
    assert "at least 7 days" in warnings[0]
    assert pester_warnings(IVO, COMPANY, AT, [touch(timedelta(days=7))], rules) == []


# --- thank-yous of one interview ----------------------------------------------------------------


def test_thank_yous_of_the_same_interview_do_not_warn_each_other():
    thanked_hanna = touch(timedelta(minutes=5), contact_id=HANNA.id, kind=ActionKind.THANK_YOU,
                          interview_id=10)

    assert warnings_for(thanked_hanna, kind=ActionKind.THANK_YOU, interview_id=10) == []


def test_ask_about_decision_goes_with_the_thank_yous_of_its_interview():
    thanked = touch(timedelta(minutes=5), kind=ActionKind.THANK_YOU, interview_id=10)

    assert warnings_for(thanked, kind=ActionKind.ASK_ABOUT_DECISION, interview_id=10) == []


def test_thank_yous_of_different_interviews_do_warn():
    thanked = touch(timedelta(days=1), kind=ActionKind.THANK_YOU, interview_id=10)

    assert warnings_for(thanked, kind=ActionKind.THANK_YOU, interview_id=11)


def test_keep_in_touch_right_after_a_thank_you_warns():
    thanked = touch(timedelta(days=1), kind=ActionKind.THANK_YOU, interview_id=10)

    assert warnings_for(thanked, kind=ActionKind.KEEP_IN_TOUCH, interview_id=10)


def test_thank_you_right_after_a_keep_in_touch_warns():
    kept_in_touch = touch(timedelta(days=1), kind=ActionKind.KEEP_IN_TOUCH, interview_id=10)

    assert warnings_for(kept_in_touch, kind=ActionKind.THANK_YOU, interview_id=10)


def test_thank_you_without_an_interview_is_not_excused():
    thanked = touch(timedelta(days=1), kind=ActionKind.THANK_YOU, interview_id=None)

    assert warnings_for(thanked, kind=ActionKind.THANK_YOU, interview_id=None)


def test_same_interview_thanks_are_excused_but_an_older_other_touch_still_warns():
    other = touch(timedelta(days=2), kind=ActionKind.KEEP_IN_TOUCH, interview_id=9)
    thanked = touch(timedelta(minutes=5), kind=ActionKind.THANK_YOU, interview_id=10)

    warnings = warnings_for(other, thanked, kind=ActionKind.THANK_YOU, interview_id=10)

    assert len(warnings) == 1
    assert warnings == warnings_for(other, kind=ActionKind.THANK_YOU, interview_id=10)


# --- timeliness ---------------------------------------------------------------------------------


FRIDAY_DUE = local("2026-01-16 10:00", BERLIN)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-01-16 09:59", Timeliness.TOO_EARLY),
        ("2026-01-16 10:00", Timeliness.ON_TIME),  # the due instant itself
        ("2026-01-17 12:00", Timeliness.ON_TIME),  # the weekend does not count
        ("2026-01-19 18:00", Timeliness.ON_TIME),  # Monday
        ("2026-01-20 10:00", Timeliness.ON_TIME),  # Tuesday 10:00: the last on-time moment
        ("2026-01-20 10:01", Timeliness.LATE),
        ("2026-01-23 10:00", Timeliness.LATE),
    ],
)
def test_timeliness_of_a_friday_follow_up(now, expected):
    assert timeliness(FRIDAY_DUE, local(now, BERLIN), RULES) == expected


def test_timeliness_is_judged_on_instants_whatever_zone_they_are_given_in():
    due = utc("2026-01-16 09:00")  # Friday 10:00 in Berlin
    assert timeliness(due, utc("2026-01-20 09:00"), RULES) == Timeliness.ON_TIME
    assert timeliness(due, utc("2026-01-20 09:00:01"), RULES) == Timeliness.LATE


def test_timeliness_over_dst_keeps_the_wall_clock_deadline():
    # Due Friday before spring-forward: late after Tuesday 10:00 summer time (08:00 UTC).
    due = local("2026-03-27 10:00", BERLIN)
    assert timeliness(due, utc("2026-03-31 08:00"), RULES) == Timeliness.ON_TIME
    assert timeliness(due, utc("2026-03-31 08:01"), RULES) == Timeliness.LATE

    ny_rules = rules_in(NEW_YORK)
    due = local("2026-10-30 10:00", NEW_YORK)  # Friday before fall-back
    assert timeliness(due, utc("2026-11-03 15:00"), ny_rules) == Timeliness.ON_TIME
    assert timeliness(due, utc("2026-11-03 15:01"), ny_rules) == Timeliness.LATE


def test_late_after_is_a_setting():
    rules = rules_in(BERLIN, late_after_business_days=0)

    assert timeliness(FRIDAY_DUE, FRIDAY_DUE, rules) == Timeliness.ON_TIME
    assert timeliness(FRIDAY_DUE, FRIDAY_DUE + timedelta(seconds=1), rules) == Timeliness.LATE


# --- late bounds: the due list counts late follow-ups without judging each one -----------------

LATE_ZONES = [ZoneInfo(name) for name in ("Europe/Berlin", "America/Santiago", "Pacific/Chatham",
                                           "Australia/Lord_Howe", "UTC")]


@settings(max_examples=400, deadline=None)
@given(zone=st.sampled_from(LATE_ZONES),
       now=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31),
                        timezones=st.just(UTC)),
       before=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=12)),
       grace=st.integers(min_value=0, max_value=4),
       working_days=st.sampled_from([frozenset({0, 1, 2, 3, 4}), frozenset({6, 0, 1, 2, 3}),
                                     frozenset({2}), frozenset(range(7))]))
def test_late_bounds_agree_with_timeliness(zone, now, before, grace, working_days):
    rules = rules_in(zone, late_after_business_days=grace, working_days=working_days)
    due = now - before
    sure, unsure_end = late_bounds(now, rules)

    assert sure <= unsure_end <= now + timedelta(days=2)
    if due < sure:
        assert timeliness(due, now, rules) == Timeliness.LATE
    elif due >= unsure_end:
        assert timeliness(due, now, rules) != Timeliness.LATE


def test_late_bounds_leave_few_days_to_check():
    monday = utc("2026-03-30 08:00")  # the Monday after Berlin's spring change
    sure, unsure_end = late_bounds(monday, RULES)

    # Before Thursday: late. Thursday's grace ends today, so whether it is late depends on the
    # hour. From Friday on (grace until Tuesday): not late.
    assert sure == local("2026-03-26 00:00", BERLIN).astimezone(UTC)
    assert unsure_end == local("2026-03-27 00:00", BERLIN).astimezone(UTC)
