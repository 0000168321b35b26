"""The installed app: the PyInstaller bundle, and the per-user install and uninstall scripts.

Tests that need the real bundle build it with packaging/build.sh (a minute or two the first
time) in every run of the suite, CI's included. A developer may opt out of them for a quick run
with FOLLOWUP_SKIP_BUNDLE=1. The scripts are also checked against a small stand-in bundle.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from followup_desktop import APP_ID, APP_SLUG, __version__

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist" / APP_SLUG
# bytes: 160 MB, as the README promises (130 MB until the mailbox check brought TLS and the
# Secret Service client: libssl and libcrypto 5.4 MB, keyring's cryptography 12.4 MB; 150 MB
# until the CalDAV sync brought caldav and its HTTP client: lxml.etree 5.5 MB, niquests,
# urllib3-future, jh2, dnspython and PyYAML about 5 MB; 156.4 MB measured on 2026-12-07)
SIZE_LIMIT = 160_000_000
SOURCES = [ROOT / "src", ROOT / "resources", ROOT / "packaging", ROOT / "pyproject.toml"]
ICON_SIZES = ["16x16", "22x22", "24x24", "32x32", "48x48", "64x64", "128x128", "256x256",
              "512x512"]


def newest_source_mtime() -> float:
    files = [path for root in SOURCES for path in ([root] if root.is_file() else root.rglob("*"))
             if path.is_file() and "__pycache__" not in path.parts
             and not any(part.endswith(".egg-info") for part in path.parts)]
    return max(path.stat().st_mtime for path in files)


@pytest.fixture(scope="module")
def built_bundle() -> Path:
    if os.environ.get("FOLLOWUP_SKIP_BUNDLE") == "1":
        pytest.skip("FOLLOWUP_SKIP_BUNDLE=1: the bundle is not built in this run")
    executable = DIST / APP_SLUG
    if not executable.exists() or executable.stat().st_mtime < newest_source_mtime():
        result = subprocess.run(["bash", str(ROOT / "packaging" / "build.sh")],
                                capture_output=True, text=True, timeout=1800, check=False)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return DIST


@pytest.fixture
def fake_bundle(tmp_path: Path) -> Path:
    """A stand-in with the real bundle's layout: an executable and the resources it carries."""
    bundle = tmp_path / "dist" / APP_SLUG
    resources = bundle / "_internal" / "resources"
    shutil.copytree(ROOT / "resources" / "icons" / "hicolor", resources / "icons" / "hicolor")
    for suffix in (".desktop", ".metainfo.xml"):
        shutil.copy(ROOT / "resources" / f"{APP_ID}{suffix}", resources)
    executable = bundle / APP_SLUG
    executable.write_text(f"#!/bin/sh\necho '{APP_SLUG} {__version__}'\n")
    executable.chmod(0o755)
    return bundle


def bundle_bytes(bundle: Path) -> int:
    return sum(path.lstat().st_size for path in bundle.rglob("*")
               if path.is_file() and not path.is_symlink())


def snapshot(folder: Path) -> dict[str, str]:
    """Every path below the folder with its kind and, for files, content size."""
    found = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            found[key] = f"link to {os.readlink(path)}"
        elif path.is_dir():
            found[key] = "dir"
        else:
            found[key] = f"file {path.stat().st_size}"
    return found


def user_env(tmp_path: Path) -> dict[str, str]:
    # A home with a space (desktop-entry quoting) and XDG folders outside it (install.sh must
    # follow the variables, not assume ~/.local/share).
    home = tmp_path / "home dir"
    env = {key: value for key, value in os.environ.items() if not key.startswith("XDG_")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(tmp_path / "xdg data"),
               XDG_CONFIG_HOME=str(tmp_path / "xdg config"))
    for key in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        Path(env[key]).mkdir(parents=True, exist_ok=True)
    return env


def run_script(name: str, *arguments: str, env: dict[str, str]) -> str:
    result = subprocess.run(["bash", str(ROOT / "packaging" / name), *arguments],
                            capture_output=True, text=True, env=env, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def assert_installs_and_uninstalls_exactly(bundle: Path, tmp_path: Path) -> None:
    env = user_env(tmp_path)
    home, data_home = Path(env["HOME"]), Path(env["XDG_DATA_HOME"])
    config_home = Path(env["XDG_CONFIG_HOME"])
    user_data = data_home / APP_SLUG / "followup.sqlite3"  # the user's data, there before
    user_data.parent.mkdir()
    user_data.write_bytes(b"precious")
    before = {root: snapshot(root) for root in (home, data_home, config_home)}

    run_script("install.sh", "--autostart", str(bundle), env=env)

    lib_dir = home / ".local" / "lib" / APP_SLUG
    command = home / ".local" / "bin" / APP_SLUG
    installed = [
        lib_dir / APP_SLUG, lib_dir / "install-manifest.txt", lib_dir / "uninstall.sh",
        data_home / "applications" / f"{APP_ID}.desktop",
        data_home / "metainfo" / f"{APP_ID}.metainfo.xml",
        data_home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
        config_home / "autostart" / f"{APP_ID}.desktop",
    ] + [data_home / "icons" / "hicolor" / size / "apps" / f"{APP_ID}.png"
         for size in ICON_SIZES]
    assert [path for path in installed if not path.is_file()] == []
    assert command.resolve() == (lib_dir / APP_SLUG).resolve()
    entry = (data_home / "applications" / f"{APP_ID}.desktop").read_text()
    assert f'Exec="{lib_dir / APP_SLUG}"\n' in entry  # quoted: the home has a space
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(data_home / "applications" /
                                                     f"{APP_ID}.desktop")], check=True)
    version = subprocess.run([str(command), "--version"], capture_output=True, text=True,
                             env=env, timeout=60, check=True)
    assert version.stdout.strip() == f"{APP_SLUG} {__version__}"

    # The copy beside the app works without the checkout, and removes exactly what was added.
    subprocess.run(["bash", str(lib_dir / "uninstall.sh")], env=env, check=True,
                   capture_output=True, timeout=120)
    assert {root: snapshot(root) for root in (home, data_home, config_home)} == before
    assert user_data.read_bytes() == b"precious"


def test_install_and_uninstall_scripts(fake_bundle, tmp_path):
    assert_installs_and_uninstalls_exactly(fake_bundle, tmp_path)


def test_reinstall_replaces_and_a_failed_install_rolls_back(fake_bundle, tmp_path):
    env = user_env(tmp_path)
    data_home = Path(env["XDG_DATA_HOME"])
    before = snapshot(Path(env["HOME"]))
    run_script("install.sh", "--autostart", str(fake_bundle), env=env)
    output = run_script("install.sh", str(fake_bundle), env=env)  # again, without autostart
    assert "Replacing the installed version" in output
    assert not (Path(env["XDG_CONFIG_HOME"]) / "autostart" / f"{APP_ID}.desktop").exists()
    run_script("uninstall.sh", env=env)
    assert snapshot(Path(env["HOME"])) == before

    (data_home / "metainfo").write_text("a file where install.sh needs a folder")
    failed = subprocess.run(["bash", str(ROOT / "packaging" / "install.sh"), str(fake_bundle)],
                            capture_output=True, text=True, env=env, timeout=120, check=False)
    assert failed.returncode != 0
    assert "removing what it added" in failed.stderr
    assert snapshot(Path(env["HOME"])) == before
    assert not (data_home / "applications").exists()


def test_bundle_is_at_most_160_mb(built_bundle):
    size = bundle_bytes(built_bundle)
    assert size <= SIZE_LIMIT, f"{size / 1e6:.1f} MB"


@pytest.mark.parametrize("flag", ["--quit-after-shown", "--quit-when-ready"])
def test_bundle_shows_its_window_offscreen_and_quits(built_bundle, tmp_path, flag):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path / "home"))
    result = subprocess.run([str(built_bundle / APP_SLUG), "--data-dir", str(tmp_path / "data"),
                             flag],
                            capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    # Ready means the database was opened and the due list read from it.
    assert (tmp_path / "data" / "followup.sqlite3").is_file() == (flag == "--quit-when-ready")


def test_bundle_carries_its_own_time_zone_data(built_bundle, tmp_path):
    # PYTHONTZPATH="" hides the system's /usr/share/zoneinfo from zoneinfo: zone names must
    # resolve from the bundled tzdata, as on a machine without the tzdata package.
    env = dict(os.environ, HOME=str(tmp_path / "home"), PYTHONTZPATH="", TZ="Europe/Berlin")
    data = ["--data-dir", str(tmp_path / "data")]
    for command in (["demo"], ["due", "--json"]):
        result = subprocess.run([str(built_bundle / APP_SLUG), *data, *command],
                                capture_output=True, text=True, env=env, timeout=120,
                                check=False)
        assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)["items"]
    assert items
    for item in items:
        assert item["zone"] == "Europe/Berlin"
        assert item["due_local"].endswith(("+01:00", "+02:00")), item["due_local"]  # CET/CEST


def test_installed_bundle_runs_and_uninstalls_exactly(built_bundle, tmp_path):
    assert_installs_and_uninstalls_exactly(built_bundle, tmp_path)


def test_bundle_sends_real_notifications_and_shows_a_tray_icon(built_bundle, tmp_path):
    """The frozen app, not only the source tree, reaches the desktop: jeepney and the tray are
    bundled and work."""
    from desktop_session import DesktopSession
    from test_notifications import about_ada, make_data

    data_dir = tmp_path / "data"
    make_data(data_dir)
    with DesktopSession(tmp_path / "session", tray=True) as session:
        session.start_process("bundle", [str(built_bundle / APP_SLUG), "--data-dir",
                                         str(data_dir)])
        notification = session.wait_for_notify(about_ada, timeout=60)
        assert notification.action_labels["done"] == "Done"
        assert len(session.wait_for_tray_items(1, timeout=30)) == 1


def test_bundle_reads_and_writes_every_format(built_bundle, tmp_path):
    """The modules the bundle leaves out (bundle_rules.EXCLUDED_MODULES) are not needed: the
    frozen app imports and exports every format, prints a card and backs up."""
    env = dict(os.environ, HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    invitation = ROOT / "tests" / "fixtures" / "ics" / "google_request.ics"

    def app(data: str, *arguments: str) -> str:
        result = subprocess.run([str(built_bundle / APP_SLUG), "--data-dir",
                                 str(tmp_path / data), *arguments],
                                capture_output=True, text=True, env=env, timeout=120,
                                check=False)
        assert result.returncode == 0, (arguments, result.stderr)
        return result.stdout

    app("demo", "demo")
    for fmt, extra in (("json", []), ("ics", []), ("vcf", []), ("csv", ["--what", "touches"])):
        app("demo", "export", "--format", fmt, *extra, "-o", str(tmp_path / f"out.{fmt}"))
        assert (tmp_path / f"out.{fmt}").stat().st_size > 0
    due = json.loads(app("demo", "due", "--json"))["items"]
    app("demo", "card", str(due[0]["id"]), "-o", str(tmp_path / "card.pdf"), "--envelope")
    assert (tmp_path / "card.pdf").read_bytes().startswith(b"%PDF")
    assert "Backed up to" in app("demo", "backup")
    assert "1 new interview\n" in app("invited", "import", str(invitation), "--me",
                                     "jane.candidate@gmail.com")
    assert "new contacts" in app("contacts", "import", str(tmp_path / "out.vcf"))
    assert "Imported" in app("copy", "import", str(tmp_path / "out.json"))


def test_bundle_checks_a_real_mailbox(built_bundle, tmp_path):
    """The frozen app carries TLS, imapclient and keyring (bundle_rules.py keeps ssl): it adds
    an account and reads a private dovecot; without a Secret Service it says so, with one (a
    gnome-keyring on a private bus) it keeps the password there and reads it back."""
    from helpers.dovecot import PASSWORD, Dovecot, server_root
    from helpers.keyring_session import KeyringSession
    from helpers.mail_cli import FAR_AHEAD, add_args, mail_env
    from helpers.mail_messages import message

    password = tmp_path / "password.txt"
    password.write_text(PASSWORD + "\n")
    with server_root() as root, Dovecot(root) as server:
        server.place(message(), received=FAR_AHEAD)
        env = mail_env(server, HOME=str(tmp_path / "home"), PYTHONPATH=None)

        def app(*arguments: str, env: dict[str, str] = env, stdin: str = "",
                data: str = "data") -> subprocess.CompletedProcess[str]:
            return subprocess.run([str(built_bundle / APP_SLUG), "--data-dir",
                                   str(tmp_path / data), *arguments], capture_output=True,
                                  text=True, env=env, input=stdin, timeout=120, check=False)

        added = app(*add_args(server, "--password-file", str(password)))
        assert added.returncode == 0 and "no Secret Service" in added.stdout, added.stderr
        checked = app("mail", "check", "--password-file", str(password))
        assert checked.returncode == 0, checked.stderr
        assert checked.stdout.startswith("jo@example.org on localhost: 1 new message in INBOX")
        with KeyringSession(tmp_path / "keyring") as keyring:
            in_session = mail_env(server, keyring.env, PYTHONPATH=None)
            added = app(*add_args(server), env=in_session, stdin=PASSWORD + "\n", data="kept")
            assert added.stdout.endswith("The password is in the Secret Service.\n"), added
            checked = app("mail", "check", env=in_session, data="kept")
            assert checked.returncode == 0, checked.stderr


def test_bundle_syncs_with_a_real_caldav_server(built_bundle, tmp_path):
    """The frozen app carries the CalDAV client (caldav, niquests, lxml; bundle_rules.py keeps
    the asyncio they import): it adds an account and writes the follow-ups to a private
    Radicale, and a second sync writes nothing."""
    from helpers.backends import START, make_backend
    from helpers.mail_cli import mail_env
    from helpers.radicale import Radicale
    from helpers.sync_world import make_world

    with make_backend(tmp_path / "data", start=START) as backend:
        make_world(backend)
    password = tmp_path / "password.txt"
    with Radicale(tmp_path / "radicale") as server:
        password.write_text(server.password + "\n")
        env = mail_env(None, HOME=str(tmp_path / "home"), PYTHONPATH=None)

        def app(*arguments: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run([str(built_bundle / APP_SLUG), "--data-dir",
                                   str(tmp_path / "data"), *arguments], capture_output=True,
                                  text=True, env=env, timeout=120, check=False)

        added = app("sync", "account", "add", "--url", server.url, "--user", server.user,
                    "--password-file", str(password))
        assert added.returncode == 0, added.stderr
        synced = app("sync", "--password-file", str(password))
        assert synced.returncode == 0, synced.stderr
        assert "sent 3 new" in synced.stdout
        again = app("sync", "--password-file", str(password))
        assert again.stdout.endswith(": nothing to send; nothing new from it.\n"), again
        assert server.requests("PUT") == 3
