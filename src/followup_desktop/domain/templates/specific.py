"""One specific from the free-text interview notes, short enough for a sentence of a note."""

from __future__ import annotations

import re

SPECIFIC_LIMIT = 100  # characters: one clause that fits a sentence of a handwritten card
_BULLET = re.compile(r"^\s*(?:[-*•·–—>]+|\d+[.)])\s*")
# "Discussed: X" and "We talked about X" are how notes start; the note should say only "X".
_LEAD_IN = re.compile(
    r"^(?:we\s+)?(?:discussed|talked\s+about|spoke\s+about|covered|topics?)\b\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
# A sentence ends at . ! ? before a capital (so "e.g. the" is not cut) or at a semicolon.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Þ\"“‘'(])|;\s*")


def specific_from(discussed: str) -> str:
    """One concrete thing from free-text notes: the first real line's first sentence."""
    for raw in discussed.splitlines():
        line = _BULLET.sub("", raw).strip()
        if line.endswith(":") or not _has_letters(line):
            continue  # headings like "Notes:" and rules like "---" say nothing specific
        sentence = _SENTENCE_END.split(line, maxsplit=1)[0]
        sentence = _LEAD_IN.sub("", sentence).strip().rstrip(".!?,;: ")
        if _has_letters(sentence):
            return _shorten_clause(sentence)
    return ""


def _has_letters(text: str) -> bool:
    return any(char.isalpha() for char in text)


def _shorten_clause(text: str) -> str:
    """Cut a long sentence at a comma or dash when there is one, else between words."""
    if len(text) <= SPECIFIC_LIMIT:
        return text
    head = text[: SPECIFIC_LIMIT + 1]
    for separator in (", ", " – ", " — ", " - ", " ("):
        cut = head.rfind(separator)
        if cut >= SPECIFIC_LIMIT // 2:
            return head[:cut].rstrip(" ,.;:")
    cut = head.rfind(" ")
    return (head[:cut] if cut > 0 else head[:SPECIFIC_LIMIT]).rstrip(" ,.;:")
