"""Writing a file the way every file of the app is written: owner-only (0600, whatever the umask
or the mode of a file left behind), into a fresh temporary file in the same folder, synced to
disk, and only then renamed over the old one. A crash, a full disk or a reader polling the file
never sees half a file, and a failed write leaves no temporary file behind.

Standard library only, so that every layer that writes files (services, io) may use it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

TEMP_SUFFIX = ".part"


def new_private_file(folder: Path, prefix: str, suffix: str = TEMP_SUFFIX) -> tuple[int, Path]:
    """A new file (never an existing one: O_EXCL, a random name), mode 0600; (fd, path)."""
    while True:
        path = folder / f"{prefix}{os.getpid()}-{os.urandom(6).hex()}{suffix}"
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_RDWR | getattr(os, "O_BINARY", 0),
                         0o600)
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue
        if hasattr(os, "fchmod"):  # a umask such as 0o277 would have taken the owner's write
            os.fchmod(fd, 0o600)
        return fd, path


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A fresh private temporary file beside `path` for the caller to fill (by its name, e.g.
    for Qt's writers); on success it is synced and renamed to `path`, on any failure removed.
    Raises OSError."""
    path = Path(path)
    fd, temporary = new_private_file(path.parent, f".{path.name}.")
    os.close(fd)
    try:
        yield temporary
        sync_file(temporary)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    sync_folder(path.parent)


def write_private(path: Path, data: bytes) -> None:
    """Replace `path` with `data` (see the module docstring). Raises OSError."""
    path = Path(path)
    fd, temporary = new_private_file(path.parent, f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())  # on disk before it replaces the old file
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    sync_folder(path.parent)


def sync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); folders cannot be opened on Windows."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse to sync a folder
        pass
    finally:
        os.close(fd)
