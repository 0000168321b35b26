"""The row of status toggles above the applications table: one per status with its count,
and "All"."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QToolButton, QWidget

from followup_desktop.domain.fields import STATUS_LABELS
from followup_desktop.domain.model import ApplicationStatus


class StatusStrip(QWidget):
    """One toggle button per status with its count, and "All": choosing one filters the table."""

    statusChosen = Signal(object)  # ApplicationStatus, or None for all

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[ApplicationStatus | None, QToolButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for status in (None, *ApplicationStatus):
            button = QToolButton(self)
            button.setCheckable(True)
            button.setAutoRaise(False)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.clicked.connect(lambda _=False, s=status: self.statusChosen.emit(s))
            self.group.addButton(button)
            self.buttons[status] = button
            layout.addWidget(button)
        self.buttons[None].setChecked(True)
        self.set_counts({s: 0 for s in ApplicationStatus}, 0)

    def set_counts(self, counts: dict[ApplicationStatus, int], total: int) -> None:
        for status, button in self.buttons.items():
            label = "All" if status is None else STATUS_LABELS[status]
            count = total if status is None else counts.get(status, 0)
            button.setText(f"{label}  {count}")
            button.setAccessibleName(f"Show {label.lower()} applications ({count})")
            button.setToolTip(f"Show {'all' if status is None else label.lower()} "
                              f"applications ({count})")

    def set_status(self, status: ApplicationStatus | None) -> None:
        self.buttons[status].setChecked(True)
