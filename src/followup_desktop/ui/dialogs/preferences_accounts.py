"""The servers the app talks to, in Preferences: each with one line on what is set up and a
button that opens its own dialog. Their settings are never among the other preferences: an
account is saved by its dialog, at once, not by Preferences' OK."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from followup_desktop.ui.widgets.common import plain_label
from followup_desktop.ui.widgets.detail_parts import set_muted


@dataclass(frozen=True)
class AccountEntry:
    """`describe` says what is set up (None: nothing yet); `edit` runs the account's dialog."""

    name: str
    purpose: str
    describe: Callable[[], str | None]
    edit: Callable[[], None]


class AccountRow(QWidget):
    def __init__(self, entry: AccountEntry, parent: QWidget) -> None:
        super().__init__(parent)
        self._entry = entry
        self.state = plain_label("", self)
        self.state.setWordWrap(True)
        self.state.setAccessibleName(f"{entry.name} account")
        self.button = QPushButton(self)
        self.button.clicked.connect(self._edit)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.state, 1)
        row.addWidget(self.button)
        self.show_state()

    def show_state(self) -> None:
        described = self._entry.describe()
        self.state.setText(described or f"Not set up. {self._entry.purpose}")
        self.button.setText("Change…" if described else "Set up…")
        self.button.setAccessibleName(f"{self.button.text().rstrip('…')} {self._entry.name}")

    def _edit(self) -> None:
        self._entry.edit()
        self.show_state()


class AccountsGroup(QGroupBox):
    def __init__(self, entries: Sequence[AccountEntry], parent: QWidget) -> None:
        super().__init__("Your servers", parent)
        form = QFormLayout(self)
        self.rows = [AccountRow(entry, self) for entry in entries]
        for entry, row in zip(entries, self.rows, strict=True):
            form.addRow(entry.name, row)
        hint: QLabel = set_muted(plain_label(
            "The app contacts only the servers you name here. Passwords go to your desktop's "
            "keyring, never into the app's files.", self))
        hint.setWordWrap(True)
        form.addRow(hint)
