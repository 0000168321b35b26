"""Turns an application and its interviews into a plan of dated follow-up actions.

`plan` says what the rules want; `reconcile` compares that with what is stored so re-planning
after an edit never undoes what the user did, snoozed or edited by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from followup_desktop.domain.decision import check_due, check_on_or_after, next_check
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
PAST_ENTRY_TASK = ("Entered days after the interview: if you thanked them already, mark this "
                   "done; else send it now.")
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
    """Every action the rules want for this application, in due order.

    Nothing is due before the interview it follows was entered (a past interview's thank-you
    and the rest of its plan start from then), and no person gets two actions on one day: a
    later one moves to the next working day. While a reply waits for the user's answer the
    decision check is held: left out (domain/hearing_back.py).
    """
    if app.status.is_closed:
        return []
    channel = app.preferred_channel or rules.default_channel
    thanks: list[PlannedAction] = []
    for interview in app.interviews:
        thanks += _thank_yous(app, interview, channel, rules)
    thanks = _one_per_person_per_day(thanks, rules)
    latest = max(app.interviews, key=lambda i: (i.end, i.id), default=None)
    check = _decision_check(app, latest, max((a.due for a in thanks), default=None), rules)
    actions = thanks
    if latest is not None:
        actions += _keep_in_touch(app, latest, channel, rules, check)
    planned = _gap_before_check(_one_per_person_per_day(actions, rules), check, rules)
    if app.reply_waiting:  # held: the rest is planned as if it were there, so nothing moves
        planned = [a for a in planned if a.kind != ActionKind.DECISION_CHECK]
    return planned


def _gap_before_check(spread: list[PlannedAction], check: PlannedAction | None,
                      rules: Rules) -> list[PlannedAction]:
    """The spreading can move a note to a later day, into the anti-pester gap before the
    decision check: a keep-in-touch there is dropped (the call is the touch), and the call
    waits the gap after a thank-you there."""
    if check is None:
        return spread
    kept = [a for a in spread
            if a.kind != ActionKind.KEEP_IN_TOUCH or a.due + rules.pester_gap <= check.due]
    last = max((a.due for a in kept), default=None)
    if last is not None and last + rules.pester_gap > check.due:
        check = replace(check, due=_call_time_after(last + rules.pester_gap, rules))
    return [*kept, check]


def is_past_entry(interview: InterviewFacts, rules: Rules) -> bool:
    """Entered or imported more than `past_interview_after` (3 days) after it ended: its
    thank-you is not planned in the past, and the user is asked whether one was sent."""
    return interview.entered is not None and \
        interview.entered - interview.end > rules.past_interview_after


def rule_thank_you_due(interview: InterviewFacts, rules: Rules) -> datetime:
    """About a day after the interview ends, moved forward into working hours."""
    return into_working_hours(add_wall_clock(interview.end, rules.follow_up_delay, rules), rules)


def thank_you_due(interview: InterviewFacts, rules: Rules) -> datetime:
    """The rule's time, but never before the interview was entered (then: at once, moved into
    working hours)."""
    due = rule_thank_you_due(interview, rules)
    if interview.entered is not None and interview.entered > due:
        due = into_working_hours(interview.entered, rules)
    return due


def asks_about_decision(kind: ActionKind, note: str) -> bool:
    """This action carries the question "when will you decide, is there a second round?"."""
    return kind in (ActionKind.THANK_YOU, ActionKind.ASK_ABOUT_DECISION) and \
        ASK_ABOUT_DECISION_TASK in note


def decision_check_due(decision_date: date, rules: Rules) -> datetime:
    return check_due(decision_date, rules)


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
    """One per interviewer. With no decision date known, the thank-you to the main contact also
    asks when they will decide (one message to one person); only when no interviewer can be
    thanked is the question an action of its own."""
    due = thank_you_due(interview, rules)
    targets = [p for p in _people(app, interview.interviewer_ids) if p.role != Role.RECEPTIONIST]
    asks = primary_contact(app, interview) if app.decision_date is None else None
    past = PAST_ENTRY_TASK if is_past_entry(interview, rules) else ""
    actions = [
        PlannedAction(f"thank_you:{interview.id}:{p.id}", ActionKind.THANK_YOU, due, channel,
                      p.id, interview.id,
                      " ".join(filter(None, [ASK_ABOUT_DECISION_TASK if p == asks else "", past])))
        for p in targets
    ]
    if app.decision_date is None and not targets:
        actions.append(
            PlannedAction(f"ask_about_decision:{interview.id}", ActionKind.ASK_ABOUT_DECISION,
                          due, channel, asks.id if asks else None, interview.id,
                          ASK_ABOUT_DECISION_TASK)
        )
    return actions


def _keep_in_touch(
    app: ApplicationFacts, latest: InterviewFacts, channel: Channel, rules: Rules,
    check: PlannedAction | None,
) -> list[PlannedAction]:
    """Every 7 days after the thank-you, at most 2, until the decision date (or, with none
    known, until the decision check), never within the anti-pester gap before the check nor
    before or just after a decision call already made."""
    anchor = thank_you_due(latest, rules)
    target = primary_contact(app, latest)
    until = app.decision_date or (check.due.astimezone(rules.zone).date() if check else None)
    # A decision call was a touch: the notes it overtook are not planned again.
    called = max((c.at for c in app.checks if c.state == ActionState.DONE), default=None)
    actions = []
    for n in range(1, rules.keep_in_touch_cap + 1):
        later = add_wall_clock(anchor, rules.keep_in_touch_every * n, rules)
        due = into_working_hours(later, rules)
        if until and due.astimezone(rules.zone).date() >= until:
            break
        if check is not None and due + rules.pester_gap > check.due:
            break
        if called is not None and due < called + rules.pester_gap:
            continue
        note = THINGS_TO_BRING[(n - 1) % len(THINGS_TO_BRING)]
        actions.append(PlannedAction(f"keep_in_touch:{latest.id}:{n}", ActionKind.KEEP_IN_TOUCH,
                                     due, channel, target.id if target else None, latest.id, note))
    return actions


def _decision_check(
    app: ApplicationFacts, latest: InterviewFacts | None, last_thanks: datetime | None,
    rules: Rules,
) -> PlannedAction | None:
    """The next check of the decision loop; a stale decision date (or a past interview entered
    now) never brings it within the anti-pester gap after the thank-yous."""
    found = next_check(app.id, app.decision_date, latest.end if latest else None, app.checks,
                       rules)
    if found is None:
        return None
    key, due = found
    after = [t for t in (last_thanks, thank_you_due(latest, rules) if latest else None) if t]
    if after:
        due = max(due, _call_time_after(max(after) + rules.pester_gap, rules))
    if app.no_news_at is not None:  # they wrote lately, with no news: no call at once
        due = max(due, _call_time_after(app.no_news_at + rules.recheck_every, rules))
    channel = Channel.EMAIL if app.preferred_channel == Channel.EMAIL else Channel.PHONE
    target = primary_contact(app, latest)
    return PlannedAction(key, ActionKind.DECISION_CHECK, due, channel,
                         target.id if target else None, latest.id if latest else None,
                         DECISION_CHECK_TASK)


def _call_time_after(instant: datetime, rules: Rules) -> datetime:
    """The first decision-check time (10:00 on a working day) at or after `instant`."""
    due = check_on_or_after(instant.astimezone(rules.zone).date(), rules)
    if due < instant:
        due = check_on_or_after(next_working_day(instant.astimezone(rules.zone).date(), rules),
                                rules)
    return due


def _one_per_person_per_day(actions: list[PlannedAction], rules: Rules) -> list[PlannedAction]:
    """In due order; an action to someone who already has one that day moves to the next
    working day (at the start of the day; a decision check at its call time)."""
    taken: set[tuple[int | None, date]] = set()
    spread = []
    for action in sorted(actions, key=lambda a: (a.due, KIND_ORDER.index(a.kind), a.key)):
        due = action.due
        while (action.contact_id, due.astimezone(rules.zone).date()) in taken:
            day = next_working_day(due.astimezone(rules.zone).date(), rules)
            at = rules.decision_check_time if action.kind == ActionKind.DECISION_CHECK \
                else rules.day_start
            due = local_instant(day, at, rules)
        taken.add((action.contact_id, due.astimezone(rules.zone).date()))
        spread.append(replace(action, due=due) if due != action.due else action)
    return sorted(spread, key=lambda a: (a.due, KIND_ORDER.index(a.kind), a.key))


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

