"""The JSON document's sections: each record's fields and the check each value must pass.

The format is described in docs/json-format.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from peewee import Field

from followup_desktop.domain import validation as check
from followup_desktop.domain.hearing_back import ReplyAnswer, TouchDirection
from followup_desktop.domain.model import (
    ActionKind,
    ActionState,
    ApplicationStatus,
    Channel,
    IdeaKind,
    InterviewFormat,
    Role,
)
from followup_desktop.domain.validation import ValidationError
from followup_desktop.storage.instants import format_instant
from followup_desktop.storage.models import (
    Action,
    Application,
    BaseModel,
    Company,
    Contact,
    Idea,
    Interview,
    Note,
    NoteTemplate,
    StatusChange,
    Touch,
)

FORMAT = "followup-desktop"
# 2 added ideas, notes, note templates and the interviews' invitation fields; 3 the touches'
# fields from the mailbox (schema 9). Versions 1 and 2 are still read.
VERSION = 3

Check = Callable[[Any, str], Any]


def _text(limit: int = check.SHORT_TEXT, required: bool = False) -> Check:
    return lambda value, where: check.text(value, where, limit, required)


def _choice(enum: type[StrEnum], nullable: bool = False) -> Check:
    members = {member.value: member for member in enum}

    def choice(value: Any, where: str) -> Any:
        # A dictionary look-up for the usual, valid value; the check's own message otherwise.
        if type(value) is str and value in members:
            return members[value]
        return check.choice(value, enum, where)

    return _nullable(choice) if nullable else choice


def _nullable(inner: Check) -> Check:
    return lambda value, where: None if value is None else inner(value, where)


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(where, "expected true or false")
    return value


def positive_int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**53:
        raise ValidationError(where, "expected a positive whole number")
    return value


def _count(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**31:
        raise ValidationError(where, "expected a whole number from 0")
    return value


@dataclass(frozen=True)
class Ref:
    """An id that must name a record of `section`; checked once every section is read."""

    section: str
    nullable: bool = False

    def __call__(self, value: Any, where: str) -> int | None:
        return None if value is None and self.nullable else positive_int(value, where)


def _ref(section: str, nullable: bool = False) -> Check:
    return Ref(section, nullable)


# An instant as the export writes it (and as it is stored): kept as this text once it is known
# to be a real instant in range, so it is neither converted on reading nor again on writing.
STORED_INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", re.ASCII)


def _instant(value: Any, where: str) -> str:
    """An instant, as the UTC text it is stored as."""
    if type(value) is str and STORED_INSTANT.fullmatch(value):
        try:
            if datetime.fromisoformat(value).year in check.YEARS:
                return value
        except ValueError:  # "2026-02-30T...": the check below names the problem
            pass
    return format_instant(check.instant(value, where))


_ZONES_SEEN: set[str] = set()  # names already found in the zone database


def _zone(value: Any, where: str) -> str:
    """A time zone name; each distinct one is looked up once (a file repeats a few)."""
    if type(value) is str and value in _ZONES_SEEN:
        return value
    name = check.zone(value, where)
    _ZONES_SEEN.add(name)
    return name


def _date(value: Any, where: str) -> str:
    """A calendar date, as the text it is stored as."""
    return check.calendar_date(value, where).isoformat()


LONG = _text(check.LONG_TEXT)
INSTANT = _instant
MAYBE_INSTANT = _nullable(_instant)


@dataclass(frozen=True)
class Section:
    name: str
    model: type[BaseModel]
    fields: dict[str, Check]


SECTIONS: tuple[Section, ...] = (
    Section("companies", Company, {
        "id": positive_int, "name": _text(required=True), "website": _text(2000),
        "postal_address": _text(1000), "preferred_channel": _choice(Channel, nullable=True),
        "reach_notes": LONG, "created_utc": INSTANT}),
    Section("contacts", Contact, {
        "id": positive_int, "company_id": _ref("companies", nullable=True),
        "name": _text(required=True), "title": _text(), "role": _choice(Role),
        "email": check.email, "phone": _text(),
        "postal_address": _text(1000), "name_verified": _bool, "title_verified": _bool,
        "verified_source": _text(), "notes": LONG, "created_utc": INSTANT}),
    Section("applications", Application, {
        "id": positive_int, "company_id": _ref("companies"), "position": _text(required=True),
        "status": _choice(ApplicationStatus), "posting_url": _text(2000),
        "decision_date": _nullable(_date),
        "second_round_expected": _nullable(_bool), "notes": LONG, "created_utc": INSTANT}),
    Section("status_changes", StatusChange, {
        "id": positive_int, "application_id": _ref("applications"),
        "old_status": _choice(ApplicationStatus, nullable=True),
        "new_status": _choice(ApplicationStatus), "at_utc": INSTANT, "note": LONG}),
    Section("interviews", Interview, {
        "id": positive_int, "application_id": _ref("applications"), "start_utc": INSTANT,
        "end_utc": INSTANT, "zone": _zone, "round": positive_int,
        "format": _choice(InterviewFormat), "location": _text(1000), "discussed": LONG,
        "created_utc": INSTANT, "ical_uid": _nullable(_text(1000)),
        "ical_sequence": _nullable(_count), "cancelled_utc": MAYBE_INSTANT}),
    Section("actions", Action, {
        "id": positive_int, "application_id": _ref("applications"),
        "interview_id": _ref("interviews", nullable=True),
        "contact_id": _ref("contacts", nullable=True), "kind": _choice(ActionKind),
        "due_utc": INSTANT, "zone": _zone, "channel": _choice(Channel),
        "state": _choice(ActionState), "state_changed_utc": INSTANT,
        "snoozed_until_utc": MAYBE_INSTANT, "done_utc": MAYBE_INSTANT, "note": LONG,
        "plan_key": _nullable(_text()), "edited": _bool, "created_utc": INSTANT}),
    Section("touches", Touch, {
        "id": positive_int, "company_id": _ref("companies", nullable=True),
        "contact_id": _ref("contacts", nullable=True),
        "application_id": _ref("applications", nullable=True),
        "action_id": _ref("actions", nullable=True), "at_utc": INSTANT, "zone": _zone,
        "channel": _choice(Channel), "summary": LONG, "created_utc": INSTANT,
        "direction": _choice(TouchDirection), "subject": _text(1000), "address": _text(),
        "message_id": _nullable(LONG), "answer": _choice(ReplyAnswer, nullable=True),
        "answered_utc": MAYBE_INSTANT}),
    Section("ideas", Idea, {
        "id": positive_int, "application_id": _ref("applications"), "kind": _choice(IdeaKind),
        "text": _text(check.LONG_TEXT, required=True), "created_utc": INSTANT,
        "used_action_id": _ref("actions", nullable=True), "used_utc": MAYBE_INSTANT}),
    Section("notes", Note, {
        "id": positive_int, "action_id": _ref("actions"), "template_key": _text(required=True),
        "subject": _text(1000), "body": LONG, "idea_id": _ref("ideas", nullable=True),
        "updated_utc": INSTANT, "delivered_utc": MAYBE_INSTANT,
        "delivered_channel": _choice(Channel, nullable=True)}),
    Section("note_templates", NoteTemplate, {
        "id": positive_int, "key": _text(required=True), "subject": _text(1000), "body": LONG,
        "updated_utc": INSTANT}),
)


def model_fields(section: Section) -> list[Field]:
    # By column name: a reference's column is its field's name plus "_id", but a plain
    # column may end so too (a touch's message_id).
    columns = section.model._meta.columns
    return [columns[name] for name in section.fields]
