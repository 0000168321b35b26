"""Start at login: an XDG autostart entry on Linux and the BSDs.

Desktop sessions that follow the XDG Autostart spec (GNOME, KDE, Xfce, ...) start every
`$XDG_CONFIG_HOME/autostart/*.desktop` at login. The entry is named after APP_ID, the same file
`packaging/install.sh --autostart` writes, so the app and the installer manage one file: enabling
here overwrites the installer's, disabling removes it (the uninstaller tolerates its absence).
Windows and macOS have their own mechanisms; docs/autostart.md gives the steps to do it by hand.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from followup_desktop import APP_ID, APP_NAME
from followup_desktop.services.errors import UserError

# The app starts with its window hidden when a system tray exists (and shown when none does).
HIDDEN_FLAG = "--hidden"
# Arguments made only of these need no quoting in Exec= (the same set as install.sh's
# exec_value, so both write the same line for the same path).
_SAFE_ARGUMENT = re.compile(r"[A-Za-z0-9/._+-]+")
# Inside double quotes these four take a backslash (Desktop Entry spec, "The Exec key").
_ESCAPED_IN_QUOTES = re.compile(r'(["`$\\])')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_UNIX_LIKE = ("linux", "freebsd", "openbsd", "netbsd", "dragonfly")


def is_supported(platform: str | None = None) -> bool:
    """True where desktop sessions read XDG autostart entries; Windows and macOS do not."""
    return (platform or sys.platform).startswith(_UNIX_LIKE)


def entry_path(env: Mapping[str, str] | None = None) -> Path:
    """`$XDG_CONFIG_HOME/autostart/<APP_ID>.desktop`; a relative XDG_CONFIG_HOME is ignored, as
    the XDG spec says (and install.sh does), so both always agree on the file."""
    env = os.environ if env is None else env
    config_home = env.get("XDG_CONFIG_HOME", "")
    if not os.path.isabs(config_home):
        home = env.get("HOME") or str(Path.home())
        config_home = os.path.join(home, ".config")
    return Path(config_home) / "autostart" / f"{APP_ID}.desktop"


def is_enabled(env: Mapping[str, str] | None = None) -> bool:
    """Whether the session will start the app: the entry exists and does not switch itself off
    (a user or a settings tool may have set Hidden=true or X-GNOME-Autostart-enabled=false)."""
    path = entry_path(env)
    if not path.is_file():
        return False
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return True  # there but unreadable: the session may still start it
    keys = {line.partition("=")[0].strip(): line.partition("=")[2].strip() for line in lines}
    return keys.get("Hidden") != "true" and keys.get("X-GNOME-Autostart-enabled") != "false"


def launch_command() -> list[str]:
    """How to start this very copy of the app: the frozen bundle's executable, or the Python
    that runs it now (a venv's interpreter finds the package without a PATH)."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "followup_desktop"]


def exec_argument(argument: str) -> str:
    """One argument quoted by the Desktop Entry rules, before the string-level escaping."""
    if _SAFE_ARGUMENT.fullmatch(argument):
        return argument
    quoted = _ESCAPED_IN_QUOTES.sub(r"\\\1", argument).replace("%", "%%")
    return f'"{quoted}"'


def exec_value(arguments: Sequence[str]) -> str:
    """The Exec= value: each argument quoted, then every backslash doubled because Exec is also
    a string value, whose own escaping is undone before the quoting is."""
    return _string_value(" ".join(exec_argument(argument) for argument in arguments))


def _string_value(text: str) -> str:
    """The string-level escape of a desktop entry value (control characters never get here)."""
    return text.replace("\\", "\\\\")


def entry_text(command: Sequence[str], data_dir: Path | None) -> str:
    """The whole desktop entry for starting `command` hidden, on `data_dir` if one is given."""
    arguments = [*command, HIDDEN_FLAG]
    if data_dir is not None:
        arguments += ["--data-dir", str(Path(data_dir).absolute())]
    _check_representable(arguments)
    # TryExec: once this copy is deleted (an uninstall, a removed venv) the session skips the
    # entry silently instead of reporting a failed start at every login.
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        f"Name={APP_NAME}",
        f"Comment=Start {APP_NAME} at login, hidden in the system tray when there is one",
        f"Exec={exec_value(arguments)}",
        f"TryExec={_string_value(command[0])}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
    ]
    return "\n".join(lines) + "\n"


def _check_representable(arguments: Sequence[str]) -> None:
    """Control characters are refused: launchers disagree on how Exec= escapes them (install.sh
    refuses them too), and a login entry that fails does so silently."""
    if not arguments[0]:
        raise UserError(f"Cannot tell which program runs {APP_NAME}, so it cannot be started "
                        "at login.")
    for argument in arguments:
        if _CONTROL.search(argument):
            raise UserError(f"Cannot start {APP_NAME} at login: the path {argument!r} contains "
                            "a tab, newline or other control character.")


def enable(data_dir: Path | None, env: Mapping[str, str] | None = None) -> Path:
    """Write the entry (replacing any, the installer's included) and return its path.

    `data_dir` is None for the default data folder; any other folder is named with --data-dir,
    because neither the command line nor the environment of this session reaches the login.
    """
    path = entry_path(env)
    _write_atomically(path, entry_text(launch_command(), data_dir))
    return path


def disable(env: Mapping[str, str] | None = None) -> None:
    """Remove the entry; nothing to do if it is already gone."""
    path = entry_path(env)
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        raise UserError(f"Cannot turn off start at login: {path} cannot be removed "
                        f"({_reason(error)}).") from error


def _write_atomically(path: Path, text: str) -> None:
    """A temporary file in the same folder, renamed over the entry: the session never reads a
    half-written entry, and the temporary name does not end in .desktop, so a leftover one after
    a crash is never started either."""
    temp: str | None = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # XDG: new folders 0700
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except OSError as error:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        raise UserError(f"Cannot turn on start at login: {path} cannot be written "
                        f"({_reason(error)}).") from error


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).rstrip(".")
