"""Reading INBOX and Sent from a real dovecot: each new message once, only what is needed of it,
nothing changed on the server, thousands in rounds."""

from __future__ import annotations

import ssl
import time
from dataclasses import replace
from datetime import timedelta

import pytest
from imapclient import IMAPClient

from followup_desktop.services.errors import UserError
from followup_desktop.services.mail.account import MailAccount
from followup_desktop.services.mail.fetching import BATCH, PART_BYTES, TEXT_LIMIT, read_mailbox
from followup_desktop.services.mail.message import CheckResult, Folder, FolderPosition
from followup_desktop.services.mail.security import Security
from helpers.dovecot import PASSWORD, Dovecot, server_root
from helpers.mail_messages import ADA, DATE_UTC, JO, NOW, message, multipart


def read(account: MailAccount, positions: dict | None = None, **options) -> CheckResult:
    return read_mailbox(account, PASSWORD, positions or {}, NOW, **options)


def uids(result: CheckResult, folder: Folder = Folder.INBOX) -> list[int]:
    return [m.uid for m in result.messages if m.folder is folder]


def test_new_messages_are_read_once_and_only_once(trusted: Dovecot, account: MailAccount):
    trusted.place(message(), received=NOW)
    trusted.place(message("Next steps", to=f"{JO}, \"Babbage, C.\" <Charles@Acme.Example>",
                          message_id="<m2@acme.example>"), received=NOW)
    trusted.place(message("Thank you, Ada", sender=JO, to=ADA, message_id="<s1@example.org>"),
                  "Sent", received=NOW)
    first = read(account)
    assert [(m.folder, m.uid, m.subject) for m in first.messages] == [
        (Folder.INBOX, 1, "Thank you"), (Folder.INBOX, 2, "Next steps"),
        (Folder.SENT, 1, "Thank you, Ada")]
    thanks = first.messages[0]
    assert thanks.sender == ADA and thanks.recipients == (JO,)
    assert thanks.at == DATE_UTC and thanks.message_id == "<m1@acme.example>"
    assert thanks.text == "Hello Jo,\nthank you for coming in." and not thanks.automatic
    assert first.messages[1].recipients == (JO, "charles@acme.example")  # To and Cc, lower case
    assert first.messages[2].recipients == (ADA,)
    inbox = first.positions[Folder.INBOX]
    assert (inbox.name, inbox.last_uid) == ("INBOX", 2) and inbox.uid_validity > 0
    assert first.positions[Folder.SENT].name == "Sent"
    assert first.skipped == () and first.notes == ()

    again = read(account, first.positions)  # an idempotent second check
    assert again.messages == () and again.positions == first.positions

    trusted.place(message("One more", message_id="<m3@acme.example>"), received=NOW)
    third = read(account, again.positions)
    assert [(m.uid, m.subject) for m in third.messages] == [(3, "One more")]
    assert third.positions[Folder.INBOX].last_uid == 3
    assert third.positions[Folder.SENT] == first.positions[Folder.SENT]


def test_the_sent_folder_is_found_by_special_use(monkeypatch):
    """"Gesendet" is no name imapclient would guess: only the \\Sent mark finds it."""
    with server_root() as root, Dovecot(root, sent="Gesendet", others=("Archiv",)) as server:
        monkeypatch.setenv("SSL_CERT_FILE", str(server.ca_file))
        server.place(message("Danke", sender=JO, to=ADA), "Gesendet", received=NOW)
        server.place(message("Old", sender=JO, to=ADA), "Archiv", received=NOW)
        account = MailAccount("localhost", server.imaps_port, server.user, Security.SSL)
        result = read(account)
        assert [(m.folder, m.subject) for m in result.messages] == [(Folder.SENT, "Danke")]
        assert result.positions[Folder.SENT].name == "Gesendet"

        chosen = read(replace(account, sent_folder="Archiv"))  # the account names another
        assert [(m.folder, m.subject) for m in chosen.messages] == [(Folder.SENT, "Old")]
        with pytest.raises(UserError, match=r"no folder 'Sent Mail' \(it has: Archiv, "
                                            r"Gesendet, INBOX\)"):
            read(replace(account, sent_folder="Sent Mail"))


def flags_on_server(server: Dovecot) -> list[tuple[bytes, ...]]:
    context = ssl.create_default_context(cafile=str(server.ca_file))
    with IMAPClient("localhost", server.imaps_port, ssl_context=context, timeout=10) as client:
        client.login(server.user, server.password)
        client.select_folder("INBOX", readonly=True)
        return [data[b"FLAGS"] for data in client.fetch(client.search(), ["FLAGS"]).values()]


def test_nothing_is_marked_seen(trusted: Dovecot, account: MailAccount):
    trusted.place(message(), received=NOW)
    trusted.place(multipart([("Content-Type: text/plain", "Hello"),
                             ("Content-Type: text/html", "<p>Hello</p>")], kind="alternative"),
                  received=NOW)
    assert len(read(account).messages) == 2
    assert all(b"\\Seen" not in flags for flags in flags_on_server(trusted))
    assert all(path.name.endswith(":2,") for path in trusted.files())  # maildir: no S flag


def fifty_megabytes(line: str) -> str:
    return (line + "\n") * (50 * 1024 * 1024 // (len(line) + 1))


def test_of_a_50_mb_message_only_the_headers_and_the_start_of_its_text_are_fetched(
        trusted: Dovecot, account: MailAccount):
    trusted.place(multipart([
        ("Content-Type: text/plain; charset=utf-8", "The slides are attached."),
        ("Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n"
         "Content-Disposition: attachment; filename=slides.bin", fifty_megabytes("A" * 76))]),
        received=NOW)
    trusted.place(message("A long letter", fifty_megabytes("Many words about the role."),
                          message_id="<long@acme.example>"), received=NOW)
    assert trusted.files()[1].stat().st_size > 50 * 1024 * 1024
    result = read(account)
    attached, long = result.messages
    assert attached.text == "The slides are attached."
    assert long.text.startswith("Many words about the role.\nMany words")
    assert len(long.text) == TEXT_LIMIT
    sent = wait_for(trusted.bytes_sent)  # the server's own count, written at logout
    assert sent[-1] < 4 * PART_BYTES, sent  # headers, structures and 64 KiB of one part


def wait_for(read_log, timeout: float = 5.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while not (found := read_log()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def test_thousands_of_messages_are_read_in_rounds(trusted: Dovecot, account: MailAccount):
    count = 3000
    for number in range(count):
        trusted.place(message(f"Message {number}", f"Text {number}\n",
                              message_id=f"<n{number}@acme.example>"), received=NOW)
    rounds: list[tuple[Folder, int, int]] = []
    result = read(account, on_batch=lambda *progress: rounds.append(progress))
    assert len(result.messages) == count
    assert sorted(m.subject for m in result.messages) == sorted(
        f"Message {n}" for n in range(count))
    assert {m.text for m in result.messages} == {f"Text {n}" for n in range(count)}
    assert len(set(uids(result))) == count and result.skipped == ()
    assert rounds == [(Folder.INBOX, min(n * BATCH, count), count)
                      for n in range(1, count // BATCH + 1)]
    assert result.positions[Folder.INBOX].last_uid == count


def test_a_folder_seen_first_or_renumbered_is_read_from_the_last_30_days(
        trusted: Dovecot, account: MailAccount):
    trusted.place(message("Long ago", message_id="<old@acme.example>"),
                  received=NOW - timedelta(days=45))
    trusted.place(message("Recent", message_id="<new@acme.example>"),
                  received=NOW - timedelta(days=2))
    first = read(account)
    assert [m.subject for m in first.messages] == ["Recent"]
    assert first.positions[Folder.INBOX].last_uid == 2  # the old one is not looked at again
    assert read(account, first.positions).messages == ()

    stored = first.positions[Folder.INBOX]
    renumbered = {**first.positions, Folder.INBOX: FolderPosition(
        "INBOX", stored.uid_validity + 1, 2)}
    again = read(account, renumbered)
    assert [m.subject for m in again.messages] == ["Recent"]
    assert again.positions[Folder.INBOX] == stored
    assert again.notes == ("The server renumbered INBOX (a new UIDVALIDITY); its messages of "
                           "the last 30 days were read again.",)


@pytest.mark.parametrize(("security", "host"), [(Security.STARTTLS, "localhost"),
                                                (Security.PLAIN, "127.0.0.1")])
def test_starttls_and_a_plain_connection_to_this_machine(trusted: Dovecot, security, host):
    trusted.place(message(), received=NOW)
    account = MailAccount(host, trusted.imap_port, trusted.user, security)
    assert [m.subject for m in read(account).messages] == ["Thank you"]
    login = [line for line in trusted.logs().splitlines() if "Login: " in line][-1]
    assert (", TLS," in login) is (security is Security.STARTTLS)
