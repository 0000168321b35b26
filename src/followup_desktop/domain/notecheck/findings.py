"""What a check finds, the note's facts it checks against, and the text helpers every check uses.

Messages are plain text and quote user data only shortened to `QUOTE_LIMIT` characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    OK = "ok"
    WARNING = "warning"
    PROBLEM = "problem"


@dataclass(frozen=True)
class Finding:
    code: str
    level: Level
    message: str  # one short plain-text sentence for the user


@dataclass(frozen=True)
class NoteContext:
    name: str
    title: str
    company: str
    discussed: str  # the interview notes
    name_verified: bool
    title_verified: bool
    sent_to_others: tuple[str, ...]  # bodies of notes already sent to OTHER companies
    # The user's edited templates (subject and body as one text): like the defaults' wording,
    # theirs is set aside when comparing, so two drafts of one template differ by the facts.
    templates: tuple[str, ...] = ()


QUOTE_LIMIT = 40


def is_ready(findings: Iterable[Finding]) -> bool:
    """Warnings are the user's call; a problem must be fixed first."""
    return all(finding.level != Level.PROBLEM for finding in findings)


# --- shared helpers ------------------------------------------------------------------------------

# Typographic apostrophes and hyphens spell the same name to a reader as the plain ones do.
_LOOK_ALIKES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "‐": "-", "‑": "-"})


def normal(text: str) -> str:
    # NFC: "é" typed as e + combining accent is the same letter as the precomposed one.
    return unicodedata.normalize("NFC", text).translate(_LOOK_ALIKES)


def quote(text: str) -> str:
    """User data for a message: one line, and short, however long the input."""
    line = " ".join(text.split())
    if len(line) > QUOTE_LIMIT:
        line = line[: QUOTE_LIMIT - 1] + "…"
    return f"“{line}”"


def quotes(items: list[str], most: int = 3) -> str:
    shown = ", ".join(quote(item) for item in items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")


def phrase_pattern(phrase: str, flags: int = 0) -> re.Pattern[str] | None:
    """The words of `phrase` as whole words (Unicode \\w), any whitespace between them."""
    words = phrase.split()
    if not words:
        return None
    body = r"\s+".join(re.escape(word) for word in words)
    # A hyphen joins words into another name: "Anna Weber" is not "Anna Weber-Schmidt".
    return re.compile(rf"(?<!\w)(?<!\w-){body}(?!\w|-\w)", flags)
