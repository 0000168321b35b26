"""Undo in the window: Edit, Undo (Ctrl+Z) and an Undo button beside the status bar's message
after a done, skip, snooze, decision or calendar move. The journal itself is the service's
(services/undo.py): this only offers it and says what was undone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolButton

if TYPE_CHECKING:
    from followup_desktop.services.backend import Backend

OFFER_MS = 15_000  # how long the status bar offers the undo of what was just done


def sentence(label: str) -> str:
    """'done: Thank-you to Ada (Acme)' as a message: 'Done: Thank-you to Ada (Acme).'"""
    text = label.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "." if text else ""


class UndoOffer(QObject):
    """`undone` (the action id the undone change was about, or None) once a change is taken
    back: the window refreshes, the due list selects that follow-up again."""

    undone = Signal(object)

    def __init__(self, backend: Backend, window: QMainWindow) -> None:
        super().__init__(window)
        self._backend = backend
        self._window = window
        self.action = QAction("&Undo", window)
        self.action.setShortcut(QKeySequence.StandardKey.Undo)
        self.action.setStatusTip("Take back the last done, skip, snooze, decision or move")
        self.action.triggered.connect(lambda _checked=False: self.undo())
        window.addAction(self.action)  # Ctrl+Z works wherever the focus is in the window
        self.menu = QMenu("&Edit", window)
        self.menu.addAction(self.action)
        bar = window.menuBar()
        after_file = next((a for a in bar.actions()[1:2]), None)  # File, Edit, View, ...
        if after_file is not None:
            bar.insertMenu(after_file, self.menu)
        else:
            bar.addMenu(self.menu)
        self.button = QToolButton(window)
        self.button.setText("Undo")
        self.button.setAccessibleName("Undo")
        self.button.setAutoRaise(True)
        self.button.clicked.connect(lambda _checked=False: self.undo())
        self.button.hide()
        status = window.statusBar()
        status.addPermanentWidget(self.button)
        status.messageChanged.connect(self._message_changed)
        self._offered = ""  # the message the Undo button stands beside

    def offer(self) -> None:
        """Say what was just done, with an Undo beside it."""
        from followup_desktop.services import undo

        entry = undo.last(self._backend)
        if entry is None:
            return
        text = sentence(entry.label)
        self.button.setToolTip(f"Undo: {text} (Ctrl+Z)")
        self._offered = f"{text} Ctrl+Z undoes it."
        self._window.statusBar().showMessage(self._offered, OFFER_MS)
        self.button.show()

    def undo(self) -> bool:
        """Take back the newest change not yet undone; say what it was (or that there is
        nothing to undo)."""
        from followup_desktop.services import undo
        from followup_desktop.services.errors import UserError

        entry = undo.last(self._backend)
        try:
            said = undo.undo_last(self._backend)
        except UserError as error:
            self._say(str(error))
            return False
        self._say(sentence(said))
        self.undone.emit(entry.action_id if entry is not None else None)
        return True

    def _say(self, text: str) -> None:
        self._offered = ""
        self.button.hide()
        self._window.statusBar().showMessage(text, OFFER_MS)

    def _message_changed(self, text: str) -> None:
        if text != self._offered:  # the offer timed out, or another message took its place
            self._offered = ""
            self.button.hide()
