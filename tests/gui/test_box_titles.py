"""Every message box is titled by what happened ("Could not save the draft", "Restore failed"),
never just the app's name, and an expected condition shows the one sentence of
services/errors.py under that title, in plain text."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from followup_desktop import APP_NAME
from followup_desktop.services import composer
from followup_desktop.services.errors import UserError
from followup_desktop.ui.background import writes
from followup_desktop.ui.composer.dialog import ComposerDialog
from followup_desktop.ui.dialogs.restore import RestoreDialog
from followup_desktop.ui.main_window import MainWindow
from helpers.gui_constants import NOW
from helpers.robotics import thank_you_to_ada

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "followup_desktop"


@pytest.fixture
def boxes(monkeypatch) -> list[tuple[str, str, object]]:
    shown: list[tuple[str, str, object]] = []

    def exec_(box: QMessageBox) -> int:
        shown.append((box.windowTitle(), box.text(), box.textFormat()))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


def _title(call: ast.Call) -> ast.expr | None:
    named = [k.value for k in call.keywords if k.arg == "title"]
    if named:
        return named[0]
    name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
    if name == "QMessageBox" and len(call.args) >= 2:
        return call.args[1]
    return None


def test_no_box_is_titled_just_with_the_app_name():
    untitled = []
    files = [*(PACKAGE / "ui").rglob("*.py"), PACKAGE / "app.py"]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else ""
            boxed = name in ("tell", "ask") or (
                name == "warn" and path.name == "transfer.py")
            boxed |= (isinstance(node.func, ast.Name) and name == "QMessageBox"
                      and len(node.args) >= 3)
            if not boxed:
                continue
            title = _title(node)
            if title is None or (isinstance(title, ast.Name) and title.id == "APP_NAME") \
                    or (isinstance(title, ast.Constant) and title.value == APP_NAME):
                untitled.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert untitled == []


@pytest.fixture
def thank_you(backend) -> int:
    return thank_you_to_ada(backend, NOW)


def _locked(*_args: object, **_kwargs: object) -> None:
    try:
        raise sqlite3.OperationalError("database is locked")
    except sqlite3.OperationalError as cause:
        raise peewee.OperationalError("database is locked") from cause


def test_a_held_lock_while_saving_a_draft_is_told_in_its_one_sentence(
        qtbot, backend, thank_you, boxes, monkeypatch):
    """The draft waits for the data off the GUI thread (ui/background/writes.py), the
    dialog saying why; still held, the retry box says it, titled by what happened."""
    monkeypatch.setattr(writes, "BACKGROUND_LOCK_WAIT_S", 0.2)
    dialog = ComposerDialog(backend, thank_you)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(composer, "save_draft", _locked)
    assert dialog.save_draft() is False
    assert "holds the data and is writing to it; nothing was changed" in \
        dialog.waiting_note.text()
    qtbot.waitUntil(lambda: bool(boxes) and not dialog._writes.busy)  # Yes is not Retry
    [(title, text, text_format)] = boxes
    assert title == "Could not save yet"
    assert "holds the data and is writing to it; nothing was changed" in text
    assert text_format == Qt.TextFormat.PlainText


def test_a_bug_while_saving_a_draft_is_logged_and_told_where(
        qtbot, backend, thank_you, boxes, monkeypatch):
    """As every write through the write runner: the traceback goes to the log, and the box
    says it is a bug and where the details are."""
    from followup_desktop.services.errorlog import log_path

    dialog = ComposerDialog(backend, thank_you)
    qtbot.addWidget(dialog)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise KeyError("bug")

    monkeypatch.setattr(composer, "save_draft", broken)
    assert dialog.save_draft() is False
    [(title, text, text_format)] = boxes
    assert title == "Could not save" and text_format == Qt.TextFormat.PlainText
    assert "this is a bug" in text and str(log_path(backend.data_dir)) in text
    assert "KeyError: 'bug'" in log_path(backend.data_dir).read_text(encoding="utf-8")


def test_a_failed_restore_is_titled_restore_failed(qtbot, backend, boxes, monkeypatch,
                                                   tmp_path):
    from followup_desktop.services.safekeeping import backups

    def refuse(*_args: object) -> None:
        raise UserError("backup.sqlite3 is not a Follow-up backup; nothing was changed.")

    monkeypatch.setattr(backups, "restore", refuse)
    dialog = RestoreDialog(backend)
    qtbot.addWidget(dialog)
    dialog.restore_file(tmp_path / "backup.sqlite3", "backup.sqlite3")
    assert [title for title, _text, _format in boxes] == ["Restore this backup?",
                                                           "Restore failed"]
    assert boxes[1][1] == "backup.sqlite3 is not a Follow-up backup; nothing was changed."


def test_sample_data_that_cannot_be_loaded_is_titled_by_what_failed(
        qtbot, backend, boxes, monkeypatch, tmp_path):
    from followup_desktop.services import demo

    window = MainWindow(backend, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    monkeypatch.setattr(demo, "load_demo", lambda _backend: _locked())
    window.load_sample_data()
    [(title, text, _format)] = boxes
    assert title == "Could not load the sample data" and "nothing was changed" in text


def test_a_failed_write_is_titled_could_not_save(qtbot, boxes):
    writes.show_error(None, "The disk is full; nothing was changed.")
    assert boxes == [("Could not save", "The disk is full; nothing was changed.",
                      Qt.TextFormat.PlainText)]


def test_a_refused_delivery_is_still_told_under_its_own_title(qtbot, backend, thank_you, boxes,
                                                               monkeypatch):
    """A refusal through the write runner stays in the box it always had (writes.told)."""
    from followup_desktop.storage.models import Action

    dialog = ComposerDialog(backend, thank_you)
    qtbot.addWidget(dialog)
    dialog.show()

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise UserError("The note is not ready: it names no one.")

    monkeypatch.setattr(composer, "deliver", refuse)
    dialog.deliver()
    assert boxes[-1][:2] == ("Could not record the delivery",
                             "The note is not ready: it names no one.")
    assert dialog.isVisible() and Action.get_by_id(thank_you).state == "planned"
