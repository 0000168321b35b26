"""Messages for the mail tests, as the bytes a maildir file holds (CRLF line ends)."""

from __future__ import annotations

from datetime import UTC, datetime

ADA = "ada.lovelace@acme.example"
JO = "jo@example.org"  # the mailbox's owner (tests/helpers/dovecot.py USER)
# The instant every check runs at (helpers.backends.START): no test reads the real clock.
NOW = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
# Monday 9 March 2026, 09:30 in Berlin: the Date of the messages, half an hour after START.
DATE = "Mon, 09 Mar 2026 09:30:00 +0100"
DATE_UTC = datetime(2026, 3, 9, 8, 30, tzinfo=UTC)


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def message(subject: str = "Thank you", body: str = "Hello Jo,\nthank you for coming in.\n",
            *, sender: str = f"Ada Lovelace <{ADA}>", to: str = JO, date: str | None = DATE,
            headers: str = "", message_id: str | None = "<m1@acme.example>") -> bytes:
    """A plain single-part UTF-8 message; `headers` are added lines ("Name: value\\n")."""
    lines = [f"From: {sender}", f"To: {to}", f"Subject: {subject}"]
    lines += [f"Date: {date}"] if date else []
    lines += [f"Message-ID: {message_id}"] if message_id else []
    lines += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
              "Content-Transfer-Encoding: 8bit"]
    head = "\n".join(lines) + "\n" + headers
    return crlf(head + "\n" + body).encode("utf-8")


def multipart(parts: list[tuple[str, str]], subject: str = "Our call", *,
              sender: str = f"Ada Lovelace <{ADA}>", kind: str = "mixed") -> bytes:
    """A multipart message of (part headers, part body) pairs."""
    boundary = "==b0undary=="
    text = (f"From: {sender}\nTo: {JO}\nSubject: {subject}\nDate: {DATE}\n"
            f"Message-ID: <multi@acme.example>\nMIME-Version: 1.0\n"
            f'Content-Type: multipart/{kind}; boundary="{boundary}"\n\nThis is MIME.\n')
    for part_headers, body in parts:
        text += f"--{boundary}\n{part_headers.rstrip()}\n\n{body}\n"
    return crlf(text + f"--{boundary}--\n").encode("utf-8")
