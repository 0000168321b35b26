"""The user's CalDAV server, through the `caldav` package: discovery of the "Follow-ups"
calendar (made when there is none), the hrefs and ETags of what is in it, the items' data, and
conditional writes (If-None-Match for a new item, If-Match for a known one), so that nothing a
phone changed meanwhile is overwritten unseen.

Every fault the network or the server can cause is a SyncError with one line for the user:
a refused password, a server that cannot be reached or times out, an error status, an answer
that is not WebDAV XML.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from followup_desktop.services.errors import UserError
from followup_desktop.services.sync.account import SyncAccount
from followup_desktop.services.sync.items import file_name

CALENDAR_NAME = "Follow-ups"
TIMEOUT_SECONDS = 30
FETCH_AT_ONCE = 100  # hrefs per calendar-multiget: bounded answers on a calendar of 50,000
ICAL = "text/calendar; charset=utf-8"
ETAG_PROPFIND = ('<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop>'
                 "<d:getetag/><d:resourcetype/></d:prop></d:propfind>")


class SyncError(UserError):
    """The server could not be used this time; nothing local was lost."""


class PasswordRefused(SyncError):
    """The server refused the user name or password: trying again cannot help (and could lock
    the account); the user has to change them."""


class WriteConflict(Exception):
    """The item changed on the server since it was read (412): the next sync sees it."""


@dataclass(frozen=True)
class Written:
    href: str
    etag: str | None


@contextmanager
def translated(account: SyncAccount, doing: str, statuses: list[int] | None = None
               ) -> Iterator[None]:
    """The library's and the network's exceptions as one line for the user. `statuses`: the
    HTTP statuses answered so far (the library reads an error page as XML before it looks at
    the status, so the status is named from here)."""
    from caldav.lib import error as dav_error
    from lxml.etree import LxmlError

    where = f"the calendar server {account.url}"
    seen = statuses if statuses is not None else []
    mark = len(seen)
    try:
        yield
    except dav_error.AuthorizationError:
        if seen[mark:][-1:] == [403]:  # the library says the same of a 401 and of a 403
            raise SyncError(f"{where} refused {doing} (403 Forbidden): the user may not do "
                            "that there; check the account's rights on the server.") from None
        raise PasswordRefused(f"{where} refused the user name {account.user!r} or its password "
                        f"while {doing}; check them (`sync account add` again, or "
                        "--password-file).") from None
    except dav_error.DAVError as error:
        raise SyncError(f"{where} answered with an error while {doing}: "
                        f"{_short(error)}; nothing here was changed by it.") from None
    except (LxmlError, SyntaxError) as error:  # lxml's XMLSyntaxError is both
        failed = [status for status in seen[mark:] if status >= 400]
        if failed:
            raise SyncError(f"{where} answered {failed[-1]} (an error on the server) while "
                            f"{doing}; the next sync tries again.") from None
        raise SyncError(f"{where} sent an answer that is not WebDAV XML while {doing} "
                        f"({_short(error)}).") from None
    except OSError as error:  # the HTTP library's connection errors and time-outs are these
        if isinstance(error, (TimeoutError, _http_timeout())):
            raise SyncError(f"{where} did not answer within {TIMEOUT_SECONDS} s while {doing}; "
                            "the next sync tries again.") from None
        raise SyncError(f"{where} cannot be reached while {doing} ({_short(error)}); the "
                        "next sync tries again.") from None


def _http_timeout() -> type[Exception]:
    """The time-out of the HTTP library caldav talks through (niquests, or requests)."""
    try:
        from niquests.exceptions import Timeout
    except ImportError:
        from requests.exceptions import Timeout
    return Timeout


def _short(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 200 else text[:199] + "…"


class Server:
    """One session with the server; use as a context manager (its connections closed on
    exit)."""

    def __init__(self, account: SyncAccount, password: str) -> None:
        from caldav import DAVClient

        self.account = account
        self.client = DAVClient(account.url, username=account.user, password=password,
                                timeout=TIMEOUT_SECONDS)
        self.statuses: list[int] = []
        self.client.session.hooks["response"].append(self._seen)
        self.calendar: Any = None
        # The library logs its own surprises as errors; with no handler of the app's, Python
        # would print them to stderr, around the command's one line.
        library_log = logging.getLogger("caldav")
        if not library_log.handlers:
            library_log.addHandler(logging.NullHandler())

    def _seen(self, response: Any, *args: object, **kwargs: object) -> Any:
        self.statuses.append(int(response.status_code))
        return response

    def _translated(self, doing: str) -> Any:
        return translated(self.account, doing, self.statuses)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.client.close()

    @property
    def calendar_url(self) -> str:
        """The collection's address, ending in "/" so that item names join below it."""
        url = str(self.calendar.url)
        return url if url.endswith("/") else url + "/"

    def open_calendar(self) -> bool:
        """Find the "Follow-ups" calendar, or make it; True when it was made now."""
        with self._translated("looking for the calendars"):
            principal = self.client.principal()
            for calendar in principal.calendars():
                if calendar.get_display_name() == CALENDAR_NAME:
                    self.calendar = calendar
                    return False
        with self._translated(f"making the calendar {CALENDAR_NAME!r}"):
            self.calendar = principal.make_calendar(
                name=CALENDAR_NAME, supported_calendar_component_set=["VTODO", "VEVENT"])
        return True

    def etags(self) -> dict[str, str | None]:
        """href (the path, as the server names it) -> ETag, for every item in the calendar."""
        from caldav.elements import dav

        with self._translated("listing the follow-ups"):
            response = self.client.propfind(self.calendar_url, props=ETAG_PROPFIND, depth=1)
            if response.status != 207:
                raise SyncError(f"the calendar server {self.account.url} answered "
                                f"{response.status} {response.reason} when listing the "
                                "follow-ups; the next sync tries again.")
            listed = response.expand_simple_props([dav.GetEtag()])
        own = urlsplit(self.calendar_url).path.rstrip("/")
        return {self._path(href): props.get("{DAV:}getetag")
                for href, props in listed.items()
                if self._path(href).rstrip("/") != own}

    def _path(self, href: str) -> str:
        return urlsplit(urljoin(self.calendar_url, href)).path

    def fetch(self, hrefs: list[str]) -> dict[str, tuple[bytes, str | None]]:
        """href -> (data, ETag) of these items; an item gone meanwhile is left out."""
        found: dict[str, tuple[bytes, str | None]] = {}
        for start in range(0, len(hrefs), FETCH_AT_ONCE):
            chunk = [self.calendar.url.join(href)
                     for href in hrefs[start:start + FETCH_AT_ONCE]]
            with self._translated("reading the follow-ups"):
                for item in self.calendar.multiget(chunk):
                    data = item.data
                    raw = data.encode() if isinstance(data, str) else bytes(data or b"")
                    found[self._path(str(item.url))] = (raw, item.props.get("{DAV:}getetag"))
        return found

    def put(self, uid: str, body: bytes, href: str | None, etag: str | None) -> Written:
        """Write an item: a new one where nothing is (href None), else only over the version
        with `etag`. WriteConflict when the server holds another version."""
        target = href or urlsplit(urljoin(self.calendar_url, file_name(uid))).path
        url = urljoin(self.calendar_url, target)
        condition = {"If-Match": etag} if href and etag else {"If-None-Match": "*"}
        with self._translated("writing a follow-up"):
            response = self.client.put(url, body.decode("utf-8"),
                                       headers={"Content-Type": ICAL, **condition})
            if response.status == 412:
                raise WriteConflict(target)
            self._check(response, "writing a follow-up", (200, 201, 204))
            new_etag = response.headers.get("ETag") or self._etag(url)
        return Written(target, new_etag)

    def _etag(self, url: str) -> str | None:
        """When a PUT's answer names no ETag (the server may have changed the data)."""
        from caldav.elements import dav

        response = self.client.propfind(url, props=ETAG_PROPFIND, depth=0)
        values = list(response.expand_simple_props([dav.GetEtag()]).values())
        return values[0].get("{DAV:}getetag") if values else None

    def delete(self, href: str, etag: str | None) -> None:
        url = urljoin(self.calendar_url, href)
        with self._translated("removing a follow-up"):
            response = self.client.delete(url, headers={"If-Match": etag} if etag else {})
            if response.status == 412:
                raise WriteConflict(href)
            self._check(response, "removing a follow-up", (200, 204, 404))

    def _check(self, response: Any, doing: str, good: tuple[int, ...]) -> None:
        if response.status not in good:
            raise SyncError(f"the calendar server {self.account.url} answered "
                            f"{response.status} {response.reason} while {doing}; the next "
                            "sync tries again.")
