"""Desktop notifications over the session D-Bus (the freedesktop Notifications spec), with
jeepney: PySide6's QtDBus sends a wrong integer type for Notify from Python.

The connection is blocking but used without blocking: replies are awaited with a short timeout,
and the signals that say a button was pressed are read when the socket is readable (the caller
watches `fileno()` and calls `pump()`), so no thread is needed.
"""

from __future__ import annotations

import html
from collections import deque
from collections.abc import Callable

from jeepney import MatchRule, MessageGenerator, message_bus, new_method_call
from jeepney.io.blocking import DBusConnection, Proxy, open_dbus_connection
from jeepney.low_level import HeaderFields, Message, MessageType

from followup_desktop.services.reminder_messages import Message as Reminder

BUS_NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
REPLY_TIMEOUT = 2.0
URGENCY_NORMAL = 1


class DeliveryError(Exception):
    """The channel cannot deliver now; the caller drops it and uses the next one."""


class _Notifications(MessageGenerator):
    interface = BUS_NAME

    def __init__(self) -> None:
        super().__init__(object_path=PATH, bus_name=BUS_NAME)

    def GetCapabilities(self) -> Message:  # method names as the D-Bus interface spells them
        return new_method_call(self, "GetCapabilities")

    def Notify(self, app_name: str, icon: str, summary: str, body: str,
               actions: list[str], hints: dict[str, tuple[str, object]]) -> Message:
        return new_method_call(self, "Notify", "susssasa{sv}i",
                               (app_name, 0, icon, summary, body, actions, hints, -1))

    def CloseNotification(self, notification_id: int) -> Message:
        return new_method_call(self, "CloseNotification", "u", (notification_id,))


class DesktopNotifications:
    """Sends reminders to the desktop's notification server and reports its buttons.

    `on_action(reminder, key)` is called when the user presses a button (or clicks the
    notification: key "default").
    """

    name = "desktop notifications"

    def __init__(self, app_name: str, icon: str, desktop_entry: str,
                 on_action: Callable[[Reminder, str], None]) -> None:
        self._app_name, self._icon, self._desktop_entry = app_name, icon, desktop_entry
        self._on_action = on_action
        self._shown: dict[int, Reminder] = {}
        self._signals: deque[Message] = deque()
        try:
            self._conn: DBusConnection = open_dbus_connection("SESSION", auth_timeout=1.0)
        except (OSError, KeyError, ValueError, TimeoutError) as error:  # no session bus
            raise DeliveryError(f"no session bus ({error})") from error
        try:
            self._proxy = Proxy(_Notifications(), self._conn, timeout=REPLY_TIMEOUT)
            self.capabilities = set(self._proxy.GetCapabilities()[0])
            self._listen_to(self._owner())
        except Exception as error:
            self._conn.close()
            raise DeliveryError(f"no notification server ({error})") from error

    def _owner(self) -> str:
        bus = Proxy(message_bus, self._conn, timeout=REPLY_TIMEOUT)
        return str(bus.GetNameOwner(BUS_NAME)[0])

    def _listen_to(self, owner: str) -> None:
        """Only the server that showed our notifications may tell us a button was pressed."""
        rule = MatchRule(type="signal", sender=owner, interface=BUS_NAME, path=PATH)
        Proxy(message_bus, self._conn, timeout=REPLY_TIMEOUT).AddMatch(rule)
        self._conn.filter(rule, queue=self._signals)

    def fileno(self) -> int:
        return self._conn.sock.fileno()

    def show(self, reminder: Reminder) -> None:
        actions = [part for key, label in reminder.buttons for part in (key, label)]
        if "actions" not in self.capabilities:
            actions = []
        hints = {"desktop-entry": ("s", self._desktop_entry),
                 "urgency": ("y", URGENCY_NORMAL)}
        try:
            reply = self._proxy.Notify(self._app_name, self._icon, reminder.summary,
                                       self._body(reminder.body), actions, hints)
        except Exception as error:  # the server went away, or answered with an error
            raise DeliveryError(str(error)) from error
        self._shown[int(reply[0])] = reminder
        self.pump()  # a reply read may have pulled signals into the queue

    def _body(self, text: str) -> str:
        """Servers that render markup in the body get it escaped: names are data, not HTML."""
        return html.escape(text, quote=False) if "body-markup" in self.capabilities else text

    def close(self, reminder: Reminder) -> None:
        """Withdraw a reminder that was dealt with in the window."""
        for notification_id, shown in list(self._shown.items()):
            if shown is reminder:
                del self._shown[notification_id]
                try:
                    self._proxy.CloseNotification(notification_id)
                except Exception:  # already gone from the server; nothing to withdraw
                    return

    def shown(self) -> list[Reminder]:
        return list(self._shown.values())

    def pump(self) -> None:
        """Read what arrived and act on it; raises DeliveryError if the bus connection broke."""
        while True:
            try:
                self._conn.recv_messages(timeout=0)
            except TimeoutError:
                break
            except (OSError, EOFError, ConnectionError) as error:
                raise DeliveryError(f"the session bus connection closed ({error})") from error
        while self._signals:
            self._dispatch(self._signals.popleft())

    def _dispatch(self, message: Message) -> None:
        header = message.header
        if header.message_type is not MessageType.signal:
            return
        member = header.fields.get(HeaderFields.member)
        if member == "ActionInvoked":
            notification_id, key = message.body
            reminder = self._shown.get(int(notification_id))
            if reminder is not None:
                self._on_action(reminder, str(key))
        elif member == "NotificationClosed":
            self._shown.pop(int(message.body[0]), None)

    def shutdown(self) -> None:
        self._conn.close()
