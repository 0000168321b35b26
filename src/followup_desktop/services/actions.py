"""What the user does with an action: done (which records a touch), snooze, skip."""

from __future__ import annotations

from datetime import datetime

from followup_desktop.domain import validation as check
from followup_desktop.domain.model import ActionState
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.guarding import warnings_for
from followup_desktop.services.planning import replan
from followup_desktop.storage.models import Action, Application, Touch


def complete(backend: Backend, action_id: int, summary: str = "",
             at: datetime | None = None) -> list[str]:
    """Mark an action done and record the touch. Returns the anti-pester warnings it raised."""
    summary = check.text(summary, "summary", limit=check.LONG_TEXT)
    at = at or backend.clock.now()
    rules = backend.rules()
    with backend.write():
        action = _pending(action_id)
        company_id = Application.get_by_id(action.application_id).company_id
        warnings = warnings_for(action, company_id, at, rules)
        Touch.create(company=company_id, contact=action.contact_id,
                     application=action.application_id, action=action.id, at_utc=at,
                     zone=rules.zone.key, channel=action.channel, summary=summary,
                     created_utc=backend.clock.now())
        _set_state(action, ActionState.DONE, backend.clock.now(), done_utc=at)
        replan(backend, action.application_id)
    return warnings


def snooze(backend: Backend, action_id: int, until: datetime) -> None:
    with backend.write():
        action = _pending(action_id)
        _set_state(action, ActionState.SNOOZED, backend.clock.now(), snoozed_until_utc=until)


def skip(backend: Backend, action_id: int) -> None:
    with backend.write():
        _set_state(_pending(action_id), ActionState.SKIPPED, backend.clock.now())


def _pending(action_id: int) -> Action:
    action = Action.get_or_none(Action.id == action_id)
    if action is None:
        raise UserError(f"There is no action {action_id}.")
    if not ActionState(action.state).is_pending:
        raise UserError(f"Action {action_id} is already {action.state}.")
    return action


def _set_state(action: Action, state: ActionState, now: datetime, **fields: object) -> None:
    Action.update(state=state, state_changed_utc=now, **fields).where(
        Action.id == action.id).execute()
