"""From the bytes the server sent to plain text: the headers the rules need and the first text
part, decoded with the standard library's `email` package.

Mail in the wild is not always what the RFCs say: 8-bit headers (UTF-8, or Latin-1 from old
mailers), encoded words in charsets no one knows, a part cut off by the size limit in the middle
of a base64 group or a character. Each is decoded as far as it goes, the rest replaced by
U+FFFD. The text handed on is clean plain text (no control characters, no bidi overrides, no
lone surrogates), as every text the app stores must be (domain/validation.py).
"""

from __future__ import annotations

import binascii
import codecs
import email
import quopri
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from html.parser import HTMLParser

from followup_desktop.services.mail.structure import TextPart

# The only header fields fetched: who, when, what, and the marks of an automatic answer.
HEADER_FIELDS = ("FROM", "TO", "CC", "SUBJECT", "DATE", "MESSAGE-ID", "AUTO-SUBMITTED",
                 "X-AUTOREPLY", "X-AUTORESPOND", "PRECEDENCE")
TEXT_LIMIT = 20_000  # characters of the first text part handed on (validation.LONG_TEXT)
LINE_LIMIT = 998  # a header line's limit in RFC 5322; a subject or an id longer is cut
YEARS = range(1900, 3000)  # a Date outside them is a broken header: the server's date is used

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_BASE64_JUNK = re.compile(rb"[^A-Za-z0-9+/=]")
_CUT_ESCAPE = re.compile(rb"=[0-9A-Fa-f]?$")  # a quoted-printable escape cut off at the end


class UnreadableMessage(ValueError):
    """The message cannot be read; its one line goes to CheckResult.skipped."""


@dataclass(frozen=True)
class Headers:
    message_id: str
    date: datetime | None  # None when the Date header is missing or unusable
    sender: str
    recipients: tuple[str, ...]
    subject: str
    fields: dict[str, str]  # every fetched field, lower-case name -> decoded value


def clean(text: str, multiline: bool = False) -> str:
    text = _SURROGATES.sub("\ufffd", text)
    text = _BIDI.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROLS.sub("", text)
    if not multiline:
        return " ".join(text.split())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.split("\n")))


def _header_text(raw: bytes) -> str:
    """8-bit header bytes as text: each line as UTF-8 (RFC 6532), else as Windows-1252, the
    Latin-1 superset old mailers send."""
    lines = []
    for line in raw.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", "replace"))
    return "\n".join(lines)


def _value(message: EmailMessage, name: str) -> str:
    try:
        return clean(str(message.get(name, "")))
    except Exception:  # a header the email package cannot parse: treated as absent
        return ""


def _addresses(message: EmailMessage, *names: str) -> tuple[str, ...]:
    found: list[str] = []
    for name in names:
        try:
            for header in message.get_all(name, []):
                for address in getattr(header, "addresses", ()):
                    if address.username and address.domain:
                        found.append(clean(f"{address.username}@{address.domain}").lower())
        except Exception:  # one unreadable address list: the others are still read
            continue
    return tuple(dict.fromkeys(found))  # in order, each once


def _date(message: EmailMessage) -> datetime | None:
    try:
        header = message.get("date")
        value = getattr(header, "datetime", None)
    except Exception:  # an unparsable date: the server's is used
        return None
    if not isinstance(value, datetime) or value.year not in YEARS:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)  # "-0000": UTC


def parse_headers(raw: bytes) -> Headers:
    try:
        message = email.message_from_string(_header_text(raw), policy=policy.default)
    except Exception as error:  # the parser is lenient; this is a message beyond it
        raise UnreadableMessage(f"its headers cannot be parsed ({type(error).__name__})") \
            from None
    assert isinstance(message, EmailMessage)
    fields = {name.lower(): _value(message, name) for name in HEADER_FIELDS}
    return Headers(
        message_id=fields["message-id"][:LINE_LIMIT],
        date=_date(message),
        sender=next(iter(_addresses(message, "from")), ""),
        recipients=_addresses(message, "to", "cc"),
        subject=fields["subject"][:LINE_LIMIT],
        fields=fields)


def decode_charset(raw: bytes, charset: str) -> str:
    """Bytes in the part's charset; an unknown or missing one (or a codec that is not a text
    encoding, such as "base64" or "idna") is read as UTF-8, which keeps ASCII and replaces the
    rest."""
    try:
        return raw.decode(codecs.lookup(charset).name if charset else "utf-8", "replace")
    except (LookupError, UnicodeError, ValueError):
        return raw.decode("utf-8", "replace")


def _transfer_decoded(data: bytes, encoding: str, cut: bool) -> bytes:
    if encoding == "base64":
        compact = _BASE64_JUNK.sub(b"", data)
        compact = compact[: len(compact) // 4 * 4]  # a group cut off by the size limit
        try:
            return binascii.a2b_base64(compact)
        except binascii.Error:
            raise UnreadableMessage("its text part is not valid base64") from None
    if encoding == "quoted-printable":
        return quopri.decodestring(_CUT_ESCAPE.sub(b"", data) if cut else data)
    return data  # 7bit, 8bit, binary, or an unknown encoding read as it is


class _TextOfHtml(HTMLParser):
    """The readable text of an HTML part: no markup, scripts or styles; blocks on lines."""

    BLOCKS = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6",
                        "blockquote", "table", "ul", "ol", "hr"})
    HIDDEN = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.pieces.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.pieces.append(re.sub(r"\s+", " ", data))  # HTML's own whitespace rule


def html_text(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    return "\n".join(" ".join(line.split()) for line in "".join(parser.pieces).split("\n"))


def part_text(data: bytes, part: TextPart, cut: bool) -> str:
    """The part's text; `cut` when the server sent only its first bytes (the size limit)."""
    text = decode_charset(_transfer_decoded(data, part.encoding, cut), part.charset)
    if cut:
        text = text.rstrip("\ufffd")  # a character cut in two at the limit
    if part.subtype == "html":
        text = html_text(text)
    return clean(text, multiline=True).strip()[:TEXT_LIMIT]
