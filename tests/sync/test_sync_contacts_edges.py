"""Contacts through CardDAV, the edges: a card on the server the app cannot read is left alone
and named; a change the app's rules refuse keeps the app's version; names with quotes,
commas, semicolons, newlines and emoji go out and come back unchanged; `sync account add
--contacts` and `sync` as the real command; the account removed forgets the card ledger; a
contact who no longer qualifies has their card removed."""

from __future__ import annotations

from pathlib import Path

from followup_desktop.domain.model import Role
from followup_desktop.io.vcard.reading import parse
from followup_desktop.services import records
from followup_desktop.services.records import ContactDraft
from followup_desktop.services.sync.account import SyncAccount, remove_account
from followup_desktop.services.sync.contacts import sync_contacts
from followup_desktop.services.sync.contacts_out import wanted_cards
from followup_desktop.services.sync.server import Server
from followup_desktop.storage.models import Contact, SyncCard
from helpers.backends import START, db_file, make_backend, table_rows
from helpers.card_phone import CardPhone, edit, first_sync, set_value, uid
from helpers.dav_server import DavServer
from helpers.dav_stub import DavStub
from helpers.mail_cli import mail_env, run_cli
from helpers.radicale import Radicale
from helpers.radicale_rights import RadicaleWithoutContacts
from helpers.sync_world import World, make_world, run

# A card of another vCard version than the reader knows: both servers store it as it is.
UNKNOWN_VERSION = ("BEGIN:VCARD\r\nVERSION:5.0\r\nUID:{uid}\r\nFN:Ada from the future\r\n"
                   "N:Ada;;;;\r\nEND:VCARD\r\n")
HOSTILE_NAME = 'Zoë "Zed" O\'Brien, Jr.; PhD 🤖'
HOSTILE_TITLE = 'R&D; Lead, "Robots" \\ Arms 🦾'
HOSTILE_COMPANY = 'Acme; Robotics, "Berlin" 🏭'
HOSTILE_ADDRESS = 'c/o "Empfang", Hof 2;\nHauptstraße 1\n10115 Berlin 🇩🇪'


def test_a_card_the_app_cannot_read_is_left_alone_and_named(world: World, dav: DavServer):
    backend = world.backend
    first_sync(world, dav)
    cards = CardPhone(dav)
    cards.put_text(uid(world.ada), UNKNOWN_VERSION.format(uid=uid(world.ada)))
    result = run(backend, dav)
    assert Contact.get_by_id(world.ada).name == "Ada Lovelace"
    assert result.contacts.written == 0 and result.contacts.taken == 0
    assert ("1 card in the address book could not be read, left alone: the card of 'Ada "
            "Lovelace' (card 1, VERSION: '5.0' is not 2.1, 3.0 or 4.0)" in result.describe())
    assert "VERSION:5.0" in cards.raw()[uid(world.ada)]
    again = run(backend, dav)
    assert again.contacts.written == 0 and len(again.contacts.unreadable) == 1


def test_a_change_the_app_refuses_keeps_the_app_version(world: World, radicale: Radicale):
    backend = world.backend
    first_sync(world, radicale)
    cards = CardPhone(radicale)
    cards.change(uid(world.bob), lambda card: set_value(card, "email", "not an address"))
    result = run(backend, radicale)
    assert Contact.get_by_id(world.bob).email == "bob@acme.example"
    assert cards.cards()[uid(world.bob)].email.value == "bob@acme.example"
    assert result.contacts.updated == 1 and result.contacts.taken == 0
    line = result.describe()
    assert "1 change in the address book could not be taken ('Bob Byte': e-mail: " in line
    assert "this app's version was kept" in line
    assert run(backend, radicale).contacts.written == 0


def test_hostile_names_round_trip(world: World, dav: DavServer):
    backend = world.backend
    company = records.add_company(backend, HOSTILE_COMPANY)
    records.add_application(backend, company, "Arm Engineer")
    zoe = records.add_contact(backend, company, ContactDraft(
        HOSTILE_NAME, HOSTILE_TITLE, Role.HIRING_MANAGER, "zoe+jobs@acme.example",
        "+49 (30) 555-0100; ext. 7", HOSTILE_ADDRESS))
    first_sync(world, dav)
    cards = CardPhone(dav)
    (read,) = parse(cards.raw()[uid(zoe)])  # the app's own reader, as the sync reads it
    assert (read.name, read.title, read.organization) == (HOSTILE_NAME, HOSTILE_TITLE,
                                                          HOSTILE_COMPANY)
    assert (read.emails, read.phones) == (("zoe+jobs@acme.example",),
                                          ("+49 (30) 555-0100; ext. 7",))
    assert read.address == HOSTILE_ADDRESS
    phone_view = cards.cards()[uid(zoe)]  # and as another client (vobject) reads it
    assert phone_view.fn.value == HOSTILE_NAME
    assert phone_view.org.value == [HOSTILE_COMPANY]
    assert run(backend, dav).contacts.written == 0  # read back equal: nothing to rewrite

    came_back = 'Chief "Arm" Officer; R&D, 🦾\\ '.strip()
    cards.change(uid(zoe), lambda card: set_value(card, "title", came_back))
    result = run(backend, dav)
    assert result.contacts.taken == 1
    assert Contact.get_by_id(zoe).title == came_back
    assert Contact.get_by_id(zoe).name == HOSTILE_NAME


def test_who_goes_to_the_address_book(world: World):
    backend = world.backend
    stranger = records.add_contact(backend, None, ContactDraft("Met At A Fair"))
    other = records.add_company(backend, "Not Applied Ltd")
    records.add_contact(backend, other, ContactDraft("Nora Nobody", role=Role.OTHER))
    sent = {card.contact_id for card in wanted_cards().values()}
    assert sent == {world.ada, world.bob}
    assert stranger not in sent
    edit(backend, world.ada, notes="never sent")
    assert "never sent" not in wanted_cards()[uid(world.ada)].to_vcard().decode()


def test_removing_the_account_forgets_the_card_ledger(world: World, radicale: Radicale):
    first_sync(world, radicale)
    assert SyncCard.select().count() == 2
    remove_account(world.backend)
    assert SyncCard.select().count() == 0


def test_the_command_syncs_the_contacts_when_asked(tmp_path: Path, radicale: Radicale):
    data = tmp_path / "data"
    with make_backend(data, start=START) as backend:
        make_world(backend)
    password = tmp_path / "password"
    password.write_text(radicale.password + "\n")
    env = mail_env(None)
    added = run_cli(data, "sync", "account", "add", "--url", radicale.url, "--user",
                    radicale.user, "--contacts", env=env, stdin=radicale.password + "\n")
    assert added.returncode == 0, added.stderr
    assert ("\nContacts: kept in the address book 'Follow-up contacts' on the same server.\n"
            in added.stdout)
    synced = run_cli(data, "sync", "--password-file", str(password), env=env)
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout == (
        f"Synced with {radicale.url} (made the calendar \"Follow-ups\"): sent 3 new; nothing "
        "new from it; contacts (made the address book \"Follow-up contacts\"): sent 2 new; "
        "nothing new from the address book.\n")
    assert set(CardPhone(radicale).cards()) == {card for card in _uids(data)}


def _uids(data: Path) -> set[str]:
    with make_backend(data, start=START):
        return set(wanted_cards())


def test_a_contact_who_no_longer_qualifies_is_removed_from_the_address_book(
        world: World, radicale: Radicale):
    backend = world.backend
    desk = records.add_contact(backend, world.company, ContactDraft(
        "Rita Reception", role=Role.RECEPTIONIST, phone="+49 30 555 0100"))
    first_sync(world, radicale)
    cards = CardPhone(radicale)
    assert uid(desk) in cards.cards()
    elsewhere = records.add_company(backend, "Not Applied Ltd")
    rita = Contact.get_by_id(desk)
    records.update_contact(backend, desk, elsewhere, ContactDraft(
        rita.name, role=Role.RECEPTIONIST, phone=rita.phone))
    result = run(backend, radicale)
    assert result.contacts.removed == 1
    assert set(cards.cards()) == {uid(world.ada), uid(world.bob)}
    assert SyncCard.select().count() == 2
    assert Contact.get_by_id(desk).phone == "+49 30 555 0100"  # only the card went


PRINCIPAL_ONLY = (b'<?xml version="1.0" encoding="utf-8"?>\n<d:multistatus xmlns:d="DAV:">'
                  b"<d:response><d:href>/jo/</d:href><d:propstat><d:prop>"
                  b"<d:current-user-principal><d:href>/jo/</d:href></d:current-user-principal>"
                  b"</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
                  b"</d:multistatus>")


def test_a_server_without_address_books_is_said_and_changes_nothing(world: World):
    """A CalDAV-only server: it names the principal but no addressbook-home-set. The contacts'
    step says so in its part of the line instead of stopping the follow-ups' step."""
    backend = world.backend
    with DavStub(207, PRINCIPAL_ONLY) as stub:
        account = SyncAccount(stub.url, "jo")
        before = table_rows(db_file(backend.data_dir))
        with Server(account, "secret") as server:
            result = sync_contacts(backend, server)
        assert result.describe() == (f"contacts not synced: the server {stub.url} has no "
                                     "address books for this user (no CardDAV "
                                     "addressbook-home-set)")
        assert table_rows(db_file(backend.data_dir)) == before
        assert stub.requests == ["PROPFIND", "PROPFIND"]


def test_an_address_book_the_server_refuses_leaves_the_follow_ups_synced(
        world: World, tmp_path: Path):
    backend = world.backend
    with RadicaleWithoutContacts(tmp_path / "locked") as server:
        result = first_sync(world, server)
        assert result.created == 3  # the follow-ups went all the same
        assert result.contacts.failed and result.contacts.written == 0
        assert result.describe().endswith(
            f"; contacts not synced: the server {server.url} refused making the address book "
            "'Follow-up contacts' (403 Forbidden); if it keeps no address books for you, set "
            "the account up again without --contacts.")
        assert SyncCard.select().count() == 0
        assert run(backend, server).written == 0


def test_cards_of_ours_the_ledger_does_not_know_are_only_recorded(
        world: World, radicale: Radicale):
    """As after a sync killed between its PUTs and their ledger entries: nothing is written
    twice, and a card changed there meanwhile is neither taken nor overwritten."""
    backend = world.backend
    first_sync(world, radicale)
    cards = CardPhone(radicale)
    with backend.write():
        SyncCard.delete().execute()
    cards.change(uid(world.bob), lambda card: set_value(card, "title", "Edited elsewhere"))
    puts = radicale.requests("PUT")
    result = run(backend, radicale)
    assert (result.contacts.recorded, result.contacts.written) == (2, 0)
    assert radicale.requests("PUT") == puts
    assert Contact.get_by_id(world.bob).title == "Engineer"
    assert cards.cards()[uid(world.bob)].title.value == "Edited elsewhere"
    assert SyncCard.select().count() == 2
    assert run(backend, radicale).contacts.written == 0
