"""Schema versions. The version lives in the database (PRAGMA user_version); an upgrade runs all
its steps and the version bump in one transaction, so a database is always at a whole version.

Steps are frozen SQL, never generated from the models: a step must create exactly the schema of
its day however the models change later.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from peewee import SqliteDatabase

from followup_desktop.storage.schema_sync import V10_SYNC, V11_CARDS

V1_TABLES = """
CREATE TABLE company (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    website TEXT NOT NULL DEFAULT '',
    postal_address TEXT NOT NULL DEFAULT '',
    preferred_channel TEXT CHECK (preferred_channel IN ('email', 'phone', 'card', 'letter')),
    reach_notes TEXT NOT NULL DEFAULT '',
    created_utc TEXT NOT NULL
);
CREATE TABLE contact (
    id INTEGER PRIMARY KEY,
    company_id INTEGER REFERENCES company (id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('interviewer', 'hiring_manager', 'recruiter',
                                       'receptionist', 'other')),
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    postal_address TEXT NOT NULL DEFAULT '',
    name_verified INTEGER NOT NULL DEFAULT 0,
    title_verified INTEGER NOT NULL DEFAULT 0,
    verified_source TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_utc TEXT NOT NULL
);
CREATE TABLE application (
    id INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES company (id) ON DELETE CASCADE,
    position TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('applied', 'interviewing', 'offer', 'rejected',
                                           'withdrawn')),
    posting_url TEXT NOT NULL DEFAULT '',
    decision_date TEXT,
    second_round_expected INTEGER,
    notes TEXT NOT NULL DEFAULT '',
    created_utc TEXT NOT NULL
);
CREATE TABLE interview (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    start_utc TEXT NOT NULL,
    end_utc TEXT NOT NULL,
    zone TEXT NOT NULL,
    round INTEGER NOT NULL DEFAULT 1,
    format TEXT NOT NULL CHECK (format IN ('onsite', 'video', 'phone')),
    location TEXT NOT NULL DEFAULT '',
    discussed TEXT NOT NULL DEFAULT '',
    created_utc TEXT NOT NULL,
    CHECK (end_utc > start_utc)
);
CREATE TABLE interview_contact (
    interview_id INTEGER NOT NULL REFERENCES interview (id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    PRIMARY KEY (interview_id, contact_id)
);
CREATE TABLE action (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    interview_id INTEGER REFERENCES interview (id) ON DELETE SET NULL,
    contact_id INTEGER REFERENCES contact (id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind IN ('thank_you', 'keep_in_touch', 'decision_check',
                                       'ask_about_decision')),
    due_utc TEXT NOT NULL,
    zone TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'phone', 'card', 'letter')),
    state TEXT NOT NULL CHECK (state IN ('planned', 'done', 'skipped', 'snoozed', 'cancelled')),
    state_changed_utc TEXT NOT NULL,
    snoozed_until_utc TEXT,
    done_utc TEXT,
    note TEXT NOT NULL DEFAULT '',
    plan_key TEXT UNIQUE,
    edited INTEGER NOT NULL DEFAULT 0,
    created_utc TEXT NOT NULL
);
CREATE TABLE touch (
    id INTEGER PRIMARY KEY,
    company_id INTEGER REFERENCES company (id) ON DELETE SET NULL,
    contact_id INTEGER REFERENCES contact (id) ON DELETE SET NULL,
    application_id INTEGER REFERENCES application (id) ON DELETE SET NULL,
    action_id INTEGER REFERENCES action (id) ON DELETE SET NULL,
    at_utc TEXT NOT NULL,
    zone TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'phone', 'card', 'letter')),
    summary TEXT NOT NULL DEFAULT '',
    created_utc TEXT NOT NULL
);
CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

# Version 2: status history (backfilled from the current status) and indexes for what the due
# list, the planner and the contact panels query.
V2_HISTORY_AND_INDEXES = """
CREATE TABLE status_change (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    old_status TEXT,
    new_status TEXT NOT NULL,
    at_utc TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
INSERT INTO status_change (application_id, old_status, new_status, at_utc, note)
    SELECT id, NULL, status, created_utc, 'Status before history was kept' FROM application;
CREATE INDEX status_change_application ON status_change (application_id, at_utc);
CREATE INDEX action_state_due ON action (state, due_utc);
CREATE INDEX action_application ON action (application_id);
CREATE INDEX action_contact ON action (contact_id);
CREATE INDEX touch_company_at ON touch (company_id, at_utc);
CREATE INDEX touch_contact_at ON touch (contact_id, at_utc);
CREATE INDEX contact_company ON contact (company_id);
CREATE INDEX application_company ON application (company_id);
CREATE INDEX interview_application ON interview (application_id, start_utc);
CREATE INDEX interview_contact_contact ON interview_contact (contact_id);
"""

# Version 3: which due instant of which action a reminder was shown for, so a reminder fires once
# across restarts, and an index for the scheduler's "what is due next".
V3_REMINDERS = """
CREATE TABLE reminder (
    action_id INTEGER NOT NULL REFERENCES action (id) ON DELETE CASCADE,
    due_utc TEXT NOT NULL,
    shown_utc TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('due', 'away', 'quiet_hours', 'paused')),
    PRIMARY KEY (action_id, due_utc)
) WITHOUT ROWID;
CREATE INDEX action_state_effective_due ON action (state, COALESCE(snoozed_until_utc, due_utc));
"""

# Version 4: the composer. A note per action (its draft, then what was delivered, which the
# "no form letters" check compares new notes against), ideas worth bringing per application
# (each used once), and the templates the user edited (defaults live in the code).
V4_NOTES = """
CREATE TABLE note (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL UNIQUE REFERENCES action (id) ON DELETE CASCADE,
    template_key TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    idea_id INTEGER REFERENCES idea (id) ON DELETE SET NULL,
    updated_utc TEXT NOT NULL,
    delivered_utc TEXT,
    delivered_channel TEXT CHECK (delivered_channel IN ('email', 'phone', 'card', 'letter'))
);
CREATE TABLE idea (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('input', 'feedback', 'idea')),
    text TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    used_action_id INTEGER REFERENCES action (id) ON DELETE SET NULL,
    used_utc TEXT
);
CREATE INDEX idea_application ON idea (application_id, used_utc);
CREATE INDEX note_delivered ON note (delivered_utc);
CREATE TABLE note_template (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    subject TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    updated_utc TEXT NOT NULL
);
"""

# Version 5: interviews imported from calendar invitations (RFC 5545): the invitation's UID and
# SEQUENCE, so an updated invitation updates the interview and a cancellation cancels it.
V5_INVITATIONS = """
ALTER TABLE interview ADD COLUMN ical_uid TEXT;
ALTER TABLE interview ADD COLUMN ical_sequence INTEGER;
ALTER TABLE interview ADD COLUMN cancelled_utc TEXT;
CREATE UNIQUE INDEX interview_ical_uid ON interview (ical_uid) WHERE ical_uid IS NOT NULL;
CREATE INDEX contact_email ON contact (email COLLATE NOCASE) WHERE email != '';
"""

# Version 6: indexes for large histories. The calendar reads interviews by start time across
# all applications (without the index every month switch scanned the table); the due list counts
# late follow-ups by planned due time, which the wider (state, due) index answers by itself.
V6_INTERVIEW_START = """
CREATE INDEX interview_start ON interview (start_utc);
DROP INDEX action_state_due;
CREATE INDEX action_state_due ON action (state, due_utc, snoozed_until_utc);
"""

# Version 7: search as you type reads stored, folded text instead of folding every name on every
# keystroke. `search_entry` holds each person's and company's folded name (the ranking key) and
# haystack (name, title, company name and e-mail, joined by char(31)), kept in name order so
# that the first matching names are read without sorting; `search_word` holds the name from
# each later word on ("bronte" of "zoe bronte") with the name key, so that names with a word
# starting with the query are found by range too; `search_gram` counts the names holding each
# three-letter sequence, so that a word in no name needs no scan of the names to tell. Folding
# is Python (case, accents, compatibility forms), which a trigger cannot call on every
# connection that writes (the sqlite3 shell, another tool): the triggers only list the people
# and companies that changed in `search_stale`, and the search service re-folds those before it
# reads. Every existing row starts on that list.
V7_SEARCH = """
CREATE TABLE search_entry (
    name_key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('person', 'company')),
    ref INTEGER NOT NULL,
    haystack TEXT NOT NULL,
    PRIMARY KEY (name_key, kind DESC, ref)
) WITHOUT ROWID;
CREATE UNIQUE INDEX search_entry_ref ON search_entry (kind, ref);
CREATE TABLE search_word (
    word_key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('person', 'company')),
    ref INTEGER NOT NULL,
    name_key TEXT NOT NULL,
    PRIMARY KEY (word_key, kind, ref)
) WITHOUT ROWID;
CREATE INDEX search_word_ref ON search_word (kind, ref);
CREATE TABLE search_gram (
    gram TEXT NOT NULL PRIMARY KEY,
    names INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE search_stale (
    kind TEXT NOT NULL CHECK (kind IN ('person', 'company')),
    ref INTEGER NOT NULL,
    PRIMARY KEY (kind, ref)
) WITHOUT ROWID;
INSERT INTO search_stale (kind, ref) SELECT 'company', id FROM company;
INSERT INTO search_stale (kind, ref) SELECT 'person', id FROM contact;
CREATE TRIGGER contact_search_insert AFTER INSERT ON contact BEGIN
    INSERT INTO search_stale (kind, ref) SELECT 'person', new.id
        WHERE NOT EXISTS (SELECT 1 FROM search_stale WHERE kind = 'person' AND ref = new.id);
END;
CREATE TRIGGER contact_search_update AFTER UPDATE OF id, company_id, name, title, email
ON contact BEGIN
    INSERT INTO search_stale (kind, ref) SELECT 'person', old.id
        WHERE NOT EXISTS (SELECT 1 FROM search_stale WHERE kind = 'person' AND ref = old.id);
    INSERT INTO search_stale (kind, ref) SELECT 'person', new.id
        WHERE NOT EXISTS (SELECT 1 FROM search_stale WHERE kind = 'person' AND ref = new.id);
END;
CREATE TRIGGER contact_search_delete AFTER DELETE ON contact BEGIN
    INSERT INTO search_stale (kind, ref) SELECT 'person', old.id
        WHERE NOT EXISTS (SELECT 1 FROM search_stale WHERE kind = 'person' AND ref = old.id);
END;
CREATE TRIGGER company_search_insert AFTER INSERT ON company BEGIN
    INSERT INTO search_stale (kind, ref) SELECT 'company', new.id
        WHERE NOT EXISTS (SELECT 1 FROM search_stale WHERE kind = 'company' AND ref = new.id);
END;
CREATE TRIGGER company_search_update AFTER UPDATE OF id, name ON company BEGIN
    INSERT INTO search_stale (kind, ref) SELECT 'company', old.id
        WHERE NOT EXISTS (SELECT 1 FROM search_stale WHERE kind = 'company' AND ref = old.id);
    INSERT INTO search_stale (kind, ref) SELECT 'company', new.id
        WHERE NOT EXISTS (SELECT 1 FROM search_stale WHERE kind = 'company' AND ref = new.id);
    INSERT INTO search_stale (kind, ref) SELECT 'person', p.id FROM contact AS p
        WHERE p.company_id IN (old.id, new.id) AND NOT EXISTS (
            SELECT 1 FROM search_stale WHERE kind = 'person' AND ref = p.id);
END;
CREATE TRIGGER company_search_delete AFTER DELETE ON company BEGIN
    INSERT INTO search_stale (kind, ref) SELECT 'company', old.id
        WHERE NOT EXISTS (SELECT 1 FROM search_stale WHERE kind = 'company' AND ref = old.id);
    INSERT INTO search_stale (kind, ref) SELECT 'person', p.id FROM contact AS p
        WHERE p.company_id = old.id AND NOT EXISTS (
            SELECT 1 FROM search_stale WHERE kind = 'person' AND ref = p.id);
END;
"""

# Version 8: the undo journal. Each done, skip, snooze, move (edit) and decision call keeps the
# rows it changed as they were before (JSON, the stored text of every column) and the rows it
# created, so "undo" restores the last one, in this process or in a later one (the CLI's undo).
V8_UNDO = """
CREATE TABLE undo_entry (
    id INTEGER PRIMARY KEY,
    at_utc TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('done', 'skip', 'snooze', 'move', 'decision')),
    label TEXT NOT NULL,
    action_id INTEGER,
    payload TEXT NOT NULL,
    undone_utc TEXT
);
CREATE INDEX undo_entry_open ON undo_entry (undone_utc, id);
"""

# Version 9: hearing back from the user's own mailbox (services/mail). A touch has a direction:
# 'in' is a reply from someone at the company, with its subject, the address it came from and
# its Message-ID; `answer` is 'waiting' while the reply waits for the user to say what it said
# (the decision call is held meanwhile), then what they said. `mail_folder` keeps where the last
# check of each folder stopped (UIDVALIDITY and the last UID), `mail_applied` every message that
# changed something (by Message-ID, or a digest when there is none), so no message is applied
# twice, not even after the server renumbered a folder.
V9_MAIL = """
ALTER TABLE touch ADD COLUMN direction TEXT NOT NULL DEFAULT 'out'
    CHECK (direction IN ('out', 'in'));
ALTER TABLE touch ADD COLUMN subject TEXT NOT NULL DEFAULT '';
ALTER TABLE touch ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE touch ADD COLUMN message_id TEXT;
ALTER TABLE touch ADD COLUMN answer TEXT
    CHECK (answer IN ('waiting', 'open', 'no_news', 'filled', 'offer', 'rejected'));
ALTER TABLE touch ADD COLUMN answered_utc TEXT;
CREATE INDEX touch_waiting ON touch (application_id) WHERE answer = 'waiting';
CREATE INDEX touch_application_in ON touch (application_id, at_utc) WHERE direction = 'in';
CREATE INDEX touch_message ON touch (message_id) WHERE message_id IS NOT NULL;
CREATE TABLE mail_folder (
    folder TEXT PRIMARY KEY CHECK (folder IN ('inbox', 'sent')),
    name TEXT NOT NULL,
    uid_validity INTEGER NOT NULL,
    last_uid INTEGER NOT NULL,
    checked_utc TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE mail_applied (
    key TEXT PRIMARY KEY,
    folder TEXT NOT NULL CHECK (folder IN ('inbox', 'sent')),
    uid_validity INTEGER NOT NULL,
    uid INTEGER NOT NULL,
    at_utc TEXT NOT NULL,
    effect TEXT NOT NULL CHECK (effect IN ('reply', 'sent', 'away')),
    applied_utc TEXT NOT NULL
) WITHOUT ROWID;
CREATE UNIQUE INDEX mail_applied_uid ON mail_applied (folder, uid_validity, uid);
"""


def _script(sql: str) -> Callable[[SqliteDatabase], None]:
    """Run a script statement by statement inside the caller's transaction (sqlite3's
    executescript would commit first)."""

    def run(db: SqliteDatabase) -> None:
        statement = ""
        for line in sql.splitlines(keepends=True):
            statement += line
            if sqlite3.complete_statement(statement):
                db.execute_sql(statement)
                statement = ""

    return run


# STEPS[n] upgrades a database from version n to version n + 1.
STEPS: tuple[Callable[[SqliteDatabase], None], ...] = (
    _script(V1_TABLES),
    _script(V2_HISTORY_AND_INDEXES),
    _script(V3_REMINDERS),
    _script(V4_NOTES),
    _script(V5_INVITATIONS),
    _script(V6_INTERVIEW_START),
    _script(V7_SEARCH),
    _script(V8_UNDO),
    _script(V9_MAIL),
    _script(V10_SYNC),
    _script(V11_CARDS),
)
LATEST_VERSION = len(STEPS)


class SchemaTooNewError(Exception):
    def __init__(self, found: int) -> None:
        super().__init__(
            f"This database was written by a newer version of the app (schema {found}; this "
            f"version reads up to {LATEST_VERSION}). Update the app, or choose another data folder."
        )
        self.found = found


def version(db: SqliteDatabase) -> int:
    return db.execute_sql("PRAGMA user_version").fetchone()[0]


def upgrade(db: SqliteDatabase, target: int = LATEST_VERSION) -> int:
    """Bring the database to `target` in one transaction: every step and the version, or none."""
    current = version(db)
    if current > LATEST_VERSION:
        raise SchemaTooNewError(current)
    if current >= target:
        return current
    with db.atomic("EXCLUSIVE"):
        for step in STEPS[current:target]:
            step(db)
        db.execute_sql(f"PRAGMA user_version = {target:d}")
    return target
