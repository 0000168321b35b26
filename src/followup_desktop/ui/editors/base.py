"""What every editor dialog shares: fields with their validation message right under them,
Ok/Cancel, loading through the background loader, and service errors mapped back to fields."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.validation import YEARS, ValidationError
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import LockedError, UserError
from followup_desktop.ui.background.worker import Loader
from followup_desktop.ui.background.writes import WriteRunner
from followup_desktop.ui.widgets.common import plain_label, set_error_style

W = TypeVar("W", bound=QWidget)
# Problems that read as the end of a sentence starting with the field's name.
_PREDICATE = re.compile(r"^(must|is|contains|needs|expected|cannot) ")
# "'abc' is not a plain e-mail address": the field shows the value already.
_QUOTED_VALUE = re.compile(r"^'.*' is (not .*)$", re.DOTALL)


def message_for(error: ValidationError, label: str) -> str:
    """One plain sentence for the field called `label`, e.g. "Name must not be empty."."""
    problem = error.problem.rstrip(".")
    quoted = _QUOTED_VALUE.match(problem)
    if quoted:
        text = quoted.group(1)
    elif _PREDICATE.match(problem):
        text = f"{label} {problem}"
    else:
        text = problem
    return text[:1].upper() + text[1:] + "."


def error_label(parent: QWidget) -> QLabel:
    """A plain-text message in the error colour, hidden while there is nothing to say."""
    label = plain_label("", parent)
    label.setWordWrap(True)
    set_error_style(label)
    label.hide()
    return label


def show_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def to_qdate(day: Any) -> QDate:
    return QDate(day.year, day.month, day.day)


def plain_text_edit(parent: QWidget, name: str, placeholder: str = "",
                    lines: int = 4) -> QPlainTextEdit:
    """A multi-line field that Tab leaves (instead of typing a tab) and that is `lines` high."""
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    line = edit.fontMetrics().lineSpacing()
    edit.setFixedHeight(line * lines + 2 * edit.frameWidth() + 10)
    return edit


def expanding(widget: W) -> W:
    """Let a field take the width of the dialog (a combo box of names, say)."""
    widget.setSizePolicy(QSizePolicy.Policy.Expanding, widget.sizePolicy().verticalPolicy())
    if isinstance(widget, QComboBox):
        # Sized by a fixed width, not by measuring every entry: a list of thousands of
        # companies would otherwise be measured entry by entry when the dialog opens.
        widget.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        widget.setMinimumContentsLength(24)
    return widget


class ValueCombo(QComboBox):
    """A combo box whose entries carry Python values, kept on the Python side.

    Why not item data: PySide6 6.12 on Python 3.11 drops a reference to None every time an
    empty QVariant comes back to Python (currentData() of an entry whose data is None, say);
    enough of those and the interpreter aborts ("deallocating None"). Here no value ever
    crosses into Qt and back.
    """

    def __init__(self, parent: QWidget | None, name: str,
                 items: list[tuple[str, Any]] | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self._values: list[Any] = []
        for text, value in items or []:
            self.add(text, value)

    def add(self, text: str, value: Any) -> None:
        self._values.append(value)
        self.addItem(text)

    def clear_values(self) -> None:
        self.clear()
        self._values = []

    def value(self) -> Any:
        index = self.currentIndex()
        return self._values[index] if 0 <= index < len(self._values) else None

    def index_of(self, value: Any) -> int:
        for index, candidate in enumerate(self._values):
            if candidate == value and type(candidate) is type(value):
                return index
        return -1

    def set_value(self, value: Any) -> None:
        index = self.index_of(value)
        if index >= 0:
            self.setCurrentIndex(index)


def combo(parent: QWidget, name: str, items: list[tuple[str, Any]]) -> ValueCombo:
    return ValueCombo(parent, name, items)


def time_edit(parent: QWidget, name: str) -> QTimeEdit:
    edit = QTimeEdit(parent)
    edit.setDisplayFormat("HH:mm")
    edit.setAccessibleName(name)
    return edit


def date_edit(parent: QWidget, name: str) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd d MMM yyyy")
    edit.setDateRange(QDate(YEARS[0], 1, 1), QDate(YEARS[-1], 12, 31))
    edit.setAccessibleName(name)
    return edit


@dataclass
class _Field:
    label: str
    widget: QWidget
    error: QLabel
    check: Callable[[], None] | None
    touched: bool = False


class EditorDialog(QDialog):
    """Base of the editors. Subclasses add fields with `add_field`, fill them in `_apply`
    after the loader delivered, and write in `_save`, which returns the saved record's id.

    Checks run as the user edits a field and for every field on Ok; nothing is written while
    one fails. A ValidationError from the service is shown at the field its `where` names.
    """

    loaded = Signal()  # the form is filled and ready
    saved = Signal(int)  # the id of the record just written

    def __init__(self, backend: Backend, title: str, parent: QWidget | None = None,
                 fill: bool = False) -> None:
        """`fill`: the body takes all the height (a scrolling form), instead of the room
        below it going empty when the dialog is made taller."""
        super().__init__(parent)
        self._backend = backend
        self.saved_id: int | None = None
        self.is_loaded = False
        self.setWindowTitle(title)
        self._fields: dict[str, _Field] = {}
        self._where: dict[str, str] = {}
        self._loader = Loader(backend, self)
        self._loader.failed.connect(self._load_failed)
        self._writes = WriteRunner(backend, self)
        self._writes.waiting.connect(lambda text: show_error(self.general_error, text))
        self.general_error = error_label(self)
        self.general_error.setAccessibleName("Problem")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout()
        self.body.setSpacing(12)
        self.sections = self.body  # where `section` puts its groups
        outer = QVBoxLayout(self)
        outer.addLayout(self.body, 1 if fill else 0)
        outer.addWidget(self.general_error)
        if not fill:
            outer.addStretch(1)
        outer.addWidget(self.buttons)

    # -- building the form

    def section(self, title: str) -> QFormLayout:
        """A titled group of rows."""
        group = QGroupBox(title, self)
        group.setAccessibleName(title)
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.sections.addWidget(group)
        return form

    def add_field(self, form: QFormLayout, key: str, label: str, widget: QWidget,
                  check: Callable[[], None] | None = None,
                  where: tuple[str, ...] = ()) -> QWidget:
        """A row "label: widget" with its error message under the widget.

        `check` raises ValidationError when the value is wrong; `where` lists the names the
        service uses for this field (ValidationError.where), so its errors land here too.
        """
        holder = QWidget(self)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = error_label(holder)
        error.setAccessibleName(f"Problem with {label.replace('&', '') or key}")
        column.addWidget(error)
        holder.setFocusProxy(widget)
        # Grow with the dialog only if the field itself wants to: dates, times and short
        # choices keep their natural width, names and text take the room.
        holder.setSizePolicy(widget.sizePolicy().horizontalPolicy(),
                             QSizePolicy.Policy.Preferred)
        if not widget.accessibleName():
            widget.setAccessibleName(label.replace("&", ""))
        if not label:  # the section's title says what it is: the field spans the row
            form.addRow(holder)
        else:  # a question is its own label; anything else gets the usual colon
            form.addRow(label if label.endswith("?") else f"{label}:", holder)
        name = label.replace("&", "").rstrip("?") or widget.accessibleName()
        self._fields[key] = _Field(name, widget, error, check)
        for name in (key, *where):
            self._where[name] = key
        return holder

    def watch(self, key: str, signal: Signal) -> None:
        """Check the field `key` again whenever `signal` fires (the user edited it)."""
        signal.connect(lambda *_: self._touched(key))

    def set_field_error(self, key: str, text: str) -> None:
        show_error(self._fields[key].error, text)

    # -- loading

    def load(self, fn: Callable[[], Any], apply: Callable[[Any], None]) -> None:
        """Read through the background loader; `apply` fills the form on the GUI thread."""
        def done(result: Any) -> None:
            apply(result)
            self._mark_loaded()
        self._loader.load(fn, done)

    def nothing_to_load(self) -> None:
        QTimer.singleShot(0, self._mark_loaded)

    def _mark_loaded(self) -> None:
        self.is_loaded = True
        self.ok_button.setEnabled(self._can_save())
        first = self._first_focus()
        focused = self.focusWidget()
        if first is not None and (focused is None or isinstance(focused, QPushButton)):
            first.setFocus()  # start typing at once, not on the Ok button
        self.loaded.emit()

    def _first_focus(self) -> QWidget | None:
        for field in self._fields.values():
            if field.widget.isEnabled() and field.widget.isVisibleTo(self):
                return field.widget
        return None

    def _load_failed(self, message: str) -> None:
        show_error(self.general_error, message)

    def _can_save(self) -> bool:
        return True

    # -- checking and saving

    def _touched(self, key: str) -> None:
        field = self._fields[key]
        field.touched = True
        self._check(key)

    def _check(self, key: str) -> bool:
        field = self._fields[key]
        if field.check is None:
            return True
        try:
            field.check()
        except ValidationError as error:
            show_error(field.error, message_for(error, field.label))
            return False
        show_error(field.error, "")
        return True

    def check_all(self) -> bool:
        """Check every field and show every message; focus the first field that failed."""
        failed = [key for key in self._fields if not self._check(key)]
        failed += [key for key in self._extra_checks() if key not in failed]
        if failed:
            self._fields[failed[0]].widget.setFocus()
        return not failed

    def _extra_checks(self) -> list[str]:
        """Checks that involve more than one field; return the keys of the fields that fail."""
        return []

    def submit(self) -> None:
        """Check the form, then write: at once, or off the GUI thread while another program
        holds the data (ui/background/writes.py); a refusal is shown at its field."""
        if not self.is_loaded or self._writes.busy:
            return
        show_error(self.general_error, "")
        if not self.check_all():
            return
        try:
            change = self._change()
        except (ValidationError, UserError) as error:
            self._refused(error)
            return
        if change is not None:
            self._writes.run(change, self._written, on_error=self._refused)

    def _written(self, result: object) -> None:
        saved = self._record_id(result)
        self.saved_id = saved
        self.saved.emit(saved)
        self._after_save()

    def _refused(self, error: Exception) -> bool:
        """A refusal the form can show (a field, or the line above the buttons)."""
        if isinstance(error, ValidationError):
            self.show_service_error(error)
        elif isinstance(error, UserError) and not isinstance(error, LockedError):
            show_error(self.general_error, str(error))
        else:
            return False
        return True

    def _after_save(self) -> None:
        self.accept()

    def _change(self) -> Callable[[], object] | None:
        """What the form asks to write, read from its fields now: a closure the write runner
        calls on the GUI thread or off it (it must not touch a widget). None: nothing yet."""
        raise NotImplementedError

    def _record_id(self, result: object) -> int:
        """The saved record's id, from what the write returned."""
        assert isinstance(result, int)
        return result

    def close_only(self) -> QPushButton:
        """After saving with something left to show: the form is done, one Close button."""
        self.buttons.accepted.disconnect(self.submit)
        self.buttons.rejected.disconnect(self.reject)
        self.buttons.clear()
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.clicked.connect(self.accept)
        close.setFocus()
        return close

    def show_service_error(self, error: ValidationError) -> None:
        key = self._where.get(error.where)
        if key is None:
            text = str(error)
            show_error(self.general_error, text[:1].upper() + text[1:] + ".")
            return
        field = self._fields[key]
        show_error(field.error, message_for(error, field.label))
        field.widget.setFocus()
