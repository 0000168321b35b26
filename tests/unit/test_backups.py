"""Backups, rotation, restore, integrity and crash detection (services.backups), on real SQLite
files in a temporary folder with a fixed clock."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from test_storage import make_v1_database

from followup_desktop.domain.clock import FixedClock
from followup_desktop.services import settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.exchange.transfer import exporting, importing
from followup_desktop.services.safekeeping import backups
from followup_desktop.services.safekeeping.backups import (
    BackupError,
    backup_if_due,
    backup_now,
    check_integrity,
    list_backups,
    newest_good_backup,
    restore,
)
from followup_desktop.storage import schema
from followup_desktop.storage.models import Company
from helpers.backends import START, clock_of, db_file, make_backend, row_counts, table_rows

NAME = re.compile(r"followup-\d{8}T\d{6}Z-[a-z-]+\.sqlite3")
PAGE = 4096


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def change(backend: Backend, label: str, notes: str = "") -> None:
    with backend.write():
        Company.create(name=label, reach_notes=notes, created_utc=backend.clock.now())


def names(backend: Backend) -> set[str]:
    return {path.name for path in backups.backups_dir(backend).iterdir()}


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    old = os.umask(0)
    yield
    os.umask(old)


# --- making backups -----------------------------------------------------------------------------

def test_a_backup_is_a_verified_private_self_contained_copy(backend: Backend,
                                                            permissive_umask: None) -> None:
    change(backend, "Acme")
    path = backup_now(backend, "manual")
    assert NAME.fullmatch(path.name) and path.name == "followup-20260309T080000Z-manual.sqlite3"
    assert mode(path.parent) == 0o700 and mode(path) == 0o600
    assert names(backend) == {path.name}  # no temporary file, no -wal or -journal beside it
    assert path.read_bytes()[18:20] == b"\x01\x01"  # rollback-journal mode: one file
    assert table_rows(path) == table_rows(db_file(backend.data_dir))
    [info] = list_backups(backend)
    assert (info.path, info.reason, info.created_utc) == (path, "manual", START)
    assert info.size == path.stat().st_size and info.schema_version == schema.LATEST_VERSION


def test_an_existing_backups_folder_is_made_private(backend: Backend) -> None:
    folder = backups.backups_dir(backend)
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    backup_now(backend, "manual")
    assert mode(folder) == 0o700


def test_two_backups_in_one_second_are_both_kept(backend: Backend) -> None:
    first = backup_now(backend, "manual")
    change(backend, "Acme")
    second = backup_now(backend, "manual")
    assert first != second and first.exists() and second.exists()
    assert [info.path for info in list_backups(backend)] == [second, first]
    assert row_counts(second)["company"] == 1 and row_counts(first)["company"] == 0


def test_unknown_reason_is_a_programming_error(backend: Backend) -> None:
    with pytest.raises(ValueError, match="reason"):
        backup_now(backend, "hourly")


# --- scheduled backups: change detection --------------------------------------------------------

def test_scheduled_backup_only_when_a_day_old_and_data_changed(backend: Backend,
                                                               monkeypatch) -> None:
    clock = clock_of(backend)
    copies = []
    real_copy = backups._copy
    monkeypatch.setattr(backups, "_copy", lambda *a: copies.append(a) or real_copy(*a))
    first = backup_if_due(backend)
    assert first is not None and first.name.endswith("-daily.sqlite3")
    clock.advance(timedelta(hours=19))
    change(backend, "Acme")
    assert backup_if_due(backend) is None  # not yet: less than a day (minus the slack)
    clock.advance(timedelta(hours=2))
    second = backup_if_due(backend)
    assert second is not None and row_counts(second)["company"] == 1

    clock.advance(timedelta(days=1))
    assert backup_if_due(backend) is None  # nothing committed since: not even copied
    clock.advance(timedelta(days=1))
    assert backup_if_due(backend) is None
    assert len(copies) == 2
    assert [info.path for info in list_backups(backend)] == [second, first]

    change(backend, "Globex")
    third = backup_if_due(backend)
    assert third is not None and row_counts(third)["company"] == 2


def test_unchanged_data_is_recognised_after_a_restart(tmp_path: Path) -> None:
    with make_backend(tmp_path / "data") as backend:
        change(backend, "Acme")
        made = backup_if_due(backend)
    later = FixedClock(START + timedelta(days=3))
    with Backend(tmp_path / "data", clock=later) as backend:  # reopened: WAL checkpointed
        assert backup_if_due(backend) is None
        assert [info.path for info in list_backups(backend)] == [made]
        change(backend, "Globex")
        assert backup_if_due(backend) is not None


def test_the_newest_backup_of_any_kind_counts_as_unchanged(backend: Backend) -> None:
    change(backend, "Acme")
    manual = backup_now(backend, "manual")
    clock_of(backend).advance(timedelta(minutes=5))
    assert backup_if_due(backend) is None  # no scheduled backup yet, but nothing new to keep
    assert [info.path for info in list_backups(backend)] == [manual]


def test_a_slightly_early_start_the_next_morning_still_gets_its_backup(backend: Backend) -> None:
    assert backup_if_due(backend) is not None
    clock_of(backend).advance(timedelta(hours=21))  # yesterday 09:00, today 06:00
    change(backend, "Acme")
    assert backup_if_due(backend) is not None


# --- rotation -----------------------------------------------------------------------------------

def test_sixty_days_of_changes_keep_seven_daily_and_four_weekly(backend: Backend) -> None:
    clock = clock_of(backend)
    manual_days = range(0, 60, 5)
    for day in range(60):  # Mon 9 March .. Thu 7 May 2026, at varying times of day
        clock.set(START + timedelta(days=day, minutes=(37 * day) % 180))
        change(backend, f"day {day}")
        assert backup_if_due(backend) is not None, day
        if day in manual_days:
            backup_now(backend, "manual")
    clock.advance(timedelta(hours=2))  # a second scheduled backup on the last day
    change(backend, "evening")
    last = backup_now(backend, "daily")

    found = list_backups(backend)
    daily = [info for info in found if info.reason == "daily"]
    weekly = [info for info in found if info.reason == "weekly"]
    assert [info.day for info in daily] == [date(2026, 5, d) for d in range(7, 0, -1)]
    assert daily[0].path == last  # the newest of its day; the morning one went
    # ISO weeks 19 and 18 are the daily tier's; then the Sundays of weeks 17, 16, 15, 14.
    assert [info.day for info in weekly] == [date(2026, 4, 26), date(2026, 4, 19),
                                             date(2026, 4, 12), date(2026, 4, 5)]
    for info in daily[1:] + weekly:  # each holds the data of its own day
        day = (info.day - START.date()).days
        assert row_counts(info.path)["company"] == day + 1, info.path.name
    # Manual backups: those of the last 30 days (days 30..55), more than the 5 newest.
    manual = [info.day for info in found if info.reason == "manual"]
    assert manual == [(START + timedelta(days=d)).date() for d in (55, 50, 45, 40, 35, 30)]
    assert len(found) == 7 + 4 + 6
    assert all(NAME.fullmatch(info.path.name) for info in found)


def test_old_event_backups_keep_the_five_newest(backend: Backend) -> None:
    clock = clock_of(backend)
    made = []
    for n in range(7):
        change(backend, f"import {n}")
        made.append(backup_now(backend, "before-import"))
        clock.advance(timedelta(days=1))
    assert [info.path for info in list_backups(backend)] == made[::-1]  # all younger than 30 d
    clock.advance(timedelta(days=60))
    newest = backup_now(backend, "before-restore")
    assert [info.path for info in list_backups(backend)] == [newest, *made[:1:-1]]


def test_a_damaged_new_backup_rotates_nothing_away(backend: Backend, monkeypatch) -> None:
    clock = clock_of(backend)
    for n in range(6):
        change(backend, f"import {n}")
        backup_now(backend, "before-import")
    clock.advance(timedelta(days=40))  # the oldest before-import is due to go
    before = names(backend)

    real_copy = backups._copy

    def torn_copy(source: Path, folder: Path) -> Path:
        temp = real_copy(source, folder)
        data = bytearray(temp.read_bytes())
        data[PAGE:len(data) - PAGE] = os.urandom(len(data) - 2 * PAGE)  # garbage mid-file
        temp.write_bytes(bytes(data))
        return temp

    change(backend, "Acme")
    monkeypatch.setattr(backups, "_copy", torn_copy)
    with pytest.raises(BackupError, match="did not verify"):
        backup_now(backend, "before-import")
    with pytest.raises(BackupError, match="did not verify"):
        backup_if_due(backend)
    assert names(backend) == before  # nothing rotated, no temporary file left

    monkeypatch.setattr(backups, "_verification_problem", lambda path: "simulated")
    with pytest.raises(BackupError, match="simulated"):
        backup_now(backend, "manual")
    assert names(backend) == before

    monkeypatch.undo()
    made = backup_now(backend, "before-import")  # the five newest stay, itself included
    assert names(backend) == (before - set(sorted(before)[:2])) | {made.name}


def test_temporary_files_left_by_a_crash_are_cleaned_up_later(backend: Backend) -> None:
    folder = backups.backups_dir(backend)
    folder.mkdir(mode=0o700)
    old = folder / ".incoming-crashed.sqlite3"
    fresh = folder / ".incoming-in-progress.sqlite3"
    for path in (old, fresh):
        path.write_bytes(b"half a backup")
    two_hours_ago = datetime.now().timestamp() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    backup_now(backend, "manual")
    assert not old.exists() and fresh.exists()  # another process may be writing that one


# --- restore ------------------------------------------------------------------------------------

def test_restore_round_trip(backend: Backend) -> None:
    live = db_file(backend.data_dir)
    change(backend, "Acme")
    saved = backup_now(backend, "manual")
    expected = table_rows(live)
    clock_of(backend).advance(timedelta(hours=2))
    change(backend, "Globex")
    with backend.write():
        Company.delete().where(Company.name == "Acme").execute()
        settings.save("sender_name", "Changed")
    changed = table_rows(live)
    with closing(sqlite3.connect(live)) as other:  # opened before, reads after
        assert other.execute("SELECT name FROM company").fetchall() == [("Globex",)]

        restore(backend, saved)

        assert other.execute("SELECT name FROM company").fetchall() == [("Acme",)]
    assert table_rows(live) == expected
    assert [c.name for c in Company.select()] == ["Acme"]  # peewee's own connection too
    assert backend.db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    [before_restore] = [i for i in list_backups(backend) if i.reason == "before-restore"]
    assert table_rows(before_restore.path) == changed
    change(backend, "After")  # the connection goes on working
    assert row_counts(live)["company"] == 2


def test_restore_from_a_file_outside_the_backups_folder(tmp_path: Path) -> None:
    with make_backend(tmp_path / "other machine") as other:
        change(other, "From elsewhere")
    elsewhere = tmp_path / "copy.sqlite3"  # the other machine's database itself, in WAL mode
    shutil.copy(db_file(tmp_path / "other machine"), elsewhere)
    with make_backend(tmp_path / "data") as backend:
        change(backend, "Here")
        restore(backend, elsewhere)
        assert [c.name for c in Company.select()] == ["From elsewhere"]


def test_restore_of_another_page_size(backend: Backend, tmp_path: Path) -> None:
    small = tmp_path / "small pages.sqlite3"
    shutil.copy(backup_now(backend, "manual"), small)
    with closing(sqlite3.connect(small)) as conn:
        conn.execute("PRAGMA page_size = 1024")
        conn.execute("VACUUM")
        conn.execute("INSERT INTO company (name, created_utc) VALUES ('Small', '2026-01-01')")
        conn.commit()
        assert conn.execute("PRAGMA page_size").fetchone()[0] == 1024
    restore(backend, small)  # the backup API alone cannot change a WAL database's page size
    assert [c.name for c in Company.select()] == ["Small"]
    assert backend.db.execute_sql("PRAGMA page_size").fetchone()[0] == PAGE


def test_restore_of_an_older_version_upgrades_it(backend: Backend, tmp_path: Path) -> None:
    old = tmp_path / "v1.sqlite3"
    make_v1_database(old)
    restore(backend, old)
    assert backend.db.execute_sql("PRAGMA user_version").fetchone()[0] == schema.LATEST_VERSION
    assert [c.name for c in Company.select()] == ["Acme"]
    assert row_counts(db_file(backend.data_dir))["status_change"] == 2  # the v2 backfill ran


def _garbage(path: Path, good: Path) -> None:
    path.write_bytes(os.urandom(20_000))


def _truncated(path: Path, good: Path) -> None:
    data = good.read_bytes()
    path.write_bytes(data[:len(data) // 2 + 100])


def _newer(path: Path, good: Path) -> None:
    shutil.copy(good, path)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(f"PRAGMA user_version = {schema.LATEST_VERSION + 1}")
        conn.commit()


def _not_ours(path: Path, good: Path) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY, jpeg BLOB)")
        conn.execute("PRAGMA user_version = 1")
        conn.commit()


def _damaged(path: Path, good: Path) -> None:
    """Garbage over the company table's root page: random pages in the middle could be free
    ones, which quick_check rightly does not read, and the test would pass by luck."""
    with closing(sqlite3.connect(f"file:{good}?mode=ro", uri=True)) as db:
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'company'").fetchone()
    data = bytearray(good.read_bytes())
    start = (root[0] - 1) * PAGE
    data[start:start + PAGE] = bytes(range(256)) * (PAGE // 256)
    path.write_bytes(bytes(data))


def _folder(path: Path, good: Path) -> None:
    path.mkdir()


def _empty(path: Path, good: Path) -> None:
    path.write_bytes(b"")


@pytest.mark.parametrize(("make", "message"), [
    (_garbage, r"damaged or not a database \(file is not a database\)"),
    (_truncated, r"damaged or not a database"),
    (_newer, rf"newer version of the app \(schema {schema.LATEST_VERSION + 1}"),
    (_not_ours, r"not a Follow-up database"),
    (_damaged, r"damaged or not a database"),
    (_folder, r"not a backup file"),
    (_empty, r"not a Follow-up database"),
], ids=lambda value: getattr(value, "__name__", "")[1:])
def test_restore_refuses_an_unusable_file_and_changes_nothing(backend: Backend, tmp_path: Path,
                                                              make, message: str) -> None:
    for n in range(40):  # several pages, so that damage can be in the middle
        change(backend, f"Company {n}", notes="x" * 500)
    good = backup_now(backend, "manual")
    change(backend, "Newer than the backup")
    bad = tmp_path / "bad.sqlite3"
    make(bad, good)
    live = db_file(backend.data_dir)
    rows, files = table_rows(live), names(backend)
    with pytest.raises(UserError, match=message) as refused:
        restore(backend, bad)
    assert "\n" not in str(refused.value) and str(refused.value).endswith(".")
    assert table_rows(live) == rows
    assert names(backend) == files  # no before-restore backup, no staging file left


def test_restore_refuses_the_live_database_itself(backend: Backend) -> None:
    with pytest.raises(UserError, match="database in use"):
        restore(backend, db_file(backend.data_dir))


def test_restore_refuses_a_missing_file(backend: Backend, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        restore(backend, tmp_path / "nowhere.sqlite3")


# --- before an import and before a schema upgrade -----------------------------------------------

@pytest.fixture
def export(tmp_path: Path) -> Path:
    """An export with one company. Made before the target opens: the models are bound to the
    database opened last."""
    with make_backend(tmp_path / "source") as source:
        change(source, "Imported Inc")
        exporting.export_file(source, tmp_path / "export.json")
    return tmp_path / "export.json"


def test_an_import_backs_up_a_database_that_holds_anything(export: Path, tmp_path: Path) -> None:
    with make_backend(tmp_path / "data") as backend:
        before = table_rows(db_file(backend.data_dir))  # only the time-zone setting
        importing.import_file(backend, export)
        [info] = list_backups(backend)
        assert info.reason == "before-import" and table_rows(info.path) == before


def test_an_import_into_an_empty_database_needs_no_backup(export: Path, tmp_path: Path) -> None:
    with Backend(tmp_path / "empty", clock=FixedClock(START)) as empty:
        importing.import_file(empty, export)
        assert list_backups(empty) == []
        assert [c.name for c in Company.select()] == ["Imported Inc"]


def test_a_refused_import_file_makes_no_backup(backend: Backend, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "something else"}), encoding="utf-8")
    with pytest.raises(UserError):
        importing.import_file(backend, bad)
    assert list_backups(backend) == []


def test_a_schema_upgrade_is_preceded_by_a_backup(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    make_v1_database(db_file(data_dir))
    v1_rows = table_rows(db_file(data_dir))
    with Backend(data_dir, clock=FixedClock(START)) as backend:
        [info] = list_backups(backend)
        assert info.reason == "before-upgrade" and info.schema_version == 1
        assert table_rows(info.path) == v1_rows
        assert backend.db.execute_sql("PRAGMA user_version").fetchone()[0] == schema.LATEST_VERSION
    with Backend(data_dir, clock=FixedClock(START)) as backend:  # already upgraded: no more
        assert len(list_backups(backend)) == 1
    with Backend(tmp_path / "new", clock=FixedClock(START)) as backend:  # version 0: nothing
        assert list_backups(backend) == []


def test_no_upgrade_without_its_backup(tmp_path: Path, monkeypatch) -> None:
    data_dir = tmp_path / "data"
    make_v1_database(db_file(data_dir))
    original = db_file(data_dir).read_bytes()

    def disk_full(source: Path, folder: Path) -> Path:
        raise BackupError("The backup of followup.sqlite3 could not be written (disk full).")

    monkeypatch.setattr(backups, "_copy", disk_full)
    with pytest.raises(UserError, match="disk full"):
        Backend(data_dir, clock=FixedClock(START))
    assert db_file(data_dir).read_bytes() == original
    assert list(data_dir.glob(".open-*")) == []


# --- unclean shutdown and damage ----------------------------------------------------------------

def test_a_clean_close_is_not_taken_for_a_crash(tmp_path: Path, monkeypatch) -> None:
    from followup_desktop.storage import checks

    # A database above the size a quick_check is cheap for is checked only after a crash.
    monkeypatch.setattr(checks, "QUICK_CHECK_MAX_BYTES", 0)
    monkeypatch.setattr(backups, "check_integrity", lambda *a: pytest.fail("checked"))
    data_dir = tmp_path / "data"
    with Backend(data_dir) as first:
        assert not first.opened_after_crash and first.integrity_problem is None
        assert len(list(data_dir.glob(".open-*"))) == 1
        with Backend(data_dir) as second:  # e.g. the command line while the window is open
            assert not second.opened_after_crash
        assert len(list(data_dir.glob(".open-*"))) == 1  # the first one's marker stays
    assert list(data_dir.glob(".open-*")) == []
    with Backend(data_dir) as again:
        assert not again.opened_after_crash


def test_a_crashed_process_is_noticed_at_the_next_open(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    crash = ("import os, sys; from pathlib import Path; "
             "from followup_desktop.services.backend import Backend; "
             "Backend(Path(sys.argv[1])); os._exit(9)")
    result = subprocess.run([sys.executable, "-c", crash, str(data_dir)], check=False)
    assert result.returncode == 9
    assert len(list(data_dir.glob(".open-*"))) == 1
    with Backend(data_dir) as backend:
        assert backend.opened_after_crash and backend.integrity_problem is None
        assert len(list(data_dir.glob(".open-*"))) == 1  # its own; the stale one is gone
    with Backend(data_dir) as backend:
        assert not backend.opened_after_crash


def test_a_damaged_database_is_reported_and_the_newest_good_backup_found(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with make_backend(data_dir) as backend:
        clock = clock_of(backend)
        for n in range(3):
            for m in range(60):
                change(backend, f"Company {n}.{m}", notes="x" * 500)
            backup_now(backend, "manual")
            clock.advance(timedelta(days=1))
        newest, older = list_backups(backend)[:2]
        good_rows = table_rows(older.path)
    _damaged(db_file(data_dir), db_file(data_dir))  # the WAL was checkpointed at close
    _damaged(newest.path, newest.path)  # the same disk may have hurt a backup too
    (data_dir / ".open-left-by-a-crash").touch()

    with Backend(data_dir, clock=FixedClock(START + timedelta(days=5))) as backend:
        assert backend.opened_after_crash
        assert backend.integrity_problem is not None
        assert check_integrity(backend) == backend.integrity_problem
        assert check_integrity(backend, full=True) is not None
        good = newest_good_backup(backend)
        assert good is not None and good.path == older.path

        restore(backend, good.path)
        assert check_integrity(backend, full=True) is None
        assert table_rows(db_file(data_dir)) == good_rows
        # The damaged database was kept for salvage, but is not offered as a backup.
        assert [p.name for p in backups.backups_dir(backend).glob("*-damaged.sqlite3")]
        assert all(info.reason != "before-restore" for info in list_backups(backend))


def test_no_good_backup(backend: Backend) -> None:
    assert newest_good_backup(backend) is None
    path = backup_now(backend, "manual")
    path.write_bytes(b"gone bad")
    assert newest_good_backup(backend) is None
    assert check_integrity(backend) is None


def test_a_database_that_cannot_be_opened_is_rescued_from_the_newest_good_backup(
        tmp_path: Path) -> None:
    from followup_desktop.services.safekeeping.backups import rescue_candidate
    from followup_desktop.services.safekeeping.rescue import rescue

    data_dir = tmp_path / "data"
    with make_backend(data_dir) as backend:
        change(backend, "Kept Ltd")
        backup_now(backend, "manual")
        good_rows = table_rows(list_backups(backend)[0].path)
    db_file(data_dir).write_bytes(b"\x00" * 8192)  # page 1 gone: the file cannot be opened
    with pytest.raises(UserError):
        Backend(data_dir)
    good = rescue_candidate(data_dir)
    assert good is not None
    kept = rescue(data_dir, good, START)
    assert kept.read_bytes() == b"\x00" * 8192 and kept.stat().st_mode & 0o077 == 0
    assert table_rows(db_file(data_dir)) == good_rows
    with Backend(data_dir) as backend:
        assert check_integrity(backend, full=True) is None
        assert all(info.reason != "damaged" for info in list_backups(backend))
