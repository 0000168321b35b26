"""Self-tests of the desktop-session harness (desktop_session.py) with real components: Xvfb,
a private D-Bus bus, dunst and the gtk-sni-tray StatusNotifier host. `notify-send` (libnotify)
and tiny jeepney clients stand in for the app. A missing program fails these tests with the
Debian package to install; `bash scripts/setup.sh test` installs them all."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from desktop_session import (
    NOTIFICATIONS,
    WATCHER,
    DesktopSession,
    missing_commands,
)
from jeepney import DBusAddress, new_method_call
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

COMMANDS = ["Xvfb", "dbus-daemon", "dunst", "gtk-sni-tray-standalone", "setpriv", "import",
            "notify-send"]


@pytest.fixture
def session(tmp_path: Path) -> Iterator[DesktopSession]:
    _require_commands()
    with DesktopSession(tmp_path, tray=False) as started:
        yield started


@pytest.fixture
def tray_session(tmp_path: Path) -> Iterator[DesktopSession]:
    _require_commands()
    with DesktopSession(tmp_path, tray=True) as started:
        yield started


def _require_commands() -> None:
    # A failure, not a skip: CI must not go green on a machine without the desktop parts.
    missing = missing_commands(COMMANDS)
    if missing:
        pytest.fail("missing: " + ", ".join(missing) + "; run `bash scripts/setup.sh test`",
                    pytrace=False)


class NotifySend:
    """notify-send as the notifying client; with actions it waits and prints the chosen key."""

    count = 0

    def __init__(self, session: DesktopSession, *args: str) -> None:
        NotifySend.count += 1
        self.name = f"notify-send-{NotifySend.count}"
        self.session = session
        self.process = session.start_process(self.name, ["notify-send", *args])

    def output(self, timeout: float = 5.0) -> str:
        self.process.wait(timeout=timeout)
        return self.session.log_text(self.name)


def test_every_program_the_harness_runs_is_installed() -> None:
    assert missing_commands(COMMANDS) == [], "run `bash scripts/setup.sh test`"


def test_the_session_is_private_and_nothing_is_activated(session: DesktopSession) -> None:
    env = session.env
    assert env["DISPLAY"] == session.display != os.environ.get("DISPLAY")
    assert env["DBUS_SESSION_BUS_ADDRESS"] == session.bus_address
    assert session.bus_address.startswith(f"unix:path={session.runtime_dir}/")
    assert env["XDG_RUNTIME_DIR"] == str(session.runtime_dir)
    assert session.runtime_dir.stat().st_mode & 0o777 == 0o700
    assert Path(env["HOME"]).is_relative_to(session.directory)
    assert env["QT_QPA_PLATFORM"] == "xcb"  # not the offscreen platform of tests/conftest.py
    # No service directories: only the bus itself could be activated, never a second dunst.
    assert session.call(message_bus.ListActivatableNames())[0] == ["org.freedesktop.DBus"]
    info = DBusAddress("/org/freedesktop/Notifications", bus_name=NOTIFICATIONS,
                       interface=NOTIFICATIONS)
    name, _vendor, version, _spec = session.call(new_method_call(info, "GetServerInformation"))
    assert name == "dunst", (name, version)
    assert not session.name_has_owner(WATCHER)
    with pytest.raises(RuntimeError, match="no tray"):
        session.tray_items()


def test_a_notify_call_is_recorded_with_its_arguments_and_id(session: DesktopSession) -> None:
    NotifySend(session, "--app-name=Follow-up", "--urgency=critical", "--category=reminder",
               "--expire-time=5000", "--hint=string:x-followup-id:42", "--action=done=Done",
               "--action=snooze=Snooze 1 h", "Thank Ada", "Interview at Acme yesterday")

    notification = session.wait_for_notify(lambda sent: sent.summary == "Thank Ada")

    assert notification.app_name == "Follow-up"
    assert notification.body == "Interview at Acme yesterday"
    assert notification.actions == ["done", "Done", "snooze", "Snooze 1 h"]
    assert notification.action_labels == {"done": "Done", "snooze": "Snooze 1 h"}
    assert notification.hints["urgency"] == 2
    assert notification.hint_signatures["urgency"] == "y"  # the type the spec asks for
    assert notification.hints["category"] == "reminder"
    assert notification.hints["x-followup-id"] == "42"
    assert notification.expire_timeout == 5000
    assert notification.replaces_id == 0
    assert isinstance(notification.id, int) and notification.id > 0
    assert notification.error is None
    assert session.notifications == [notification]


def test_waiting_for_a_notify_that_never_comes_lists_what_did(session: DesktopSession) -> None:
    NotifySend(session, "--app-name=Follow-up", "Something else", "body text").output()
    with pytest.raises(AssertionError) as failure:
        session.wait_for_notify(lambda sent: sent.summary == "Thank Ada", timeout=0.3)
    message = str(failure.value)
    assert "no matching Notify call within 0.3 s" in message
    assert "'Something else'" in message and "'body text'" in message


def test_invoke_action_makes_dunst_send_action_invoked_to_the_client(
        session: DesktopSession) -> None:
    client = NotifySend(session, "--app-name=Follow-up", "--action=done=Done",
                        "--action=snooze=Snooze", "--action=default=Open", "Thank Ada", "body")
    notification = session.wait_for_notify()

    invoked = session.invoke_action("snooze")

    assert invoked.args == (notification.id, "snooze")
    # dunst addresses the signal to the notifying connection only; the recorder, a monitor,
    # sees it all the same, and the client got it: notify-send prints the key it received.
    assert invoked.destination == notification.sender
    assert client.output() == "snooze\n"


def test_invoke_action_picks_the_notification_and_the_key(session: DesktopSession) -> None:
    first = NotifySend(session, "--action=done=Done", "--action=skip=Skip", "First", "one")
    older = session.wait_for_notify(lambda sent: sent.summary == "First")
    second = NotifySend(session, "--action=done=Done", "--action=skip=Skip", "Second", "two")
    newer = session.wait_for_notify(lambda sent: sent.summary == "Second")

    assert session.invoke_action("done", older).args == (older.id, "done")
    assert first.output() == "done\n"
    assert session.invoke_action("skip").args == (newer.id, "skip")  # default: the newest
    assert second.output() == "skip\n"


def test_an_action_the_notification_lacks_fails_with_the_menu(session: DesktopSession) -> None:
    NotifySend(session, "--action=done=Done", "Thank Ada", "body")
    notification = session.wait_for_notify()
    with pytest.raises(AssertionError) as failure:
        session.invoke_action("snooze", notification, timeout=0.5)
    message = str(failure.value)
    assert f"dunst did not invoke 'snooze' on notification {notification.id}" in message
    assert f"#Done (Thank Ada) [{notification.id},done]" in message


def test_invoke_default_is_a_click_on_the_notification(session: DesktopSession) -> None:
    client = NotifySend(session, "--action=done=Done", "--action=default=Open", "Click", "me")
    notification = session.wait_for_notify()
    assert session.invoke_default().args == (notification.id, "default")
    assert client.output() == "default\n"

    NotifySend(session, "--action=done=Done", "--action=skip=Skip", "No default", "here")
    session.wait_for_notify(lambda sent: sent.summary == "No default")
    with pytest.raises(AssertionError, match="no default action at position 0"):
        session.invoke_default(timeout=0.5)


def test_notifications_stay_until_the_test_acts(session: DesktopSession) -> None:
    NotifySend(session, "--expire-time=100", "Short-lived", "body").output()
    notification = session.wait_for_notify()
    time.sleep(0.4)
    assert notification.expire_timeout == 100  # recorded as sent...
    assert session.displayed_count() == 1  # ...but dunst keeps it (dunstrc: e2e-never-expire)
    session.close_all()
    closed = session.wait_for_signal("NotificationClosed")
    assert closed.args == (notification.id, 2)  # 2: dismissed by the user
    assert session.displayed_count() == 0


def test_set_rule_lets_a_test_see_expiry_again(session: DesktopSession) -> None:
    session.set_rule("e2e-never-expire", False)  # `dunstctl rule e2e-never-expire disable`
    NotifySend(session, "--expire-time=100", "Short-lived", "body").output()
    notification = session.wait_for_notify()
    closed = session.wait_for_signal("NotificationClosed", timeout=5)
    assert closed.args == (notification.id, 1)  # 1: expired


def test_a_screenshot_shows_the_notification(session: DesktopSession) -> None:
    NotifySend(session, "--app-name=Follow-up", "Thank Ada", "Interview at Acme yesterday")
    session.wait_for_notify()
    shot = session.screenshot(session.directory / "screen.ppm")
    width, height, pixels = _read_ppm(shot)
    assert (width, height) == (1280, 800)

    def lit(left: int, top: int, right: int, bottom: int) -> int:
        return sum(1 for y in range(top, bottom, 4) for x in range(left, right, 4)
                   if pixels[(y * width + x) * 3:(y * width + x) * 3 + 3] != b"\0\0\0")

    assert lit(width - 380, 0, width, 120) > 500  # dunst's window, top right (dunstrc)
    assert lit(0, 200, width - 400, height) == 0  # the rest of the empty screen is black


def test_the_tray_watcher_lists_registered_items(tray_session: DesktopSession) -> None:
    assert tray_session.name_has_owner(WATCHER)
    assert tray_session.tray_items() == []
    item = open_dbus_connection(bus=tray_session.bus_address)
    try:
        watcher = DBusAddress("/StatusNotifierWatcher", bus_name=WATCHER, interface=WATCHER)
        item.send_and_get_reply(
            new_method_call(watcher, "RegisterStatusNotifierItem", "s", (item.unique_name,)),
            timeout=5)
        assert tray_session.tray_items() == [item.unique_name]
    finally:
        item.close()
    deadline = time.monotonic() + 5
    while tray_session.tray_items() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert tray_session.tray_items() == []  # the watcher forgets an item whose client left


QT_CLIENT = """
import sys
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from PySide6.QtCore import QTimer
app = QApplication(sys.argv)
available = QSystemTrayIcon.isSystemTrayAvailable()
print("tray available:", available, flush=True)
pixmap = QPixmap(22, 22)
pixmap.fill(QColor("teal"))
icon = QSystemTrayIcon(QIcon(pixmap))
icon.show()
icon.showMessage("From Qt", "A tray message", QSystemTrayIcon.MessageIcon.Information, 0)
if available:
    QTimer.singleShot(20_000, app.quit)  # the test ends it sooner
    app.exec()
"""


@pytest.mark.parametrize("tray", [True, False], ids=["tray", "no-tray"])
def test_a_qt_app_finds_the_tray_exactly_when_there_is_one(tmp_path: Path, tray: bool) -> None:
    """What the app relies on: under the session's env, Qt uses the StatusNotifier tray, and
    showMessage becomes a real Notify call; without a tray Qt says so."""
    _require_commands()
    with DesktopSession(tmp_path, tray=tray) as session:
        client = session.start_process("qt-client", [sys.executable, "-c", QT_CLIENT])
        if tray:
            message = session.wait_for_notify(lambda sent: sent.summary == "From Qt")
            assert message.body == "A tray message"
            (item,) = session.wait_for_tray_items(1)
            assert item.startswith(message.sender), item  # Qt's own connection
            client.terminate()
        client.wait(timeout=20)
        assert f"tray available: {tray}" in session.log_text("qt-client")


def test_teardown_ends_every_process_even_after_a_failure(tmp_path: Path) -> None:
    _require_commands()
    with pytest.raises(ZeroDivisionError), DesktopSession(tmp_path, tray=True) as session:
        NotifySend(session, "--action=done=Done", "Waiting", "for ever")
        session.wait_for_notify()
        processes = [process for _, process in session.processes]
        names = [name for name, _ in session.processes]
        runtime_dir = session.runtime_dir
        # Xvfb takes a free display by binding its socket (it writes no /tmp/.X*-lock here).
        display_socket = Path(f"/tmp/.X11-unix/X{session.display.lstrip(':')}")
        assert display_socket.exists()
        1 / 0  # noqa: B018 - a test that fails inside the session
    assert {"xvfb", "dbus", "dunst", "tray"} < set(names)
    assert all(process.poll() is not None for process in processes)
    assert not any(Path(f"/proc/{process.pid}").exists() for process in processes)
    assert not runtime_dir.exists()
    assert not display_socket.exists()


def test_start_up_is_quick(session: DesktopSession) -> None:
    # Measured here: Xvfb 0.04 s, the bus 0.005 s, dunst 0.01 s, the tray 0.06 s.
    assert sum(session.timings.values()) < 5, session.timings


def _read_ppm(path: Path) -> tuple[int, int, bytes]:
    """A binary 8-bit PPM (P6) as written by ImageMagick: width, height, RGB bytes."""
    data = path.read_bytes()
    magic, size, maxval, pixels = data.split(b"\n", 3)
    width, height = (int(part) for part in size.split())
    assert (magic, maxval) == (b"P6", b"255"), (magic, maxval)
    return width, height, pixels
