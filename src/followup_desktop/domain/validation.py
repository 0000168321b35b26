"""Checks every way data comes in shares: the GUI editors, the importers and the CLI.

Each failure names where it happened and what was wrong, in one plain sentence.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

SHORT_TEXT = 300  # names, titles, positions, e-mail addresses
LONG_TEXT = 20_000  # notes, what was discussed, a note's text
E = TypeVar("E", bound=StrEnum)
# C0 and C1 controls (but tab and line breaks), which can disguise text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Bidi embeddings and overrides (U+202A-U+202E) and isolates (U+2066-U+2069): they make text
# read differently from what it holds ("Trojan source"). The marks U+200E/U+200F are allowed.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Lone surrogates (JSON allows "\ud800") cannot be stored as UTF-8.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Dates and instants outside these years cannot be stored as four-digit ISO text, or overflow
# the calendar arithmetic of the planner.
YEARS = range(1900, 3000)
# Deliberately strict: no characters that could smuggle URL parts into a mailto: link.
_ATOM = r"[^@\s<>()\[\],;:\"?&=/\\%#]+"
_EMAIL = re.compile(rf"^{_ATOM}@{_ATOM}\.{_ATOM}$")


class ValidationError(ValueError):
    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


def text(value: object, where: str, limit: int = SHORT_TEXT, required: bool = False) -> str:
    """Plain text within `limit` characters; line breaks only where text may be long."""
    if not isinstance(value, str):
        raise ValidationError(where, f"expected text, found {_kind(value)}")
    if len(value) > limit:
        raise ValidationError(where, f"is {len(value):,} characters long; the limit is {limit:,}")
    if _CONTROL.search(value) or (limit <= SHORT_TEXT and ("\n" in value or "\r" in value)):
        raise ValidationError(where, "contains control characters or line breaks")
    if _BIDI.search(value):
        raise ValidationError(where, "contains control characters that change the direction "
                                     "of text (U+202A-U+202E, U+2066-U+2069)")
    if _SURROGATE.search(value):
        raise ValidationError(where, "contains characters that are not valid Unicode text")
    if required and not value.strip():
        raise ValidationError(where, "must not be empty")
    return value


def choice(value: object, enum: type[E], where: str) -> E:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise ValidationError(where, f"{value!r} is not one of: {allowed}") from None


def email(value: object, where: str) -> str:
    address = text(value, where)
    if address and not _EMAIL.match(address):
        raise ValidationError(where, f"{address!r} is not a plain e-mail address")
    return address


def zone(value: object, where: str) -> str:
    name = text(value, where, required=True)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(where, f"{name!r} is not a known IANA time zone") from None
    return name


def instant(value: object, where: str) -> datetime:
    """An ISO-8601 instant with an explicit offset (or Z), returned in UTC."""
    raw = text(value, where, required=True)
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        raise ValidationError(where, f"{raw!r} is not a valid ISO-8601 date and time") from None
    if parsed.tzinfo is None:
        raise ValidationError(where, f"{raw!r} has no UTC offset (add Z or +01:00)")
    try:
        result = parsed.astimezone(UTC).replace(microsecond=0)
    except OverflowError:
        result = None
    if result is None or result.year not in YEARS:
        raise ValidationError(where, f"{raw!r} is outside the years {YEARS[0]}-{YEARS[-1]}")
    return result


def moment(value: object, where: str) -> datetime:
    """A timezone-aware datetime from code (an editor, a service call), returned in UTC."""
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ValidationError(where, "needs a date and time with a time zone")
    return instant(value.isoformat(), where)


def day(value: object, where: str) -> date | None:
    """An optional date from code, within the years the planner can reckon with."""
    if value is None:
        return None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValidationError(where, "needs a date")
    return calendar_date(value.isoformat(), where)


def calendar_date(value: object, where: str) -> date:
    raw = text(value, where, required=True)
    try:
        result = date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(where, f"{raw!r} is not a valid date (YYYY-MM-DD)") from None
    if result.year not in YEARS:
        raise ValidationError(where, f"{raw!r} is outside the years {YEARS[0]}-{YEARS[-1]}")
    return result


def interval(start: datetime, end: datetime, where: str) -> None:
    if end <= start:
        raise ValidationError(where, "the interview must end after it starts")
    if (end - start).days >= 1:
        raise ValidationError(where, "an interview cannot last a day or more")


def _kind(value: object) -> str:
    return {type(None): "nothing", bool: "true/false", int: "a number", float: "a number",
            list: "a list", dict: "an object"}.get(type(value), type(value).__name__)
