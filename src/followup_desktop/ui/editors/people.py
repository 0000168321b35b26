"""Who was on the interview panel: tick the people already known, add new ones inline."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain import fields
from followup_desktop.domain.fields import ROLE_LABELS
from followup_desktop.domain.model import Role
from followup_desktop.domain.validation import ValidationError
from followup_desktop.services.records import ContactDraft
from followup_desktop.services.views.forms import PersonChoice
from followup_desktop.ui.editors.base import (
    ValueCombo,
    combo,
    error_label,
    message_for,
    show_error,
)
from followup_desktop.ui.editors.models import PeopleCheckModel
from followup_desktop.ui.widgets.common import hint_label

SPELLING_HINT = "Check the spelling: a wrong name or title is worse than no note."
_LABELS = {field.where: field.label
           for field in (fields.CONTACT_NAME, fields.TITLE, fields.EMAIL, fields.PHONE)}
_LABELS["role"] = "Role"


class InterviewerPicker(QWidget):
    """A checkable list of people and an "Add interviewer" row under it.

    The row asks name, title, e-mail and phone; `detailed` adds the role (the interview
    editor). Enter in the row adds the person instead of closing the dialog.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, detailed: bool = True) -> None:
        super().__init__(parent)
        self.model = PeopleCheckModel(self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setUniformItemSizes(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAccessibleName("Interviewers")
        self.view.setAccessibleDescription("Tick everyone who interviewed you.")
        rows = 4.5 if detailed else 4
        self.view.setFixedHeight(int(self.view.fontMetrics().height() * 1.45 * rows) + 6)
        self.empty = hint_label("No one is recorded at this company yet: add your interviewers "
                                "below.", self)
        self.name = self._line("Name", "New interviewer's name")
        self.title = self._line("Title, e.g. Head of Data", "New interviewer's title")
        self.email = self._line("E-mail (optional)", "New interviewer's e-mail")
        self.phone = self._line("Phone (optional)", "New interviewer's phone")
        self.role: ValueCombo | None = None
        if detailed:
            self.role = combo(self, "New interviewer's role",
                              [(ROLE_LABELS[role.value], role) for role in Role])
        self.add_button = QPushButton("&Add interviewer", self)
        self.add_button.setAutoDefault(False)
        self.add_button.setAccessibleName("Add interviewer")
        self.add_button.clicked.connect(self.add)
        self.row_error = error_label(self)
        self.row_error.setAccessibleName("Problem with the new interviewer")
        self.notice = hint_label("", self)
        self.notice.hide()
        self.hint = hint_label(SPELLING_HINT, self)
        self._lay_out()
        self.model.modelReset.connect(self._update_empty)
        self.model.rowsInserted.connect(self._update_empty)
        self.model.dataChanged.connect(lambda *_: self.changed.emit())
        self._update_empty()

    def _line(self, placeholder: str, name: str) -> QLineEdit:
        line = QLineEdit(self)
        line.setPlaceholderText(placeholder)
        line.setAccessibleName(name)
        line.installEventFilter(self)
        line.textEdited.connect(lambda _: show_error(self.row_error, ""))
        return line

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.view)
        layout.addWidget(self.empty)
        row = QGridLayout()
        row.setHorizontalSpacing(6)
        row.addWidget(self.name, 0, 0)
        row.addWidget(self.title, 0, 1)
        row.addWidget(self.email, 1, 0)
        row.addWidget(self.phone, 1, 1)
        if self.role is not None:
            row.addWidget(self.role, 2, 0)
            row.addWidget(self.add_button, 2, 1, Qt.AlignmentFlag.AlignLeft)
        else:
            row.addWidget(self.add_button, 2, 0, Qt.AlignmentFlag.AlignLeft)
        row.setColumnStretch(0, 1)
        row.setColumnStretch(1, 1)
        layout.addLayout(row)
        layout.addWidget(self.row_error)
        layout.addWidget(self.notice)
        layout.addWidget(self.hint)

    def _update_empty(self, *_: object) -> None:
        self.empty.setVisible(self.model.rowCount() == 0)
        self.changed.emit()

    # -- what the dialog asks

    def set_people(self, people: tuple[PersonChoice, ...], checked: set[int]) -> None:
        self.model.set_people(people, checked)

    def checked_ids(self) -> tuple[int, ...]:
        return self.model.checked_ids()

    def new_drafts(self) -> tuple[ContactDraft, ...]:
        return self.model.new_drafts()

    def has_pending(self) -> bool:
        """Something typed into the row and not added yet."""
        lines = [self.name, self.title, self.email, self.phone]
        return any(line.text().strip() for line in lines)

    def commit_pending(self) -> bool:
        """Add what is typed into the row (people forget the Add button); False if it is
        not valid, with the reason shown under the row."""
        return self.add() if self.has_pending() else True

    def show_problem(self, text: str) -> None:
        show_error(self.row_error, text)
        self.name.setFocus()

    def add(self) -> bool:
        try:
            draft = self._draft()
        except ValidationError as error:
            label = _LABELS.get(error.where, error.where.capitalize())
            self.show_problem(message_for(error, label))
            return False
        show_error(self.row_error, "")
        row = self.model.check_existing(draft.name)
        if row is None:
            row = self.model.add_new(draft)
            self._say("")
        else:
            self._say(f"{draft.name.strip()} is already in the list: ticked.")
        self.view.scrollTo(self.model.index(row))
        for line in (self.name, self.title, self.email, self.phone):
            line.clear()
        self.name.setFocus()
        return True

    def _say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _draft(self) -> ContactDraft:
        name = fields.CONTACT_NAME.check(self.name.text().strip())
        title = fields.TITLE.check(self.title.text().strip())
        email = fields.EMAIL.check(self.email.text().strip())
        phone = fields.PHONE.check(self.phone.text().strip())
        role = self.role.value() if self.role else Role.INTERVIEWER
        return ContactDraft(name, title, role, email, phone)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.add()
            return True
        return super().eventFilter(watched, event)
