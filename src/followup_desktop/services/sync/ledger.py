"""The local ledger of the sync (schema 10, storage/models.py SyncItem): per UID, where the item
is on the server, its ETag when last seen and the digest of what the app last wrote. Each
change is its own small transaction, made right after the PUT or DELETE it records, so a sync
killed half-way leaves a ledger that is true of everything written before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from followup_desktop.services.backend import Backend
from followup_desktop.storage.models import SyncItem


@dataclass(frozen=True)
class Entry:
    uid: str
    href: str | None  # None: removed on the server, not to be written again unchanged
    etag: str | None
    digest: str


# Other parts of the sync keep their own rows here under "namespace:key" (interviews from the
# user's calendars: services/sync/interviews_ledger.py); the follow-ups' UIDs hold no colon.
NAMESPACED = ":"


def load() -> dict[str, Entry]:
    """The follow-ups' entries (never another namespace's, which the follow-ups would drop)."""
    return {row.uid: Entry(row.uid, row.href, row.etag, row.written_hash)
            for row in SyncItem.select() if NAMESPACED not in row.uid}


def record(backend: Backend, uid: str, href: str | None, etag: str | None, digest: str,
           now: datetime) -> None:
    with backend.write():
        SyncItem.replace(uid=uid, href=href, etag=etag, written_hash=digest,
                         synced_utc=now).execute()


def forget(backend: Backend, uid: str) -> None:
    with backend.write():
        SyncItem.delete().where(SyncItem.uid == uid).execute()
