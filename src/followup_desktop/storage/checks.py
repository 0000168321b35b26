"""What is checked of the database files before SQLite opens them (reading headers only: a few
hundred bytes, well under a millisecond), and the quick_check that follows where it is cheap.

- The database file: empty (0 bytes), not starting like a SQLite database, an impossible page
  size, or cut short (smaller than its header says, when no WAL can account for it).
- The -wal file: its header (magic, format, page size against the database's) and its identity
  (checkpoint sequence number and salts, see services/safekeeping/sessions.py), so that a WAL copied
  in from
  another database is set aside instead of being replayed into this one.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_BYTES = 100
WAL_MAGIC = (0x377F0682, 0x377F0683)
WAL_FORMAT = 3007000
WAL_HEADER_BYTES = 32
# quick_check reads every page: about 1 ms per 100 kB here. Above this size it waits for the
# background check (integrity_check) unless the last session crashed.
QUICK_CHECK_MAX_BYTES = 8 * 1024 * 1024


class DatabaseFileError(Exception):
    """The database file is not one SQLite can open as it is: empty, not a database, cut."""


@dataclass(frozen=True)
class WalIdentity:
    checkpoint: int
    salt1: int
    salt2: int

    def text(self) -> str:
        return f"{self.checkpoint} {self.salt1} {self.salt2}"

    @classmethod
    def parse(cls, text: str) -> WalIdentity | None:
        try:
            checkpoint, salt1, salt2 = (int(part) for part in text.split())
        except ValueError:
            return None
        return cls(checkpoint, salt1, salt2)

    def continues(self, recorded: WalIdentity) -> bool:
        """True if this WAL is `recorded` itself or the same WAL restarted `n` times since (the
        checkpoint number and the first salt both grow by exactly one per restart)."""
        steps = (self.checkpoint - recorded.checkpoint) % 2**32
        if steps == 0:
            return (self.salt1, self.salt2) == (recorded.salt1, recorded.salt2)
        return steps < 2**31 and (self.salt1 - recorded.salt1) % 2**32 == steps


@dataclass(frozen=True)
class WalHeader:
    page_size: int
    identity: WalIdentity


def wal_path(database: Path) -> Path:
    return database.with_name(database.name + "-wal")


def database_problem(path: Path, expect_data: bool) -> str | None:
    """Why the database file cannot be trusted as it is, in words; None if its header is fine.

    A 0-byte file is a new database only when nothing was ever saved (`expect_data` False: no
    backups); otherwise it is data lost, and must not silently become an empty database.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            header = file.read(HEADER_BYTES)
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    if size == 0:
        if not expect_data or _wal_has_frames(path):
            return None  # created a moment before a crash; or all its data is in the WAL
        return "is empty (0 bytes): its data is gone"
    if not header.startswith(SQLITE_MAGIC) or len(header) < HEADER_BYTES:
        return "is not a SQLite database (it does not start like one)"
    page_size = page_size_of(header)
    if page_size is None:
        return "has a damaged header (an impossible page size)"
    pages = int.from_bytes(header[28:32], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    counter = int.from_bytes(header[24:28], "big")
    if not _wal_has_frames(path) and valid_for == counter and pages and size < pages * page_size:
        return f"is cut short ({size:,} bytes of {pages * page_size:,})"
    return None


def page_size_of(header: bytes) -> int | None:
    raw = int.from_bytes(header[16:18], "big")
    size = 65536 if raw == 1 else raw
    return size if 512 <= size <= 65536 and size & (size - 1) == 0 else None


def read_wal_header(database: Path) -> WalHeader | None:
    """The WAL's header, or None when there is no WAL SQLite would replay (missing, empty,
    or a header SQLite itself ignores)."""
    try:
        with wal_path(database).open("rb") as file:
            header = file.read(WAL_HEADER_BYTES)
    except OSError:
        return None
    if len(header) < WAL_HEADER_BYTES:
        return None
    magic, version, page_size, checkpoint, salt1, salt2 = (
        int.from_bytes(header[i:i + 4], "big") for i in range(0, 24, 4))
    if magic not in WAL_MAGIC or version != WAL_FORMAT:
        return None
    return WalHeader(page_size, WalIdentity(checkpoint, salt1, salt2))


def _wal_has_frames(database: Path) -> bool:
    header = read_wal_header(database)
    if header is None:
        return False
    try:
        return wal_path(database).stat().st_size >= WAL_HEADER_BYTES + 24 + header.page_size
    except OSError:
        return False


def wal_page_size_mismatch(database: Path, wal: WalHeader) -> bool:
    """A WAL written for pages of another size cannot be this database's."""
    try:
        with database.open("rb") as file:
            header = file.read(HEADER_BYTES)
    except OSError:
        return False
    if len(header) < HEADER_BYTES or not header.startswith(SQLITE_MAGIC):
        return False  # an empty database file: its pages are all in the WAL
    return page_size_of(header) != wal.page_size


def quick_check(path: Path) -> str | None:
    """SQLite's quick_check of the database at `path` (read-only): None when it finds it
    sound, else what it found."""
    try:
        with closing(sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)) as conn:
            rows = [row[0] for row in conn.execute("PRAGMA quick_check")]
    except sqlite3.Error as error:
        return str(error)
    return None if rows == ["ok"] else "; ".join(rows[:3])
