"""Which part of a message to read: the first text part, found in the server's BODYSTRUCTURE
(RFC 3501 7.4.2), so that only that part is fetched, never the attachments or the rest of a
50 MB message."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TextPart:
    section: str  # the IMAP part number: "1", "1.2", ...
    subtype: str  # "plain" or "html", lower case
    encoding: str  # Content-Transfer-Encoding, lower case: "7bit", "base64", ...
    charset: str  # "" when the part names none
    size: int  # octets of the encoded part, as the server counts them


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("ascii", "replace").lower()
    return value.lower() if isinstance(value, str) else ""


def _params(value: Any) -> dict[str, str]:
    """A body-fld-param list (key, value, key, value, ...) as a dict, keys lower case."""
    if not isinstance(value, (tuple, list)):
        return {}
    items = [v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v) for v in value]
    return {items[i].lower(): items[i + 1] for i in range(0, len(items) - 1, 2)}


def _kind(part: Sequence[Any]) -> tuple[str, str]:
    """Type and subtype; a Content-Type the server could not parse comes as ("", ""), which
    RFC 2045 (5.2) says to read as text/plain."""
    kind, subtype = _text(part[0]), _text(part[1])
    return (kind, subtype) if kind else ("text", "plain")


def _is_attachment(part: Sequence[Any]) -> bool:
    """The part's disposition says attachment: a file, not the message's text. It is field 10
    of a text body (after the line count) and field 9 of a body of unparsed type."""
    at = 9 if _text(part[0]) == "text" else 8
    disposition = part[at] if len(part) > at else None
    return (isinstance(disposition, (tuple, list)) and bool(disposition)
            and _text(disposition[0]) == "attachment")


def _candidates(structure: Sequence[Any], prefix: str) -> list[tuple[str, Sequence[Any]]]:
    """The text parts in the order a reader meets them, each with its section number."""
    if structure and isinstance(structure[0], list):  # multipart: (parts, subtype, ...)
        found: list[tuple[str, Sequence[Any]]] = []
        for number, child in enumerate(structure[0], start=1):
            found += _candidates(child, f"{prefix}.{number}" if prefix else str(number))
        return found
    if len(structure) < 7 or _kind(structure)[0] != "text":
        return []  # an image, an attachment, or a forwarded message/rfc822: not its text
    if _is_attachment(structure):
        return []
    return [(prefix or "1", structure)]  # a single-part message's body is part 1


def first_text_part(structure: Sequence[Any] | None) -> TextPart | None:
    """The first text/plain part, else the first text/html part; None when there is none."""
    if not structure:
        return None
    parts = _candidates(structure, "")
    for wanted in ("plain", "html"):
        for section, part in parts:
            if _kind(part)[1] == wanted:
                size = part[6] if isinstance(part[6], int) else 0
                return TextPart(section, wanted, _text(part[5]) or "7bit",
                                _params(part[2]).get("charset", ""), size)
    return None
