"""Instants as the database stores them: ISO-8601 UTC text, to the second, that sorts and
compares correctly in SQL. No peewee here: the first screen reads them with sqlite3."""

from __future__ import annotations

from datetime import UTC, datetime

INSTANT_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def format_instant(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("instants must be timezone-aware")
    return value.astimezone(UTC).strftime(INSTANT_FORMAT)


def parse_instant(text: str) -> datetime:
    # fromisoformat reads the "Z" since Python 3.11 and is some 25 times faster than strptime.
    return datetime.fromisoformat(text)
