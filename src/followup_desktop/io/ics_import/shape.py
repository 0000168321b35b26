"""The file's bytes and lines, checked before icalendar sees it (its size, encoding, nesting
and counts), with where each event and property starts; then icalendar's parse."""

from __future__ import annotations

import codecs
import re
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from followup_desktop.io.ics_import.errors import IcsError, quote, reason
from followup_desktop.io.ics_import.limits import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_EVENTS,
    MAX_LINES,
    MAX_PHYSICAL_LINES,
    MAX_TIMEZONES,
)

if TYPE_CHECKING:  # icalendar takes a tenth of a second to import: loaded on first use
    from icalendar import Calendar

_LINE_BREAK = re.compile(r"\r?\n")  # as icalendar splits; a lone CR stays inside a line
_NAME = re.compile(r"([A-Za-z0-9-]+)(?=[;:])")


def decode(data: bytes, source: str) -> str:
    if len(data) > MAX_BYTES:
        raise IcsError(f"{source}: the file is larger than the limit of {MAX_BYTES // 2**20} MB "
                       "for a calendar file.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise IcsError(f"{source}: the file is UTF-16 text; calendar files are UTF-8.")
    data = data.removeprefix(codecs.BOM_UTF8)  # Outlook on Windows sometimes writes one
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise IcsError(f"{source}, line {line}: not UTF-8 text (byte 0x{data[error.start]:02x} "
                       f"at offset {error.start:,}).") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise IcsError(f"{source}, line {line}: contains NUL bytes; not a calendar file.")
    return text


@dataclass
class EventLines:
    """Where one VEVENT and its properties start (physical line numbers, from 1)."""

    begin: int
    properties: dict[str, list[int]] = field(default_factory=dict)

    def line_of(self, name: str) -> int:
        return self.properties.get(name, [self.begin])[0]


@dataclass
class _Index:
    lines: list[str] = field(default_factory=list)  # physical lines, to find a bad one later
    calendars: list[list[EventLines]] = field(default_factory=list)
    events: int = 0
    timezones: int = 0
    logical_lines: int = 0


def index_lines(text: str, source: str) -> _Index:
    """Check the file's shape and limits before icalendar sees it, and note where each event
    and property starts (icalendar keeps no line numbers)."""
    if text.count("\n") > MAX_PHYSICAL_LINES:
        raise IcsError(f"{source}: more than {MAX_PHYSICAL_LINES:,} lines; not an invitation.")
    lines = _LINE_BREAK.split(text)
    last = max((n for n, line in enumerate(lines, 1) if line.strip()), default=0)
    index, stack = _Index(lines), []
    current: EventLines | None = None
    for number, line in enumerate(lines, 1):
        if not line or line[0] in " \t":  # blank, or the folded rest of the line before
            if line and not index.logical_lines:
                raise IcsError(f"{source}, line {number}: the file starts with a folded line.")
            continue
        try:
            name = _line_name(line, number, source, index)
        except IcsError:
            if stack and number == last:  # a last line broken off: the file was cut
                raise _cut_short(source, stack) from None
            raise
        if name in ("BEGIN", "END"):
            current = _nest(name, line, number, source, stack, index, current)
        elif not stack:
            raise IcsError(f"{source}, line {number}: {quote(line)} stands outside "
                           "BEGIN:VCALENDAR … END:VCALENDAR.")
        elif current is not None and len(stack) == 2:
            current.properties.setdefault(name, []).append(number)
    return _complete(index, stack, source)


def _cut_short(source: str, stack: list[tuple[str, int]]) -> IcsError:
    kind, begun = stack[-1]
    return IcsError(f"{source}: the file ends inside BEGIN:{quote(kind, 40, bare=True)} "
                    f"(line {begun}); it is cut short.")


def _complete(index: _Index, stack: list[tuple[str, int]], source: str) -> _Index:
    if stack:
        raise _cut_short(source, stack)
    if not index.calendars:
        raise IcsError(f"{source}: not an iCalendar file (no BEGIN:VCALENDAR).")
    if not index.events:
        raise IcsError(f"{source}: the calendar holds no events (VEVENT).")
    return index


def _line_name(line: str, number: int, source: str, index: _Index) -> str:
    index.logical_lines += 1
    if index.logical_lines > MAX_LINES:
        raise IcsError(f"{source}, line {number}: more than {MAX_LINES:,} content lines; the "
                       "file is too large to be an invitation.")
    match = _NAME.match(line)
    if match is None:
        raise IcsError(f"{source}, line {number}: not an iCalendar line: {quote(line)}.")
    return match.group(1).upper()


def _nest(name: str, line: str, number: int, source: str, stack: list[tuple[str, int]],
          index: _Index, current: EventLines | None) -> EventLines | None:
    """Follow BEGIN and END; returns the VEVENT being read, if any."""
    kind = line.partition(":")[2].strip().upper()
    if name == "END":
        if not stack or stack[-1][0] != kind:
            opened = (f"BEGIN:{quote(stack[-1][0], 40, bare=True)} of line {stack[-1][1]}"
                      if stack else "nothing")
            raise IcsError(f"{source}, line {number}: END:{quote(kind, 40, bare=True)} does not "
                           f"close {opened}.")
        stack.pop()
        return None if kind == "VEVENT" and len(stack) == 1 else current
    if not stack and kind != "VCALENDAR":
        raise IcsError(f"{source}, line {number}: expected BEGIN:VCALENDAR, found "
                       f"{quote(line)}; not an iCalendar file.")
    if len(stack) >= MAX_DEPTH:
        raise IcsError(f"{source}, line {number}: components nested more than {MAX_DEPTH} deep.")
    stack.append((kind, number))
    return _begin(kind, number, source, stack, index, current)


def _begin(kind: str, number: int, source: str, stack: list[tuple[str, int]], index: _Index,
           current: EventLines | None) -> EventLines | None:
    if kind == "VCALENDAR" and len(stack) == 1:
        index.calendars.append([])
    elif kind == "VTIMEZONE":
        index.timezones += 1
        if index.timezones > MAX_TIMEZONES:
            raise IcsError(f"{source}, line {number}: more than {MAX_TIMEZONES} time zone "
                           "definitions.")
    elif kind == "VEVENT" and len(stack) == 2:
        index.events += 1
        if index.events > MAX_EVENTS:
            raise IcsError(f"{source}, line {number}: more than {MAX_EVENTS:,} events; the "
                           "limit is there to keep an import quick.")
        current = EventLines(number)
        index.calendars[-1].append(current)
    return current


def parse(text: str, source: str, expected: int) -> list[Calendar]:
    from icalendar import Calendar

    try:
        # Its warnings (a TZID it had to guess, ...) are about zones resolved here anyway, and
        # under a strict warnings filter would turn a readable file into an error.
        with warnings.catch_warnings(action="ignore"):
            calendars = Calendar.from_ical(text, multiple=True)
    # The file is untrusted: whatever the library raises on it is the file's fault.
    except Exception as error:
        raise IcsError(f"{source}: not a readable iCalendar file ({reason(error)}).") from None
    if len(calendars) != expected or any(c.name != "VCALENDAR" for c in calendars):
        raise IcsError(f"{source}: the calendar could not be read as a whole.")
    return calendars
