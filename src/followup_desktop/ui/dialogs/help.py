"""Help, User guide and Help, Keyboard shortcuts: short, plain text, opened in the app.

The shortcut list is read from the window's own actions, so it never disagrees with the menus;
keys that work inside a page are listed after them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop import APP_NAME, __version__
from followup_desktop.ui.widgets.common import plain_label

USER_GUIDE = f"""\
{APP_NAME} remembers what to do after each job interview, and when.

1. After an interview
   Choose File › Debrief an interview (Ctrl+D). Type the company and the position, who \
interviewed you (name, title, e-mail, phone) and what you talked about. Spell names and titles \
as they do: a wrong name is worse than no note.

2. The plan
   The app plans a thank-you to each interviewer about a day later, in working hours, by the \
channel that suits the company (e-mail, phone, card or letter); then a few keep-in-touch notes \
until the decision date, and a call to ask when that date has passed in silence. You never \
write to the receptionist, and never pester anyone: the app warns you.

3. Due (Ctrl+1)
   What to do now and soon. Select a row and choose Write note… to draft it from a template, \
check it and send it (your mail app, a call script, a printed letter or card). Done records \
what you sent; Snooze moves it; Skip drops it.

4. Calendar (Ctrl+2)
   Interviews and follow-ups by month or week. Drag a follow-up to another day to move it.

5. Applications (Ctrl+3) and Contacts (Ctrl+4)
   Every application with its interviews, plan and history; change its status when you hear \
back (an offer or a rejection ends the follow-ups, the history is kept). Every person and \
company, searchable as you type (Ctrl+F).

6. Your data
   Everything stays on this computer, in the data folder shown in Preferences (Ctrl+,). \
File › Import reads calendar invitations (.ics), contacts (.vcf) and a full export (.json); \
File › Export writes them. Backups are made automatically; File › Restore brings one back.

Reminders appear as desktop notifications while the app runs (also hidden in the system tray \
where there is one). What was missed while it was closed is shown once at the next start.
"""

# Keys that work inside a page, beside the menu shortcuts.
PAGE_KEYS: tuple[tuple[str, str], ...] = (
    ("Due", "Ctrl+Return", "Mark the selected follow-up done"),
    ("Due", "Alt+W / Alt+K / Alt+S", "Write note…, Skip, Snooze"),
    ("Calendar", "Arrow keys", "Move between days"),
    ("Calendar", "Page Up / Page Down", "Previous or next month or week"),
    ("Calendar", "T or Home", "Go to today"),
    ("Calendar", "Return", "Go to the selected day's list of items"),
    ("Contacts", "Down (in the search field)", "Go on into the results"),
    ("Any list", "Return", "Open the selected item"),
)


class UserGuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME} user guide")
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setPlainText(USER_GUIDE)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setAccessibleName("User guide")
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(_close_buttons(self))
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 80, metrics.lineSpacing() * 30)


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(keys, what) for every action with a shortcut, then the keys inside pages."""
    rows = []
    for action in actions:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if keys:
            rows.append((keys, action.text().replace("&&", "\0").replace("&", "")
                         .replace("\0", "&").rstrip("…").strip()))
    rows += [(keys, f"{page}: {what}") for page, keys, what in PAGE_KEYS]
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(actions)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Keys", "What it does"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        for row, (keys, what) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(what))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("Menu commands, then keys that work inside a page.", self))
        layout.addWidget(self.table)
        layout.addWidget(_close_buttons(self))
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 78, metrics.lineSpacing() * 28)


def _close_buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    return buttons


def show_about(parent: QWidget, data_dir: Path) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, f"About {APP_NAME}",
                      f"{APP_NAME} {__version__}\n\nFollow up after every job interview: "
                      "on time, in the right way, with the right person.\n\n"
                      f"Your data: {data_dir}", parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
