"""Errors a user can act on, and the line between them and bugs (docs/reliability.md).

An expected condition (the disk is full, another program holds the data, the database is
damaged, a file cannot be read, the network is down) becomes one UserError: one sentence, shown
as it is, that says nothing was changed and what to do. `expected()` finds it behind whatever
SQLite, peewee or the OS raised, looking through the whole chain: a full disk in the middle of a
transaction is followed by "no such savepoint" and "cannot rollback", and the first cause is the
one to tell. Anything else is a bug: errorlog.py writes its traceback to the log file.
"""

from __future__ import annotations

import errno
from pathlib import Path

DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})
# SQLite's own words, for wrappers that keep only the message (peewee's exceptions do).
DISK_FULL_TEXT = ("database or disk is full", "disk i/o error: no space")
LOCKED_TEXT = ("database is locked", "database table is locked", "database schema is locked")
DAMAGED_TEXT = ("database disk image is malformed", "file is not a database",
                "file is encrypted or is not a database")
# Primary result codes; extended ones (SQLITE_BUSY_SNAPSHOT) start with them.
DISK_FULL_NAMES = ("SQLITE_FULL",)
LOCKED_NAMES = ("SQLITE_BUSY", "SQLITE_LOCKED")
DAMAGED_NAMES = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
RESTORE_HINT = ("restore the newest good backup (File › Restore from a backup, or "
                "`followup-desktop restore FILE` with a file from the backups folder)")


class UserError(Exception):
    """Something the user asked for cannot be done; nothing was changed."""


class DiskFullError(UserError):
    """The disk (or the user's quota) is full."""


class LockedError(UserError):
    """Another program holds the database's write lock; trying again later works."""

    def __init__(self, message: str, holder: str | None = None) -> None:
        super().__init__(message)
        self.holder = holder


class DamagedError(UserError):
    """The database file is damaged or is not a database."""


class UnreadableInputError(UserError):
    """A file to read cannot be read, or is not what it claims to be."""


class NetworkError(UserError):
    """A server cannot be reached."""


def chain(error: BaseException) -> list[BaseException]:
    """The error and every error it was raised from or while handling, first the newest."""
    found: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in found:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


def is_disk_full(error: BaseException) -> bool:
    return any(_disk_full(link) for link in chain(error))


def is_locked(error: BaseException) -> bool:
    return any(_kind(link, LOCKED_NAMES, LOCKED_TEXT) for link in chain(error))


def is_damaged(error: BaseException) -> bool:
    return any(_kind(link, DAMAGED_NAMES, DAMAGED_TEXT) for link in chain(error))


def expected(error: BaseException, database: Path | None = None) -> UserError | None:
    """The expected condition behind `error` as the UserError to show, or None for a bug.

    `database` (the live database file) lets a lock message name the program that holds it.
    """
    links = chain(error)
    if any(_disk_full(link) for link in links):
        return DiskFullError("The disk is full; nothing was changed. Free some space on it "
                             "and try again.")
    if any(_kind(link, LOCKED_NAMES, LOCKED_TEXT) for link in links):
        return locked_error(database)
    if any(_kind(link, DAMAGED_NAMES, DAMAGED_TEXT) for link in links):
        where = f"The database {database}" if database else "The database"
        return DamagedError(f"{where} is damaged ({_sqlite_text(links)}); {RESTORE_HINT}.")
    for link in links:  # a refusal raised first, a failed rollback after it
        if isinstance(link, UserError):
            return link
    for link in links:
        if isinstance(link, (ConnectionError, TimeoutError)) or _is_network(link):
            return NetworkError(f"The server cannot be reached ({_os_text(link)}); nothing was "
                                "changed. Check the connection and try again.")
        if isinstance(link, OSError) and link.errno in READ_ONLY_ERRNOS:
            where = f" {link.filename}" if link.filename else ""
            return UserError(f"No permission to write{where} ({link.strerror}); nothing was "
                             "changed. Choose another place or fix the permissions.")
    return None


def file_error(path: Path, error: OSError, doing: str = "written") -> UserError:
    """The one sentence for a file that cannot be written (or read): a full disk says so."""
    if error.errno in DISK_FULL_ERRNOS:
        return DiskFullError(f"{path}: cannot be {doing}, the disk is full; nothing was "
                             "changed. Free some space on it and try again.")
    kind = UnreadableInputError if doing == "read" else UserError
    return kind(f"{path}: cannot be {doing} ({error.strerror or error}).")


def locked_error(database: Path | None) -> LockedError:
    from followup_desktop.storage.locks import lock_holder

    holder = lock_holder(database) if database is not None else None
    who = holder or "Another program"
    return LockedError(f"{who} holds the data and is writing to it; nothing was changed. "
                       "Try again in a moment (or close that program).", holder)


def _disk_full(link: BaseException) -> bool:
    if isinstance(link, OSError) and link.errno in DISK_FULL_ERRNOS:
        return True
    return _kind(link, DISK_FULL_NAMES, DISK_FULL_TEXT)


def _kind(link: BaseException, names: tuple[str, ...], texts: tuple[str, ...]) -> bool:
    name = getattr(link, "sqlite_errorname", None)
    if isinstance(name, str):
        return any(name == base or name.startswith(base + "_") for base in names)
    if isinstance(link, (OSError, UserError)):
        return False
    text = str(link).lower()
    return any(piece in text for piece in texts)


def _is_network(link: BaseException) -> bool:
    module = type(link).__module__
    return module in ("socket", "ssl", "imaplib") or type(link).__name__ in (
        "gaierror", "SSLError", "IMAP4.abort")


def _sqlite_text(links: list[BaseException]) -> str:
    for link in links:
        if getattr(link, "sqlite_errorname", None) or not isinstance(link, OSError):
            return str(link)
    return str(links[0])


def _os_text(link: BaseException) -> str:
    return getattr(link, "strerror", None) or str(link) or type(link).__name__
