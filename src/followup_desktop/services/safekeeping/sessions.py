"""Noticing an unclean end of a session, and which -wal file belongs to this database.

A session marker `<data_dir>/.open-*` is locked while its Backend is open and removed when it
closes cleanly; one nobody holds was left by a crash. The marker also records the identity of
the database's WAL (its checkpoint sequence number and salts, from the WAL header) once the
session has written: SQLite starts every WAL with random salts and, each time it restarts the
WAL, adds one to the checkpoint number and one to the first salt. A WAL found at the next start
belongs to this database only if it continues a recorded identity; anything else was copied in
from another database (or another time) and must not be replayed.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

from followup_desktop.storage import checks, locks
from followup_desktop.storage.checks import WalIdentity
from followup_desktop.system.private_files import new_private_file

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: an open file cannot be deleted there
    fcntl = None  # type: ignore[assignment]

MARKER_PREFIX = ".open-"
FOREIGN_WAL = "foreign-wal"  # the name of a set-aside WAL in the backups folder


def _new_private_file(folder: Path, prefix: str) -> tuple[int, Path]:
    return new_private_file(folder, prefix, "")


class SessionMarker:
    """`<data_dir>/.open-*`: one per open Backend, locked while it is open and removed when it
    closes cleanly. A marker nobody holds was left by a crash (a killed process loses its locks).
    One per Backend, not one `.open` file: the CLI may run while the window is open, and must
    neither take the window's marker for a crash nor remove it."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd = fd

    @classmethod
    def create(cls, data_dir: Path) -> SessionMarker:
        if fcntl is None:  # pragma: no cover - Windows
            fd, path = _new_private_file(data_dir, MARKER_PREFIX)
            return cls(path, fd)
        # Locked under another name first, so that no one ever sees it unlocked.
        fd, opening = _new_private_file(data_dir, ".opening-")
        # Where there are no locks (some network file systems), a later start at worst takes
        # this session for a crash and runs a quick_check: never refuse to open for that.
        with suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        path = opening.with_name(MARKER_PREFIX + opening.name.removeprefix(".opening-"))
        os.replace(opening, path)
        return cls(path, fd)

    def record_wal(self, identity: WalIdentity) -> None:
        """Keep the identity of the WAL this session writes, for the start after a crash."""
        data = f"wal {identity.text()}\n".encode("ascii")
        with suppress(OSError):  # without it, a crash's WAL is trusted unverified
            os.ftruncate(self._fd, 0)
            os.pwrite(self._fd, data, 0)

    def leave(self) -> None:
        """End the session but leave the marker, as a crash would: its WAL could not be checked
        back in (a full disk), and the next start must replay it as this database's."""
        os.close(self._fd)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)  # before unlocking: see _is_stale
        os.close(self._fd)


def stale_markers(data_dir: Path) -> list[Path]:
    """Markers of sessions that ended without closing: crashes, kills, power cuts."""
    return [path for path in data_dir.glob(MARKER_PREFIX + "*") if _is_stale(path)]


def _is_stale(path: Path) -> bool:
    if fcntl is None:  # pragma: no cover - Windows: deleting works only if no one holds it
        try:
            path.unlink()
        except OSError:
            return False
        return True
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False  # removed meanwhile by a clean close
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # held: that session is running
    else:  # unlocked; but a session closing cleanly unlinks first, then unlocks
        return _same_file(path, fd)
    finally:
        os.close(fd)


def _same_file(path: Path, fd: int) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except OSError:
        return False


def live_markers(data_dir: Path) -> list[Path]:
    """Markers of sessions running now (the window while the CLI runs, or the reverse)."""
    return [path for path in data_dir.glob(MARKER_PREFIX + "*") if not _is_stale(path)]


def recorded_identity(marker: Path) -> WalIdentity | None:
    try:
        text = marker.read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    return WalIdentity.parse(text.removeprefix("wal ")) if text.startswith("wal ") else None


def wal_verdict(data_dir: Path, database: Path, stale: list[Path]) -> str:
    """What the WAL found beside the database before opening it is:

    "none" (no WAL SQLite would replay), "live" (a program has the database open now: its WAL
    is current), "ours" (it continues an identity recorded by a session of this database, or an
    unverifiable one after a crash), "foreign" (no session of ours can have left it: every
    clean close checks the WAL back in and removes it, or else leaves its marker behind).
    """
    header = checks.read_wal_header(database)
    if header is None:
        return "none"
    if checks.wal_page_size_mismatch(database, header):
        return "foreign"
    if live_markers(data_dir) or locks.users(database):
        return "live"
    recorded = [identity for identity in map(recorded_identity, stale) if identity]
    if any(header.identity.continues(identity) for identity in recorded):
        return "ours"
    if stale and not recorded:
        return "ours"  # a crash before the session wrote (or recorded): trusted, then checked
    return "foreign"


def set_aside_wal(database: Path, folder: Path, stamp: str) -> Path:
    """Move a foreign WAL (and the -shm built from it) out of SQLite's way into `folder`;
    it is kept there, never replayed. Returns where it went."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / f"followup-{stamp}-{FOREIGN_WAL}.sqlite3-wal"
    os.replace(checks.wal_path(database), target)
    shm = database.with_name(database.name + "-shm")
    with suppress(FileNotFoundError):
        os.replace(shm, target.with_name(target.name.removesuffix("-wal") + "-shm"))
    return target
