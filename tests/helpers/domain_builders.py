"""Small builders shared by the domain tests: people, interviews, applications, stored actions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from followup_desktop.domain.model import (
    ActionState,
    ApplicationFacts,
    ApplicationStatus,
    Channel,
    InterviewFacts,
    Person,
    Role,
)
from followup_desktop.domain.planner import PlanChanges, PlannedAction, StoredAction
from followup_desktop.domain.rules import Rules

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
ALL_WEEK = frozenset(range(7))
COMPANY = 7


def rules_in(zone: ZoneInfo, **overrides) -> Rules:
    return Rules(zone=zone, **overrides)


def local(text: str, zone: ZoneInfo) -> datetime:
    """A wall-clock reading such as "2026-03-27 16:30" in `zone`, as an aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def wall(instant: datetime, zone: ZoneInfo) -> str:
    """The wall-clock reading of an instant in `zone`, e.g. "Mon 2026-03-30 09:00"."""
    return instant.astimezone(zone).strftime("%a %Y-%m-%d %H:%M")


def person(pid: int, role: Role = Role.INTERVIEWER, name: str | None = None) -> Person:
    return Person(pid, name or f"Person {pid}", "Title", role, COMPANY)


def interview(
    iid: int,
    end: datetime,
    interviewer_ids: Iterable[int],
    round_no: int = 1,
    duration: timedelta = timedelta(hours=1),
) -> InterviewFacts:
    return InterviewFacts(iid, end - duration, end, round_no, tuple(interviewer_ids))


def application(
    *interviews: InterviewFacts,
    people: Iterable[Person] = (),
    status: ApplicationStatus = ApplicationStatus.INTERVIEWING,
    decision_date: date | None = None,
    preferred_channel: Channel | None = None,
    app_id: int = 1,
) -> ApplicationFacts:
    return ApplicationFacts(
        id=app_id,
        company_id=COMPANY,
        status=status,
        decision_date=decision_date,
        preferred_channel=preferred_channel,
        interviews=tuple(interviews),
        people={p.id: p for p in people},
    )


def stored_from(actions: Iterable[PlannedAction], first_id: int = 1) -> list[StoredAction]:
    """What the storage layer would hold right after saving a plan."""
    return [_stored(i, a) for i, a in enumerate(actions, start=first_id)]


def _stored(sid: int, action: PlannedAction) -> StoredAction:
    return StoredAction(
        id=sid,
        key=action.key,
        state=ActionState.PLANNED,
        edited=False,
        due=action.due,
        channel=action.channel,
        contact_id=action.contact_id,
        interview_id=action.interview_id,
        note=action.note,
    )


def apply_changes(stored: Iterable[StoredAction], changes: PlanChanges) -> list[StoredAction]:
    """A stand-in for the storage layer: the stored actions after `changes` are applied."""
    result = {s.id: s for s in stored}
    next_id = max(result, default=0) + 1  # ids are never reused
    for sid in changes.delete:
        del result[sid]
    for sid in changes.cancel:
        result[sid] = replace(result[sid], state=ActionState.CANCELLED)
    for sid, action in changes.update:
        fresh = _stored(sid, action)
        result[sid] = replace(fresh, edited=result[sid].edited)
    for offset, action in enumerate(changes.create):
        result[next_id + offset] = _stored(next_id + offset, action)
    return sorted(result.values(), key=lambda s: s.id)
