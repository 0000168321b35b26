"""Another program holding the data: a real `sqlite3` shell in `BEGIN IMMEDIATE`, as the
write runner (ui/background/writes.py) meets it, and a `writes.ask_retry` that lets it go."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

SQLITE3 = shutil.which("sqlite3")
needs_sqlite3 = pytest.mark.skipif(
    SQLITE3 is None,
    reason="the sqlite3 shell is not installed (scripts/setup.sh test installs it)")


class Holder:
    """The shell holding the write lock; `release` commits and quits (the program lets go)."""

    def __init__(self, shell: subprocess.Popen[str]) -> None:
        self.shell = shell
        self.pid = shell.pid

    def release(self) -> None:
        if self.shell.poll() is None:
            self.shell.communicate("COMMIT;\n.quit\n", timeout=10)

    def told(self, text: str) -> bool:
        """Whether `text` names this program as the one holding the data."""
        return f"sqlite3 (process {self.pid}) holds the data" in text


@contextmanager
def lock_held(database: Path) -> Iterator[Holder]:
    assert SQLITE3 is not None
    shell = subprocess.Popen([SQLITE3, str(database)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert shell.stdin is not None and shell.stdout is not None
        shell.stdin.write("BEGIN IMMEDIATE;\nSELECT 'held';\n")
        shell.stdin.flush()
        assert shell.stdout.readline().strip() == "held"
        yield Holder(shell)
    finally:
        if shell.poll() is None:
            shell.kill()
            shell.communicate()


def retry_after_release(holder: Holder, asked: list[str],
                        check: Callable[[], None] = lambda: None) -> Callable[..., bool]:
    """A stand-in for `writes.ask_retry`: keeps what the user was told, runs `check` while the
    data is still held, then lets it go and answers Retry."""
    def answer(_parent: object, text: str) -> bool:
        asked.append(text)
        check()
        holder.release()
        return True

    return answer
