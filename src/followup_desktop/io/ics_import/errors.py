"""Every problem with a file is one `IcsError` of one line naming the file, the line and the
event (`Where`), with the data it quotes shortened and escaped."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup_desktop.io.ics_import.shape import EventLines


class IcsError(ValueError):
    """The file cannot be imported; the message says what was wrong and where, in one line."""


@dataclass(frozen=True)
class Where:
    source: str
    lines: EventLines

    def at(self, name: str, problem: str) -> str:
        line = self.lines.begin if name == "BEGIN" else self.lines.line_of(name)
        return f"{self.source}, line {line} (event at line {self.lines.begin}): {problem}."


def quote(text: str, limit: int = 60, bare: bool = False) -> str:
    """Data inside a message: shortened, with line breaks and controls escaped."""
    short = text if len(text) <= limit else text[:limit] + "…"
    quoted = repr(short)
    return quoted[1:-1] if bare else quoted


def reason(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return quote(text, 120, bare=True)
