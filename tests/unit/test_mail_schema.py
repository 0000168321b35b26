"""Schema 9 (hearing back from the mailbox): a version-8 database with data upgrades in place,
keeps every row, and its touches read as the user's own (outgoing, nothing to answer)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup_desktop.storage import schema
from followup_desktop.storage.database import open_database
from followup_desktop.storage.models import MailApplied, MailFolder, Touch, UndoEntry
from helpers.backends import table_rows, tables, user_version
from helpers.old_databases import make_old_database

V8_ROWS = """
INSERT INTO company (id, name, created_utc) VALUES (1, 'Acme', '2026-01-05T09:00:00Z');
INSERT INTO contact (id, company_id, name, role, email, created_utc)
    VALUES (1, 1, 'Ada Lovelace', 'hiring_manager', 'ada@acme.example', '2026-01-05T09:01:00Z');
INSERT INTO application (id, company_id, position, status, created_utc)
    VALUES (1, 1, 'Engineer', 'interviewing', '2026-01-06T10:00:00Z');
INSERT INTO action (id, application_id, contact_id, kind, due_utc, zone, channel, state,
                    state_changed_utc, done_utc, plan_key, created_utc)
    VALUES (1, 1, 1, 'thank_you', '2026-01-13T14:00:00Z', 'Europe/Berlin', 'email', 'done',
            '2026-01-13T15:00:00Z', '2026-01-13T15:00:00Z', 'thank_you:1:1',
            '2026-01-08T08:00:00Z');
INSERT INTO touch (id, company_id, contact_id, application_id, action_id, at_utc, zone, channel,
                   summary, created_utc)
    VALUES (1, 1, 1, 1, 1, '2026-01-13T15:00:00Z', 'Europe/Berlin', 'email', 'Thanked Ada',
            '2026-01-13T15:00:00Z');
INSERT INTO undo_entry (id, at_utc, kind, label, action_id, payload)
    VALUES (1, '2026-01-13T15:00:00Z', 'done', 'done: Thank-you', 1, '{}');
INSERT INTO setting (key, value) VALUES ('time_zone', '"Europe/Berlin"');
"""


def make_v8_database(path: Path) -> None:
    make_old_database(path, 8, V8_ROWS)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "followup.sqlite3"


def test_upgrade_from_version_8_keeps_every_row(db_path: Path) -> None:
    make_v8_database(db_path)
    assert user_version(db_path) == 8
    before = table_rows(db_path)

    database = open_database(db_path)
    try:
        assert schema.version(database) == schema.LATEST_VERSION
        after = table_rows(db_path)
        # Every old row is there with its values; the touch only gained columns at the end.
        assert {name: rows for name, rows in after.items() if name != "touch"
                and name in before} == {name: rows for name, rows in before.items()
                                        if name != "touch"}
        (old,) = before["touch"]
        (new,) = after["touch"]
        assert new[:len(old)] == old
        assert {"mail_folder", "mail_applied"} <= set(tables(db_path))
        assert after["mail_folder"] == after["mail_applied"] == []
        # The models read the upgraded touch as one the user made, with nothing to answer.
        touch = Touch.get_by_id(1)
        assert (touch.direction, touch.subject, touch.address) == ("out", "", "")
        assert (touch.message_id, touch.answer, touch.answered_utc) == (None, None, None)
        assert touch.at_utc == datetime(2026, 1, 13, 15, tzinfo=UTC)
        assert UndoEntry.get_by_id(1).label == "done: Thank-you"
        assert MailFolder.select().count() == MailApplied.select().count() == 0
        indexes = {name for (name,) in database.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"touch_waiting", "touch_application_in", "touch_message",
                "mail_applied_uid"} <= indexes
    finally:
        database.close()


def test_the_new_columns_refuse_values_outside_their_lists(db_path: Path) -> None:
    make_v8_database(db_path)
    open_database(db_path).close()
    with sqlite3.connect(db_path) as conn:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE touch SET direction = 'sideways'")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE touch SET answer = 'maybe'")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO mail_applied VALUES ('<a@b>', 'spam', 1, 1, "
                         "'2026-01-13T15:00:00Z', 'reply', '2026-01-13T15:00:00Z')")
    conn.close()
