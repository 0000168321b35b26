"""What a refused import means, in plain words: what was wrong, where, what to do, and that
nothing was imported; the exact message of the reader follows as a second sentence.

The readers (io/ics_import/, io/vcard/, services/exchange/transfer/,
services/exchange/contacts_import.py)
say precisely what they found ("contacts.vcf, line 3: not UTF-8 text (bad byte at column 24)").
That is kept for whoever fixes the file; the user first reads what it means for them:

    Nothing was imported from contacts.vcf: the file is not saved as UTF-8 text (line 3);
    export the contacts again from your address book as a vCard file and import that one.
    Detail: contacts.vcf, line 3: not UTF-8 text (bad byte at column 24).

Every import is all or nothing, so "nothing was imported" is always true when one is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from followup_desktop.domain.validation import ValidationError
from followup_desktop.services.errors import UserError


@dataclass(frozen=True)
class Kind:
    noun: str  # "a calendar invitation"
    again: str  # how to get a good copy of the file
    fix_value: str  # where a bad value is corrected
    smaller: str  # what to do with a file too large


CALENDAR = Kind(
    "a calendar invitation (.ics)",
    "save the invitation again from your calendar or mail program and import that file",
    "correct it in your calendar, save the invitation again and import that file",
    "import a smaller calendar file, such as the single invitation")
CONTACTS = Kind(
    "a contacts file (vCard, .vcf)",
    "export the contacts again from your address book as a vCard file and import that one",
    "correct it in your address book, export the contacts again and import that file",
    "export fewer contacts at a time and import each file")
EXPORT = Kind(
    "a Follow-up export (.json)",
    "import a file written by Follow-up's Export everything, unchanged since",
    "correct it in the file, or export again from Follow-up",
    "import a file written by Follow-up's Export everything")
KINDS = {".ics": CALENDAR, ".vcf": CONTACTS, ".vcard": CONTACTS, ".json": EXPORT}

_NOT_THAT_KIND = (r"no BEGIN:VCALENDAR|expected BEGIN:VCALENDAR|not a vCard file|, not a vCard"
                  r"|NUL bytes|not a followup-desktop export|: (?:the )?file is empty|is empty\.?$"
                  r"|holds no events|line 1: not an iCalendar line")
_DAMAGED = (r"not valid JSON|ends inside|cut short|stands outside|not an iCalendar line"
            r"|has lines outside|does not close|starts with a folded line|not a readable"
            r"|could not be read as a whole|could not be told apart|line cannot be read"
            r"|not NAME|cannot be read(?::| \()")
_TOO_MUCH = r"more than [\d,]+|holds [\d,]+ cards"
_VALUE = (r"control characters|not a plain e-mail|not valid Unicode|direction of text|expected "
          r"|is not one of|must not be empty|no record|appears twice|missing|is not a known"
          r"|out of range|whole number|wrong type|not usable")
_WHEN = (r"time zone|TZID|ends before it starts|date and time|outside the years|is a date, but"
         r"|has a time, but|not a length of time|no start|end outside|not a valid date")
# (pattern, what was wrong, which of the kind's remedies); the first match counts.
RULES: tuple[tuple[str, str, str], ...] = (
    (r"larger than the limit of ([\d,]+) MB", "the file is larger than {0} MB, more than "
                                              "Follow-up reads at once", "smaller"),
    (r"^[^:(]*: cannot be read \(([^)]*)\)", "the file could not be opened ({0})", "open"),
    (r"is UTF-16 text", "the file is saved as UTF-16 text, not as UTF-8", "again"),
    (r"not (?:valid )?UTF-8|not valid UTF-16", "the file's text is not in an encoding Follow-up "
                                               "reads (UTF-8)", "again"),
    (r"is not supported; this app reads versions", "the file was written by a newer version of "
                                                   "Follow-up", "update"),
    (r"already holds data", "Follow-up already holds data, and a full export is only imported "
                            "into an empty data folder", "empty"),
    (r"contradicts itself", "records in the file contradict each other", "again"),
    (_NOT_THAT_KIND, "the file is not {noun}", "choose"),
    (r"is not 2\.1, 3\.0 or 4\.0", "a card is of a vCard version Follow-up does not read (it "
                                  "reads 2.1, 3.0 and 4.0)", "again"),
    (r"characters long; the limit", "a value is longer than Follow-up keeps", "fix_value"),
    (r"a number of [\d,]+ digits", "a number in the file is longer than any Follow-up "
                                   "writes", "again"),
    (r"nested (?:more than|too deeply)", "the file is nested more deeply than {noun} ever is",
     "choose"),
    (_TOO_MUCH, "the file holds more than Follow-up imports at once", "smaller"),
    (_DAMAGED, "the file is damaged or incomplete", "again"),
    (r"appears (?:[\d,]+ times|twice)", "something the file should say once, it says more "
                                        "than once", "fix_value"),
    (_WHEN, "a date, time or time zone cannot be used", "fix_value"),
    (_VALUE, "a value cannot be used", "fix_value"),
)
REMEDIES = {
    "open": "check that the file is still there and that you may read it",
    "update": "update Follow-up, then import it again",
    "empty": "import it into a new data folder (--data-dir), or restore a backup instead",
    "choose": "choose {noun} instead",
}
_LINE = re.compile(r"\bline (\d+(?:,\d{3})*)")
_CARD = re.compile(r"\bcard (\d+(?:,\d{3})*)")
_RECORD = re.compile(r"^(?:[^:]*: )?([a-z_]+)\[(\d+)\](?:\.([a-z_]+))?")


def kind_of(path: Path) -> Kind:
    return KINDS.get(path.suffix.lower(), EXPORT)


def explain(path: Path, detail: str) -> str:
    """The message for an import of `path` refused with `detail` (the reader's own words)."""
    detail = detail.strip()
    kind = kind_of(path)
    for pattern, problem, remedy in RULES:
        found = re.search(pattern, detail, re.IGNORECASE)
        if found is not None:
            what = problem.format(*found.groups(), noun=kind.noun)
            todo = getattr(kind, remedy, None) or REMEDIES[remedy].format(noun=kind.noun)
            break
    else:  # already in plain words (a request, a full disk, a lock held elsewhere)
        return f"Nothing was imported from {path.name}: {detail}"
    return f"Nothing was imported from {path.name}: {what}{_where(detail)}; {todo}. " \
           f"Detail: {detail}"


def _where(detail: str) -> str:
    places = []
    record = _RECORD.search(detail)
    if record is not None:
        section, index, name = record.groups()
        places.append(f"{section.replace('_', ' ')}, record {int(index) + 1}"
                      + (f", field {name.replace('_', ' ')}" if name else ""))
    if (card := _CARD.search(detail)) is not None:
        places.append(f"card {card.group(1)}")
    if (line := _LINE.search(detail)) is not None:
        places.append(f"line {line.group(1)}")
    return f" ({'; '.join(places)})" if places else ""


class ImportRefused(UserError):
    """An import refused: the message is `explain`'s; `detail` is the reader's own."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(explain(path, detail))
        self.detail = detail


@contextmanager
def refused(path: Path) -> Iterator[None]:
    """Turns a reader's refusal (UserError, ValidationError) into an ImportRefused."""
    try:
        yield
    except ImportRefused:
        raise
    except (UserError, ValidationError) as error:
        raise ImportRefused(path, str(error)) from error
