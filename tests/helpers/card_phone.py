"""The address book seen by another client, as a phone's contacts app reads and changes it:
the `caldav` package's DAVClient sending plain WebDAV (PROPFIND, GET, PUT, DELETE), the cards
read and edited with vobject. It finds the address book on its own (principal, home set, the
display name), so a test also proves the app made it where a phone looks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import urljoin

import vobject
from caldav import DAVClient

from followup_desktop.domain.model import Role
from followup_desktop.services import records
from followup_desktop.services.backend import Backend
from followup_desktop.services.records import ContactDraft
from followup_desktop.services.sync.contacts import save_enabled
from followup_desktop.services.sync.contacts_out import card_uid, uid_of_card_href
from followup_desktop.services.sync.syncing import SyncResult
from followup_desktop.storage.models import Contact
from helpers.dav_server import DavServer
from helpers.sync_world import World, connect, run

BOOK = "Follow-up contacts"
NS = 'xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"'
D, C = "{DAV:}", "{urn:ietf:params:xml:ns:carddav}"


def _propfind(props: str) -> str:
    return f'<?xml version="1.0"?><d:propfind {NS}><d:prop>{props}</d:prop></d:propfind>'


class CardPhone:
    def __init__(self, server: DavServer) -> None:
        self.server = server

    @contextmanager
    def book(self) -> Iterator[tuple[DAVClient, str]]:
        """The client and the address book's URL (exactly one named "Follow-up contacts")."""
        with DAVClient(self.server.url, username=self.server.user,
                       password=self.server.password) as client:
            principal = str(client.principal().url)
            answer = client.propfind(principal, _propfind("<c:addressbook-home-set/>"), 0)
            home = urljoin(principal, answer.tree.findtext(f".//{C}addressbook-home-set/{D}href"))
            answer = client.propfind(home, _propfind("<d:resourcetype/><d:displayname/>"), 1)
            found = [urljoin(home, r.findtext(f"{D}href")) for r in answer.tree.iter(f"{D}response")
                     if r.find(f".//{D}resourcetype/{C}addressbook") is not None
                     and r.findtext(f".//{D}displayname") == BOOK]
            assert len(found) == 1, found
            yield client, found[0]

    def _listing(self, client: DAVClient, url: str) -> dict[str, str]:
        """href -> ETag of every card."""
        answer = client.propfind(url, _propfind("<d:getetag/>"), 1)
        return {r.findtext(f"{D}href"): r.findtext(f".//{D}getetag")
                for r in answer.tree.iter(f"{D}response")
                if not r.findtext(f"{D}href").endswith("/")}

    def etags(self) -> dict[str, str]:
        with self.book() as (client, url):
            return self._listing(client, url)

    def raw(self) -> dict[str, str]:
        """UID (from the file name) -> the card's text, for our cards."""
        with self.book() as (client, url):
            found = {}
            for href in self._listing(client, url):
                uid = uid_of_card_href(href)
                if uid is not None:
                    found[uid] = client.request(urljoin(url, href), "GET",
                                                headers={"Accept": "text/vcard"}).raw
            return found

    def cards(self) -> dict[str, vobject.base.Component]:
        return {uid: vobject.readOne(text) for uid, text in self.raw().items()}

    def _href(self, client: DAVClient, url: str, uid: str) -> tuple[str, str]:
        for href, etag in self._listing(client, url).items():
            if uid_of_card_href(href) == uid:
                return urljoin(url, href), etag
        raise AssertionError(f"no card {uid}")

    def put_text(self, uid: str, text: str) -> None:
        with self.book() as (client, url):
            href, etag = self._href(client, url, uid)
            answer = client.put(href, text, headers={"Content-Type": "text/vcard",
                                                     "If-Match": etag})
            assert answer.status in (200, 201, 204), (answer.status, answer.raw)

    def change(self, uid: str, edit: Callable[[vobject.base.Component], None]) -> None:
        """Apply `edit(card)` and save it, as a phone's contacts app would."""
        card = self.cards()[uid]
        edit(card)
        self.put_text(uid, card.serialize())

    def delete(self, uid: str) -> None:
        with self.book() as (client, url):
            href, etag = self._href(client, url, uid)
            assert client.delete(href, headers={"If-Match": etag}).status in (200, 204)


def set_value(card: vobject.base.Component, name: str, value: str) -> None:
    """The first `name` property set to `value` (added if there is none)."""
    lines = card.contents.get(name)
    if lines:
        lines[0].value = value
    else:
        card.add(name).value = value


def uid(contact_id: int) -> str:
    contact = Contact.get_by_id(contact_id)
    return card_uid(contact.id, contact.created_utc)


def edit(backend: Backend, contact_id: int, **changes: object) -> None:
    """A change by hand in the app, through the one writer of people."""
    c = Contact.get_by_id(contact_id)
    draft = dict(name=c.name, title=c.title, role=Role(c.role), email=c.email, phone=c.phone,
                 postal_address=c.postal_address, name_verified=c.name_verified,
                 title_verified=c.title_verified, verified_source=c.verified_source,
                 notes=c.notes)
    records.update_contact(backend, contact_id, c.company_id, ContactDraft(**{**draft,
                                                                            **changes}))


def synced(world: World, dav: DavServer) -> None:
    connect(world.backend, dav)
    save_enabled(world.backend, True)


def first_sync(world: World, dav: DavServer) -> SyncResult:
    synced(world, dav)
    return run(world.backend, dav)
