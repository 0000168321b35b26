"""Backups of the data folder's database, restore, integrity checks and crash detection.

Copies are made with SQLite's online backup API, never by copying files: the live database is in
WAL mode, so its file alone can lack committed transactions, and a file copied while the app
writes can be torn. Every copy is written under a temporary name, verified (integrity_check, and
a schema version this app can read) and only then renamed into place; old backups are rotated
away only after a new one was verified.

Files: `<data_dir>/backups/followup-<UTC yyyymmddTHHMMSSZ>-<reason>.sqlite3`, folder 0700, files
0600. A backup is a self-contained file (rollback-journal mode, no -wal beside it), so it can be
copied to another machine and restored there.

What is kept (all numbers below): for scheduled backups, the newest of each of the last
DAILY_KEEP days that have one, then the newest of each of the WEEKLY_KEEP ISO weeks before those
days (renamed `-weekly` when they move to that tier); for the event backups (before-*, manual),
every one younger than EVENT_KEEP_AGE and always the EVENT_KEEP_COUNT newest of each reason.
Days and weeks are UTC, like the names. Counting days that have a backup (not calendar days)
means that a user who comes back after two months still finds the old backups.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from followup_desktop.services.errors import UserError, locked_error
from followup_desktop.services.safekeeping.backup_files import (  # noqa: F401 - backups.X for callers
    CORE_TABLES,
    SQLITE_MAGIC,
    TEMP_PREFIX,
    UNREADABLE,
    BackupError,
    ChangeWatch,
    _copy,
    _header_version,
    _inspect,
    _new_private_file,
    _open_read_only,
    _restore_problem,
    _same_bytes,
    _sync_folder,
    _tables,
    _verification_problem,
    holds_records,
)
from followup_desktop.services.safekeeping.sessions import SessionMarker, stale_markers  # noqa: F401
from followup_desktop.storage import schema

if TYPE_CHECKING:
    from followup_desktop.services.backend import Backend

BACKUP_FOLDER = "backups"
SCHEDULED = ("daily", "weekly")
EVENTS = ("before-import", "before-upgrade", "before-restore", "manual")
REASONS = SCHEDULED + EVENTS
DAILY_KEEP = 7
WEEKLY_KEEP = 4
EVENT_KEEP_AGE = timedelta(days=30)
EVENT_KEEP_COUNT = 5
# A scheduled backup is due a day after the last one, less some slack: someone who opens the app
# at about the same time every morning must get one every day, not every other day.
SCHEDULE_EVERY = timedelta(days=1)
SCHEDULE_SLACK = timedelta(hours=4)
RESTORE_LOCK_WAIT_S = 5.0
# Temporary files older than this are left over from a crash (a backup takes seconds at most).
STALE_TEMP_AGE = timedelta(hours=1)
DAMAGED = "damaged"  # a damaged database saved before a restore replaced it: kept, never listed
STAMP = "%Y%m%dT%H%M%SZ"
NAME = re.compile(r"followup-(\d{8}T\d{6}Z)-([a-z-]+)\.sqlite3")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_utc: datetime
    reason: str
    size: int
    schema_version: int | None  # None: the file does not start like a SQLite database

    @property
    def day(self) -> date:
        return self.created_utc.date()

    @property
    def week(self) -> tuple[int, int]:
        year, week, _ = self.created_utc.isocalendar()
        return year, week


# ---------------------------------------------------------------- making backups

def backups_dir(backend: Backend) -> Path:
    return backend.data_dir / BACKUP_FOLDER


def backup_now(backend: Backend, reason: str) -> Path:
    """Copy the database into the backups folder now; returns the verified backup's path."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    folder = _private_folder(backups_dir(backend))
    temp = _copy(backend.database_path, folder)
    return _keep(temp, folder, reason, backend.clock.now())


def backup_if_due(backend: Backend, now: datetime | None = None) -> Path | None:
    """The scheduled backup: made when the newest scheduled one is about a day old and the data
    changed since the newest backup of any kind; returns its path, or None when none was due.

    Change detection is exact: a fresh copy is compared byte for byte with the newest backup (the
    backup API copies pages verbatim, so unchanged data gives an identical file; the copy is
    needed anyway when something changed). So that a caller may ask every hour, a connection kept
    open for the purpose remembers SQLite's data_version at the last comparison: while no
    connection committed since, nothing is copied again.
    """
    now = now or backend.clock.now()
    found = list_backups(backend)
    scheduled = [info for info in found if info.reason in SCHEDULED]
    if scheduled and now - scheduled[0].created_utc < SCHEDULE_EVERY - SCHEDULE_SLACK:
        return None
    watch = _watch(backend)
    version = watch.data_version()
    newest = found[0].path if found else None
    if newest is not None and watch.unchanged_since(version, newest):
        return None
    folder = _private_folder(backups_dir(backend))
    temp = _copy(backend.database_path, folder)
    if newest is not None and (_same_bytes(temp, newest) or _emptied(temp, found)):
        temp.unlink()
        watch.remember(version, newest)
        return None
    path = _keep(temp, folder, "daily", now)
    watch.remember(version, path)
    return path


def _emptied(copy: Path, found: list[BackupInfo]) -> bool:
    """A database that holds no records while a backup does: the scheduled backup must not
    let a copy of it (a lost or emptied file) rotate the backups with data away."""
    return not holds_records(copy) and any(holds_records(info.path) for info in found)


def backup_before_import(backend: Backend) -> Path | None:
    """A before-import backup when the database holds any row, settings included (an import
    replaces settings); None for an empty database, where there is nothing to lose."""
    for (table,) in backend.db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
        if backend.db.execute_sql(f'SELECT EXISTS (SELECT 1 FROM "{table}")').fetchone()[0]:
            return backup_now(backend, "before-import")
    return None


def _private_folder(folder: Path) -> Path:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)  # also when it existed, or a permissive umask widened it
    return folder


def _keep(temp: Path, folder: Path, reason: str, now: datetime) -> Path:
    """Verify the temporary copy, name it, and only then rotate older backups away."""
    try:
        problem = _verification_problem(temp)
        if problem is not None:
            raise BackupError(f"The new backup did not verify ({problem}); older backups were "
                              "kept.")
        path = _install(temp, folder, reason, now)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _rotate(folder, now)
    return path


def _install(temp: Path, folder: Path, reason: str, now: datetime) -> Path:
    stamp = now.astimezone(UTC).replace(microsecond=0)
    while (path := folder / f"followup-{stamp.strftime(STAMP)}-{reason}.sqlite3").exists():
        stamp += timedelta(seconds=1)  # two backups in one second: never overwrite one
    os.replace(temp, path)
    _sync_folder(folder)
    return path


# ---------------------------------------------------------------- listing and rotation

def list_backups(backend: Backend) -> list[BackupInfo]:
    """The backups in the data folder, newest first."""
    return _scan(backups_dir(backend))


def _scan(folder: Path) -> list[BackupInfo]:
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = NAME.fullmatch(path.name)
        if match is None or match[2] not in REASONS:
            continue
        try:
            size = path.stat().st_size
        except OSError:
            continue  # rotated away by another process meanwhile
        try:
            created = datetime.strptime(match[1], STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue  # a name that only looks like ours (month 13)
        found.append(BackupInfo(path, created, match[2], size, _header_version(path)))
    return sorted(found, key=lambda info: (info.created_utc, info.path.name), reverse=True)


def _rotate(folder: Path, now: datetime) -> None:
    """Delete what the rules no longer keep (see the module docstring); promote daily backups
    that move to the weekly tier. Only called after a new backup was verified."""
    found = _scan(folder)
    daily, weekly = _scheduled_keep([i for i in found if i.reason in SCHEDULED])
    keep = daily | weekly | _events_keep([i for i in found if i.reason in EVENTS], now)
    for info in found:
        if info.path not in keep:
            info.path.unlink(missing_ok=True)
        elif info.path in weekly and info.reason != "weekly":
            _promote(info)
    _remove_stale_temps(folder)


def _scheduled_keep(newest_first: list[BackupInfo]) -> tuple[set[Path], set[Path]]:
    daily: dict[date, Path] = {}
    weekly: dict[tuple[int, int], Path] = {}
    for info in newest_first:
        if len(daily) < DAILY_KEEP:
            daily.setdefault(info.day, info.path)
        elif info.day in daily:
            continue  # an older backup of the last day kept
        elif len(weekly) < WEEKLY_KEEP and info.week not in _weeks(daily):
            weekly.setdefault(info.week, info.path)
    return set(daily.values()), set(weekly.values())


def _weeks(days: Iterable[date]) -> set[tuple[int, int]]:
    """The ISO weeks the daily tier already represents: the weekly tier goes back further."""
    return {day.isocalendar()[:2] for day in days}


def _events_keep(newest_first: list[BackupInfo], now: datetime) -> set[Path]:
    keep: set[Path] = set()
    for reason in EVENTS:
        of_reason = [info for info in newest_first if info.reason == reason]
        keep |= {info.path for index, info in enumerate(of_reason)
                 if index < EVENT_KEEP_COUNT or now - info.created_utc < EVENT_KEEP_AGE}
    return keep


def _promote(info: BackupInfo) -> None:
    target = info.path.with_name(info.path.name.replace(f"-{info.reason}.", "-weekly."))
    if not target.exists():
        os.replace(info.path, target)


def _remove_stale_temps(folder: Path) -> None:
    """Temporary copies a crashed backup left behind (with their -journal or -wal)."""
    limit = datetime.now(UTC) - STALE_TEMP_AGE  # the file system's clock, not the app's
    for path in folder.glob(TEMP_PREFIX + "*"):
        try:
            if datetime.fromtimestamp(path.stat().st_mtime, UTC) < limit:
                path.unlink()
        except OSError:
            continue


# ---------------------------------------------------------------- verification and restore

def check_integrity(backend: Backend, full: bool = False) -> str | None:
    """None when SQLite finds the live database sound (quick_check, or integrity_check when
    `full`), else what it found."""
    problem, _ = _inspect(backend.database_path, "integrity_check" if full else "quick_check")
    return problem


def newest_good_backup(backend: Backend) -> BackupInfo | None:
    """The newest backup that still verifies now (a disk that damaged the database may have
    damaged backups too, so each candidate is checked again)."""
    return _best(list_backups(backend))


def _best(newest_first: list[BackupInfo]) -> BackupInfo | None:
    """The newest backup that verifies and holds records; else the newest that verifies."""
    good = [info for info in newest_first if _restore_problem(info.path) is None]
    return next((info for info in good if holds_records(info.path)), good[0] if good else None)


def restore(backend: Backend, path: Path) -> None:
    """Replace the live data with the backup at `path` (from the backups folder or anywhere).

    The file is copied to a private staging file and verified there first: what is verified is
    what gets restored. Then the current data is backed up (`before-restore`), and the staged
    copy is written INTO the open database through its own connection with the backup API: one
    write transaction, so every other connection sees the old data or the new, and SQLite bumps
    the schema cookie so their prepared statements are re-prepared. An older schema is upgraded.
    """
    path = Path(path)
    if backend.db.in_transaction():
        raise RuntimeError("restore() cannot run inside a transaction")
    _refuse_unusable(backend, path)
    folder = _private_folder(backups_dir(backend))
    page_size = backend.db.execute_sql("PRAGMA page_size").fetchone()[0]
    staged = _stage(path, folder, page_size)
    try:
        _save_current(backend, folder)
        with closing(_open_read_only(staged)) as source:
            source.backup(backend.db.connection(), progress=_bounded_wait(backend), sleep=0.05)
    finally:
        staged.unlink(missing_ok=True)
    schema.upgrade(backend.db)


def _bounded_wait(backend: Backend) -> Callable[[int, int, int], None]:
    """The backup API retries a held lock forever: give up after RESTORE_LOCK_WAIT_S (each
    step itself waits the connection's busy timeout), saying who holds it."""
    deadline = time.monotonic() + RESTORE_LOCK_WAIT_S

    def progress(status: int, _remaining: int, _total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and \
                time.monotonic() >= deadline:
            raise locked_error(backend.database_path)

    return progress


def _refuse_unusable(backend: Backend, path: Path) -> None:
    if not path.is_file():
        raise UserError(f"{path}: not a backup file (it does not exist or is not a file).")
    if path.resolve() == backend.database_path.resolve():
        raise UserError(f"{path} is the database in use; choose a backup to restore.")


def _stage(path: Path, folder: Path, page_size: int) -> Path:
    try:
        staged = _copy(path, folder)
    except BackupError as error:
        cause = error.__cause__
        if not isinstance(cause, sqlite3.Error):
            raise
        what = "is damaged or not a database" if \
            getattr(cause, "sqlite_errorname", "") in UNREADABLE else "cannot be restored"
        raise UserError(f"{path.name} {what} ({cause}); nothing was changed.") from error
    try:
        problem = _restore_problem(staged, name=path.name)
        if problem is None:
            _set_page_size(staged, page_size)
    except sqlite3.Error as error:
        problem = f"{path.name} cannot be restored ({error}); nothing was changed."
    if problem is not None:
        staged.unlink(missing_ok=True)
        raise UserError(problem)
    return staged


def _set_page_size(path: Path, page_size: int) -> None:
    """The backup API cannot change the page size of a WAL database: a file from another
    machine with other pages is rewritten to the live database's page size first."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        if conn.execute("PRAGMA page_size").fetchone()[0] != page_size:
            conn.execute(f"PRAGMA page_size = {int(page_size)}")
            conn.execute("VACUUM")


def _save_current(backend: Backend, folder: Path) -> None:
    """The before-restore backup. A damaged live database is still saved (as `-damaged`, kept
    and never offered) rather than refusing the restore that is meant to repair it."""
    now = backend.clock.now()
    temp = _copy(backend.database_path, folder)
    if _verification_problem(temp) is None:
        _keep(temp, folder, "before-restore", now)
    else:
        _install(temp, folder, DAMAGED, now)


# ---------------------------------------------------------------- change watch

def _watch(backend: Backend) -> ChangeWatch:
    if backend.change_watch is None:
        backend.change_watch = ChangeWatch(backend.database_path)
    return backend.change_watch


# ---------------------------------------------------------------- when the database won't open

def rescue_candidate(data_dir: Path) -> BackupInfo | None:
    """The newest backup that verifies, for a database so damaged that it cannot be opened
    (there is no Backend to call `newest_good_backup` on)."""
    return _best(_scan(data_dir / BACKUP_FOLDER))
