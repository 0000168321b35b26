"""Creating and changing an application; a company can be picked or typed in as a new one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from followup_desktop.domain import fields
from followup_desktop.domain import validation as check
from followup_desktop.domain.fields import STATUS_LABELS
from followup_desktop.services import records
from followup_desktop.services.backend import Backend
from followup_desktop.services.changes import Changed
from followup_desktop.services.views import forms
from followup_desktop.services.views.forms import ApplicationForm
from followup_desktop.ui.editors.base import (
    EditorDialog,
    combo,
    date_edit,
    expanding,
    plain_text_edit,
    to_qdate,
)
from followup_desktop.ui.editors.models import ChoiceListModel
from followup_desktop.ui.widgets.common import hint_label, plain_label

YES_NO_UNKNOWN = [("Don't know", None), ("Yes", True), ("No", False)]


def searchable_combo(parent: QWidget, name: str, model: ChoiceListModel) -> QComboBox:
    """An editable combo box over `model` whose completer finds entries by any part."""
    box = QComboBox(parent)
    expanding(box)
    box.setAccessibleName(name)
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.setModel(model)
    completer = QCompleter(model, box)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    box.setCompleter(completer)
    return box


class DecisionDateEdit(QWidget):
    """An optional date: a "Known" check box and the date it enables."""

    def __init__(self, parent: QWidget | None = None, label: str = "&Known") -> None:
        super().__init__(parent)
        self.known = QCheckBox(label, self)
        self.known.setAccessibleName("Decision date known")
        self.date = date_edit(self, "Decision date")
        self.date.setEnabled(False)
        self.known.toggled.connect(self.date.setEnabled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.known)
        row.addWidget(self.date, 1)
        self.setFocusProxy(self.known)

    def set_value(self, day: object, fallback: QDate) -> None:
        self.known.setChecked(day is not None)
        self.date.setDate(to_qdate(day) if day is not None else fallback)

    def value(self) -> object:
        return self.date.date().toPython() if self.known.isChecked() else None


class ApplicationEditor(EditorDialog):
    changes = Changed.APPLICATIONS | Changed.PEOPLE | Changed.PLAN

    def __init__(self, backend: Backend, application_id: int | None = None,
                 company_id: int | None = None, parent: QWidget | None = None) -> None:
        title = "Edit application" if application_id else "New application"
        super().__init__(backend, title, parent)
        self._application_id = application_id
        self._preset_company = company_id
        self.companies = ChoiceListModel(parent=self)
        self.company = searchable_combo(self, "Company", self.companies)
        self.company.lineEdit().setPlaceholderText("Pick a company or type a new name")
        self.new_company = hint_label("", self)
        self.new_company.hide()
        self.position = QLineEdit(self)
        self.position.setPlaceholderText("e.g. Senior Data Analyst")
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("https://")
        self.status = combo(self, "Status", [(t, s) for s, t in STATUS_LABELS.items()])
        self.status_text = plain_label("", self)
        self.decision = DecisionDateEdit(self)
        self.second_round = combo(self, "Second round expected", YES_NO_UNKNOWN)
        self.notes = plain_text_edit(self, "Notes", "Referral, salary range, anything worth "
                                     "remembering…", lines=3)
        self._build()
        self.resize(540, self.sizeHint().height())
        self.load(lambda: forms.application_form(backend, application_id), self._apply)

    def _build(self) -> None:
        job = self.section("Job")
        self.add_field(job, "company", "&Company", self.company, self._check_company,
                       where=("company name", "company"))
        job.addRow("", self.new_company)
        self.add_field(job, "position", "&Position", self.position,
                       lambda: fields.POSITION.check(self.position.text()))
        self.add_field(job, "url", "Posting &URL", self.url,
                       lambda: fields.POSTING_URL.check(self.url.text()),
                       where=("posting URL",))
        if self._application_id is None:
            self.add_field(job, "status", "&Status", self.status)
        else:
            self.status_text.setAccessibleName("Status")
            job.addRow("Status:", self.status_text)
        outlook = self.section("Outlook")
        self.add_field(outlook, "decision", "&Decision date", self.decision,
                       lambda: check.day(self.decision.value(), "decision date"))
        self.add_field(outlook, "second_round", "Second &round", self.second_round,
                       where=("second round",))
        self.add_field(outlook, "notes", "&Notes", self.notes,
                       lambda: fields.NOTES.check(self.notes.toPlainText()))
        self.company.editTextChanged.connect(self._company_typed)
        self.watch("position", self.position.textEdited)
        self.watch("url", self.url.textEdited)
        self.watch("notes", self.notes.textChanged)

    def _check_company(self) -> None:
        if self.company_choice() is None:
            fields.COMPANY_NAME.check(self.company.currentText())

    def company_choice(self) -> int | None:
        """The id of the company named in the box, or None for a new one."""
        return self.companies.find_text(self.company.currentText())

    def _company_typed(self, text: str) -> None:
        name = text.strip()
        is_new = bool(name) and self.companies.find_text(name) is None
        self.new_company.setText(f"New company: “{name}” will be added." if is_new else "")
        self.new_company.setVisible(is_new)
        if self.is_loaded:
            self._touched("company")

    def _apply(self, form: ApplicationForm) -> None:
        self.companies.set_choices(form.companies)
        today = self._backend.clock.now().astimezone(self._backend.rules().zone).date()
        fallback = to_qdate(today).addDays(14)
        company = self._preset_company
        if form.record is None:
            self.decision.set_value(None, fallback)
        else:
            record = form.record
            company = record.company_id
            self.position.setText(record.position)
            self.url.setText(record.posting_url)
            self.status_text.setText(STATUS_LABELS[record.status]
                                     + " (change it on the Applications page)")
            self.decision.set_value(record.decision_date, fallback)
            self.second_round.set_value(record.second_round_expected)
            self.notes.setPlainText(record.notes)
        row = self.companies.row_of(company)
        self.company.setCurrentIndex(row)
        if row < 0:
            self.company.setEditText("")

    def _change(self) -> Callable[[], object]:
        chosen = self.company_choice()
        company: int | str = self.company.currentText().strip() if chosen is None else chosen
        values = {
            "posting_url": self.url.text().strip(),
            "decision_date": self.decision.value(),
            "second_round_expected": self.second_round.value(),
            "notes": self.notes.toPlainText().strip(),
        }
        position, backend, application_id = (self.position.text().strip(), self._backend,
                                             self._application_id)
        if application_id is None:
            status = self.status.value()
            return lambda: records.add_application(backend, company, position, status=status,
                                                   **values)

        def update() -> int:
            records.update_application(backend, application_id, company, position, **values)
            return application_id
        return update
