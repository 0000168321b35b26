"""A real desktop session for end-to-end tests of notifications and the tray.

`DesktopSession` starts, each as a child process of the test:

- Xvfb on a display number it picks itself (`-displayfd`);
- a private D-Bus session bus (`dbus-daemon` with a generated config: no service directories,
  so nothing is ever auto-activated behind the test's back, and the user's bus is never used);
- a recorder: a second connection that becomes a bus monitor and decodes every
  `org.freedesktop.Notifications` method call, reply and signal;
- `dunst` as the notification server, with `tests/e2e/dunstrc`;
- with `tray=True`, `gtk-sni-tray-standalone --watcher`: a StatusNotifierWatcher and host, the
  kind of tray Qt's QSystemTrayIcon talks to over D-Bus.

`session.env` is the environment for the program under test. Everything is torn down on exit,
also when a test fails; each child also gets SIGKILL if the test process dies (setpriv).

Actions are invoked through dunst itself: the harness asks dunst for its context menu
(`dunstctl context`), dunst writes one line per action of every displayed notification to its
`dmenu` command, here a picker script that prints the line for the wanted id and key, and dunst
then emits `ActionInvoked(id, key)` to the notifying client exactly as for a user's choice.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from helpers.started import Started

try:
    from jeepney import DBusAddress, HeaderFields, Message, MessageType, new_method_call
    from jeepney.bus_messages import Monitoring, message_bus
    from jeepney.io.blocking import DBusConnection, open_dbus_connection
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(
        "tests/e2e/desktop_session.py needs the Python package 'jeepney' (pip install jeepney)"
    ) from error

HERE = Path(__file__).resolve().parent
DUNSTRC = HERE / "dunstrc"

NOTIFICATIONS = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"
DUNST_INTERFACE = "org.dunstproject.cmd0"
WATCHER = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"

# The Debian 12 package that provides each command, for the error message when one is missing.
PACKAGES = {
    "Xvfb": "xvfb",
    "dbus-daemon": "dbus-daemon",
    "dunst": "dunst",
    "gtk-sni-tray-standalone": "haskell-gtk-sni-tray-utils",
    "setpriv": "util-linux",
    "import": "imagemagick",
    "notify-send": "libnotify-bin",
}

# Variables of the surrounding desktop (or of tests/conftest.py) that must not leak into the
# session: the program under test would otherwise talk to the user's bus, display or compositor.
# QT_QPA_PLATFORM is offscreen in the test process, which has no tray and sends no notifications.
_FOREIGN_VARIABLES = (
    "DISPLAY", "XAUTHORITY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET", "DBUS_SESSION_BUS_ADDRESS",
    "DBUS_STARTER_ADDRESS", "DBUS_STARTER_BUS_TYPE", "QT_QPA_PLATFORM", "QT_QPA_PLATFORMTHEME",
    "XDG_CURRENT_DESKTOP", "XDG_SESSION_DESKTOP", "DESKTOP_SESSION", "SESSION_MANAGER",
    "GNOME_DESKTOP_SESSION_ID", "KDE_FULL_SESSION", "XDG_SESSION_TYPE", "XDG_SESSION_ID",
)

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

# dunst's context menu: one line "#label (summary) [id,key]" per action on standard input (the
# last one without a newline, hence `|| [ -n "$line" ]`); the line printed back is invoked.
# The wanted "id,key" is in the file named by the first argument; every menu dunst offered is
# appended to the second file, for the error message.
PICKER = """#!/bin/sh
choice=$(cat "$1" 2>/dev/null)
found=""
while IFS= read -r line || [ -n "$line" ]; do
  printf '%s\\n' "$line" >> "$2"
  case $line in
    *"[$choice]") [ -n "$choice" ] && [ -z "$found" ] && found=$line ;;
  esac
done
printf -- '--\\n' >> "$2"
[ -n "$found" ] && printf '%s\\n' "$found"
exit 0
"""


class DesktopSessionError(RuntimeError):
    """A component did not start or did not do what was asked; the message says why."""


def missing_commands(commands: Sequence[str]) -> list[str]:
    """The commands among `commands` not on PATH, each with the Debian package to install."""
    return [f"{command} (Debian package {PACKAGES.get(command, '?')})"
            for command in commands if shutil.which(command) is None]


def require_commands(commands: Sequence[str]) -> None:
    missing = missing_commands(commands)
    if missing:
        raise DesktopSessionError(
            "missing for the desktop session: " + ", ".join(missing)
            + "; `bash scripts/setup.sh test` installs them")


def _unwrap(value: Any) -> Any:
    """jeepney decodes a variant as (signature, value); tests want the value."""
    return value[1] if isinstance(value, tuple) and len(value) == 2 else value


@dataclass
class Notification:
    """One Notify call as it went over the bus, and the id dunst answered with."""

    app_name: str
    replaces_id: int
    app_icon: str
    summary: str
    body: str
    actions: list[str]  # as sent: key, label, key, label, ...
    hints: dict[str, Any]  # values unwrapped from their variants
    hint_signatures: dict[str, str]  # e.g. {"urgency": "y"}: the D-Bus type the client used
    expire_timeout: int
    sender: str  # the client's unique bus name
    serial: int
    received_at: float  # time.monotonic()
    id: int | None = None  # from the reply; None until it arrives
    error: str | None = None  # the D-Bus error name and message, if the server refused

    @property
    def action_labels(self) -> dict[str, str]:
        """Action key -> label, in the order sent."""
        return dict(zip(self.actions[0::2], self.actions[1::2], strict=False))

    def describe(self) -> str:
        return (f"Notify(id={self.id}, app_name={self.app_name!r}, summary={self.summary!r}, "
                f"body={self.body!r}, actions={self.action_labels}, hints={self.hints}, "
                f"expire_timeout={self.expire_timeout}, sender={self.sender})")


@dataclass
class Signal:
    """A signal of the org.freedesktop.Notifications interface (ActionInvoked, ...)."""

    member: str
    args: tuple[Any, ...]
    sender: str
    destination: str | None  # dunst addresses ActionInvoked to the notifying client only
    received_at: float


@dataclass
class MethodCall:
    """Any other org.freedesktop.Notifications call (CloseNotification, GetCapabilities...)."""

    member: str
    args: tuple[Any, ...]
    sender: str
    received_at: float


@dataclass
class _Log:
    notifications: list[Notification] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    calls: list[MethodCall] = field(default_factory=list)
    pending: dict[tuple[str, int], Notification] = field(default_factory=dict)


class NotificationRecorder:
    """Records the notification traffic on a bus from a monitor connection, in a thread.

    A monitor sees every message that matches its rules, including signals addressed to one
    client (dunst sends ActionInvoked only to the connection that sent the Notify).
    """

    RULES = (
        f"type='method_call',interface='{NOTIFICATIONS}'",
        "type='method_return'",  # replies carry no interface; matched to calls by serial
        "type='error'",
        f"type='signal',interface='{NOTIFICATIONS}'",
    )

    def __init__(self, address: str) -> None:
        self._connection = open_dbus_connection(bus=address)
        reply = self._connection.send_and_get_reply(
            Monitoring().BecomeMonitor(list(self.RULES)), timeout=5)
        if reply.header.message_type is MessageType.error:
            self._connection.close()
            raise DesktopSessionError(f"BecomeMonitor refused: {reply.body}")
        self._log = _Log()
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="notification-recorder",
                                        daemon=True)
        self._thread.start()

    # Reading --------------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                try:
                    message = self._connection.receive(timeout=0.1)
                except TimeoutError:
                    continue
                except (OSError, ValueError):
                    return  # the bus went away: the session is ending
                self._record(message)
        finally:
            self._connection.close()

    def _record(self, message: Message) -> None:
        header = message.header
        fields = header.fields
        now = time.monotonic()
        with self._changed:
            kind = header.message_type
            if kind is MessageType.method_call and fields.get(HeaderFields.member) == "Notify":
                body = message.body
                hints = dict(body[6])
                notification = Notification(
                    app_name=body[0], replaces_id=body[1], app_icon=body[2], summary=body[3],
                    body=body[4], actions=list(body[5]),
                    hints={key: _unwrap(value) for key, value in hints.items()},
                    hint_signatures={key: value[0] for key, value in hints.items()},
                    expire_timeout=body[7], sender=fields.get(HeaderFields.sender, ""),
                    serial=header.serial, received_at=now)
                self._log.notifications.append(notification)
                self._log.pending[(notification.sender, notification.serial)] = notification
            elif kind is MessageType.method_call:
                self._log.calls.append(MethodCall(
                    member=fields.get(HeaderFields.member, ""), args=tuple(message.body),
                    sender=fields.get(HeaderFields.sender, ""), received_at=now))
            elif kind in (MessageType.method_return, MessageType.error):
                key = (fields.get(HeaderFields.destination, ""),
                       fields.get(HeaderFields.reply_serial, -1))
                notification = self._log.pending.pop(key, None)
                if notification is None:
                    return
                if kind is MessageType.method_return:
                    notification.id = message.body[0]
                else:
                    notification.error = f"{fields.get(HeaderFields.error_name)}: {message.body}"
            elif (kind is MessageType.signal
                  and fields.get(HeaderFields.interface) == NOTIFICATIONS):
                # (The bus also tells the monitor that it lost its own name: not ours.)
                self._log.signals.append(Signal(
                    member=fields.get(HeaderFields.member, ""), args=tuple(message.body),
                    sender=fields.get(HeaderFields.sender, ""),
                    destination=fields.get(HeaderFields.destination), received_at=now))
            self._changed.notify_all()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    # Queries --------------------------------------------------------------------------------

    @property
    def notifications(self) -> list[Notification]:
        with self._changed:
            return list(self._log.notifications)

    @property
    def signals(self) -> list[Signal]:
        with self._changed:
            return list(self._log.signals)

    @property
    def calls(self) -> list[MethodCall]:
        with self._changed:
            return list(self._log.calls)

    def _wait(self, find: Callable[[], Any], timeout: float) -> Any:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = find()
                if found is not None:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._changed.wait(remaining)

    def wait_for_notify(self, predicate: Callable[[Notification], bool] | None = None,
                        timeout: float = 10.0, since: float = 0.0) -> Notification:
        """The first Notify call received at or after `since` (a time.monotonic() value) that
        matches `predicate` and whose reply (or error) has arrived."""
        def find() -> Notification | None:
            for notification in self._log.notifications:
                answered = notification.id is not None or notification.error is not None
                if (answered and notification.received_at >= since
                        and (predicate is None or predicate(notification))):
                    return notification
            return None

        found = self._wait(find, timeout)
        if found is None:
            raise AssertionError(
                f"no matching Notify call within {timeout} s; the bus carried "
                + self._describe(self.notifications))
        return found

    def wait_for_signal(self, member: str,
                        predicate: Callable[[Signal], bool] | None = None,
                        timeout: float = 10.0, since: float = 0.0) -> Signal:
        """The first signal `member` (e.g. "ActionInvoked") received at or after `since`
        (a time.monotonic() value) that matches `predicate`."""
        def find() -> Signal | None:
            for sent in self._log.signals:
                if (sent.member == member and sent.received_at >= since
                        and (predicate is None or predicate(sent))):
                    return sent
            return None

        found = self._wait(find, timeout)
        if found is None:
            seen = [f"{sent.member}{sent.args}" for sent in self.signals]
            raise AssertionError(f"no matching {member} signal within {timeout} s; signals "
                                 f"seen: {seen or 'none'}")
        return found

    @staticmethod
    def _describe(notifications: Sequence[Notification]) -> str:
        if not notifications:
            return "no Notify call at all"
        return f"{len(notifications)} Notify call(s):\n" + "\n".join(
            "  " + notification.describe() for notification in notifications)


@dataclass
class _Child:
    name: str
    process: subprocess.Popen[bytes]
    log: IO[bytes]


class DesktopSession(Started):
    """Xvfb + a private session bus + dunst (+ a StatusNotifier tray), for one test or module.

    Use as a context manager. `directory` receives the logs (`logs/NAME.log`), the dunstrc,
    HOME and the XDG folders; the bus socket lives in a short private folder under /tmp
    because a Unix socket path may not be longer than 107 bytes.
    """

    def __init__(self, directory: Path, *, tray: bool = False,
                 screen: str = "1280x800x24", start_timeout: float = 10.0) -> None:
        self.directory = Path(directory)
        self.tray = tray
        self.screen = screen
        self.start_timeout = start_timeout
        self.display = ""
        self.bus_address = ""
        self.timings: dict[str, float] = {}  # seconds each component took to become ready
        self.tray_restarts = 0
        self.runtime_dir = Path()
        self._choice_file = Path()  # set when dunst starts
        self._menu_log = Path()
        self._children: list[_Child] = []
        self._recorder: NotificationRecorder | None = None
        self._bus: DBusConnection | None = None
        self._bus_lock = threading.Lock()
        self._base_env: dict[str, str] = {}

    # Start and stop -------------------------------------------------------------------------

    def start(self) -> None:
        commands = ["Xvfb", "dbus-daemon", "dunst", "setpriv"]
        if self.tray:
            commands.append("gtk-sni-tray-standalone")
        require_commands(commands)
        (self.directory / "logs").mkdir(parents=True, exist_ok=True)
        self.runtime_dir = Path(tempfile.mkdtemp(prefix="e2e-desktop-", dir="/tmp"))
        self.runtime_dir.chmod(0o700)
        self._base_env = self._make_base_env()

        started = time.monotonic()
        self._start_xvfb()
        self._mark("xvfb", started)

        started = time.monotonic()
        self._start_bus()
        self._mark("dbus", started)

        started = time.monotonic()
        self._recorder = NotificationRecorder(self.bus_address)
        self._mark("recorder", started)

        started = time.monotonic()
        self._start_dunst()
        self._mark("dunst", started)

        if self.tray:
            started = time.monotonic()
            self._start_tray()
            self._mark("tray", started)

    def close(self) -> None:
        """Stop every child, newest first (the program under test before its servers)."""
        for child in reversed(self._children):
            if child.name == "dbus":
                self._close_connections()  # before their bus goes away under them
            _stop(child.process)
        self._close_connections()
        for child in self._children:
            child.log.close()
        self._children.clear()
        if self.runtime_dir != Path() and self.runtime_dir.exists():
            shutil.rmtree(self.runtime_dir, ignore_errors=True)

    def _close_connections(self) -> None:
        if self._recorder is not None:
            self._recorder.close()
            self._recorder = None
        if self._bus is not None:
            with suppress(OSError):
                self._bus.close()
            self._bus = None

    def _mark(self, name: str, started: float) -> None:
        self.timings[name] = round(time.monotonic() - started, 3)

    def _make_base_env(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if key not in _FOREIGN_VARIABLES}
        home = self.directory / "home"
        for sub in (".config", ".local/share", ".cache", ".local/state"):
            (home / sub).mkdir(parents=True, exist_ok=True)
        env.update({
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local/share"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_STATE_HOME": str(home / ".local/state"),
            "XDG_RUNTIME_DIR": str(self.runtime_dir),
            "XDG_SESSION_TYPE": "x11",
            # GTK (the tray) would otherwise try to start the accessibility bus and dconf.
            "NO_AT_BRIDGE": "1",
            "GSETTINGS_BACKEND": "memory",
            # A real X window, so Qt finds the tray and sends notifications over D-Bus.
            "QT_QPA_PLATFORM": "xcb",
        })
        return env

    @property
    def env(self) -> dict[str, str]:
        """The environment for a program under test: this session's display and bus only."""
        env = dict(self._base_env)
        if self.display:
            env["DISPLAY"] = self.display
        if self.bus_address:
            env["DBUS_SESSION_BUS_ADDRESS"] = self.bus_address
        return env

    def start_process(self, name: str, argv: Sequence[str], *,
                      env: Mapping[str, str] | None = None,
                      pass_fds: Sequence[int] = ()) -> subprocess.Popen[bytes]:
        """Start `argv` in this session (stdout and stderr to logs/NAME.log); it is stopped
        with the session, and killed if the test process dies."""
        log = (self.directory / "logs" / f"{name}.log").open("ab")
        # setpriv --pdeathsig: a crashed or killed pytest leaves no server behind.
        # start_new_session: stopping the process group also ends what the child started.
        process = subprocess.Popen(
            ["setpriv", "--pdeathsig", "KILL", "--", *argv], env=dict(env or self.env),
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            pass_fds=tuple(pass_fds), start_new_session=True, cwd=self.directory)
        self._children.append(_Child(name, process, log))
        return process

    @property
    def processes(self) -> list[tuple[str, subprocess.Popen[bytes]]]:
        """(name, process) of every child started so far, oldest first."""
        return [(child.name, child.process) for child in self._children]

    def log_text(self, name: str) -> str:
        path = self.directory / "logs" / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def _fail(self, message: str, name: str) -> DesktopSessionError:
        log = self.log_text(name).strip() or "(empty)"
        return DesktopSessionError(f"{message}\n--- logs/{name}.log ---\n{log[-4000:]}")

    def _read_line_from(self, fd: int, name: str, process: subprocess.Popen[bytes]) -> str:
        """One line the child writes to the pipe `fd` once it is ready."""
        deadline = time.monotonic() + self.start_timeout
        data = b""
        try:
            while not data.endswith(b"\n"):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise self._fail(f"{name} did not get ready in {self.start_timeout} s", name)
                readable, _, _ = select.select([fd], [], [], min(remaining, 0.2))
                if readable:
                    chunk = os.read(fd, 1024)
                    if not chunk:
                        break
                    data += chunk
                elif process.poll() is not None:
                    break
        finally:
            os.close(fd)
        if not data.endswith(b"\n"):
            raise self._fail(f"{name} exited with status {process.poll()} before it was ready",
                             name)
        return data.decode().strip()

    def _start_xvfb(self) -> None:
        read_end, write_end = os.pipe()
        try:
            process = self.start_process(
                "xvfb", ["Xvfb", "-displayfd", str(write_end), "-screen", "0", self.screen,
                         "-nolisten", "tcp", "-noreset"],
                env=self._base_env, pass_fds=[write_end])
        finally:
            os.close(write_end)
        # Xvfb writes the display number it took once it accepts connections.
        self.display = ":" + self._read_line_from(read_end, "xvfb", process)

    def _start_bus(self) -> None:
        # No <servicedir>: with the standard session config the bus would start dunst by
        # itself from /usr/share/dbus-1/services on the first Notify, hiding a missing server
        # and racing the one started here. Here a call to an absent server fails at once.
        config = self.runtime_dir / "bus.conf"
        config.write_text(BUS_CONFIG.format(socket=self.runtime_dir / "bus"))
        read_end, write_end = os.pipe()
        try:
            process = self.start_process(
                "dbus", ["dbus-daemon", f"--config-file={config}", "--nofork", "--nopidfile",
                         f"--print-address={write_end}"],
                env=self._base_env, pass_fds=[write_end])
        finally:
            os.close(write_end)
        self.bus_address = self._read_line_from(read_end, "dbus", process)
        self._bus = open_dbus_connection(bus=self.bus_address)

    def _start_dunst(self) -> None:
        picker = self.runtime_dir / "dunst-menu-picker"
        picker.write_text(PICKER)
        picker.chmod(0o700)
        self._choice_file = self.runtime_dir / "dunst-menu-choice"
        self._menu_log = self.directory / "logs" / "dunst-menu.log"
        menu_command = f"{picker} {self._choice_file} {self._menu_log}"
        if any(char.isspace() or char in "'\"\\" for char in str(self.directory)):
            raise DesktopSessionError(f"dunst cannot run a menu from {self.directory}")
        config = self.directory / "dunstrc"
        config.write_text(DUNSTRC.read_text().replace("@DMENU@", menu_command))
        process = self.start_process("dunst", ["dunst", "-config", str(config)])
        self._wait_until(lambda: self.name_has_owner(NOTIFICATIONS),
                         f"dunst to own {NOTIFICATIONS}", "dunst", process)

    def _start_tray(self, attempts: int = 3) -> None:
        # gtk-sni-tray 0.1.8 starts its watcher on a second connection and registers its host
        # with it at once; now and then (about 1 start in 60 here) the watcher's object is
        # not exported yet, the host gets UnknownObject and the program exits with "Pattern
        # match failure". It is a start-up race only, so a fresh start is the remedy.
        for attempt in range(1, attempts + 1):
            # --bottom: a 30 px bar along the bottom edge, icons from the left; without its
            # strut settings (--no-strut) it would be a 200x200 window at the top left.
            process = self.start_process("tray", ["gtk-sni-tray-standalone", "--watcher",
                                                  "--bottom"])
            try:
                # Qt chooses its D-Bus tray only once a host has registered with the watcher.
                self._wait_until(lambda: self.name_has_owner(WATCHER) and self._host_registered(),
                                 f"{WATCHER} with a registered host", "tray", process)
            except DesktopSessionError:
                if attempt == attempts or process.poll() is None:
                    raise
                self.tray_restarts = attempt
            else:
                return

    def _wait_until(self, condition: Callable[[], bool], what: str, name: str,
                    process: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + self.start_timeout
        while not condition():
            if process.poll() is not None:
                raise self._fail(f"{name} exited with status {process.returncode} "
                                 f"while waiting for {what}", name)
            if time.monotonic() > deadline:
                raise self._fail(f"timed out after {self.start_timeout} s waiting for {what}",
                                 name)
            time.sleep(0.01)

    # The bus --------------------------------------------------------------------------------

    def call(self, message: Message, timeout: float = 5.0) -> tuple[Any, ...]:
        """Send a method call from the harness's own connection; raise on a D-Bus error."""
        if self._bus is None:
            raise DesktopSessionError("the session bus is not running")
        with self._bus_lock:
            reply = self._bus.send_and_get_reply(message, timeout=timeout)
        if reply.header.message_type is MessageType.error:
            name = reply.header.fields.get(HeaderFields.error_name)
            raise DesktopSessionError(f"{name}: {reply.body}")
        return tuple(reply.body)

    def name_has_owner(self, name: str) -> bool:
        return bool(self.call(message_bus.NameHasOwner(name))[0])

    def _watcher_property(self, name: str) -> Any:
        address = DBusAddress(WATCHER_PATH, bus_name=WATCHER,
                              interface="org.freedesktop.DBus.Properties")
        message = new_method_call(address, "Get", "ss", (WATCHER, name))
        return _unwrap(self.call(message)[0])

    def _host_registered(self) -> bool:
        try:
            return bool(self._watcher_property("IsStatusNotifierHostRegistered"))
        except DesktopSessionError:
            return False  # the watcher's name is owned before its object is exported

    def tray_items(self) -> list[str]:
        """The watcher's RegisteredStatusNotifierItems ("busname/path" or "busname")."""
        if not self.tray:
            raise DesktopSessionError("this session has no tray (tray=False)")
        return list(self._watcher_property("RegisteredStatusNotifierItems"))

    def wait_for_tray_items(self, count: int = 1, timeout: float = 10.0) -> list[str]:
        """tray_items() once at least `count` items have registered; AssertionError if not."""
        deadline = time.monotonic() + timeout
        while len(items := self.tray_items()) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(items)} tray item(s) after {timeout} s, not "
                                     f"{count}: {items}")
            time.sleep(0.02)
        return items

    def _dunst(self, member: str, signature: str | None = None,
               args: tuple[Any, ...] = ()) -> tuple[Any, ...]:
        address = DBusAddress(NOTIFICATIONS_PATH, bus_name=NOTIFICATIONS,
                              interface=DUNST_INTERFACE)
        return self.call(new_method_call(address, member, signature, args))

    # Notifications --------------------------------------------------------------------------

    @property
    def recorder(self) -> NotificationRecorder:
        if self._recorder is None:
            raise DesktopSessionError("the session is not running")
        return self._recorder

    @property
    def notifications(self) -> list[Notification]:
        """Every Notify call so far, oldest first."""
        return self.recorder.notifications

    @property
    def signals(self) -> list[Signal]:
        """Every org.freedesktop.Notifications signal so far (ActionInvoked, ...)."""
        return self.recorder.signals

    def wait_for_notify(self, predicate: Callable[[Notification], bool] | None = None,
                        timeout: float = 10.0, since: float = 0.0) -> Notification:
        """The first Notify call (with its reply) after `since` that matches; AssertionError
        listing every Notify call seen if none does within `timeout` seconds."""
        return self.recorder.wait_for_notify(predicate, timeout, since)

    def wait_for_signal(self, member: str, predicate: Callable[[Signal], bool] | None = None,
                        timeout: float = 10.0, since: float = 0.0) -> Signal:
        """The first org.freedesktop.Notifications signal `member` after `since`."""
        return self.recorder.wait_for_signal(member, predicate, timeout, since)

    def _target(self, notification: Notification | int | None) -> int:
        if isinstance(notification, int):
            return notification
        if notification is None:
            answered = [item for item in self.notifications if item.id is not None]
            if not answered:
                raise AssertionError("no notification to act on: no Notify call was answered")
            notification = answered[-1]
        if notification.id is None:
            raise AssertionError(f"dunst gave no id for {notification.describe()}")
        return notification.id

    def invoke_action(self, key: str, notification: Notification | int | None = None,
                      timeout: float = 5.0) -> Signal:
        """Choose action `key` of a displayed notification (default: the newest) through
        dunst's context menu, as a user would; returns the ActionInvoked signal dunst sent."""
        target = self._target(notification)
        self._choice_file.write_text(f"{target},{key}")
        since = time.monotonic()
        self._dunst("ContextMenuCall")  # what `dunstctl context` sends
        try:
            return self.wait_for_signal(
                "ActionInvoked", lambda sent: sent.args == (target, key), timeout, since)
        except AssertionError as error:
            menu = self._menu_log.read_text() if self._menu_log.exists() else "(never opened)"
            raise AssertionError(f"dunst did not invoke {key!r} on notification {target}: "
                                 f"{error}\nmenus dunst offered:\n{menu}") from None
        finally:
            self._choice_file.write_text("")

    def invoke_default(self, position: int = 0, timeout: float = 5.0) -> Signal:
        """What a click on the notification at `position` (0: top) does: `dunstctl action`.
        dunst invokes the "default" action, or the only action there is; else nothing."""
        self._choice_file.write_text("")  # so a fallback context menu chooses nothing
        since = time.monotonic()
        self._dunst("NotificationAction", "u", (position,))
        try:
            return self.wait_for_signal("ActionInvoked", timeout=timeout, since=since)
        except AssertionError as error:
            raise AssertionError(
                f"dunst invoked no default action at position {position} (it needs an action "
                f"\"default\" or exactly one action): {error}") from None

    def close_all(self) -> None:
        """Dismiss every displayed notification (`dunstctl close-all`)."""
        self._dunst("NotificationCloseAll")

    def set_rule(self, name: str, enabled: bool) -> None:
        """`dunstctl rule NAME enable|disable` for a section of tests/e2e/dunstrc. dunst
        applies rules when a notification arrives: displayed ones keep what they got."""
        self._dunst("RuleEnable", "si", (name, 1 if enabled else 0))

    def displayed_count(self) -> int:
        address = DBusAddress(NOTIFICATIONS_PATH, bus_name=NOTIFICATIONS,
                              interface="org.freedesktop.DBus.Properties")
        message = new_method_call(address, "Get", "ss", (DUNST_INTERFACE, "displayedLength"))
        return int(_unwrap(self.call(message)[0]))

    # The screen -----------------------------------------------------------------------------

    def screenshot(self, path: Path, settle: float = 0.2) -> Path:
        """The whole Xvfb screen as an 8-bit image file (format from the suffix: .png, .ppm).

        dunst draws a notification a few milliseconds after it answered Notify (measured:
        nothing at once, all of it after 20 ms), hence the `settle` seconds of waiting first.
        """
        require_commands(["import"])
        time.sleep(settle)
        subprocess.run(["import", "-display", self.display, "-window", "root", "-depth", "8",
                        str(path)], env=self.env, check=True, capture_output=True, timeout=30)
        return path


def _stop(process: subprocess.Popen[bytes], grace: float = 3.0) -> None:
    """SIGTERM to the child's process group, SIGKILL after `grace` seconds."""
    if process.poll() is not None:
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)  # leftovers of an exited group leader
        return
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=grace)
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)

