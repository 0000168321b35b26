"""The password in a real Secret Service: gnome-keyring-daemon on a private D-Bus session bus
(tests/helpers/keyring_session.py), through keyring, by the real command."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.dovecot import PASSWORD, Dovecot
from helpers.keyring_session import KeyringSession
from helpers.mail_cli import FAR_AHEAD, add_args, files_hold, mail_env, run_cli
from helpers.mail_messages import message

SERVICE = "followup-desktop IMAP localhost"
LOOK_UP = """
import json, sys
import keyring
print(json.dumps([type(keyring.get_keyring()).__module__,
                  keyring.get_password(sys.argv[1], sys.argv[2])]))
"""
THROUGH_THE_MODULE = """
from followup_desktop.services.mail import secret
from followup_desktop.services.mail.account import make_account
account = make_account("imap.example.org", "ada")
secret.store_password(account, "pässwörd with spaces")
print(secret.read_password(account))
print(secret.forget_password(account), secret.read_password(account),
      secret.forget_password(account))
"""


@pytest.fixture
def keyring_session(tmp_path: Path) -> Iterator[KeyringSession]:
    with KeyringSession(tmp_path / "keyring") as session:
        yield session


def python(session: KeyringSession, script: str, *args: str) -> str:
    result = subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                            text=True, env=mail_env(None, session.env), timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def stored(session: KeyringSession, user: str = "jo@example.org") -> tuple[str, str | None]:
    backend, password = json.loads(python(session, LOOK_UP, SERVICE, user))
    return backend, password


def test_store_read_and_forget_through_the_module(keyring_session: KeyringSession):
    assert python(keyring_session, THROUGH_THE_MODULE).splitlines() == [
        "pässwörd with spaces", "True None False"]


def test_the_command_keeps_the_password_in_the_keyring_and_removes_it(
        keyring_session: KeyringSession, dovecot: Dovecot, tmp_path: Path):
    dovecot.place(message(), received=FAR_AHEAD)
    data, env = tmp_path / "data", mail_env(dovecot, keyring_session.env)
    added = run_cli(data, *add_args(dovecot), env=env, stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert added.stdout.endswith("\nThe password is in the Secret Service.\n")
    assert stored(keyring_session) == ("keyring.backends.SecretService", PASSWORD)
    assert run_cli(data, "mail", "account", "show", env=env).stdout.endswith(
        "\nPassword: stored in the Secret Service\n")

    checked = run_cli(data, "mail", "check", env=env)  # no --password-file: from the keyring
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("jo@example.org on localhost: 1 new message in INBOX")
    assert files_hold(data, PASSWORD) == []
    assert files_hold(keyring_session.home, PASSWORD) == []  # the keyring file is encrypted

    removed = run_cli(data, "mail", "account", "remove", env=env)
    assert removed.stdout == ("Removed the mail account jo@example.org on localhost; its "
                              "password was removed from the Secret Service.\n")
    assert stored(keyring_session) == ("keyring.backends.SecretService", None)


def test_replacing_the_account_forgets_the_old_password(
        keyring_session: KeyringSession, dovecot: Dovecot, tmp_path: Path):
    data, env = tmp_path / "data", mail_env(dovecot, keyring_session.env)
    assert run_cli(data, *add_args(dovecot), env=env, stdin="first\n").returncode == 0
    again = add_args(dovecot)
    again[again.index("--user") + 1] = "ada@example.org"
    assert run_cli(data, *again, env=env, stdin="second\n").returncode == 0
    assert stored(keyring_session)[1] is None
    assert stored(keyring_session, "ada@example.org")[1] == "second"
