"""Journey: an invitation from months ago, imported into the real window, is asked about once
("Did you already thank … for the interview on …?"): Yes records the thank-you as sent back then
(a touch, nothing in Due); No leaves it due now, not late, and its draft names the date. A
future invitation asks nothing and plans the thank-you a day after it. Only the clicks and keys
a user makes (the file is dropped on the window, as from a file manager)."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from followup_desktop.domain.model import ActionKind, ActionState
from followup_desktop.services import sender
from followup_desktop.services.views.due import DueItem, DueStatus
from followup_desktop.storage.models import Action, Company, Touch
from followup_desktop.ui.composer.dialog import ComposerDialog
from helpers.file_drops import drop_on_the_window
from helpers.gui_constants import NOW
from helpers.layout_checks import save_shot
from helpers.window_driver import ICS, answer, open_window

REAL_PAST_QUESTION = True  # this module answers the real box
LEFT = Qt.MouseButton.LeftButton
MARCH = ICS / "journey_march.ics"  # Tuesday 10 March 2026, 10:00-11:00 in Berlin
QUESTION = ("Did you already thank Marta Zielinska for the interview on "
            "Tuesday 10 March 2026?")


def due_items(window) -> list[DueItem]:
    model = window.page("Due").model
    return [model.item_at(model.index(r, 0, model.index(g, 0)))
            for g in range(model.rowCount()) for r in range(model.rowCount(model.index(g, 0)))]


def thanks_in_due(window, company: str) -> list[DueItem]:
    return [i for i in due_items(window)
            if i.company == company and i.kind == ActionKind.THANK_YOU]


def status_text(window) -> str:
    return window.statusBar().currentMessage()


def import_and_answer(qtbot, window, path, button: QMessageBox.StandardButton) -> list[str]:
    """Drop the file, confirm the import, then click `button` in the question that follows;
    returns what the question said (its text, whether it is plain text)."""
    said: list[str] = []

    def reply(box) -> None:
        said.extend([box.windowTitle(), box.text(),
                     str(box.textFormat() == Qt.TextFormat.PlainText)])
        save_shot(box, f"dialog-already-thanked-{button.name}")
        qtbot.mouseClick(box.button(button), LEFT)

    asked = answer(QMessageBox, reply)
    drop_on_the_window(qtbot, window, path)
    qtbot.waitUntil(lambda: bool(asked), timeout=8000)
    return said


def start(qtbot, backend, tmp_path):
    sender.set_sender_name(backend, "Jane Candidate")  # not the first run's question here
    return open_window(qtbot, backend, tmp_path)


def test_a_past_invitation_answered_yes_is_thanked_back_then(qtbot, backend, tmp_path):
    window = start(qtbot, backend, tmp_path)
    said = import_and_answer(qtbot, window, MARCH, QMessageBox.StandardButton.Yes)
    assert said == ["Already thanked?", QUESTION, "True"]
    qtbot.waitUntil(lambda: "Thank-you to Marta Zielinska recorded as sent." in
                    status_text(window))
    assert status_text(window).startswith("journey_march.ics: 1 new interview.")
    warta = Company.get(Company.name == "Warta Freight")
    (touch,) = Touch.select().where(Touch.company == warta.id)
    # At the rule's time, the day after the interview (11:00 in Berlin), not today.
    assert touch.at_utc == datetime(2026, 3, 11, 10, 0, tzinfo=UTC)
    (thanks,) = Action.select().where(Action.kind == ActionKind.THANK_YOU)
    assert thanks.state == ActionState.DONE
    # Due shows the rest of Warta Freight's plan, and no thank-you.
    qtbot.waitUntil(lambda: any(i.company == "Warta Freight" for i in due_items(window))
                    and thanks_in_due(window, "Warta Freight") == [])
    # The rest of the plan starts from now: nothing in Due is late.
    assert all(i.status != DueStatus.LATE for i in due_items(window))


def test_a_past_invitation_answered_no_is_due_now_and_names_its_date(qtbot, backend,
                                                                      tmp_path):
    window = start(qtbot, backend, tmp_path)
    said = import_and_answer(qtbot, window, MARCH, QMessageBox.StandardButton.No)
    assert said[1] == QUESTION
    qtbot.waitUntil(lambda: "Thank-you to Marta Zielinska due now." in status_text(window))
    qtbot.waitUntil(lambda: bool(thanks_in_due(window, "Warta Freight")))
    (thanks,) = thanks_in_due(window, "Warta Freight")
    assert thanks.due == NOW and thanks.to_do_now  # due now, not months late
    assert thanks.status == DueStatus.DUE
    assert Touch.select().count() == 0
    assert all(i.status != DueStatus.LATE for i in due_items(window))

    # Write note: the draft names the interview's date, not "on Tuesday".
    due = window.page("Due")
    model, view = due.model, due.view
    group = next(model.index(g, 0) for g in range(model.rowCount())
                 if any(model.item_at(model.index(r, 0, model.index(g, 0))).id == thanks.id
                        for r in range(model.rowCount(model.index(g, 0)))))
    row = next(model.index(r, 0, group) for r in range(model.rowCount(group))
               if model.item_at(model.index(r, 0, group)).id == thanks.id)
    view.scrollTo(row)
    qtbot.mouseClick(view.viewport(), LEFT, pos=view.visualRect(row).center())
    qtbot.waitUntil(lambda: due.selected_item() is not None
                    and due.selected_item().id == thanks.id)
    bodies: list[str] = []

    def read_draft(dialog) -> None:
        qtbot.waitUntil(lambda: bool(dialog.body.toPlainText()))
        bodies.append(dialog.body.toPlainText())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    written = answer(ComposerDialog, read_draft)
    qtbot.mouseClick(due.write_button, LEFT)
    qtbot.waitUntil(lambda: bool(written) and bodies != [], timeout=8000)
    (body,) = bodies
    assert "on Tuesday" not in body, body
    assert "10 March" in body, body
    assert QApplication.activeModalWidget() is None


def test_a_future_invitation_asks_nothing_and_thanks_a_day_after(qtbot, backend, tmp_path):
    window = start(qtbot, backend, tmp_path)
    asked = answer(QMessageBox, lambda box: box.close(), tries=150)
    drop_on_the_window(qtbot, window, ICS / "journey_future.ics")
    qtbot.waitUntil(lambda: "journey_future.ics: 1 new interview." in status_text(window))
    qtbot.waitUntil(lambda: bool(thanks_in_due(window, "Vistula Data")), timeout=5000)
    qtbot.wait(500)  # long enough for a question to have come
    assert asked == []
    (thanks,) = thanks_in_due(window, "Vistula Data")
    # Monday 30 November, 10:00-11:00 in Berlin: thanked on Tuesday at 11:00.
    assert thanks.due == datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    assert thanks.status == DueStatus.COMING_UP
    assert status_text(window) == "journey_future.ics: 1 new interview."
