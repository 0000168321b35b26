"""An interview entered or imported days after it ended: was a thank-you sent already?

The planner never plans that thank-you in the past: it is due from the moment the interview
was entered, and its note says so. The window asks the user once, when the interview is entered
or imported: a yes records the thank-yous as done (at the time they were due by the rule, so
the anti-pester guard does not count them as a touch made today); a no leaves them planned
from now, as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from peewee import JOIN

from followup_desktop.domain.model import ActionKind, ActionState, InterviewFacts
from followup_desktop.domain.planner import is_past_entry, rule_thank_you_due
from followup_desktop.services import actions
from followup_desktop.services.backend import Backend
from followup_desktop.services.lookup import existing
from followup_desktop.storage.models import Action, Application, Company, Contact, Interview

SENT_BEFORE = "Sent before the interview was entered here."


@dataclass(frozen=True)
class PastInterview:
    """A past interview with thank-yous still planned: what the question names."""

    interview_id: int
    company: str
    position: str
    start: datetime
    thank_you_ids: tuple[int, ...]
    names: tuple[str, ...] = ()  # whom the thank-yous go to, in the order they were planned
    due: datetime | None = None  # when the first of them is due, if the answer is no


def past_interviews(backend: Backend, interview_ids: Iterable[int]) -> list[PastInterview]:
    """Of these interviews, those entered more than 3 days (a setting) after they ended whose
    thank-yous are still planned, in start order."""
    ids = list(interview_ids)
    if not ids:
        return []
    rules = backend.rules()
    found = []
    rows = (Interview.select(Interview.id, Interview.start_utc, Interview.end_utc,
                             Interview.round, Interview.created_utc, Company.name,
                             Application.position)
            .join(Application).join(Company)
            .where((Interview.id << ids) & Interview.cancelled_utc.is_null())
            .order_by(Interview.start_utc, Interview.id).tuples())
    for interview_id, start, end, round_, entered, company, position in rows:
        facts = InterviewFacts(interview_id, start, end, round_, (), entered)
        if not is_past_entry(facts, rules):
            continue
        pending = tuple(_pending_thanks(interview_id))
        if pending:
            names, due = _thanked(pending)
            found.append(PastInterview(interview_id, company, position, start, pending,
                                       names, due))
    return found


def answer(backend: Backend, interview_id: int, sent: bool) -> int:
    """The user's answer for one past interview. Yes: its planned thank-yous are done (each
    records a touch at the rule's due time). No: they stay planned from now. Returns how many
    were recorded as done."""
    interview = existing(Interview, interview_id, "interview")
    if not sent:
        return 0
    rules = backend.rules()
    facts = InterviewFacts(interview.id, interview.start_utc, interview.end_utc,
                           interview.round, (), interview.created_utc)
    at = min(rule_thank_you_due(facts, rules), backend.clock.now())
    done = 0
    with backend.write():
        for action_id in _pending_thanks(interview_id):
            actions.complete(backend, action_id, SENT_BEFORE, at=at)
            done += 1
    return done


def _thanked(action_ids: tuple[int, ...]) -> tuple[tuple[str, ...], datetime | None]:
    """The names the thank-yous go to (each once) and the first one's due time."""
    rows = list(Action.select(Contact.name, Action.due_utc, Action.snoozed_until_utc)
                .join(Contact, JOIN.LEFT_OUTER).where(Action.id << list(action_ids))
                .order_by(Action.id).tuples())
    names = tuple(dict.fromkeys(name for name, _, _ in rows if name))
    return names, min((snoozed or due for _, due, snoozed in rows), default=None)


def _pending_thanks(interview_id: int) -> list[int]:
    return [row for (row,) in Action.select(Action.id).where(
        (Action.interview == interview_id) & (Action.kind == ActionKind.THANK_YOU)
        & (Action.state << [ActionState.PLANNED, ActionState.SNOOZED]))
        .order_by(Action.id).tuples()]
