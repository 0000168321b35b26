"""The window's other writes while a real `sqlite3` shell holds the write lock (see
test_held_lock.py): the GUI thread is not frozen, nothing is written while the lock is held,
the user is told who holds the data, what they typed or chose is kept, and the retry saves
it. Unlocked, the same writes are made at once (the features' own tests)."""

from __future__ import annotations

import time
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from test_calendar_page import TODAY, drop, entries_on, keep_in_touch_today
from test_calendar_page import open_page as open_calendar

from followup_desktop.domain.model import ActionState, ApplicationStatus
from followup_desktop.services import settings
from followup_desktop.services.changes import Changed
from followup_desktop.storage.models import (
    Action,
    Application,
    Company,
    Note,
    StatusChange,
    Touch,
)
from followup_desktop.ui.applications.page import ApplicationsPage
from followup_desktop.ui.background import writes
from followup_desktop.ui.calendar.text import action_mime
from followup_desktop.ui.composer.dialog import ComposerDialog
from followup_desktop.ui.dialogs.preferences import PreferencesDialog
from helpers.gui_constants import NOW
from helpers.locks import lock_held, needs_sqlite3, retry_after_release
from helpers.robotics import thank_you_to_ada

pytestmark = needs_sqlite3
WAIT_MS = 15_000


@pytest.fixture(autouse=True)
def short_background_wait(monkeypatch) -> None:
    """The write off the GUI thread gives up after a second (not ten) and offers the retry."""
    monkeypatch.setattr(writes, "BACKGROUND_LOCK_WAIT_S", 1.0)



def thank_you(backend) -> int:
    return thank_you_to_ada(backend, NOW, sender="Sam Rivera", discussed="The gripper prototype")


def test_the_composer_delivers_once_the_other_program_lets_go(qtbot, backend, monkeypatch,
                                                              answers):
    action_id = thank_you(backend)
    dialog = ComposerDialog(backend, action_id)
    qtbot.addWidget(dialog)
    dialog.show()
    typed = dialog.body.toPlainText() + "\nPS: the force sensors made my week."
    dialog.body.setPlainText(typed)
    dialog.run_check()
    asked: list[str] = []

    def still_held() -> None:
        assert Action.get_by_id(action_id).state == ActionState.PLANNED
        assert dialog.isVisible() and dialog.body.toPlainText() == typed

    with lock_held(backend.database_path) as holder:
        monkeypatch.setattr(writes, "ask_retry", retry_after_release(holder, asked, still_held))
        started = time.monotonic()
        qtbot.mouseClick(dialog.deliver_button, Qt.MouseButton.LeftButton)
        assert time.monotonic() - started < 1.0  # the GUI thread waited 0.1 s, not 5 s
        assert holder.told(dialog.waiting_note.text()) and dialog.waiting_note.isVisible()
        assert Action.get_by_id(action_id).state == ActionState.PLANNED
        assert not Touch.select().where(Touch.action == action_id).exists()
        dialog.reject()  # Close (or Escape) while it waits: the dialog stays until it is done
        assert dialog.isVisible() and dialog.body.toPlainText() == typed
        qtbot.waitUntil(lambda: bool(asked), timeout=WAIT_MS)
        assert holder.told(asked[0])
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert Action.get_by_id(action_id).state == ActionState.DONE
    assert Note.get(Note.action == action_id).body == typed
    assert dialog.changes == Changed.PLAN | Changed.DRAFTS
    assert not dialog.waiting_note.isVisible()


def test_a_draft_saved_while_held_reports_not_yet_and_closing_waits(qtbot, backend,
                                                                    monkeypatch):
    action_id = thank_you(backend)
    dialog = ComposerDialog(backend, action_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.body.setPlainText("Dear Ada Lovelace,\nA draft about the gripper.")
    saved: list[int] = []
    dialog.saved.connect(saved.append)
    asked: list[str] = []
    with lock_held(backend.database_path) as holder:
        monkeypatch.setattr(writes, "ask_retry", retry_after_release(holder, asked))
        assert dialog.save_draft() is False  # not saved yet: it waits for the data
        assert not Note.select().where(Note.action == action_id).exists() and saved == []
        dialog.reject()
        assert dialog.isVisible()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert dialog.result() == QDialog.DialogCode.Rejected  # closed as asked, once saved
    assert saved == [action_id] and dialog.changes == Changed.DRAFTS
    assert Note.get(Note.action == action_id).body == "Dear Ada Lovelace,\nA draft about the " \
        "gripper."


def test_a_status_change_is_recorded_once_the_other_program_lets_go(qtbot, demo_backend,
                                                                    monkeypatch):
    page = ApplicationsPage(demo_backend)
    qtbot.addWidget(page)
    page.resize(1150, 740)
    page.show()
    northwind = Application.get(Application.company == Company.get(
        Company.name == "Northwind Analytics").id).id
    page.show_application(northwind)
    qtbot.waitUntil(lambda: page.detail.detail is not None
                    and page.detail.detail.id == northwind)
    view = page.detail
    view.status_combo.setCurrentIndex(view.status_combo.findData(ApplicationStatus.REJECTED))
    qtbot.keyClicks(view.status_note, "They chose an internal candidate")
    changed: list[Changed] = []
    page.dataChanged.connect(changed.append)
    asked: list[str] = []

    def still_held() -> None:
        assert Application.get_by_id(northwind).status == ApplicationStatus.INTERVIEWING
        assert view.status_combo.currentData() == ApplicationStatus.REJECTED
        assert view.status_note.text() == "They chose an internal candidate"

    with lock_held(demo_backend.database_path) as holder:
        monkeypatch.setattr(writes, "ask_retry", retry_after_release(holder, asked, still_held))
        started = time.monotonic()
        qtbot.mouseClick(view.status_button, Qt.MouseButton.LeftButton)
        assert time.monotonic() - started < 1.0
        assert holder.told(view.status_error.text()) and view.status_error.isVisible()
        still_held()
        assert changed == []
        qtbot.waitUntil(lambda: bool(asked), timeout=WAIT_MS)
        assert holder.told(asked[0])
        qtbot.waitUntil(lambda: bool(changed), timeout=WAIT_MS)
    assert changed == [Changed.APPLICATIONS | Changed.PLAN]
    change = StatusChange.select().where(StatusChange.application == northwind) \
        .order_by(StatusChange.id.desc()).get()
    assert (change.new_status, change.note) == ("rejected", "They chose an internal candidate")
    qtbot.waitUntil(lambda: view.status_badge.text() == "Rejected")
    assert view.status_note.text() == "" and not view.status_error.isVisible()


def test_a_calendar_move_is_made_once_the_other_program_lets_go(qtbot, demo_backend,
                                                                monkeypatch):
    page = open_calendar(qtbot, demo_backend)
    moving = keep_in_touch_today(demo_backend)
    target = date(2026, 11, 30)
    changed: list[Changed] = []
    page.dataChanged.connect(changed.append)
    undo: list[bool] = []
    page.undoOffered.connect(lambda: undo.append(True))
    asked: list[str] = []

    def still_held() -> None:
        assert moving.action_id in {e.action_id for e in entries_on(demo_backend, TODAY)}

    with lock_held(demo_backend.database_path) as holder:
        monkeypatch.setattr(writes, "ask_retry", retry_after_release(holder, asked, still_held))
        started = time.monotonic()
        assert drop(page.grid, target, action_mime(moving.action_id))  # the drop is taken
        assert time.monotonic() - started < 1.0
        assert holder.told(page.status_text())
        still_held()
        assert page.move_action(moving.action_id, target) is False  # one move at a time
        assert changed == [] and undo == []
        qtbot.waitUntil(lambda: bool(asked), timeout=WAIT_MS)
        assert holder.told(asked[0])
        qtbot.waitUntil(lambda: bool(changed), timeout=WAIT_MS)
    assert changed == [Changed.PLAN] and undo == [True]
    assert moving.action_id in {e.action_id for e in entries_on(demo_backend, target)}
    assert page.status_text().startswith("Moved “15:00 Keep in touch · Ingrid Solberg”")
    assert page.selected_day() == target


def test_preferences_are_saved_once_the_other_program_lets_go(qtbot, demo_backend,
                                                              monkeypatch):
    dialog = PreferencesDialog(demo_backend)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.sender_name.setText("Sam Rivera")
    dialog.times["day_start"].setTime(dialog.times["day_start"].time().addSecs(-3600))
    asked: list[str] = []

    def still_held() -> None:
        assert settings.load()["day_start"] == "09:00"
        assert dialog.isVisible() and dialog.sender_name.text() == "Sam Rivera"
        assert dialog.times["day_start"].time().toString("HH:mm") == "08:00"

    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    with lock_held(demo_backend.database_path) as holder:
        monkeypatch.setattr(writes, "ask_retry", retry_after_release(holder, asked, still_held))
        started = time.monotonic()
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert time.monotonic() - started < 1.0
        assert holder.told(dialog.error.text())
        still_held()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Cancel while it waits: it waits too
        assert dialog.isVisible()
        qtbot.waitUntil(lambda: bool(asked), timeout=WAIT_MS)
        assert holder.told(asked[0])
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert dialog.result() == QDialog.DialogCode.Accepted  # it was saved: the window says so
    stored = settings.load()
    assert (stored["day_start"], stored["sender_name"]) == ("08:00", "Sam Rivera")
    assert dialog.replanned == 4 and dialog.changes == Changed.SETTINGS | Changed.PLAN


def test_closing_after_giving_up_closes_and_keeps_nothing_half_written(qtbot, backend,
                                                                       monkeypatch):
    """The user declines the retry: the dialog stays open with what was typed; closing
    again closes it, and nothing was written."""
    dialog = PreferencesDialog(backend)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.sender_name.setText("Sam Rivera")
    asked: list[str] = []
    monkeypatch.setattr(writes, "ask_retry", lambda _parent, text: asked.append(text) or False)
    with lock_held(backend.database_path):
        dialog.accept()
        dialog.reject()
        qtbot.waitUntil(lambda: bool(asked), timeout=WAIT_MS)
        assert dialog.isVisible() and dialog.sender_name.text() == "Sam Rivera"
        dialog.reject()
        assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert settings.load()["sender_name"] == ""
