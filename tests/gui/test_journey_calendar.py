"""A journey through the real window's calendar: a follow-up dragged to another day, and
Ctrl+Z puts it back."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from test_calendar_page import TODAY, drop, entries_on

from followup_desktop.ui.calendar.text import action_mime
from helpers.window_driver import back_to, open_window


def test_a_move_on_the_calendar_is_undone_with_ctrl_z(qtbot, demo_backend, tmp_path):
    window = open_window(qtbot, demo_backend, tmp_path, page="Calendar")
    calendar = window.page("Calendar")
    qtbot.waitUntil(lambda: bool(calendar.grid_model.chips_on(TODAY)))
    moving = next(e for e in entries_on(demo_backend, TODAY) if e.is_pending)
    target = date(2026, 11, 30)

    assert drop(calendar.grid, target, action_mime(moving.action_id))  # the chip, dragged
    assert moving.action_id in {e.action_id for e in entries_on(demo_backend, target)}
    assert window.statusBar().currentMessage().startswith("Change: ")
    assert window.undo_offer.button.isVisible()

    back_to(qtbot, window)
    qtbot.keyClick(calendar.grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert moving.action_id in {e.action_id for e in entries_on(demo_backend, TODAY)}
    assert window.statusBar().currentMessage().startswith("Undid: ")
    qtbot.waitUntil(lambda: any(c.entry.action_id == moving.action_id
                                for c in calendar.grid_model.chips_on(TODAY)))
