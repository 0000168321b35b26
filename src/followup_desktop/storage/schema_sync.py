"""Schema version 10, kept beside storage/schema.py (which holds versions 1 to 9) so that each
file stays readable: frozen SQL, never generated from the models.

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
