"""Creating and changing an interview: when, where, and who was on the panel (existing
contacts ticked, new ones added inline). Saving plans the follow-ups at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from followup_desktop.domain import fields
from followup_desktop.domain import validation as check
from followup_desktop.domain.fields import FORMAT_LABELS, MAX_ROUND
from followup_desktop.domain.model import InterviewFormat
from followup_desktop.domain.validation import ValidationError
from followup_desktop.services import records
from followup_desktop.services.backend import Backend
from followup_desktop.services.changes import Changed
from followup_desktop.services.records import InterviewDraft
from followup_desktop.services.views import forms
from followup_desktop.services.views.forms import ApplicationContext, InterviewForm
from followup_desktop.ui.background.worker import Loader
from followup_desktop.ui.dialogs.past_question import ask_about_past, show_status
from followup_desktop.ui.editors.base import (
    EditorDialog,
    combo,
    date_edit,
    expanding,
    message_for,
    plain_text_edit,
    time_edit,
    to_qdate,
)
from followup_desktop.ui.editors.models import ChoiceListModel
from followup_desktop.ui.editors.people import InterviewerPicker
from followup_desktop.ui.widgets.common import hint_label


def default_hours(now_local: datetime) -> tuple[time, time]:
    """A new interview starts at the next full hour of a working day, else at 10:00."""
    hour = now_local.hour + 1
    start = time(hour) if 8 <= hour <= 18 else time(10)
    return start, (datetime.combine(date.min, start) + timedelta(hours=1)).time()


def zone_combo(parent: QWidget, zones: tuple[str, ...]) -> QComboBox:
    box = QComboBox(parent)
    box.setAccessibleName("Time zone")
    box.setEditable(True)
    box.setMinimumContentsLength(20)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.addItems(list(zones))
    completer = box.completer()
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return box


def combine(day: date, at: time, zone: str) -> datetime:
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone))


class InterviewEditor(EditorDialog):
    changes = Changed.INTERVIEWS | Changed.PEOPLE | Changed.PLAN

    def __init__(self, backend: Backend, interview_id: int | None = None,
                 application_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(backend, "Edit interview" if interview_id else "New interview", parent)
        self._interview_id = interview_id
        self._preset_application = application_id
        self._checked: set[int] = set()
        self._context: ApplicationContext | None = None
        self._people_loader = Loader(backend, self)
        self._people_loader.failed.connect(self._load_failed)
        self.applications = ChoiceListModel(parent=self)
        self.application = expanding(QComboBox(self))
        self.application.setAccessibleName("Application")
        self.application.setModel(self.applications)
        self.no_applications = hint_label("There is no open application yet: add one first "
                                          "(Applications, New application).", self)
        self.no_applications.hide()
        self.day = date_edit(self, "Date")
        self.start = time_edit(self, "Starts")
        self.end = time_edit(self, "Ends")
        self.zone = zone_combo(self, ())
        self.round = QSpinBox(self)
        self.round.setRange(1, MAX_ROUND)
        self.format = combo(self, "Format", [(t, f) for f, t in FORMAT_LABELS.items()])
        self.location = QLineEdit(self)
        self.location.setPlaceholderText("Address, meeting link or phone number")
        self.picker = InterviewerPicker(self, detailed=True)
        self.discussed = plain_text_edit(self, "What was discussed", "Specifics to mention in "
                                         "your thank-you: their projects, problems, your "
                                         "ideas…", lines=4)
        self._build()
        self.resize(600, self.sizeHint().height())
        self.load(lambda: forms.interview_form(backend, interview_id, application_id),
                  self._apply)

    def _build(self) -> None:
        when = self.section("Interview")
        self.add_field(when, "application", "&Application", self.application,
                       self._check_application, where=("application",))
        when.addRow("", self.no_applications)
        self.add_field(when, "day", "&Date", self.day, where=("start",))
        hours = QWidget(self)
        row = QHBoxLayout(hours)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.start)
        row.addWidget(QLabel("to", hours))
        row.addWidget(self.end)
        row.addStretch(1)
        hours.setFocusProxy(self.start)
        self.add_field(when, "end", "&Time", hours, self._check_end,
                       where=("end", "interview"))
        self.add_field(when, "zone", "Time &zone", self.zone,
                       lambda: check.zone(self.zone.currentText().strip(), "time zone"))
        self.add_field(when, "round", "&Round", self.round, where=("round",))
        self.add_field(when, "format", "&Format", self.format)
        self.add_field(when, "location", "&Location", self.location,
                       lambda: fields.LOCATION.check(self.location.text()))
        panel = self.section("Interviewers")
        panel.addRow(self.picker)
        notes = self.section("What was discussed")
        self.add_field(notes, "discussed", "", self.discussed,
                       lambda: fields.DISCUSSED.check(self.discussed.toPlainText()),
                       where=("what was discussed",))
        self.application.currentIndexChanged.connect(self._application_changed)
        for edit in (self.start, self.end, self.day):
            self.watch("end", edit.dateTimeChanged)
        self.watch("zone", self.zone.editTextChanged)
        self.watch("location", self.location.textEdited)
        self.watch("discussed", self.discussed.textChanged)

    # -- loading

    def _apply(self, form: InterviewForm) -> None:
        self.zone.addItems(list(form.zones))
        self.application.blockSignals(True)  # one context load, below, for the right one
        self.applications.set_choices(form.applications)
        self.application.blockSignals(False)
        record = form.record
        zone = form.user_zone if record is None else record.zone
        self.zone.setCurrentText(zone)
        if record is None:
            now = self._backend.clock.now().astimezone(ZoneInfo(zone))
            start, end = default_hours(now)
            self.day.setDate(to_qdate(now.date()))
            self.start.setTime(QTime(start.hour, start.minute))
            self.end.setTime(QTime(end.hour, end.minute))
            application = self._preset_application
        else:
            local_start = record.start.astimezone(ZoneInfo(zone))
            local_end = record.end.astimezone(ZoneInfo(zone))
            self.day.setDate(to_qdate(local_start.date()))
            self.start.setTime(QTime(local_start.hour, local_start.minute))
            self.end.setTime(QTime(local_end.hour, local_end.minute))
            self.round.setValue(record.round)
            self.format.set_value(InterviewFormat(record.format))
            self.location.setText(record.location)
            self.discussed.setPlainText(record.discussed)
            self._checked = set(record.interviewer_ids)
            application = record.application_id
        empty = self.applications.rowCount() == 0
        self.no_applications.setVisible(empty)
        self.application.setEnabled(not empty)
        row = max(0, self.applications.row_of(application))
        self.application.blockSignals(True)
        self.application.setCurrentIndex(row if not empty else -1)
        self.application.blockSignals(False)
        self._application_changed()

    def _application_changed(self, *_: object) -> None:
        application_id = self.application_id()
        if application_id is None:
            self.picker.set_people((), set())
            return
        if self._context is not None:  # keep what was ticked for the previous application
            self._checked = set(self.picker.checked_ids())
        self._people_loader.load(
            lambda: forms.application_context(self._backend, application_id),
            self._apply_context)

    def _apply_context(self, context: ApplicationContext) -> None:
        self._context = context
        people = {p.id for p in context.people}
        self.picker.set_people(context.people, self._checked & people)
        if self._interview_id is None:
            self.round.setValue(context.next_round)

    def _can_save(self) -> bool:
        return self.applications.rowCount() > 0

    # -- checks

    def application_id(self) -> int | None:
        return self.applications.id_at(self.application.currentIndex())

    def _check_application(self) -> None:
        if self.application_id() is None:
            raise ValidationError("application", "choose the application")

    def _times(self) -> tuple[datetime, datetime]:
        zone = check.zone(self.zone.currentText().strip(), "time zone")
        day = self.day.date().toPython()
        return (combine(day, self.start.time().toPython(), zone),
                combine(day, self.end.time().toPython(), zone))

    def _check_end(self) -> None:
        try:
            start, end = self._times()
        except ValidationError:
            return  # the time zone's own message says what is wrong
        if end <= start:
            raise ValidationError("end", "end must be after the start")

    def check_all(self) -> bool:
        return super().check_all() and self.picker.commit_pending()

    # -- saving

    def draft(self) -> InterviewDraft:
        start, end = self._times()
        return InterviewDraft(
            application_id=self.application_id(),
            start=start, end=end, zone=self.zone.currentText().strip(),
            interviewer_ids=self.picker.checked_ids(),
            new_interviewers=self.picker.new_drafts(),
            round=self.round.value(), format=self.format.value(),
            location=self.location.text().strip(),
            discussed=self.discussed.toPlainText().strip())

    def _change(self) -> Callable[[], object]:
        draft, backend, interview_id = self.draft(), self._backend, self._interview_id
        if interview_id is None:
            return lambda: records.create_interview(backend, draft)

        def update() -> int:
            records.update_interview(backend, interview_id, draft)
            return interview_id
        return update

    def _after_save(self) -> None:
        self.accept()
        if self._interview_id is None and self.saved_id is not None:
            # Entered days after it ended: was it already thanked for? (ui/past_question)
            where = self.parentWidget() or self
            ask_about_past(where, self._backend, [self.saved_id],
                           lambda said, wrote: show_status(where, said, wrote))

    def show_service_error(self, error: ValidationError) -> None:
        if error.where.startswith("new interviewer"):
            field = error.where.split(": ", 1)[-1]
            self.picker.show_problem(message_for(
                ValidationError(field, error.problem), field.capitalize()))
            return
        super().show_service_error(error)
