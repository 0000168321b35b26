"""Interviews in: the user's own calendars on the test server, and the invitations in them as
a phone (or the server's scheduling) would have saved them: the caldav client writing real
iCalendar into a real Radicale or Xandikos."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from caldav import DAVClient

from followup_desktop.services import settings
from followup_desktop.services.backend import Backend
from helpers.backends import berlin
from helpers.dav_server import DavServer

# The data folder's now (a Monday morning) and an invitation nine days later, inside the
# window a sync reads (30 days back, 180 ahead).
NOW = berlin("2026-03-09 09:00")
START = berlin("2026-03-18 14:00")
END = berlin("2026-03-18 15:00")
UID = "interview-globex-1@globex.example"
ME = "jo@example.org"
RECRUITER = "rita.recruiter@globex.example"
GRACE = "grace.hopper@globex.example"


def invitation(uid: str, start: datetime, end: datetime, *, attendees: tuple[str, ...] = (
        ME, GRACE), sequence: int = 0, status: str = "CONFIRMED",
        summary: str = "Interview: Embedded Developer") -> str:
    """One event as an organiser's invitation lands in the attendee's calendar."""
    def stamp(at: datetime) -> str:
        return at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    people = "".join(f"ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;CN="
                     f"{a.split('@')[0]}:mailto:{a}\r\n" for a in attendees)
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Invites//EN\r\n"
            f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:{stamp(start)}\r\n"
            f"DTSTART:{stamp(start)}\r\nDTEND:{stamp(end)}\r\nSEQUENCE:{sequence}\r\n"
            f"STATUS:{status}\r\nSUMMARY:{summary}\r\nLOCATION:Globex HQ\r\n"
            f"ORGANIZER;CN=Rita Recruiter:mailto:{RECRUITER}\r\n{people}"
            "END:VEVENT\r\nEND:VCALENDAR\r\n")


def set_me(backend: Backend, *addresses: str) -> None:
    with backend.write():
        settings.save("own_addresses", list(addresses or (ME,)))


def pick(backend: Backend, *names: str) -> None:
    with backend.write():
        settings.save("sync_calendars", list(names))


class Calendars:
    """The user's calendars on the server, as another client sees and changes them."""

    def __init__(self, server: DavServer) -> None:
        self.server = server

    @contextmanager
    def _client(self) -> Iterator[DAVClient]:
        with DAVClient(self.server.url, username=self.server.user,
                       password=self.server.password) as client:
            yield client

    def make(self, name: str) -> str:
        """A calendar of events; its address."""
        with self._client() as client:
            calendar = client.principal().make_calendar(
                name=name, supported_calendar_component_set=["VEVENT"])
            return str(calendar.url)

    def _calendar(self, client: DAVClient, name: str):
        found = [c for c in client.principal().calendars() if c.get_display_name() == name]
        assert len(found) == 1, found
        return found[0]

    def put(self, name: str, uid: str, data: str, file: str | None = None) -> None:
        """Save (or replace) an event under the file name `file` (default: UID.ics)."""
        with self._client() as client:
            calendar = self._calendar(client, name)
            url = calendar.url.join(file or f"{uid}.ics")
            response = client.put(str(url), data, headers={
                "Content-Type": "text/calendar; charset=utf-8"})
            assert response.status in (200, 201, 204), (response.status, response.reason)

    def delete(self, name: str, uid: str, file: str | None = None) -> None:
        with self._client() as client:
            calendar = self._calendar(client, name)
            response = client.delete(str(calendar.url.join(file or f"{uid}.ics")))
            assert response.status in (200, 204), response.status
