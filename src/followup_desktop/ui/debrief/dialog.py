"""The post-interview debrief: a short form right after an interview, and the plan it makes.

Saving runs services.editing.debrief (one transaction) and turns the dialog into a "Your plan"
page that lists the follow-ups just planned.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    Qt,
    QTime,
    QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain import validation as check
from followup_desktop.domain.model import Channel
from followup_desktop.domain.validation import ValidationError
from followup_desktop.services import editing
from followup_desktop.services.backend import Backend
from followup_desktop.services.editing import (
    ApplicationContext,
    DebriefDraft,
    DebriefForm,
    DebriefResult,
    InterviewRecord,
)
from followup_desktop.services.pipeline import PlanItem
from followup_desktop.ui.common import CHANNEL_LABELS, person_line, plain_label, tooltip, when
from followup_desktop.ui.editors.base import (
    EditorDialog,
    ValueCombo,
    date_edit,
    expanding,
    hint_label,
    message_for,
    plain_text_edit,
    time_edit,
    to_qdate,
)
from followup_desktop.ui.editors.interview import combine, default_hours
from followup_desktop.ui.editors.models import ID_ROLE, ChoiceListModel, Index
from followup_desktop.ui.editors.people import InterviewerPicker
from followup_desktop.ui.times import interview_when
from followup_desktop.ui.worker import Loader

NEW_INTERVIEW = "A new interview: enter when it was"
DISCUSSED_EXAMPLE = ("For example: their churn model misses seasonal customers; I suggested a "
                     "cohort analysis. Jonas asked about Airflow.")
CHANNEL_HINTS = {
    Channel.EMAIL: "Quick and expected: right for most companies.",
    Channel.PHONE: "For people who are hard to reach in writing; call in the morning.",
    Channel.CARD: "Stands out at small, personal companies; post it the day it is due.",
    Channel.LETTER: "For traditional firms: printed, signed and posted.",
}
PLAN_COLUMNS = ("When", "What", "To", "Channel", "Note")


def interview_text(interview: InterviewRecord, zone: ZoneInfo) -> str:
    """In the user's `zone`, as every other screen shows it (ui/times.py)."""
    when_text = interview_when(interview.start, interview.end, interview.zone, zone)
    return f"{when_text}, round {interview.round}"


class PlanModel(QAbstractTableModel):
    """The follow-ups of a plan, one per row, times in the user's zone."""

    def __init__(self, zone: ZoneInfo, parent: Any = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self._items: list[PlanItem] = []

    def set_zone(self, zone: ZoneInfo) -> None:
        self.beginResetModel()
        self._zone = zone
        self.endResetModel()

    def set_items(self, items: tuple[PlanItem, ...] | list[PlanItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(PLAN_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(PLAN_COLUMNS)):
            return PLAN_COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(item, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip([item.kind.label, self._cell(item, 2), item.note])
        if role == ID_ROLE:
            return item.id
        return None

    def _cell(self, item: PlanItem, column: int) -> str | None:
        if column == 0:
            return when(item.due, self._zone)
        if column == 1:
            return item.kind.label
        if column == 2:
            return person_line(item.contact.name, item.contact.title) if item.contact \
                else "The company"
        if column == 3:
            return CHANNEL_LABELS[item.channel]
        if column == 4:
            return item.note
        return None


class DebriefDialog(EditorDialog):
    """"How did it go?": who, what, when they decide, a second round, the channel. Preset an
    interview, or an application (its interview that needs a debrief is chosen, or a new one
    is recorded), or nothing (pick the application).

    `saved(int)` carries the interview's id once the debrief is stored; `result` holds the
    DebriefResult with the plan.
    """

    def __init__(self, backend: Backend, interview_id: int | None = None,
                 application_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(backend, "Interview debrief", parent, fill=True)
        self._preset_interview = interview_id
        self._form: DebriefForm | None = None
        self._context: ApplicationContext | None = None
        self._wanted_interview: int | None = None
        self.result: DebriefResult | None = None
        self._context_loader = Loader(backend, self)
        self._context_loader.failed.connect(self._load_failed)
        self.ok_button.setText("&Save and plan")
        self.stack = QStackedWidget(self)
        self.body.addWidget(self.stack)
        self._build_form_page()
        self.plan_page = self._build_plan_page()
        self.stack.addWidget(self.plan_page)
        self.resize(660, _fitting_height(self, 800))
        self.load(lambda: editing.debrief_form(backend, interview_id, application_id),
                  self._apply)

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
        _scale_font(heading, 1.35, bold=True)
        self.sections.addWidget(heading)
        self.sections.addWidget(hint_label(
            "A few answers while it is fresh, and the app plans your follow-ups.", page))
        self._interview_section(page)
        people = self.section("Who interviewed you?")
        self.picker = InterviewerPicker(page, detailed=False)
        people.addRow(self.picker)
        self._fields_for_talk()
        self._next_steps_section(page)
        self._channel_section(page)
        self.sections.addStretch(1)
        scroll.setWidget(page)
        self.stack.addWidget(scroll)

    def _interview_section(self, page: QWidget) -> None:
        form = self.section("Which interview?")
        self.summary = plain_label("", page)
        self.summary.setWordWrap(True)
        self.summary_when = hint_label("", page)
        self.applications = ChoiceListModel(parent=self)
        self.application = expanding(QComboBox(page))
        self.application.setAccessibleName("Application")
        self.application.setModel(self.applications)
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
            for unused in (self.application, self.interview, self.day, hours):
                unused.hide()
        else:
            for unused in (self.summary, self.summary_when):
                unused.hide()
            self.add_field(form, "application", "&Application", self.application,
                           self._check_application, where=("application",))
            self.add_field(form, "interview", "&Interview", self.interview)
            self._interview_form = form
            self.day_row = self.add_field(form, "day", "&Date", self.day)
            self.hours_row = self.add_field(form, "hours", "&Time", hours, self._check_hours,
                                            where=("start", "end", "interview", "time zone"))
            self.application.currentIndexChanged.connect(self._application_changed)
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
                       lambda: check.text(self.discussed.toPlainText(), "what was discussed",
                                          limit=check.LONG_TEXT), where=("what was discussed",))
        talk.addRow(self.earlier_notes)
        self.watch("discussed", self.discussed.textChanged)

    def _next_steps_section(self, page: QWidget) -> None:
        form = self.section("What happens next?")
        form.setRowWrapPolicy(form.RowWrapPolicy.WrapAllRows)  # a question above its answers
        decide = QWidget(page)
        row = QHBoxLayout(decide)
        row.setContentsMargins(0, 0, 0, 0)
        self.decision_no = QRadioButton("&No", decide)
        self.decision_yes = QRadioButton("&Yes, by", decide)
        self.decision_date = date_edit(decide, "Decision date")
        self.decision_group = QButtonGroup(decide)
        for button in (self.decision_no, self.decision_yes):
            self.decision_group.addButton(button)
            row.addWidget(button)
        row.addWidget(self.decision_date)
        row.addStretch(1)
        self.decision_no.setChecked(True)
        self.decision_date.setEnabled(False)
        self.decision_yes.toggled.connect(self.decision_date.setEnabled)
        decide.setFocusProxy(self.decision_no)
        decide.setAccessibleName("Did they say when they will decide?")
        self.add_field(form, "decision", "Did they say when they will decide?", decide,
                       lambda: check.day(self.decision_value(), "decision date"),
                       where=("decision date",))
        rounds = QWidget(page)
        row = QHBoxLayout(rounds)
        row.setContentsMargins(0, 0, 0, 0)
        self.second_round = QButtonGroup(rounds)
        self.round_buttons: dict[bool | None, QRadioButton] = {}
        for text, value in (("Y&es", True), ("N&o", False), ("Don't &know", None)):
            button = QRadioButton(text, rounds)
            self.round_buttons[value] = button
            self.second_round.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        self.round_buttons[None].setChecked(True)
        rounds.setFocusProxy(self.round_buttons[True])
        rounds.setAccessibleName("Is there a second round?")
        self.add_field(form, "second_round", "Is there a second round?", rounds,
                       where=("second round",))

    def _channel_section(self, page: QWidget) -> None:
        form = self.section("How do they like to be contacted?")
        box = QWidget(page)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        self.channel_group = QButtonGroup(box)
        self.channel_buttons: dict[Channel, QRadioButton] = {}
        for row, channel in enumerate(Channel):
            button = QRadioButton(CHANNEL_LABELS[channel.value], box)
            button.setAccessibleDescription(CHANNEL_HINTS[channel])
            self.channel_group.addButton(button)
            self.channel_buttons[channel] = button
            grid.addWidget(button, row, 0)
            grid.addWidget(hint_label(CHANNEL_HINTS[channel], box), row, 1)
        grid.setColumnStretch(1, 1)
        box.setFocusProxy(self.channel_buttons[Channel.EMAIL])
        box.setAccessibleName("Preferred channel")
        self.add_field(form, "channel", "", box, where=("preferred channel",))
        form.addRow(hint_label("Every thank-you and keep-in-touch note to this company uses "
                               "it.", page))

    # -- the plan page

    def _build_plan_page(self) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        heading = plain_label("Your plan", page)
        _scale_font(heading, 1.35, bold=True)
        self.plan_summary = plain_label("", page)
        self.plan_summary.setWordWrap(True)
        self.plan_model = PlanModel(ZoneInfo("UTC"), self)
        self.plan_view = QTableView(page)
        self.plan_view.setModel(self.plan_model)
        self.plan_view.verticalHeader().hide()
        self.plan_view.setShowGrid(False)
        self.plan_view.setAlternatingRowColors(True)
        self.plan_view.setWordWrap(True)  # a long note wraps in its column
        self.plan_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.plan_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.plan_view.setTabKeyNavigation(False)
        self.plan_view.setAccessibleName("Planned follow-ups")
        header = self.plan_view.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(PLAN_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.plan_empty = hint_label("Nothing is planned for this application: it is closed, "
                                     "or every follow-up is already done.", page)
        self.plan_empty.hide()
        column.addWidget(heading)
        column.addWidget(self.plan_summary)
        column.addWidget(self.plan_view, 1)
        column.addWidget(self.plan_empty)
        column.addWidget(hint_label("Each one shows in your due list when it is time. Change "
                                    "any of them from there.", page))
        return page

    # -- filling in

    def _apply(self, form: DebriefForm) -> None:
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
        self.application.blockSignals(True)  # the form brings the application's context
        self.applications.set_choices(form.applications)
        self.application.setCurrentIndex(
            -1 if form.context is None else self.applications.row_of(form.context.id))
        self.application.blockSignals(False)
        if form.context is not None:
            self._apply_context(form.context)
        if self._preset_interview is None and form.context is None:
            self.set_field_error("application", "There is no open application: add one "
                                 "first (Applications, New application).")

    def _application_changed(self, *_: object) -> None:
        application_id = self.application_id()
        if application_id is None:
            return
        self._wanted_interview = None
        self.ok_button.setEnabled(False)
        now = self._backend.clock.now()

        def context() -> tuple[ApplicationContext, int | None]:
            found = editing.application_context(self._backend, application_id)
            return found, editing.suggested_interview(found, now)

        def apply(result: tuple[ApplicationContext, int | None]) -> None:
            self._wanted_interview = result[1]
            self._apply_context(result[0])
            self.ok_button.setEnabled(self._can_save())
        self._context_loader.load(context, apply)

    def _apply_context(self, context: ApplicationContext) -> None:
        self._context = context
        self.summary.setText(f"{context.company} – {context.position}")
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

    def _user_zone(self) -> ZoneInfo:
        return ZoneInfo(self._form.user_zone) if self._form else self._backend.rules().zone

    def _select_channel(self, channel: Channel | None) -> None:
        if channel is not None:
            self.channel_buttons[Channel(channel)].setChecked(True)

    def _interview_changed(self, *_: object) -> None:
        assert self._context is not None
        chosen = self.selected_interview()
        by_id = {i.id: i for i in self._context.interviews}
        record = by_id.get(chosen) if chosen is not None else None
        if self._preset_interview is None:
            self._interview_form.setRowVisible(self.day_row, record is None)
            self._interview_form.setRowVisible(self.hours_row, record is None)
        if record is not None:
            self.summary_when.setText(interview_text(record, self._user_zone()))
        self.picker.set_people(self._context.people,
                               set(record.interviewer_ids) if record else set())
        self.earlier_notes.setVisible(bool(record and record.discussed.strip()))

    def application_id(self) -> int | None:
        return self.applications.id_at(self.application.currentIndex())

    def selected_interview(self) -> int | None:
        if self._preset_interview is not None:
            return self._preset_interview
        return self.interview.value()

    # -- checks and saving

    def decision_value(self) -> date | None:
        return self.decision_date.date().toPython() if self.decision_yes.isChecked() else None

    def _check_application(self) -> None:
        if self._preset_interview is None and self.application_id() is None:
            raise ValidationError("application", "choose the application")

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
        return self._context is not None

    def _first_focus(self) -> QWidget | None:
        return self.picker.view if self._preset_interview is not None else self.application

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
            application_id=self.application_id()
            if interview_id is None else None,
            start=start, end=end, zone=self._form.user_zone,
            interviewer_ids=self.picker.checked_ids(),
            new_interviewers=self.picker.new_drafts(),
            discussed=self.discussed.toPlainText().strip(),
            decision_date=self.decision_value(),
            second_round_expected=next(v for v, b in self.round_buttons.items()
                                       if b.isChecked()),
            preferred_channel=channel)

    def _save(self) -> int:
        self.result = editing.debrief(self._backend, self.draft())
        return self.result.interview_id

    def show_service_error(self, error: ValidationError) -> None:
        if error.where.startswith("new interviewer"):
            field = error.where.split(": ", 1)[-1]
            self.picker.show_problem(message_for(ValidationError(field, error.problem),
                                                 field.capitalize()))
            return
        super().show_service_error(error)

    def _after_save(self) -> None:
        assert self.result is not None and self._context is not None
        self.plan_model.set_items(self.result.plan)
        count = len(self.result.plan)
        where = f"{self._context.company} – {self._context.position}"
        self.plan_summary.setText(
            f"{count} follow-up{'s' if count != 1 else ''} planned for {where}." if count
            else f"No follow-ups are planned for {where}.")
        self.plan_view.setVisible(count > 0)
        self.plan_empty.setVisible(count == 0)
        self.stack.setCurrentWidget(self.plan_page)
        self.setWindowTitle("Your plan")
        self.close_only()
        self.plan_view.setFocus()
        screen = self.screen()
        if screen is not None:  # room for the notes next to the other columns
            self.resize(max(self.width(), min(860, screen.availableGeometry().width() - 80)),
                        self.height())
        QTimer.singleShot(50, self._fit_plan)  # once the columns have their new widths

    def _fit_plan(self) -> None:
        """Shrink the dialog to the plan: the form's height would leave the list half empty."""
        view = self.plan_view
        view.resizeRowsToContents()
        rows = sum(view.rowHeight(r) for r in range(self.plan_model.rowCount()))
        wanted = view.horizontalHeader().height() + rows + 2 * view.frameWidth() + 24
        spare = view.height() - wanted
        if spare > 0:
            self.resize(self.width(), max(360, self.height() - spare))


def _scale_font(label: QLabel, factor: float, bold: bool = False) -> None:
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    label.setFont(font)


def _fitting_height(widget: QWidget, wanted: int) -> int:
    """`wanted`, or less on a small screen."""
    screen = widget.screen()
    room = screen.availableGeometry().height() - 80 if screen is not None else wanted
    return max(420, min(wanted, room))
