"""The tray icon: shows that something is due (the count in the tooltip, a red mark when
something is overdue) and offers the few things worth doing without opening the window.

Created only where a tray really exists (a StatusNotifier host on Linux, the notification area on
Windows, the menu bar on macOS).
"""

from __future__ import annotations

import html
import sys

from PySide6.QtCore import QObject, QPointF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from followup_desktop import APP_NAME
from followup_desktop.notify.freedesktop import DeliveryError
from followup_desktop.services.reminder_messages import Message
from followup_desktop.services.reminders import DueCount

ICON_SIZE = 64
MESSAGE_MS = 10_000


def overdue_icon(base: QIcon) -> QIcon:
    """The app icon with a red dot in its corner: visible at 16 px in any tray."""
    pixmap = base.pixmap(ICON_SIZE, ICON_SIZE)
    if pixmap.isNull():
        pixmap = QPixmap(ICON_SIZE, ICON_SIZE)
        pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("white"))
    painter.setBrush(QColor("#d32f2f"))
    radius = ICON_SIZE * 0.22
    painter.drawEllipse(QPointF(ICON_SIZE - radius - 1, radius + 1), radius, radius)
    painter.end()
    return QIcon(pixmap)


class Tray(QObject):
    openRequested = Signal()
    dueRequested = Signal()
    snoozeAllRequested = Signal()
    pauseToggled = Signal(bool)
    quitRequested = Signal()
    messageClicked = Signal()

    def __init__(self, icon: QIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._icons = {False: icon, True: overdue_icon(icon)}
        self.icon = QSystemTrayIcon(icon, self)
        self.menu = self._make_menu()
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(self.messageClicked)
        self.show_count(DueCount(0, 0), paused=False)
        self.icon.show()

    def _make_menu(self) -> QMenu:
        menu = QMenu()
        menu.addAction(f"Open {APP_NAME}", self.openRequested.emit)
        self.due_action = menu.addAction("Due now", self.dueRequested.emit)
        self.snooze_action = menu.addAction("Snooze all for an hour",
                                            self.snoozeAllRequested.emit)
        self.pause_action = QAction("Pause notifications", menu)
        self.pause_action.setCheckable(True)
        self.pause_action.toggled.connect(self.pauseToggled)
        menu.addAction(self.pause_action)
        menu.addSeparator()
        menu.addAction("Quit", self.quitRequested.emit)
        return menu

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.openRequested.emit()

    def show_count(self, count: DueCount, paused: bool) -> None:
        self.icon.setIcon(self._icons[count.overdue > 0])
        if count.due == 0:
            status = "nothing is due"
        else:
            status = f"{count.due} due now" + (f", {count.overdue} overdue"
                                               if count.overdue else "")
        lines = [f"{APP_NAME}: {status}"] + (["Notifications paused"] if paused else [])
        self.icon.setToolTip("\n".join(lines))
        self.due_action.setText(f"Due now ({count.due})" if count.due else "Due now")
        self.snooze_action.setEnabled(count.due > 0)
        self.pause_action.blockSignals(True)
        self.pause_action.setChecked(paused)
        self.pause_action.blockSignals(False)

    def hide(self) -> None:
        self.icon.hide()


def _tray_body(text: str) -> str:
    """On Linux Qt passes the text unescaped to the notification server, which renders markup
    (seen with dunst); Windows and macOS balloons show plain text as it is."""
    return html.escape(text, quote=False) if sys.platform.startswith("linux") else text


class TrayMessages:
    """The second delivery channel: the tray's own balloon or notification (no buttons)."""

    name = "tray messages"

    def __init__(self, tray: Tray) -> None:
        self._tray = tray

    def show(self, reminder: Message) -> None:
        if not self._tray.icon.isVisible() or not QSystemTrayIcon.supportsMessages():
            raise DeliveryError("the tray shows no messages")
        self._tray.icon.showMessage(reminder.summary, _tray_body(reminder.body),
                                    QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS)

    def close(self, reminder: Message) -> None:
        """A tray message cannot be withdrawn; it expires by itself."""

    def shown(self) -> list[Message]:
        return []
