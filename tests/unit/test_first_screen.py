"""The first screen (services/views/first_screen.py): the due list read with sqlite3 alone,
through the same SQL as the window's reads, before peewee is imported; and only from a
database a clean session left (this schema, no -wal file), else None and the usual path."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from followup_desktop.domain.clock import FixedClock
from followup_desktop.services.demo import load_demo
from followup_desktop.services.views.first_screen import open_first_screen
from followup_desktop.storage import schema
from followup_desktop.storage.files import DATABASE_FILE, SCHEMA_VERSION
from followup_desktop.ui.due.model import load_snapshot
from helpers.backends import START, make_backend

AT = START + timedelta(days=1, hours=2)


@pytest.fixture
def demo_folder(tmp_path: Path) -> Path:
    """Sample data written by a session that then closed cleanly (no -wal file left)."""
    folder = tmp_path / "data"
    backend = make_backend(folder, start=AT)
    load_demo(backend)
    backend.close()
    return folder


def test_the_schema_version_is_declared_once_for_both_paths():
    assert SCHEMA_VERSION == schema.LATEST_VERSION


def test_the_first_screen_reads_what_the_window_reads(demo_folder):
    backend = make_backend(demo_folder, start=AT)
    try:
        expected = load_snapshot(backend)
    finally:
        backend.close()
    reader = open_first_screen(demo_folder, FixedClock(AT))
    assert reader is not None
    try:
        shown = load_snapshot(reader)
    finally:
        reader.close()
    assert shown.overview == expected.overview
    assert shown.groups == expected.groups and shown.overview.count > 0
    assert shown.first_run is expected.first_run is False
    assert shown.groups[0].items[0].warnings == expected.groups[0].items[0].warnings


def test_no_first_screen_without_a_database(tmp_path):
    assert open_first_screen(tmp_path, FixedClock(AT)) is None


def test_no_first_screen_beside_a_wal_file(demo_folder):
    """A -wal file is a session that did not end cleanly, or one copied in: the start checks
    judge it before anything reads it."""
    (demo_folder / (DATABASE_FILE + "-wal")).write_bytes(b"\0" * 32)
    assert open_first_screen(demo_folder, FixedClock(AT)) is None


def test_no_first_screen_from_another_schema_version(demo_folder):
    with closing(sqlite3.connect(demo_folder / DATABASE_FILE)) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
        conn.commit()
    assert open_first_screen(demo_folder, FixedClock(AT)) is None


def test_no_first_screen_from_a_damaged_file(demo_folder):
    path = demo_folder / DATABASE_FILE
    path.write_bytes(b"not a database, " * 512)
    assert open_first_screen(demo_folder, FixedClock(AT)) is None
    assert path.read_bytes() == b"not a database, " * 512  # read-only: nothing written


def test_the_first_screen_changes_nothing(demo_folder):
    """Read-only: the database file is as it was, and the session that opens it next finds
    nothing to set aside (SQLite leaves its empty -wal and -shm beside a read-only reader)."""
    path = demo_folder / DATABASE_FILE
    before = path.read_bytes()
    reader = open_first_screen(demo_folder, FixedClock(AT))
    assert reader is not None
    load_snapshot(reader)
    reader.close()
    assert path.read_bytes() == before
    wal = demo_folder / (DATABASE_FILE + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    backend = make_backend(demo_folder, start=AT)
    try:
        assert backend.start_notes == []  # nothing set aside, nothing to say
        assert load_snapshot(backend).overview.count > 0
    finally:
        backend.close()
    assert open_first_screen(demo_folder, FixedClock(AT)) is not None  # and again next time


# Run as `python -c`: the app's command, then, at exit, which of PySide6's lazily made names
# it came to touch (a PySide6 module holds a class in its namespace once it has been named).
TOUCHED = """
import atexit, runpy, sys
def touched():
    import PySide6.QtCore as core, PySide6.QtWidgets as widgets
    print("touched:", " ".join(name for module, name in ((core, "Qt"), (widgets, "QStyle"),
          (widgets, "QMessageBox")) if name in vars(module)), file=sys.stderr)
atexit.register(touched)
sys.argv = ["followup_desktop", *sys.argv[1:]]
runpy.run_module("followup_desktop", run_name="__main__", alter_sys=True)
"""


def run_until_listed(folder: Path, tmp_path: Path) -> tuple[set[str], set[str]]:
    """The real app, started as a user starts it, quit once the list shows: the modules
    Python's own import log names, and the PySide6 names touched by then."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", TOUCHED, "--data-dir", str(folder),
         "--quit-when-listed"], capture_output=True, text=True, env=env, timeout=60,
        check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stderr.splitlines()
    imported = {line.rsplit("|", 1)[-1].strip() for line in lines
                if line.startswith("import time:")}
    touched = next(line for line in lines if line.startswith("touched:")).split()[1:]
    return imported, set(touched)


def test_the_app_lists_what_is_due_before_it_imports_peewee(demo_folder, tmp_path):
    """Peewee, the Backend, the due page's dialogs, the focus ring's style and the socket
    the second stage listens on are never loaded before the list shows."""
    imported, _ = run_until_listed(demo_folder, tmp_path)
    assert "followup_desktop.ui.due.page" in imported
    assert "followup_desktop.services.views.first_screen" in imported
    assert not {"peewee", "followup_desktop.services.backend",
                "followup_desktop.storage.models", "followup_desktop.ui.due.dialogs",
                "followup_desktop.ui.focus_ring", "socket", "html"} & imported


def test_the_first_screen_makes_none_of_qts_enums(demo_folder, tmp_path):
    """PySide6 creates the Python enums of Qt's namespace (107 of them) the first time one is
    named or a Python method is called with one; the first screen names none of them, nor
    QStyle's or QMessageBox's (ui/qt_values.py)."""
    _, touched = run_until_listed(demo_folder, tmp_path)
    assert touched == set()

