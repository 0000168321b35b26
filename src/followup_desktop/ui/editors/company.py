"""Creating and changing a company: how to reach it and which channel suits it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QWidget

from followup_desktop.domain import fields
from followup_desktop.domain.fields import CHANNEL_LABELS
from followup_desktop.domain.model import Channel
from followup_desktop.services import records
from followup_desktop.services.backend import Backend
from followup_desktop.services.changes import Changed
from followup_desktop.services.views import forms
from followup_desktop.services.views.forms import CompanyRecord
from followup_desktop.ui.editors.base import (
    EditorDialog,
    ValueCombo,
    combo,
    plain_text_edit,
)

NO_PREFERENCE = "No preference"


def channel_combo(parent: QWidget, name: str, none_text: str = NO_PREFERENCE) -> ValueCombo:
    items = [(none_text, None)] + [(CHANNEL_LABELS[c.value], c) for c in Channel]
    return combo(parent, name, items)


class CompanyEditor(EditorDialog):
    changes = Changed.PEOPLE

    def __init__(self, backend: Backend, company_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(backend, "Edit company" if company_id else "New company", parent)
        self._company_id = company_id
        self.name = QLineEdit(self)
        self.website = QLineEdit(self)
        self.website.setPlaceholderText("https://")
        self.channel = channel_combo(self, "Preferred channel")
        self.address = plain_text_edit(self, "Postal address", "Street\nPostcode and town\n"
                                       "Country", lines=3)
        self.reach = plain_text_edit(self, "How to reach them", "Who answers e-mail, when to "
                                     "call, what the atmosphere is like…", lines=4)
        company = self.section("Company")
        self.add_field(company, "name", "&Name", self.name, self._check_name,
                       where=("company name",))
        self.add_field(company, "website", "&Website", self.website,
                       lambda: fields.WEBSITE.check(self.website.text()))
        reach = self.section("Reaching them")
        self.add_field(reach, "channel", "Preferred &channel", self.channel,
                       where=("preferred channel",))
        self.add_field(reach, "address", "Postal &address", self.address,
                       lambda: fields.POSTAL_ADDRESS.check(self.address.toPlainText()),
                       where=("postal address",))
        self.add_field(reach, "reach", "How to &reach them", self.reach,
                       lambda: fields.REACH_NOTES.check(self.reach.toPlainText()),
                       where=("how to reach them",))
        self.watch("name", self.name.textEdited)
        self.watch("website", self.website.textEdited)
        self.watch("address", self.address.textChanged)
        self.watch("reach", self.reach.textChanged)
        self.resize(520, self.sizeHint().height())
        if company_id is None:
            self.nothing_to_load()
        else:
            self.load(lambda: forms.load_company(backend, company_id), self._apply)

    def _check_name(self) -> None:
        fields.COMPANY_NAME.check(self.name.text())

    def _apply(self, record: CompanyRecord) -> None:
        self.name.setText(record.name)
        self.website.setText(record.website)
        self.channel.set_value(record.preferred_channel)
        self.address.setPlainText(record.postal_address)
        self.reach.setPlainText(record.reach_notes)

    def _change(self) -> Callable[[], object]:
        values = {
            "website": self.website.text().strip(),
            "postal_address": self.address.toPlainText().strip(),
            "preferred_channel": self.channel.value(),
            "reach_notes": self.reach.toPlainText().strip(),
        }
        name, backend, company_id = self.name.text().strip(), self._backend, self._company_id
        if company_id is None:
            return lambda: records.add_company(backend, name, **values)

        def update() -> int:
            records.update_company(backend, company_id, name, **values)
            return company_id
        return update
