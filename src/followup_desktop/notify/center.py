"""The running reminder system: a timer that asks the scheduler when to look again, a chain of
delivery channels tried in order (desktop notifications, tray messages, the window's banner; a
failing one is dropped for the session), the tray icon, and what the user's answers do.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QSettings, QSocketNotifier, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QSystemTrayIcon

from followup_desktop import APP_ID, APP_NAME
from followup_desktop.domain.counts import counted
from followup_desktop.notify.freedesktop import DeliveryError
from followup_desktop.services import actions, reminders
from followup_desktop.services.changes import Changed
from followup_desktop.services.errors import UserError
from followup_desktop.services.reminder_messages import (
    DONE,
    OPEN,
    SNOOZE,
    SNOOZE_FOR_HOURS,
    Message,
)
from followup_desktop.services.reminder_messages import message_for as _message_for

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QMenu, QStatusBar

    from followup_desktop.notify.tray import Tray
    from followup_desktop.services.backend import Backend

RETRY_AFTER_ERROR_MS = 60_000


class Banner(Protocol):
    """The window's reminder banner (ui/widgets/reminder_banner.py), the last channel."""

    chosen: Signal  # (Message, button key)
    queue: Sequence[Message]

    def add(self, reminder: Message) -> None: ...
    def withdraw(self, reminder: Message) -> None: ...


class ReminderWindow(Protocol):
    """What the reminder system needs of the window, and all it may touch: the notifier and the
    window do not import each other (app.py hands one to the other)."""

    reminder_banner: Banner
    file_menu: QMenu
    preferences_action: QAction
    dataChangedByUser: Signal  # the user changed data: look again
    hiddenToTray: Signal

    def bring_to_front(self) -> None: ...
    def go_to(self, page: str) -> None: ...
    def open_application(self, application_id: int) -> None: ...
    def apply_changes(self, changes: Changed) -> None: ...
    def quit_app(self) -> None: ...
    def statusBar(self) -> QStatusBar: ...
    def windowIcon(self) -> QIcon: ...


class Channel(Protocol):
    name: str

    def show(self, reminder: Message) -> None: ...

    def close(self, reminder: Message) -> None: ...

    def shown(self) -> list[Message]: ...


class WindowBanner:
    """The last channel: the banner in the window (brought to the front), which always works."""

    name = "in-window banner"

    def __init__(self, window: ReminderWindow) -> None:
        self._window = window

    def show(self, reminder: Message) -> None:
        self._window.reminder_banner.add(reminder)
        self._window.bring_to_front()

    def close(self, reminder: Message) -> None:
        self._window.reminder_banner.withdraw(reminder)

    def shown(self) -> list[Message]:
        return list(self._window.reminder_banner.queue)


class ReminderCenter(QObject):
    delivered = Signal(str, object)  # the channel's name, the Message (tests, diagnostics)
    channelDropped = Signal(str, str)  # the channel's name, why

    def __init__(self, window: ReminderWindow, backend: Backend, *,
                 desktop_notifications: bool = True) -> None:
        super().__init__(window)  # a QObject: the center lives and dies with the window
        self._window, self._backend = window, backend
        self._scheduler = reminders.Scheduler(backend)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.check)
        self.tray = self._make_tray()
        self.channels: list[Channel] = []
        if desktop_notifications and sys.platform.startswith("linux"):
            self._add_desktop_notifications()
        if self.tray is not None:
            from followup_desktop.notify.tray import TrayMessages

            self.channels.append(TrayMessages(self.tray))
            self.tray.messageClicked.connect(lambda: self.open_window("Due"))
        self.channels.append(WindowBanner(window))
        window.reminder_banner.chosen.connect(self.answer)
        window.dataChangedByUser.connect(self.data_changed)
        window.hiddenToTray.connect(self._explain_tray_once)
        self.pause_action = self._make_pause_action()

    # -- building the chain

    def _make_tray(self) -> Tray | None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return None
        from followup_desktop.notify.tray import Tray

        tray = Tray(self._window.windowIcon(), self)
        tray.openRequested.connect(lambda: self.open_window(None))
        tray.dueRequested.connect(lambda: self.open_window("Due"))
        tray.snoozeAllRequested.connect(self.snooze_all)
        tray.pauseToggled.connect(self.set_paused)
        tray.quitRequested.connect(self._window.quit_app)
        return tray

    def _make_pause_action(self) -> QAction:
        """The tray's pause switch, also in the window's File menu (there may be no tray)."""
        action = QAction("Pause &notifications", self._window)
        action.setCheckable(True)
        action.toggled.connect(self.set_paused)
        self._window.file_menu.insertAction(self._window.preferences_action, action)
        return action

    def _add_desktop_notifications(self) -> None:
        from followup_desktop.notify.freedesktop import DesktopNotifications
        from followup_desktop.system.resources import icon_files

        icons = icon_files()
        icon = icons[max(icons)].as_uri() if icons else APP_ID
        try:
            channel = DesktopNotifications(APP_NAME, icon, APP_ID, self.answer)
        except DeliveryError as error:
            self.channelDropped.emit(DesktopNotifications.name, str(error))
            return
        notifier = QSocketNotifier(channel.fileno(), QSocketNotifier.Type.Read, self)
        notifier.activated.connect(lambda: self._pump(channel, notifier))
        self.channels.append(channel)

    def _pump(self, channel: Channel, notifier: QSocketNotifier) -> None:
        try:
            channel.pump()  # type: ignore[attr-defined]
        except DeliveryError as error:
            notifier.setEnabled(False)
            self._drop(channel, str(error))

    def _drop(self, channel: Channel, why: str) -> None:
        if channel in self.channels[:-1]:  # the banner is never dropped
            self.channels.remove(channel)
            print(f"{APP_NAME}: {channel.name} failed ({why}); using {self.channels[0].name}",
                  file=sys.stderr)
            self.channelDropped.emit(channel.name, why)

    # -- checking and delivering

    def start(self) -> None:
        self.check()

    def check(self) -> None:
        try:
            result = self._scheduler.check()
        except Exception as error:  # a locked or broken database must not stop the app
            print(f"{APP_NAME}: reminder check failed: {error}", file=sys.stderr)
            self._timer.start(RETRY_AFTER_ERROR_MS)
            return
        zone, now = self._backend.rules().zone, self._backend.clock.now()
        for announcement in result.announcements:
            reminder = _message_for(announcement, zone, now)
            if reminder is not None:
                self.deliver(reminder)
        self._arm(result.next_check, now)
        self.update_tray()

    def _arm(self, wake: datetime, now: datetime) -> None:
        self._timer.start(max(0, int((wake - now) / timedelta(milliseconds=1))) + 1)

    def deliver(self, reminder: Message) -> None:
        for channel in list(self.channels):
            try:
                channel.show(reminder)
            except DeliveryError as error:
                self._drop(channel, str(error))
                continue
            self.delivered.emit(channel.name, reminder)
            return

    def update_tray(self) -> None:
        paused = reminders.is_paused()
        self.pause_action.blockSignals(True)
        self.pause_action.setChecked(paused)
        self.pause_action.blockSignals(False)
        if self.tray is not None:
            now = self._backend.clock.now()
            self.tray.show_count(reminders.due_count(self._backend, now), paused)

    def data_changed(self, changes: Changed = Changed.EVERYTHING) -> None:
        """After a change to what a reminder says: withdraw reminders already dealt with, and
        look again."""
        if not changes & ~Changed.DRAFTS:
            return
        still = reminders.still_pending(
            [i for channel in self.channels for m in channel.shown() for i in m.action_ids])
        for channel in self.channels:
            for reminder in channel.shown():
                if not still.intersection(reminder.action_ids):
                    channel.close(reminder)
        self.check()

    def _explain_tray_once(self) -> None:
        """The first time the window hides, say where the app went."""
        settings = QSettings()
        if self.tray is None or settings.value("tray/explained", False, type=bool):
            return
        settings.setValue("tray/explained", True)
        self.tray.icon.showMessage(
            f"{APP_NAME} keeps running", "It will remind you when a follow-up is due. Open or "
            "quit it from its icon in the system tray.", QSystemTrayIcon.MessageIcon.Information)

    # -- what the user's answers do

    def answer(self, reminder: Message, key: str) -> None:
        try:
            if key == DONE:
                actions.complete(self._backend, reminder.action_ids[0])
            elif key == SNOOZE:
                until = self._backend.clock.now() + timedelta(hours=SNOOZE_FOR_HOURS)
                reminders.snooze_due(self._backend, until, list(reminder.action_ids))
            elif key == OPEN:
                self._open(reminder)
                return
        except UserError as error:  # done meanwhile in the window, say
            self._window.statusBar().showMessage(str(error), 8000)
        self._window.apply_changes(Changed.PLAN)

    def _open(self, reminder: Message) -> None:
        if reminder.application_id is not None:
            self.open_window(None)
            self._window.open_application(reminder.application_id)
        else:
            self.open_window("Due")

    def open_window(self, page: str | None) -> None:
        self._window.bring_to_front()
        if page is not None:
            self._window.go_to(page)

    def snooze_all(self) -> None:
        until = self._backend.clock.now() + timedelta(hours=1)
        count = reminders.snooze_due(self._backend, until)
        self._window.statusBar().showMessage(f"Snoozed {counted(count, 'follow-up')} for an hour.",
                                            8000)
        self._window.apply_changes(Changed.PLAN)

    def set_paused(self, paused: bool) -> None:
        reminders.set_paused(self._backend, paused)
        self.check()
