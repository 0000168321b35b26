"""What the dialogs may ask of the main window, and all they may: say a line in the status bar
(QMainWindow's own), apply what a write changed, and hear of every change. The dialogs name this
class, never ui.main_window (tests/unit/test_layering.py), so the window's internals can change
without them; MainWindow is the one implementation."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMainWindow

from followup_desktop.services.changes import Changed


class DataWindow(QMainWindow):
    dataChangedByUser = Signal(object)  # a Changed, after any change made in the window

    def apply_changes(self, changes: Changed) -> None:
        """The pages that show what changed read it again (services/changes.py)."""
        raise NotImplementedError

    def refresh_all(self) -> None:
        """Every page reads again: after an import, a restore, or F5."""
        raise NotImplementedError
