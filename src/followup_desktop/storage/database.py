"""Opening the database file: owner-only permissions, WAL, foreign keys, schema upgrade."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from peewee import SqliteDatabase

from followup_desktop.storage import schema
from followup_desktop.storage.models import ALL_MODELS

# Per-connection settings. WAL is not among them: switching to it rewrites the file header, so it
# is set only once the file is known to be one this version may write (see open_database).
PRAGMAS = {
    "foreign_keys": 1,
    "synchronous": "normal",
    "busy_timeout": 5000,
}


def ensure_private_dir(folder: Path) -> None:
    """Create the folder owner-only, or take group and other permissions away from one that
    exists (made by hand, by an older version, or under a permissive umask)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        folder.chmod(0o700)


def ensure_private_file(path: Path) -> None:
    """Create the file owner-only, or take group and other permissions away from an old one.

    SQLite gives its -wal and -shm files the permissions of the database file.
    """
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def open_database(path: Path, upgrade: bool = True,
                  before_upgrade: Callable[[int], None] | None = None) -> SqliteDatabase:
    """Open (creating if needed) the database at `path` and bind the models to it.

    Writes through `db.atomic()` take the write lock at once (BEGIN IMMEDIATE), so two writers
    wait for each other instead of failing half-way. `before_upgrade(found_version)` runs before
    an existing database (version 1 or later) is upgraded, while the file is still exactly as the
    older app left it; if it raises, nothing is upgraded and the database is closed. (It is a
    callback because making a backup belongs to the services, which storage must not import.)
    """
    ensure_private_dir(path.parent)
    ensure_private_file(path)
    db = SqliteDatabase(str(path), pragmas=PRAGMAS, lock_type="IMMEDIATE")
    db.bind(ALL_MODELS, bind_refs=False, bind_backrefs=False)
    db.connect()
    try:
        found = schema.version(db)
        if found > schema.LATEST_VERSION:  # refuse before anything writes to the file
            raise schema.SchemaTooNewError(found)
        if upgrade and before_upgrade is not None and 0 < found < schema.LATEST_VERSION:
            before_upgrade(found)
        db.execute_sql("PRAGMA journal_mode = wal")  # persistent: stored in the file
        if upgrade:
            schema.upgrade(db)
    except Exception:
        db.close()
        raise
    return db
