"""What the test CalDAV servers share (tests/helpers/radicale.py, tests/helpers/xandikos.py): a
real server from the package registry as a subprocess on 127.0.0.1 and a free port, its data in
a folder of the test's, waited for until it answers HTTP and stopped on exit.

Each server runs in its own process group (`stop()` ends it and anything it spawned) and under
`setpriv --pdeathsig KILL`, so a crashed test leaves no server behind. Its access log is kept:
`requests("PUT")` counts what a sync sent, the proof that a second sync writes nothing.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

from helpers.dovecot import free_port
from helpers.started import Started

USER = "jo"
PASSWORD = "calendar-password-1234"  # a test password; the server is private to the test


class DavServer(Started):
    name = "dav"

    def __init__(self, root: Path, user: str = USER, password: str = PASSWORD) -> None:
        self.root = root
        self.user = user
        self.password = password
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        root.mkdir(parents=True, exist_ok=True)

    @property
    def url(self) -> str:
        """What a user types as the server's address."""
        return f"http://127.0.0.1:{self.port}/"

    @property
    def log_path(self) -> Path:
        return self.root / f"{self.name}.log"

    def command(self) -> list[str]:
        raise NotImplementedError

    def prepare(self) -> None:
        """Write what the server reads before it starts (users, folders)."""

    def _enter(self) -> None:
        self.prepare()
        self.start()

    def _leave(self) -> None:
        self.stop()

    def start(self, timeout: float = 20.0) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            ["setpriv", "--pdeathsig", "KILL", "--", sys.executable, *self.command()],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
        log.close()
        deadline = time.monotonic() + timeout
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} did not start (status {self.process.poll()}):"
                                   f"\n{self.logs()[-4000:]}")
            time.sleep(0.05)

    def answers(self) -> bool:
        """Any HTTP answer at all: the server is up (a 401 or a redirect is an answer)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
        try:
            connection.request("OPTIONS", "/")
            return connection.getresponse().status > 0
        except OSError:
            return False
        finally:
            connection.close()

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        with suppress(ProcessLookupError):  # anything that outlived the server itself
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process = None

    def restart(self) -> None:
        """Stopped and started again on the same port, with the same data."""
        self.stop()
        self.start()

    def logs(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def requests(self, method: str) -> int:
        """How many requests of this method the server has logged so far. A server logs a
        request once it has answered it, so the count is read again until it holds still for
        a moment (the answer a client just had may not be in the log yet)."""
        count, deadline = self._logged(method), time.monotonic() + 3
        while time.monotonic() < deadline:
            time.sleep(0.3)
            again = self._logged(method)
            if again == count:
                break
            count = again
        return count

    def _logged(self, method: str) -> int:
        raise NotImplementedError
