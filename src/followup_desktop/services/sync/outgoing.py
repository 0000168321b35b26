"""What the app holds of its follow-ups, as the sync sees them: every action's UID and state,
and each pending follow-up (planned or snoozed) as the item to write, its text built from the
same words as the reminders (services/reminder_messages.py, domain/fields.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from followup_desktop import APP_NAME
from followup_desktop.domain.fields import label
from followup_desktop.domain.model import ActionState, Channel
from followup_desktop.services.backend import Backend
from followup_desktop.services.reminder_messages import headline
from followup_desktop.services.sync.items import Outgoing, hand_uid, plan_uid
from followup_desktop.services.views.due_rows import DueItem, read_items
from followup_desktop.storage.instants import parse_instant


@dataclass(frozen=True)
class Known:
    action_id: int
    state: ActionState
    done_utc: datetime | None


@dataclass(frozen=True)
class AppState:
    known: dict[str, Known]  # every action's UID, whatever its state
    outgoing: dict[str, Outgoing]  # the pending ones, as they are to be on the server


def app_state(backend: Backend, as_events: bool) -> AppState:
    known: dict[str, Known] = {}
    uid_of: dict[int, str] = {}
    for action_id, plan_key, created, state, done in backend.connection().execute(
            "SELECT id, plan_key, created_utc, state, done_utc FROM action"):
        uid = plan_uid(plan_key) if plan_key else hand_uid(action_id, parse_instant(created))
        known[uid] = Known(action_id, ActionState(state), done and parse_instant(done))
        uid_of[action_id] = uid
    items = read_items(backend, backend.clock.now(), "1 = 1", [])
    outgoing = {uid_of[item.id]: _outgoing(uid_of[item.id], item, as_events) for item in items}
    return AppState(known, outgoing)


def _outgoing(uid: str, item: DueItem, as_events: bool) -> Outgoing:
    how = label(Channel(item.channel))
    lines = [f"How: {how}", f"Application: {item.position} at {item.company}"]
    if item.note:
        lines.append(item.note)
    lines.append(f"Done here or in {APP_NAME}: each tells the other at the next sync.")
    return Outgoing(uid, item.id, f"{headline(item)} · {how}", "\n".join(lines),
                    item.due, as_events)
