"""The zone a TZID names, and the checks a zone the file defines itself must pass.

Time zones are resolved here rather than taken from icalendar's parsed values: icalendar keeps
a VTIMEZONE it does not know under its TZID for the rest of the process, so the second Outlook
file with a "Customized Time Zone" would silently get the first file's rules (and a hostile file
could redefine "W. Europe Standard Time" for every later one). Only the wall-clock reading and
the TZID are used from the parse; the zone comes from the IANA database, the Windows names
icalendar maps, or the file's own VTIMEZONE.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from functools import cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, available_timezones

from followup_desktop.io.ics_import.errors import IcsError, Where, quote, reason
from followup_desktop.io.ics_import.limits import MAX_TIMEZONE_DATES, MAX_TIMEZONE_PARTS

if TYPE_CHECKING:  # icalendar takes a tenth of a second to import: loaded on first use
    from icalendar import Timezone

# A VTIMEZONE rule is expanded year by year when an offset is looked up; any other frequency
# (or a rule that multiplies occurrences within a year) could take hours to evaluate.
RULE_KEYS = frozenset({"FREQ", "INTERVAL", "UNTIL", "COUNT", "WKST", "BYMONTH", "BYDAY",
                       "BYMONTHDAY", "BYSETPOS"})


def iana_name(tzid: str, definition: Timezone | None) -> str | None:
    """The IANA zone a TZID stands for: its own name, the definition's X-LIC-LOCATION
    (Thunderbird, Evolution), a Windows name (Outlook), or the Olson name at the end of a
    "globally unique" TZID such as /mozilla.org/20050126_1/Europe/Berlin."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    candidates = [tzid.strip().strip('"').strip("/")]
    if definition is not None and "X-LIC-LOCATION" in definition:
        candidates.append(str(definition["X-LIC-LOCATION"]).strip())
    candidates.append(WINDOWS_TO_OLSON.get(candidates[0], ""))
    parts = candidates[0].split("/")
    candidates += ["/".join(parts[n:]) for n in range(1, len(parts))]
    return next((name for name in candidates if name in _iana_zones()), None)


@cache
def _iana_zones() -> frozenset[str]:
    # "localtime" would be whatever this machine says, not what the sender meant
    return frozenset(available_timezones() - {"localtime", "Factory"})


def defined_zone(definition: Timezone, tzid: str, name: str, where: Where) -> tzinfo:
    """A zone from the file's own VTIMEZONE ("Customized Time Zone"), its rules honoured."""
    from icalendar.timezone import tzp

    problem = _unsafe_rules(definition)
    if problem:
        raise IcsError(where.at(name, f"the time zone {quote(tzid)} cannot be used: {problem}"))
    try:
        # lookup_tzid=False: built from this definition, never from one cached by TZID
        return definition.to_tz(tzp, lookup_tzid=False)
    # The definition is untrusted input; any failure to build it is the file's.
    except Exception as error:
        raise IcsError(where.at(name, f"the time zone {quote(tzid)} cannot be used "
                                      f"({reason(error)})")) from None


def _unsafe_rules(definition: Timezone) -> str:
    parts = definition.subcomponents
    if not parts or len(parts) > MAX_TIMEZONE_PARTS:
        return f"it needs 1 to {MAX_TIMEZONE_PARTS} STANDARD or DAYLIGHT parts"
    dates = 0
    for part in parts:
        if part.name not in ("STANDARD", "DAYLIGHT") or "DTSTART" not in part \
                or "TZOFFSETTO" not in part:
            return "a part is not STANDARD or DAYLIGHT with DTSTART and TZOFFSETTO"
        rule = part.get("RRULE")
        if isinstance(rule, list) or (rule is not None and _unsafe_rule(rule)):
            return "only one yearly rule per part is supported"
        rdates = part.get("RDATE", [])
        dates += sum(len(r.dts) for r in (rdates if isinstance(rdates, list) else [rdates]))
    return f"more than {MAX_TIMEZONE_DATES} dates" if dates > MAX_TIMEZONE_DATES else ""


def _unsafe_rule(rule: Any) -> bool:
    keys = {str(k).upper() for k in rule}
    return (not keys <= RULE_KEYS or rule.get("FREQ") != ["YEARLY"]
            or rule.get("INTERVAL", [1]) != [1] or len(rule.get("BYMONTH", [])) > 1
            or len(rule.get("BYDAY", [])) > 7 or len(rule.get("BYMONTHDAY", [])) > 7)


def same_zone(zone: tzinfo, user_zone: ZoneInfo, instant: datetime) -> str:
    """A zone the file defines has no IANA name; it is the user's zone if the offsets agree
    at the event and half a year either side of it, else the event is kept in UTC."""
    half_year = timedelta(days=182)
    for moment in (instant - half_year, instant, instant + half_year):
        if moment.astimezone(zone).utcoffset() != moment.astimezone(user_zone).utcoffset():
            return "UTC"
    return user_zone.key
