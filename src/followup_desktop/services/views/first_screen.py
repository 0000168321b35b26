"""The first screen: the due list read with the standard library's sqlite3, before peewee, the
Backend and the other pages are imported, so the window shows the list as soon as it paints.

It reads through the same SQL as the window's own reads (services/views/due.py), on a
read-only connection, and only a database in the state a clean session leaves it: of this
app's schema, with no -wal file beside it (a left-over or foreign WAL is the start checks'
business, storage/checks.py, and is never read here). Anything else, or any error, gives None:
the window then fills the list the usual way, once the data is open.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from followup_desktop.domain.clock import Clock
from followup_desktop.domain.rules import Rules
from followup_desktop.services import settings
from followup_desktop.storage.files import DATABASE_FILE, SCHEMA_VERSION

LOCK_WAIT_S = 0.05  # another program writing: the usual path waits for it instead


class FirstScreenReader:
    """Reads what the due page shows, on this thread only, until `close`."""

    def __init__(self, conn: sqlite3.Connection, clock: Clock, rules: Rules) -> None:
        self._conn, self.clock, self._rules = conn, clock, rules

    def rules(self) -> Rules:
        return self._rules

    def connection(self) -> sqlite3.Connection:
        return self._conn

    def close(self) -> None:
        self._conn.close()


def open_first_screen(data_dir: Path, clock: Clock) -> FirstScreenReader | None:
    path = data_dir / DATABASE_FILE
    wal = path.with_name(path.name + "-wal")
    if not path.is_file() or (wal.exists() and wal.stat().st_size > 0):
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                               timeout=LOCK_WAIT_S)
    except sqlite3.Error:
        return None
    try:
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        if version != SCHEMA_VERSION:
            raise LookupError(version)
        stored = dict(conn.execute("SELECT key, value FROM setting"))
        return FirstScreenReader(conn, clock, settings.rules_from(settings.load(stored)))
    except (sqlite3.Error, LookupError, ValueError, TypeError, KeyError):
        conn.close()
        return None
