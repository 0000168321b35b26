"""Column types for instants: UTC text that sorts and compares correctly in SQL."""

from __future__ import annotations

from datetime import datetime

from peewee import Field

from followup_desktop.storage.instants import format_instant, parse_instant


class InstantField(Field):
    """A timezone-aware instant stored as ISO-8601 UTC text, to the second."""

    field_type = "TEXT"

    def db_value(self, value: datetime | str | None) -> str | None:
        if value is None or isinstance(value, str):
            return value
        return format_instant(value)

    def python_value(self, value: str | None) -> datetime | None:
        return None if value is None else parse_instant(value)
