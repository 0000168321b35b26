"""Small pieces every view shares: plain-text labels, escaped tooltips, times, kind colours."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QWidget

from followup_desktop import APP_NAME
from followup_desktop.ui.qt_values import set_enum

if TYPE_CHECKING:  # the first screen's labels are made here; message boxes come later
    from PySide6.QtWidgets import QMessageBox

# One colour per kind of calendar item; chosen to stay readable on light and dark palettes.
KIND_COLORS = {
    "interview": QColor("#7e57c2"),
    "thank_you": QColor("#2e7d32"),
    "ask_about_decision": QColor("#00838f"),
    "keep_in_touch": QColor("#1565c0"),
    "decision_check": QColor("#ef6c00"),
}
# A dialog's scrolling content asks for at most this height, and never more than the screen
# leaves once the title bar, the buttons and the desktop's panels are counted.
DIALOG_CONTENT_HEIGHT = 560
DIALOG_FRAME_ALLOWANCE = 180
DIALOG_CONTENT_MIN_HEIGHT = 240


class FittingScrollArea(QScrollArea):
    """A dialog's content that scrolls down when the screen is too short for it (OK and Cancel
    stay below it, in view), and is never narrower than the content: it does not scroll
    sideways. Qt's own scroll area asks for at most 24 lines of height and 36 of width."""

    def __init__(self, content: QWidget, parent: QWidget | None = None,
                 max_height: int = DIALOG_CONTENT_HEIGHT) -> None:
        super().__init__(parent)
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._max_height = max_height

    def _extra(self) -> QSize:
        frame = 2 * self.frameWidth()
        return QSize(frame + self.verticalScrollBar().sizeHint().width(), frame)

    def sizeHint(self) -> QSize:
        content = self.widget().sizeHint() + self._extra()
        screen = self.screen().availableGeometry().height() if self.screen() else 768
        tallest = min(self._max_height, screen - DIALOG_FRAME_ALLOWANCE)
        return QSize(content.width(), min(content.height(), tallest))

    def minimumSizeHint(self) -> QSize:
        content = self.widget().minimumSizeHint() + self._extra()
        return QSize(content.width(), min(content.height(), DIALOG_CONTENT_MIN_HEIGHT))


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that never interprets its text as HTML: data is shown literally."""
    label = QLabel(parent)
    set_enum(label, "textFormat", "PlainText")  # by name: see ui/qt_values.py
    label.setText(text)
    return label


def tooltip(lines: Iterable[str]) -> str:
    """Tooltips guess at rich text, so data goes in escaped inside explicit HTML."""
    import html  # when a tooltip is first shown: not before the first screen

    kept = [html.escape(line) for line in lines if line]
    return "<p>" + "<br>".join(kept) + "</p>" if kept else ""


def when(instant: datetime, zone: ZoneInfo) -> str:
    """A short local date and time, such as 'Wed 2 Dec, 15:00' (strftime's "%-d" for a day
    without its leading zero is not portable)."""
    local = instant.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b, %H:%M}"


def person_line(name: str, title: str) -> str:
    return f"{name}, {title}" if title else name


def set_error_style(label: QLabel) -> None:
    """Error text in a red that stays readable on the light or dark system palette."""
    palette = label.palette()
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#ef9a9a" if dark else "#c62828"))
    label.setPalette(palette)


def set_heading_style(label: QLabel) -> None:
    """A page title: the system font, larger and bold, so it follows the user's font choice."""
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    label.setFont(font)


def tell(parent: QWidget | None, text: str, icon: QMessageBox.Icon | None = None,
         title: str = APP_NAME) -> None:
    """A message box whose text, data included, is shown as plain text; its title says what
    happened ("Import failed") where the caller knows. A warning unless `icon` says else."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning if icon is None else icon, title, text,
                      parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def ask(parent: QWidget | None, question: str, icon: QMessageBox.Icon | None = None,
        title: str = APP_NAME) -> bool:
    """A yes-or-no question in plain text; True for yes. A question unless `icon` says else."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question if icon is None else icon, title, question,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box.exec() == QMessageBox.StandardButton.Yes


def set_hint_style(label: QLabel) -> None:
    """Secondary text: the palette's placeholder colour, so it stays dimmed in dark mode."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText,
                     palette.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(palette)


def hint_label(text: str, parent: QWidget) -> QLabel:
    label = plain_label(text, parent)
    label.setWordWrap(True)
    set_hint_style(label)
    return label
