"""A real Secret Service for the tests: gnome-keyring-daemon on a private D-Bus session bus.

`KeyringSession(directory)` starts a dbus-daemon with a config of its own (as
tests/e2e/desktop_session.py does: no service directories, so nothing is auto-activated and the
user's own bus and keyring are never touched), then `gnome-keyring-daemon --foreground
--components=secrets --unlock` with a keyring password on its standard input: it creates the
"login" collection in the private HOME, unlocked, and owns org.freedesktop.secrets. `env` is the
environment for a program under test. Both are stopped on exit; each child is killed with the
test process (setpriv --pdeathsig).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from contextlib import suppress
from pathlib import Path

from jeepney import DBusAddress, new_method_call
from jeepney.io.blocking import open_dbus_connection

from helpers.started import Started

SECRETS = "org.freedesktop.secrets"
KEYRING_PASSWORD = "keyring-of-the-test"

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class KeyringSession(Started):
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.home = directory / "home"
        # A Unix socket path is limited to 107 bytes: the bus lives in a short folder.
        self.runtime = Path(tempfile.mkdtemp(prefix="keyring-bus-", dir="/tmp"))
        self.address = ""
        self.children: list[subprocess.Popen[bytes]] = []

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("DBUS_", "PYTHON_KEYRING"))}
        env.update(HOME=str(self.home), XDG_RUNTIME_DIR=str(self.runtime),
                   XDG_DATA_HOME=str(self.home / ".local/share"),
                   XDG_CONFIG_HOME=str(self.home / ".config"),
                   DBUS_SESSION_BUS_ADDRESS=self.address)
        return env

    def _spawn(self, name: str, argv: list[str], **options: object) -> subprocess.Popen[bytes]:
        log = (self.directory / f"{name}.log").open("ab")
        process = subprocess.Popen(["setpriv", "--pdeathsig", "KILL", "--", *argv],
                                   stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True, **options)  # type: ignore[call-overload]
        log.close()
        self.children.append(process)
        return process

    def start(self, timeout: float = 15.0) -> None:
        for command in ("dbus-daemon", "gnome-keyring-daemon"):
            if shutil.which(command) is None:
                raise RuntimeError(f"{command} is missing; `bash scripts/setup.sh test` "
                                   "installs it (Debian dbus-daemon, gnome-keyring)")
        self.runtime.chmod(0o700)
        for sub in (".local/share", ".config"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        config = self.runtime / "bus.conf"
        config.write_text(BUS_CONFIG.format(socket=self.runtime / "bus"))
        read_end, write_end = os.pipe()
        try:
            self._spawn("dbus", ["dbus-daemon", f"--config-file={config}", "--nofork",
                                 "--nopidfile", f"--print-address={write_end}"],
                        pass_fds=(write_end,), stdin=subprocess.DEVNULL)
        finally:
            os.close(write_end)
        with os.fdopen(read_end, "rb") as reader:
            self.address = reader.readline().decode().strip()
        if not self.address:
            raise RuntimeError(f"dbus-daemon did not start:\n{self.log('dbus')}")
        keyring = self._spawn("gnome-keyring", ["gnome-keyring-daemon", "--foreground",
                                                "--components=secrets", "--unlock"],
                              stdin=subprocess.PIPE, env=self.env)
        assert keyring.stdin is not None
        keyring.stdin.write(KEYRING_PASSWORD.encode())  # --unlock reads it to the end
        keyring.stdin.close()
        deadline = time.monotonic() + timeout
        while not self.serves():
            if keyring.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gnome-keyring-daemon did not start:\n"
                                   f"{self.log('gnome-keyring')}")
            time.sleep(0.05)

    def serves(self) -> bool:
        """Whether something owns org.freedesktop.secrets on the private bus."""
        bus = DBusAddress("/org/freedesktop/DBus", bus_name="org.freedesktop.DBus",
                          interface="org.freedesktop.DBus")
        with open_dbus_connection(bus=self.address) as connection:
            reply = connection.send_and_get_reply(
                new_method_call(bus, "NameHasOwner", "s", (SECRETS,)), timeout=5)
        return bool(reply.body[0])

    def log(self, name: str) -> str:
        path = self.directory / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def close(self) -> None:
        for process in reversed(self.children):
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        self.children.clear()
        shutil.rmtree(self.runtime, ignore_errors=True)
