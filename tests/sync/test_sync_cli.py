"""`followup-desktop sync account add|show|remove` and `followup-desktop sync`, run as the real
command in a subprocess against a real Radicale. The password comes from a file or standard
input and goes to the Secret Service (a private gnome-keyring, tests/helpers/keyring_session.py)
or, where there is none, is given to each sync; it is never in the data folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.backends import START, make_backend
from helpers.keyring_session import KeyringSession
from helpers.mail_cli import files_hold, mail_env, run_cli
from helpers.radicale import Radicale
from helpers.sync_world import make_world

PREFIX = "followup-desktop: "


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder with an interview planned (three follow-ups), closed again."""
    with make_backend(tmp_path / "data", start=START) as backend:
        make_world(backend)
    return tmp_path / "data"


@pytest.fixture
def password_file(tmp_path: Path, radicale: Radicale) -> Path:
    path = tmp_path / "password"
    path.write_text(radicale.password + "\n")
    return path


def add(data: Path, server: Radicale, env: dict[str, str], *more: str, stdin: str = ""):
    return run_cli(data, "sync", "account", "add", "--url", server.url, "--user", server.user,
                   *more, env=env, stdin=stdin)


def one_line_error(result) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(PREFIX), result.stderr
    return result.stderr[len(PREFIX):].rstrip("\n")


def test_add_show_sync_and_remove_without_a_secret_service(
        data: Path, radicale: Radicale, password_file: Path):
    env = mail_env(None)
    added = add(data, radicale, env, stdin=radicale.password + "\n")
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith(f"Calendar account: jo on {radicale.url}; follow-ups go out "
                                   "as tasks with an alarm.\nThe password was not stored: ")
    shown = run_cli(data, "sync", "account", "show", env=env)
    assert shown.stdout == (f"Calendar account: jo on {radicale.url}; follow-ups go out as "
                            "tasks with an alarm\nPassword: not stored (there is no Secret "
                            "Service in this session)\n")

    synced = run_cli(data, "sync", "--password-file", str(password_file), env=env)
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout == (f"Synced with {radicale.url} (made the calendar \"Follow-ups\"): "
                             "sent 3 new; nothing new from it.\n")
    assert synced.stderr == ""
    again = run_cli(data, "sync", "--password-file", str(password_file), env=env)
    assert again.stdout == f"Synced with {radicale.url}: nothing to send; nothing new from it.\n"
    assert files_hold(data, radicale.password) == []

    removed = run_cli(data, "sync", "account", "remove", env=env)
    assert removed.stdout == (f"Removed the calendar account jo on {radicale.url}; there is no "
                              "Secret Service in this session to remove a password from. What "
                              "was written to the server stays there.\n")
    no_account = run_cli(data, "sync", env=env)
    assert one_line_error(no_account).startswith("No calendar server is set up")


def test_a_wrong_password_ends_with_status_2_and_one_line(
        data: Path, radicale: Radicale, tmp_path: Path):
    env = mail_env(None)
    assert add(data, radicale, env, stdin="x\n").returncode == 0
    wrong = tmp_path / "wrong"
    wrong.write_text("not-the-password\n")
    result = run_cli(data, "sync", "--password-file", str(wrong), env=env)
    assert one_line_error(result) == (
        f"the calendar server {radicale.url} refused the user name 'jo' or its password while "
        "looking for the calendars; check them (`sync account add` again, or "
        "--password-file).")


def test_a_stopped_server_ends_with_status_2_and_the_next_sync_resumes(
        data: Path, radicale: Radicale, password_file: Path):
    env = mail_env(None)
    assert add(data, radicale, env, stdin="x\n").returncode == 0
    radicale.stop()
    down = run_cli(data, "sync", "--password-file", str(password_file), env=env)
    assert one_line_error(down).startswith(f"the calendar server {radicale.url} cannot be "
                                           "reached while looking for the calendars (")
    radicale.start()
    resumed = run_cli(data, "sync", "--password-file", str(password_file), env=env)
    assert resumed.returncode == 0, resumed.stderr
    assert "sent 3 new" in resumed.stdout


@pytest.mark.parametrize(("url", "problem"), [
    ("http://cloud.example.org/remote.php/dav", "an http:// address (no TLS) is allowed only "
                                                "for this machine"),
    ("https://jo:secret@cloud.example.org/dav", "must not hold a user name or password"),
    ("ftp://cloud.example.org/", "is not an https:// address"),
])
def test_an_address_that_would_expose_the_password_is_refused(
        data: Path, url: str, problem: str):
    result = run_cli(data, "sync", "account", "add", "--url", url, "--user", "jo",
                     env=mail_env(None), stdin="pw\n")
    assert problem in one_line_error(result)
    assert "secret" not in result.stderr


@pytest.fixture
def keyring_session(tmp_path: Path) -> Iterator[KeyringSession]:
    with KeyringSession(tmp_path / "keyring") as session:
        yield session


def test_the_password_is_kept_in_the_secret_service_and_used_by_sync(
        data: Path, radicale: Radicale, keyring_session: KeyringSession):
    env = mail_env(None, keyring_session.env)
    added = add(data, radicale, env, stdin=radicale.password + "\n")
    assert added.stdout.endswith("\nThe password is in the Secret Service.\n"), added.stderr
    synced = run_cli(data, "sync", env=env)  # no --password-file: from the keyring
    assert synced.returncode == 0, synced.stderr
    assert "sent 3 new" in synced.stdout
    assert files_hold(data, radicale.password) == []
    assert files_hold(keyring_session.home, radicale.password) == []  # encrypted there
    removed = run_cli(data, "sync", "account", "remove", env=env)
    assert "its password was removed from the Secret Service" in removed.stdout
