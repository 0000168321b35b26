"""The checks before the database opens, the error taxonomy and owner-only files, on real files
(docs/reliability.md)."""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from followup_desktop.services import errorlog
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import DamagedError, DiskFullError, expected
from followup_desktop.services.safekeeping import backups
from followup_desktop.storage import checks
from followup_desktop.storage.checks import WalIdentity
from followup_desktop.system.private_files import write_private
from helpers.backends import START, clock_of, db_file, make_backend


def test_a_wal_identity_continues_only_through_restarts() -> None:
    recorded = WalIdentity(3, 1000, 77)
    assert WalIdentity(3, 1000, 77).continues(recorded)
    assert WalIdentity(5, 1002, 12345).continues(recorded)  # restarted twice
    assert not WalIdentity(3, 1000, 78).continues(recorded)  # another WAL, same moment
    assert not WalIdentity(5, 1003, 1).continues(recorded)
    assert not WalIdentity(0, 42, 7).continues(recorded)  # a new WAL of another database
    assert WalIdentity(0, 0, 5).continues(WalIdentity(2**32 - 1, 2**32 - 1, 9))  # wraps


def test_a_database_cut_short_is_refused(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    make_backend(data_dir).close()
    path = db_file(data_dir)
    with sqlite3.connect(path) as conn:  # pages on disk, then the file loses its tail
        conn.execute("CREATE TABLE filler (x)")
        conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 900,)] * 200)
    conn.close()
    size = path.stat().st_size
    os.truncate(path, size - 8192)
    assert "cut short" in (checks.database_problem(path, expect_data=True) or "")
    with pytest.raises(DamagedError, match="cut short"):
        Backend(data_dir)


def test_a_file_that_is_no_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    db_file(data_dir).write_bytes(b"not a database at all" * 10)
    with pytest.raises(DamagedError, match="not a SQLite database"):
        Backend(data_dir)
    assert db_file(data_dir).read_bytes() == b"not a database at all" * 10


def test_a_zero_byte_file_without_backups_is_a_new_database(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    db_file(data_dir).write_bytes(b"")  # a first start that died before SQLite wrote
    Backend(data_dir).close()
    assert db_file(data_dir).stat().st_size > 0


def test_an_emptied_database_never_displaces_the_backups_with_data(tmp_path: Path) -> None:

    backend = make_backend(tmp_path / "data")
    with backend.write():
        backend.db.execute_sql("INSERT INTO company (name, created_utc) VALUES "
                               "('Acme', '2026-03-09T08:00:00Z')")
    good = backups.backup_if_due(backend)
    assert good is not None
    with backend.write():
        backend.db.execute_sql("DELETE FROM company")
    for _ in range(10):  # ten days of an empty database
        clock_of(backend).advance(timedelta(days=1))
        assert backups.backup_if_due(backend) is None
    assert good.exists()
    assert backups.newest_good_backup(backend).path == good
    backend.close()


def test_a_disk_full_is_found_behind_a_failed_rollback() -> None:
    """What SQLite and peewee raise on a full disk mid-transaction: the first cause is told."""
    try:
        try:
            try:
                raise sqlite3.OperationalError("database or disk is full")
            except sqlite3.OperationalError:
                raise sqlite3.OperationalError("no such savepoint: s1") from None
        except sqlite3.OperationalError as second:
            raise sqlite3.OperationalError("cannot rollback - no transaction is active") \
                from second
    except sqlite3.OperationalError as error:
        assert isinstance(expected(error), DiskFullError)
    chained = sqlite3.OperationalError("cannot rollback")
    chained.__context__ = OSError(errno.ENOSPC, "No space left on device")
    assert isinstance(expected(chained), DiskFullError)
    assert expected(KeyError("a bug")) is None


def test_a_bug_is_logged_with_its_traceback_owner_only(tmp_path: Path) -> None:
    try:
        raise KeyError("surprise")
    except KeyError as error:
        message = errorlog.describe(error, tmp_path)
    log = errorlog.log_path(tmp_path)
    assert str(log) in message and "bug" in message
    assert "Traceback" in log.read_text(encoding="utf-8")
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700


def test_a_fault_at_quit_is_told_at_the_next_start(tmp_path: Path) -> None:
    errorlog.log_fault(tmp_path, "The backup at quit failed: the disk is full.",
                       tell_next_start=True)
    notices = errorlog.take_notices(tmp_path)
    assert len(notices) == 1 and "the disk is full" in notices[0]
    assert errorlog.take_notices(tmp_path) == []  # told once


def test_files_are_written_owner_only_whatever_the_umask_or_a_stale_part(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    stale = tmp_path / "out.json.part"
    stale.write_bytes(b"old")
    stale.chmod(0o666)
    old = os.umask(0)
    try:
        write_private(target, b"{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "out.json.part"]


def test_an_existing_data_folder_is_made_owner_only(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    Backend(data_dir).close()
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700


def test_start_checks_cost(tmp_path: Path) -> None:
    """The header and WAL checks read a few hundred bytes: well under a millisecond."""
    import time

    backend = make_backend(tmp_path / "data", START)
    backend.close()
    started = time.perf_counter()
    for _ in range(100):
        checks.database_problem(backend.database_path, True)
        checks.read_wal_header(backend.database_path)
    assert (time.perf_counter() - started) / 100 < 0.002
