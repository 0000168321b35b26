"""Putting the newest good backup in place of a database that cannot be opened at all (there is
no Backend to restore into): the app's start offers it, see app.py."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from followup_desktop.services.safekeeping.backups import (
    BACKUP_FOLDER,
    DAMAGED,
    STAMP,
    BackupError,
    BackupInfo,
    _private_folder,
    _restore_problem,
)
from followup_desktop.storage.files import DATABASE_FILE
from followup_desktop.system.private_files import new_private_file


def rescue(data_dir: Path, info: BackupInfo, now: datetime) -> Path:
    """Put the backup in place of a database that cannot be opened. The damaged file (and its
    -wal and -shm) is moved into the backups folder as `-damaged`: kept, never offered. Returns
    where it went. A backup is one self-contained file, so a verified copy is enough; opening
    it next upgrades it if it is older."""
    folder = _private_folder(data_dir / BACKUP_FOLDER)
    live = data_dir / DATABASE_FILE
    kept = folder / f"followup-{now.astimezone(UTC).strftime(STAMP)}-{DAMAGED}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        part = live.with_name(live.name + suffix)
        if part.exists():
            os.replace(part, kept.with_name(kept.name + suffix))
    fd, temp = new_private_file(data_dir, ".rescue-", ".sqlite3")
    with os.fdopen(fd, "wb") as target, info.path.open("rb") as source:
        shutil.copyfileobj(source, target)
        target.flush()
        os.fsync(target.fileno())
    problem = _restore_problem(temp)
    if problem is not None:
        temp.unlink(missing_ok=True)
        raise BackupError(problem)
    os.replace(temp, live)
    return kept
