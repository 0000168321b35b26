"""The undo journal: the last done, skip, snooze, move or decision call can be taken back.

Each of those writes calls `record` inside its own transaction, before it changes anything: the
journal keeps the rows it is about to change as they are stored (every column, as text) and,
once the change is made, the ids of the rows it created (a touch, a status change). `undo_last`
puts those rows back, deletes what was created and re-plans the applications, so the plan is
what it was. The journal lives in the database (table `undo_entry`, schema 8), so `followup-desktop
undo` in a new process undoes what the window or a notification button did.

Only the newest entry not yet undone is undone; undoing again takes the one before it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from peewee import SqliteDatabase

from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.planning import replan
from followup_desktop.storage.models import Action, Application, Touch, UndoEntry

KINDS = ("done", "skip", "snooze", "move", "decision")
KEEP = 100  # entries kept; older ones are forgotten
# The tables whose rows an entry may restore or delete. Names are fixed here, never from data.
_RESTORABLE = ("action", "application", "touch")  # touch: a reply's answer (services/mail)
_DELETABLE = ("touch", "status_change")


@dataclass
class Change:
    """What one undoable change is about to do; `created` is filled in as it goes."""

    kind: str
    label: str
    action_id: int | None
    before: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    created: dict[str, list[int]] = field(default_factory=dict)
    applications: list[int] = field(default_factory=list)

    def made(self, table: str, row_id: int) -> None:
        """Note a row the change created, so undo deletes it."""
        if table not in _DELETABLE:
            raise ValueError(f"undo cannot delete rows of {table}")
        self.created.setdefault(table, []).append(row_id)


@dataclass(frozen=True)
class UndoEntryInfo:
    """What Ctrl+Z would undo now."""

    id: int
    kind: str
    label: str
    action_id: int | None


def begin(backend: Backend, kind: str, label: str, action_id: int | None,
          also_application: bool = False, application_id: int | None = None) -> Change:
    """Snapshot the application's actions (and the application, for a change of status or
    decision date) before a change to one of them: re-planning after it may change the others
    (a closed status cancels them). The application is the action's, or `application_id` for
    a change about no action (answering a reply). Call inside the change's write transaction,
    then `record` it."""
    if kind not in KINDS:
        raise ValueError(f"unknown undo kind {kind!r}")
    change = Change(kind, label, action_id)
    if application_id is None:
        application_id = Action.get_by_id(action_id).application_id
    ids = [i for (i,) in Action.select(Action.id).where(
        Action.application == application_id).tuples()]
    change.before["action"] = _rows(backend.db, "action", ids)
    change.applications.append(application_id)
    if also_application:
        change.before["application"] = _rows(backend.db, "application", [application_id])
    return change


def keep(backend: Backend, change: Change, table: str, ids: list[int]) -> None:
    """Also snapshot these rows of `table` before the change, so undo puts them back."""
    change.before.setdefault(table, []).extend(_rows(backend.db, table, ids))


def record(backend: Backend, change: Change) -> None:
    """Keep the change in the journal (inside the same write transaction as the change)."""
    payload = {"before": change.before, "created": change.created,
               "applications": change.applications}
    UndoEntry.create(at_utc=backend.clock.now(), kind=change.kind, label=change.label,
                     action_id=change.action_id, payload=json.dumps(payload))
    stale = (UndoEntry.select(UndoEntry.id).order_by(UndoEntry.id.desc()).offset(KEEP))
    UndoEntry.delete().where(UndoEntry.id << stale).execute()


def last(backend: Backend) -> UndoEntryInfo | None:
    """The entry `undo_last` would undo, or None when there is nothing to undo."""
    entry = _newest_open()
    if entry is None:
        return None
    return UndoEntryInfo(entry.id, entry.kind, entry.label, entry.action_id)


def undo_last(backend: Backend) -> str:
    """Undo the newest change not yet undone; returns what was undone ("Undid: done of ...").
    Raises UserError when there is nothing to undo."""
    with backend.write():
        entry = _newest_open()
        if entry is None:
            raise UserError("Nothing to undo.")
        payload = json.loads(entry.payload)
        for table in _DELETABLE:
            ids = payload["created"].get(table, [])
            if ids:
                marks = ", ".join("?" for _ in ids)
                backend.db.execute_sql(f'DELETE FROM "{table}" WHERE id IN ({marks})', ids)
        for table in _RESTORABLE:
            for row in payload["before"].get(table, []):
                _restore(backend.db, table, row)
        UndoEntry.update(undone_utc=backend.clock.now()).where(
            UndoEntry.id == entry.id).execute()
        for application_id in payload["applications"]:
            if Application.get_or_none(Application.id == application_id) is not None:
                replan(backend, application_id)
    return f"Undid: {entry.label}"


def _newest_open() -> UndoEntry | None:
    return (UndoEntry.select().where(UndoEntry.undone_utc.is_null())
            .order_by(UndoEntry.id.desc()).first())


def _rows(db: SqliteDatabase, table: str, ids: list[int]) -> list[dict[str, Any]]:
    """The rows as stored: the text of instants and dates, not Python values."""
    if table not in _RESTORABLE:
        raise ValueError(f"undo cannot restore rows of {table}")
    marks = ", ".join("?" for _ in ids)
    cursor = db.execute_sql(f'SELECT * FROM "{table}" WHERE id IN ({marks})', ids)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _restore(db: SqliteDatabase, table: str, row: dict[str, Any]) -> None:
    """Put a row back as it was. Column names come from the stored row, checked against the
    table's own columns; a row deleted since is left deleted."""
    columns = {info[1] for info in db.execute_sql(f'PRAGMA table_info("{table}")').fetchall()}
    names = [name for name in row if name != "id" and name in columns]
    sets = ", ".join(f'"{name}" = ?' for name in names)
    db.execute_sql(f'UPDATE "{table}" SET {sets} WHERE id = ?',
                   [row[name] for name in names] + [row["id"]])


def touch_of(action_id: int) -> int | None:
    """The newest touch an action recorded (what `done` just created)."""
    row = (Touch.select(Touch.id).where(Touch.action == action_id)
           .order_by(Touch.id.desc()).first())
    return None if row is None else row.id
