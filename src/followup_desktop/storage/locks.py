"""Who holds the database: read from the kernel's lock table (Linux /proc/locks).

SQLite takes POSIX byte-range locks. In WAL mode the write lock is byte 120 of the -shm file
and every open connection holds a shared lock on byte 128 (the "dead man switch"); in rollback
mode a writer holds a write lock on bytes of the database file itself (at 1 GiB).
The table is read, never the files: opening and closing the -shm file here would drop this
process's own POSIX locks on it (they belong to the process, not to the descriptor).
"""

from __future__ import annotations

import os
from pathlib import Path

PROC_LOCKS = Path("/proc/locks")
WAL_WRITE_BYTE = 120
WAL_ALIVE_BYTE = 128


def _locks_on(path: Path) -> list[tuple[int, str, int, int]]:
    """(pid, READ or WRITE, first byte, last byte or -1 for EOF) of POSIX locks on `path`."""
    try:
        info = path.stat()
        table = PROC_LOCKS.read_text(encoding="ascii", errors="replace")
    except OSError:
        return []
    found = []
    for line in table.splitlines():
        parts = line.split()
        if "->" in parts:  # a request waiting behind the lock, not a lock held
            continue
        if len(parts) < 8 or parts[1] not in ("POSIX", "OFDLCK"):
            continue
        try:
            major, minor, inode = parts[5].split(":")
            if int(inode) != info.st_ino or os.makedev(int(major, 16), int(minor, 16)) \
                    != info.st_dev:
                continue
            end = -1 if parts[7] == "EOF" else int(parts[7])
            found.append((int(parts[4]), parts[3], int(parts[6]), end))
        except ValueError:
            continue
    return found


def _covers(start: int, end: int, byte: int) -> bool:
    return start <= byte and (end == -1 or byte <= end)


def writer_pids(database: Path) -> list[int]:
    """Processes other than this one that hold the database's write lock now."""
    shm = database.with_name(database.name + "-shm")
    pids = [pid for pid, kind, start, end in _locks_on(shm)
            if kind == "WRITE" and _covers(start, end, WAL_WRITE_BYTE)]
    pids += [pid for pid, kind, _start, _end in _locks_on(database) if kind == "WRITE"]
    own = os.getpid()
    return sorted({pid for pid in pids if pid not in (own, -1)})


def users(database: Path) -> list[int]:
    """Processes other than this one with the database open in WAL mode now."""
    shm = database.with_name(database.name + "-shm")
    own = os.getpid()
    return sorted({pid for pid, _kind, start, end in _locks_on(shm)
                   if _covers(start, end, WAL_ALIVE_BYTE) and pid not in (own, -1)})


def describe_process(pid: int) -> str:
    """`sqlite3 (process 1234)`, from the program's name where the system tells it."""
    try:
        name = Path(f"/proc/{pid}/comm").read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        name = ""
    if name.startswith("python"):  # most likely another copy of this app
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            if any(b"followup" in part for part in argv):
                name = "Another copy of Follow-up"
        except OSError:
            pass
    return f"{name or 'A program'} (process {pid})"


def lock_holder(database: Path) -> str | None:
    """Who holds the write lock of `database`, in words; None when it cannot be told."""
    pids = writer_pids(database)
    return ", ".join(describe_process(pid) for pid in pids) if pids else None
