"""The preferences dialog: every planner number of the design notes, in one place."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

from PySide6.QtCore import Qt, QTime
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from followup_desktop import APP_NAME
from followup_desktop.domain.fields import CHANNEL_LABELS
from followup_desktop.services import autostart, preferences, settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.changes import Changed
from followup_desktop.services.errors import UserError, is_locked
from followup_desktop.system import datadir
from followup_desktop.ui.background.writes import WritingDialog
from followup_desktop.ui.dialogs.preferences_accounts import AccountEntry, AccountsGroup
from followup_desktop.ui.widgets.common import (
    FittingScrollArea,
    plain_label,
    set_error_style,
)

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class PreferencesDialog(WritingDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None,
                 accounts: Sequence[AccountEntry] = ()) -> None:
        super().__init__(backend, parent)
        self._backend = backend
        self.replanned = 0
        self.setWindowTitle("Preferences")
        values = preferences.current(backend)
        self.days = [QCheckBox(name, self) for name in WEEKDAYS]
        self.times = {key: self._time_edit(key) for key in settings.TIME_KEYS}
        self.numbers = {key: self._spin(key) for key in settings.NUMBER_KEYS
                        if key not in settings.MAIL_KEYS}
        self.zone = self._zone_combo()
        self.channel = QComboBox(self)
        self.channel.setAccessibleName("Default channel")
        for value, label in CHANNEL_LABELS.items():
            self.channel.addItem(label, value)
        self.start_at_login = QCheckBox(f"Start {APP_NAME} when I log in", self)
        self.start_at_login.setAccessibleName(f"Start {APP_NAME} when I log in")
        # Only where the app manages the entry; elsewhere the box stays off and disabled.
        self._started_at_login = autostart.is_supported() and autostart.is_enabled()
        self.start_at_login.setChecked(self._started_at_login)
        self.sender_name = QLineEdit(self)
        self.sender_name.setAccessibleName("Your name")
        self.own_addresses = QLineEdit(self)
        self.own_addresses.setAccessibleName("Your e-mail addresses")
        self.own_addresses.setPlaceholderText("you@example.com, you@work.example")
        self.sender_address = QPlainTextEdit(self)
        self.sender_address.setAccessibleName("Your postal address")
        self.sender_address.setTabChangesFocus(True)
        self.sender_address.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.error = plain_label("", self)
        self.error.setWordWrap(True)
        set_error_style(self.error)
        self._writes.waiting.connect(self.error.setText)
        self._load(values)
        content = QWidget(self)
        groups = QVBoxLayout(content)
        groups.setContentsMargins(0, 0, 0, 0)
        self.accounts = AccountsGroup(accounts, content) if accounts else None
        for group in (self._week_group(), self._rules_group(), self._quiet_group(),
                      self._you_group(), self.accounts, self._data_group()):
            if group is None:
                continue
            group.setParent(content)
            groups.addWidget(group)
        groups.addStretch(1)
        self.scroll = FittingScrollArea(content, self)  # OK and Cancel stay in view
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(self._buttons())

    # -- widgets

    def _time_edit(self, key: str) -> QTimeEdit:
        edit = QTimeEdit(self)
        edit.setDisplayFormat("HH:mm")
        edit.setAccessibleName(key.replace("_", " "))
        return edit

    def _spin(self, key: str) -> QSpinBox:
        spec = settings.BY_KEY[key]
        spin = QSpinBox(self)
        spin.setRange(spec.low or 0, spec.high or 0)
        spin.setSuffix(f" {spec.unit}" if spec.unit else "")
        spin.setAccessibleName(spec.label)
        return spin

    def _zone_combo(self) -> QComboBox:
        combo = QComboBox(self)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setAccessibleName("Time zone")
        combo.addItem(f"The system's ({settings.system_zone_name()})", "")
        for name in sorted(available_timezones()):
            combo.addItem(name, name)
        return combo

    def _week_group(self) -> QGroupBox:
        group = QGroupBox("Working week", self)
        form = QFormLayout(group)
        days = QHBoxLayout()
        for box in self.days:
            days.addWidget(box)
        form.addRow(settings.BY_KEY["working_days"].label, days)
        hours = QHBoxLayout()
        hours.addWidget(self.times["day_start"])
        hours.addWidget(plain_label("to", group))
        hours.addWidget(self.times["day_end"])
        hours.addStretch()
        form.addRow("Working hours", hours)
        form.addRow(settings.BY_KEY["time_zone"].label, self.zone)
        return group

    def _rules_group(self) -> QGroupBox:
        group = QGroupBox("Follow-up rules", self)
        form = QFormLayout(group)
        for key, spin in self.numbers.items():
            form.addRow(settings.BY_KEY[key].label, spin)
        form.addRow(settings.BY_KEY["decision_check_time"].label, self.times["decision_check_time"])
        form.addRow(settings.BY_KEY["default_channel"].label, self.channel)
        return group

    def _quiet_group(self) -> QGroupBox:
        group = QGroupBox("Notifications", self)
        form = QFormLayout(group)
        quiet = QHBoxLayout()
        quiet.addWidget(self.times["quiet_hours_start"])
        quiet.addWidget(plain_label("to", group))
        quiet.addWidget(self.times["quiet_hours_end"])
        quiet.addStretch()
        form.addRow("Quiet hours (no notifications)", quiet)
        form.addRow(self.start_at_login)
        if autostart.is_supported():
            hint = "It starts hidden in the system tray when there is one."
        else:
            self.start_at_login.setEnabled(False)
            hint = f"Add {APP_NAME} to your login items (see docs/autostart.md)"
        self.start_at_login_hint = plain_label(hint, group)
        self.start_at_login_hint.setWordWrap(True)
        form.addRow(self.start_at_login_hint)
        return group

    def _you_group(self) -> QGroupBox:
        group = QGroupBox("You, as your notes are signed", self)
        form = QFormLayout(group)
        form.addRow(settings.BY_KEY["sender_name"].label, self.sender_name)
        form.addRow(settings.BY_KEY["sender_address"].label, self.sender_address)
        form.addRow(settings.BY_KEY["own_addresses"].label, self.own_addresses)
        hint = plain_label("In calendar invitations these are you: never a contact, never "
                           "thanked.", group)
        hint.setWordWrap(True)
        form.addRow(hint)
        return group

    def _data_group(self) -> QGroupBox:
        group = QGroupBox("Your data", self)
        form = QFormLayout(group)
        path = plain_label(str(self._backend.data_dir), group)
        path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        path.setAccessibleName("Data folder")
        form.addRow("Data folder", path)
        self.calendar_feed = QCheckBox("Keep a calendar file up to date for other calendar "
                                       "apps", group)
        self.calendar_feed.setAccessibleName("Keep a calendar file up to date")
        self.calendar_feed.setChecked(bool(settings.load()["calendar_feed"]))
        form.addRow(self.calendar_feed)
        feed = plain_label(f"Subscribe to {self._backend.data_dir / 'calendar.ics'} in your "
                           "calendar app: interviews and follow-ups, with alarms.", group)
        feed.setWordWrap(True)
        feed.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(feed)
        hint = plain_label("To use another folder, start the app with --data-dir FOLDER or set "
                           "FOLLOWUP_DESKTOP_DATA_DIR.", group)
        hint.setWordWrap(True)
        form.addRow(hint)
        return group

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            lambda: self._load(dict(settings.DEFAULTS)))
        return buttons

    # -- values

    def _load(self, values: dict[str, Any]) -> None:
        for number, box in enumerate(self.days):
            box.setChecked(number in values["working_days"])
        for key, edit in self.times.items():
            edit.setTime(QTime.fromString(values[key], "HH:mm"))
        for key, spin in self.numbers.items():
            spin.setValue(int(values[key]))
        index = self.zone.findData(values["time_zone"])
        self.zone.setCurrentIndex(max(index, 0))
        self.channel.setCurrentIndex(max(self.channel.findData(values["default_channel"]), 0))
        self.sender_name.setText(values["sender_name"])
        self.sender_address.setPlainText(values["sender_address"])
        self.own_addresses.setText(", ".join(values["own_addresses"]))

    def values(self) -> dict[str, Any]:
        zone_index = self.zone.findText(self.zone.currentText())
        zone = self.zone.itemData(zone_index) if zone_index >= 0 else self.zone.currentText()
        return {
            "working_days": [n for n, box in enumerate(self.days) if box.isChecked()],
            **{key: edit.time().toString("HH:mm") for key, edit in self.times.items()},
            **{key: spin.value() for key, spin in self.numbers.items()},
            "time_zone": zone,
            "default_channel": self.channel.currentData(),
            "sender_name": self.sender_name.text().strip(),
            "sender_address": self.sender_address.toPlainText().strip(),
            "own_addresses": [a for a in re.split(r"[\s,;]+", self.own_addresses.text()) if a],
            "calendar_feed": self.calendar_feed.isChecked(),
        }

    def accept(self) -> None:
        """Store the settings, then the login entry; a refusal is shown above the buttons.

        The settings go first: a refused login entry (a read-only folder) is rare and leaves the
        dialog open with the settings saved, so OK again only retries the entry; `replanned`
        adds up so the main window still reports the first attempt's re-planning. The settings
        are written at once, or off the GUI thread while another program holds the data (who
        holds it is said above the buttons; the form keeps what was typed; closing waits).
        """
        if self._writes.busy:
            return
        backend, values = self._backend, self.values()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._writes.run(lambda: preferences.apply(backend, values), self._settings_saved,
                             on_error=self._settings_refused)
        finally:
            QGuiApplication.restoreOverrideCursor()

    @property
    def changes(self) -> Changed:
        """What saving changed (services/changes.py): the plan, when it was re-planned."""
        return Changed.SETTINGS | (Changed.PLAN if self.replanned else Changed.NOTHING)

    def _settings_saved(self, replanned: int) -> None:
        self.replanned += replanned
        try:
            self._apply_start_at_login()
        except UserError as error:
            self.error.setText(str(error))
            return
        super().accept()

    def _settings_refused(self, error: Exception) -> bool:
        if not isinstance(error, UserError) or is_locked(error):
            return False  # the runner's: a retry offer, or a bug
        self.error.setText(_friendly(str(error)))
        return True

    def _apply_start_at_login(self) -> None:
        wanted = self.start_at_login.isChecked()
        if wanted == self._started_at_login:
            return
        if wanted:
            autostart.enable(_data_dir_for_login(self._backend.data_dir))
        else:
            autostart.disable()
        self._started_at_login = wanted


def _data_dir_for_login(data_dir: Path) -> Path | None:
    """The folder the login entry must name with --data-dir, or None for the default one.

    Compared with the platform's own folder, not with datadir.resolve(None): that honours
    $FOLLOWUP_DESKTOP_DATA_DIR, which a terminal may set but the login session will not, so a
    folder chosen that way (or with --data-dir) must be written into the entry.
    """
    default = datadir.default_data_dir()
    if os.path.realpath(data_dir) == os.path.realpath(default):
        return None
    return data_dir


def _friendly(message: str) -> str:
    return message.removeprefix("settings: not usable: ").replace("settings.", "")
