"""One application on one page, beside the table: its facts, status, interviews and
interviewers, plan and history."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from followup_desktop.domain.fields import CHANNEL_LABELS, STATE_LABELS, STATUS_LABELS
from followup_desktop.domain.model import ActionState, ApplicationStatus
from followup_desktop.services.views.pipeline import (
    ApplicationDetail,
    PlanItem,
    StatusEvent,
    TouchEvent,
)
from followup_desktop.ui.applications.interviews import InterviewBox
from followup_desktop.ui.widgets.cards import Card, CardList
from followup_desktop.ui.widgets.common import (
    KIND_COLORS,
    person_line,
    plain_label,
    set_error_style,
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
    muted_color,
    scaled_font,
    section_label,
    separator,
    set_muted,
    set_value,
    title_label,
    url_field,
)


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
        self.heard_back = self.facts.add("Heard back", self)
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
        self._show_heard_back(detail, zone)
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

    def _show_heard_back(self, detail: ApplicationDetail, zone: ZoneInfo) -> None:
        """From the mailbox (services/mail): the latest reply, and whether it waits for the
        user to say what it said (the decision call is held until then)."""
        shown = detail.replied_on is not None
        self.heard_back.setVisible(shown)
        self.facts.labelForField(self.heard_back).setVisible(shown)
        if detail.replied_on is None:
            return
        text = f"Replied on {long_day(detail.replied_on, zone)}"
        if detail.replies_waiting:
            text += " · waiting for you to say what it said (the decision call is held)"
        set_value(self.heard_back, text)

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
        title = CHANNEL_LABELS.get(event.channel, event.channel)
        if event.incoming:
            title += f": “{event.subject}”" if event.subject else " reply"
        lines = tuple(line for line in (event.summary,) if line)
        return Card(event.id, title, meta=when(event.at, zone),
                    subtitle=f"From {who}" if event.incoming else f"To {who}", lines=lines,
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
