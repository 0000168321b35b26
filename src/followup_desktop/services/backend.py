"""The open data folder: database, clock and rules, handed to every use case."""

from __future__ import annotations

from pathlib import Path

from peewee import DatabaseError, SqliteDatabase, _atomic

from followup_desktop.domain.clock import Clock, SystemClock
from followup_desktop.domain.rules import Rules
from followup_desktop.services import backups, settings
from followup_desktop.services.errors import UserError
from followup_desktop.storage.database import DATABASE_FILE, open_database
from followup_desktop.storage.schema import SchemaTooNewError


class Backend:
    """Opening also notices an unclean end of an earlier session (`opened_after_crash`; then the
    database gets a quick_check at once, its finding in `integrity_problem`), and backs the
    database up before a schema upgrade. A clean start costs a directory listing and one small
    locked file, no integrity check.
    """

    def __init__(self, data_dir: Path, clock: Clock | None = None) -> None:
        self.data_dir = data_dir
        self.clock: Clock = clock or SystemClock()
        self.change_watch: backups.ChangeWatch | None = None
        stale = backups.stale_markers(data_dir) if data_dir.is_dir() else []
        self.db: SqliteDatabase = self._open()
        try:
            self._marker: backups.SessionMarker | None = backups.SessionMarker.create(data_dir)
        except OSError as error:
            self.db.close()
            raise UserError(f"Cannot write to the data folder {data_dir}: {error.strerror}.") \
                from error
        for marker in stale:  # only once this session's own marker stands in for them
            marker.unlink(missing_ok=True)
        self.opened_after_crash = bool(stale)
        self.integrity_problem: str | None = (
            backups.check_integrity(self) if self.opened_after_crash else None)

    def _open(self) -> SqliteDatabase:
        try:
            return open_database(self.database_path, before_upgrade=self._before_upgrade)
        except SchemaTooNewError as error:
            raise UserError(str(error)) from error
        except OSError as error:
            raise UserError(f"Cannot open the data folder {self.data_dir}: {error.strerror}.") \
                from error
        except DatabaseError as error:
            raise UserError(f"{self.database_path} is not a readable database "
                            f"({error}).") from error

    def _before_upgrade(self, found_version: int) -> None:
        """No upgrade without a verified copy of the older file: if it fails, nothing opens."""
        backups.backup_now(self, "before-upgrade")

    @property
    def database_path(self) -> Path:
        return self.data_dir / DATABASE_FILE

    def rules(self) -> Rules:
        return settings.rules_from(settings.load())

    def write(self) -> _atomic:
        """A write transaction that holds the lock from its first statement."""
        return self.db.atomic()

    def close(self) -> None:
        """Close cleanly: the watch connection first, so that the database's own close is the
        last one and checkpoints the WAL away; the session marker last."""
        if self.change_watch is not None:
            self.change_watch.close()
            self.change_watch = None
        self.db.close()
        if self._marker is not None:
            self._marker.remove()
            self._marker = None

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
