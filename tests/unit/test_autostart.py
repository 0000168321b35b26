"""Start at login: the XDG autostart entry is a valid desktop entry whose Exec line gives back
exactly the command it was made from, whatever the paths hold, and failures change nothing.

Every test passes its own environment: nothing here reads or writes the real ~/.config."""

from __future__ import annotations

import configparser
import errno
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from followup_desktop import APP_ID, APP_NAME, __version__
from followup_desktop.services import autostart
from followup_desktop.services.errors import UserError

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_PATHS = [
    "/home/jo doe/My Apps/python",
    "/tmp/it's \"quoted\"/python",
    "/tmp/$HOME/`id`/${x}/python",
    "/tmp/100%/%f %U %%/python",
    "/tmp/back\\slash\\\\n/python\\",
    "/tmp/Zoë Ünïcødé/日本語/python",
    "/tmp/a;b&c|d<e>f~g*h?i#j(k)l=m/python",
]


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return {"HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path / "config")}


def read_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


# A reader of Exec= written from the Desktop Entry spec, independent of the code under test.

RESERVED = set(" \t\n\"'\\><~|&;$*?#()`=")
STRING_ESCAPES = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}


def unescape_string(value: str) -> str:
    """The string-level escapes of every desktop entry value, undone first."""
    return re.sub(r"\\(.)", lambda match: STRING_ESCAPES[match.group(1)], value)


def exec_arguments(value: str) -> list[str]:
    """Split an Exec= value into arguments; fails on anything the spec does not allow."""
    line = unescape_string(value)
    arguments, i = [], 0
    while i < len(line):
        if line[i] == " ":
            i += 1
        elif line[i] == '"':
            argument, i = quoted_argument(line, i + 1)
            assert i == len(line) or line[i] == " ", f"text right after a quote in {line!r}"
            arguments.append(without_field_codes(argument))
        else:
            end = line.find(" ", i) if " " in line[i:] else len(line)
            argument = line[i:end]
            assert not RESERVED & set(argument), f"unquoted reserved character in {argument!r}"
            arguments.append(without_field_codes(argument))
            i = end
    return arguments


def quoted_argument(line: str, i: int) -> tuple[str, int]:
    characters = []
    while line[i] != '"':
        if line[i] == "\\":
            assert line[i + 1] in '"`$\\', f"backslash before {line[i + 1]!r} inside quotes"
            characters.append(line[i + 1])
            i += 2
        else:
            assert line[i] not in "`$", f"unescaped {line[i]!r} inside quotes"
            characters.append(line[i])
            i += 1
    return "".join(characters), i + 1


def without_field_codes(argument: str) -> str:
    assert re.fullmatch(r"(?:[^%]|%%)*", argument), f"a field code in {argument!r}"
    return argument.replace("%%", "%")


def test_the_reader_follows_the_spec_examples():
    assert exec_arguments(r'"/opt/my app/run" --x') == ["/opt/my app/run", "--x"]
    assert exec_arguments(r'"a\\\\b \\$c 100%%"') == ["a\\b $c 100%"]
    with pytest.raises(AssertionError):
        exec_arguments("/opt/my$app")
    with pytest.raises(AssertionError):
        exec_arguments("/opt/app %f")


# Where the entry lives

def test_the_entry_lives_in_the_xdg_config_autostart_folder(env, tmp_path):
    assert autostart.entry_path(env) == tmp_path / "config" / "autostart" / f"{APP_ID}.desktop"


@pytest.mark.parametrize("config_home", [None, "", "relative/config"])
def test_without_an_absolute_xdg_config_home_it_is_under_dot_config(tmp_path, config_home):
    env = {"HOME": str(tmp_path)}
    if config_home is not None:
        env["XDG_CONFIG_HOME"] = config_home
    assert autostart.entry_path(env) == tmp_path / ".config" / "autostart" / f"{APP_ID}.desktop"


@pytest.mark.parametrize(("platform", "supported"), [
    ("linux", True), ("freebsd14", True), ("openbsd7", True), ("win32", False),
    ("darwin", False), ("cygwin", False),
])
def test_only_xdg_desktops_are_supported(platform, supported):
    assert autostart.is_supported(platform) is supported


def test_launch_command_runs_this_copy_of_the_app(monkeypatch):
    assert autostart.launch_command() == [sys.executable, "-m", "followup_desktop"]
    result = subprocess.run([*autostart.launch_command(), "--version"], capture_output=True,
                            text=True, check=True)
    assert __version__ in result.stdout
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert autostart.launch_command() == [sys.executable]


# Enabling

def test_enabling_writes_a_valid_desktop_entry(env):
    path = autostart.enable(None, env=env)
    assert path == autostart.entry_path(env)
    assert autostart.is_enabled(env)
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True,
                                text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    entry = read_entry(path)
    assert entry["Type"] == "Application"
    assert entry["Name"] == APP_NAME
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    assert entry["X-GNOME-Autostart-enabled"] == "true"
    assert entry["Comment"]
    assert unescape_string(entry["TryExec"]) == sys.executable
    assert exec_arguments(entry["Exec"]) == [*autostart.launch_command(), "--hidden"]


def test_the_data_folder_is_named_only_when_asked(env, tmp_path):
    autostart.enable(None, env=env)
    assert "--data-dir" not in exec_arguments(read_entry(autostart.entry_path(env))["Exec"])
    autostart.enable(tmp_path / "elsewhere", env=env)
    arguments = exec_arguments(read_entry(autostart.entry_path(env))["Exec"])
    assert arguments[-3:] == ["--hidden", "--data-dir", str(tmp_path / "elsewhere")]


def test_a_relative_data_folder_is_written_absolute(env, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    autostart.enable(Path("data"), env=env)
    arguments = exec_arguments(read_entry(autostart.entry_path(env))["Exec"])
    assert arguments[-1] == str(tmp_path / "data")


@pytest.mark.parametrize("hostile", HOSTILE_PATHS)
def test_exec_gives_back_hostile_paths_exactly(env, monkeypatch, hostile):
    command = [hostile, "-m", "followup_desktop"]
    monkeypatch.setattr(autostart, "launch_command", lambda: command)
    path = autostart.enable(Path(hostile + " data"), env=env)
    entry = read_entry(path)
    assert exec_arguments(entry["Exec"]) == [*command, "--hidden", "--data-dir", hostile + " data"]
    assert unescape_string(entry["TryExec"]) == hostile
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True,
                                text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("hostile", HOSTILE_PATHS)
def test_exec_quoting_matches_install_sh(hostile):
    # install.sh --autostart writes the same file; both must quote a path the same way.
    script = (ROOT / "packaging" / "install.sh").read_text(encoding="utf-8")
    function = re.search(r"^exec_value\(\) \{.*?^\}$", script, re.MULTILINE | re.DOTALL)
    assert function
    result = subprocess.run(["bash", "-c", function.group(0) + '\nexec_value "$1"', "_", hostile],
                            capture_output=True, text=True, check=True,
                            env={**os.environ, "LC_ALL": "C.UTF-8"})
    assert result.stdout == autostart.exec_value([hostile])


@pytest.mark.parametrize("bad", ["/tmp/new\nline", "/tmp/tab\there", "/tmp/bell\x07"])
def test_control_characters_are_refused_and_nothing_is_written(env, bad):
    with pytest.raises(UserError, match="control character"):
        autostart.enable(Path(bad), env=env)
    assert not autostart.entry_path(env).exists()


def test_the_file_is_0644_whatever_the_umask(env):
    previous = os.umask(0o077)
    try:
        path = autostart.enable(None, env=env)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700  # a folder it creates: XDG says 0700


def test_enabling_replaces_the_installers_entry(env):
    path = autostart.entry_path(env)
    path.parent.mkdir(parents=True)
    path.write_text("[Desktop Entry]\nType=Application\nName=old\nExec=old\n", encoding="utf-8")
    autostart.enable(None, env=env)
    assert read_entry(path)["Name"] == APP_NAME
    assert sorted(os.listdir(path.parent)) == [path.name]


# Disabling and the state

def test_disabling_removes_the_entry_and_tolerates_its_absence(env):
    path = autostart.enable(None, env=env)
    autostart.disable(env=env)
    assert not path.exists()
    assert not autostart.is_enabled(env)
    autostart.disable(env=env)
    autostart.disable(env={"HOME": env["HOME"], "XDG_CONFIG_HOME": env["HOME"] + "/missing"})


@pytest.mark.parametrize("switch_off", ["Hidden=true", "X-GNOME-Autostart-enabled=false"])
def test_an_entry_that_switches_itself_off_is_not_enabled(env, switch_off):
    path = autostart.enable(None, env=env)
    path.write_text(path.read_text(encoding="utf-8") + switch_off + "\n", encoding="utf-8")
    assert not autostart.is_enabled(env)


# Failures change nothing

@pytest.fixture
def read_only_folder(env, monkeypatch):
    """The autostart folder, holding an older entry, made read-only. Root writes through the
    permission bits, so then the folder also refuses new files the way the kernel would."""
    folder = autostart.entry_path(env).parent
    folder.mkdir(parents=True)
    autostart.entry_path(env).write_text("[Desktop Entry]\nName=old\n", encoding="utf-8")
    folder.chmod(0o555)
    if os.geteuid() == 0:
        def refuse(*_args: object, **_kwargs: object) -> None:
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(autostart.tempfile, "mkstemp", refuse)
    yield folder
    folder.chmod(0o755)


def test_a_read_only_folder_gives_a_user_error_and_keeps_the_old_entry(env, read_only_folder):
    with pytest.raises(UserError) as raised:
        autostart.enable(None, env=env)
    message = str(raised.value)
    assert "\n" not in message
    assert "Permission denied" in message and str(read_only_folder) in message
    assert os.listdir(read_only_folder) == [f"{APP_ID}.desktop"]
    assert "Name=old" in autostart.entry_path(env).read_text(encoding="utf-8")


def test_a_failed_rename_leaves_no_temporary_file(env, monkeypatch):
    path = autostart.enable(None, env=env)
    before = path.read_bytes()

    def refuse(*_args: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(autostart.os, "replace", refuse)
    with pytest.raises(UserError, match="Read-only file system"):
        autostart.enable(Path("/elsewhere"), env=env)
    assert os.listdir(path.parent) == [path.name]
    assert path.read_bytes() == before


def test_an_autostart_path_that_is_not_a_folder_gives_a_user_error(env):
    folder = autostart.entry_path(env).parent
    folder.parent.mkdir(parents=True)
    folder.write_text("not a folder", encoding="utf-8")
    with pytest.raises(UserError, match="Cannot turn on start at login"):
        autostart.enable(None, env=env)
    assert folder.read_text(encoding="utf-8") == "not a folder"


def test_an_entry_that_cannot_be_removed_gives_a_user_error(env):
    autostart.entry_path(env).mkdir(parents=True)  # a folder where the file should be
    with pytest.raises(UserError, match="Cannot turn off start at login"):
        autostart.disable(env=env)
