"""The debrief dialog: "How did it go?" right after an interview.

Preset with an interview, or an application (its interview that needs a debrief is chosen, or
a new one is recorded), or nothing: then the company and position are typed, known or new, and
saving records the application too. Saving runs one transaction (services.debrief.debrief,
or services.first_interview for a new application) and turns the dialog into "Your plan".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTime, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain import fields
from followup_desktop.domain.model import Channel
from followup_desktop.domain.validation import ValidationError
from followup_desktop.services import debrief, first_interview
from followup_desktop.services.backend import Backend
from followup_desktop.services.changes import Changed
from followup_desktop.services.debrief import DebriefDraft, DebriefForm, DebriefResult
from followup_desktop.services.first_interview import KnownCompany, Names, OpenApplication
from followup_desktop.services.views import forms
from followup_desktop.services.views.forms import ApplicationContext
from followup_desktop.ui.background.worker import Loader
from followup_desktop.ui.debrief import sections
from followup_desktop.ui.debrief.plan import PlanPage, interview_text, scale_font
from followup_desktop.ui.debrief.which import ApplicationFields
from followup_desktop.ui.dialogs.past_question import ask_about_past, replanned, show_status
from followup_desktop.ui.editors.base import (
    EditorDialog,
    ValueCombo,
    date_edit,
    expanding,
    message_for,
    plain_text_edit,
    time_edit,
    to_qdate,
)
from followup_desktop.ui.editors.interview import combine, default_hours
from followup_desktop.ui.editors.people import InterviewerPicker
from followup_desktop.ui.widgets.common import hint_label, plain_label

NEW_INTERVIEW = "A new interview: enter when it was"
DISCUSSED_EXAMPLE = ("For example: their churn model misses seasonal customers; I suggested a "
                     "cohort analysis. Jonas asked about Airflow.")


class DebriefDialog(EditorDialog):
    """"How did it go?": which application, who, what, when they decide, a second round, the
    channel. `saved(int)` carries the interview's id once the debrief is stored; `result`
    holds the DebriefResult with the plan."""
    changes = Changed.EVERYTHING & ~Changed.DRAFTS

    def __init__(self, backend: Backend, interview_id: int | None = None,
                 application_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(backend, "Interview debrief", parent, fill=True)
        self._preset_interview = interview_id
        self._form: DebriefForm | None = None
        self._context: ApplicationContext | None = None  # None: a new application
        self._company: KnownCompany | None = None  # the typed company, when known
        self._wanted_interview: int | None = None
        self.result: DebriefResult | None = None
        self._context_loader = Loader(backend, self)
        self._context_loader.failed.connect(self._load_failed)
        self.ok_button.setText("&Save and plan")
        self.stack = QStackedWidget(self)
        self.body.addWidget(self.stack)
        self._build_form_page()
        self.plan_page = PlanPage(self)
        self.plan_model, self.plan_view = self.plan_page.model, self.plan_page.view
        self.plan_summary = self.plan_page.summary
        self.stack.addWidget(self.plan_page)
        self.resize(660, _fitting_height(self, 800))

        def read() -> tuple[DebriefForm, Names]:
            return (debrief.debrief_form(backend, interview_id, application_id),
                    first_interview.names(backend))
        self.load(read, self._apply)

    # -- the form

    def _build_form_page(self) -> None:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, which it scrolls to
        page = QWidget(scroll)
        self.sections = QVBoxLayout(page)
        self.sections.setContentsMargins(0, 0, 6, 0)
        self.sections.setSpacing(12)
        heading = plain_label("How did it go?", page)
        scale_font(heading, 1.35, bold=True)
        self.sections.addWidget(heading)
        self.sections.addWidget(hint_label(
            "A few answers while it is fresh, and the app plans your follow-ups.", page))
        self._interview_section(page)
        people = self.section("Who interviewed you?")
        self.picker = InterviewerPicker(page, detailed=False)
        people.addRow(self.picker)
        self._fields_for_talk()
        steps = sections.next_steps(self, page)
        self.decision_no, self.decision_yes = steps.decision_no, steps.decision_yes
        self.decision_date, self.round_buttons = steps.decision_date, steps.round_buttons
        self._steps = steps
        self.channel_buttons = sections.channels(self, page)
        self.sections.addStretch(1)
        scroll.setWidget(page)
        self.stack.addWidget(scroll)

    def _interview_section(self, page: QWidget) -> None:
        form = self.section("Which interview?")
        self.summary = plain_label("", page)
        self.summary.setWordWrap(True)
        self.summary_when = hint_label("", page)
        self.which = ApplicationFields(page)
        self.company, self.position = self.which.company, self.which.position
        self.interview = expanding(ValueCombo(page, "Interview"))
        self.day = date_edit(page, "Interview date")
        self.start = time_edit(page, "Interview started")
        self.end = time_edit(page, "Interview ended")
        hours = QWidget(page)
        row = QHBoxLayout(hours)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.start)
        row.addWidget(QLabel("to", hours))
        row.addWidget(self.end)
        row.addStretch(1)
        hours.setFocusProxy(self.start)
        if self._preset_interview is not None:
            form.addRow(self.summary)
            form.addRow(self.summary_when)
            for unused in (self.company, self.position, self.which.hint, self.interview,
                           self.day, hours):
                unused.hide()
            return
        for unused in (self.summary, self.summary_when):
            unused.hide()
        self.add_field(form, "company", "&Company", self.company,
                       lambda: fields.COMPANY_NAME.check(self.which.texts()[0]),
                       where=("company name", "company"))
        self.add_field(form, "position", "&Position", self.position,
                       lambda: fields.POSITION.check(self.which.texts()[1]),
                       where=("position", "application"))
        form.addRow(self.which.hint)
        self._interview_form = form
        self.interview_row = self.add_field(form, "interview", "&Interview", self.interview)
        self.day_row = self.add_field(form, "day", "&Date", self.day)
        self.hours_row = self.add_field(form, "hours", "&Time", hours, self._check_hours,
                                        where=("start", "end", "interview", "time zone"))
        self.which.editing.connect(lambda: self.ok_button.setEnabled(False))
        self.which.settled.connect(self._application_typed)
        self.interview.currentIndexChanged.connect(self._interview_changed)
        for signal in (self.day.dateChanged, self.start.timeChanged, self.end.timeChanged):
            self.watch("hours", signal)

    def _fields_for_talk(self) -> None:
        talk = self.section("What specifically did you discuss?")
        self.discussed = plain_text_edit(self, "What you discussed", DISCUSSED_EXAMPLE, lines=4)
        self.earlier_notes = hint_label("Your earlier notes on this interview are kept; what "
                                        "you write here is added to them.", self)
        self.earlier_notes.hide()
        self.add_field(talk, "discussed", "", self.discussed,
                       lambda: fields.DISCUSSED.check(self.discussed.toPlainText()),
                       where=("what was discussed",))
        talk.addRow(self.earlier_notes)
        self.watch("discussed", self.discussed.textChanged)

    # -- filling in

    def _apply(self, read: tuple[DebriefForm, Names]) -> None:
        form, names = read
        self._form = form
        zone = ZoneInfo(form.user_zone)
        self.plan_model.set_zone(zone)
        now = self._backend.clock.now().astimezone(zone)
        start, end = default_hours(now.replace(hour=max(0, now.hour - 2)))
        self.day.setDate(to_qdate(now.date()))
        self.start.setTime(QTime(start.hour, start.minute))
        self.end.setTime(QTime(end.hour, end.minute))
        self.decision_date.setDate(to_qdate(now.date()).addDays(14))
        self._wanted_interview = form.interview_id
        self.which.set_names(names)
        if form.context is not None:
            self.which.set_texts(form.context.company, form.context.position)
            self._apply_context(form.context)
        else:
            self._apply_new(None)

    def _application_typed(self, application: OpenApplication | None) -> None:
        """Typing paused: read what is known about the application or company typed."""
        self._wanted_interview = None
        now = self._backend.clock.now()
        backend = self._backend
        company = self.which.texts()[0]

        def context() -> tuple[ApplicationContext, int | None] | KnownCompany | None:
            if application is None:
                return first_interview.known_company(backend, company)
            found = forms.application_context(backend, application.id)
            return found, debrief.suggested_interview(found, now)

        def apply(result: tuple[ApplicationContext, int | None] | KnownCompany | None) -> None:
            if self.which.pending():
                return  # typed on meanwhile: the next read will tell
            if isinstance(result, tuple):
                self._wanted_interview = result[1]
                self._apply_context(result[0])
            else:
                self._apply_new(result)
            self.ok_button.setEnabled(self._can_save())
        self._context_loader.load(context, apply)

    def _apply_context(self, context: ApplicationContext) -> None:
        self._context, self._company = context, None
        self.summary.setText(f"{context.company} – {context.position}")
        self.which.describe(OpenApplication(context.id, context.company, context.position), None)
        assert self._form is not None
        self._select_channel(context.preferred_channel or self._form.default_channel)
        if context.decision_date is not None:
            self.decision_yes.setChecked(True)
            self.decision_date.setDate(to_qdate(context.decision_date))
        else:
            self.decision_no.setChecked(True)
        self.round_buttons[context.second_round_expected].setChecked(True)
        self.interview.blockSignals(True)
        self.interview.clear_values()
        for interview in context.interviews:
            self.interview.add(interview_text(interview, self._user_zone()), interview.id)
        self.interview.add(NEW_INTERVIEW, None)
        wanted = self._wanted_interview
        self.interview.setCurrentIndex(max(0, self.interview.index_of(wanted))
                                       if wanted is not None else self.interview.count() - 1)
        self.interview.blockSignals(False)
        self._interview_changed()

    def _apply_new(self, company: KnownCompany | None) -> None:
        """What is typed is a new application (at a known company, or a new one)."""
        self._context, self._company = None, company
        self.which.describe(None, company)
        assert self._form is not None
        self._select_channel((company.preferred_channel if company else None)
                             or self._form.default_channel)
        self.decision_no.setChecked(True)
        self.round_buttons[None].setChecked(True)
        self.interview.blockSignals(True)
        self.interview.clear_values()
        self.interview.add(NEW_INTERVIEW, None)
        self.interview.blockSignals(False)
        self._interview_changed()

    def _user_zone(self) -> ZoneInfo:
        return ZoneInfo(self._form.user_zone) if self._form else self._backend.rules().zone

    def _select_channel(self, channel: Channel | None) -> None:
        if channel is not None:
            self.channel_buttons[Channel(channel)].setChecked(True)

    def _interview_changed(self, *_: object) -> None:
        chosen = self.selected_interview()
        context = self._context
        by_id = {i.id: i for i in context.interviews} if context else {}
        record = by_id.get(chosen) if chosen is not None else None
        if self._preset_interview is None:
            self._interview_form.setRowVisible(self.interview_row,
                                               bool(context and context.interviews))
            self._interview_form.setRowVisible(self.day_row, record is None)
            self._interview_form.setRowVisible(self.hours_row, record is None)
        if record is not None:
            self.summary_when.setText(interview_text(record, self._user_zone()))
        people = context.people if context else self._company.people if self._company else ()
        self.picker.set_people(people, set(record.interviewer_ids) if record else set())
        self.earlier_notes.setVisible(bool(record and record.discussed.strip()))

    def application_id(self) -> int | None:
        return self._context.id if self._context is not None else None

    def selected_interview(self) -> int | None:
        if self._preset_interview is not None:
            return self._preset_interview
        return self.interview.value()

    # -- checks and saving

    def decision_value(self) -> date | None:
        return self._steps.decision()

    def _times(self) -> tuple[datetime, datetime]:
        assert self._form is not None
        day = self.day.date().toPython()
        return (combine(day, self.start.time().toPython(), self._form.user_zone),
                combine(day, self.end.time().toPython(), self._form.user_zone))

    def _check_hours(self) -> None:
        if self.selected_interview() is not None or self._form is None:
            return
        start, end = self._times()
        if end <= start:
            raise ValidationError("end", "end must be after the start")

    def _can_save(self) -> bool:
        return self._form is not None and not self.which.pending()

    def _first_focus(self) -> QWidget | None:
        if self._preset_interview is not None:
            return self.picker.view
        return self.company if not self.company.text() else self.picker.name

    def check_all(self) -> bool:
        return super().check_all() and self.picker.commit_pending()

    def draft(self) -> DebriefDraft:
        assert self._form is not None
        interview_id = self.selected_interview()
        start = end = None
        if interview_id is None:
            start, end = self._times()
        channel = next((c for c, b in self.channel_buttons.items() if b.isChecked()), None)
        return DebriefDraft(
            interview_id=interview_id,
            application_id=self.application_id() if interview_id is None else None,
            start=start, end=end, zone=self._form.user_zone,
            interviewer_ids=self.picker.checked_ids(),
            new_interviewers=self.picker.new_drafts(),
            discussed=self.discussed.toPlainText().strip(),
            decision_date=self.decision_value(),
            second_round_expected=self._steps.second_round(),
            preferred_channel=channel)

    def _change(self) -> Callable[[], object] | None:
        if self.which.pending():
            return None  # what was typed is still being looked up
        draft, backend = self.draft(), self._backend
        if self._preset_interview is None and self._context is None:
            company, position = self.which.texts()
            return lambda: first_interview.debrief_new_application(backend, company, position,
                                                                   draft)
        return lambda: debrief.debrief(backend, draft)

    def _record_id(self, result: object) -> int:
        assert isinstance(result, DebriefResult)
        self.result = result
        return result.interview_id

    def show_service_error(self, error: ValidationError) -> None:
        if error.where.startswith("new interviewer"):
            field = error.where.split(": ", 1)[-1]
            self.picker.show_problem(message_for(ValidationError(field, error.problem),
                                                 field.capitalize()))
            return
        super().show_service_error(error)

    def _after_save(self) -> None:
        assert self.result is not None
        context = self._context
        where = f"{context.company} – {context.position}" if context \
            else " – ".join(self.which.texts())
        self.plan_page.show_plan(self.result.plan, where)
        self.stack.setCurrentWidget(self.plan_page)
        self.setWindowTitle("Your plan")
        self.close_only()
        self.plan_view.setFocus()
        screen = self.screen()
        if screen is not None:  # room for the notes next to the other columns
            self.resize(max(self.width(), min(860, screen.availableGeometry().width() - 80)),
                        self.height())
        QTimer.singleShot(50, self._fit_plan)  # once the columns have their new widths
        if self.selected_interview() is None:  # a new one: entered days after it ended?
            ask_about_past(self, self._backend, [self.result.interview_id],
                           lambda said, wrote: self._answered(where, said, wrote))

    def _answered(self, where: str, said: str, wrote: bool) -> None:
        if wrote and self.result is not None:  # yes: the plan again, without the thank-you
            self.result = replanned(self._backend, self.result)
            self.plan_page.show_plan(self.result.plan, where)
        show_status(self, said, wrote)

    def _fit_plan(self) -> None:
        """Shrink the dialog to the plan: the form's height would leave the list half empty."""
        spare = self.plan_page.spare_height()
        if spare > 0:
            self.resize(self.width(), max(360, self.height() - spare))


def _fitting_height(widget: QWidget, wanted: int) -> int:
    """`wanted`, or less on a small screen."""
    screen = widget.screen()
    room = screen.availableGeometry().height() - 80 if screen is not None else wanted
    return max(420, min(wanted, room))
