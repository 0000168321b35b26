"""Schema versions 10 and 11, kept beside storage/schema.py (which holds versions 1 to 9) so
that each file stays readable: frozen SQL, never generated from the models.

Version 10: the ledger of the CalDAV sync (services/sync). One row per item the app wrote to the
user's calendar server, or found there under one of its own UIDs: where it is (`href`), the
server's ETag when last seen (a different one means the server changed it) and a digest of what
the app last wrote (a different one means the app changed it). `href` NULL: the item was
removed on the server; the app does not write it again until the app's version changes.
"""

V10_SYNC = """
CREATE TABLE sync_item (
    uid TEXT PRIMARY KEY,
    href TEXT,
    etag TEXT,
    written_hash TEXT NOT NULL,
    synced_utc TEXT NOT NULL
) WITHOUT ROWID;
"""

# Version 11: the ledger of the contacts' address book (services/sync/contacts.py), kept apart
# from the calendar's so that neither step can mistake the other's rows for its own. The same
# columns as `sync_item`, one row per vCard, plus the contact it was written for.
V11_CARDS = """
CREATE TABLE sync_card (
    uid TEXT PRIMARY KEY,
    contact_id INTEGER,
    href TEXT,
    etag TEXT,
    written_hash TEXT NOT NULL,
    synced_utc TEXT NOT NULL
) WITHOUT ROWID;
"""
