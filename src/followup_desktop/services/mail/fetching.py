"""Reading what is new in INBOX and Sent into one CheckResult, over IMAP (imapclient).

Read only: folders are opened with EXAMINE and every body is fetched with BODY.PEEK, so the
server never sets \\Seen and nothing is moved, flagged or deleted.

What is new: the UIDs above the folder's stored position, when its UIDVALIDITY is still the
stored one. A folder seen for the first time, or renumbered by the server (a new UIDVALIDITY:
the old UIDs mean nothing any more), is read from the messages it received in the last
WINDOW days only, so a check never walks a mailbox's whole history; rules that apply the
result must therefore tolerate seeing a message again after a renumbering (its Message-ID is
the same). The new position is the highest UID the folder had when it was read, so the next
check starts after it, also after messages that could not be read (they are in `skipped`).

What is read of each message: only the header fields in decoding.HEADER_FIELDS and the first
text part (structure.py), each at most PART_BYTES, in rounds of BATCH messages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from imapclient import IMAPClient
from imapclient.exceptions import ProtocolError

from followup_desktop.services.errors import UserError
from followup_desktop.services.mail.account import MailAccount
from followup_desktop.services.mail.automatic import is_automatic
from followup_desktop.services.mail.connection import connect, disconnect, translated
from followup_desktop.services.mail.decoding import (
    HEADER_FIELDS,
    TEXT_LIMIT,
    UnreadableMessage,
    clean,
    parse_headers,
    part_text,
)
from followup_desktop.services.mail.message import CheckResult, Folder, FolderPosition, MailMessage
from followup_desktop.services.mail.structure import TextPart, first_text_part

__all__ = ["BATCH", "PART_BYTES", "TEXT_LIMIT", "WINDOW", "fetch_check", "read_mailbox"]

BATCH = 200  # messages a FETCH asks for: thousands of new messages are many small rounds
PART_BYTES = 64 * 1024  # at most this much of the headers and of the text part, per message
WINDOW = timedelta(days=30)  # a folder seen first or renumbered: read this far back
SENT_FLAG = b"\\Sent"
HEADER_ITEM = f"BODY.PEEK[HEADER.FIELDS ({' '.join(HEADER_FIELDS)})]<0.{PART_BYTES}>"
# A response imapclient could not parse: the message (not the connection) is at fault.
PARSE_ERRORS = (ProtocolError, ValueError, TypeError, IndexError, KeyError)

OnBatch = Callable[[Folder, int, int], None]  # folder, messages read so far, messages new


def find_folders(client: IMAPClient, sent_folder: str = "") -> tuple[dict[Folder, str], str]:
    """The server's names of INBOX and Sent, and a note when there is no Sent folder.

    Sent is the folder named in the account, else the one the server marks \\Sent
    (SPECIAL-USE, RFC 6154), else one of the usual names (imapclient's list: "Sent",
    "Sent Items", "Sent Messages").
    """
    names = {Folder.INBOX: "INBOX"}
    if sent_folder:
        if not client.folder_exists(sent_folder):
            listed = ", ".join(sorted(f[2] for f in client.list_folders()))[:300]
            raise UserError(f"The mail server has no folder {sent_folder!r} (it has: "
                            f"{listed}); choose one of those as the Sent folder.")
        names[Folder.SENT] = sent_folder
        return names, ""
    found = client.find_special_folder(SENT_FLAG)
    if found is None:
        return names, "The server marks no folder as Sent, and none has a usual name: " \
                      "only INBOX was read; name the Sent folder in the account."
    names[Folder.SENT] = found
    return names, ""


def _new_uids(client: IMAPClient, position: FolderPosition | None, validity: int,
              name: str, now: datetime) -> tuple[list[int], str]:
    if position is not None and position.uid_validity == validity and position.name == name:
        # "UID n:*" always answers the folder's last message, even below n.
        found = client.search(["UID", f"{position.last_uid + 1}:*"])
        return sorted(uid for uid in found if uid > position.last_uid), ""
    since = (now - WINDOW).astimezone(UTC).date()
    note = ""
    if position is not None and position.name == name:
        note = (f"The server renumbered {name} (a new UIDVALIDITY); its messages of the last "
                f"{WINDOW.days} days were read again.")
    return sorted(client.search(["SINCE", since])), note


def _batches(uids: Sequence[int], size: int) -> list[list[int]]:
    return [list(uids[i:i + size]) for i in range(0, len(uids), size)]


def _fetch(client: IMAPClient, uids: list[int], items: list[str],
           skipped: list[str], name: str) -> dict[int, dict[bytes, Any]]:
    """FETCH `items` of `uids`; a response that cannot be parsed is asked again one message
    at a time, and a message whose own response cannot be parsed is skipped."""
    try:
        return dict(client.fetch(uids, items))
    except PARSE_ERRORS as error:
        if len(uids) == 1:
            skipped.append(f"{name} message {uids[0]}: the server's answer cannot be read "
                           f"({type(error).__name__})")
            return {}
    found: dict[int, dict[bytes, Any]] = {}
    for uid in uids:
        found.update(_fetch(client, [uid], items, skipped, name))
    return found


def _item(data: Mapping[bytes, Any], prefix: bytes) -> Any:
    for key, value in data.items():
        if key.startswith(prefix):
            return value
    return None


def _texts(client: IMAPClient, parts: dict[int, TextPart], skipped: list[str],
           name: str) -> dict[int, str]:
    """The first text part of each message, fetched by section: one FETCH per section number
    that occurs in the batch (usually "1" and "1.1")."""
    texts: dict[int, str] = {}
    by_section: dict[str, list[int]] = {}
    for uid, part in parts.items():
        by_section.setdefault(part.section, []).append(uid)
    for section, uids in sorted(by_section.items()):
        answers = _fetch(client, uids, [f"BODY.PEEK[{section}]<0.{PART_BYTES}>"], skipped, name)
        for uid, data in answers.items():
            body = _item(data, f"BODY[{section}]".encode())
            if not isinstance(body, bytes):
                continue
            cut = parts[uid].size > len(body) or len(body) >= PART_BYTES
            try:
                texts[uid] = part_text(body, parts[uid], cut)
            except UnreadableMessage as error:
                skipped.append(f"{name} message {uid}: {error}")
    return texts


def _message(folder: Folder, uid: int, data: Mapping[bytes, Any], text: str) -> MailMessage:
    raw = _item(data, b"BODY[HEADER")
    headers = parse_headers(raw if isinstance(raw, bytes) else b"")
    if not headers.sender and not headers.recipients:
        raise UnreadableMessage("it names no sender and no recipient")
    at = headers.date
    if at is None:
        received = data.get(b"INTERNALDATE")
        if not isinstance(received, datetime):
            raise UnreadableMessage("it has no usable date")
        at = received if received.tzinfo else received.replace(tzinfo=UTC)
    return MailMessage(folder=folder, uid=uid, message_id=headers.message_id,
                       at=at.astimezone(UTC), sender=headers.sender,
                       recipients=headers.recipients, subject=headers.subject, text=text,
                       automatic=is_automatic(headers.fields, headers.subject))


def _read_batch(client: IMAPClient, folder: Folder, name: str, uids: list[int],
                skipped: list[str]) -> list[MailMessage]:
    first = _fetch(client, uids, ["INTERNALDATE", "BODYSTRUCTURE", HEADER_ITEM], skipped, name)
    parts: dict[int, TextPart] = {}
    for uid, data in first.items():
        try:
            part = first_text_part(data.get(b"BODYSTRUCTURE"))
        except PARSE_ERRORS:
            part = None  # a structure beyond reading: the headers still count
        if part is not None:
            parts[uid] = part
    texts = _texts(client, parts, skipped, name)
    messages = []
    for uid in sorted(first):  # a message expunged since the SEARCH is simply not there
        try:
            messages.append(_message(folder, uid, first[uid], texts.get(uid, "")))
        except UnreadableMessage as error:
            skipped.append(f"{name} message {uid}: {error}")
    return messages


def _read_folder(client: IMAPClient, folder: Folder, name: str,
                 position: FolderPosition | None, now: datetime, batch: int,
                 on_batch: OnBatch | None, skipped: list[str]
                 ) -> tuple[list[MailMessage], FolderPosition, str]:
    selected = client.select_folder(name, readonly=True)  # EXAMINE: nothing can change
    validity = int(selected.get(b"UIDVALIDITY", 0))
    uids, note = _new_uids(client, position, validity, name, now)
    messages: list[MailMessage] = []
    for number, chunk in enumerate(_batches(uids, batch), start=1):
        messages += _read_batch(client, folder, name, chunk, skipped)
        if on_batch is not None:
            on_batch(folder, min(number * batch, len(uids)), len(uids))
    known = position.last_uid if position and position.uid_validity == validity else 0
    following = selected.get(b"UIDNEXT")
    highest = max([known, *uids, (int(following) - 1) if following else 0])
    return messages, FolderPosition(name, validity, highest), note


def fetch_check(client: IMAPClient, positions: Mapping[Folder, FolderPosition],
                now: datetime, *, sent_folder: str = "", batch: int = BATCH,
                on_batch: OnBatch | None = None) -> CheckResult:
    """What is new in INBOX and Sent since `positions`, read over a logged-in client. `now`
    places the window of a folder read for the first time."""
    names, missing_sent = find_folders(client, sent_folder)
    messages: list[MailMessage] = []
    skipped: list[str] = []
    notes = [missing_sent] if missing_sent else []
    new_positions: dict[Folder, FolderPosition] = {}
    for folder, name in names.items():
        found, position, note = _read_folder(client, folder, name, positions.get(folder), now,
                                             batch, on_batch, skipped)
        messages += found
        new_positions[folder] = position
        notes += [note] if note else []
    return CheckResult(messages=tuple(messages), positions=new_positions,
                       skipped=tuple(clean(line) for line in skipped), notes=tuple(notes))


def read_mailbox(account: MailAccount, password: str,
                 positions: Mapping[Folder, FolderPosition], now: datetime, *,
                 batch: int = BATCH, on_batch: OnBatch | None = None,
                 timeout: float | None = None) -> CheckResult:
    """Connect, read what is new, log out; every failure is one UserError (connection.py),
    and then no result at all: the positions stay where the last complete check put them."""
    with translated(account) as progress:
        client = connect(account, password, progress, **({"timeout": timeout} if timeout else {}))
        try:
            return fetch_check(client, positions, now, sent_folder=account.sent_folder,
                               batch=batch, on_batch=on_batch)
        finally:
            disconnect(client)
