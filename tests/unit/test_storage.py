"""Storage on real SQLite files: permissions, pragmas, schema versions and upgrades, instants."""

from __future__ import annotations

import sqlite3
import stat
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from peewee import SqliteDatabase

from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.storage import schema
from followup_desktop.storage.database import open_database
from followup_desktop.storage.fields import InstantField
from followup_desktop.storage.files import DATABASE_FILE
from followup_desktop.storage.models import (
    ALL_MODELS,
    Application,
    Company,
    Interview,
    StatusChange,
)
from helpers.backends import BERLIN, row_counts, table_rows, tables, user_version
from helpers.old_databases import make_old_database

V1_TABLES = ["action", "application", "company", "contact", "interview", "interview_contact",
             "setting", "touch"]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "nested" / DATABASE_FILE


@pytest.fixture
def db(db_path: Path):
    database = open_database(db_path)
    yield database
    database.close()


# --- files and permissions ----------------------------------------------------------------------

def test_open_creates_private_folder_and_files(db_path: Path) -> None:
    assert not db_path.parent.exists()
    database = open_database(db_path)
    try:
        Company.create(name="Acme", created_utc=datetime(2026, 3, 9, tzinfo=UTC))  # WAL in use
        assert db_path.is_file()
        assert mode(db_path.parent) == 0o700
        wal = db_path.with_name(db_path.name + "-wal")
        shm = db_path.with_name(db_path.name + "-shm")
        assert wal.is_file() and shm.is_file()
        for path in (db_path, wal, shm):
            assert mode(path) == 0o600, path.name
    finally:
        database.close()


def test_open_tightens_an_existing_world_readable_file(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("CREATE TABLE keep (x)")
        conn.commit()
    db_path.chmod(0o644)
    assert mode(db_path) == 0o644
    database = open_database(db_path)
    try:
        assert mode(db_path) == 0o600
        assert "keep" in database.get_tables()  # tightened, not replaced
        for suffix in ("-wal", "-shm"):
            assert mode(db_path.with_name(db_path.name + suffix)) == 0o600
    finally:
        database.close()


# --- connection settings and schema -------------------------------------------------------------

def test_pragmas(db: SqliteDatabase) -> None:
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_foreign_keys_are_enforced(db: SqliteDatabase) -> None:
    from peewee import IntegrityError

    with pytest.raises(IntegrityError), db.atomic():
        Application.create(company=999, position="Ghost", status="applied",
                           created_utc=datetime(2026, 3, 9, tzinfo=UTC))
    assert Application.select().count() == 0


def test_new_database_is_at_the_latest_version(db: SqliteDatabase, db_path: Path) -> None:
    assert schema.version(db) == schema.LATEST_VERSION == len(schema.STEPS)
    assert user_version(db_path) == schema.LATEST_VERSION


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_models_match_the_migrated_schema(db: SqliteDatabase, model) -> None:
    info = {row[1]: row for row in db.execute_sql(
        f'PRAGMA table_info("{model._meta.table_name}")').fetchall()}
    assert info, f"no table {model._meta.table_name}"
    assert set(info) == set(model._meta.columns)
    for column, field in model._meta.columns.items():
        _, _, _, notnull, _, pk = info[column]
        if not pk:  # SQLite reports INTEGER PRIMARY KEY columns as nullable
            assert bool(notnull) == (not field.null), f"{model.__name__}.{column} nullability"


def test_all_models_have_a_table_and_all_tables_a_model(db: SqliteDatabase,
                                                        db_path: Path) -> None:
    assert sorted(m._meta.table_name for m in ALL_MODELS) == tables(db_path)


# --- upgrades -----------------------------------------------------------------------------------

V1_ROWS = """
INSERT INTO company (id, name, preferred_channel, created_utc)
    VALUES (1, 'Acme', 'card', '2026-01-05T09:00:00Z');
INSERT INTO contact (id, company_id, name, title, role, email, created_utc)
    VALUES (1, 1, 'Ada Lovelace', 'CTO', 'hiring_manager', 'ada@example.com',
            '2026-01-05T09:01:00Z');
INSERT INTO contact (id, company_id, name, role, created_utc)
    VALUES (2, 1, 'Desk', 'receptionist', '2026-01-05T09:02:00Z');
INSERT INTO application (id, company_id, position, status, decision_date, created_utc)
    VALUES (1, 1, 'Engineer', 'interviewing', '2026-02-01', '2026-01-06T10:00:00Z');
INSERT INTO application (id, company_id, position, status, created_utc)
    VALUES (2, 1, 'Analyst', 'applied', '2026-01-07T11:00:00Z');
INSERT INTO interview (id, application_id, start_utc, end_utc, zone, format, created_utc)
    VALUES (1, 1, '2026-01-12T13:00:00Z', '2026-01-12T14:00:00Z', 'Europe/Berlin', 'onsite',
            '2026-01-08T08:00:00Z');
INSERT INTO interview_contact (interview_id, contact_id) VALUES (1, 1);
INSERT INTO interview_contact (interview_id, contact_id) VALUES (1, 2);
INSERT INTO action (id, application_id, interview_id, contact_id, kind, due_utc, zone, channel,
                    state, state_changed_utc, done_utc, plan_key, created_utc)
    VALUES (1, 1, 1, 1, 'thank_you', '2026-01-13T14:00:00Z', 'Europe/Berlin', 'card', 'done',
            '2026-01-13T15:00:00Z', '2026-01-13T15:00:00Z', 'thank_you:1:1',
            '2026-01-08T08:00:00Z');
INSERT INTO touch (id, company_id, contact_id, application_id, action_id, at_utc, zone, channel,
                   summary, created_utc)
    VALUES (1, 1, 1, 1, 1, '2026-01-13T15:00:00Z', 'Europe/Berlin', 'card', 'Card posted',
            '2026-01-13T15:00:00Z');
INSERT INTO setting (key, value) VALUES ('time_zone', '"Europe/Berlin"');
"""


def make_v1_database(path: Path) -> None:
    make_old_database(path, 1, V1_ROWS)


def test_upgrade_from_version_1_keeps_rows_and_backfills_history(db_path: Path) -> None:
    make_v1_database(db_path)
    assert user_version(db_path) == 1
    before = table_rows(db_path)
    assert sorted(before) == V1_TABLES

    database = open_database(db_path)
    try:
        assert schema.version(database) == schema.LATEST_VERSION
        after = table_rows(db_path)
        # Rows keep their values; later versions only add columns (at the end).
        assert {name: [row[:len(before[name][0])] for row in after[name]] if before[name]
                else after[name] for name in V1_TABLES} == before
        history = database.execute_sql(
            "SELECT application_id, old_status, new_status, at_utc, note FROM status_change "
            "ORDER BY application_id").fetchall()
        assert history == [
            (1, None, "interviewing", "2026-01-06T10:00:00Z", "Status before history was kept"),
            (2, None, "applied", "2026-01-07T11:00:00Z", "Status before history was kept"),
        ]
        # The models read the upgraded data.
        change = StatusChange.get(StatusChange.application == 1)
        assert change.at_utc == datetime(2026, 1, 6, 10, tzinfo=UTC)
        interview = Interview.get_by_id(1)
        assert interview.end_utc - interview.start_utc == timedelta(hours=1)
        assert sorted(link.contact_id for link in interview.panel) == [1, 2]
        indexes = {name for (name,) in database.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"action_state_due", "touch_company_at", "status_change_application",
                "action_state_effective_due"} <= indexes
    finally:
        database.close()


def test_failed_upgrade_step_leaves_the_old_version(db_path: Path, monkeypatch) -> None:
    make_v1_database(db_path)
    before = table_rows(db_path)

    def broken_step(database: SqliteDatabase) -> None:
        database.execute_sql("CREATE TABLE half_done (x INTEGER)")
        database.execute_sql("INSERT INTO half_done VALUES (1)")
        database.execute_sql("DELETE FROM touch")
        raise RuntimeError("step failed half-way")

    monkeypatch.setattr(schema, "STEPS", (schema.STEPS[0], broken_step))
    with pytest.raises(RuntimeError, match="half-way"):
        open_database(db_path)
    assert user_version(db_path) == 1
    assert "half_done" not in tables(db_path)
    assert table_rows(db_path) == before

    monkeypatch.undo()  # the real step still works on the same file afterwards
    database = open_database(db_path)
    try:
        assert schema.version(database) == schema.LATEST_VERSION
    finally:
        database.close()
    assert row_counts(db_path)["status_change"] == 2


def test_an_upgrade_over_several_steps_is_one_transaction(db_path: Path, monkeypatch) -> None:
    def broken_step(database: SqliteDatabase) -> None:
        raise RuntimeError("second step failed")

    monkeypatch.setattr(schema, "STEPS", (schema.STEPS[0], broken_step))
    with pytest.raises(RuntimeError, match="second step"):
        open_database(db_path)
    assert user_version(db_path) == 0
    assert tables(db_path) == []  # the first step's tables went with the failed second one


def test_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    path = data_dir / DATABASE_FILE
    too_new = schema.LATEST_VERSION + 1
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE from_the_future (x TEXT)")
        conn.execute("INSERT INTO from_the_future VALUES ('keep me')")
        conn.execute(f"PRAGMA user_version = {too_new}")
        conn.commit()
    original = path.read_bytes()

    with pytest.raises(schema.SchemaTooNewError) as refused:
        open_database(path)
    assert refused.value.found == too_new
    assert path.read_bytes() == original

    with pytest.raises(UserError, match="newer version"):
        Backend(data_dir)
    assert path.read_bytes() == original
    assert user_version(path) == too_new
    assert tables(path) == ["from_the_future"]


# --- instants -----------------------------------------------------------------------------------

def test_instant_field_round_trip(db: SqliteDatabase) -> None:
    # 03:30 in Berlin on the night summer time starts is 01:30 UTC.
    local = datetime(2026, 3, 29, 3, 30, 15, 999_999, tzinfo=BERLIN)
    company = Company.create(name="Acme", created_utc=local)
    raw = db.execute_sql("SELECT created_utc FROM company WHERE id = ?",
                         (company.id,)).fetchone()[0]
    assert raw == "2026-03-29T01:30:15Z"
    loaded = Company.get_by_id(company.id).created_utc
    assert loaded == local.replace(microsecond=0)
    assert loaded.tzinfo is UTC
    # Comparisons in SQL convert the other side the same way.
    assert Company.select().where(Company.created_utc < local).count() == 0
    assert Company.select().where(
        Company.created_utc == datetime(2026, 3, 29, 1, 30, 15, tzinfo=UTC)).count() == 1


def test_instant_field_rejects_naive_datetimes(db: SqliteDatabase) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Company.create(name="Naive", created_utc=datetime(2026, 3, 9, 10, 0))
    assert Company.select().count() == 0
    field = InstantField()
    assert field.db_value(None) is None
    assert field.python_value(None) is None
    with pytest.raises(ValueError):
        field.db_value(datetime(2026, 3, 9))
