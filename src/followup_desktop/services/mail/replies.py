"""Replies from someone at a company: recorded as incoming touches; the news among them wait for
the user to say what they said, and hold the decision call until then (domain/hearing_back.py).

A reply waits only when it came after the latest interview of its application (with no
interview: after the application was entered) and after the latest decision call: older mail,
read on a first check, is history, not news. A reply matched to no open application (a
contact with no company, a company whose applications are all closed) is history too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from peewee import JOIN

from followup_desktop.domain import validation as check
from followup_desktop.domain.decision import DecisionOutcome, check_next_date, outcome_summary
from followup_desktop.domain.hearing_back import ReplyAnswer, TouchDirection, reply_waits
from followup_desktop.domain.model import (
    CLOSED_STATUSES,
    ActionKind,
    ActionState,
    ApplicationStatus,
    Channel,
)
from followup_desktop.domain.rules import Rules
from followup_desktop.services import undo
from followup_desktop.services.actions import DecisionResult, apply_outcome, decision_result
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.lookup import existing
from followup_desktop.services.mail.matching import Who, application_for
from followup_desktop.services.mail.message import MailMessage
from followup_desktop.services.planning import replan
from followup_desktop.storage.models import Action, Application, Company, Contact, Interview, Touch

SUBJECT_LIMIT = 1000  # characters of a subject kept with its touch
INCOMING = TouchDirection.IN


def record_reply(backend: Backend, who: Who, message: MailMessage, rules: Rules,
                 now: datetime) -> int:
    """The incoming touch for a reply (inside the check's transaction); returns its id."""
    app_id = None if who.company_id is None else application_for(who.company_id, who.contact_id)
    waits = app_id is not None and reply_waits(message.at, _news_since(app_id))
    touch = Touch.create(
        company=who.company_id, contact=who.contact_id, application=app_id, action=None,
        at_utc=message.at, zone=rules.zone.key, channel=Channel.EMAIL, summary=message.snippet,
        direction=INCOMING, subject=message.subject[:SUBJECT_LIMIT],
        address=who.address[:check.SHORT_TEXT],
        message_id=message.message_id.strip()[:check.LONG_TEXT] or None,
        answer=ReplyAnswer.WAITING if waits else None, created_utc=now)
    if waits and app_id is not None:
        replan(backend, app_id)  # the decision call is held from now on
    return touch.id


def _news_since(application_id: int) -> datetime | None:
    """After when a reply is news: the latest interview's end, or the latest decision call
    when that was later; with neither, when the application was entered."""
    ended = (Interview.select(Interview.end_utc)
             .where((Interview.application == application_id)
                    & Interview.cancelled_utc.is_null())
             .order_by(Interview.end_utc.desc()).first())
    called = (Action.select(Action.done_utc)
              .where((Action.application == application_id)
                     & (Action.kind == ActionKind.DECISION_CHECK)
                     & (Action.state == ActionState.DONE) & Action.done_utc.is_null(False))
              .order_by(Action.done_utc.desc()).first())
    found = [t for t in (ended.end_utc if ended else None, called.done_utc if called else None)
             if t is not None]
    if found:
        return max(found)
    return Application.get_by_id(application_id).created_utc


@dataclass(frozen=True)
class ReplyToAnswer:
    """A reply waiting for the user to say what it said (the GUI lists these)."""

    touch_id: int
    at: datetime
    application_id: int
    company: str
    position: str
    contact_id: int | None
    who: str  # the contact's name, or the address it came from
    subject: str
    snippet: str
    decision_date: date | None  # what the user knew before it


def replies_to_answer(backend: Backend) -> tuple[ReplyToAnswer, ...]:
    """Every reply waiting for an answer, oldest first; only of applications still open (a
    status the user closed meanwhile has answered it)."""
    rows = (Touch.select(Touch.id, Touch.at_utc, Touch.application, Company.name,
                         Application.position, Touch.contact, Contact.name, Touch.address,
                         Touch.subject, Touch.summary, Application.decision_date)
            .join(Application, on=(Touch.application == Application.id))
            .join(Company, on=(Application.company == Company.id))
            .switch(Touch).join(Contact, JOIN.LEFT_OUTER, on=(Touch.contact == Contact.id))
            .where((Touch.answer == ReplyAnswer.WAITING)
                   & Application.status.not_in([s.value for s in CLOSED_STATUSES]))
            .order_by(Touch.at_utc, Touch.id).tuples())
    return tuple(ReplyToAnswer(touch_id, at, app_id, company, position, contact_id,
                               name or address, subject, snippet, decided)
                 for touch_id, at, app_id, company, position, contact_id, name, address,
                 subject, snippet, decided in rows)


def answer_reply(backend: Backend, touch_id: int, outcome: DecisionOutcome,
                 next_date: date | None = None, note: str = "") -> DecisionResult:
    """What a reply said, as a decision call's outcome: still open with the date they will
    decide by, still open with no date ("no news": the reply said nothing about the
    decision, and the date the user knew stays), filled, offer or rejected (the status
    changes, with history, through the writer a decision call uses). The hold ends and the
    plan follows; undoable like a decision call."""
    outcome = check.choice(outcome, DecisionOutcome, "outcome")
    next_date = check.day(next_date, "next date")
    note = check.text(note, "note", limit=check.LONG_TEXT)
    rules, now = backend.rules(), backend.clock.now()
    problem = check_next_date(outcome, next_date, now.astimezone(rules.zone).date())
    if problem:
        raise UserError(f"{problem[0].upper()}{problem[1:]}.")
    answer = ReplyAnswer.of(outcome, next_date)
    with backend.write():
        touch = existing(Touch, touch_id, "reply")
        if touch.direction != INCOMING or touch.answer != ReplyAnswer.WAITING \
                or touch.application_id is None:
            raise UserError(f"Reply {touch_id} is not waiting for an answer.")
        app = Application.get_by_id(touch.application_id)
        status = ApplicationStatus(app.status)
        if status.is_closed:
            raise UserError(f"The application for {app.position} is already {status.value}; "
                            f"change its status first to answer this reply.")
        change = undo.begin(backend, "decision",
                            f"reply answered ({answer.label.lower()}): {_describe(touch)}",
                            None, also_application=True, application_id=app.id)
        undo.keep(backend, change, "touch", [touch.id])
        heading = f"Reply of {touch.at_utc.astimezone(rules.zone):%a %d %b %Y}"
        summary = outcome_summary(outcome, next_date, note, heading=heading)
        if answer != ReplyAnswer.NO_NEWS:
            status = apply_outcome(change, app, outcome, next_date, summary, now)
        kept = touch.summary if not note else f"{touch.summary}\n{summary}"[:check.LONG_TEXT]
        Touch.update(answer=answer, answered_utc=now, summary=kept).where(
            Touch.id == touch.id).execute()
        undo.record(backend, change)
        replan(backend, app.id)
        return decision_result(app.id, summary, status, [])


def _describe(touch: Touch) -> str:
    contact = Contact.get_or_none(Contact.id == touch.contact_id)
    company = Company.get_or_none(Company.id == touch.company_id)
    who = contact.name if contact is not None else touch.address
    return f"{who} ({company.name})" if company is not None else who
