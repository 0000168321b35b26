"""Shared helpers for the storage, service and transfer tests: a backend on a temporary data
folder with a fixed clock, and raw looks into the SQLite file that bypass peewee."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from followup_desktop.domain.clock import FixedClock
from followup_desktop.services import settings
from followup_desktop.services.backend import Backend
from followup_desktop.storage.files import DATABASE_FILE

BERLIN = ZoneInfo("Europe/Berlin")
# Monday 9 March 2026, 09:00 in Berlin (CET, UTC+1; summer time starts on 29 March).
START = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)


def berlin(text: str) -> datetime:
    """A Berlin wall-clock reading such as "2026-03-13 16:00", as an aware UTC instant."""
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN).astimezone(UTC)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def make_backend(data_dir: Path, start: datetime = START, zone: str = "Europe/Berlin") -> Backend:
    """A backend with a FixedClock at `start` and the user's time zone set to `zone`."""
    backend = Backend(data_dir, clock=FixedClock(start))
    with backend.write():
        settings.save("time_zone", zone)
    return backend


def clock_of(backend: Backend) -> FixedClock:
    assert isinstance(backend.clock, FixedClock)
    return backend.clock


def _connect(db_file: Path) -> closing[sqlite3.Connection]:
    return closing(sqlite3.connect(f"file:{db_file}?mode=ro", uri=True))


def db_file(data_dir: Path) -> Path:
    return data_dir / DATABASE_FILE


def tables(db_file: Path) -> list[str]:
    with _connect(db_file) as conn:
        return [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]


def row_counts(db_file: Path) -> dict[str, int]:
    """Rows per table, read with the sqlite3 module (another connection, committed data only)."""
    with _connect(db_file) as conn:
        names = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                for name in sorted(names)}


def table_rows(db_file: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order: a snapshot to compare before and after."""
    with _connect(db_file) as conn:
        names = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
                for name in sorted(names)}


def user_version(db_file: Path) -> int:
    with _connect(db_file) as conn:
        return conn.execute("PRAGMA user_version").fetchone()[0]
