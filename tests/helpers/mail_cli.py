"""Running `followup-desktop mail ...` as a real subprocess against a test dovecot."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from helpers.commands import command_env
from helpers.dovecot import Dovecot

# The app's clock is the real one in a subprocess (or faketime's, when the suite runs under
# it), so the messages a command must find are dated far ahead: always inside the window of
# a first check, whatever the clock says. Their Date headers stay pinned.
FAR_AHEAD = datetime(2099, 1, 5, 9, 0, tzinfo=UTC)


def mail_env(server: Dovecot | None, base: dict[str, str] | None = None,
             **changes: str | None) -> dict[str, str]:
    """The command's environment: our sources, the test server's certificate trusted, and no
    Secret Service unless `base` (a KeyringSession's env) brings one."""
    trusted = {"SSL_CERT_FILE": str(server.ca_file)} if server is not None else {}
    never_ours = {"DBUS_SESSION_BUS_ADDRESS": None} if base is None else {}  # no user keyring
    return command_env(base, **{**never_ours, **trusted, **changes})


def run_cli(data_dir: Path, *args: str, env: dict[str, str], stdin: str = "",
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "followup_desktop", "--data-dir",
                           str(data_dir), *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=timeout, check=False)


def add_args(server: Dovecot, *more: str) -> list[str]:
    return ["mail", "account", "add", "--host", "localhost", "--port", str(server.imaps_port),
            "--user", server.user, *more]


def files_hold(folder: Path, secret: str) -> list[Path]:
    """Every file under `folder` whose bytes contain `secret`."""
    needle = secret.encode()
    return [path for path in folder.rglob("*") if path.is_file() and needle in
            path.read_bytes()]
