"""The window's first screen: the due list shows, read with sqlite3 alone, before the data is
open; nothing in it can be changed until then; once the data is open it is the same list and
the user works it by keyboard as always."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

from followup_desktop.domain.clock import FixedClock
from followup_desktop.services.demo import load_demo
from followup_desktop.services.views.first_screen import open_first_screen
from followup_desktop.ui.main_window import MainWindow
from helpers.backends import make_backend
from helpers.gui_constants import NOW


@pytest.fixture
def closed_demo(tmp_path):
    folder = tmp_path / "demo"
    backend = make_backend(folder, start=NOW)
    load_demo(backend)
    backend.close()
    return folder


def rows(page) -> list[int]:
    return [page.model.item_at(index).id for index in page._rows()]


def test_the_list_shows_before_the_data_opens_and_works_after(qtbot, closed_demo, tmp_path):
    window = MainWindow(settings=QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    reader = open_first_screen(closed_demo, FixedClock(NOW))
    assert reader is not None
    assert window.show_first_screen(reader)
    due = window.stack.currentWidget()
    first = rows(due)
    assert first and due.model.item_count() == len(first)
    assert window.nav.item(0).text().startswith("Due  (")
    due.view.setFocus()
    qtbot.keyClick(due.view, Qt.Key.Key_Down)
    assert due.selected_item() is not None
    assert not due.done_button.isEnabled()  # nothing is written before the data is open
    qtbot.keyClick(due.done_button, Qt.Key.Key_Space)
    backend = make_backend(closed_demo, start=NOW)
    try:
        window.attach(backend)
        assert window.page("Due") is due  # the same page, now on the data
        qtbot.waitUntil(lambda: not due._loader.busy)
        assert rows(due) == first
        due.view.setFocus()
        qtbot.keyClick(due.view, Qt.Key.Key_Down)
        qtbot.waitUntil(due.done_button.isEnabled)
    finally:
        window.close()
        window.close_data()


def test_a_window_that_opens_on_another_page_skips_the_first_screen(qtbot, closed_demo,
                                                                     tmp_path):
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    settings.setValue("window/page", "Calendar")
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    reader = open_first_screen(closed_demo, FixedClock(NOW))
    assert reader is not None
    try:
        assert not window.show_first_screen(reader)
        assert window._pages == {}
    finally:
        reader.close()
