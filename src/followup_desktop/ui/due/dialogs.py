"""The due list's small questions: what was sent (for the history), whether to skip a
thank-you, until when to snooze. Each works by keyboard alone: Tab leaves a text box, Enter
(or Ctrl+Enter in a text box) answers, Escape cancels."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime, Qt, QTimeZone
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.model import ActionKind
from followup_desktop.services.views.due import DueItem
from followup_desktop.ui.widgets.common import plain_label


class SummaryDialog(QDialog):
    """'What did you send or say?', optional, kept in the history."""

    def __init__(self, item: DueItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mark done")
        question = plain_label(f"{item.kind.label} done. What did you send or say? (optional, "
                               "kept in the history)", self)
        question.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName("What you sent or said")
        self.text.setTabChangesFocus(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Mark done")
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.text.setFocus()

    def summary(self) -> str:
        return self.text.toPlainText()


def ask_summary(parent: QWidget, item: DueItem) -> str | None:
    """What was sent or said, for the history; None when the user cancels."""
    dialog = SummaryDialog(item, parent)
    return dialog.summary() if dialog.exec() == QDialog.DialogCode.Accepted else None


def confirm_skip(parent: QWidget, item: DueItem) -> bool:
    """Skipping a thank-you is asked, with No the default; other follow-ups skip at once."""
    if item.kind != ActionKind.THANK_YOU:
        return True
    who = item.contact.name if item.contact else "the company"
    box = QMessageBox(QMessageBox.Icon.Question, "Skip the thank-you?",
                      f"Skip the thank-you to {who} ({item.company})?", parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText("A short, personal thank-you about a day after the interview is the "
                           "one note every interviewer should get. Ctrl+Z undoes a skip.")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).setText("Skip it")
    box.button(QMessageBox.StandardButton.No).setText("Keep it")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def confirm_warnings(parent: QWidget, item: DueItem) -> bool:
    """The anti-pester guard's warnings, before recording a follow-up as done."""
    if not item.warnings:
        return True
    box = QMessageBox(QMessageBox.Icon.Warning, "Before you get in touch",
                      "\n\n".join(item.warnings), parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText("Record it as done anyway?")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def pick_time(parent: QWidget, suggested: datetime, zone: ZoneInfo) -> datetime | None:
    """Ask for a date and time in the user's zone; None when cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Snooze until")
    qt_zone = QTimeZone(zone.key.encode())
    editor = QDateTimeEdit(dialog)
    editor.setTimeZone(qt_zone)
    editor.setDateTime(QDateTime.fromSecsSinceEpoch(int(suggested.timestamp()), qt_zone))
    editor.setCalendarPopup(True)
    editor.setAccessibleName("Snooze until")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(editor)
    layout.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return datetime.fromtimestamp(editor.dateTime().toSecsSinceEpoch(), UTC)


def tell(parent: QWidget, message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, "Follow-ups", message, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
