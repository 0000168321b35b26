"""The user's own calendars on the CalDAV server, for interviews in: which ones there are, which
the user picked (the setting `sync_calendars`: each a calendar's address or its name), and what
one holds between two instants (a calendar-query for the ETags of its events, then the data of
those that changed, by calendar-multiget). The app's own "Follow-ups" calendar is never read
as interviews, picked or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from followup_desktop.services import settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.sync.server import CALENDAR_NAME, FETCH_AT_ONCE, Server, SyncError

KEY = "sync_calendars"


@dataclass(frozen=True)
class Listed:
    """One calendar of the account."""

    name: str
    url: str  # the collection's address, ending in "/"
    own: bool  # the app's "Follow-ups": never read as interviews
    picked: bool
    handle: Any  # the caldav library's Calendar

    @property
    def path(self) -> str:
        return urlsplit(self.url).path


def picks(values: dict | None = None) -> list[str]:
    values = values if values is not None else settings.load()
    return list(values[KEY])


def save_picks(backend: Backend, chosen: list[str]) -> None:
    values = {KEY: list(dict.fromkeys(chosen))}
    settings.validate(values)
    with backend.write():
        settings.save(KEY, values[KEY])


def matches(pick: str, name: str, url: str) -> bool:
    """A pick names a calendar by its address (whole, or its path) or by its name (any case)."""
    path = unquote(urlsplit(url).path).rstrip("/")
    wanted = pick.strip()
    as_path = unquote(urlsplit(wanted).path).rstrip("/") if "/" in wanted else None
    return (wanted.rstrip("/") == url.rstrip("/") or as_path == path
            or wanted.casefold() == name.casefold())


def list_calendars(server: Server, chosen: list[str]) -> list[Listed]:
    with server._translated("looking for the calendars"):
        found = server.client.principal().calendars()
        named = [(calendar, calendar.get_display_name() or "") for calendar in found]
    listed = []
    for calendar, name in named:
        url = str(calendar.url)
        url = url if url.endswith("/") else url + "/"
        own = name == CALENDAR_NAME
        picked = not own and any(matches(p, name, url) for p in chosen)
        listed.append(Listed(name or unquote(urlsplit(url).path.rstrip("/").rsplit("/")[-1]),
                             url, own, picked, calendar))
    return sorted(listed, key=lambda c: (c.name.casefold(), c.url))


def resolve(listed: list[Listed], wanted: str) -> Listed:
    """The one calendar a --pick or --unpick names; UserError when none or several do."""
    hits = [c for c in listed if matches(wanted, c.name, c.url)]
    if not hits:
        names = ", ".join(repr(c.name) for c in listed if not c.own) or "none"
        raise UserError(f"No calendar {wanted!r} in this account (its calendars: {names}).")
    if len(hits) > 1:
        raise UserError(f"Several calendars are named {wanted!r}: pick one by its address "
                        f"({', '.join(c.url for c in hits)}).")
    if hits[0].own:
        raise UserError(f"{CALENDAR_NAME!r} is where this app writes the follow-ups; it is "
                        "never read as interviews.")
    return hits[0]


def _query(start: datetime, end: datetime) -> str:
    def stamp(at: datetime) -> str:
        return at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    return ('<?xml version="1.0" encoding="utf-8"?>'
            '<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">'
            "<d:prop><d:getetag/></d:prop><c:filter>"
            '<c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">'
            f'<c:time-range start="{stamp(start)}" end="{stamp(end)}"/>'
            "</c:comp-filter></c:comp-filter></c:filter></c:calendar-query>")


def etags_between(server: Server, calendar: Listed, start: datetime, end: datetime
                  ) -> dict[str, str | None]:
    """href (path) -> ETag of every event of the calendar that overlaps [start, end)."""
    from caldav.elements import dav

    doing = f"listing the events of the calendar {calendar.name!r}"
    with server._translated(doing):
        response = server.client.report(calendar.url, _query(start, end), depth=1)
        if response.status != 207:
            raise SyncError(f"the calendar server {server.account.url} answered "
                            f"{response.status} {response.reason} when {doing}; the next "
                            "sync tries again.")
        listed = response.expand_simple_props([dav.GetEtag()])
    own = calendar.path.rstrip("/")
    return {path: props.get("{DAV:}getetag") for href, props in listed.items()
            if (path := _path(calendar, href)).rstrip("/") != own}


def _path(calendar: Listed, href: str) -> str:
    return urlsplit(urljoin(calendar.url, href)).path


def fetch(server: Server, calendar: Listed, hrefs: list[str]
          ) -> dict[str, tuple[bytes, str | None]]:
    """href -> (data, ETag) of these events; one gone meanwhile is left out."""
    found: dict[str, tuple[bytes, str | None]] = {}
    for start in range(0, len(hrefs), FETCH_AT_ONCE):
        chunk = [calendar.handle.url.join(href) for href in hrefs[start:start + FETCH_AT_ONCE]]
        with server._translated(f"reading the events of the calendar {calendar.name!r}"):
            for item in calendar.handle.multiget(chunk):
                data = item.data
                raw = data.encode() if isinstance(data, str) else bytes(data or b"")
                found[_path(calendar, str(item.url))] = (raw, item.props.get("{DAV:}getetag"))
    return found
