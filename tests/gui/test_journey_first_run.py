"""Journey: a new user's first run, driven only by the keys and clicks a person would use, on the
real main window over an empty data folder, at two ordinary screen sizes.

First run: the name is asked. Ctrl+D: the first interview is typed from nothing (company,
position, an interviewer with name, title and e-mail). The plan shows in Due and Calendar at
once. At the thank-you's due time (the pinned clock moved on, F5), Write note: the draft greets
"Dear Anna," and holds no placeholder; copied, marked delivered, and the follow-up is done.

The dialogs run in their own event loops (exec), so what the user does in one is queued before
the click that opens it (`in_dialog`); a failure inside closes the dialog and is raised after.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from followup_desktop.domain.model import ActionKind, ActionState
from followup_desktop.services import settings
from followup_desktop.storage.models import Action, Contact
from followup_desktop.ui.composer.dialog import ComposerDialog
from followup_desktop.ui.debrief import DebriefDialog
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.widgets.first_run import NameBanner

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window_settings(tmp_path):
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


def in_dialog(kind: type[QDialog], act: Callable[[QDialog], None],
              errors: list[BaseException], seen: list[str]) -> None:
    """Once a modal `kind` is up, do `act` in it; a message box on the way is read and
    answered Yes (its text kept in `seen`)."""
    def poll() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QMessageBox):
            seen.append(modal.text())
            modal.button(QMessageBox.StandardButton.Yes).click() \
                if modal.button(QMessageBox.StandardButton.Yes) else modal.accept()
        elif isinstance(modal, kind) and modal.isVisible():
            try:
                act(modal)
            except BaseException as error:
                errors.append(error)
                modal.reject()
            return
        QTimer.singleShot(20, poll)
    QTimer.singleShot(0, poll)


def no_cut_off_buttons(widget: QWidget) -> None:
    from PySide6.QtWidgets import QPushButton

    for button in widget.findChildren(QPushButton):
        if button.isVisible() and button.text():
            assert button.width() >= button.minimumSizeHint().width(), button.text()


@pytest.mark.parametrize("size", [(1000, 700), (1366, 768)], ids=["1000x700", "1366x768"])
def test_first_run_to_a_delivered_thank_you(qtbot, backend, window_settings, size):
    errors: list[BaseException] = []
    seen: list[str] = []
    window = MainWindow(backend, window_settings)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # its shortcuts work now

    # First run: the name is asked, once.
    qtbot.waitUntil(lambda: any(b.isVisible() for b in window.findChildren(NameBanner)))
    banner = next(b for b in window.findChildren(NameBanner) if b.isVisible())
    no_cut_off_buttons(banner)
    qtbot.mouseClick(banner.name, LEFT)
    qtbot.keyClicks(banner.name, "Sam Rivera")
    qtbot.keyClick(banner.name, Qt.Key.Key_Return)
    assert not banner.isVisible()
    assert settings.load()["sender_name"] == "Sam Rivera"
    assert window.statusBar().currentMessage() == "Your notes will be signed “Sam Rivera”."

    # Ctrl+D: the first interview, typed from nothing.
    def debrief(dialog: QDialog) -> None:
        assert isinstance(dialog, DebriefDialog)
        qtbot.waitUntil(lambda: dialog.is_loaded)
        assert dialog.focusWidget() is dialog.company
        qtbot.keyClicks(dialog.company, "Acme Robotics")
        qtbot.keyClick(dialog.company, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.position, "Data Engineer")
        qtbot.keyClicks(dialog.picker.name, "Anna Kowalski")
        qtbot.keyClicks(dialog.picker.title, "Head of Data")
        qtbot.keyClicks(dialog.picker.email, "anna@acme.example")
        qtbot.keyClick(dialog.picker.email, Qt.Key.Key_Return)  # adds her; the dialog stays
        assert dialog.picker.model.rowCount() == 1
        qtbot.keyClicks(dialog.discussed, "The gripper prototype and its force sensors.")
        qtbot.waitUntil(dialog.ok_button.isEnabled)
        no_cut_off_buttons(dialog)
        qtbot.mouseClick(dialog.ok_button, LEFT)
        qtbot.waitUntil(lambda: dialog.stack.currentWidget() is dialog.plan_page)
        close = dialog.buttons.buttons()[0]
        qtbot.mouseClick(close, LEFT)
    in_dialog(DebriefDialog, debrief, errors, seen)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    if errors:
        raise errors[0]

    # The plan is in Due and in the Calendar without a refresh.
    due = window.page("Due")
    anna = Contact.get(Contact.name == "Anna Kowalski")
    assert anna.email == "anna@acme.example"
    thank_you = Action.get((Action.contact == anna.id) & (Action.kind == ActionKind.THANK_YOU))

    def due_ids() -> set[int]:
        return {due.model.item_at(due.model.index(r, 0, due.model.index(g, 0))).id
                for g in range(due.model.rowCount())
                for r in range(due.model.rowCount(due.model.index(g, 0)))}
    qtbot.waitUntil(lambda: thank_you.id in due_ids())
    calendar = window.go_to("Calendar")
    qtbot.waitUntil(lambda: calendar.isVisible())
    window.go_to("Due")

    # At its due time (the pinned clock moved on), F5 shows it as to do now.
    backend.clock.set(thank_you.due_utc + timedelta(minutes=5))
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: due.selected_item() is not None
                    and due.selected_item().id == thank_you.id
                    and due.selected_item().to_do_now)
    assert due.summary.text().startswith("1 to do now")
    no_cut_off_buttons(window)

    # Write note: a personal draft, no placeholder; copied and marked delivered.
    def compose(dialog: QDialog) -> None:
        assert isinstance(dialog, ComposerDialog)
        body = dialog.body.toPlainText()
        assert body.startswith("Dear Anna,\n"), body
        assert "Anna Kowalski" not in body and "[add" not in body
        assert "stayed with me: the gripper prototype" in body
        assert body.rstrip().endswith("Sam Rivera")
        assert dialog.verdict.text() == "Ready to send."
        assert dialog.mail_button.isEnabled() and dialog.deliver_button.isDefault()
        no_cut_off_buttons(dialog)
        qtbot.mouseClick(dialog.copy_button, LEFT)
        assert QGuiApplication.clipboard().text().endswith(body)
        qtbot.mouseClick(dialog.deliver_button, LEFT)
    in_dialog(ComposerDialog, compose, errors, seen)
    qtbot.mouseClick(due.write_button, LEFT)
    if errors:
        raise errors[0]

    # The follow-up is done, and the due list no longer holds it.
    assert Action.get_by_id(thank_you.id).state == ActionState.DONE
    qtbot.waitUntil(lambda: thank_you.id not in due_ids())
    assert seen == []  # no warning was needed on the way
