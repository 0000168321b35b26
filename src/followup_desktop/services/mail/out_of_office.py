"""The return date in an automatic answer, English and German: "I will be back on 14 December",
"returning Monday, 14.12.2026", "ab dem 14.12. wieder im Büro", "bis einschließlich 11.
Dezember", "until December 11th", ...

Dates are found by small patterns (a day and a month name, dotted or ISO numbers, a weekday)
and the month names read by dateutil's parser with German names added. A date counts only with
a cue beside it, so a date about something else ("your message of 3 December") is not read as
a return:
- the last cue word before it is "back", "return(ing)", "wieder", "zurück", ... (or, with no
  cue before it, one follows within a few words, as German puts it: "am 14.12. wieder im Büro",
  "ab dem 14.12. erreichbar", but not "wieder im Urlaub" or "nicht erreichbar"): they are back
  that day;
- the last cue word before it is "until", "through", "bis", "after", or it ends a range
  ("1.-11.12.", "1 to 11 December"): they are away through that day and back on the next
  working day. "not back until" reads as back on that day.
An explicit return beats an "until"; of several, the first in the text counts. A date without a
year is the next such date on or after the day the answer was sent; a weekday alone the next
such day after it. Day and month both 12 or less with slashes ("11/12/2026") could be either
order: no date is better than a wrong one. Quoted lines ("> ...") are the user's own message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import ClassVar

from dateutil import parser as dateparser

from followup_desktop.domain.hearing_back import away_plausible
from followup_desktop.domain.rules import Rules
from followup_desktop.domain.workcal import next_working_day


class _Names(dateparser.parserinfo):
    """dateutil's month names with the German ones (and their usual abbreviations)."""

    MONTHS: ClassVar[list[tuple[str, ...]]] = [  # dateutil reads this list
        ("Jan", "January", "Januar", "Jän", "Jänner"), ("Feb", "February", "Februar"),
        ("Mar", "March", "März", "Mär", "Maerz"), ("Apr", "April"), ("May", "Mai"),
        ("Jun", "June", "Juni"), ("Jul", "July", "Juli"), ("Aug", "August"),
        ("Sep", "Sept", "September"), ("Oct", "October", "Okt", "Oktober"),
        ("Nov", "November"), ("Dec", "December", "Dez", "Dezember")]


_INFO = _Names(dayfirst=True)
_MONTH = (r"(?P<mon>jan(?:uary|uar)?|j[äa]n(?:ner)?|feb(?:ruary|ruar)?|m[äa]r(?:ch|z)?|maerz"
          r"|apr(?:il)?|ma[iy]|jun[ei]?|jul[iy]?|aug(?:ust)?|sep(?:t(?:ember)?)?"
          r"|o[ck]t(?:ober)?|nov(?:ember)?|de[cz](?:ember)?)\b\.?")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WOCHENTAGE = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
_DAY_NUMBER = {name: i for names in (_WEEKDAYS, _WOCHENTAGE) for i, name in enumerate(names)}
_DAY_NUMBER["sonnabend"] = 5
_WEEKDAY = "|".join(sorted(_DAY_NUMBER, key=len, reverse=True))
_SHORT_DAY = r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|mo|di|mi|do|fr|sa|so"
# "Monday, " or "Mo., den " before a date: part of it (the date decides, not the weekday).
_PREFIX = rf"(?:(?:{_WEEKDAY}|(?:{_SHORT_DAY})\.?,)\.?,?\s+(?:(?:the|den|dem)\s+)?)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"

_DAY_MONTH = re.compile(
    rf"\b{_PREFIX}(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\.?\s*(?:of\s+)?{_MONTH}(?:,?\s*{_YEAR}\b)?",
    re.IGNORECASE)
_MONTH_DAY = re.compile(
    rf"\b{_PREFIX}{_MONTH}\s*(?:the\s+)?(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?!\.\d)"
    rf"(?:,?\s*{_YEAR}\b)?", re.IGNORECASE)
_DOTTED = re.compile(
    rf"\b{_PREFIX}(?P<d>[0-3]?\d)\.\s?(?P<m>[01]?\d)\.(?:\s?(?P<y>(?:19|20)?\d\d)\b)?(?!\.?\d)",
    re.IGNORECASE)
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
_SLASHED = re.compile(rf"\b{_PREFIX}(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)(?:/(?P<y>(?:19|20)?\d\d))?\b",
                      re.IGNORECASE)
_WEEKDAY_ALONE = re.compile(rf"\b(?P<wd>{_WEEKDAY})\b", re.IGNORECASE)
_TOMORROW = re.compile(r"\btomorrow\b|(?<=\bab\s)morgen\b", re.IGNORECASE)

# Cue words, the last one before a date deciding (see the module's docstring).
_CUE = re.compile(
    r"\b(?P<back>back|return|returns|returning|wieder|zurück|zurueck|rückkehr)\b"
    r"|\b(?P<until>until|till|til|through|thru|bis|after|up\s+to)\b"
    r"|(?P<range>(?:[-–—]|\bto\b|\bbis\b)\s*$)", re.IGNORECASE)
_NOT_BACK_UNTIL = re.compile(
    r"\b(?:not|n't|won't|nicht)\b.*\b(?:back|return\w*|in\s+the\s+office|available)\b.*"
    r"\buntil\b\s*$", re.IGNORECASE)
# A cue after the date, within a few words and no comma: "am 14.12. wieder im Büro", "ab dem
# 14.12. erreichbar", "from 14 December I am back"; not "wieder im Urlaub", not "nicht erreichbar".
_CUE_AFTER = re.compile(
    r"^\W*(?:[\w'’]+\s+){0,3}?(?:wieder|zurück|zurueck|back|erreichbar|im\s+büro|im\s+haus"
    r"|im\s+dienst)\b(?!\s+(?:im\s+urlaub|in\s+urlaub|abwesend|weg|unterwegs|verreist))",
    re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:nicht|kein\w*|not|no)\b|n't\b", re.IGNORECASE)
_NOT_A_CUE = re.compile(r"\b(?:get|getting|got)\s+back\s+to\b|\bback\s+to\s+(?:you|me)\b",
                        re.IGNORECASE)
# Where a clause ends: a line break, ! ? ; or a full stop after a letter (not "14.").
_BOUNDARY = re.compile(r"[\n!?;]|(?<=[^\W\d])\.(?=\s)")
_LOOK_BEFORE, _LOOK_AFTER = 80, 50
# A date without a year this long before the answer was sent is a stale one, not next year's.
STALE_AFTER = timedelta(days=180)


@dataclass(frozen=True)
class Absence:
    """What an automatic answer says: back on `day`, or (`until`) away through `day`."""

    day: date
    until: bool

    def return_day(self, rules: Rules) -> date:
        """The first day they are back."""
        if not self.until:
            return self.day
        return next_working_day(self.day, rules)


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    day: date | None  # None: not a real date (31 February, an ambiguous order)


def read_absence(text: str, sent_on: date) -> Absence | None:
    """The return (or last absent day) an automatic answer sent on `sent_on` states, if any."""
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))
    mentions = _mentions(text, sent_on)
    found: list[Absence] = []
    for index, mention in enumerate(mentions):
        if mention.day is None or not away_plausible(mention.day, sent_on):
            continue
        low = mentions[index - 1].end if index else 0
        high = mentions[index + 1].start if index + 1 < len(mentions) else len(text)
        kind = _kind(_before(text, low, mention.start), _after(text, mention.end, high))
        if kind is not None:
            found.append(Absence(mention.day, until=kind == "until"))
    backs = [a for a in found if not a.until]
    return (backs or found or [None])[0]


def return_day(text: str, sent_on: date, rules: Rules) -> date | None:
    """The first day they are back, by the user's working days; None: no date given."""
    absence = read_absence(text, sent_on)
    return None if absence is None else absence.return_day(rules)


def _kind(before: str, after: str) -> str | None:
    """"back", "until" or None, by the cues around a date."""
    before = _NOT_A_CUE.sub(" ", before)
    cues = list(_CUE.finditer(before))
    if cues:
        last = cues[-1]
        if last.group("back"):
            return "back"
        if last.group("until") and last.group("until").lower() == "until" \
                and _NOT_BACK_UNTIL.search(before):
            return "back"
        return "until"
    cue = _CUE_AFTER.search(after)
    return "back" if cue is not None and not _NEGATION.search(cue.group(0)) else None


def _before(text: str, low: int, start: int) -> str:
    window = text[max(low, start - _LOOK_BEFORE):start]
    ends = [m.end() for m in _BOUNDARY.finditer(window)]
    return window[ends[-1]:] if ends else window


def _after(text: str, end: int, high: int) -> str:
    window = text[end:min(high, end + _LOOK_AFTER)]
    stop = _BOUNDARY.search(window)
    return window[:stop.start()] if stop else window


def _mentions(text: str, sent_on: date) -> list[_Mention]:
    """Every date in the text, the longest reading of each place, in text order."""
    readers: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], date], date | None]], ...] = (
        (_DAY_MONTH, _named), (_MONTH_DAY, _named), (_ISO, _numbers), (_DOTTED, _numbers),
        (_SLASHED, _slashed), (_TOMORROW, _tomorrow), (_WEEKDAY_ALONE, _weekday))
    taken: list[_Mention] = []
    for pattern, read in readers:  # the more specific readings first: they claim their place
        for match in pattern.finditer(text):
            if any(match.start() < m.end and m.start < match.end() for m in taken):
                continue
            taken.append(_Mention(match.start(), match.end(), read(match, sent_on)))
    return sorted(taken, key=lambda m: m.start)


def _named(match: re.Match[str], sent_on: date) -> date | None:
    """"14 December", "Dec. 14, 2026", "11. Dezember": month names read by dateutil."""
    text = f"{match['d']} {match['mon'].rstrip('.')} {match['y'] or ''}".strip()
    try:
        parsed = dateparser.parse(text, parserinfo=_INFO, default=datetime(2000, 1, 1))
    except (ValueError, OverflowError):
        return None
    return _dated(parsed.day, parsed.month, match["y"], sent_on)


def _numbers(match: re.Match[str], sent_on: date) -> date | None:
    return _dated(int(match["d"]), int(match["m"]), match["y"], sent_on)


def _slashed(match: re.Match[str], sent_on: date) -> date | None:
    first, second = int(match["a"]), int(match["b"])
    if first > 12 >= second:
        return _dated(first, second, match["y"], sent_on)  # day first
    if second > 12 >= first:
        return _dated(second, first, match["y"], sent_on)  # month first
    if first == second:
        return _dated(first, first, match["y"], sent_on)
    return None  # 11/12: either order


def _tomorrow(match: re.Match[str], sent_on: date) -> date | None:
    return sent_on + timedelta(days=1)


def _weekday(match: re.Match[str], sent_on: date) -> date | None:
    ahead = (_DAY_NUMBER[match["wd"].lower()] - sent_on.weekday() - 1) % 7 + 1
    return sent_on + timedelta(days=ahead)


def _dated(day: int, month: int, year: str | None, sent_on: date) -> date | None:
    """A date; without a year, the next such date on or after `sent_on` (29 February: the
    next leap year's), unless this year's passed lately: an answer left on since then ("until
    11.12." sent on 12 December) is stale, not about next year."""
    if year is not None:
        number = int(year)
        return _date(number + 2000 if number < 100 else number, month, day)
    this_year = _date(sent_on.year, month, day)
    if this_year is not None and sent_on - STALE_AFTER <= this_year < sent_on:
        return None
    for candidate in range(sent_on.year, sent_on.year + 9):
        found = _date(candidate, month, day)
        if found is not None and found >= sent_on:
            return found
    return None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None

