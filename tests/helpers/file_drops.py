"""Importing a file into the real window as a user does: dragged from the file manager and
dropped on the window, then confirmed in the invitation dialog by clicks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QCheckBox

from followup_desktop.ui.dialogs.invitation import InvitationDialog
from helpers.window_driver import answer

OWN_ADDRESS = "jane.candidate@example.org"


def drop_on_the_window(qtbot, window, path: Path) -> None:
    """Drag the file from the file manager onto the window; tick your own address, Import."""
    def confirm(dialog) -> None:
        for box in dialog.findChildren(QCheckBox):
            if box.text() == OWN_ADDRESS:  # on its box, not beside its text
                qtbot.mouseClick(box, Qt.MouseButton.LeftButton,
                                 pos=QPoint(8, box.height() // 2))
                assert box.isChecked()
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    invitations = answer(InvitationDialog, confirm)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    where = QPointF(window.rect().center())
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(where.toPoint(), Qt.DropAction.CopyAction, data, buttons, keys)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(window, QDropEvent(where, Qt.DropAction.CopyAction, data, buttons,
                                              keys))
    qtbot.waitUntil(lambda: bool(invitations), timeout=5000)
