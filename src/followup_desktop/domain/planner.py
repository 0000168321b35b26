"""Turns an application and its interviews into a plan of dated follow-up actions.

`plan` says what the rules want; `reconcile` compares that with what is stored so re-planning
after an edit never undoes what the user did, snoozed or edited by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from followup_desktop.domain.model import (
    ActionKind,
    ActionState,
    ApplicationFacts,
    Channel,
    InterviewFacts,
    Person,
    Role,
)
from followup_desktop.domain.rules import Rules
from followup_desktop.domain.workcal import (
    add_wall_clock,
    into_working_hours,
    local_instant,
    next_working_day,
)

ASK_ABOUT_DECISION_TASK = "Ask when they will decide and whether there is a second round."
DECISION_CHECK_TASK = "Call and ask whether the job is still open."
THINGS_TO_BRING = (
    "Bring input: an article or answer on something you discussed.",
    "Bring feedback: a thought on their product or on the interview topics.",
    "Bring an idea: a concrete suggestion for a problem they mentioned.",
)
KIND_ORDER = (ActionKind.THANK_YOU, ActionKind.ASK_ABOUT_DECISION, ActionKind.KEEP_IN_TOUCH,
              ActionKind.DECISION_CHECK)
# Whom to keep in touch with, best first. Receptionists are never a target.
TARGET_PREFERENCE = (Role.HIRING_MANAGER, Role.INTERVIEWER, Role.RECRUITER, Role.OTHER)


@dataclass(frozen=True)
class PlannedAction:
    key: str
    kind: ActionKind
    due: datetime
    channel: Channel
    contact_id: int | None
    interview_id: int | None
    note: str = ""


@dataclass(frozen=True)
class StoredAction:
    """An action as stored, seen by `reconcile`. `key` is None for actions the user added."""

    id: int
    key: str | None
    state: ActionState
    edited: bool
    due: datetime
    channel: Channel
    contact_id: int | None
    interview_id: int | None
    note: str = ""


@dataclass
class PlanChanges:
    create: list[PlannedAction] = field(default_factory=list)
    update: list[tuple[int, PlannedAction]] = field(default_factory=list)  # also revives
    delete: list[int] = field(default_factory=list)
    cancel: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.create or self.update or self.delete or self.cancel)


def plan(app: ApplicationFacts, rules: Rules) -> list[PlannedAction]:
    """Every action the rules want for this application, in due order."""
    if app.status.is_closed:
        return []
    channel = app.preferred_channel or rules.default_channel
    actions: list[PlannedAction] = []
    for interview in app.interviews:
        actions += _thank_yous(app, interview, channel, rules)
    latest = max(app.interviews, key=lambda i: (i.end, i.id), default=None)
    if latest is not None:
        actions += _keep_in_touch(app, latest, channel, rules)
    if app.decision_date is not None:
        actions.append(_decision_check(app, latest, rules))
    return sorted(actions, key=lambda a: (a.due, KIND_ORDER.index(a.kind), a.key))


def thank_you_due(interview: InterviewFacts, rules: Rules) -> datetime:
    """About a day after the interview ends, moved forward into working hours."""
    return into_working_hours(add_wall_clock(interview.end, rules.follow_up_delay, rules), rules)


def decision_check_due(decision_date: date, rules: Rules) -> datetime:
    return local_instant(next_working_day(decision_date, rules), rules.decision_check_time, rules)


def primary_contact(app: ApplicationFacts, interview: InterviewFacts | None) -> Person | None:
    """The best person to stay in touch with: from the interview first, then the company."""
    interviewers = [] if interview is None else _people(app, interview.interviewer_ids)
    for pool in (interviewers, list(app.people.values())):
        for role in TARGET_PREFERENCE:
            matches = [p for p in pool if p.role == role]
            if matches:
                return matches[0]
    return None


def _people(app: ApplicationFacts, ids: Iterable[int]) -> list[Person]:
    return [app.people[i] for i in ids if i in app.people]


def _thank_yous(
    app: ApplicationFacts, interview: InterviewFacts, channel: Channel, rules: Rules
) -> list[PlannedAction]:
    due = thank_you_due(interview, rules)
    targets = [p for p in _people(app, interview.interviewer_ids) if p.role != Role.RECEPTIONIST]
    actions = [
        PlannedAction(f"thank_you:{interview.id}:{p.id}", ActionKind.THANK_YOU, due, channel,
                      p.id, interview.id)
        for p in targets
    ]
    if app.decision_date is None:
        first = primary_contact(app, interview)
        actions.append(
            PlannedAction(f"ask_about_decision:{interview.id}", ActionKind.ASK_ABOUT_DECISION,
                          due, channel, first.id if first else None, interview.id,
                          ASK_ABOUT_DECISION_TASK)
        )
    return actions


def _keep_in_touch(
    app: ApplicationFacts, latest: InterviewFacts, channel: Channel, rules: Rules
) -> list[PlannedAction]:
    anchor = thank_you_due(latest, rules)
    target = primary_contact(app, latest)
    actions = []
    for n in range(1, rules.keep_in_touch_cap + 1):
        later = add_wall_clock(anchor, rules.keep_in_touch_every * n, rules)
        due = into_working_hours(later, rules)
        if app.decision_date and due.astimezone(rules.zone).date() >= app.decision_date:
            break
        note = THINGS_TO_BRING[(n - 1) % len(THINGS_TO_BRING)]
        actions.append(PlannedAction(f"keep_in_touch:{latest.id}:{n}", ActionKind.KEEP_IN_TOUCH,
                                     due, channel, target.id if target else None, latest.id, note))
    return actions


def _decision_check(
    app: ApplicationFacts, latest: InterviewFacts | None, rules: Rules
) -> PlannedAction:
    assert app.decision_date is not None
    due = decision_check_due(app.decision_date, rules)
    if latest is not None:  # a stale decision date never brings the check before the thank-you
        due = max(due, thank_you_due(latest, rules))
    channel = Channel.EMAIL if app.preferred_channel == Channel.EMAIL else Channel.PHONE
    target = primary_contact(app, latest)
    return PlannedAction(f"decision_check:{app.id}", ActionKind.DECISION_CHECK, due, channel,
                         target.id if target else None, latest.id if latest else None,
                         DECISION_CHECK_TASK)


def reconcile(
    desired: Iterable[PlannedAction], stored: Iterable[StoredAction], closed: bool = False
) -> PlanChanges:
    """What to change in `stored` so it follows `desired` without losing the user's work.

    Done, skipped, snoozed and hand-edited actions are never touched; actions the user added
    (no key) are only cancelled when the application closes.
    """
    changes = PlanChanges()
    stored = list(stored)
    if closed:
        changes.cancel = [s.id for s in stored if s.state.is_pending]
        return changes
    wanted = {a.key: a for a in desired}
    by_key = {s.key: s for s in stored if s.key is not None}
    for key, action in wanted.items():
        existing = by_key.get(key)
        if existing is None:
            changes.create.append(action)
        elif _follows_plan(existing) and not _matches(existing, action):
            changes.update.append((existing.id, _revived(existing, action)))
    changes.delete = [s.id for s in by_key.values()
                      if s.key not in wanted and s.state == ActionState.PLANNED and not s.edited]
    return changes


def _follows_plan(action: StoredAction) -> bool:
    """Planned and untouched, or cancelled by a closed status that has since been reopened."""
    if action.state == ActionState.CANCELLED:
        return True
    return action.state == ActionState.PLANNED and not action.edited


def _revived(stored: StoredAction, action: PlannedAction) -> PlannedAction:
    """The planned action, but a hand-edited one comes back the way the user left it."""
    if not stored.edited:
        return action
    return replace(action, due=stored.due, channel=stored.channel, contact_id=stored.contact_id,
                   interview_id=stored.interview_id, note=stored.note)


def _matches(stored: StoredAction, action: PlannedAction) -> bool:
    return (stored.state == ActionState.PLANNED and stored.due == action.due
            and stored.channel == action.channel and stored.contact_id == action.contact_id
            and stored.interview_id == action.interview_id and stored.note == action.note)

