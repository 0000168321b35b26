"""Contacts through CardDAV, the core cases on Radicale and Xandikos: the "Follow-up contacts"
address book found or made; the interviewers and company contacts written as vCards under
stable UIDs, with their notes left out; an edit here updates the card; phone, e-mail and title
edited on the server come back (the title marked not checked), other fields do not; changed on
both sides, the app wins and the line says so; removed on the server, kept here and not sent
again; a second sync writes nothing."""

from __future__ import annotations

import pytest

from followup_desktop.domain.model import Channel, Role
from followup_desktop.services import records
from followup_desktop.services.records import ContactDraft
from followup_desktop.storage.models import Contact
from helpers.card_phone import CardPhone, edit, first_sync, set_value, uid
from helpers.dav_server import DavServer
from helpers.sync_world import World, connect, run


@pytest.fixture
def cards(dav: DavServer) -> CardPhone:
    return CardPhone(dav)


def test_the_address_book_is_made_and_each_contact_written_as_a_vcard(
        world: World, dav: DavServer, cards: CardPhone):
    backend = world.backend
    desk = records.add_contact(backend, world.company, ContactDraft(
        "Rita Reception", "", Role.RECEPTIONIST, phone="+49 30 555 0100",
        postal_address="Acme Robotics\nHauptstraße 1\n10115 Berlin"))
    other = records.add_company(backend, "Not Applied Ltd")
    records.add_contact(backend, other, ContactDraft("Nora Nobody", "CEO", Role.OTHER,
                                                     "nora@nobody.example"))
    edit(backend, world.ada, phone="+49 30 1234", notes="Prefers mornings; has a dog.",
         title_verified=True, verified_source="LinkedIn")
    result = first_sync(world, dav)

    assert result.contacts is not None and result.contacts.book_made
    assert result.contacts.created == 3
    found = cards.cards()
    assert set(found) == {uid(world.ada), uid(world.bob), uid(desk)}  # not Nora: no application
    ada = found[uid(world.ada)]
    assert ada.uid.value == uid(world.ada)
    assert ada.fn.value == "Ada Lovelace"
    assert ada.title.value == "CTO"
    assert ada.org.value == ["Acme Robotics"]
    assert ada.email.value == "ada@acme.example"
    assert ada.tel.value == "+49 30 1234"
    assert "note" not in ada.contents  # the notes never leave the machine
    assert "Prefers mornings" not in cards.raw()[uid(world.ada)]
    assert found[uid(desk)].adr.value.street == "Acme Robotics\nHauptstraße 1\n10115 Berlin"
    assert ("contacts (made the address book \"Follow-up contacts\"): sent 3 new; nothing new "
            "from the address book." in result.describe())

    puts, etags = dav.requests("PUT"), cards.etags()
    again = run(backend, dav)
    assert again.contacts is not None and not again.contacts.book_made
    assert again.contacts.written == 0 and again.written == 0
    assert dav.requests("PUT") == puts and dav.requests("DELETE") == 0
    assert cards.etags() == etags
    assert again.describe().endswith("; contacts: nothing to send; nothing new from the "
                                     "address book.")


def test_the_contacts_stay_off_the_server_until_asked_for(world: World, dav: DavServer):
    connect(world.backend, dav)
    result = run(world.backend, dav)
    assert result.contacts is None and "contacts" not in result.describe()
    assert dav.requests("MKCOL") == 0


def test_an_edit_here_updates_the_card(world: World, dav: DavServer, cards: CardPhone):
    backend = world.backend
    first_sync(world, dav)
    edit(backend, world.bob, title="Staff Engineer", phone="+1 555 0199")
    records.update_company(backend, world.company, "Acme Robotics GmbH",
                           preferred_channel=Channel.EMAIL)
    result = run(backend, dav)
    assert result.contacts.updated == 2 and result.contacts.created == 0
    bob = cards.cards()[uid(world.bob)]
    assert (bob.title.value, bob.tel.value) == ("Staff Engineer", "+1 555 0199")
    assert bob.org.value == ["Acme Robotics GmbH"]
    assert len(cards.etags()) == 2


def test_phone_email_and_title_edited_on_the_server_come_back_marked_not_checked(
        world: World, dav: DavServer, cards: CardPhone):
    backend = world.backend
    edit(backend, world.ada, name_verified=True, title_verified=True,
         verified_source="LinkedIn")
    first_sync(world, dav)

    def on_the_phone(card) -> None:
        set_value(card, "title", "Chief Technology Officer")
        set_value(card, "email", "ada.lovelace@acme.example")
        set_value(card, "tel", "+49 170 000 0001")
        set_value(card, "fn", "Ada King")  # not taken: the name is the app's
        set_value(card, "note", "Met at the fair")  # not taken
    cards.change(uid(world.ada), on_the_phone)

    result = run(backend, dav)
    ada = Contact.get_by_id(world.ada)
    assert (ada.title, ada.email, ada.phone) == ("Chief Technology Officer",
                                                 "ada.lovelace@acme.example", "+49 170 000 0001")
    assert not ada.title_verified  # typed on a phone: no longer checked
    assert ada.name_verified and ada.name == "Ada Lovelace" and ada.notes == ""
    assert result.contacts.taken == 1 and result.contacts.written == 0
    assert ("from the address book: 1 contact with a new phone, e-mail or title (a title "
            "marked not checked)" in result.describe())
    puts = dav.requests("PUT")
    again = run(backend, dav)  # no loop: what came in is not written back
    assert again.contacts.written == 0 and again.contacts.taken == 0
    assert dav.requests("PUT") == puts
    assert cards.cards()[uid(world.ada)].fn.value == "Ada King"  # left there, not fought


def test_changed_on_both_sides_the_app_wins_and_says_so(
        world: World, dav: DavServer, cards: CardPhone):
    backend = world.backend
    first_sync(world, dav)
    cards.change(uid(world.bob), lambda card: set_value(card, "title", "Phone's title"))
    edit(backend, world.bob, title="App's title")
    result = run(backend, dav)
    assert Contact.get_by_id(world.bob).title == "App's title"
    assert cards.cards()[uid(world.bob)].title.value == "App's title"
    assert result.contacts.conflicts == 1 and result.contacts.taken == 0
    assert ("1 contact changed on both sides: this app's version was kept"
            in result.describe())
    assert run(backend, dav).contacts.written == 0


def test_removed_on_the_server_is_kept_here_and_not_sent_again(
        world: World, dav: DavServer, cards: CardPhone):
    backend = world.backend
    first_sync(world, dav)
    cards.delete(uid(world.ada))
    result = run(backend, dav)
    assert result.contacts.removed_there == 1 and result.contacts.written == 0
    assert ("1 card removed from the address book: the contacts are kept here, not sent "
            "again" in result.describe())
    assert Contact.get_by_id(world.ada).email == "ada@acme.example"
    assert set(cards.cards()) == {uid(world.bob)}
    again = run(backend, dav)
    assert again.contacts.written == 0 and again.contacts.removed_there == 0
    edit(backend, world.ada, phone="+49 30 9999")  # changed here: it goes out again
    back = run(backend, dav)
    assert back.contacts.created == 1
    assert cards.cards()[uid(world.ada)].tel.value == "+49 30 9999"
