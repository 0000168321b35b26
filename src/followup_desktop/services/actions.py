"""What the user does with an action: done (which records a touch), snooze, skip, a decision
call's outcome. Each of them can be undone (services/undo.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from followup_desktop.domain import validation as check
from followup_desktop.domain.decision import DecisionOutcome, check_next_date, outcome_summary
from followup_desktop.domain.model import ActionKind, ActionState, ApplicationStatus, Channel
from followup_desktop.services import undo
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.guarding import warnings_for
from followup_desktop.services.lookup import existing, existing_or_none
from followup_desktop.services.planning import replan
from followup_desktop.storage.models import (
    Action,
    Application,
    Company,
    Contact,
    StatusChange,
    Touch,
)


def complete(backend: Backend, action_id: int, summary: str = "",
             at: datetime | None = None, channel: Channel | None = None) -> list[str]:
    """Mark an action done and record the touch (made through `channel`, when it was not the
    planned one). Returns the anti-pester warnings it raised."""
    summary = check.text(summary, "summary", limit=check.LONG_TEXT)
    at = backend.clock.now() if at is None else check.moment(at, "done at")
    used = None if channel is None else check.choice(channel, Channel, "channel")
    rules = backend.rules()
    with backend.write():
        action = _pending(action_id)
        change = undo.begin(backend, "done", f"done: {describe(action)}", action_id)
        company_id = Application.get_by_id(action.application_id).company_id
        warnings = warnings_for(action, company_id, at, rules)
        touch = Touch.create(company=company_id, contact=action.contact_id,
                             application=action.application_id, action=action.id, at_utc=at,
                             zone=rules.zone.key, channel=used or action.channel,
                             summary=summary, created_utc=backend.clock.now())
        change.made("touch", touch.id)
        _set_state(action, ActionState.DONE, backend.clock.now(), done_utc=at)
        undo.record(backend, change)
        replan(backend, action.application_id)
    return warnings


def snooze(backend: Backend, action_id: int, until: datetime) -> None:
    until = check.moment(until, "snooze until")
    if until <= backend.clock.now():
        raise UserError("A snooze must end in the future.")
    with backend.write():
        action = _pending(action_id)
        undo.record(backend, undo.begin(backend, "snooze", f"snooze: {describe(action)}",
                                        action_id))
        _set_state(action, ActionState.SNOOZED, backend.clock.now(), snoozed_until_utc=until)


def skip(backend: Backend, action_id: int) -> None:
    with backend.write():
        action = _pending(action_id)
        undo.record(backend, undo.begin(backend, "skip", f"skip: {describe(action)}",
                                        action_id))
        _set_state(action, ActionState.SKIPPED, backend.clock.now())


def plan_by_hand(backend: Backend, application_id: int, kind: ActionKind, due: datetime,
                 channel: Channel, contact_id: int | None, note: str = "") -> tuple[int, list[str]]:
    """Add an action the planner did not propose (say a third keep-in-touch touch).

    Returns its id and the anti-pester warnings for it, so the user can reconsider.
    """
    fields = _checked_fields(kind, channel, note)
    due = check.moment(due, "due")
    rules = backend.rules()
    now = backend.clock.now()
    with backend.write():
        existing(Application, application_id, "application")
        existing_or_none(Contact, contact_id, "contact")
        action = Action.create(application=application_id, contact=contact_id, due_utc=due,
                               zone=rules.zone.key, state=ActionState.PLANNED,
                               state_changed_utc=now, created_utc=now, edited=True, **fields)
        company_id = Application.get_by_id(application_id).company_id
        return action.id, warnings_for(action, company_id, due, rules)


def edit(backend: Backend, action_id: int, *, due: datetime, channel: Channel,
         contact_id: int | None, note: str) -> list[str]:
    """Change an action by hand; the planner leaves it alone from now on."""
    due = check.moment(due, "due")
    rules = backend.rules()
    with backend.write():
        action = _pending(action_id)
        existing_or_none(Contact, contact_id, "contact")
        fields = _checked_fields(ActionKind(action.kind), channel, note)
        undo.record(backend, undo.begin(backend, "move", f"change: {describe(action)}",
                                        action_id))
        Action.update(due_utc=due, contact=contact_id, edited=True, snoozed_until_utc=None,
                      state=ActionState.PLANNED, state_changed_utc=backend.clock.now(),
                      **fields).where(Action.id == action_id).execute()
        action = Action.get_by_id(action_id)
        company_id = Application.get_by_id(action.application_id).company_id
        return warnings_for(action, company_id, due, rules)


def describe(action: Action) -> str:
    """One line naming an action: "Thank-you to Ada Lovelace (Acme)"."""
    company = (Company.select(Company.name).join(Application)
               .where(Application.id == action.application_id).scalar())
    contact = Contact.get_or_none(Contact.id == action.contact_id)
    who = contact.name if contact is not None else "the company"
    return f"{ActionKind(action.kind).label} #{action.id} to {who} ({company})"


def _checked_fields(kind: ActionKind, channel: Channel, note: str) -> dict[str, object]:
    return {"kind": check.choice(kind, ActionKind, "kind"),
            "channel": check.choice(channel, Channel, "channel"),
            "note": check.text(note, "note", limit=check.LONG_TEXT)}


def _pending(action_id: int) -> Action:
    action = existing(Action, action_id, "action")
    if not ActionState(action.state).is_pending:
        raise UserError(f"Action {action_id} is already {action.state}.")
    return action


def _set_state(action: Action, state: ActionState, now: datetime, **fields: object) -> None:
    Action.update(state=state, state_changed_utc=now, **fields).where(
        Action.id == action.id).execute()


@dataclass(frozen=True)
class DecisionResult:
    """What a logged decision call changed: the touch's summary and the next check, if any."""

    summary: str
    status: ApplicationStatus
    next_check_id: int | None
    next_check_due: datetime | None
    warnings: list[str]


def decide(backend: Backend, action_id: int, outcome: DecisionOutcome,
           next_date: date | None = None, note: str = "") -> DecisionResult:
    """Log the call of a decision check (or of any follow-up that brought the answer) with its
    outcome, in one transaction: the touch, the action done, the decision date (a new one, or
    none when they do not know yet) or the new status with its history, and the re-plan that
    schedules the next check. Undoable."""
    outcome = check.choice(outcome, DecisionOutcome, "outcome")
    next_date = check.day(next_date, "next date")
    note = check.text(note, "note", limit=check.LONG_TEXT)
    rules = backend.rules()
    now = backend.clock.now()
    problem = check_next_date(outcome, next_date, now.astimezone(rules.zone).date())
    if problem:
        raise UserError(f"{problem[0].upper()}{problem[1:]}.")
    with backend.write():
        action = _pending(action_id)
        change = undo.begin(backend, "decision", f"decision ({outcome.label.lower()}): "
                                                 f"{describe(action)}", action_id,
                            also_application=True)
        app = Application.get_by_id(action.application_id)
        summary = outcome_summary(outcome, next_date, note)
        warnings = warnings_for(action, app.company_id, now, rules)
        touch = Touch.create(company=app.company_id, contact=action.contact_id,
                             application=app.id, action=action.id, at_utc=now,
                             zone=rules.zone.key, channel=action.channel, summary=summary,
                             created_utc=now)
        change.made("touch", touch.id)
        _set_state(action, ActionState.DONE, now, done_utc=now)
        status = apply_outcome(change, app, outcome, next_date, summary, now)
        undo.record(backend, change)
        replan(backend, app.id)
        return decision_result(app.id, summary, status, warnings)


def apply_outcome(change: undo.Change, app: Application, outcome: DecisionOutcome,
                  next_date: date | None, summary: str, now: datetime) -> ApplicationStatus:
    """What a decision outcome changes on the application, inside the caller's transaction
    (the caller re-plans): still open stores the new decision date (none: they do not know
    yet); filled, offer and rejected change the status, with history noted in `change`.
    Returns the status after it."""
    status = ApplicationStatus(app.status)
    if outcome.status is None:
        Application.update(decision_date=next_date).where(Application.id == app.id).execute()
    elif outcome.status != status:
        status = outcome.status
        change.made("status_change", StatusChange.create(
            application=app.id, old_status=app.status, new_status=status, at_utc=now,
            note=summary).id)
        Application.update(status=status).where(Application.id == app.id).execute()
    return status


def decision_result(application_id: int, summary: str, status: ApplicationStatus,
                    warnings: list[str]) -> DecisionResult:
    """The result of an outcome once re-planned: with the next decision check, if any."""
    following = (Action.select(Action.id, Action.due_utc)
                 .where((Action.application == application_id)
                        & (Action.kind == ActionKind.DECISION_CHECK)
                        & (Action.state << [ActionState.PLANNED, ActionState.SNOOZED]))
                 .order_by(Action.due_utc).first())
    return DecisionResult(summary, status, following.id if following else None,
                          following.due_utc if following else None, warnings)
