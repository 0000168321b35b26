"""Item models for the editors' pick lists. All text is plain DisplayRole text."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from followup_desktop.domain.fields import ROLE_LABELS
from followup_desktop.domain.model import Role
from followup_desktop.services.records import ContactDraft
from followup_desktop.services.views.forms import Choice, PersonChoice
from followup_desktop.ui.widgets.common import person_line, tooltip

ID_ROLE = Qt.ItemDataRole.UserRole
Index = QModelIndex | QPersistentModelIndex


class ChoiceListModel(QAbstractListModel):
    """Records to pick from (companies, applications), each with its id in ID_ROLE.

    A combo box over this model shows thousands of entries without building a widget item
    for each. An optional first entry stands for "none" (id None).
    """

    def __init__(self, none_text: str | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._none_text = none_text
        self._choices: list[Choice] = []

    def set_choices(self, choices: tuple[Choice, ...] | list[Choice]) -> None:
        self.beginResetModel()
        self._choices = list(choices)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid():
            return 0
        return len(self._choices) + (self._none_text is not None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        offset = index.row() - (self._none_text is not None)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._none_text if offset < 0 else self._choices[offset].text
        if role == ID_ROLE:
            return None if offset < 0 else self._choices[offset].id
        return None

    def id_at(self, row: int) -> int | None:
        """The id in `row` (None for the "none" entry or no row): read in Python, not through
        a QVariant (see ValueCombo)."""
        offset = row - (self._none_text is not None)
        return self._choices[offset].id if 0 <= offset < len(self._choices) else None

    def row_of(self, choice_id: int | None) -> int:
        """The row holding `choice_id`, or -1."""
        if choice_id is None:
            return 0 if self._none_text is not None else -1
        offset = self._none_text is not None
        for row, choice in enumerate(self._choices):
            if choice.id == choice_id:
                return row + offset
        return -1

    def find_text(self, text: str) -> int | None:
        """The id of the entry named `text` (ignoring case and outer spaces), or None."""
        wanted = text.strip().casefold()
        for choice in self._choices:
            if choice.text.strip().casefold() == wanted:
                return choice.id
        return None


@dataclass(frozen=True)
class PickEntry:
    """A person in a checkable list: an existing contact (key = id) or a new one (key < 0)."""

    key: int
    name: str
    title: str
    role: str
    checked: bool
    draft: ContactDraft | None = None  # set for people not stored yet

    @property
    def is_new(self) -> bool:
        return self.draft is not None


class PeopleCheckModel(QAbstractListModel):
    """People to tick: "who interviewed you". New people typed in inline are listed, checked,
    with "(new)" after their name until they are saved."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[PickEntry] = []
        self._next_new = -1

    def set_people(self, people: tuple[PersonChoice, ...], checked: set[int]) -> None:
        """The existing people; new ones typed in so far stay in the list."""
        kept = [e for e in self._entries if e.is_new]
        self.beginResetModel()
        self._entries = [PickEntry(p.id, p.name, p.title, p.role.value, p.id in checked)
                         for p in people] + kept
        self.endResetModel()

    def add_new(self, draft: ContactDraft) -> int:
        """Add a person to be created on save, checked; returns the row."""
        row = len(self._entries)
        self.beginInsertRows(QModelIndex(), row, row)
        self._entries.append(PickEntry(self._next_new, draft.name, draft.title,
                                       Role(draft.role).value, True, draft))
        self._next_new -= 1
        self.endInsertRows()
        return row

    def check_existing(self, name: str) -> int | None:
        """Check the stored person called `name` (ignoring case); returns their row or None."""
        wanted = name.strip().casefold()
        for row, entry in enumerate(self._entries):
            if entry.name.strip().casefold() == wanted:
                self.setData(self.index(row), Qt.CheckState.Checked.value,
                             Qt.ItemDataRole.CheckStateRole)
                return row
        return None

    def checked_ids(self) -> tuple[int, ...]:
        return tuple(e.key for e in self._entries if e.checked and not e.is_new)

    def new_drafts(self) -> tuple[ContactDraft, ...]:
        return tuple(e.draft for e in self._entries if e.checked and e.draft is not None)

    def entries(self) -> list[PickEntry]:
        return list(self._entries)

    # -- the Qt model interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = person_line(entry.name, entry.title)
            return f"{text} (new)" if entry.is_new else text
        if role == Qt.ItemDataRole.CheckStateRole:
            return (Qt.CheckState.Checked if entry.checked else Qt.CheckState.Unchecked).value
        if role == Qt.ItemDataRole.ToolTipRole:
            note = "Added when you save." if entry.is_new else ""
            return tooltip([person_line(entry.name, entry.title), ROLE_LABELS[entry.role], note])
        if role == ID_ROLE:
            return entry.key
        return None

    def setData(self, index: Index, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = _state(value) == Qt.CheckState.Checked
        row = index.row()
        self._entries[row] = replace(self._entries[row], checked=checked)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True


def _state(value: Any) -> Qt.CheckState:
    if isinstance(value, Qt.CheckState):
        return value
    return Qt.CheckState(int(value))
