"""The "Follow-up contacts" address book on the user's CardDAV server, through the same
`caldav` session as the calendar (services/sync/server.py). The package has no CardDAV objects,
but its DAVClient sends any WebDAV request with the account's login and session, so the
requests here are its PROPFIND, REPORT, MKCOL, PUT and DELETE with CardDAV bodies (RFC 6352):

- discovery: the principal (current-user-principal, as for the calendars), its
  addressbook-home-set, and in it an address book named "Follow-up contacts", made with an
  extended MKCOL (RFC 5689) when there is none;
- the hrefs and ETags of the cards in it, the data of those that changed (addressbook-multiget);
- conditional writes: If-None-Match for a new card, If-Match for a known one.

Faults become SyncError lines through the calendar's translation (server.translated).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

from followup_desktop.services.sync.server import (
    ETAG_PROPFIND,
    FETCH_AT_ONCE,
    Server,
    SyncError,
    WriteConflict,
    Written,
)

ADDRESS_BOOK_NAME = "Follow-up contacts"
ADDRESS_BOOK_SLUG = "followup-contacts"  # its path below the home, when the app makes it
VCARD = "text/vcard; charset=utf-8"
DAV = "{DAV:}"
CARD = "{urn:ietf:params:xml:ns:carddav}"
_NAMESPACES = 'xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"'
HOME_PROPFIND = (f'<?xml version="1.0" encoding="utf-8"?><d:propfind {_NAMESPACES}><d:prop>'
                 "<c:addressbook-home-set/></d:prop></d:propfind>")
BOOKS_PROPFIND = (f'<?xml version="1.0" encoding="utf-8"?><d:propfind {_NAMESPACES}><d:prop>'
                  "<d:resourcetype/><d:displayname/></d:prop></d:propfind>")
MAKE_BOOK = (f'<?xml version="1.0" encoding="utf-8"?><d:mkcol {_NAMESPACES}><d:set><d:prop>'
             "<d:resourcetype><d:collection/><c:addressbook/></d:resourcetype>"
             f"<d:displayname>{ADDRESS_BOOK_NAME}</d:displayname></d:prop></d:set></d:mkcol>")


def _multiget(hrefs: list[str]) -> str:
    from xml.sax.saxutils import escape

    listed = "".join(f"<d:href>{escape(href)}</d:href>" for href in hrefs)
    return (f'<?xml version="1.0" encoding="utf-8"?><c:addressbook-multiget {_NAMESPACES}>'
            f"<d:prop><d:getetag/><c:address-data/></d:prop>{listed}</c:addressbook-multiget>")


def card_file(uid: str) -> str:
    """The card's name in the address book (our UIDs are plain ASCII, safe in a path)."""
    return f"{uid}.vcf"


class AddressBook:
    """The address book, in the session of `server` (whose context closes the connections)."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.client = server.client
        self.url = ""

    @contextmanager
    def _translated(self, doing: str) -> Iterator[None]:
        """The calendar's translation, but a 403 here is no wrong password: the library
        reports both as AuthorizationError, the status tells them apart."""
        from caldav.lib.error import AuthorizationError

        with self.server._translated(doing):
            try:
                yield
            except AuthorizationError:
                if self.server.statuses[-1:] != [403]:
                    raise
                raise SyncError(f"the server {self.server.account.url} refused {doing} (403 "
                                "Forbidden); if it keeps no address books for you, set the "
                                "account up again without --contacts.") from None

    def _fail(self, response: Any, doing: str) -> SyncError:
        return SyncError(f"the server {self.server.account.url} answered {response.status} "
                         f"{response.reason} while {doing}; the next sync tries again.")

    def open(self) -> bool:
        """Find "Follow-up contacts", or make it; True when it was made now."""
        doing = "looking for the address books"
        with self._translated(doing):
            principal = str(self.client.principal().url)
            response = self.client.propfind(principal, props=HOME_PROPFIND, depth=0)
            homes = [urljoin(principal, href.text.strip())
                     for href in _elements(response, f"{CARD}addressbook-home-set/{DAV}href")
                     if href.text and href.text.strip()]
            if not homes:
                raise SyncError(f"the server {self.server.account.url} has no address books "
                                "for this user (no CardDAV addressbook-home-set).")
            home = homes[0] if homes[0].endswith("/") else homes[0] + "/"
            response = self.client.propfind(home, props=BOOKS_PROPFIND, depth=1)
            if response.status != 207:
                raise self._fail(response, doing)
            for found in _elements(response, f"{DAV}response"):
                href = found.findtext(f"{DAV}href") or ""
                is_book = found.find(f".//{DAV}resourcetype/{CARD}addressbook") is not None
                name = (found.findtext(f".//{DAV}displayname") or "").strip()
                if is_book and name == ADDRESS_BOOK_NAME:
                    self.url = _collection(urljoin(home, href.strip()))
                    return False
        doing = f"making the address book {ADDRESS_BOOK_NAME!r}"
        with self._translated(doing):
            url = _collection(urljoin(home, ADDRESS_BOOK_SLUG))
            response = self.client.mkcol(url, MAKE_BOOK)
            if response.status not in (200, 201):
                raise self._fail(response, doing)
        self.url = url
        return True

    def _path(self, href: str) -> str:
        """The path, spelled one way: servers differ in escaping "@" (%40 or not)."""
        return quote(unquote(urlsplit(urljoin(self.url, href)).path), safe="/@")

    def etags(self) -> dict[str, str | None]:
        """href (its path) -> ETag, for every card in the address book."""
        doing = "listing the contacts"
        with self._translated(doing):
            response = self.client.propfind(self.url, props=ETAG_PROPFIND, depth=1)
            if response.status != 207:
                raise self._fail(response, doing)
            own = urlsplit(self.url).path.rstrip("/")
            listed: dict[str, str | None] = {}
            for found in _elements(response, f"{DAV}response"):
                path = self._path((found.findtext(f"{DAV}href") or "").strip())
                if path.rstrip("/") != own:
                    listed[path] = found.findtext(f".//{DAV}getetag")
        return listed

    def fetch(self, hrefs: list[str]) -> dict[str, tuple[bytes, str | None]]:
        """href -> (data, ETag) of these cards; a card gone meanwhile is left out."""
        found: dict[str, tuple[bytes, str | None]] = {}
        for start in range(0, len(hrefs), FETCH_AT_ONCE):
            chunk = hrefs[start:start + FETCH_AT_ONCE]
            with self._translated("reading the contacts"):
                response = self.client.report(self.url, _multiget(chunk), depth=1)
                if response.status != 207:
                    raise self._fail(response, "reading the contacts")
                for item in _elements(response, f"{DAV}response"):
                    data = item.findtext(f".//{CARD}address-data")
                    if data is None:
                        continue  # a 404 for a card removed since the listing
                    path = self._path((item.findtext(f"{DAV}href") or "").strip())
                    found[path] = (data.encode("utf-8"), item.findtext(f".//{DAV}getetag"))
        return found

    def put(self, uid: str, body: bytes, href: str | None, etag: str | None) -> Written:
        """A new card where nothing is (href None), else only over the version with `etag`."""
        target = href or self._path(card_file(uid))
        url = urljoin(self.url, target)
        condition = {"If-Match": etag} if href and etag else {"If-None-Match": "*"}
        with self._translated("writing a contact"):
            response = self.client.put(url, body.decode("utf-8"),
                                       headers={"Content-Type": VCARD, **condition})
            if response.status == 412:
                raise WriteConflict(target)
            if response.status not in (200, 201, 204):
                raise self._fail(response, "writing a contact")
            new_etag = response.headers.get("ETag") or self._etag(url)
        return Written(target, new_etag)

    def _etag(self, url: str) -> str | None:
        response = self.client.propfind(url, props=ETAG_PROPFIND, depth=0)
        tags = [tag.text for tag in _elements(response, f"{DAV}response//{DAV}getetag")]
        return tags[0] if tags else None

    def delete(self, href: str, etag: str | None) -> None:
        with self._translated("removing a contact"):
            response = self.client.delete(urljoin(self.url, href),
                                          headers={"If-Match": etag} if etag else {})
            if response.status == 412:
                raise WriteConflict(href)
            if response.status not in (200, 204, 404):
                raise self._fail(response, "removing a contact")


def _collection(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _elements(response: Any, path: str) -> list[Any]:
    """Elements of a multistatus answer (lxml); an answer that is no XML at all raises the
    parser's error, which the translation names."""
    tree = response.tree
    if tree is None:
        from lxml.etree import XMLSyntaxError

        raise XMLSyntaxError("the answer has no XML body", None, 0, 0)
    return list(tree.iterfind(f".//{path}"))
