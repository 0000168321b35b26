"""Journeys through the real window: what the user imports, here or from a terminal, shows in
the sidebar's count and on the pages without F5."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from followup_desktop.services import sender
from helpers.file_drops import drop_on_the_window
from helpers.window_driver import ICS, open_window, sidebar_due

SRC = Path(__file__).resolve().parents[2] / "src"
# The command line in another process, at the tests' instant (no test reads the real clock).
CLI = """
import sys
from datetime import UTC, datetime
from followup_desktop.domain import clock
clock.SystemClock.now = lambda self: datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
from followup_desktop.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def due_companies(window) -> set[str]:
    due = window.page("Due")
    model = due.model
    return {model.item_at(model.index(r, 0, model.index(g, 0))).company
            for g in range(model.rowCount()) for r in range(model.rowCount(model.index(g, 0)))}


def test_an_import_from_the_window_updates_the_count_and_due_without_f5(
        qtbot, backend, tmp_path):
    sender.set_sender_name(backend, "Jane Candidate")  # not the first run's question here
    window = open_window(qtbot, backend, tmp_path, page="Calendar")
    calendar = window.page("Calendar")
    assert sidebar_due(window) == "Due"  # nothing to do yet

    drop_on_the_window(qtbot, window, ICS / "journey_yesterday.ics")
    # Due is not the page shown, yet its count in the sidebar is current.
    qtbot.waitUntil(lambda: sidebar_due(window) == "Due  (1)")
    assert window.current_page_name() == "Calendar"

    drop_on_the_window(qtbot, window, ICS / "journey_future.ics")
    qtbot.waitUntil(lambda: "Vistula Data" in {
        chip.entry.company for day in calendar._days_shown()
        for chip in calendar.grid_model.chips_on(day)})
    nav = window.nav
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton,
                     pos=nav.visualItemRect(nav.item(0)).center())
    assert window.current_page_name() == "Due"
    qtbot.waitUntil(lambda: due_companies(window) == {"Oder Logistics", "Vistula Data"})
    assert sidebar_due(window) == "Due  (1)"  # the future one is coming up, not to do now


def test_a_command_line_import_shows_without_f5(qtbot, demo_backend, tmp_path):
    window = open_window(qtbot, demo_backend, tmp_path)
    due = window.page("Due")
    qtbot.waitUntil(lambda: due.model.item_count() > 0)
    before = sidebar_due(window)
    count = int(before.split("(")[1].rstrip(")"))

    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [str(SRC), os.environ.get("PYTHONPATH")])))
    done = subprocess.run(
        [sys.executable, "-c", CLI, "--data-dir", str(demo_backend.data_dir), "import",
         str(ICS / "journey_yesterday.ics"), "--me", "jane.candidate@example.org"],
        capture_output=True, text=True, env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr

    qtbot.waitUntil(lambda: sidebar_due(window) == f"Due  ({count + 1:,})", timeout=6000)
    assert "Oder Logistics" in due_companies(window)
