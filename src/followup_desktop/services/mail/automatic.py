"""Is a message an automatic answer (an out-of-office note, a vacation responder)? Such a
message does not count as hearing back; its return date may move the next follow-up.

The marks, strongest first: RFC 3834's `Auto-Submitted` with any value but "no"; the headers
older responders add (`X-Autoreply`, `X-Autorespond`, `Precedence: auto_reply`); and, for the
responders that add none of these, a subject that starts the way out-of-office subjects do in
English and German. Only the start is judged, so a person's "Re: out of office next week?" is
not an automatic answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_SUBJECT_STARTS = (
    # English (Outlook, Gmail, Sieve vacation, Exchange, Zimbra, ...)
    r"out of (the )?office", r"ooo\b", r"automatic reply", r"automated (reply|response)",
    r"auto[- ]?(reply|response|responder|answer)", r"autoreply", r"auto:",
    r"away from (the |my )?(office|desk)", r"vacation (reply|notice|message|response)",
    r"(i am|i'm) (currently )?(out of (the )?office|away|on (vacation|holiday|leave))",
    r"on (vacation|holiday|annual leave|leave)\b", r"absence (notice|notification)",
    # German (Outlook, GMX/Web.de, T-Online, mailbox.org, ...)
    r"abwesenheit", r"abwesend", r"automatische (antwort|rückantwort|abwesenheitsnotiz)",
    r"autom\. antwort", r"nicht im büro", r"außer haus", r"urlaub\b", r"im urlaub",
    r"ich bin (.{0,40} )?(nicht im büro|abwesend|im urlaub|außer haus)",
)
_SUBJECT = re.compile(r"^\s*[\[(]?\s*(" + "|".join(_SUBJECT_STARTS) + ")", re.IGNORECASE)


def _says_yes(value: str) -> bool:
    """A mark header that is present and does not say "no" (RFC 3834 allows parameters
    after a semicolon: `auto-replied; owner-email=...`)."""
    word = value.split(";", 1)[0].strip().lower()
    return bool(word) and word != "no"


def is_automatic(fields: Mapping[str, str], subject: str) -> bool:
    """`fields`: lower-case header names to decoded values (absent: "")."""
    if any(_says_yes(fields.get(name, "")) for name in
           ("auto-submitted", "x-autoreply", "x-autorespond")):
        return True
    if fields.get("precedence", "").strip().lower() == "auto_reply":
        return True
    return bool(_SUBJECT.match(subject))
