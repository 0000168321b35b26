"""The applications page over real data: pipeline, filters, one application, status changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from followup_desktop.domain.model import (
    ActionKind,
    ActionState,
    ApplicationStatus,
    Channel,
    InterviewFormat,
    Role,
)
from followup_desktop.services import actions, records
from followup_desktop.services.backend import Backend
from followup_desktop.storage.models import Action, Application, Company, Contact, StatusChange
from followup_desktop.ui.applications.model import COMPANY, ID_ROLE
from followup_desktop.ui.applications.page import ApplicationsPage
from helpers.gui_constants import HOSTILE, NOW


def app_id(company: str) -> int:
    return Application.get(Application.company == Company.get(Company.name == company).id).id


@pytest.fixture
def page(qtbot, demo_backend: Backend) -> ApplicationsPage:
    return open_page(qtbot, demo_backend)


def open_page(qtbot, backend: Backend) -> ApplicationsPage:
    page = ApplicationsPage(backend)
    qtbot.addWidget(page)
    page.resize(1150, 740)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 or page.table_empty.text() != "")
    return page


def shown(qtbot, page: ApplicationsPage, application_id: int) -> None:
    page.show_application(application_id)
    qtbot.waitUntil(lambda: page.detail.detail is not None
                    and page.detail.detail.id == application_id)


def companies(page: ApplicationsPage) -> list[str]:
    return [page.proxy.index(row, COMPANY).data() for row in range(page.proxy.rowCount())]


def test_models_pass_the_model_tester(qtmodeltester, qtbot, page: ApplicationsPage) -> None:
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    shown(qtbot, page, app_id("Helios Health"))
    qtmodeltester.check(page.detail.plan.cards)
    qtmodeltester.check(page.detail.history.cards)


def test_pipeline_counts_are_shown_per_status(page: ApplicationsPage) -> None:
    texts = {status: button.text() for status, button in page.strip.buttons.items()}
    assert texts == {None: "All  6", ApplicationStatus.APPLIED: "Applied  0",
                     ApplicationStatus.INTERVIEWING: "Interviewing  4",
                     ApplicationStatus.OFFER: "Offer  1", ApplicationStatus.REJECTED: "Rejected  1",
                     ApplicationStatus.WITHDRAWN: "Withdrawn  0"}
    assert page.summary.text() == "6 applications · 4 in progress"
    assert page.strip.buttons[None].isChecked()


def test_status_buttons_filter_the_table(qtbot, page: ApplicationsPage) -> None:
    qtbot.mouseClick(page.strip.buttons[ApplicationStatus.OFFER], Qt.MouseButton.LeftButton)
    assert companies(page) == ["Quillon Publishing"]
    qtbot.mouseClick(page.strip.buttons[ApplicationStatus.INTERVIEWING],
                     Qt.MouseButton.LeftButton)
    assert sorted(companies(page)) == ["Fjord & Pine Architects", "Helios Health",
                                       "Kestrel Logistics", "Northwind Analytics"]
    qtbot.mouseClick(page.strip.buttons[ApplicationStatus.WITHDRAWN], Qt.MouseButton.LeftButton)
    assert companies(page) == []
    assert page.table_stack.currentWidget() is page.table_empty
    assert page.table_empty.text() == "No withdrawn applications."
    qtbot.mouseClick(page.strip.buttons[None], Qt.MouseButton.LeftButton)
    assert len(companies(page)) == 6
    assert page.table_stack.currentWidget() is page.view


def test_filter_box_matches_company_or_position_ignoring_case_and_accents(
        qtbot, page: ApplicationsPage) -> None:
    qtbot.keyClicks(page.filter_edit, "NORTH")
    assert companies(page) == ["Northwind Analytics"]
    page.filter_edit.setText("ÉDÎTOR")  # QTest types ASCII only
    assert companies(page) == ["Quillon Publishing"]


def test_table_sorts_by_due_then_by_a_clicked_column(qtbot, page: ApplicationsPage) -> None:
    # Soonest next action first; the closed applications (none pending) last.
    assert companies(page)[0] == "Helios Health"
    assert set(companies(page)[-2:]) == {"Quillon Publishing", "Brightwave Robotics"}
    page.view.sortByColumn(COMPANY, Qt.SortOrder.AscendingOrder)
    assert companies(page) == sorted(companies(page))
    page.view.sortByColumn(COMPANY, Qt.SortOrder.DescendingOrder)
    assert companies(page) == sorted(companies(page), reverse=True)


def test_first_application_is_shown_at_once(qtbot, page: ApplicationsPage) -> None:
    qtbot.waitUntil(lambda: page.detail.detail is not None)
    assert page.detail.detail.company == companies(page)[0]
    assert page.detail_stack.currentWidget() is page.detail_scroll


def test_detail_shows_interviews_interviewers_plan_and_history(
        qtbot, page: ApplicationsPage) -> None:
    shown(qtbot, page, app_id("Helios Health"))
    view = page.detail
    assert view.company_line.text() == "Helios Health"
    assert view.title.text() == "Product Manager, Patient App"
    assert view.status_badge.text() == "Interviewing"
    assert view.posting.text() == "https://example.com/jobs/product-manager-patient-app"
    assert view.decision.text() == "Mon 23 Nov 2026"
    assert view.second_round.text() == "Not known yet"
    (box,) = view.interview_boxes()
    assert box.title.text() == "Round 1 · On site"
    assert box.time.text() == "Fri 6 Nov 2026, 14:00–15:00"
    assert [link.data_text() for link in box.people] == ["Marcus Chen, VP Product",
                                                         "Priya Raman, Recruiter"]
    assert box.discussed.text().startswith("Onboarding drop-off")
    plan = view.plan.cards.cards()
    assert [c.title for c in plan] == ["Thank-you", "Thank-you", "Keep in touch",
                                       "Decision check"]
    assert plan[-1].subtitle == "Overdue · Phone call to Marcus Chen, VP Product"
    assert plan[0].dimmed and not plan[-1].dimmed
    assert view.plan_title.text() == "Plan · 1 pending"
    history = view.history.cards.cards()  # newest first, as the sample story happened
    assert [c.title for c in history] == ["Phone call", "Phone call", "Phone call",
                                          "Applied → Interviewing", "Added as applied"]
    assert history[0].subtitle == "To Marcus Chen, VP Product"
    assert history[0].lines == ("Sent as planned (sample data).",)


def test_changing_the_status_records_it_and_cancels_the_plan(
        qtbot, page: ApplicationsPage) -> None:
    northwind = app_id("Northwind Analytics")
    shown(qtbot, page, northwind)
    view = page.detail
    assert not view.status_button.isEnabled()  # the current status is chosen
    view.status_combo.setCurrentIndex(view.status_combo.findData(ApplicationStatus.REJECTED))
    assert view.status_button.isEnabled()
    assert "pending actions will be cancelled" in view.status_hint.text()
    qtbot.keyClicks(view.status_note, "They chose an internal candidate")
    with qtbot.waitSignal(page.dataChanged):
        qtbot.mouseClick(view.status_button, Qt.MouseButton.LeftButton)
    change = StatusChange.select().where(StatusChange.application == northwind) \
        .order_by(StatusChange.id.desc()).get()
    assert (change.old_status, change.new_status) == ("interviewing", "rejected")
    assert change.note == "They chose an internal candidate"
    assert change.at_utc == NOW
    states = {a.state for a in Action.select().where(Action.application == northwind)}
    assert states == {ActionState.CANCELLED}
    qtbot.waitUntil(lambda: page.strip.buttons[ApplicationStatus.REJECTED].text()
                    == "Rejected  2")
    qtbot.waitUntil(lambda: view.status_badge.text() == "Rejected")
    assert view.status_note.text() == ""
    assert view.plan_title.text() == "Plan"


def test_a_status_change_keeps_the_chosen_filter(qtbot, page: ApplicationsPage) -> None:
    qtbot.mouseClick(page.strip.buttons[ApplicationStatus.INTERVIEWING],
                     Qt.MouseButton.LeftButton)
    kestrel = app_id("Kestrel Logistics")
    page.view.setCurrentIndex(page.proxy.index(page.visible_ids().index(kestrel), 0))
    qtbot.waitUntil(lambda: page.current_application_id() == kestrel)
    view = page.detail
    view.status_combo.setCurrentIndex(view.status_combo.findData(ApplicationStatus.WITHDRAWN))
    with qtbot.waitSignal(page.dataChanged):
        view.status_button.click()
    qtbot.waitUntil(lambda: len(page.visible_ids()) == 3)
    assert page.strip.buttons[ApplicationStatus.INTERVIEWING].isChecked()
    assert kestrel not in page.visible_ids()
    qtbot.waitUntil(lambda: view.status_badge.text() == "Withdrawn")  # still on show


def test_an_interview_entered_in_another_zone_shows_both_clocks(qtbot,
                                                                backend: Backend) -> None:
    company = records.add_company(backend, "Helios Health")
    person = records.add_contact(backend, company, records.ContactDraft("Marcus Chen"))
    app = records.add_application(backend, company, "Product Manager")
    start = NOW - timedelta(days=2)  # Tuesday 13:00 in Berlin, 07:00 in New York
    records.add_interview(backend, app, start, start + timedelta(hours=1), "America/New_York",
                          [person], format=InterviewFormat.VIDEO)
    page = open_page(qtbot, backend)
    shown(qtbot, page, app)
    (box,) = page.detail.interview_boxes()
    assert box.title.text() == "Round 1 · Video call"
    assert box.time.text() == "Tue 24 Nov 2026, 13:00–14:00 (07:00 America/New_York)"


def test_plan_rows_carry_anti_pester_warnings(qtbot, demo_backend: Backend) -> None:
    northwind = app_id("Northwind Analytics")
    lena = Contact.get(Contact.name == "Lena Fischer").id
    action, _ = actions.plan_by_hand(demo_backend, northwind, ActionKind.KEEP_IN_TOUCH,
                                     NOW + timedelta(days=1), Channel.PHONE, lena, "Say hello")
    page = open_page(qtbot, demo_backend)
    shown(qtbot, page, northwind)
    row = page.detail.plan.cards.row_of(action)
    card = page.detail.plan.cards.card(row)
    assert card.subtitle == "Planned · Phone call to Lena Fischer, Front desk"
    assert card.lines == ("Say hello",)
    # As the due list judges it: at its own time, after the thank-you due the day before.
    assert card.warnings == ("Lena Fischer works at the front desk: stay in touch with an "
                             "interviewer instead.",
                             "Last contact with this company was 28 hours before; leave at "
                             "least 4 days between touches.")
    tip = page.detail.plan.cards.index(row).data(Qt.ItemDataRole.ToolTipRole)
    assert "⚠ Lena Fischer works at the front desk" in tip


def test_reopening_says_the_plan_comes_back(qtbot, page: ApplicationsPage) -> None:
    shown(qtbot, page, app_id("Quillon Publishing"))
    view = page.detail
    view.status_combo.setCurrentIndex(view.status_combo.findData(ApplicationStatus.INTERVIEWING))
    assert view.status_hint.text() == "Re-opening plans the follow-ups again."


def test_clicking_an_interviewer_opens_the_contact(qtbot, page: ApplicationsPage) -> None:
    shown(qtbot, page, app_id("Northwind Analytics"))
    (box,) = page.detail.interview_boxes()
    amara = box.people[0]
    assert amara.data_text() == "Amara Okafor, Head of Data Science"
    with qtbot.waitSignal(page.openContact) as blocker:
        qtbot.mouseClick(amara, Qt.MouseButton.LeftButton)
    assert blocker.args == [page.detail.detail.interviews[0].interviewers[0].id]


def test_activating_a_plan_row_opens_the_action(qtbot, page: ApplicationsPage) -> None:
    shown(qtbot, page, app_id("Fjord & Pine Architects"))
    plan = page.detail.plan
    plan.setCurrentIndex(plan.cards.index(1))
    with qtbot.waitSignal(page.openAction) as blocker:
        qtbot.keyClick(plan, Qt.Key.Key_Return)
    assert blocker.args == [plan.cards.card(1).id]


def test_edit_and_add_interview_buttons_ask_the_window(qtbot, page: ApplicationsPage) -> None:
    kestrel = app_id("Kestrel Logistics")
    shown(qtbot, page, kestrel)
    with qtbot.waitSignal(page.editApplicationRequested) as edit:
        qtbot.mouseClick(page.detail.edit_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.addInterviewRequested) as add:
        qtbot.mouseClick(page.detail.interview_button, Qt.MouseButton.LeftButton)
    assert edit.args == add.args == [kestrel]


def test_show_application_reveals_a_row_hidden_by_the_filter(qtbot, page: ApplicationsPage
                                                             ) -> None:
    qtbot.mouseClick(page.strip.buttons[ApplicationStatus.OFFER], Qt.MouseButton.LeftButton)
    northwind = app_id("Northwind Analytics")
    shown(qtbot, page, northwind)
    assert page.strip.buttons[None].isChecked()
    assert page.view.currentIndex().data(ID_ROLE) == northwind


def test_show_application_before_the_list_arrives(qtbot, demo_backend: Backend) -> None:
    page = ApplicationsPage(demo_backend)
    qtbot.addWidget(page)
    kestrel = app_id("Kestrel Logistics")
    page.refresh()
    page.show_application(kestrel)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 6)
    qtbot.waitUntil(lambda: page.detail.detail is not None)
    assert page.current_application_id() == kestrel
    assert page.view.currentIndex().data(ID_ROLE) == kestrel


def test_a_missing_application_says_so(qtbot, page: ApplicationsPage) -> None:
    page.show_application(999)
    qtbot.waitUntil(lambda: page.detail_empty.text() == "There is no application 999.")
    assert page.detail_stack.currentWidget() is page.detail_empty


def test_empty_data_folder_explains_what_to_do(qtbot, backend: Backend) -> None:
    page = open_page(qtbot, backend)
    assert page.table_stack.currentWidget() is page.table_empty
    assert page.table_empty.text().startswith("No applications yet.")
    assert page.detail_stack.currentWidget() is page.detail_empty


def test_hostile_names_render_literally(qtbot, backend: Backend) -> None:
    company = records.add_company(backend, HOSTILE)
    person = records.add_contact(backend, company, records.ContactDraft(
        HOSTILE, "<i>CTO</i> & co", Role.INTERVIEWER))
    app = records.add_application(backend, company, HOSTILE, posting_url=HOSTILE,
                                  notes=HOSTILE)
    start = NOW - timedelta(days=3)
    records.add_interview(backend, app, start, start + timedelta(hours=1), "Europe/Berlin",
                          [person], location=HOSTILE, discussed=HOSTILE)
    records.set_status(backend, app, ApplicationStatus.OFFER, HOSTILE)
    page = open_page(qtbot, backend)
    shown(qtbot, page, app)
    assert page.model.index(0, COMPANY).data() == HOSTILE
    assert "<img" not in page.model.index(0, COMPANY).data(Qt.ItemDataRole.ToolTipRole)
    literal = [label for label in page.findChildren(QLabel) if label.text() == HOSTILE]
    assert len(literal) >= 4  # position, notes, location, discussed
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in literal)
    assert page.detail.company_line.data_text() == HOSTILE  # a button: never rich text
    assert page.detail.posting.text() == HOSTILE
    (box,) = page.detail.interview_boxes()
    assert box.people[0].data_text() == f"{HOSTILE}, <i>CTO</i> & co"
    assert box.people[0].text() == f"{HOSTILE}, <i>CTO</i> && co"  # "&" is no mnemonic
    history = page.detail.history.cards.cards()
    assert history[0].lines == (HOSTILE,)
    assert "<img" not in page.detail.history.cards.index(0).data(Qt.ItemDataRole.ToolTipRole)


def test_the_company_name_opens_the_company(qtbot, page: ApplicationsPage) -> None:
    shown(qtbot, page, app_id("Helios Health"))
    company_id = page.detail.detail.company_id
    with qtbot.waitSignal(page.openCompany) as opened:
        page.detail.company_line.click()
    assert opened.args == [company_id]
