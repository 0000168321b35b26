"""Who on an invitation was on the panel, and the titles its description gives people.

An organiser who attended is an interviewer: one who accepted or chairs the meeting (on the
ORGANIZER line, or as an attendee), or whom the description names ("You will meet Sophie
Krämer and Jonas Weber"). A title written next to a name in the description ("Sophie Krämer
(Teamleitung)", "Jonas Weber - Head of Data", with any dash) is proposed as that person's
title for a new contact, never verified: the user is told to check it before writing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from followup_desktop.domain import fields
from followup_desktop.domain.validation import ValidationError
from followup_desktop.io.ics_import.invitation import Person as InvitedPerson

MAX_TITLE = 80
# After a name: "(Teamleitung)", or " - Head of Data" (any dash) up to the end of the line or
# a stop.
_AFTER_NAME = (rf"[ \t]*(?:\(([^()\n]{{2,{MAX_TITLE}}})\)"
               rf"|[ \t]+[\u2013\u2014-][ \t]+([^\n,;()]{{2,{MAX_TITLE}}}?)"
               r"(?=\.(?:\s|$)|[,;(\n]|$))")
# Not titles: a time, an address, a link, or words about the meeting rather than the person.
_NOT_A_TITLE = re.compile(
    r"\d{1,2}[:.]\d{2}|@|://|^(?:optional|required|organi[sz]er|host|you|remote|online|video"
    r"|phone|on site|onsite|tbc|tbd|via .*|per .*)$", re.IGNORECASE)


def organiser_attended(mentions: Iterable[InvitedPerson], name: str, description: str) -> bool:
    """The organiser accepted, chairs, or is named in the description."""
    if any(p.chair or p.partstat == "accepted" for p in mentions):
        return True
    return named_in(description, name)


def named_in(description: str, name: str) -> bool:
    name = " ".join(name.split())
    if len(name) < 3 or not description:
        return False
    return _name_pattern(name).search(description) is not None


def titles_in(description: str, names: Iterable[str]) -> dict[str, str]:
    """The title written next to each name the description mentions, by casefolded name."""
    found: dict[str, str] = {}
    if not description:
        return found
    for name in dict.fromkeys(" ".join(n.split()) for n in names):
        if len(name) < 3:
            continue
        match = re.compile(_name_pattern(name).pattern + _AFTER_NAME,
                           re.IGNORECASE).search(description)
        if match is None:
            continue
        title = _title(match.group(1) or match.group(2) or "")
        if title:
            found[name.casefold()] = title
    return found


def _name_pattern(name: str) -> re.Pattern[str]:
    words = (re.escape(word) for word in name.split())
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def _title(text: str) -> str:
    title = " ".join(text.split()).strip(" .:")
    if not title or _NOT_A_TITLE.search(title) or len(title) > MAX_TITLE:
        return ""
    try:
        return fields.TITLE.check(title)
    except ValidationError:
        return ""
