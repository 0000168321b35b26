"""Changing one planned follow-up by hand: when, how and to whom. The anti-pester guard's
warnings show while the user edits and again after saving."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTime, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain import validation as check
from followup_desktop.domain.fields import CHANNEL_LABELS, ROLE_LABELS
from followup_desktop.domain.model import Channel
from followup_desktop.services import actions
from followup_desktop.services.backend import Backend
from followup_desktop.services.changes import Changed
from followup_desktop.services.views import forms
from followup_desktop.services.views.forms import ActionForm
from followup_desktop.ui.background.worker import Loader
from followup_desktop.ui.editors.base import (
    EditorDialog,
    ValueCombo,
    combo,
    date_edit,
    expanding,
    plain_text_edit,
    time_edit,
    to_qdate,
)
from followup_desktop.ui.widgets.common import hint_label, plain_label

NO_ONE = "No one in particular (the company)"


class WarningPanel(QFrame):
    """The anti-pester guard's warnings: an icon and one plain line each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Warnings")
        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        self.heading = plain_label("", self)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.text = plain_label("", self)
        self.text.setWordWrap(True)
        column = QVBoxLayout()
        column.addWidget(self.heading)
        column.addWidget(self.text)
        row = QHBoxLayout(self)
        row.addWidget(icon, 0)
        row.addLayout(column, 1)
        self.hide()

    def show_warnings(self, heading: str, warnings: list[str]) -> None:
        self.heading.setText(heading)
        self.text.setText("\n".join(warnings))
        self.setVisible(bool(warnings))


class ActionEditor(EditorDialog):
    """Edit a pending action through services.actions.edit (the planner leaves it alone
    afterwards). After saving with warnings the dialog stays open to show them."""
    changes = Changed.PLAN

    def __init__(self, backend: Backend, action_id: int, parent: QWidget | None = None) -> None:
        super().__init__(backend, "Edit follow-up", parent)
        self._action_id = action_id
        self._form: ActionForm | None = None
        self.warnings: list[str] = []
        self._preview = Loader(backend, self)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(250)
        self._preview_timer.timeout.connect(self._update_preview)
        self.what = plain_label("", self)
        font = self.what.font()
        font.setBold(True)
        self.what.setFont(font)
        self.what.setWordWrap(True)
        self.about = hint_label("", self)
        self.day = date_edit(self, "Due date")
        self.time = time_edit(self, "Due time")
        self.zone_hint = hint_label("", self)
        self.channel = combo(self, "Channel", [(CHANNEL_LABELS[c.value], c) for c in Channel])
        self.target = expanding(ValueCombo(self, "To"))
        self.note = plain_text_edit(self, "Note", "What to bring or ask this time…", lines=4)
        self.warning_panel = WarningPanel(self)
        self._build()
        self.resize(520, self.sizeHint().height())
        self.load(lambda: forms.action_form(backend, action_id), self._apply)

    def _build(self) -> None:
        self.body.addWidget(self.what)
        self.body.addWidget(self.about)
        when = self.section("When and how")
        self.add_field(when, "day", "&Date", self.day, where=("due",))
        due_time = QWidget(self)
        row = QHBoxLayout(due_time)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.time)
        row.addWidget(self.zone_hint, 1)
        due_time.setFocusProxy(self.time)
        self.add_field(when, "time", "&Time", due_time)
        self.add_field(when, "channel", "&Channel", self.channel, where=("channel",))
        self.add_field(when, "target", "T&o", self.target, where=("contact",))
        self.add_field(when, "note", "&Note", self.note,
                       lambda: check.text(self.note.toPlainText(), "note",
                                          limit=check.LONG_TEXT))
        self.body.addWidget(self.warning_panel)
        self.watch("note", self.note.textChanged)
        for signal in (self.day.dateChanged, self.time.timeChanged,
                       self.target.currentIndexChanged):
            signal.connect(lambda *_: self._preview_timer.start())

    def _apply(self, form: ActionForm) -> None:
        self._form = form
        record = form.record
        zone = ZoneInfo(form.user_zone)
        self.what.setText(f"{record.kind.label} · {record.company} – {record.position}")
        local = record.due.astimezone(zone)
        self.day.setDate(to_qdate(local.date()))
        self.time.setTime(QTime(local.hour, local.minute))
        self.zone_hint.setText(f"in {form.user_zone}")
        self.channel.set_value(Channel(record.channel))
        self.target.add(NO_ONE, None)
        for person in form.people:
            self.target.add(f"{person.text} ({ROLE_LABELS[person.role.value]})", person.id)
        self.target.set_value(record.contact_id)
        self.note.setPlainText(record.note)
        if not record.state.is_pending:
            self.about.setText(f"This follow-up is already {record.state.value}: it can no "
                               "longer be changed.")
            for widget in (self.day, self.time, self.channel, self.target, self.note):
                widget.setEnabled(False)
        else:
            self.about.setText("Once you change it by hand, re-planning leaves it as you set it.")
        self._preview_timer.stop()
        self._update_preview()

    def _can_save(self) -> bool:
        return self._form is not None and self._form.record.state.is_pending

    def due(self) -> datetime:
        assert self._form is not None
        return datetime.combine(self.day.date().toPython(), self.time.time().toPython(),
                                tzinfo=ZoneInfo(self._form.user_zone))

    def _update_preview(self) -> None:
        if self._form is None or not self._form.record.state.is_pending:
            return
        due, target = self.due(), self.target.value()
        self._preview.load(
            lambda: forms.preview_warnings(self._backend, self._action_id, due, target),
            lambda warnings: self.warning_panel.show_warnings("Before you save", warnings))

    def _change(self) -> Callable[[], object]:
        backend, action_id = self._backend, self._action_id
        values = {"due": self.due(), "channel": self.channel.value(),
                  "contact_id": self.target.value(), "note": self.note.toPlainText().strip()}
        return lambda: actions.edit(backend, action_id, **values)

    def _record_id(self, result: object) -> int:
        self.warnings = result  # what the guard says of the edited follow-up
        return self._action_id

    def _after_save(self) -> None:
        if not self.warnings:
            self.accept()
            return
        self._preview_timer.stop()
        self.warning_panel.show_warnings("Saved. Keep in mind:", self.warnings)
        for widget in (self.day, self.time, self.channel, self.target, self.note):
            widget.setEnabled(False)
        self.close_only()
