"""Journeys through the real window's due list, by the keys and clicks a user makes: Done moves
on to the next row and Ctrl+Z brings the follow-up back; the list is worked by keyboard alone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from followup_desktop.domain.model import ActionState
from followup_desktop.storage.models import Action
from followup_desktop.ui.due.dialogs import SummaryDialog
from helpers.window_driver import answer, back_to, open_window


def rows(due) -> list:
    return [i for i in map(due.model.item_at, due._rows()) if i is not None]


def type_summary(qtbot, text: str) -> list:
    """The Mark done dialog: type what was sent, Ctrl+Enter."""
    def write(dialog) -> None:
        qtbot.keyClicks(dialog.text, text)
        qtbot.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    return answer(SummaryDialog, write)


def ready(qtbot, window):
    due = window.page("Due")
    qtbot.waitUntil(lambda: due.model.item_count() > 3 and not due._loader.busy)
    return due


def test_done_selects_the_next_row_and_ctrl_z_brings_it_back(qtbot, demo_backend, tmp_path):
    window = open_window(qtbot, demo_backend, tmp_path)
    due = ready(qtbot, window)
    listed = rows(due)
    target = next(i for i in listed[:-1] if i.kind == "thank_you" and not i.warnings)
    after = listed[listed.index(target) + 1]
    view = due.view
    index = next(i for i in due._rows() if due.model.item_at(i).id == target.id)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(index).center())
    assert due.selected_item().id == target.id

    asked = type_summary(qtbot, "Thanked Amara for the tour of the lab")
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(asked))
    assert Action.get_by_id(target.id).state == ActionState.DONE
    qtbot.waitUntil(lambda: due.selected_item() is not None
                    and due.selected_item().id == after.id)
    back_to(qtbot, window)
    assert QApplication.focusWidget() is view
    assert due.done_button.isEnabled() and due.skip_button.isEnabled()
    assert window.undo_offer.button.isVisible()
    assert window.statusBar().currentMessage().startswith("Done: ")

    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert Action.get_by_id(target.id).state == ActionState.PLANNED
    qtbot.waitUntil(lambda: due.selected_item() is not None
                    and due.selected_item().id == target.id)
    assert window.statusBar().currentMessage().startswith("Undid: done: ")
    assert not window.undo_offer.button.isVisible()


def test_the_list_is_worked_by_keyboard_alone(qtbot, demo_backend, tmp_path):
    window = open_window(qtbot, demo_backend, tmp_path)
    due = ready(qtbot, window)
    view = due.view
    for _ in range(12):  # Tab from the sidebar into the list
        if QApplication.focusWidget() is view:
            break
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view
    handled: list[int] = []
    for _ in range(3):
        item = due.selected_item()
        assert item is not None and due.done_button.isEnabled()
        if item.kind == "decision_check" or item.warnings:  # another journey's; step over
            qtbot.keyClick(view, Qt.Key.Key_Down)
            continue
        if item.kind == "thank_you":  # Done, with what was sent, by keys
            summary = type_summary(qtbot, "Sent")
            qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            qtbot.waitUntil(lambda asked=summary: bool(asked))  # a shortcut clicks 0.1 s on
        else:  # Skip: Alt+K
            qtbot.keyClick(view, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
            qtbot.waitUntil(lambda done=item.id: Action.get_by_id(done).state == "skipped")
        handled.append(item.id)
        qtbot.waitUntil(lambda: not due._loader.busy and due.selected_item() is not None
                        and due.selected_item().id != handled[-1])
        back_to(qtbot, window)
        assert QApplication.focusWidget() is view
    assert handled
    assert all(Action.get_by_id(i).state != ActionState.PLANNED for i in handled)
    # A thank-you skipped by keys is asked first; Enter keeps it.
    thanks = next(i for i in rows(due) if i.kind == "thank_you")
    for _ in range(len(rows(due))):
        if due.selected_item().id == thanks.id:
            break
        qtbot.keyClick(view, Qt.Key.Key_Down)
    asked = answer(QMessageBox, lambda box: qtbot.keyClick(box, Qt.Key.Key_Return))
    qtbot.keyClick(view, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(asked))
    assert Action.get_by_id(thanks.id).state == ActionState.PLANNED
