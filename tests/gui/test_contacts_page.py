"""The contacts page over real data: search as you type, a person's and a company's panel."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from followup_desktop.domain.model import Role
from followup_desktop.services import actions, records
from followup_desktop.services.backend import Backend
from followup_desktop.services.views import people
from followup_desktop.services.views.people import HitKind
from followup_desktop.storage.models import Company, Contact
from followup_desktop.ui.contacts import results as contact_results
from followup_desktop.ui.contacts.page import ContactsPage
from followup_desktop.ui.widgets.cards import Card
from followup_desktop.ui.widgets.detail_parts import relative_time
from helpers.gui_constants import HOSTILE, NOW


def contact_id(name: str) -> int:
    return Contact.get(Contact.name == name).id


def company_id(name: str) -> int:
    return Company.get(Company.name == name).id


def open_page(qtbot, backend: Backend) -> ContactsPage:
    page = ContactsPage(backend)
    qtbot.addWidget(page)
    page.resize(1150, 740)
    page.show()
    qtbot.waitUntil(lambda: page.count.text() != "" or page.results.empty_text != "")
    return page


@pytest.fixture
def page(qtbot, demo_backend: Backend) -> ContactsPage:
    return open_page(qtbot, demo_backend)


def names(page: ContactsPage) -> list[str]:
    return [card.title for card in page.results.cards.cards()]


def person_shown(qtbot, page: ContactsPage, contact: int) -> None:
    page.show_contact(contact)
    qtbot.waitUntil(lambda: page.panel_stack.currentWidget() is page.person_scroll
                    and page.person.detail is not None and page.person.detail.id == contact)


def company_shown(qtbot, page: ContactsPage, company: int) -> None:
    page.show_company(company)
    qtbot.waitUntil(lambda: page.panel_stack.currentWidget() is page.company_scroll
                    and page.company.detail is not None and page.company.detail.id == company)


def test_models_pass_the_model_tester(qtmodeltester, qtbot, page: ContactsPage) -> None:
    qtmodeltester.check(page.results.cards)
    person_shown(qtbot, page, contact_id("Ingrid Solberg"))
    qtmodeltester.check(page.person.timeline.cards)
    qtmodeltester.check(page.person.upcoming.cards)
    company_shown(qtbot, page, company_id("Northwind Analytics"))
    qtmodeltester.check(page.company.people.cards)
    qtmodeltester.check(page.company.applications.cards)


def test_everyone_is_listed_at_first(page: ContactsPage) -> None:
    assert len(names(page)) == 16
    assert page.count.text() == "16 people and companies"
    amara = page.results.cards.index(0)
    assert amara.data() == "Amara Okafor — Head of Data Science, Northwind Analytics"
    assert page.search_edit.placeholderText() == "Search people and companies"
    assert page.search_edit.isClearButtonEnabled()


def test_search_as_you_type_narrows_the_results(qtbot, page: ContactsPage) -> None:
    qtbot.keyClicks(page.search_edit, "he")
    qtbot.waitUntil(lambda: page.count.text() == "6 matches")
    assert "Helios Health" in names(page)
    qtbot.keyClicks(page.search_edit, "li")
    qtbot.waitUntil(lambda: names(page) == ["Helios Health", "Marcus Chen", "Priya Raman"])
    qtbot.keyClicks(page.search_edit, "x")
    qtbot.waitUntil(lambda: names(page) == [])
    assert page.results.empty_text == "No person or company matches “helix”."
    page.search_edit.clear()
    qtbot.waitUntil(lambda: len(names(page)) == 16)


def test_typing_fast_runs_one_search_after_the_pause(qtbot, page: ContactsPage,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = people.search

    def counted(backend: Backend, query: str, *args: object) -> people.SearchResult:
        calls.append(query)
        return real(backend, query, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(people, "search", counted)
    qtbot.keyClicks(page.search_edit, "marcus")
    qtbot.waitUntil(lambda: names(page) == ["Marcus Chen"])
    assert calls == ["marcus"]


def test_search_ignores_case_and_accents(qtbot, demo_backend: Backend) -> None:
    company = records.add_company(demo_backend, "Brontë & Söhne")
    records.add_contact(demo_backend, company, records.ContactDraft("Zoë Brontë", "Planner"))
    page = open_page(qtbot, demo_backend)
    for query in ("ZOË", "zoe", "BRONTE"):
        page.search_edit.setText(query)  # QTest types ASCII only
        qtbot.waitUntil(lambda: "Zoë Brontë" in names(page))
    page.search_edit.setText("söhne")
    qtbot.waitUntil(lambda: names(page) == ["Brontë & Söhne", "Zoë Brontë"])


@pytest.mark.parametrize("query", ["%", "_", "'", "\\", "<img", "a' OR '1'='1"])
def test_hostile_queries_find_nothing_and_break_nothing(qtbot, page: ContactsPage,
                                                        query: str) -> None:
    page.search_edit.setText(query)
    qtbot.waitUntil(lambda: names(page) == [])
    page.search_edit.clear()
    qtbot.waitUntil(lambda: len(names(page)) == 16)


def test_down_arrow_moves_from_the_search_into_the_results(qtbot, page: ContactsPage) -> None:
    qtbot.keyClicks(page.search_edit, "ingrid")
    qtbot.waitUntil(lambda: names(page) == ["Ingrid Solberg"])
    page.activateWindow()
    page.search_edit.setFocus()
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.person.detail is not None
                    and page.person.detail.name == "Ingrid Solberg")
    assert page.results.currentIndex().row() == 0


def test_selecting_a_result_shows_the_person(qtbot, page: ContactsPage) -> None:
    qtbot.keyClicks(page.search_edit, "jonas")
    qtbot.waitUntil(lambda: names(page) == ["Jonas Weber"])
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)  # into the list, first result chosen
    qtbot.waitUntil(lambda: page.person.detail is not None
                    and page.person.detail.name == "Jonas Weber")
    person = page.person
    assert person.name.text() == "Jonas Weber"
    assert person.name_badge.text() == "✓ name verified from Business card"
    assert person.title.text() == "Senior Data Engineer"
    assert person.title_badge.text() == "unverified"
    assert person.role.text() == "Interviewer at"
    assert person.company.data_text() == "Northwind Analytics"
    assert person.email.text() == "jonas.weber@example.com"
    assert person.phone.text() == "—"
    assert person.last_contacted.text() == "Never"


def test_person_panel_shows_verification_touches_and_upcoming(qtbot, page: ContactsPage
                                                              ) -> None:
    person_shown(qtbot, page, contact_id("Marcus Chen"))
    panel = page.person
    assert panel.name_badge.text() == "name unverified"
    assert panel.title_badge.text() == "✓ verified from Recruiter's e-mail"
    assert panel.phone.text() == "+1 415 555 0142"
    assert panel.last_contacted.text() == "10 days ago · Mon 16 Nov 2026, 09:00"
    timeline = panel.timeline.cards.cards()
    assert [(c.title, c.meta) for c in timeline] == [("Phone call", "Mon 16 Nov, 09:00"),
                                                    ("Phone call", "Mon 9 Nov, 09:00")]
    assert timeline[0].subtitle == "Product Manager, Patient App"
    assert panel.timeline_title.text() == "Timeline · 2"
    (upcoming,) = panel.upcoming.cards.cards()
    assert upcoming.title == "Decision check"
    assert upcoming.subtitle.startswith("Phone call · overdue")


def test_timeline_is_newest_first_after_a_new_touch(qtbot, page: ContactsPage,
                                                    demo_backend: Backend) -> None:
    ingrid = contact_id("Ingrid Solberg")
    person_shown(qtbot, page, ingrid)
    upcoming = page.person.upcoming.cards.card(0)
    actions.complete(demo_backend, upcoming.id, "Card about the Ålesund facade.",
                     at=NOW - timedelta(hours=2))
    page.refresh()
    qtbot.waitUntil(lambda: len(page.person.timeline.cards.cards()) == 2)
    first = page.person.timeline.cards.card(0)
    assert first.lines == ("Card about the Ålesund facade.",)
    assert page.person.last_contacted.text() == "2 hours ago · Thu 26 Nov 2026, 11:00"


def test_company_link_opens_the_company_panel(qtbot, page: ContactsPage) -> None:
    person_shown(qtbot, page, contact_id("Amara Okafor"))
    qtbot.mouseClick(page.person.company, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.panel_stack.currentWidget() is page.company_scroll)
    company = page.company
    assert page.current_record() == (HitKind.COMPANY, company_id("Northwind Analytics"))
    assert company.name.text() == "Northwind Analytics"
    assert company.address.text() == "Hafenstraße 12\n20457 Hamburg\nGermany"
    assert company.channel.text() == "E-mail"
    assert company.reach.text() == "Fast, informal, everyone answers e-mail."
    assert company.summary.text() == "3 people · 1 application"
    assert [c.title for c in company.people.cards.cards()] == [
        "Amara Okafor", "Jonas Weber", "Lena Fischer"]
    assert company.people.cards.card(2).subtitle == "Front desk · Receptionist / front desk"


def test_company_panel_opens_people_and_applications(qtbot, page: ContactsPage) -> None:
    company_shown(qtbot, page, company_id("Helios Health"))
    people_list = page.company.people
    people_list.setCurrentIndex(people_list.cards.index(1))
    qtbot.keyClick(people_list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.panel_stack.currentWidget() is page.person_scroll)
    assert page.person.name.text() == "Priya Raman"
    company_shown(qtbot, page, company_id("Helios Health"))
    apps = page.company.applications
    apps.setCurrentIndex(apps.cards.index(0))
    with qtbot.waitSignal(page.openApplication) as blocker:
        qtbot.keyClick(apps, Qt.Key.Key_Return)
    assert blocker.args == [apps.cards.card(0).id]


def test_upcoming_action_and_timeline_entry_open_their_records(qtbot, page: ContactsPage
                                                               ) -> None:
    person_shown(qtbot, page, contact_id("Marcus Chen"))
    upcoming = page.person.upcoming
    upcoming.setCurrentIndex(upcoming.cards.index(0))
    with qtbot.waitSignal(page.openAction) as blocker:
        qtbot.keyClick(upcoming, Qt.Key.Key_Return)
    assert blocker.args == [upcoming.cards.card(0).id]
    timeline = page.person.timeline
    timeline.setCurrentIndex(timeline.cards.index(0))
    with qtbot.waitSignal(page.openApplication) as opened:
        qtbot.keyClick(timeline, Qt.Key.Key_Return)
    assert opened.args == [page.person.detail.upcoming[0].application_id]


def test_edit_buttons_ask_the_window(qtbot, page: ContactsPage) -> None:
    amara = contact_id("Amara Okafor")
    person_shown(qtbot, page, amara)
    with qtbot.waitSignal(page.editContactRequested) as contact:
        qtbot.mouseClick(page.person.edit_button, Qt.MouseButton.LeftButton)
    assert contact.args == [amara]
    northwind = company_id("Northwind Analytics")
    company_shown(qtbot, page, northwind)
    with qtbot.waitSignal(page.editCompanyRequested) as company:
        qtbot.mouseClick(page.company.edit_button, Qt.MouseButton.LeftButton)
    assert company.args == [northwind]


def test_show_contact_highlights_the_result(qtbot, page: ContactsPage) -> None:
    lena = contact_id("Lena Fischer")
    person_shown(qtbot, page, lena)
    current = page.results.current_card()
    assert current is not None and (current.id, current.kind) == (lena, "person")


def test_focus_search_puts_the_cursor_in_the_search_field(qtbot, page: ContactsPage) -> None:
    page.search_edit.setText("amara")
    page.activateWindow()
    page.focus_search()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.search_edit)
    assert page.search_edit.selectedText() == "amara"


def test_many_matches_say_how_many_are_shown(qtbot, backend: Backend) -> None:
    company = records.add_company(backend, "Big Corp")
    for number in range(230):
        records.add_contact(backend, company, records.ContactDraft(f"Person {number:03d}"))
    page = open_page(qtbot, backend)
    assert len(names(page)) == 200
    assert page.count.text() == ("Showing the first 200 of 231: type more to narrow the "
                                 "list.")


def test_a_query_matching_more_than_a_page_says_so_without_counting(
        qtbot, backend: Backend, monkeypatch: pytest.MonkeyPatch) -> None:
    company = records.add_company(backend, "Big Corp")
    for number in range(230):
        records.add_contact(backend, company, records.ContactDraft(f"Person {number:03d}"))
    made: list[int] = []
    real_card = contact_results._hit_card

    def counted_card(hit: people.Hit) -> Card:
        made.append(hit.id)
        return real_card(hit)

    monkeypatch.setattr(contact_results, "_hit_card", counted_card)
    page = open_page(qtbot, backend)
    page.search_edit.setText("person")
    qtbot.waitUntil(lambda: page.count.text().startswith("More"))
    assert page.count.text() == "More than 200 match: type more to narrow the list."
    assert page.results.cards.rowCount() == 200
    # Only the cards on screen were made; the list measured one, as all are one height.
    assert page.results.uniformItemSizes()
    assert 0 < len(set(made)) < 60
    assert page.results.cards.card(199).title == "Person 199"
    page.search_edit.setText("person 01")
    qtbot.waitUntil(lambda: page.count.text() == "13 matches")


def test_a_person_with_neither_title_nor_company_is_a_person(qtbot, backend: Backend) -> None:
    records.add_contact(backend, None, records.ContactDraft("Freelance Fay"))
    page = open_page(qtbot, backend)
    assert page.results.cards.index(0).data() == "Freelance Fay — Person"


def test_the_first_result_is_shown_at_once(qtbot, page: ContactsPage) -> None:
    qtbot.waitUntil(lambda: page.panel_stack.currentWidget() is page.person_scroll)
    assert page.person.name.text() == "Amara Okafor"
    assert page.results.current_card() == page.results.cards.card(0)


def test_empty_data_folder_explains_what_to_do(qtbot, backend: Backend) -> None:
    page = open_page(qtbot, backend)
    assert names(page) == []
    assert page.results.empty_text.startswith("No contacts yet.")
    assert page.panel_stack.currentWidget() is page.empty


def test_hostile_names_render_literally(qtbot, backend: Backend) -> None:
    company = records.add_company(backend, HOSTILE, reach_notes=HOSTILE,
                                  postal_address=HOSTILE, website=HOSTILE)
    person = records.add_contact(backend, company, records.ContactDraft(
        HOSTILE, HOSTILE, Role.INTERVIEWER, phone=HOSTILE, postal_address=HOSTILE,
        title_verified=True, verified_source=HOSTILE))
    page = open_page(qtbot, backend)
    assert page.results.cards.index(0).data() in (HOSTILE, f"{HOSTILE} — {HOSTILE}, {HOSTILE}")
    person_shown(qtbot, page, person)
    assert page.person.company.data_text() == HOSTILE
    assert page.person.title_badge.text() == f"✓ verified from {HOSTILE}"
    company_shown(qtbot, page, company)
    assert page.company.website.text() == HOSTILE
    literal = [label for label in page.findChildren(QLabel) if label.text() == HOSTILE]
    # name, title, phone, address (person); name, address, how to reach them (company)
    assert len(literal) >= 7
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in literal)
    badges = [page.person.title_badge, page.person.name_badge]
    assert all(badge.textFormat() == Qt.TextFormat.PlainText for badge in badges)
    tip = page.results.cards.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tip and "&lt;img" in tip


def test_ampersands_in_names_are_not_mnemonics(qtbot, page: ContactsPage) -> None:
    person_shown(qtbot, page, contact_id("Ingrid Solberg"))
    assert page.person.company.text() == "Fjord && Pine Architects"
    assert page.person.company.data_text() == "Fjord & Pine Architects"


@pytest.mark.parametrize(("ago", "text"), [
    (timedelta(seconds=20), "just now"), (timedelta(minutes=1), "1 minute ago"),
    (timedelta(hours=5), "5 hours ago"), (timedelta(days=1, hours=3), "1 day ago"),
    (timedelta(days=10), "10 days ago"), (timedelta(days=20), "2 weeks ago"),
    (timedelta(days=90), "3 months ago"), (timedelta(days=800), "2 years ago"),
    (-timedelta(days=3), "in 3 days"),
])
def test_relative_times_read_naturally(ago: timedelta, text: str) -> None:
    assert relative_time(NOW - ago, NOW) == text
