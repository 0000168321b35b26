"""Answering a reply (services/mail/replies.py): what it said, as a decision call's outcome, with
the held call coming back; and the free-mail list the matching relies on."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from followup_desktop.domain.decision import DecisionOutcome
from followup_desktop.domain.freemail import domain_of, is_free_mail
from followup_desktop.domain.model import ActionKind, ActionState, ApplicationStatus
from followup_desktop.services import records, undo
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.mail.applying import apply_check
from followup_desktop.services.mail.replies import answer_reply, replies_to_answer
from followup_desktop.storage.models import Action, Application, StatusChange, Touch
from helpers.backends import berlin, clock_of
from helpers.mail_builders import World, acme, check, mail, pending

REPLY_AT = berlin("2026-12-03 14:30")


@pytest.fixture
def backend_start() -> datetime:
    return berlin("2026-11-30 09:00")


@pytest.fixture
def waiting(backend: Backend) -> tuple[World, int]:
    """Ada replied on Thursday 3 December; the user answers on Thursday 10 December."""
    world = acme(backend)
    clock_of(backend).set(berlin("2026-12-07 09:00"))
    apply_check(backend, check(mail(11, REPLY_AT, "ada@acme.example")))
    clock_of(backend).set(berlin("2026-12-10 12:00"))
    return world, Touch.get().id


def the_call(app: int) -> Action:
    (found,) = pending(app, ActionKind.DECISION_CHECK)
    return found


def test_still_open_with_a_date_sets_the_date_and_brings_the_call_after_it(backend, waiting):
    world, touch_id = waiting
    result = answer_reply(backend, touch_id, DecisionOutcome.OPEN, date(2026, 12, 18))
    assert Application.get_by_id(world.app).decision_date == date(2026, 12, 18)
    call = the_call(world.app)
    assert call.due_utc == berlin("2026-12-21 10:00")  # Monday after Friday the 18th
    assert (result.next_check_id, result.status) == (call.id, ApplicationStatus.INTERVIEWING)
    assert result.summary == ("Reply of Thu 03 Dec 2026: Still open; they expect to decide by "
                              "Fri 18 Dec 2026.")
    touch = Touch.get_by_id(touch_id)
    assert (touch.answer, touch.answered_utc) == ("open", berlin("2026-12-10 12:00"))
    assert replies_to_answer(backend) == ()


def test_no_news_keeps_the_date_and_waits_a_week_before_calling(backend, waiting):
    world, touch_id = waiting
    answer_reply(backend, touch_id, DecisionOutcome.OPEN)
    assert Application.get_by_id(world.app).decision_date == date(2026, 12, 11)  # kept
    # The rule's call (Monday the 14th, 10:00) would follow their reply too closely: a week
    # after the answer (Thursday the 17th, 12:00), at the next call time.
    assert the_call(world.app).due_utc == berlin("2026-12-18 10:00")
    assert Touch.get_by_id(touch_id).answer == "no_news"


@pytest.mark.parametrize(("outcome", "status"), [
    (DecisionOutcome.OFFER, ApplicationStatus.OFFER),
    (DecisionOutcome.REJECTED, ApplicationStatus.REJECTED),
    (DecisionOutcome.FILLED, ApplicationStatus.REJECTED)])
def test_a_final_answer_changes_the_status_with_history(backend, waiting, outcome, status):
    world, touch_id = waiting
    result = answer_reply(backend, touch_id, outcome, note="Ada wrote it plainly.")
    assert Application.get_by_id(world.app).status == status == result.status
    change = StatusChange.select().order_by(StatusChange.id.desc()).get()
    assert (change.old_status, change.new_status) == ("interviewing", status)
    assert change.note.startswith("Reply of Thu 03 Dec 2026: ")
    assert pending(world.app) == []  # the plan ended
    assert Touch.get_by_id(touch_id).summary.endswith("Ada wrote it plainly.")


def test_an_answer_is_undone_with_its_status_and_the_hold(backend, waiting):
    world, touch_id = waiting
    answer_reply(backend, touch_id, DecisionOutcome.REJECTED)
    assert undo.last(backend).label == "reply answered (rejected): Ada Lovelace (Acme)"
    undo.undo_last(backend)
    assert Application.get_by_id(world.app).status == ApplicationStatus.INTERVIEWING
    assert Touch.get_by_id(touch_id).answer == "waiting"
    assert pending(world.app, ActionKind.DECISION_CHECK) == []  # held again
    assert [r.touch_id for r in replies_to_answer(backend)] == [touch_id]


def test_only_a_waiting_reply_of_an_open_application_is_answered(backend, waiting):
    world, touch_id = waiting
    with pytest.raises(UserError, match="in the past"):
        answer_reply(backend, touch_id, DecisionOutcome.OPEN, date(2026, 12, 1))
    records.set_status(backend, world.app, ApplicationStatus.WITHDRAWN)
    assert replies_to_answer(backend) == ()  # closing it answered it
    with pytest.raises(UserError, match="already withdrawn"):
        answer_reply(backend, touch_id, DecisionOutcome.OFFER)
    records.set_status(backend, world.app, ApplicationStatus.INTERVIEWING)
    answer_reply(backend, touch_id, DecisionOutcome.OPEN)
    with pytest.raises(UserError, match="not waiting"):
        answer_reply(backend, touch_id, DecisionOutcome.OPEN)
    done = Action.select().where(Action.state == ActionState.DONE).count()
    assert done == 0  # answering a reply marks no follow-up done


def test_a_second_reply_holds_the_call_again(backend, waiting):
    world, touch_id = waiting
    answer_reply(backend, touch_id, DecisionOutcome.OPEN)
    assert len(pending(world.app, ActionKind.DECISION_CHECK)) == 1
    apply_check(backend, check(mail(12, berlin("2026-12-10 15:00"), "ada@acme.example")))
    assert pending(world.app, ActionKind.DECISION_CHECK) == []
    assert len(replies_to_answer(backend)) == 1


@pytest.mark.parametrize(("domain", "free"), [
    ("gmail.com", True), ("GMail.com", True), ("googlemail.com", True), ("outlook.com", True),
    ("hotmail.com", True), ("hotmail.de", True), ("hotmail.co.uk", True), ("yahoo.com", True),
    ("yahoo.co.jp", True), ("mail.yahoo.com", True), ("gmx.de", True), ("gmx.net", True),
    ("gmx.at", True), ("web.de", True), ("icloud.com", True), ("me.com", True),
    ("proton.me", True), ("protonmail.com", True), ("mailbox.org", True),
    ("posteo.de", True), ("t-online.de", True), ("aol.com", True), ("live.com", True),
    ("msn.com", True), ("yandex.ru", True), ("yandex.com", True),
    ("acme.example", False), ("jobs.acme.example", False), ("mail.acme.de", False),
    ("live.acme.com", False), ("yahoo.acme.com", False), ("gmxtra.de", False),
    ("webde.com", False), ("com", False), ("", False)])
def test_free_mail_domains(domain: str, free: bool) -> None:
    assert is_free_mail(domain) == free


def test_the_domain_of_an_address() -> None:
    assert domain_of("Ada@Acme.Example") == "acme.example"
    assert domain_of("no address") == ""
