"""Confirming an invitation import: what each invitation would do, the company proposed for it
(to confirm or correct), and, the first time, which attendee is you."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.services.exchange.invitations import applying, proposing
from followup_desktop.services.exchange.invitations.proposal import Choice, ImportResult, Proposal
from followup_desktop.services.views.forms import company_choices
from followup_desktop.ui.dialogs.past_question import ask_about_past, show_status
from followup_desktop.ui.widgets.common import plain_label, tooltip

if TYPE_CHECKING:
    from followup_desktop.services.backend import Backend
    from followup_desktop.ui.window.port import DataWindow

ACTIONS = {"create": "New interview", "update": "Update", "cancel": "Cancel the interview",
           "unchanged": "Already imported", "outdated": "Older than what you have",
           "skip": "Skipped"}
WRITES = ("create", "update", "cancel")


class InvitationDialog(QDialog):
    def __init__(self, backend: Backend, path: Path, proposals: list[Proposal],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backend, self.proposals = backend, proposals
        self.setWindowTitle(f"Import {path.name}")
        self.resize(900, 420)
        self._companies = [(c.id, c.text) for c in company_choices(backend)]
        self.me_boxes: list[QCheckBox] = []
        layout = QVBoxLayout(self)
        if any(p.needs_own_addresses for p in proposals):
            layout.addWidget(self._who_are_you())
        self.table = self._table()
        layout.addWidget(self.table, 1)
        notes = [note for p in proposals for note in p.notes]
        if notes:
            text = plain_label("\n".join(dict.fromkeys(notes)), self)
            text.setWordWrap(True)
            layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(any(p.action in WRITES for p in proposals))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _who_are_you(self) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.addWidget(plain_label("Which of these addresses are yours? You are never added "
                                     "as a contact or thanked. (Asked once; Preferences has "
                                     "the list.)", box))
        addresses: dict[str, str] = {}  # one box per address, whatever its capitals
        for person in (person for p in self.proposals for person in p.people):
            addresses.setdefault(person.email.casefold(), person.email)
        for address in addresses.values():
            check = QCheckBox(address, box)
            self.me_boxes.append(check)
            column.addWidget(check)
        return box

    def _table(self) -> QTableWidget:
        headers = ["Invitation", "When", "What happens", "Company", "Position"]
        table = QTableWidget(len(self.proposals), len(headers), self)
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        zone = self._backend.rules().zone
        self.company_boxes: dict[str, QComboBox] = {}
        for row, proposal in enumerate(self.proposals):
            invitation = proposal.invitation
            when = invitation.start.astimezone(zone).strftime("%a %d %b %Y, %H:%M")
            what = ACTIONS.get(proposal.action, proposal.action)
            if proposal.reason:
                what += f" ({proposal.reason})"
            for column, text in enumerate((invitation.summary, when, what)):
                table.setItem(row, column, _cell(text))
            if proposal.action == "create":
                table.setCellWidget(row, 3, self._company_box(proposal))
            else:
                table.setItem(row, 3, _cell(proposal.company_name))
            table.setItem(row, 4, _cell(proposal.position))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        return table

    def _company_box(self, proposal: Proposal) -> QComboBox:
        box = QComboBox(self)
        box.setEditable(True)
        box.setAccessibleName("Company")
        box.addItem(proposal.company_name, proposal.existing_company_id)
        for company_id, name in self._companies:
            if company_id != proposal.existing_company_id:
                box.addItem(name, company_id)
        self.company_boxes[proposal.invitation.uid] = box
        return box

    def own_addresses(self) -> list[str]:
        return [box.text() for box in self.me_boxes if box.isChecked()]

    def choices(self) -> dict[str, Choice]:
        """The companies the user picked or typed where they differ from the proposal."""
        chosen: dict[str, Choice] = {}
        for proposal in self.proposals:
            box = self.company_boxes.get(proposal.invitation.uid)
            if box is None:
                continue
            text = box.currentText().strip()
            index = box.findText(text, Qt.MatchFlag.MatchExactly)
            company_id = box.itemData(index) if index >= 0 else None
            if company_id is not None and company_id != proposal.existing_company_id:
                chosen[proposal.invitation.uid] = Choice(company_id=company_id)
            elif company_id is None and text and text != proposal.company_name:
                chosen[proposal.invitation.uid] = Choice(company_name=text)
        return chosen


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    item.setToolTip(tooltip([text]))  # .ics text: escaped, never read as HTML
    return item


def confirm_and_apply(window: DataWindow, backend: Backend, path: Path,
                      proposals: list[Proposal]) -> None:
    from followup_desktop.ui.background.progress import import_failed, run_with_progress

    dialog = InvitationDialog(backend, path, proposals, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    own, choices = dialog.own_addresses(), dialog.choices()
    if own:  # the panels change once the user is known: propose again
        try:
            proposals = proposing.propose(backend, [p.invitation for p in proposals], own)
        except ValueError as error:
            import_failed(window, path, str(error))
            return

    def done(result: ImportResult) -> None:
        line = f"{path.name}: {result.describe()}."
        window.statusBar().showMessage(line, 10_000)
        window.refresh_all()
        # An interview imported days after it ended: was it already thanked for? (Asked once,
        # for the interviews this import added.)
        ask_about_past(window, backend, result.created_ids,
                       lambda said, wrote: show_status(window, f"{line} {said}", wrote))

    run_with_progress(window, backend, f"Importing {path.name}…",
                      lambda: applying.apply(backend, proposals, choices), done,
                      cancellable=False,
                      failed=lambda message: import_failed(window, path, message))
