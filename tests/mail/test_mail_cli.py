"""`followup-desktop mail ...` end to end: the real command in a subprocess, a temporary data
folder and a real dovecot; here without a Secret Service (the password comes from a file), see
test_secret_service.py for the keyring. Errors are one line on stderr with exit status 2 (the
CLI's status for an expected fault, cli.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from helpers.dovecot import PASSWORD, Dovecot
from helpers.mail_cli import FAR_AHEAD, add_args, files_hold, mail_env, run_cli
from helpers.mail_messages import ADA, JO, message

PREFIX = "followup-desktop: "
NO_SECRET_SERVICE = ("There is no Secret Service (a desktop keyring such as GNOME Keyring or "
                     "KWallet) in this session, so the mail password cannot be kept; pass it "
                     "with --password-file FILE to `mail check`, or start the desktop's keyring.")


def one_line_error(result, starts: str) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(PREFIX + starts), \
        result.stderr
    return result.stderr


def ok(result) -> str:
    assert result.returncode == 0 and result.stderr == "", (result.stdout, result.stderr)
    return result.stdout


@pytest.fixture
def mailbox(dovecot: Dovecot) -> Dovecot:
    dovecot.place(message(), received=FAR_AHEAD)
    dovecot.place(message("Automatic reply: Thank you", headers="Auto-Submitted: auto-replied\n",
                          message_id="<ooo@acme.example>"), received=FAR_AHEAD)
    dovecot.place(message("Thank you, Ada", sender=JO, to=ADA, message_id="<s@example.org>"),
                  "Sent", received=FAR_AHEAD)
    return dovecot


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    path = tmp_path / "password.txt"
    path.write_text(PASSWORD + "\n")
    return path


def test_add_show_check_and_remove_with_a_password_file(mailbox, password_file, tmp_path):
    data, env = tmp_path / "data", mail_env(mailbox)
    added = ok(run_cli(data, *add_args(mailbox, "--password-file", str(password_file)),
                       env=env))
    assert added == (f"Mail account: jo@example.org on localhost:{mailbox.imaps_port} (TLS); "
                     "sent mail: the folder the server marks Sent.\n"
                     f"The password was not stored: {NO_SECRET_SERVICE}\n")
    shown = ok(run_cli(data, "mail", "account", "show", env=env))
    assert shown == (f"Mail account: jo@example.org on localhost:{mailbox.imaps_port} (TLS); "
                     "sent mail: the folder the server marks Sent\n"
                     "Password: not stored (there is no Secret Service in this session)\n")
    one_line_error(run_cli(data, "mail", "check", env=env), NO_SECRET_SERVICE)

    checked = ok(run_cli(data, "mail", "check", "--password-file", str(password_file),
                         env=env))
    assert checked.splitlines()[0] == ("jo@example.org on localhost: 2 new messages in INBOX "
                                       "(1 automatic answer), 1 in Sent.")
    assert "Login: user=<jo@example.org>" in mailbox.logs()
    assert files_hold(data, PASSWORD) == []  # not in the database, the settings or the log

    removed = ok(run_cli(data, "mail", "account", "remove", env=env))
    assert removed == ("Removed the mail account jo@example.org on localhost; there is no "
                       "Secret Service in this session to remove a password from.\n")
    assert ok(run_cli(data, "mail", "account", "show", env=env)) == (
        "No mail account is set up (`followup-desktop mail account add`).\n")
    one_line_error(run_cli(data, "mail", "check", env=env), "No mail account is set up;")


def test_the_password_is_read_from_standard_input_and_never_printed(mailbox, tmp_path):
    data, env = tmp_path / "data", mail_env(mailbox)
    added = run_cli(data, *add_args(mailbox, "--security", "ssl"), env=env,
                    stdin=PASSWORD + "\n")
    assert added.returncode == 0 and PASSWORD not in added.stdout + added.stderr
    one_line_error(run_cli(data, *add_args(mailbox), env=env, stdin=""), "No password given")


@pytest.mark.skipif(importlib.util.find_spec("followup_desktop.services.mail.applying") is None,
                    reason="the rules that store a check (applying.py) are not merged yet")
def test_a_second_check_finds_nothing_new(mailbox, password_file, tmp_path):
    data, env = tmp_path / "data", mail_env(mailbox)
    ok(run_cli(data, *add_args(mailbox, "--password-file", str(password_file)), env=env))
    check = ("mail", "check", "--password-file", str(password_file))
    assert "2 new messages in INBOX" in ok(run_cli(data, *check, env=env))
    assert ok(run_cli(data, *check, env=env)).splitlines()[0] == (
        "jo@example.org on localhost: 0 new messages in INBOX, 0 in Sent.")


def test_every_failure_is_one_line(mailbox, password_file, tmp_path):
    data, env = tmp_path / "data", mail_env(mailbox)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not-it\n")
    ok(run_cli(data, *add_args(mailbox, "--password-file", str(password_file)), env=env))
    check = ("mail", "check", "--password-file")
    one_line_error(run_cli(data, *check, str(wrong), env=env),
                   "The mail server localhost refused the login of jo@example.org")
    one_line_error(run_cli(data, *check, str(password_file), env=mail_env(
        mailbox, SSL_CERT_FILE=None)), "The certificate of localhost cannot be trusted")
    one_line_error(run_cli(data, *check, str(tmp_path / "none.txt"), env=env),
                   f"{tmp_path / 'none.txt'}: cannot be read")
    for arguments, starts in (
            (("--port", "99x"), "--port: '99x' is not a port"),
            (("--security", "tls"), "--security: 'tls' is not one of: ssl, starttls, plain"),
    ):
        one_line_error(run_cli(data, *add_args(mailbox, *arguments), env=env, stdin="pw\n"),
                       starts)
    one_line_error(run_cli(data, "mail", "account", "add", "--host", "imap.example.org",
                           "--user", "jo", "--security", "plain", env=env, stdin="pw\n"),
                   "--security: a connection without TLS is allowed only to this machine")
    mailbox.kill()
    one_line_error(run_cli(data, *check, str(password_file), env=env),
                   f"The mail server localhost:{mailbox.imaps_port} cannot be reached")
