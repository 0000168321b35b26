"""The open data folder: database, clock and rules, handed to every use case."""

from __future__ import annotations

from pathlib import Path

from peewee import DatabaseError, SqliteDatabase, _atomic

from followup_desktop.domain.clock import Clock, SystemClock
from followup_desktop.domain.rules import Rules
from followup_desktop.services import settings
from followup_desktop.services.errors import UserError
from followup_desktop.storage.database import DATABASE_FILE, open_database
from followup_desktop.storage.schema import SchemaTooNewError


class Backend:
    def __init__(self, data_dir: Path, clock: Clock | None = None) -> None:
        self.data_dir = data_dir
        self.clock: Clock = clock or SystemClock()
        try:
            self.db: SqliteDatabase = open_database(data_dir / DATABASE_FILE)
        except SchemaTooNewError as error:
            raise UserError(str(error)) from error
        except OSError as error:
            raise UserError(f"Cannot open the data folder {data_dir}: {error.strerror}.") \
                from error
        except DatabaseError as error:
            raise UserError(f"{data_dir / DATABASE_FILE} is not a readable database "
                            f"({error}).") from error

    @property
    def database_path(self) -> Path:
        return self.data_dir / DATABASE_FILE

    def rules(self) -> Rules:
        return settings.rules_from(settings.load())

    def write(self) -> _atomic:
        """A write transaction that holds the lock from its first statement."""
        return self.db.atomic()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
