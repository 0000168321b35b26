"""Schema 10 (the CalDAV sync's ledger): a version-9 database with data upgrades in place,
keeps every row, and starts with an empty ledger (the first sync then writes or records every
item)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup_desktop.storage import schema
from followup_desktop.storage.database import open_database
from followup_desktop.storage.models import Action, MailApplied, SyncItem, Touch
from helpers.backends import table_rows, tables, user_version
from helpers.old_databases import make_old_database

V9_ROWS = """
INSERT INTO company (id, name, created_utc) VALUES (1, 'Acme', '2026-01-05T09:00:00Z');
INSERT INTO contact (id, company_id, name, role, email, created_utc)
    VALUES (1, 1, 'Ada Lovelace', 'hiring_manager', 'ada@acme.example', '2026-01-05T09:01:00Z');
INSERT INTO application (id, company_id, position, status, created_utc)
    VALUES (1, 1, 'Engineer', 'interviewing', '2026-01-06T10:00:00Z');
INSERT INTO action (id, application_id, contact_id, kind, due_utc, zone, channel, state,
                    state_changed_utc, plan_key, created_utc)
    VALUES (1, 1, 1, 'thank_you', '2026-01-13T14:00:00Z', 'Europe/Berlin', 'email', 'planned',
            '2026-01-08T08:00:00Z', 'thank_you:1:1', '2026-01-08T08:00:00Z');
INSERT INTO touch (id, company_id, contact_id, application_id, at_utc, zone, channel,
                   summary, created_utc, direction, subject, address, message_id, answer)
    VALUES (1, 1, 1, 1, '2026-01-14T09:00:00Z', 'Europe/Berlin', 'email', '',
            '2026-01-14T09:05:00Z', 'in', 'Re: Thank you', 'ada@acme.example', '<m1@acme>',
            'waiting');
INSERT INTO mail_applied (key, folder, uid_validity, uid, at_utc, effect, applied_utc)
    VALUES ('<m1@acme>', 'inbox', 7, 42, '2026-01-14T09:00:00Z', 'reply',
            '2026-01-14T09:05:00Z');
INSERT INTO setting (key, value) VALUES ('time_zone', '"Europe/Berlin"');
"""


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "followup.sqlite3"


def test_upgrade_from_version_9_keeps_every_row_and_starts_an_empty_ledger(
        db_path: Path) -> None:
    make_old_database(db_path, 9, V9_ROWS)
    assert user_version(db_path) == 9
    before = table_rows(db_path)

    database = open_database(db_path)
    try:
        assert schema.version(database) == schema.LATEST_VERSION
        after = table_rows(db_path)
        assert {name: rows for name, rows in after.items() if name in before} == before
        assert {"sync_item"} <= set(tables(db_path)) - set(before)
        assert after["sync_item"] == []
        assert Action.get_by_id(1).plan_key == "thank_you:1:1"
        assert Touch.get_by_id(1).answer == "waiting"
        assert MailApplied.get_by_id("<m1@acme>").uid == 42
        SyncItem.create(uid="u1", href="/jo/f/u1.ics", etag='"e1"', written_hash="h",
                        synced_utc=datetime(2026, 1, 15, 8, tzinfo=UTC))
        assert SyncItem.get_by_id("u1").synced_utc == datetime(2026, 1, 15, 8, tzinfo=UTC)
    finally:
        database.close()


def test_a_ledger_row_needs_its_digest(db_path: Path) -> None:
    make_old_database(db_path, 9, V9_ROWS)
    open_database(db_path).close()
    with sqlite3.connect(db_path) as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO sync_item (uid, synced_utc) VALUES ('u', "
                     "'2026-01-15T08:00:00Z')")
    conn.close()
