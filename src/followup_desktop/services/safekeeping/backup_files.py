"""The backup files themselves: copying a live database into one, reading its header, and
verifying it (integrity_check, a schema this app reads, a Follow-up database at all).
backups.py decides when copies are made, kept and restored."""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

from followup_desktop.services.errors import UserError
from followup_desktop.storage import schema
from followup_desktop.system.private_files import new_private_file

TEMP_PREFIX = ".incoming-"
SQLITE_MAGIC = b"SQLite format 3\x00"
# What SQLite says of a file that is not a database, or a damaged one.
UNREADABLE = ("SQLITE_NOTADB", "SQLITE_CORRUPT")
# The tables every Follow-up database has had since version 1.
CORE_TABLES = frozenset({"company", "contact", "application", "action", "setting"})


class BackupError(UserError):
    """A backup could not be written or did not verify; older backups were left alone."""


def _copy(source: Path, folder: Path) -> Path:
    """A consistent copy of `source` under a temporary name in `folder`, in rollback-journal
    mode so that it is one self-contained file."""
    try:
        fd, temp = _new_private_file(folder, TEMP_PREFIX, ".sqlite3")
    except OSError as error:
        raise BackupError(f"No backup can be written to {folder} ({error.strerror}).") \
            from error
    os.close(fd)
    try:
        with closing(_open_read_only(source)) as src, closing(sqlite3.connect(temp)) as dst:
            src.backup(dst)  # all pages in one step: one read transaction, one snapshot
            dst.execute("PRAGMA journal_mode = delete")
    except sqlite3.Error as error:
        temp.unlink(missing_ok=True)
        raise BackupError(f"The backup of {source.name} could not be written ({error}).") \
            from error
    return temp


def _new_private_file(folder: Path, prefix: str, suffix: str = "") -> tuple[int, Path]:
    """A new file (never an existing one) that only its owner can read, whatever the umask.
    Not tempfile: it would cost the app's start some milliseconds of imports."""
    return new_private_file(folder, prefix, suffix)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); SQLite already synced the file's contents."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open folders
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _same_bytes(first: Path, second: Path, chunk: int = 1 << 20) -> bool:
    try:
        if first.stat().st_size != second.stat().st_size:
            return False
        with first.open("rb") as a, second.open("rb") as b:
            while block := a.read(chunk):
                if block != b.read(chunk):
                    return False
    except OSError:
        return False  # an unreadable backup is no reason to skip a new one
    return True


def _header_version(path: Path) -> int | None:
    """user_version from the file header (offset 60): no connection, no side files."""
    try:
        with path.open("rb") as file:
            header = file.read(100)
    except OSError:
        return None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return None
    return int.from_bytes(header[60:64], "big")


def _verification_problem(path: Path) -> str | None:
    problem, version = _inspect(path, "integrity_check")
    if problem is not None:
        return problem
    if version > schema.LATEST_VERSION:
        return f"schema {version} is newer than this app's {schema.LATEST_VERSION}"
    return None


def _restore_problem(path: Path, name: str | None = None) -> str | None:
    """Why the file cannot be restored, as one sentence for the user; None if it can."""
    name = name or path.name
    problem, version = _inspect(path, "integrity_check")
    if problem is not None:
        return f"{name} is damaged or not a database ({problem}); nothing was changed."
    if version > schema.LATEST_VERSION:
        return (f"{name} was written by a newer version of the app (schema {version}; this "
                f"version reads up to {schema.LATEST_VERSION}); nothing was changed.")
    if version < 1 or not CORE_TABLES.issubset(_tables(path)):
        return f"{name} is not a Follow-up database; nothing was changed."
    return None


def _inspect(path: Path, pragma: str) -> tuple[str | None, int]:
    """(None or the problem, user_version) of the database at `path`, opened read-only."""
    try:
        with closing(_open_read_only(path)) as conn:
            rows = [row[0] for row in conn.execute(f"PRAGMA {pragma}")]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error as error:
        return str(error), -1
    return (None if rows == ["ok"] else "; ".join(rows[:3])), version


def _tables(path: Path) -> set[str]:
    with closing(_open_read_only(path)) as conn:
        return {name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}


def _open_read_only(path: Path) -> sqlite3.Connection:
    # A URI, so that read-only is enforced; as_uri() escapes '?', '#' and '%' in the path.
    return sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True,
                           check_same_thread=False)


class ChangeWatch:
    """A connection of its own to the live database, to read PRAGMA data_version: it changes
    whenever another connection (any of the app's, or another process) commits."""

    def __init__(self, database: Path) -> None:
        self._conn = _open_read_only(database)
        self._lock = threading.Lock()  # the GUI may ask from different worker threads
        self._seen: tuple[int, Path] | None = None

    def data_version(self) -> int:
        with self._lock:
            return self._conn.execute("PRAGMA data_version").fetchone()[0]

    def unchanged_since(self, version: int, newest: Path) -> bool:
        """True when the data is as it was when it last matched the backup `newest`."""
        return self._seen == (version, newest) and newest.exists()

    def remember(self, version: int, backup: Path) -> None:
        self._seen = (version, backup)

    def close(self) -> None:
        with self._lock:
            self._conn.close()


# The tables whose rows are the user's data (settings alone are not worth a backup slot).
RECORD_TABLES = ("company", "contact", "application", "action")


def holds_records(path: Path) -> bool:
    """True if the database at `path` holds any company, contact, application or follow-up,
    or cannot be read to tell (verification then says what is wrong with it)."""
    try:
        with closing(_open_read_only(path)) as conn:
            tables = {name for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            return any(conn.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")').fetchone()[0]
                       for table in RECORD_TABLES if table in tables)
    except sqlite3.Error:
        return True
