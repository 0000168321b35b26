"""One running app per data folder, so two schedulers never announce the same reminder.

A lock file decides who runs (QLockFile: atomic creation, and a lock left by a crashed process
is recognised by its dead PID and taken over). The winner then listens on a local socket; a later
launch that finds the folder locked asks it over that socket to raise its window, and exits.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile

if TYPE_CHECKING:  # the lock is taken before the window shows; the socket can wait
    import socket

    from PySide6.QtCore import QSocketNotifier

LOCK_FILE = "instance.lock"
SOCKET_FILE = "instance.sock"
ACTIVATE = b"activate\n"
ANSWER = b"ok\n"
SOCKET_PATH_MAX = 100  # sun_path holds 104-108 bytes, depending on the system


def socket_path(data_dir: Path) -> Path:
    """Beside the lock if the path fits in a socket address, else in a private temp folder."""
    path = data_dir / SOCKET_FILE
    if len(os.fsencode(path)) < SOCKET_PATH_MAX:
        return path
    import hashlib
    import tempfile

    digest = hashlib.sha256(os.fsencode(data_dir)).hexdigest()[:16]
    folder = Path(os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir())
    return folder / f"followup-desktop-{os.getuid()}-{digest}.sock"


class SingleInstance:
    """The running app's claim on its data folder."""

    def __init__(self, data_dir: Path) -> None:
        self._data_dir = data_dir
        self._lock = QLockFile(str(data_dir / LOCK_FILE))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self._server: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None

    def acquire(self) -> bool:
        self._data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        if self._data_dir.stat().st_mode & 0o077:  # an old 0755 folder: owner-only now
            self._data_dir.chmod(0o700)
        return self._lock.tryLock(0)

    def listen(self, on_activate: Callable[[], None]) -> None:
        """Answer later launches: each one asks this app to show its window."""
        import socket

        from PySide6.QtCore import QSocketNotifier

        if not hasattr(socket, "AF_UNIX"):
            return  # Windows: a second launch only learns that the app runs
        path = socket_path(self._data_dir)
        path.unlink(missing_ok=True)  # left by a crash; we hold the lock, so it is ours
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old_mask = os.umask(0o077)
        try:
            server.bind(str(path))
        finally:
            os.umask(old_mask)
        server.listen(8)
        server.setblocking(False)
        self._server, self._path, self._on_activate = server, path, on_activate
        self._notifier = QSocketNotifier(server.fileno(), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._accept)

    def _accept(self) -> None:
        assert self._server is not None
        while True:
            try:
                client, _ = self._server.accept()
            except BlockingIOError:
                return
            with client:
                client.settimeout(1.0)
                try:
                    request = client.recv(64)
                    client.sendall(ANSWER)
                except OSError:
                    continue  # a launch that gave up waiting
            if request == ACTIVATE:
                self._on_activate()

    def release(self) -> None:
        if self._server is not None:
            self._notifier.setEnabled(False)  # type: ignore[union-attr]
            self._server.close()
            self._path.unlink(missing_ok=True)
            self._server = None
        self._lock.unlock()


def activate_running(data_dir: Path, wait: float = 5.0) -> bool:
    """Ask the app that holds `data_dir` to show its window. It may have won the lock a moment
    ago and not be listening yet, so connecting is retried for `wait` seconds."""
    import socket

    if not hasattr(socket, "AF_UNIX"):
        return False
    deadline = time.monotonic() + wait
    path = str(socket_path(data_dir))
    while True:
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
                client.settimeout(2.0)
                client.connect(path)
                client.sendall(ACTIVATE)
                return client.recv(16) == ANSWER
        except OSError:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
