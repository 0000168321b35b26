"""The hearing-back rules in the domain (domain/hearing_back.py) and the planner's hold."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from followup_desktop.domain.decision import DecisionOutcome
from followup_desktop.domain.hearing_back import (
    ReplyAnswer,
    morning_after,
    reply_waits,
    sent_fulfils,
)
from followup_desktop.domain.model import ActionKind, Role
from followup_desktop.domain.planner import plan
from helpers.domain_builders import BERLIN, application, interview, local, person, rules_in, wall

RULES = rules_in(BERLIN)
ADA = person(1, Role.HIRING_MANAGER, "Ada")
END = local("2026-12-01 11:00", BERLIN)
APP = application(interview(10, END, [ADA.id]), people=(ADA,), decision_date=date(2026, 12, 11))


def test_a_waiting_reply_holds_only_the_decision_call():
    held = plan(replace(APP, reply_waiting=True), RULES)
    assert [a for a in plan(APP, RULES) if a.kind != ActionKind.DECISION_CHECK] == held


def test_no_news_keeps_the_call_a_week_away_from_the_answer():
    (call,) = [a for a in plan(APP, RULES) if a.kind == ActionKind.DECISION_CHECK]
    assert wall(call.due, BERLIN) == "Mon 2026-12-14 10:00"
    later = replace(APP, no_news_at=local("2026-12-09 15:00", BERLIN))
    (moved,) = [a for a in plan(later, RULES) if a.kind == ActionKind.DECISION_CHECK]
    assert wall(moved.due, BERLIN) == "Thu 2026-12-17 10:00"
    early = replace(APP, no_news_at=local("2026-12-02 15:00", BERLIN))  # long enough ago
    (kept,) = [a for a in plan(early, RULES) if a.kind == ActionKind.DECISION_CHECK]
    assert kept.due == call.due


def test_a_sent_note_is_the_follow_up_from_the_interview_and_three_days_before_it_is_due():
    due = local("2026-12-09 11:00", BERLIN)
    assert sent_fulfils(due, END, due - timedelta(days=3))
    assert not sent_fulfils(due, END, due - timedelta(days=3, seconds=1))
    assert sent_fulfils(due, END, due + timedelta(days=10))  # late, but it
    thanks = local("2026-12-02 11:00", BERLIN)
    assert not sent_fulfils(thanks, END, END - timedelta(minutes=1))  # before it ended


def test_the_first_working_morning_after_a_return():
    assert wall(morning_after(date(2026, 12, 14), RULES), BERLIN) == "Tue 2026-12-15 09:00"
    assert wall(morning_after(date(2026, 12, 11), RULES), BERLIN) == "Mon 2026-12-14 09:00"


def test_reply_answers_map_the_decision_outcomes():
    assert ReplyAnswer.of(DecisionOutcome.OPEN, date(2026, 12, 18)) == ReplyAnswer.OPEN
    assert ReplyAnswer.of(DecisionOutcome.OPEN, None) == ReplyAnswer.NO_NEWS
    assert ReplyAnswer.of(DecisionOutcome.FILLED, None) == ReplyAnswer.FILLED
    assert {a.label for a in ReplyAnswer} >= {"No news", "Offer"}


def test_old_mail_is_not_news():
    assert not reply_waits(END - timedelta(hours=1), END)
    assert reply_waits(END + timedelta(hours=1), END)
    assert reply_waits(END, None)
