"""The local ledger of the address-book sync (schema 11, storage/models.py SyncCard), kept as
the calendar's is (services/sync/ledger.py): per card UID, its href, its ETag when last seen and
the digest of what the app last wrote, each change its own small transaction right after the
PUT or DELETE it records."""

from __future__ import annotations

from datetime import datetime

from followup_desktop.services.backend import Backend
from followup_desktop.services.sync.ledger import Entry
from followup_desktop.storage.models import SyncCard


def load() -> dict[str, Entry]:
    return {row.uid: Entry(row.uid, row.href, row.etag, row.written_hash)
            for row in SyncCard.select()}


def record(backend: Backend, uid: str, contact_id: int | None, href: str | None,
           etag: str | None, digest: str, now: datetime) -> None:
    with backend.write():
        SyncCard.replace(uid=uid, contact_id=contact_id, href=href, etag=etag,
                         written_hash=digest, synced_utc=now).execute()


def forget(backend: Backend, uid: str) -> None:
    with backend.write():
        SyncCard.delete().where(SyncCard.uid == uid).execute()


def forget_all(backend: Backend) -> None:
    with backend.write():
        SyncCard.delete().execute()
