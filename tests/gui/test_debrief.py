"""The post-interview debrief: the form, saving in one transaction, and the plan page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt, QTime

from followup_desktop.domain.model import ActionKind, Channel, Role
from followup_desktop.services import records
from followup_desktop.services.records import ContactDraft
from followup_desktop.services.views import pipeline
from followup_desktop.storage.models import Action, Application, Company, Contact, Interview
from followup_desktop.ui.debrief import NEW_INTERVIEW, PLAN_COLUMNS, DebriefDialog, PlanModel
from helpers.gui_constants import HOSTILE, NOW


@pytest.fixture
def world(backend):
    """Acme, two people, an application, and an interview that ended an hour ago."""
    company = records.add_company(backend, "Acme")
    ada = records.add_contact(backend, company, ContactDraft("Ada Lovelace", "CTO",
                                                             Role.HIRING_MANAGER))
    desk = records.add_contact(backend, company, ContactDraft("Rita Desk", "Front desk",
                                                              Role.RECEPTIONIST))
    app = records.add_application(backend, company, "Engineer")
    start = NOW - timedelta(hours=2)
    interview = records.add_interview(backend, app, start, start + timedelta(hours=1),
                                      "Europe/Berlin", [ada])
    return company, ada, desk, app, interview


def opened(qtbot, dialog: DebriefDialog) -> DebriefDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.is_loaded and dialog.ok_button.isEnabled())
    return dialog


def save(qtbot, dialog: DebriefDialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def column(model: PlanModel, col: int) -> list[str]:
    return [model.index(r, col).data() for r in range(model.rowCount())]


def rows(model: PlanModel) -> list[tuple[str, ...]]:
    return [tuple(model.index(r, c).data() for c in range(len(PLAN_COLUMNS)))
            for r in range(model.rowCount())]


def test_debrief_saves_a_plan_and_shows_it(qtbot, backend, world):
    company, ada, _, app, interview = world
    dialog = opened(qtbot, DebriefDialog(backend, interview))
    assert dialog.summary.text() == "Acme – Engineer"
    assert dialog.summary_when.text() == "Thu 26 Nov, 11:00–12:00, round 1"
    assert dialog.picker.checked_ids() == (ada,)
    assert dialog.channel_buttons[Channel.EMAIL].isChecked()  # no preference: the default
    qtbot.keyClicks(dialog.picker.name, "Grace Hopper")
    qtbot.keyClicks(dialog.picker.title, "Rear Admiral")
    qtbot.keyClick(dialog.picker.title, Qt.Key.Key_Return)  # adds her, keeps the dialog open
    assert dialog.isVisible() and dialog.picker.model.rowCount() == 3
    dialog.discussed.setPlainText("COBOL compilers; she liked my test plan.")
    dialog.decision_yes.setChecked(True)
    dialog.decision_date.setDate(QDate(2026, 12, 9))
    dialog.round_buttons[True].setChecked(True)
    dialog.channel_buttons[Channel.CARD].setChecked(True)
    with qtbot.waitSignal(dialog.saved) as saved:
        save(qtbot, dialog)
    assert saved.args == [interview]
    # The dialog now shows the plan.
    assert dialog.stack.currentWidget() is dialog.plan_page
    assert dialog.windowTitle() == "Your plan"
    grace = Contact.get(Contact.name == "Grace Hopper")
    plan = rows(dialog.plan_model)
    thanks = [r for r in plan if r[1] == "Thank-you"]
    assert sorted(r[2] for r in thanks) == ["Ada Lovelace, CTO", "Grace Hopper, Rear Admiral"]
    assert {r[3] for r in thanks} == {"Handwritten card"}
    assert {r[0] for r in thanks} == {"Fri 27 Nov, 12:00"}
    assert "Decision check" in column(dialog.plan_model, 1)
    assert "Ask about the decision" not in column(dialog.plan_model, 1)
    assert dialog.plan_summary.text() == f"{len(plan)} follow-ups planned for Acme – Engineer."
    # ... and the database holds it all.
    assert (grace.company_id, grace.title) == (company, "Rear Admiral")
    assert Interview.get_by_id(interview).discussed == "COBOL compilers; she liked my test plan."
    assert Company.get_by_id(company).preferred_channel == "card"
    application = Application.get_by_id(app)
    assert (application.decision_date, application.second_round_expected) == (
        date(2026, 12, 9), True)
    assert [p.id for p in dialog.result.plan] == [
        p.id for p in pipeline.application_plan(backend, app) if p.state.is_pending]
    close = dialog.buttons.buttons()[0]
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(close, Qt.MouseButton.LeftButton)


def test_debrief_of_an_application_records_a_new_interview(qtbot, backend, world):
    company, *_ = world
    app = records.add_application(backend, company, "Designer")
    dialog = opened(qtbot, DebriefDialog(backend, application_id=app))
    assert (dialog.company.text(), dialog.position.text()) == ("Acme", "Designer")
    assert dialog.which.hint.text() == "Your application: Acme – Designer."
    assert dialog.interview.currentText() == NEW_INTERVIEW
    assert dialog.day_row.isVisibleTo(dialog)
    assert dialog.picker.checked_ids() == ()
    dialog.start.setTime(QTime(9, 0))
    dialog.end.setTime(QTime(10, 0))
    dialog.picker.model.check_existing("Ada Lovelace")
    save(qtbot, dialog)
    assert dialog.stack.currentWidget() is dialog.plan_page
    interview = Interview.get_by_id(dialog.saved_id)
    assert (interview.application_id, interview.start_utc.hour, interview.round) == (app, 8, 1)
    assert Application.get_by_id(app).status == "interviewing"
    assert ("Ada Lovelace, CTO", "Thank-you") in [(r[2], r[1]) for r in rows(dialog.plan_model)]


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_debrief_without_a_preset_starts_at_the_interview_waiting_for_it(qtbot, backend,
                                                                         world):
    company, *_, interview = world
    records.add_application(backend, company, "Another job")
    dialog = opened(qtbot, DebriefDialog(backend))
    assert (dialog.company.text(), dialog.position.text()) == ("Acme", "Engineer")
    assert dialog.selected_interview() == interview
    assert not dialog.day_row.isVisibleTo(dialog)
    # Choosing "a new interview" asks when it was.
    dialog.interview.setCurrentIndex(dialog.interview.findText(NEW_INTERVIEW))
    assert dialog.day_row.isVisibleTo(dialog)
    # Another application, typed, brings its own people and interviews.
    dialog.position.selectAll()
    qtbot.keyClicks(dialog.position, "another JOB")
    qtbot.waitUntil(lambda: dialog.application_id() is not None
                    and dialog.application_id() != Interview.get_by_id(interview).application_id)
    qtbot.waitUntil(dialog.ok_button.isEnabled)
    assert dialog.interview.currentText() == NEW_INTERVIEW
    assert not dialog.interview_row.isVisibleTo(dialog)  # nothing else to choose
    assert dialog.which.hint.text() == "Your application: Acme – Another job."
    assert dialog.picker.model.rowCount() == 2  # Acme's people


def test_a_bad_inline_interviewer_writes_nothing(qtbot, backend, world):
    *_, interview = world
    dialog = opened(qtbot, DebriefDialog(backend, interview))
    dialog.discussed.setPlainText("Notes")
    dialog.channel_buttons[Channel.LETTER].setChecked(True)
    dialog.picker.title.setText("Rear Admiral")  # a title, but no name
    before = (Contact.select().count(), Action.select().count(),
              Interview.get_by_id(interview).discussed, Company.get().preferred_channel)
    save(qtbot, dialog)
    assert dialog.picker.row_error.isVisibleTo(dialog)
    assert dialog.picker.row_error.text() == "Name must not be empty."
    assert dialog.stack.currentIndex() == 0
    assert (Contact.select().count(), Action.select().count(),
            Interview.get_by_id(interview).discussed, Company.get().preferred_channel) == before


def test_end_before_start_shows_next_to_the_time(qtbot, backend, world):
    *_, app, _ = world
    dialog = opened(qtbot, DebriefDialog(backend, application_id=app))
    dialog.interview.setCurrentIndex(dialog.interview.findText(NEW_INTERVIEW))
    dialog.start.setTime(QTime(15, 0))
    dialog.end.setTime(QTime(14, 0))
    count = Interview.select().count()
    save(qtbot, dialog)
    assert dialog._fields["hours"].error.text() == "End must be after the start."
    assert dialog._fields["hours"].error.isVisibleTo(dialog)
    assert Interview.select().count() == count


def test_hostile_names_show_literally(qtbot, backend):
    company = records.add_company(backend, HOSTILE)
    person = records.add_contact(backend, company, ContactDraft(HOSTILE, "<i>CTO</i>"))
    app = records.add_application(backend, company, "<script>x</script>")
    start = NOW - timedelta(hours=2)
    interview = records.add_interview(backend, app, start, start + timedelta(hours=1),
                                      "Europe/Berlin", [person])
    dialog = opened(qtbot, DebriefDialog(backend, interview))
    assert dialog.summary.text() == f"{HOSTILE} – <script>x</script>"
    assert dialog.summary.textFormat() == Qt.TextFormat.PlainText
    assert dialog.picker.model.index(0).data() == f"{HOSTILE}, <i>CTO</i>"
    save(qtbot, dialog)
    assert f"{HOSTILE}, <i>CTO</i>" in column(dialog.plan_model, 2)
    assert dialog.plan_summary.textFormat() == Qt.TextFormat.PlainText
    assert "<img" not in dialog.plan_model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)


def type_into(qtbot, dialog: DebriefDialog, company: str, position: str) -> None:
    qtbot.keyClicks(dialog.company, company)
    qtbot.keyClicks(dialog.position, position)
    qtbot.waitUntil(lambda: not dialog.which.pending() and dialog.ok_button.isEnabled())


def test_a_first_interview_from_nothing(qtbot, backend):
    dialog = opened(qtbot, DebriefDialog(backend))
    assert dialog.focusWidget() is dialog.company
    assert dialog.which.hint.text() == "Type the company and the position; new ones are added."
    type_into(qtbot, dialog, "Acme Robotics", "Data Engineer")
    assert dialog.which.hint.text() == ("A new company and application: Acme Robotics, "
                                        "Data Engineer.")
    assert dialog.day_row.isVisibleTo(dialog) and not dialog.interview_row.isVisibleTo(dialog)
    dialog.start.setTime(QTime(9, 0))
    dialog.end.setTime(QTime(10, 0))
    for line, text in ((dialog.picker.name, "Anna Kowalski"), (dialog.picker.title, "CTO"),
                       (dialog.picker.email, "anna@acme.example"),
                       (dialog.picker.phone, "+49 30 123")):
        qtbot.keyClicks(line, text)
    save(qtbot, dialog)  # the typed interviewer is added without pressing Add
    assert dialog.stack.currentWidget() is dialog.plan_page
    anna = Contact.get(Contact.name == "Anna Kowalski")
    application = Application.get()
    assert (application.company.name, application.position) == ("Acme Robotics",
                                                                 "Data Engineer")
    assert (anna.company_id, anna.title, anna.email, anna.phone) == (
        application.company_id, "CTO", "anna@acme.example", "+49 30 123")
    assert Interview.get().application_id == application.id
    assert dialog.plan_summary.text().endswith("planned for Acme Robotics – Data Engineer.")
    assert ("Anna Kowalski, CTO", "Thank-you") in [(r[2], r[1]) for r in rows(dialog.plan_model)]


# The completer's popup asks for the keyboard, which the offscreen platform cannot grab.
OFFSCREEN_POPUP = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


@OFFSCREEN_POPUP
def test_a_new_position_at_a_known_company_offers_its_people(qtbot, backend, world):
    company, *_ = world
    dialog = opened(qtbot, DebriefDialog(backend))
    dialog.company.clear()
    dialog.position.clear()
    type_into(qtbot, dialog, "acme", "Architect")
    assert dialog.which.hint.text() == "A new application at Acme, for Architect."
    assert dialog.picker.model.rowCount() == 2
    dialog.picker.model.check_existing("Ada Lovelace")
    save(qtbot, dialog)
    assert dialog.stack.currentWidget() is dialog.plan_page
    assert Company.select().count() == 1  # "acme" is Acme
    created = Application.get(Application.position == "Architect")
    assert created.company_id == company
    assert Interview.get(Interview.application == created.id).id == dialog.saved_id


def test_the_company_box_completes_from_the_record(qtbot, backend, world):
    dialog = opened(qtbot, DebriefDialog(backend))
    completer = dialog.company.completer()
    completer.setCompletionPrefix("cm")
    assert completer.currentCompletion() == "Acme"  # matched inside the name too
    completer = dialog.position.completer()
    completer.setCompletionPrefix("eng")
    assert completer.currentCompletion() == "Engineer"


def test_a_bad_new_interviewer_leaves_no_application_behind(qtbot, backend):
    dialog = opened(qtbot, DebriefDialog(backend))
    type_into(qtbot, dialog, "Acme", "Engineer")
    dialog.picker.model.add_new(ContactDraft("Anna", email="not an address"))
    save(qtbot, dialog)
    assert dialog.stack.currentIndex() == 0
    assert (Company.select().count(), Application.select().count()) == (0, 0)


def test_company_and_position_are_asked_for(qtbot, backend):
    dialog = opened(qtbot, DebriefDialog(backend))
    save(qtbot, dialog)
    assert dialog._fields["company"].error.text() == "Company must not be empty."
    assert dialog._fields["position"].error.text() == "Position must not be empty."
    assert Application.select().count() == 0


def test_plan_model_passes_the_model_tester(qtmodeltester, backend, world):
    *_, app, _ = world
    model = PlanModel(backend.rules().zone)
    model.set_items(pipeline.application_plan(backend, app))
    qtmodeltester.check(model)
    assert model.rowCount() > 0
    assert model.headerData(0, Qt.Orientation.Horizontal) == "When"
    assert column(model, 1)[0] == ActionKind.THANK_YOU.label
