"""A database file as an older version of the app left it: the schema at `version`, with rows
written in that version's own SQL (no model is bound to it)."""

from __future__ import annotations

from pathlib import Path

from peewee import SqliteDatabase

from followup_desktop.storage import schema


def make_old_database(path: Path, version: int, rows: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = SqliteDatabase(str(path))
    raw.connect()
    try:
        assert schema.upgrade(raw, target=version) == version
        with raw.atomic():
            for statement in rows.split(";"):
                if statement.strip():
                    raw.execute_sql(statement)
    finally:
        raw.close()
