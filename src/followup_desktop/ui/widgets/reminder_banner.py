"""The last-resort reminder: a banner across the top of the window, with the same buttons a
desktop notification has. Used when neither a notification server nor a tray can show it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from followup_desktop.ui.widgets.common import plain_label
from followup_desktop.ui.widgets.detail_parts import ElidedLabel

if TYPE_CHECKING:
    from followup_desktop.services.reminder_messages import Message

DISMISS = "dismiss"


class ReminderBanner(QFrame):
    """Shows one reminder at a time; the next waits until the user answers this one."""

    chosen = Signal(object, str)  # the Message, the button's key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(self.palette().ColorRole.ToolTipBase)
        self.setAccessibleName("Reminder")
        self.summary = plain_label("", self)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.body = ElidedLabel(self)  # one line: the due list below shows it all
        self.buttons = QHBoxLayout()
        text = QVBoxLayout()
        text.addWidget(self.summary)
        text.addWidget(self.body)
        row = QHBoxLayout(self)
        row.addLayout(text, 1)
        row.addLayout(self.buttons)
        self.queue: list[Message] = []
        self.hide()

    def add(self, reminder: Message) -> None:
        self.queue.append(reminder)
        if len(self.queue) == 1:
            self._present()
        QApplication.alert(self.window())  # the taskbar entry asks for attention

    def _present(self) -> None:
        while self.buttons.count():
            self.buttons.takeAt(0).widget().deleteLater()
        if not self.queue:
            self.hide()
            return
        reminder = self.queue[0]
        more = f"  (+{len(self.queue) - 1} more)" if len(self.queue) > 1 else ""
        self.summary.setText(reminder.summary + more)
        self.body.setText(" · ".join(reminder.body.splitlines()))
        for key, label in (*reminder.buttons, (DISMISS, "Dismiss")):
            button = QPushButton(label, self)
            button.clicked.connect(lambda _=False, k=key: self._answer(k))
            self.buttons.addWidget(button)
        self.show()

    def _answer(self, key: str) -> None:
        reminder = self.queue.pop(0)
        self._present()
        if key != DISMISS:
            self.chosen.emit(reminder, key)

    def withdraw(self, reminder: Message) -> None:
        """Withdraw a reminder that was dealt with elsewhere."""
        if reminder in self.queue:
            first = self.queue[0] is reminder
            self.queue.remove(reminder)
            if first:
                self._present()
