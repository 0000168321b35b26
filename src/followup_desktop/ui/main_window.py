"""The main window: for now, the list of follow-ups that are due, filled after it shows."""

from __future__ import annotations

import html
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop import APP_NAME
from followup_desktop.services.backend import Backend
from followup_desktop.services.due import DueItem, due_at

COLUMNS = ("What", "For", "Company", "Channel", "Due", "Status")


class MainWindow(QMainWindow):
    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self._backend = backend
        self.setWindowTitle(APP_NAME)
        self.resize(1000, 560)
        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.heading.setFont(font)
        self.due_list = QTreeWidget(self)
        self.due_list.setHeaderLabels(COLUMNS)
        self.due_list.setRootIsDecorated(False)
        self.due_list.setAlternatingRowColors(True)
        self.due_list.setAccessibleName("Follow-ups due now")
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(self.heading)
        layout.addWidget(self.due_list)
        self.setCentralWidget(central)
        self.statusBar().showMessage(f"Data: {backend.data_dir}")
        self._add_refresh_shortcut()
        QTimer.singleShot(0, self.refresh)

    def _add_refresh_shortcut(self) -> None:
        refresh = self.addAction("Refresh")
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.refresh)

    def refresh(self) -> None:
        items = due_at(self._backend, self._backend.clock.now())
        self.due_list.clear()
        zone = self._backend.rules().zone
        for item in items:
            self.due_list.addTopLevelItem(_row(item, zone))
        for column in range(len(COLUMNS)):
            self.due_list.resizeColumnToContents(column)
        self.heading.setText(
            f"{len(items)} follow-ups due now" if items else
            "Nothing is due. Run 'followup-desktop demo' in an empty data folder to see sample "
            "data.")


def _row(item: DueItem, zone: ZoneInfo) -> QTreeWidgetItem:
    who = "the company" if item.contact is None else \
        ", ".join(p for p in (item.contact.name, item.contact.title) if p)
    due = item.due.astimezone(zone).strftime("%a %d %b, %H:%M")
    status = item.timeliness.replace("_", " ")
    row = QTreeWidgetItem([item.kind.label, who, f"{item.company} – {item.position}",
                           item.channel, due, status])
    lines = [line for line in (item.note, *item.warnings) if line]
    if lines:  # tooltips guess at rich text, so the data is escaped into explicit HTML
        tip = "<p>" + "<br>".join(html.escape(line) for line in lines) + "</p>"
        for column in range(len(COLUMNS)):
            row.setToolTip(column, tip)
    return row
