"""The applications page: the pipeline by status, a table of applications and, beside it, one
application on one page: its facts, status, interviews and interviewers, plan and history."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFontMetrics, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.counts import counted
from followup_desktop.domain.fields import (
    CHANNEL_LABELS,
    FORMAT_LABELS,
    STATE_LABELS,
    STATUS_LABELS,
)
from followup_desktop.domain.model import ActionState, ApplicationStatus
from followup_desktop.domain.validation import ValidationError
from followup_desktop.services import records
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.views import pipeline
from followup_desktop.services.views.pipeline import (
    ApplicationDetail,
    InterviewInfo,
    Pipeline,
    PlanItem,
    StatusEvent,
    TouchEvent,
)
from followup_desktop.ui.applications.model import (
    CHANGED,
    COMPANY,
    DUE,
    ID_ROLE,
    NEXT,
    POSITION,
    STATUS,
    ApplicationsFilter,
    ApplicationsModel,
)
from followup_desktop.ui.background.worker import Loader
from followup_desktop.ui.widgets.cards import Card, CardList
from followup_desktop.ui.widgets.common import (
    KIND_COLORS,
    person_line,
    plain_label,
    set_error_style,
    set_heading_style,
    tooltip,
    when,
)
from followup_desktop.ui.widgets.detail_parts import (
    Badge,
    FactsForm,
    FlowRow,
    LinkButton,
    long_date,
    long_day,
    long_when,
    muted_color,
    scaled_font,
    scroll_area,
    section_label,
    separator,
    set_muted,
    set_value,
    title_label,
    url_field,
)

STRETCHED = (COMPANY, POSITION, NEXT)  # these share the width the others leave
DROPPED_FIRST = (CHANGED, STATUS, POSITION)  # left out, in this order, when the table is narrow
DETAIL_WIDTH = 460  # the detail pane's share of a wide page, at most (the table takes the rest)
DETAIL_HINT = "Select an application to see its interviews, plan and history."


class StatusStrip(QWidget):
    """One toggle button per status with its count, and "All": choosing one filters the table."""

    statusChosen = Signal(object)  # ApplicationStatus, or None for all

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[ApplicationStatus | None, QToolButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for status in (None, *ApplicationStatus):
            button = QToolButton(self)
            button.setCheckable(True)
            button.setAutoRaise(False)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.clicked.connect(lambda _=False, s=status: self.statusChosen.emit(s))
            self.group.addButton(button)
            self.buttons[status] = button
            layout.addWidget(button)
        self.buttons[None].setChecked(True)
        self.set_counts({s: 0 for s in ApplicationStatus}, 0)

    def set_counts(self, counts: dict[ApplicationStatus, int], total: int) -> None:
        for status, button in self.buttons.items():
            label = "All" if status is None else STATUS_LABELS[status]
            count = total if status is None else counts.get(status, 0)
            button.setText(f"{label}  {count}")
            button.setAccessibleName(f"Show {label.lower()} applications ({count})")
            button.setToolTip(f"Show {'all' if status is None else label.lower()} "
                              f"applications ({count})")

    def set_status(self, status: ApplicationStatus | None) -> None:
        self.buttons[status].setChecked(True)


class InterviewBox(QFrame):
    """One interview: when, round and format, where, who (each a link), what was discussed."""

    def __init__(self, interview: InterviewInfo, zone: ZoneInfo, on_person: object,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("interviewBox")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.setSpacing(4)
        self.title = plain_label(f"Round {interview.round} · "
                                 f"{FORMAT_LABELS.get(interview.format, interview.format)}", self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.time = set_muted(plain_label(_interview_time(interview, zone), self))
        self.time.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.time)
        form = FactsForm()
        set_value(form.add("Where", self), interview.location)
        layout.addLayout(form)
        people = QVBoxLayout()
        people.setSpacing(0)
        self.people: list[LinkButton] = []
        for person in interview.interviewers:
            link = LinkButton(person_line(person.name, person.title), self)
            link.setToolTip(tooltip([f"Open {person.name}"]))
            link.clicked.connect(lambda _=False, i=person.id: on_person(i))  # type: ignore[operator]
            self.people.append(link)
            people.addWidget(link)
        if not interview.interviewers:
            people.addWidget(set_muted(plain_label("No interviewers recorded", self)))
        form.addRow(set_muted(plain_label("Interviewers", self)), people)
        self.discussed = form.add("Discussed", self)
        set_value(self.discussed, interview.discussed, "Nothing noted yet")


def _interview_time(interview: InterviewInfo, zone: ZoneInfo) -> str:
    end = interview.end.astimezone(zone)
    text = f"{long_when(interview.start, zone)}–{end:%H:%M}"
    if interview.zone != zone.key:  # entered in another zone: say what the clock said there
        there = ZoneInfo(interview.zone)
        text += f" ({interview.start.astimezone(there):%H:%M} {interview.zone})"
    return text


class ApplicationDetailView(QWidget):
    """Everything about one application; the page does the reading and writing."""

    openContact = Signal(int)
    openCompany = Signal(int)
    openAction = Signal(int)
    editRequested = Signal(int)
    addInterviewRequested = Signal(int)
    statusChangeRequested = Signal(int, object, str)  # id, ApplicationStatus, note

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: ApplicationDetail | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 16)
        layout.setSpacing(6)
        layout.addLayout(self._make_header())
        layout.addWidget(separator(self))
        self.facts = FactsForm()
        self.posting = url_field(self)
        self.posting.setAccessibleName("Posting URL")
        self.facts.addRow(set_muted(plain_label("Posting", self)), self.posting)
        self.decision = self.facts.add("Decision", self)
        self.second_round = self.facts.add("Second round", self)
        self.notes = self.facts.add("Notes", self)
        self._make_status_row()
        layout.addLayout(self.facts)
        self.interviews_title = section_label("Interviews", self)
        layout.addWidget(self.interviews_title)
        self.interviews = QVBoxLayout()
        self.interviews.setSpacing(8)
        layout.addLayout(self.interviews)
        self.plan_title = section_label("Plan", self)
        layout.addWidget(self.plan_title)
        self.plan = CardList("Plan", "Nothing planned: follow-ups appear once an interview "
                             "is recorded.", self)
        self.plan.cardActivated.connect(self.openAction)
        layout.addWidget(self.plan)
        layout.addWidget(section_label("History", self))
        self.history = CardList("History", "No history yet.", self)
        layout.addWidget(self.history)
        layout.addStretch(1)

    def _make_header(self) -> QVBoxLayout:
        """Company and the editing buttons on top, then the position, then its status."""
        self.company_line = LinkButton("", self)  # opens the company's panel
        self.company_line.setFont(scaled_font(self.company_line.font(), 1.0, bold=True))
        self.company_line.setToolTip("Open the company")
        self.company_line.clicked.connect(
            lambda: self.detail is not None and self.openCompany.emit(self.detail.company_id))
        self.title = title_label("", self)
        self.title.setAccessibleName("Position")
        self.status_badge = Badge(self)
        self.since = set_muted(plain_label("", self))
        self.edit_button = QPushButton("Edit…", self)
        self.edit_button.setAccessibleName("Edit application")
        self.edit_button.setToolTip("Edit this application")
        self.edit_button.clicked.connect(self._emit(self.editRequested))
        self.interview_button = QPushButton("Add interview…", self)
        self.interview_button.setAccessibleName("Add interview")
        self.interview_button.setToolTip("Record an interview; its follow-ups are planned at once")
        self.interview_button.clicked.connect(self._emit(self.addInterviewRequested))
        # The buttons stay beside the company, or go below it when the pane is narrow.
        buttons = QWidget(self)
        pair = QHBoxLayout(buttons)
        pair.setContentsMargins(0, 0, 0, 0)
        pair.addWidget(self.edit_button)
        pair.addWidget(self.interview_button)
        top = FlowRow(spacing=6, stretch_first=True)
        top.addWidget(self.company_line)
        top.addWidget(buttons)
        badges = QHBoxLayout()
        badges.addWidget(self.status_badge)
        badges.addWidget(self.since, 1)
        header = QVBoxLayout()
        header.setSpacing(4)
        header.addLayout(top)
        header.addWidget(self.title)
        header.addLayout(badges)
        return header

    def _make_status_row(self) -> None:
        """Status: [new status] [note] [Change status], with a hint and any error below."""
        self.status_combo = QComboBox(self)
        self.status_combo.setAccessibleName("New status")
        for status in ApplicationStatus:
            self.status_combo.addItem(STATUS_LABELS[status], status)
        self.status_note = QLineEdit(self)
        self.status_note.setPlaceholderText("Note (optional)")
        self.status_note.setToolTip("Say why, or who told you")
        self.status_note.setAccessibleName("Status change note")
        self.status_note.setClearButtonEnabled(True)
        self.status_note.returnPressed.connect(self._request_status_change)
        self.status_button = QPushButton("Change status", self)
        self.status_button.setAccessibleName("Change status")
        self.status_button.clicked.connect(self._request_status_change)
        self.status_combo.currentIndexChanged.connect(self._update_status_controls)
        self.status_hint = set_muted(plain_label("", self))
        self.status_hint.setWordWrap(True)
        self.status_error = plain_label("", self)
        self.status_error.setWordWrap(True)
        set_error_style(self.status_error)
        row = QHBoxLayout()
        row.addWidget(self.status_combo)
        row.addWidget(self.status_note, 1)
        commit = QHBoxLayout()
        commit.addWidget(self.status_hint, 1)
        commit.addWidget(self.status_button, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setSpacing(4)
        column.addLayout(row)
        column.addLayout(commit)
        column.addWidget(self.status_error)
        label = set_muted(plain_label("Status", self))
        label.setBuddy(self.status_combo)
        self.facts.addRow(label, column)

    def _emit(self, signal: Signal) -> object:
        return lambda: self.detail is not None and signal.emit(self.detail.id)

    # -- showing

    def show_detail(self, detail: ApplicationDetail, zone: ZoneInfo, now: datetime) -> None:
        same = self.detail is not None and self.detail.id == detail.id
        self.detail = detail
        self.title.setText(detail.position)
        self.status_badge.set_state(STATUS_LABELS[detail.status],
                                    positive=not detail.status.is_closed)
        latest = detail.status_changes[0] if detail.status_changes else None
        self.since.setText(f"since {long_day(latest.at, zone)}" if latest else "")
        self.company_line.set_data_text(detail.company)
        self.posting.setText(detail.posting_url)
        self.posting.setCursorPosition(0)
        self.posting.setToolTip(tooltip([detail.posting_url]))
        self.posting.setPlaceholderText("No posting saved")
        set_value(self.decision, long_date(detail.decision_date) if detail.decision_date
                  else "Not known yet: the first follow-up asks when they will decide")
        set_value(self.second_round, {True: "Expected", False: "Not expected",
                                      None: "Not known yet"}[detail.second_round_expected])
        set_value(self.notes, detail.notes)
        self.notes.setVisible(bool(detail.notes))
        self.facts.labelForField(self.notes).setVisible(bool(detail.notes))
        self._show_interviews(detail, zone)
        pending = detail.pending_count
        self.plan_title.setText(f"Plan · {pending} pending" if pending else "Plan")
        self.plan.set_cards([self._plan_card(item, zone, now) for item in detail.plan])
        self.history.set_cards([self._history_card(event, zone) for event in detail.history])
        if not same:
            self.status_note.clear()
            self.status_error.clear()
        self.status_combo.setCurrentIndex(self.status_combo.findData(detail.status))
        self._update_status_controls()

    def _show_interviews(self, detail: ApplicationDetail, zone: ZoneInfo) -> None:
        while self.interviews.count():
            widget = self.interviews.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        count = len(detail.interviews)
        self.interviews_title.setText(f"Interviews · {count}" if count else "Interviews")
        for interview in detail.interviews:
            self.interviews.addWidget(InterviewBox(interview, zone, self.openContact.emit, self))
        if not detail.interviews:
            empty = set_muted(plain_label("No interviews yet. After one, choose “Add "
                                          "interview…” and the follow-ups are planned.", self))
            empty.setWordWrap(True)
            self.interviews.addWidget(empty)

    def interview_boxes(self) -> list[InterviewBox]:
        return [w for i in range(self.interviews.count())
                if isinstance(w := self.interviews.itemAt(i).widget(), InterviewBox)]

    def _plan_card(self, item: PlanItem, zone: ZoneInfo, now: datetime) -> Card:
        state = STATE_LABELS[item.state]
        if item.state.is_pending and item.due < now:
            state = "Overdue" if item.state == ActionState.PLANNED else f"{state}, overdue"
        channel = CHANNEL_LABELS.get(item.channel, item.channel)
        target = person_line(item.contact.name, item.contact.title) if item.contact \
            else "the company"
        return Card(item.id, item.kind.label, meta=when(item.due, zone),
                    subtitle=f"{state} · {channel} to {target}",
                    lines=(item.note,) if item.note else (), warnings=item.warnings,
                    color=KIND_COLORS.get(item.kind.value), dimmed=not item.state.is_pending)

    def _history_card(self, event: StatusEvent | TouchEvent, zone: ZoneInfo) -> Card:
        palette = self.palette()
        if isinstance(event, StatusEvent):
            title = f"{STATUS_LABELS[event.old]} → {STATUS_LABELS[event.new]}" if event.old \
                else f"Added as {STATUS_LABELS[event.new].lower()}"
            return Card(0, title, meta=when(event.at, zone), subtitle="Status change",
                        lines=(event.note,) if event.note else (),
                        color=muted_color(palette), kind="status")
        who = person_line(event.contact.name, event.contact.title) if event.contact \
            else "the company"
        return Card(event.id, CHANNEL_LABELS.get(event.channel, event.channel),
                    meta=when(event.at, zone), subtitle=f"To {who}",
                    lines=(event.summary,) if event.summary else (),
                    color=palette.color(QPalette.ColorRole.Highlight), kind="touch")

    # -- status change

    def _chosen_status(self) -> ApplicationStatus:
        return ApplicationStatus(self.status_combo.currentData())

    def _update_status_controls(self) -> None:
        detail = self.detail
        if detail is None:
            return
        chosen = self._chosen_status()
        self.status_button.setEnabled(chosen != detail.status)
        hint = ""
        if chosen != detail.status and chosen.is_closed and detail.pending_count:
            count = detail.pending_count
            hint = (f"{STATUS_LABELS[chosen]} ends the follow-ups: {count} pending "
                    f"action{'s' if count != 1 else ''} will be cancelled. The history is kept.")
        elif chosen != detail.status and detail.status.is_closed and not chosen.is_closed:
            hint = "Re-opening plans the follow-ups again."
        self.status_hint.setText(hint)
        self.status_error.setVisible(bool(self.status_error.text()))

    def _request_status_change(self) -> None:
        if self.detail is not None and self._chosen_status() != self.detail.status:
            self.statusChangeRequested.emit(self.detail.id, self._chosen_status(),
                                            self.status_note.text())

    def show_status_error(self, message: str) -> None:
        self.status_error.setText(message)
        self.status_error.setVisible(bool(message))

    def status_saved(self) -> None:
        self.status_note.clear()
        self.show_status_error("")


class ApplicationsPage(QWidget):
    openCompany = Signal(int)
    openContact = Signal(int)
    openAction = Signal(int)
    dataChanged = Signal()
    editApplicationRequested = Signal(int)
    addInterviewRequested = Signal(int)

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._loaded = False
        self._reveal_pending = False
        self._current_id: int | None = None  # the application in the detail pane
        self._zone = ZoneInfo("UTC")
        self._list_loader = Loader(backend, self)
        self._list_loader.failed.connect(self._list_failed)
        self._detail_loader = Loader(backend, self)
        self._detail_loader.failed.connect(self._detail_failed)
        self.model = ApplicationsModel(self)
        self.proxy = ApplicationsFilter(self)
        self.proxy.setSourceModel(self.model)
        layout = QVBoxLayout(self)
        layout.addLayout(self._make_heading())
        layout.addLayout(self._make_filters())
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._make_table_side())
        splitter.addWidget(self._make_detail_side())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter
        self._sized = False
        layout.addWidget(splitter, 1)

    # -- building

    def _make_heading(self) -> QHBoxLayout:
        self.heading = plain_label("Applications", self)
        set_heading_style(self.heading)
        self.heading.setObjectName("pageHeading")
        self.summary = set_muted(plain_label("", self))
        row = QHBoxLayout()
        row.addWidget(self.heading)
        row.addStretch()
        row.addWidget(self.summary)
        return row

    def _make_filters(self) -> QHBoxLayout:
        self.strip = StatusStrip(self)
        self.strip.statusChosen.connect(self._filter_status)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter by company or position")
        self.filter_edit.setAccessibleName("Filter applications")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setFixedWidth(  # the whole hint shows, and the clear button
            self.filter_edit.fontMetrics().horizontalAdvance(self.filter_edit.placeholderText())
            + 48)
        self.filter_edit.textChanged.connect(self._filter_text)
        row = QHBoxLayout()
        row.addWidget(self.strip)
        row.addStretch()
        row.addWidget(self.filter_edit)
        return row

    def _make_table_side(self) -> QWidget:
        # A table view, not a tree: it asks the model about visible rows only, which keeps
        # 20,000 applications instant (a tree view lays out every row after each change).
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setAccessibleName("Applications")
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setCornerButtonEnabled(False)
        self.view.setAlternatingRowColors(True)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.view.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(DUE, Qt.SortOrder.AscendingOrder)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(False)
        metrics = self.view.fontMetrics()
        # Company and position share what the fixed columns leave; the user may resize all.
        widths = {STATUS: metrics.horizontalAdvance("Interviewing") + 18,
                  CHANGED: metrics.horizontalAdvance("26 Nov 2026") + 16,
                  DUE: QFontMetrics(scaled_font(self.view.font(), 1.0, bold=True))
                  .horizontalAdvance("Wed 25 Nov, 15:00") + 16}
        for column, width in widths.items():
            header.resizeSection(column, width)
        self._fixed_widths = widths
        for column in STRETCHED:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(metrics.horizontalAdvance("Interviewing") + 18)
        self._stretch_minimum = metrics.horizontalAdvance("Thank-you · Am") + 30
        self.view.viewport().installEventFilter(self)
        self.table_empty = set_muted(plain_label("", self))
        self.table_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table_empty.setWordWrap(True)
        self.table_stack = QStackedWidget(self)
        self.table_stack.addWidget(self.view)
        self.table_stack.addWidget(self.table_empty)
        return self.table_stack

    def _make_detail_side(self) -> QWidget:
        self.detail = ApplicationDetailView(self)
        self.detail.openContact.connect(self.openContact)
        self.detail.openCompany.connect(self.openCompany)
        self.detail.openAction.connect(self.openAction)
        self.detail.editRequested.connect(self.editApplicationRequested)
        self.detail.addInterviewRequested.connect(self.addInterviewRequested)
        self.detail.statusChangeRequested.connect(self._change_status)
        self.detail_scroll = scroll_area(self.detail, self)
        self.detail_empty = set_muted(plain_label(DETAIL_HINT, self))
        self.detail_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_empty.setWordWrap(True)
        self.detail_stack = QStackedWidget(self)
        self.detail_stack.addWidget(self.detail_empty)
        self.detail_stack.addWidget(self.detail_scroll)
        self._fit_detail_width()
        return self.detail_stack

    def _fit_detail_width(self) -> None:
        """The pane is kept wide enough for what it shows (an interviewer's name and title,
        the status row), so it scrolls down, never sideways; the table gives way."""
        need = self.detail.minimumSizeHint().width() \
            + self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent) + 4
        if need > self.detail_stack.minimumWidth():
            self.detail_stack.setMinimumWidth(need)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """The columns fit the table's width, never scrolling sideways: company, position and
        next action share what the fixed columns leave; when that is too little the least
        needed columns (since, status, then position) are left out until it is enough."""
        header = self.view.horizontalHeader()
        room = self.view.viewport().width()
        shown = set(range(header.count()))
        for column in DROPPED_FIRST:
            need = sum(width for c, width in self._fixed_widths.items() if c in shown)
            need += self._stretch_minimum * len(shown & set(STRETCHED))
            if need <= room:
                break
            shown.discard(column)
        for column in DROPPED_FIRST:
            header.setSectionHidden(column, column not in shown)

    # -- loading

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:  # the table gets the larger share; the user may drag it
            self._sized = True
            width = self.splitter.width()
            detail = max(min(width * 9 // 20, DETAIL_WIDTH), self.detail_stack.minimumWidth())
            self.splitter.setSizes([width - detail, detail])
        if not self._loaded and not self._list_loader.busy:
            self.refresh()

    def refresh(self) -> None:
        """Reload the pipeline and the application shown (the main window calls this after
        any change)."""
        backend = self._backend
        self._list_loader.load(lambda: (pipeline.pipeline(backend), backend.rules().zone),
                               self._apply_pipeline)
        if self._current_id is not None:
            self._load_detail(self._current_id)

    def show_application(self, application_id: int) -> None:
        """Select and show one application (the due list and the calendar open it here)."""
        self._current_id = application_id
        self._load_detail(application_id)
        if self._loaded:
            self._select(application_id, reveal=True)
        else:
            self._reveal_pending = True  # when the list arrives

    def _apply_pipeline(self, result: tuple[Pipeline, ZoneInfo]) -> None:
        data, self._zone = result
        self._loaded = True
        self.model.set_pipeline(data, self._zone, self._backend.clock.now())
        self.strip.set_counts(data.counts, data.total)
        active = data.total - sum(data.counts[s] for s in ApplicationStatus if s.is_closed)
        self.summary.setText(f"{counted(data.total, 'application')} · {active} in progress"
                             if data.total else "")
        if self._current_id is not None and self.model.row_of(self._current_id) >= 0:
            # After a refresh the user's filter stays, even if the application left it.
            self._select(self._current_id, reveal=self._reveal_pending)
        elif self.proxy.rowCount() > 0:
            self.view.setCurrentIndex(self.proxy.index(0, 0))
        else:
            self._current_id = None
            self.detail_stack.setCurrentWidget(self.detail_empty)
        self._reveal_pending = False
        self._update_empty_state()

    def _load_detail(self, application_id: int) -> None:
        backend = self._backend
        self._detail_loader.load(
            lambda: (pipeline.application_detail(backend, application_id), backend.rules().zone),
            self._apply_detail)

    def _apply_detail(self, result: tuple[ApplicationDetail, ZoneInfo]) -> None:
        detail, zone = result
        if detail.id != self._current_id:
            return
        self.detail.show_detail(detail, zone, self._backend.clock.now())
        self.detail_stack.setCurrentWidget(self.detail_scroll)
        self._fit_detail_width()
        self.detail_empty.setText(DETAIL_HINT)  # drop an earlier error

    def _list_failed(self, message: str) -> None:
        self.table_empty.setText(f"The applications could not be read: {message}")
        self.table_stack.setCurrentWidget(self.table_empty)

    def _detail_failed(self, message: str) -> None:
        self.detail_empty.setText(message)
        self.detail_stack.setCurrentWidget(self.detail_empty)

    # -- selection and filters

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        application_id = int(current.data(ID_ROLE))
        if application_id != self._current_id or \
                self.detail_stack.currentWidget() is not self.detail_scroll:
            self._current_id = application_id
            self._load_detail(application_id)

    def _select(self, application_id: int, reveal: bool = False) -> None:
        source_row = self.model.row_of(application_id)
        if source_row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid() and reveal:  # hidden by a filter: show everything instead
            self.filter_edit.clear()
            self._filter_status(None)
            index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if index.isValid():
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.view.scrollTo(index)

    def _filter_status(self, status: ApplicationStatus | None) -> None:
        self.strip.set_status(status)
        self.proxy.set_status(status)
        self._after_filter()

    def _filter_text(self, text: str) -> None:
        self.proxy.set_text(text)
        self._after_filter()

    def _after_filter(self) -> None:
        current = self.view.currentIndex()
        if not current.isValid() and self.proxy.rowCount() > 0:
            self.view.setCurrentIndex(self.proxy.index(0, 0))
        self._update_empty_state()

    def _update_empty_state(self) -> None:
        if self.proxy.rowCount() > 0:
            self.table_stack.setCurrentWidget(self.view)
            return
        if self.model.rowCount() == 0:
            text = ("No applications yet. Add one with File › New application, or load the "
                    "sample data to look around.")
        elif self.proxy.status is not None and not self.filter_edit.text().strip():
            text = f"No {STATUS_LABELS[self.proxy.status].lower()} applications."
        else:
            text = "No application matches this filter."
        self.table_empty.setText(text)
        self.table_stack.setCurrentWidget(self.table_empty)

    # -- writing

    def _change_status(self, application_id: int, status: ApplicationStatus, note: str) -> None:
        """A small write on the GUI thread: record the change (the service cancels or revives
        the plan), then let every page reload."""
        try:
            records.set_status(self._backend, application_id, status, note)
        except (UserError, ValidationError) as error:
            self.detail.show_status_error(str(error))
            return
        self.detail.status_saved()
        self.dataChanged.emit()
        self.refresh()

    def current_application_id(self) -> int | None:
        """The application the detail pane shows, if it shows one."""
        detail = self.detail.detail
        if detail is None or self.detail_stack.currentWidget() is not self.detail_scroll:
            return None
        return detail.id

    def visible_ids(self) -> list[int]:
        """The applications the table shows, top to bottom (for tests and the window)."""
        return [int(self.proxy.index(row, 0).data(ID_ROLE))
                for row in range(self.proxy.rowCount())]

