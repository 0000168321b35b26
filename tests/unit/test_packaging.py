"""Packaging without building anything: the desktop entry, the AppStream metainfo and the
PyInstaller spec agree with the package's name, id and version; the icon is where the app and the
installer look; and the spec's trimming rules keep what the app needs."""

from __future__ import annotations

import configparser
import importlib.util
import logging
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

from followup_desktop import APP_ID, APP_NAME, APP_SLUG, __version__
from followup_desktop.system import resources

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
PACKAGING = ROOT / "packaging"
DESKTOP_FILE = RESOURCES / f"{APP_ID}.desktop"
METAINFO_FILE = RESOURCES / f"{APP_ID}.metainfo.xml"
ICON_SIZES = [16, 22, 24, 32, 48, 64, 128, 256, 512]


def load_bundle_rules() -> ModuleType:
    # packaging/ is not a package (and "packaging" is also a PyPI library): load by path.
    spec = importlib.util.spec_from_file_location("bundle_rules", PACKAGING / "bundle_rules.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bundle_rules"] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


rules = load_bundle_rules()


def desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", header[16:24])
    return width, height


# The desktop entry and the metainfo

def test_desktop_file_is_named_after_the_app_id_qt_announces():
    # app.py calls setDesktopFileName(APP_ID); Wayland compositors find the entry by that name.
    assert DESKTOP_FILE.is_file()
    assert "setDesktopFileName(APP_ID)" in (ROOT / "src/followup_desktop/app.py").read_text()


def test_desktop_entry_names_the_command_icon_and_window_class():
    entry = desktop_entry(DESKTOP_FILE)
    assert entry["Type"] == "Application"
    assert entry["Name"] == APP_NAME
    # install.sh rewrites Exec and TryExec to the installed executable's absolute path.
    assert entry["Exec"] == APP_SLUG
    assert entry["TryExec"] == APP_SLUG
    assert entry["Icon"] == APP_ID
    assert entry["StartupWMClass"] == APP_SLUG  # Qt's xcb WM_CLASS is the application name
    assert entry["Terminal"] == "false"


def test_metainfo_matches_the_package():
    root = ET.parse(METAINFO_FILE).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == APP_NAME
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("provides/binary") == APP_SLUG
    newest = root.find("releases/release")
    assert newest is not None
    assert newest.get("version") == __version__, "add a <release> for the new version"


@pytest.mark.parametrize(("tool", "arguments", "path"), [
    ("desktop-file-validate", [], DESKTOP_FILE),
    ("appstreamcli", ["validate", "--no-net"], METAINFO_FILE),
])
def test_freedesktop_validators_accept_the_files(tool, arguments, path):
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (packaging/build.sh installs it and validates too)")
    result = subprocess.run([tool, *arguments, str(path)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr


# Icons

def test_every_icon_size_is_rendered_at_its_size():
    files = resources.icon_files()
    assert list(files) == ICON_SIZES
    for size, path in files.items():
        assert png_size(path) == (size, size)
    assert (RESOURCES / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg").is_file()
    assert (RESOURCES / "icons" / f"{APP_ID}.ico").stat().st_size > 0
    assert (RESOURCES / "icons" / f"{APP_ID}.icns").read_bytes()[:4] == b"icns"


def test_resources_are_found_inside_a_pyinstaller_bundle(tmp_path, monkeypatch):
    bundled = tmp_path / "resources" / "icons" / "hicolor" / "48x48" / "apps"
    bundled.mkdir(parents=True)
    (bundled / f"{APP_ID}.png").write_bytes(b"")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resources_dir() == tmp_path / "resources"
    assert list(resources.icon_files()) == [48]


# The spec and its trimming rules

def test_spec_reads_name_id_and_version_from_the_package():
    meta = rules.app_metadata(ROOT / "src")
    assert (meta.name, meta.slug, meta.app_id, meta.version) == (
        APP_NAME, APP_SLUG, APP_ID, __version__)
    spec = (PACKAGING / "followup-desktop.spec").read_text(encoding="utf-8")
    assert "rules.app_metadata(SRC)" in spec
    for value in (APP_ID, APP_SLUG, APP_NAME, __version__):
        for quoted in (f'"{value}"', f"'{value}'"):
            assert quoted not in spec, f"{value} is defined in the package, not in the spec"
    assert __version__ not in spec


def test_spec_branches_for_windows_and_macos():
    spec = (PACKAGING / "followup-desktop.spec").read_text(encoding="utf-8")
    assert '.ico"' in spec and '.icns"' in spec
    assert "bundle_identifier=META.app_id" in spec
    assert "BUNDLE(" in spec


@pytest.mark.parametrize(("version", "expected"), [
    ("0.1.0", (0, 1, 0, 0)), ("1.2", (1, 2, 0, 0)), ("2.0.1rc1", (2, 0, 1, 0)),
    ("3.1.4.1", (3, 1, 4, 0)), ("1.0+local", (1, 0, 0, 0)),
])
def test_windows_version_numbers(version, expected):
    assert rules.version_tuple(version) == expected


@pytest.mark.parametrize("plugin", [
    "platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so",
    "platforms/qwindows.dll", "platforms/libqcocoa.dylib",
    "xcbglintegrations/libqxcb-glx-integration.so", "wayland-shell-integration/libxdg-shell.so",
    "wayland-decoration-client/libadwaita.so",
    "platforminputcontexts/libibusplatforminputcontextplugin.so",
    "platformthemes/libqxdgdesktopportal.so", "printsupport/libcupsprintersupport.so",
    "imageformats/libqsvg.so", "iconengines/libqsvgicon.so", "styles/qmodernwindowsstyle.dll",
])
def test_plugins_the_app_needs_are_kept(plugin):
    assert not rules.is_unwanted(rules.PLUGIN_DIR + plugin)


@pytest.mark.parametrize("path", [
    "plugins/platforms/libqvnc.so", "plugins/platforms/libqeglfs.so",
    "plugins/platforms/libqlinuxfb.so", "plugins/platformthemes/libqgtk3.so",
    "plugins/tls/libqopensslbackend.so", "plugins/networkinformation/libqglib.so",
    "plugins/generic/libqevdevmouseplugin.so", "plugins/egldeviceintegrations/x.so",
    "plugins/imageformats/libqjpeg.so", "plugins/wayland-shell-integration/libivi-shell.so",
    "translations/qtbase_de.qm",
])
def test_parts_the_app_does_not_use_are_dropped(path):
    assert rules.is_unwanted(rules.QT_DIR + path)


def test_slim_drops_libraries_only_dropped_plugins_needed():
    qt = rules.QT_DIR
    binaries = [
        ("libpython3.11.so.1.0", "/py/libpython3.11.so.1.0", "BINARY"),
        ("PySide6/QtGui.abi3.so", "/qt/QtGui.abi3.so", "EXTENSION"),
        (qt + "lib/libQt6Gui.so.6", "/qt/libQt6Gui.so.6", "BINARY"),
        (qt + "lib/libQt6Network.so.6", "/qt/libQt6Network.so.6", "BINARY"),
        (qt + "plugins/platforms/libqxcb.so", "/qt/libqxcb.so", "BINARY"),
        (qt + "plugins/platforms/libqvnc.so", "/qt/libqvnc.so", "BINARY"),
        ("libxcb-cursor.so.0", "/usr/libxcb-cursor.so.0", "BINARY"),
        ("libkrb5.so.3", "/usr/libkrb5.so.3", "BINARY"),
    ]
    links = {
        "/qt/QtGui.abi3.so": ["libQt6Gui.so.6"],
        "/qt/libqxcb.so": ["libQt6Gui.so.6", "libxcb-cursor.so.0", "libc.so.6"],
        "/qt/libqvnc.so": ["libQt6Network.so.6"],
        "/qt/libQt6Network.so.6": ["libkrb5.so.3"],
    }
    datas = [
        ("libQt6Gui.so.6", qt + "lib/libQt6Gui.so.6", "SYMLINK"),
        ("libQt6Network.so.6", qt + "lib/libQt6Network.so.6", "SYMLINK"),
        (qt + "translations/qtbase_fr.qm", "/qt/qtbase_fr.qm", "DATA"),
        ("resources/app.desktop", "/src/app.desktop", "DATA"),
    ]
    kept, kept_datas = rules.slim(binaries, datas, "linux", needed=lambda p: links.get(p, []))
    assert [name for name, _, _ in kept] == [
        "libpython3.11.so.1.0", "PySide6/QtGui.abi3.so", qt + "lib/libQt6Gui.so.6",
        qt + "plugins/platforms/libqxcb.so", "libxcb-cursor.so.0"]
    assert [name for name, _, _ in kept_datas] == ["libQt6Gui.so.6", "resources/app.desktop"]


def test_missing_libraries_fail_the_build_only_for_kept_binaries():
    log = rules.MissingLibraryLog()
    message = "Library not found: could not resolve %r, dependency of %r."
    for library, referrer in [("libgtk-3.so.0", "/qt/plugins/platformthemes/libqgtk3.so"),
                              ("libxcb-cursor.so.0", "/qt/plugins/platforms/libqxcb.so")]:
        log.handle(logging.LogRecord("PyInstaller", logging.WARNING, "", 0, message,
                                     (library, referrer), None))
    kept = [("PySide6/Qt/plugins/platforms/libqxcb.so", "/qt/plugins/platforms/libqxcb.so",
             "BINARY")]
    assert log.errors_for(kept) == [
        "libxcb-cursor.so.0 (needed by /qt/plugins/platforms/libqxcb.so)"]
    assert log.ignored_for(kept) == ["libqgtk3.so"]


def test_required_plugins_are_checked():
    present = [(rules.PLUGIN_DIR + name, "", "BINARY") for name in [
        "platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so",
        "printsupport/libcupsprintersupport.so", "imageformats/libqsvg.so"]]
    assert rules.missing_required_plugins(present) == ["iconengines/libqsvgicon.so"]


def test_bundled_resources_are_the_icons_desktop_entry_and_metainfo():
    datas = rules.resource_datas(RESOURCES, APP_ID)
    targets = sorted(f"{folder}/{Path(source).name}" for source, folder in datas)
    assert f"resources/{APP_ID}.desktop" in targets
    assert f"resources/{APP_ID}.metainfo.xml" in targets
    assert f"resources/icons/hicolor/scalable/apps/{APP_ID}.svg" in targets
    assert f"resources/icons/hicolor/16x16/apps/{APP_ID}.png" in targets
    assert not any(target.endswith((".ico", ".icns")) for target in targets)
