"""Restore from a backup: the automatic and manual backups, newest first, or any backup file;
the current data is itself backed up before it is replaced."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.services.backend import Backend
from followup_desktop.services.safekeeping import backups
from followup_desktop.ui.dialogs.bug_report import expected_or_raise
from followup_desktop.ui.widgets.common import ask, plain_label, tell

REASONS = {"daily": "Daily", "weekly": "Weekly", "manual": "Backed up by hand",
           "before-import": "Before an import", "before-upgrade": "Before an app update",
           "before-restore": "Before a restore"}


class RestoreDialog(QDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self.restored = ""  # when the restored backup was made, once one was
        self.setWindowTitle("Restore from a backup")
        self.resize(560, 420)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Backups")
        zone = backend.rules().zone
        for info in backups.list_backups(backend):
            when = info.created_utc.astimezone(zone).strftime("%a %d %b %Y, %H:%M")
            item = QListWidgetItem(f"{when}  ·  {REASONS.get(info.reason, info.reason)}  ·  "
                                   f"{info.size / 1e6:.1f} MB")
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _: self.restore_selected())
        other = QPushButton("Another backup file…", self)
        other.clicked.connect(self.restore_other)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = buttons.addButton("Restore",
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(self.list.count() > 0)
        buttons.accepted.connect(self.restore_selected)
        buttons.rejected.connect(self.reject)
        hint = plain_label(f"Backups are kept in {backups.backups_dir(backend)}: the newest of "
                           "each of the last 7 days and 4 weeks, and those made before imports, "
                           "updates and restores. Your current data is backed up before it is "
                           "replaced.", self)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        layout.addWidget(other)
        layout.addWidget(buttons)

    def restore_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.restore_file(Path(item.data(Qt.ItemDataRole.UserRole)), item.text())

    def restore_other(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Restore a backup file", "",
                                                "Follow-up database (*.sqlite3)")
        if chosen:
            self.restore_file(Path(chosen), Path(chosen).name)

    def restore_file(self, path: Path, label: str) -> None:
        if not ask(self, f"Replace your current data with the backup {label}?",
                   title="Restore this backup?"):
            return
        try:
            backups.restore(self._backend, path)
        except Exception as error:  # an expected condition is told; a bug goes on to the hook
            tell(self, expected_or_raise(error, self._backend.database_path),
                 title="Restore failed")
            return
        self.restored = label
        self.accept()

