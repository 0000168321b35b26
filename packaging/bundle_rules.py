"""What goes into the PyInstaller bundle, as plain Python the spec imports and tests can check.

PyInstaller's Qt hooks collect every plugin of every type a Qt module might use (frame-buffer and
VNC platforms, GTK theme, TLS back ends, ...) plus their libraries and all Qt translations. The app
needs a small part of that, so the spec hands the analysis result to `slim()`, which keeps the
plugins listed in KEPT_PLUGINS and then drops every library nothing kept still links against.

This module imports nothing from PyInstaller: the spec passes PyInstaller's lists in and out.
"""

from __future__ import annotations

import ast
import fnmatch
import logging
import re
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# A PyInstaller TOC entry: (path inside the bundle, source path, typecode). For a SYMLINK entry
# the second field is the path inside the bundle the link points to.
Entry = tuple[str, str, str]

QT_DIR = "PySide6/Qt/"
PLUGIN_DIR = QT_DIR + "plugins/"
TRANSLATION_DIR = QT_DIR + "translations/"

# Plugin type -> name stems kept (file name without "lib" and extension, so one table serves
# Linux .so, Windows .dll and macOS .dylib). Types not listed are dropped whole.
KEPT_PLUGINS: dict[str, tuple[str, ...]] = {
    # xcb and wayland are the desktops; offscreen runs the CI smoke test; windows and cocoa are the
    # other two systems. eglfs, linuxfb, vnc, minimal and vkkhrdisplay are for kiosks and tests.
    "platforms": ("qxcb", "qwayland*", "qoffscreen", "qwindows", "qcocoa"),
    "xcbglintegrations": ("*",),  # xcb loads one to create its windows' surfaces
    # xdg-shell is what desktop compositors speak; the others serve IVI, kiosk and Qt compositors.
    "wayland-shell-integration": ("xdg-shell",),
    "wayland-decoration-client": ("*",),  # title bars on compositors without server decorations
    # the "-server" plugins pair with a Qt-based compositor; wayland-egl is the client GL path.
    "wayland-graphics-integration-client": ("qt-plugin-wayland-egl",),
    "platforminputcontexts": ("*",),  # compose key, dead keys and input methods (ibus)
    # the portal theme gives native file dialogs and dark mode; the GTK 3 theme would pull GTK in.
    "platformthemes": ("qxdgdesktopportal",),
    "printsupport": ("*",),  # the printer list and print dialog (CUPS, Windows, macOS)
    "imageformats": ("qsvg",),  # SVG icons; PNG is built into QtGui
    "iconengines": ("qsvgicon",),
    "styles": ("*",),  # Windows and macOS native styles; Linux wheels ship none
}

# Plugins the Linux bundle must contain; a PySide6 upgrade that renames one fails the build.
REQUIRED_LINUX_PLUGINS = (
    "platforms/libqxcb.so", "platforms/libqwayland*.so", "platforms/libqoffscreen.so",
    "printsupport/libcupsprintersupport.so", "imageformats/libqsvg.so",
    "iconengines/libqsvgicon.so",
)

# Python modules the app does not use but PyInstaller would pull in:
# - PySide6.QtNetwork: the hooks add it for every PySide6 module; it brings the TLS and
#   network-information plugins, Kerberos and brotli.
# - doctest, unittest, pdb, and multiprocessing, xmlrpc and the http server: pytz (which
#   vobject needs) imports doctest in a self-test function, and six and the standard library's
#   optional imports reach the rest. asyncio, concurrent and http.cookiejar stay: the CalDAV
#   client (caldav, niquests) imports them at its top, though the app runs no event loop but
#   Qt's. tests/e2e/test_bundle.py runs the frozen app's imports and exports of every format,
#   its mail commands and a sync, so a module the app does need cannot go missing unnoticed.
# - ssl, _hashlib and urllib.request are kept: the mailbox check (services/mail) speaks IMAP
#   over TLS, and keyring's helper jaraco.context imports urllib.request at its top.
# - lxml's objectify, html, isoschematron, sax and builder (4.3 MB): PyInstaller's hook takes
#   every lxml submodule; the CalDAV client uses lxml.etree only.
# - qh3 (6.4 MB): HTTP/3 over QUIC for niquests, which uses it only where it is installed;
#   CalDAV servers answer HTTP/1.1 and 2. click: calendaring-config's command line.
EXCLUDED_MODULES = (
    "PySide6.QtNetwork", "tkinter", "doctest", "unittest", "pdb", "multiprocessing",
    "xmlrpc", "ftplib", "http.server", "readline",
    "lxml.objectify", "lxml.html", "lxml.isoschematron", "lxml.sax", "lxml.builder",
    "qh3", "click",
)

# - QtPrintSupport, QtSvg: not imported yet; upcoming work adds PDF printing and SVG icons, and
#   keeping them now means the measured size and start-up time already include them.
# - tzdata: zoneinfo loads it by resource lookup, which PyInstaller cannot see, and collects it
#   on Windows only; records name IANA zones, which must resolve on a machine without
#   /usr/share/zoneinfo too.
# - keyring.backends.SecretService: keyring finds its backends through entry points at run
#   time; services/mail/secret.py accepts only this one (and the other systems' own) by name.
# - caldav.davclient: caldav's package imports its client lazily (a module __getattr__), which
#   PyInstaller cannot follow; services/sync/server.py uses it.
HIDDEN_IMPORTS = ("PySide6.QtPrintSupport", "PySide6.QtSvg", "tzdata",
                  "keyring.backends.SecretService", "caldav.davclient")


@dataclass(frozen=True)
class AppMetadata:
    name: str
    slug: str
    app_id: str
    version: str


def app_metadata(src_dir: Path) -> AppMetadata:
    """Name, slug, id and version as defined once in the package's __init__.py.

    Read with ast rather than imported so the build never picks up an installed copy of the
    package with another version.
    """
    init = src_dir / "followup_desktop" / "__init__.py"
    values: dict[str, str] = {}
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and isinstance(node.value, ast.Constant):
                values[target.id] = node.value.value
    return AppMetadata(name=values["APP_NAME"], slug=values["APP_SLUG"],
                       app_id=values["APP_ID"], version=values["__version__"])


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'1.2.3' -> (1, 2, 3, 0): Windows version resources want four numbers.

    Only the leading release numbers count, so '0.2rc1' and '0.2.0+local' give (0, 2, 0, 0).
    """
    release = re.match(r"\d+(\.\d+)*", version)
    numbers = [int(part) for part in release.group().split(".")][:3] if release else []
    a, b, c, d = [*numbers, 0, 0, 0, 0][:4]
    return (a, b, c, d)


def resource_datas(resources_dir: Path, app_id: str) -> list[tuple[str, str]]:
    """(source file, folder in the bundle) pairs: the icons, desktop entry and metainfo.

    The window icon is read from these at run time; install.sh copies them to where desktops look.
    """
    hicolor = resources_dir / "icons" / "hicolor"
    files = [resources_dir / f"{app_id}.desktop", resources_dir / f"{app_id}.metainfo.xml",
             hicolor / "scalable" / "apps" / f"{app_id}.svg"]
    missing = [str(path) for path in files if not path.is_file()]
    pngs = sorted(hicolor.glob(f"*/apps/{app_id}.png"))
    if missing or not pngs:
        raise SystemExit(f"Missing resources (run resources/make-icons.sh?): {missing or pngs}")
    return [(str(path), (PurePosixPath("resources") / path.parent.relative_to(
        resources_dir).as_posix()).as_posix()) for path in files + pngs]


def plugin_stem(file_name: str) -> str:
    """'libqxcb.so' -> 'qxcb', 'qwindows.dll' -> 'qwindows', 'libqcocoa.dylib' -> 'qcocoa'."""
    stem = re.sub(r"\.(so|dll|dylib)$", "", file_name)
    return stem.removeprefix("lib")


def is_kept_plugin(bundle_path: str) -> bool:
    """True for a Qt plugin the app needs (see KEPT_PLUGINS); callers pass plugin paths only."""
    plugin_type, _, file_name = bundle_path.removeprefix(PLUGIN_DIR).partition("/")
    patterns = KEPT_PLUGINS.get(plugin_type, ())
    return any(fnmatch.fnmatchcase(plugin_stem(file_name), pattern) for pattern in patterns)


def is_unwanted(bundle_path: str) -> bool:
    """A dropped plugin or a Qt translation (the app loads no QTranslator)."""
    if bundle_path.startswith(TRANSLATION_DIR):
        return True
    return bundle_path.startswith(PLUGIN_DIR) and not is_kept_plugin(bundle_path)


def elf_needed(path: str) -> list[str]:
    """The sonames an ELF file links against (its DT_NEEDED entries), as objdump reports them."""
    output = subprocess.run(["objdump", "-p", path], capture_output=True, text=True,
                            check=True).stdout
    return re.findall(r"^\s*NEEDED\s+(\S+)", output, flags=re.MULTILINE)


def is_root(entry: Entry) -> bool:
    """Binaries loaded by name rather than by linking: Python extensions, Qt plugins, libpython."""
    name, _, typecode = entry
    return (typecode == "EXTENSION" or name.startswith(PLUGIN_DIR)
            or PurePosixPath(name).name.startswith("libpython"))


def linked_closure(binaries: list[Entry], needed: Callable[[str], list[str]]) -> set[str]:
    """Bundle paths of the roots and everything they link against, transitively."""
    by_soname = {PurePosixPath(name).name: (name, source) for name, source, _ in binaries}
    pending = [(name, source) for name, source, typecode in binaries
               if is_root((name, source, typecode))]
    reached: set[str] = set()
    while pending:
        name, source = pending.pop()
        if name in reached:
            continue
        reached.add(name)
        pending += [by_soname[soname] for soname in needed(source) if soname in by_soname]
    return reached


def slim(binaries: Iterable[Entry], datas: Iterable[Entry], platform: str,
         needed: Callable[[str], list[str]] = elf_needed) -> tuple[list[Entry], list[Entry]]:
    """Drop unwanted plugins and translations, then (on Linux) libraries nothing kept needs."""
    kept_binaries = [entry for entry in binaries if not is_unwanted(entry[0])]
    kept_datas = [entry for entry in datas if not is_unwanted(entry[0])]
    if platform.startswith("linux"):
        reached = linked_closure(kept_binaries, needed)
        kept_binaries = [entry for entry in kept_binaries if entry[0] in reached]
        present = {name for name, _, _ in kept_binaries}
        # PyInstaller adds top-level symlinks to some libraries; drop those left dangling.
        kept_datas = [entry for entry in kept_datas
                      if entry[2] != "SYMLINK" or entry[1] in present
                      or not _looks_like_library(entry[1])]
    return kept_binaries, kept_datas


def _looks_like_library(bundle_path: str) -> bool:
    return re.search(r"\.so(\.|$)", bundle_path) is not None


def missing_required_plugins(binaries: Iterable[Entry]) -> list[str]:
    names = [name.removeprefix(PLUGIN_DIR) for name, _, _ in binaries
             if name.startswith(PLUGIN_DIR)]
    return [pattern for pattern in REQUIRED_LINUX_PLUGINS
            if not fnmatch.filter(names, pattern)]


class MissingLibraryLog(logging.Handler):
    """Records PyInstaller's "Library not found" warnings so the spec can fail on them.

    Warnings about a binary that `slim()` drops afterwards (the GTK 3 theme plugin needs GTK,
    which the build machine does not have) are harmless; one about a kept binary means the bundle
    would fail on a user's machine, so it is an error.
    """

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.missing: list[tuple[str, str]] = []  # (library, source path of the binary needing it)

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith("Library not found") and len(record.args or ()) == 2:
            library, referrer = record.args  # type: ignore[misc]
            self.missing.append((str(library), str(referrer)))

    @classmethod
    def attach(cls) -> MissingLibraryLog:
        handler = cls()
        logging.getLogger("PyInstaller").addHandler(handler)
        return handler

    def errors_for(self, kept_binaries: Iterable[Entry]) -> list[str]:
        """Missing libraries that a binary still in the bundle needs."""
        return [f"{library} (needed by {referrer})"
                for library, referrer in self._split(kept_binaries)[0]]

    def ignored_for(self, kept_binaries: Iterable[Entry]) -> list[str]:
        """Names of the left-out binaries whose missing libraries do not matter."""
        return sorted({Path(referrer).name for _, referrer in self._split(kept_binaries)[1]})

    def _split(self, kept_binaries: Iterable[Entry]) -> tuple[list[tuple[str, str]], ...]:
        kept_sources = {str(Path(source).resolve()) for _, source, _ in kept_binaries}
        kept = [item for item in self.missing if str(Path(item[1]).resolve()) in kept_sources]
        return kept, [item for item in self.missing if item not in kept]
