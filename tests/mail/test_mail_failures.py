"""When the server says no, cannot be trusted, or goes away: one clear sentence, nothing stored,
and the next check starts again from the positions of the last complete one."""

from __future__ import annotations

from dataclasses import replace

import pytest

from followup_desktop.services.changes import Changed
from followup_desktop.services.errors import NetworkError, UserError
from followup_desktop.services.mail import checking
from followup_desktop.services.mail.account import MailAccount, save_account
from followup_desktop.services.mail.connection import CertificateError, MailLoginError
from followup_desktop.services.mail.fetching import read_mailbox
from followup_desktop.services.mail.message import Folder
from followup_desktop.services.mail.security import Security
from helpers.backends import db_file, table_rows
from helpers.dovecot import PASSWORD, Dovecot, free_port, server_root
from helpers.mail_messages import NOW, message


def test_a_wrong_password_is_told_with_the_hint_of_an_app_password(account: MailAccount):
    with pytest.raises(MailLoginError) as refused:
        read_mailbox(account, "not-the-password", {}, NOW)
    assert str(refused.value) == (
        "The mail server localhost refused the login of jo@example.org ([AUTHENTICATIONFAILED] "
        "Authentication failed.); nothing was read. Check the user name and password; with "
        "two-step verification, use an app password (see docs/mail.md).")
    assert "not-the-password" not in str(refused.value)


def test_a_certificate_no_one_vouches_for_is_refused_before_the_login(
        dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)  # only the system's authorities
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    for security, port in ((Security.SSL, dovecot.imaps_port),
                           (Security.STARTTLS, dovecot.imap_port)):
        account = MailAccount("localhost", port, dovecot.user, security)
        with pytest.raises(CertificateError) as refused:
            read_mailbox(account, PASSWORD, {}, NOW)
        assert str(refused.value).startswith(
            "The certificate of localhost cannot be trusted (self-signed certificate); the "
            "connection was refused and the password was not sent.")
    assert "Login: " not in dovecot.logs()  # the password never reached the server


def test_a_certificate_for_another_name_is_refused(monkeypatch: pytest.MonkeyPatch):
    """A trusted certificate, but for mail.example.org: not the server asked for."""
    with server_root() as root, Dovecot(root, names="DNS:mail.example.org") as server:
        monkeypatch.setenv("SSL_CERT_FILE", str(server.ca_file))
        account = MailAccount("localhost", server.imaps_port, server.user, Security.SSL)
        with pytest.raises(CertificateError, match=r"^The certificate of localhost cannot be "
                                                   r"trusted \(Hostname mismatch"):
            read_mailbox(account, PASSWORD, {}, NOW)
        assert "Login: " not in server.logs()


def test_a_server_that_is_not_there_cannot_be_reached(trusted: Dovecot):
    account = MailAccount("127.0.0.1", free_port(), trusted.user, Security.SSL)
    with pytest.raises(NetworkError, match=r"^The mail server 127\.0\.0\.1:\d+ cannot be "
                                           r"reached \(.*\); nothing was changed\."):
        read_mailbox(account, PASSWORD, {}, NOW)


def test_tls_to_the_starttls_port_says_to_check_the_port(trusted: Dovecot):
    account = MailAccount("localhost", trusted.imap_port, trusted.user, Security.SSL)
    with pytest.raises(UserError, match=r"^TLS with the mail server localhost:\d+ failed .*"
                                        r"check that the port is the one for ssl"):
        read_mailbox(account, PASSWORD, {}, NOW, timeout=5)


def test_a_server_killed_mid_fetch_stores_nothing_and_the_next_check_reads_it_all(
        backend, trusted: Dovecot, account: MailAccount):
    for number in range(1000):
        trusted.place(message(f"Message {number}", message_id=f"<k{number}@acme.example>"),
                      received=NOW)
    save_account(backend, account)
    applied: list[object] = []
    rounds: list[int] = []

    def kill_after_the_first_round(folder: Folder, done: int, total: int) -> None:
        rounds.append(done)
        trusted.kill()

    before = table_rows(db_file(backend.data_dir))
    with pytest.raises(NetworkError) as lost:
        checking.check(backend, password=PASSWORD, positions={},
                       apply=lambda _b, result: applied.append(result),
                       on_batch=kill_after_the_first_round)
    assert str(lost.value).startswith(f"The connection to the mail server localhost:"
                                      f"{account.port} broke off while reading (")
    assert str(lost.value).endswith("); nothing was stored, and the next check starts again "
                                    "where the last complete one stopped.")
    assert rounds == [200] and applied == []
    assert table_rows(db_file(backend.data_dir)) == before

    trusted.start()  # the same maildir: the positions of the last complete check still hold
    summary = checking.check(backend, password=PASSWORD, positions={},
                             apply=lambda _b, result: applied.append(result))
    assert len(applied) == 1 and applied[0] is summary.result
    assert len(summary.result.messages) == 1000


def test_a_check_needs_an_account_and_a_password(backend, account: MailAccount):
    with pytest.raises(UserError, match="No mail account is set up; add one with "
                                        "`followup-desktop mail account add"):
        checking.check(backend, password=PASSWORD, positions={}, apply=lambda *_: None)
    assert checking.check_if_set_up(backend, password=PASSWORD) is None


def test_a_check_hands_its_result_to_apply_and_says_what_it_found(
        backend, trusted: Dovecot, account: MailAccount):
    trusted.place(message(), received=NOW)
    trusted.place(message("Automatic reply: Thank you", headers="Auto-Submitted: auto-replied\n",
                          message_id="<ooo@acme.example>"), received=NOW)
    trusted.place(b"\x00\x01 not a message", received=NOW)
    save_account(backend, replace(account, sent_folder="Sent"))
    handed = []

    class Applied:
        changed = Changed.PLAN

        def describe(self) -> str:
            return "1 reply recorded"

    def apply(given_backend, result):
        handed.append((given_backend, result))
        return Applied()

    summary = checking.check(backend, password=PASSWORD, positions={}, apply=apply)
    assert handed == [(backend, summary.result)] and summary.changed is Changed.PLAN
    assert summary.describe() == (
        "jo@example.org on localhost: 2 new messages in INBOX (1 automatic answer), 0 in Sent.\n"
        "1 message could not be read and was skipped:\n"
        "  INBOX message 3: it names no sender and no recipient\n"
        "1 reply recorded.")
    assert summary.text == ("Mail checked: 2 new messages in INBOX (1 automatic answer), 0 in "
                            "Sent; 1 skipped (see the log); 1 reply recorded.")
    log = (backend.data_dir / "logs" / "followup.log").read_text()
    assert "mail check skipped INBOX message 3: it names no sender and no recipient" in log
    assert PASSWORD not in log
