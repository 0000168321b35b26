"""The open data folder: database, clock and rules, handed to every use case."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from pathlib import Path

from peewee import DatabaseError, SqliteDatabase, _atomic

from followup_desktop.domain.clock import Clock, SystemClock
from followup_desktop.domain.rules import Rules
from followup_desktop.services import settings
from followup_desktop.services.errors import RESTORE_HINT, DamagedError, UserError, expected
from followup_desktop.services.safekeeping import backups, sessions
from followup_desktop.storage import checks, locks
from followup_desktop.storage.database import open_database
from followup_desktop.storage.files import DATABASE_FILE
from followup_desktop.storage.schema import SchemaTooNewError


class Backend:
    """Opening first checks the files before SQLite reads them (storage/checks.py: the header,
    the size, whose WAL it is; a WAL copied in from another database is set aside, and said in
    `start_notes`), then notices an unclean end of an earlier session (`opened_after_crash`).
    A quick_check runs after a crash, or at every start while the file is small enough for it
    to be cheap (`checks.QUICK_CHECK_MAX_BYTES`); its finding is in `integrity_problem`. The
    database is backed up before a schema upgrade. A damaged or empty file raises DamagedError
    (a UserError): nothing is created over it.
    """

    def __init__(self, data_dir: Path, clock: Clock | None = None) -> None:
        self.data_dir = data_dir
        self.clock: Clock = clock or SystemClock()
        self.change_watch: backups.ChangeWatch | None = None
        self.start_notes: list[str] = []
        self._wal_recorded = False
        stale = sessions.stale_markers(data_dir) if data_dir.is_dir() else []
        self._check_files(stale)
        self.db: SqliteDatabase = self._open()
        try:
            self._marker: sessions.SessionMarker | None = sessions.SessionMarker.create(data_dir)
        except OSError as error:
            self.db.close()
            raise UserError(f"Cannot write to the data folder {data_dir}: {error.strerror}.") \
                from error
        for marker in stale:  # only once this session's own marker stands in for them
            marker.unlink(missing_ok=True)
        self._record_wal()
        self.opened_after_crash = bool(stale)
        self.integrity_problem: str | None = None
        if self.opened_after_crash or self._small():
            self.integrity_problem = backups.check_integrity(self)

    def _check_files(self, stale: list[Path]) -> None:
        """Before SQLite reads anything: refuse a damaged or empty file, set a foreign WAL
        aside (kept in the backups folder, never replayed)."""
        path = self.database_path
        expect_data = bool(backups.list_backups(self)) or bool(stale)
        problem = checks.database_problem(path, expect_data)
        if problem is not None:
            raise DamagedError(f"The database {path} {problem}; nothing was changed. "
                               f"{RESTORE_HINT[0].upper()}{RESTORE_HINT[1:]}.")
        if sessions.wal_verdict(self.data_dir, path, stale) != "foreign":
            return
        stamp = self.clock.now().astimezone(UTC).strftime(backups.STAMP)
        try:
            kept = sessions.set_aside_wal(path, backups.backups_dir(self), stamp)
        except OSError as error:
            raise UserError(f"{checks.wal_path(path)} belongs to another database and cannot "
                            f"be moved aside ({error.strerror}); nothing was changed.") \
                from error
        self.start_notes.append(
            f"The file {checks.wal_path(path).name} in the data folder did not belong to this "
            f"database (it was copied from another one, or from another time), so it was not "
            f"read: it was moved to {kept}. Your data is as it was before that file appeared.")

    def _small(self) -> bool:
        try:
            size = self.database_path.stat().st_size
            wal = checks.wal_path(self.database_path)
            size += wal.stat().st_size if wal.exists() else 0
        except OSError:
            return False
        return size <= checks.QUICK_CHECK_MAX_BYTES

    def _record_wal(self) -> None:
        """Keep this database's WAL identity in the session marker once there is a WAL."""
        if self._wal_recorded or self._marker is None:
            return
        header = checks.read_wal_header(self.database_path)
        if header is not None:
            self._marker.record_wal(header.identity)
            self._wal_recorded = True

    def _open(self) -> SqliteDatabase:
        try:
            return open_database(self.database_path, before_upgrade=self._before_upgrade)
        except SchemaTooNewError as error:
            raise UserError(str(error)) from error
        except OSError as error:
            raise UserError(f"Cannot open the data folder {self.data_dir}: {error.strerror}.") \
                from error
        except DatabaseError as error:
            known = expected(error, self.database_path)  # a held lock or a full disk
            if known is not None and not isinstance(known, DamagedError):
                raise known from error
            raise DamagedError(f"{self.database_path} is not a readable database "
                               f"({error}); {RESTORE_HINT}.") from error

    def _before_upgrade(self, found_version: int) -> None:
        """No upgrade without a verified copy of the older file: if it fails, nothing opens."""
        backups.backup_now(self, "before-upgrade")

    @property
    def database_path(self) -> Path:
        return self.data_dir / DATABASE_FILE

    def connection(self) -> sqlite3.Connection:
        """This thread's connection: plain SQL reads (the due list) share it with the ORM."""
        return self.db.connection()

    def rules(self) -> Rules:
        return settings.rules_from(settings.load())

    @contextmanager
    def write(self) -> Iterator[_atomic]:
        """A write transaction that holds the lock from its first statement."""
        with self.db.atomic() as transaction:
            yield transaction
        if not self._wal_recorded:  # the session's first write made the WAL
            self._record_wal()

    def close(self) -> None:
        """Close cleanly: the watch connection first, so that the database's own close is the
        last one and checkpoints the WAL away; the session marker last."""
        if self.change_watch is not None:
            self.change_watch.close()
            self.change_watch = None
        self.db.close()
        if self._marker is not None:
            if self._wal_left_behind():
                self._marker.leave()  # the next start replays the WAL as this database's
            else:
                self._marker.remove()
            self._marker = None

    def _wal_left_behind(self) -> bool:
        """The WAL is still there with no one else to check it in (a full disk stopped the
        checkpoint): not when another session of ours or another program has it open."""
        if checks.read_wal_header(self.database_path) is None:
            return False
        others = [m for m in sessions.live_markers(self.data_dir)
                  if self._marker is None or m != self._marker.path]
        return not others and not locks.users(self.database_path)

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
