"""Mail as it comes in the wild, placed as files in a real dovecot and read through it: 8-bit
headers, unknown charsets, broken MIME, HTML only, automatic answers. What cannot be read is one
line in `skipped`; everything else is read, and all of it is clean plain text."""

from __future__ import annotations

import pytest

from followup_desktop.domain import validation
from followup_desktop.services.mail.account import MailAccount
from followup_desktop.services.mail.fetching import read_mailbox
from followup_desktop.services.mail.message import CheckResult, MailMessage
from helpers.dovecot import PASSWORD, Dovecot
from helpers.mail_messages import ADA, DATE, JO, NOW, crlf, message, multipart


def read(account: MailAccount) -> CheckResult:
    return read_mailbox(account, PASSWORD, {}, NOW)


def only(server: Dovecot, account: MailAccount, raw: bytes) -> MailMessage:
    server.place(raw, received=NOW)
    result = read(account)
    assert result.skipped == ()
    (found,) = result.messages
    return found


def raw_message(head: str, body: bytes = b"Hello\r\n") -> bytes:
    return crlf(head.strip("\n") + "\n\n").encode("ascii") + body


def test_8_bit_headers_in_utf_8_and_in_latin_1_are_decoded(trusted, account):
    utf8 = crlf(f"From: Jörg Müller <{ADA}>\nTo: {JO}\nSubject: Grüße aus Köln\n"
                f"Date: {DATE}\n\nHallo\n").encode("utf-8")
    latin1 = crlf(f"From: Jörg Müller <{ADA}>\nTo: {JO}\nSubject: Grüße aus Köln\n"
                  f"Date: {DATE}\n\nHallo\n").encode("latin-1")
    trusted.place(utf8, received=NOW)
    trusted.place(latin1, received=NOW)
    result = read(account)
    assert [m.subject for m in result.messages] == ["Grüße aus Köln"] * 2
    assert [m.sender for m in result.messages] == [ADA, ADA]


def test_unknown_charsets_are_replaced_and_the_rest_is_read(trusted, account):
    found = only(trusted, account, raw_message(
        f"From: =?x-unknown?Q?J=F6rg?= <{ADA}>\nTo: {JO}\n"
        f"Subject: =?x-mystery?B?w6k=?= and =?utf-8?Q?caf=C3=A9?=\nDate: {DATE}\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=x-klingon\n"
        "Content-Transfer-Encoding: quoted-printable",
        b"Caf=E9 at ten=2C then the interview.\r\n"))
    assert found.sender == ADA
    assert found.subject == "é and café"  # a word in an unknown charset is tried as UTF-8
    assert found.text == "Caf\ufffd at ten, then the interview."


def test_a_wrong_charset_replaces_what_does_not_fit(trusted, account):
    found = only(trusted, account, raw_message(
        f"From: {ADA}\nTo: {JO}\nSubject: Hi\nDate: {DATE}\n"
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit",
        "Grüße, München\r\n".encode("latin-1")))
    assert found.text == "Gr\ufffd\ufffde, M\ufffdnchen"


def test_an_html_only_message_gives_its_text(trusted, account):
    found = only(trusted, account, multipart([
        ("Content-Type: text/html; charset=utf-8",
         "<html><head><style>p {color: red}</style></head><body><p>Dear Jo,</p>"
         "<p>we will decide by <b>20 March</b> &amp; call you.</p><script>x()</script>"
         "</body></html>")], kind="alternative"))
    assert found.text == "Dear Jo,\n\nwe will decide by 20 March & call you."


def test_the_first_text_part_of_nested_multiparts_is_the_text(trusted, account):
    found = only(trusted, account, multipart([
        ("Content-Type: text/plain; name=notes.txt\nContent-Disposition: attachment",
         "an attached file, not the text"),
        ("Content-Type: image/png\nContent-Transfer-Encoding: base64", "iVBORw0KGgo="),
        ("Content-Type: multipart/alternative; boundary=inner",
         "--inner\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n--inner\r\n"
         "Content-Type: text/plain; charset=iso-8859-1\r\n"
         "Content-Transfer-Encoding: base64\r\n\r\nR3L832Ugdm9uIEr2cmc=\r\n--inner--")]))
    assert found.text == "Grüße von Jörg"


def test_broken_mime_is_read_as_far_as_it_goes_and_the_unreadable_is_skipped(trusted, account):
    good = message("Still fine", message_id="<good@acme.example>")
    no_end = crlf(f"From: {ADA}\nTo: {JO}\nSubject: No end\nDate: {DATE}\nMIME-Version: 1.0\n"
                  'Content-Type: multipart/mixed; boundary="never"\n\n--never\n'
                  "Content-Type: text/plain\n\ncut off here\n").encode()
    bad_base64 = raw_message(f"From: {ADA}\nTo: {JO}\nSubject: Bad base64\nDate: {DATE}\n"
                             "Content-Type: text/plain\nContent-Transfer-Encoding: base64",
                             b"SGVsbG8g!!!***d29ybGQ=\r\n")
    nonsense_type = raw_message(f"From: {ADA}\nTo: {JO}\nSubject: Odd type\nDate: {DATE}\n"
                                "Content-Type: ;;;===\nContent-Transfer-Encoding: x-rot13",
                                b"plain words\r\n")
    junk = bytes(range(256)) * 40  # no header at all: no sender, no recipient
    nobody = raw_message(f"Subject: From no one\nDate: {DATE}")
    for raw in (no_end, bad_base64, junk, nonsense_type, nobody, good):
        trusted.place(raw, received=NOW)
    result = read(account)
    texts = {m.subject: m.text for m in result.messages}
    assert texts == {"No end": "cut off here", "Bad base64": "Hello world",
                     "Odd type": "plain words", "Still fine": "Hello Jo,\nthank you for "
                                                              "coming in."}
    assert result.skipped == ("INBOX message 3: it names no sender and no recipient",
                              "INBOX message 5: it names no sender and no recipient")
    for found in result.messages:  # what the rules store must pass the app's text checks
        validation.text(found.subject, "subject")
        validation.text(found.text, "text", limit=validation.LONG_TEXT)


def test_control_characters_and_direction_overrides_never_come_through(trusted, account):
    found = only(trusted, account, raw_message(
        f"From: {ADA}\nTo: {JO}\nSubject: =?utf-8?Q?Pay=E2=80=AEmoc.exe=07?=\nDate: {DATE}\n"
        "Content-Type: text/plain; charset=utf-8",
        "line one\x1b[31m\r\n\u2066isolated\u2069 text\x00\r\n".encode()))
    assert found.subject == "Paymoc.exe"
    # dovecot sends a NUL as the byte 0x80 (not UTF-8): replaced, never a NUL
    assert found.text == "line one[31m\nisolated text\ufffd"


def test_a_missing_or_broken_date_falls_back_to_the_servers(trusted, account):
    trusted.place(message("No date", date=None), received=NOW)
    trusted.place(message("Broken date", date="the day after tomorrow"), received=NOW)
    trusted.place(message("No zone", date="Mon, 09 Mar 2026 09:30:00 -0000"), received=NOW)
    at = {m.subject: m.at for m in read(account).messages}
    assert at["No date"] == NOW and at["Broken date"] == NOW
    assert at["No zone"].isoformat() == "2026-03-09T09:30:00+00:00"


@pytest.mark.parametrize(("headers", "subject", "automatic"), [
    ("Auto-Submitted: auto-replied\n", "Thank you", True),
    ("Auto-Submitted: auto-generated; owner-email=ada@acme.example\n", "Thank you", True),
    ("Auto-Submitted: no\n", "Thank you", False),
    ("X-Autoreply: yes\n", "Thank you", True),
    ("X-Autorespond: Thank you\n", "Thank you", True),
    ("Precedence: auto_reply\n", "Thank you", True),
    ("Precedence: bulk\n", "Thank you", False),
    ("", "Automatic reply: Thank you", True),
    ("", "Out of Office: Thank you", True),
    ("", "I am out of the office until 16 March", True),
    ("", "Abwesenheitsnotiz: Vielen Dank", True),
    ("", "Automatische Antwort: Vielen Dank", True),
    ("", "Ich bin bis zum 16.03. nicht im Büro", True),
    ("", "Re: out of office next week?", False),
    ("", "Thank you for your time", False),
])
def test_automatic_answers_are_told_from_people(trusted, account, headers, subject, automatic):
    found = only(trusted, account, message(subject, headers=headers))
    assert found.automatic is automatic
