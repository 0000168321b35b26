"""Creating and changing a person: name and title (and whether they were checked), role,
company and how to reach them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QWidget

from followup_desktop.domain import fields
from followup_desktop.domain.fields import ROLE_LABELS
from followup_desktop.domain.model import Role
from followup_desktop.services import records
from followup_desktop.services.backend import Backend
from followup_desktop.services.changes import Changed
from followup_desktop.services.records import ContactDraft
from followup_desktop.services.views import forms
from followup_desktop.services.views.forms import ContactForm
from followup_desktop.ui.editors.base import (
    EditorDialog,
    combo,
    expanding,
    plain_text_edit,
)
from followup_desktop.ui.editors.models import ChoiceListModel


class ContactEditor(EditorDialog):
    changes = Changed.PEOPLE

    def __init__(self, backend: Backend, contact_id: int | None = None,
                 company_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(backend, "Edit contact" if contact_id else "New contact", parent)
        self._contact_id = contact_id
        self._preset_company = company_id
        self.name = QLineEdit(self)
        self.title = QLineEdit(self)
        self.title.setPlaceholderText("As they write it, e.g. Head of Data Science")
        self.role = combo(self, "Role", [(ROLE_LABELS[r.value], r) for r in Role])
        self.companies = ChoiceListModel("No company", self)
        self.company = expanding(QComboBox(self))
        self.company.setAccessibleName("Company")
        self.company.setModel(self.companies)
        self.name_verified = QCheckBox("&Name checked", self)
        self.title_verified = QCheckBox("&Title checked", self)
        self.source = QLineEdit(self)
        self.source.setPlaceholderText("LinkedIn profile, business card, company website…")
        self.email = QLineEdit(self)
        self.email.setPlaceholderText("name@example.com")
        self.phone = QLineEdit(self)
        self.address = plain_text_edit(self, "Postal address", "Street\nPostcode and town\n"
                                       "Country", lines=3)
        self.notes = plain_text_edit(self, "Notes", "What you talked about, what matters to "
                                     "them…", lines=3)
        self._build()
        self.resize(540, self.sizeHint().height())
        self.load(lambda: forms.contact_form(backend, contact_id), self._apply)

    def _build(self) -> None:
        person = self.section("Person")
        self.add_field(person, "name", "N&ame", self.name,
                       lambda: fields.CONTACT_NAME.check(self.name.text()),
                       where=("contact name",))
        self.add_field(person, "title", "T&itle", self.title,
                       lambda: fields.TITLE.check(self.title.text()))
        self.add_field(person, "role", "&Role", self.role)
        self.add_field(person, "company", "&Company", self.company)
        checked = QWidget(self)
        row = QHBoxLayout(checked)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.name_verified)
        row.addWidget(self.title_verified)
        row.addStretch(1)
        checked.setAccessibleName("Spelling checked")
        self.add_field(person, "verified", "Spelling", checked)
        self.add_field(person, "source", "Checked &from", self.source,
                       lambda: fields.VERIFIED_SOURCE.check(self.source.text()),
                       where=("verified from",))
        reach = self.section("Reaching them")
        self.add_field(reach, "email", "&E-mail", self.email,
                       lambda: fields.EMAIL.check(self.email.text().strip()))
        self.add_field(reach, "phone", "&Phone", self.phone,
                       lambda: fields.PHONE.check(self.phone.text()))
        self.add_field(reach, "address", "Postal a&ddress", self.address,
                       lambda: fields.POSTAL_ADDRESS.check(self.address.toPlainText()),
                       where=("postal address",))
        self.add_field(reach, "notes", "N&otes", self.notes,
                       lambda: fields.NOTES.check(self.notes.toPlainText()))
        for key, line in (("name", self.name), ("title", self.title), ("source", self.source),
                          ("email", self.email), ("phone", self.phone)):
            self.watch(key, line.textEdited)
        self.watch("address", self.address.textChanged)
        self.watch("notes", self.notes.textChanged)

    def _apply(self, form: ContactForm) -> None:
        self.companies.set_choices(form.companies)
        company = self._preset_company
        if form.record is not None:
            draft = form.record.draft
            company = form.record.company_id
            self.name.setText(draft.name)
            self.title.setText(draft.title)
            self.role.set_value(Role(draft.role))
            self.name_verified.setChecked(draft.name_verified)
            self.title_verified.setChecked(draft.title_verified)
            self.source.setText(draft.verified_source)
            self.email.setText(draft.email)
            self.phone.setText(draft.phone)
            self.address.setPlainText(draft.postal_address)
            self.notes.setPlainText(draft.notes)
        self.company.setCurrentIndex(max(0, self.companies.row_of(company)))

    def draft(self) -> ContactDraft:
        return ContactDraft(
            name=self.name.text().strip(), title=self.title.text().strip(),
            role=self.role.value(), email=self.email.text().strip(),
            phone=self.phone.text().strip(), postal_address=self.address.toPlainText().strip(),
            name_verified=self.name_verified.isChecked(),
            title_verified=self.title_verified.isChecked(),
            verified_source=self.source.text().strip(), notes=self.notes.toPlainText().strip())

    def _change(self) -> Callable[[], object]:
        company_id = self.companies.id_at(self.company.currentIndex())
        draft, backend, contact_id = self.draft(), self._backend, self._contact_id
        if contact_id is None:
            return lambda: records.add_contact(backend, company_id, draft)

        def update() -> int:
            records.update_contact(backend, contact_id, company_id, draft)
            return contact_id
        return update
