"""One event's properties, each read and checked: its organizer and attendees, its texts,
UID and SEQUENCE."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import TYPE_CHECKING, Any

from followup_desktop.domain import validation as check
from followup_desktop.domain.validation import ValidationError
from followup_desktop.io.ics_import.errors import IcsError, Where, quote
from followup_desktop.io.ics_import.invitation import Person
from followup_desktop.io.ics_import.limits import MAX_PEOPLE, UID_LIMIT

if TYPE_CHECKING:  # icalendar takes a tenth of a second to import: loaded on first use
    from icalendar import Event

SKIPPED_CUTYPES = frozenset({"ROOM", "RESOURCE"})


def single(event: Event, name: str, where: Where) -> Any:
    value = event.get(name)
    if isinstance(value, list):
        raise IcsError(where.at(name, f"{name} appears {len(value)} times"))
    return value


def param(prop: Any, name: str) -> str:
    value = getattr(prop, "params", {}).get(name, "")
    if isinstance(value, list):  # a repeated parameter: the first counts
        value = value[0] if value else ""
    return str(value).strip()


def read_organizer(event: Event, where: Where) -> Person | None:
    value = single(event, "ORGANIZER", where)
    return None if value is None else _person(value, "organizer", where, "ORGANIZER")


def read_attendees(event: Event, where: Where) -> tuple[Person, ...]:
    values = event.get("ATTENDEE", [])
    values = values if isinstance(values, list) else [values]
    if len(values) > MAX_PEOPLE:
        raise IcsError(where.at("ATTENDEE", f"more than {MAX_PEOPLE} people invited"))
    people = (_person(v, param(v, "ROLE").lower() or "req-participant", where, "ATTENDEE")
              for v in values)
    return tuple(p for p in people if p is not None)


def _person(value: Any, role: str, where: Where, name: str) -> Person | None:
    cutype = param(value, "CUTYPE").upper()
    if cutype in SKIPPED_CUTYPES:  # a meeting room or a projector is nobody to thank
        return None
    address = str(value).strip()
    email = address[7:].strip() if address.lower().startswith("mailto:") else ""
    try:
        email = check.email(email, "e-mail")
        display = check.text(param(value, "CN"), "name")
    except ValidationError as error:
        raise IcsError(where.at(name, f"{name} {quote(address)}: {error.where} "
                                      f"{error.problem}")) from None
    if display.casefold() == email.casefold():
        display = ""  # Google repeats the address when it knows no name
    return Person(display.strip(), email, "group" if cutype == "GROUP" else role,
                  param(value, "PARTSTAT").lower(), param(value, "ROLE").upper() == "CHAIR")


def read_text(event: Event, name: str, limit: int, where: Where, plain: bool = True) -> str:
    value = single(event, name, where)
    text = "" if value is None else str(value)
    if len(text) > limit:
        raise IcsError(where.at(name, f"{name} is {len(text):,} characters long; the limit is "
                                      f"{limit:,}"))
    if plain:
        try:
            check.text(text, name, limit)
        except ValidationError as error:
            raise IcsError(where.at(name, f"{name} {error.problem}")) from None
    return text


def read_uid(event: Event, start: datetime, summary: str, organizer: Person | None,
             where: Where) -> tuple[str, list[str]]:
    uid = read_text(event, "UID", UID_LIMIT, where).strip()
    if uid:
        return uid, []
    # Without a UID a second import could not recognise the event: derive a stable one.
    key = f"{start.isoformat()}\n{summary}\n{organizer.email if organizer else ''}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
    return f"no-uid-{digest}", ["The invitation has no UID; it is recognised by its start, "
                                "title and organizer."]


def read_sequence(event: Event, where: Where) -> int:
    value = single(event, "SEQUENCE", where)
    if value is None:
        return 0
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise IcsError(where.at("SEQUENCE", "SEQUENCE is not a whole number")) from None
    if not 0 <= number < 2**31:
        raise IcsError(where.at("SEQUENCE", f"SEQUENCE {number} is out of range"))
    return number


def recurrence_note(event: Event) -> list[str]:
    if "RRULE" in event or "RDATE" in event:
        return ["A repeating event: only its first occurrence is imported."]
    return []
