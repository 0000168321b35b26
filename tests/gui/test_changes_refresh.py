"""Each page reads again only when a write changed what it shows (services/changes.py): a
saved draft re-reads no page and is not taken for another program's change; a changed name
re-reads the page on screen and Due (the sidebar's count) now, and the others when next shown."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt

from followup_desktop.services.changes import Changed
from followup_desktop.storage.models import Note
from followup_desktop.ui.composer.dialog import ComposerDialog
from followup_desktop.ui.window.pages import PAGES
from helpers.window_driver import answer, back_to, open_window


def count_refreshes(window) -> Counter:
    """Every page built, each page's refresh counted from now on."""
    counts: Counter = Counter()
    for name in PAGES:
        page = window.page(name)
        original = page.refresh

        def counted(name: str = name, original=original) -> None:
            counts[name] += 1
            original()

        page.refresh = counted
    return counts


def test_a_saved_draft_reads_no_page_again(qtbot, demo_backend, tmp_path):
    window = open_window(qtbot, demo_backend, tmp_path)
    due = window.page("Due")
    qtbot.waitUntil(lambda: due.model.item_count() > 3 and not due._loader.busy)
    counts = count_refreshes(window)
    item = due.selected_item()
    assert window.data_watch.check() is False

    def save_and_close(dialog: ComposerDialog) -> None:
        qtbot.keyClicks(dialog.body, " See you soon.")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        dialog.reject()

    seen = answer(ComposerDialog, save_and_close)
    qtbot.mouseClick(due.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen))
    back_to(qtbot, window)

    assert "See you soon." in Note.get(Note.action == item.id).body
    assert counts == Counter()
    assert not window._stale
    assert window.data_watch.check() is False  # the window's own write, not another program's


def test_a_changed_name_reads_the_visible_page_and_due_now_and_the_rest_when_shown(
        qtbot, demo_backend, tmp_path):
    window = open_window(qtbot, demo_backend, tmp_path, page="Calendar")
    counts = count_refreshes(window)
    window.go_to("Calendar")

    window.apply_changes(Changed.PEOPLE)
    assert counts == Counter({"Calendar": 1, "Due": 1})
    assert window._stale == {"Applications", "Contacts"}

    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.nav.visualItemRect(window.nav.item(PAGES.index("Contacts")))
                     .center())
    assert window.current_page_name() == "Contacts"
    assert counts["Contacts"] == 1 and window._stale == {"Applications"}


def test_settings_alone_still_read_every_page_that_shows_times(qtbot, demo_backend, tmp_path):
    window = open_window(qtbot, demo_backend, tmp_path)
    counts = count_refreshes(window)
    window.go_to("Due")
    window.apply_changes(Changed.SETTINGS)
    assert counts == Counter({"Due": 1})
    assert window._stale == {"Calendar", "Applications", "Contacts"}
