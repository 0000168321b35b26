"""Schema 11 (the contacts' address-book ledger): a version-10 database with data and a
calendar ledger upgrades in place, keeps every row, and starts with an empty card ledger (the
first sync with contacts then writes or records every card)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup_desktop.storage import schema
from followup_desktop.storage.database import open_database
from followup_desktop.storage.files import SCHEMA_VERSION
from followup_desktop.storage.models import Contact, SyncCard, SyncItem
from helpers.backends import table_rows, tables, user_version
from helpers.old_databases import make_old_database

V10_ROWS = """
INSERT INTO company (id, name, created_utc) VALUES (1, 'Acme', '2026-01-05T09:00:00Z');
INSERT INTO contact (id, company_id, name, role, email, phone, created_utc)
    VALUES (1, 1, 'Ada Lovelace', 'hiring_manager', 'ada@acme.example', '+49 30 1234',
            '2026-01-05T09:01:00Z');
INSERT INTO sync_item (uid, href, etag, written_hash, synced_utc)
    VALUES ('followup-1@followup-desktop', '/jo/f/followup-1@followup-desktop.ics', '"e1"',
            'h1', '2026-01-15T08:00:00Z');
INSERT INTO setting (key, value) VALUES ('sync_url', '"http://127.0.0.1:5232/"');
"""


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "followup.sqlite3"


def test_the_app_writes_schema_eleven() -> None:
    assert schema.LATEST_VERSION == SCHEMA_VERSION == 11


def test_upgrade_from_version_10_keeps_every_row_and_starts_an_empty_card_ledger(
        db_path: Path) -> None:
    make_old_database(db_path, 10, V10_ROWS)
    assert user_version(db_path) == 10
    before = table_rows(db_path)

    database = open_database(db_path)
    try:
        assert schema.version(database) == 11
        after = table_rows(db_path)
        assert {name: rows for name, rows in after.items() if name in before} == before
        assert set(tables(db_path)) - set(before) == {"sync_card"}
        assert after["sync_card"] == []
        assert SyncItem.get_by_id("followup-1@followup-desktop").etag == '"e1"'
        assert Contact.get_by_id(1).phone == "+49 30 1234"
        SyncCard.create(uid="c1", contact_id=1, href="/jo/c/c1.vcf", etag='"e2"',
                        written_hash="h", synced_utc=datetime(2026, 1, 15, 8, tzinfo=UTC))
        assert SyncCard.get_by_id("c1").synced_utc == datetime(2026, 1, 15, 8, tzinfo=UTC)
    finally:
        database.close()


def test_a_card_ledger_row_needs_its_digest(db_path: Path) -> None:
    make_old_database(db_path, 10, V10_ROWS)
    open_database(db_path).close()
    with sqlite3.connect(db_path) as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO sync_card (uid, synced_utc) VALUES ('u', "
                     "'2026-01-15T08:00:00Z')")
    conn.close()
