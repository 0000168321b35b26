"""The editor dialogs over a real database: they write through the services, plan follow-ups,
show validation messages next to the field, and show data as plain text."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, Qt, QTime

from followup_desktop.domain.model import ActionKind, Channel, Role
from followup_desktop.domain.validation import ValidationError
from followup_desktop.services import records
from followup_desktop.services.records import ContactDraft
from followup_desktop.services.views import forms, pipeline
from followup_desktop.storage.models import Action, Application, Company, Contact, Interview
from followup_desktop.ui.editors.action import ActionEditor
from followup_desktop.ui.editors.application import ApplicationEditor
from followup_desktop.ui.editors.base import ValueCombo
from followup_desktop.ui.editors.company import CompanyEditor
from followup_desktop.ui.editors.contact import ContactEditor
from followup_desktop.ui.editors.interview import InterviewEditor
from followup_desktop.ui.editors.models import ChoiceListModel, PeopleCheckModel
from helpers.gui_constants import HOSTILE, NOW

CHECK = Qt.ItemDataRole.CheckStateRole


@pytest.fixture
def acme(backend):
    """A company, two people at it and an application without interviews."""
    company = records.add_company(backend, "Acme")
    ada = records.add_contact(backend, company, ContactDraft("Ada Lovelace", "CTO",
                                                             Role.HIRING_MANAGER))
    desk = records.add_contact(backend, company, ContactDraft("Rita Desk", "Front desk",
                                                              Role.RECEPTIONIST))
    app = records.add_application(backend, company, "Engineer")
    return company, ada, desk, app


def opened(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.is_loaded)
    return dialog


def click_ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def pending_thanks(app: int) -> list[tuple[int, str]]:
    return sorted((a.contact_id, a.channel) for a in Action.select().where(
        (Action.application == app) & (Action.kind == ActionKind.THANK_YOU)
        & (Action.state == "planned")))


def check_row(model: PeopleCheckModel, text: str) -> None:
    for row in range(model.rowCount()):
        index = model.index(row)
        if index.data() == text:
            assert model.setData(index, Qt.CheckState.Checked.value, CHECK)
            return
    raise AssertionError(f"{text!r} not in the list")


# --- the interview editor -----------------------------------------------------------------------

def test_creating_an_interview_plans_its_follow_ups(qtbot, backend, acme):
    company, ada, _, app = acme
    dialog = opened(qtbot, InterviewEditor(backend, application_id=app))
    picker = dialog.picker
    qtbot.waitUntil(lambda: picker.model.rowCount() == 2)
    assert [picker.model.index(r).data() for r in range(2)] == [
        "Ada Lovelace, CTO", "Rita Desk, Front desk"]
    check_row(picker.model, "Ada Lovelace, CTO")
    # A new interviewer, typed in inline; Enter adds them instead of closing the dialog.
    qtbot.keyClicks(picker.name, "Grace Hopper")
    qtbot.keyClicks(picker.title, "Rear Admiral")
    qtbot.keyClicks(picker.email, "grace@example.com")
    qtbot.keyClick(picker.email, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert picker.model.index(2).data() == "Grace Hopper, Rear Admiral (new)"
    assert picker.name.text() == ""
    yesterday = NOW.date() - timedelta(days=1)  # Wednesday
    dialog.day.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))
    dialog.start.setTime(QTime(14, 0))
    dialog.end.setTime(QTime(15, 30))
    dialog.location.setText("Room 4")
    with qtbot.waitSignal(dialog.saved) as saved:
        click_ok(qtbot, dialog)
    assert not dialog.isVisible()
    interview = Interview.get_by_id(dialog.saved_id)
    assert saved.args == [interview.id]
    assert (interview.application_id, interview.location, interview.zone) == (
        app, "Room 4", "Europe/Berlin")
    grace = Contact.get(Contact.name == "Grace Hopper")
    assert (grace.company_id, grace.title, grace.email) == (
        company, "Rear Admiral", "grace@example.com")
    assert pending_thanks(app) == sorted([(ada, "email"), (grace.id, "email")])
    plan = pipeline.application_plan(backend, app)
    # Wednesday 15:30 + 24 h is Thursday 15:30 in Berlin.
    assert {p.due for p in plan if p.kind == ActionKind.THANK_YOU} == {
        datetime(2026, 11, 26, 14, 30, tzinfo=UTC)}
    assert Application.get_by_id(app).status == "interviewing"


def test_inline_interviewer_is_checked_before_it_is_added(qtbot, backend, acme):
    *_, app = acme
    dialog = opened(qtbot, InterviewEditor(backend, application_id=app))
    picker = dialog.picker
    qtbot.waitUntil(lambda: picker.model.rowCount() == 2)
    qtbot.keyClicks(picker.name, "Grace")
    qtbot.keyClicks(picker.email, "grace at navy")
    qtbot.mouseClick(picker.add_button, Qt.MouseButton.LeftButton)
    assert picker.row_error.isVisibleTo(dialog)
    assert picker.row_error.text() == "Not a plain e-mail address."
    assert picker.model.rowCount() == 2
    # A name already in the list ticks that person instead of adding a duplicate.
    picker.email.clear()
    picker.name.setText("ada lovelace")
    picker.add()
    assert picker.model.rowCount() == 2
    assert picker.checked_ids() == (Contact.get(Contact.name == "Ada Lovelace").id,)
    assert "already in the list" in picker.notice.text()


def test_typed_but_not_added_interviewer_is_saved_too(qtbot, backend, acme):
    *_, app = acme
    dialog = opened(qtbot, InterviewEditor(backend, application_id=app))
    qtbot.waitUntil(lambda: dialog.picker.model.rowCount() == 2)
    dialog.picker.name.setText("Grace Hopper")
    click_ok(qtbot, dialog)
    assert dialog.saved_id is not None
    grace = Contact.get(Contact.name == "Grace Hopper").id
    assert pending_thanks(app) == [(grace, "email")]


def test_end_before_start_is_shown_at_the_time_and_nothing_is_written(qtbot, backend, acme):
    *_, app = acme
    dialog = opened(qtbot, InterviewEditor(backend, application_id=app))
    qtbot.waitUntil(lambda: dialog.picker.model.rowCount() == 2)
    dialog.start.setTime(QTime(15, 0))
    dialog.end.setTime(QTime(14, 0))
    error = dialog._fields["end"].error
    assert error.isVisibleTo(dialog)  # as the user edits
    assert error.text() == "End must be after the start."
    click_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert Interview.select().count() == 0
    dialog.zone.setEditText("Mars/Olympus")
    assert dialog._fields["zone"].error.text() == "Not a known IANA time zone."
    dialog.zone.setEditText("America/New_York")
    dialog.end.setTime(QTime(16, 0))
    assert not error.isVisibleTo(dialog)
    click_ok(qtbot, dialog)
    interview = Interview.get_by_id(dialog.saved_id)
    assert (interview.zone, interview.start_utc.hour) == ("America/New_York", 20)


def test_editing_an_interview_moves_its_planned_thanks(qtbot, backend, acme):
    _, ada, _, app = acme
    start = NOW - timedelta(days=1)
    interview = records.add_interview(backend, app, start, start + timedelta(hours=1),
                                      "Europe/Berlin", [ada])
    (before,) = Action.select().where(Action.kind == ActionKind.THANK_YOU)
    dialog = opened(qtbot, InterviewEditor(backend, interview))
    qtbot.waitUntil(lambda: dialog.picker.model.rowCount() == 2)
    assert dialog.picker.checked_ids() == (ada,)
    assert dialog.start.time() == QTime(13, 0)
    dialog.start.setTime(QTime(15, 0))
    dialog.end.setTime(QTime(16, 0))
    click_ok(qtbot, dialog)
    assert dialog.saved_id == interview
    after = Action.get_by_id(before.id)
    assert after.due_utc == before.due_utc + timedelta(hours=2)


# --- company, contact, application --------------------------------------------------------------

def test_company_editor_refuses_an_empty_name_next_to_the_field(qtbot, backend):
    dialog = opened(qtbot, CompanyEditor(backend))
    click_ok(qtbot, dialog)
    error = dialog._fields["name"].error
    assert error.isVisibleTo(dialog)
    assert error.text() == "Name must not be empty."
    assert error.textFormat() == Qt.TextFormat.PlainText
    assert dialog.isVisible()
    assert Company.select().count() == 0
    qtbot.keyClicks(dialog.name, "Northwind")
    assert not error.isVisibleTo(dialog)  # cleared as the user types
    dialog.channel.setCurrentIndex(dialog.channel.findText("Handwritten card"))
    dialog.address.setPlainText("Hafen 1\nHamburg")
    click_ok(qtbot, dialog)
    company = Company.get_by_id(dialog.saved_id)
    assert (company.name, company.preferred_channel, company.postal_address) == (
        "Northwind", "card", "Hafen 1\nHamburg")


def test_company_editor_changes_the_channel_of_planned_thanks(qtbot, backend, acme):
    company, ada, _, app = acme
    start = NOW - timedelta(days=1)
    records.add_interview(backend, app, start, start + timedelta(hours=1), "Europe/Berlin",
                          [ada])
    dialog = opened(qtbot, CompanyEditor(backend, company))
    assert dialog.name.text() == "Acme"
    assert dialog.channel.currentText() == "No preference"
    dialog.channel.setCurrentIndex(dialog.channel.findText("Letter"))
    click_ok(qtbot, dialog)
    assert pending_thanks(app) == [(ada, "letter")]


def test_contact_editor_shows_the_problem_next_to_each_field(qtbot, backend, acme):
    company, ada, *_ = acme
    dialog = opened(qtbot, ContactEditor(backend, ada))
    assert (dialog.name.text(), dialog.title.text(), dialog.company.currentText(),
            dialog.role.currentText()) == ("Ada Lovelace", "CTO", "Acme", "Hiring manager")
    before = Contact.get_by_id(ada).email
    dialog.name.clear()
    dialog.email.setText("ada at example")
    click_ok(qtbot, dialog)
    assert dialog._fields["name"].error.text() == "Name must not be empty."
    assert dialog._fields["email"].error.text() == "Not a plain e-mail address."
    assert not dialog._fields["title"].error.isVisibleTo(dialog)
    assert Contact.get_by_id(ada).email == before
    # A service error lands at the field its `where` names.
    dialog.show_service_error(ValidationError("verified from", "contains control characters"))
    assert dialog._fields["source"].error.text() == \
        "Checked from contains control characters."
    dialog.name.setText("Ada King")
    dialog.email.setText("ada@example.com")
    dialog.title_verified.setChecked(True)
    dialog.source.setText("Company website")
    click_ok(qtbot, dialog)
    ada_row = Contact.get_by_id(ada)
    assert (ada_row.name, ada_row.email, ada_row.title_verified, ada_row.verified_source,
            ada_row.company_id) == ("Ada King", "ada@example.com", True, "Company website",
                                    company)


def test_contact_editor_creates_a_person_at_the_preset_company(qtbot, backend, acme):
    company, *_ = acme
    dialog = opened(qtbot, ContactEditor(backend, company_id=company))
    assert dialog.company.currentText() == "Acme"
    dialog.name.setText("Grace Hopper")
    dialog.role.setCurrentIndex(dialog.role.findText("Recruiter"))
    click_ok(qtbot, dialog)
    grace = Contact.get_by_id(dialog.saved_id)
    assert (grace.company_id, grace.role) == (company, "recruiter")


def test_application_editor_creates_a_company_typed_in(qtbot, backend, acme):
    dialog = opened(qtbot, ApplicationEditor(backend))
    dialog.company.setEditText(HOSTILE)
    assert dialog.new_company.isVisibleTo(dialog)
    assert dialog.new_company.text() == f"New company: “{HOSTILE}” will be added."
    assert dialog.new_company.textFormat() == Qt.TextFormat.PlainText
    click_ok(qtbot, dialog)
    assert dialog._fields["position"].error.text() == "Position must not be empty."
    assert Application.select().count() == 1
    dialog.position.setText("Analyst")
    dialog.decision.known.setChecked(True)
    dialog.decision.date.setDate(QDate(2026, 12, 18))
    dialog.second_round.setCurrentIndex(dialog.second_round.findText("Yes"))
    click_ok(qtbot, dialog)
    app = Application.get_by_id(dialog.saved_id)
    assert (app.company.name, app.position, app.decision_date, app.second_round_expected,
            app.status) == (HOSTILE, "Analyst", date(2026, 12, 18), True, "applied")


def test_application_editor_picks_an_existing_company_by_name(qtbot, backend, acme):
    company, *_ = acme
    dialog = opened(qtbot, ApplicationEditor(backend, company_id=company))
    assert dialog.company.currentText() == "Acme"
    dialog.company.setEditText("acme")
    assert not dialog.new_company.isVisibleTo(dialog)
    dialog.position.setText("Designer")
    click_ok(qtbot, dialog)
    assert Application.get_by_id(dialog.saved_id).company_id == company
    assert Company.select().count() == 1


def test_application_editor_edits_with_the_decision_date(qtbot, backend, acme):
    _, ada, _, app = acme
    start = NOW - timedelta(days=1)
    records.add_interview(backend, app, start, start + timedelta(hours=1), "Europe/Berlin",
                          [ada])
    dialog = opened(qtbot, ApplicationEditor(backend, app))
    assert dialog.status_text.text() == "Interviewing (change it on the Applications page)"
    assert not dialog.decision.date.isEnabled()
    dialog.decision.known.setChecked(True)
    dialog.decision.date.setDate(QDate(2026, 12, 10))
    click_ok(qtbot, dialog)
    kinds = {a.kind for a in Action.select().where(Action.application == app)}
    assert "decision_check" in kinds and "ask_about_decision" not in kinds


# --- the action editor --------------------------------------------------------------------------

def test_action_editor_warns_about_the_front_desk_and_saves(qtbot, backend, acme):
    _, ada, desk, app = acme
    start = NOW - timedelta(days=1)
    records.add_interview(backend, app, start, start + timedelta(hours=1), "Europe/Berlin",
                          [ada])
    (thanks,) = Action.select().where(Action.kind == ActionKind.THANK_YOU)
    dialog = opened(qtbot, ActionEditor(backend, thanks.id))
    assert dialog.what.text() == "Thank-you · Acme – Engineer"
    assert dialog.target.value() == ada
    assert not dialog.warning_panel.isVisibleTo(dialog)
    dialog.target.setCurrentIndex(dialog.target.index_of(desk))
    qtbot.waitUntil(lambda: dialog.warning_panel.isVisibleTo(dialog))
    assert "front desk" in dialog.warning_panel.text.text()
    dialog.time.setTime(QTime(11, 0))
    dialog.channel.setCurrentIndex(dialog.channel.index_of(Channel.PHONE))
    click_ok(qtbot, dialog)
    assert dialog.isVisible()  # stays open to show what the guard said
    assert dialog.warning_panel.heading.text() == "Saved. Keep in mind:"
    edited = Action.get_by_id(thanks.id)
    assert (edited.contact_id, edited.channel, edited.edited) == (desk, "phone", True)
    assert edited.due_utc.astimezone(backend.rules().zone).hour == 11
    close = dialog.buttons.buttons()[0]
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(close, Qt.MouseButton.LeftButton)


def test_action_editor_without_warnings_just_closes(qtbot, backend, acme):
    _, ada, _, app = acme
    start = NOW - timedelta(days=1)
    records.add_interview(backend, app, start, start + timedelta(hours=1), "Europe/Berlin",
                          [ada])
    (thanks,) = Action.select().where(Action.kind == ActionKind.THANK_YOU)
    dialog = opened(qtbot, ActionEditor(backend, thanks.id))
    dialog.note.setPlainText("Mention the Analytical Engine.")
    with qtbot.waitSignal(dialog.accepted):
        click_ok(qtbot, dialog)
    assert Action.get_by_id(thanks.id).note == "Mention the Analytical Engine."


# --- plain text and models ----------------------------------------------------------------------

def test_hostile_names_show_literally_in_the_lists(qtbot, backend):
    company = records.add_company(backend, HOSTILE)
    person = records.add_contact(backend, company, ContactDraft(HOSTILE, "<i>CTO</i>"))
    app = records.add_application(backend, company, "<script>x</script>")
    dialog = opened(qtbot, InterviewEditor(backend, application_id=app))
    qtbot.waitUntil(lambda: dialog.picker.model.rowCount() == 1)
    assert dialog.application.currentText() == f"{HOSTILE} – <script>x</script>"
    assert dialog.picker.model.index(0).data() == f"{HOSTILE}, <i>CTO</i>"
    assert "<img" not in dialog.picker.model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    contact = opened(qtbot, ContactEditor(backend, person))
    assert contact.company.currentText() == HOSTILE
    assert contact.name.text() == HOSTILE


def test_item_models_pass_the_model_tester(qtmodeltester, backend, acme):
    companies = ChoiceListModel("No company")
    companies.set_choices(forms.company_choices(backend))
    qtmodeltester.check(companies)
    assert [companies.index(r).data() for r in range(2)] == ["No company", "Acme"]
    assert companies.row_of(None) == 0 and companies.find_text(" ACME ") == acme[0]
    people = PeopleCheckModel()
    people.set_people(forms.application_context(backend, acme[3]).people, {acme[1]})
    people.add_new(ContactDraft("Grace Hopper", "Admiral"))
    qtmodeltester.check(people)
    assert people.checked_ids() == (acme[1],)
    assert people.new_drafts() == (ContactDraft("Grace Hopper", "Admiral"),)


def test_combo_values_stay_on_the_python_side(qtbot):
    """PySide6 6.12 on Python 3.11 loses a reference to None for each empty QVariant handed
    back to Python (currentData() of an entry without data, say); reading the editors' combo
    values never does that."""
    box = ValueCombo(None, "Second round", [("Don't know", None), ("Yes", True)])
    qtbot.addWidget(box)
    companies = ChoiceListModel("No company")
    box.set_value(None)
    before = sys.getrefcount(None)
    for _ in range(2000):
        assert box.value() is None
        assert companies.id_at(0) is None
    assert sys.getrefcount(None) >= before
    box.set_value(True)
    assert (box.value(), box.index_of(True), box.index_of(1)) == (True, 1, -1)
