"""A vCard file's bytes as text, in whichever encoding its writer chose."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from followup_desktop.domain.validation import ValidationError

_CHARSET = re.compile(rb"^[^:]*?;CHARSET=([A-Za-z0-9._-]+)[;:]", re.IGNORECASE)


def decode(raw: bytes) -> str:
    """The file's text: UTF-8 (with or without a BOM), UTF-16 with a BOM, or vCard 2.1 lines in
    the CHARSET they declare."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ValidationError("file", f"is not valid UTF-16 text (bad bytes at offset "
                                          f"{error.start})") from None
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return "\r\n".join(_decode_line(line, number) for number, line in _byte_lines(raw))


def _byte_lines(raw: bytes) -> Iterator[tuple[int, bytes]]:
    """Logical lines with their first line number, unfolded before decoding: careless writers
    fold in the middle of a multi-byte character."""
    start = 0
    parts: list[bytes] = []
    for number, line in enumerate(raw.split(b"\n"), 1):
        line = line.removesuffix(b"\r")
        if parts and line[:1] in (b" ", b"\t"):
            parts.append(line[1:])
            continue
        if parts:
            yield start, b"".join(parts)
        start, parts = number, [line]
    if parts:
        yield start, b"".join(parts)


def _decode_line(line: bytes, number: int) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as error:
        declared = _CHARSET.match(line)
        if declared:
            try:
                return line.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        raise ValidationError(f"line {number}", f"is not UTF-8 text (bad byte at column "
                                                f"{error.start + 1}) and declares no character "
                                                f"set that reads it") from None
