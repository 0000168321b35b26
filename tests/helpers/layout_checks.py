"""Checks a person would make by looking: no button narrower than its text, no pane that must
be scrolled sideways, no dialog taller than the screen. Plus a way to answer modal dialogs from
inside their own event loops, and screenshots for looking at the result.

Each check returns a list of readable problems (empty when all is well), so one assertion
shows every problem of a screen at once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QToolButton,
    QWidget,
)

SHOTS_ENV = "FOLLOWUP_SCREENSHOTS"  # a folder: the journey tests save their screenshots there
DIALOG_HEIGHT_LIMIT = 700  # taller dialogs must scroll (DESIGN: usable at 1366 x 768)


def _name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    label = text or widget.accessibleName() or widget.objectName()
    return f"{type(widget).__name__} {label!r}"


def _shown(root: QWidget, kind: type) -> list:
    found = [w for w in root.findChildren(kind) if w.isVisibleTo(root) and w.isVisible()]
    if isinstance(root, kind) and root.isVisible():
        found.append(root)
    return found


def _internal(widget: QWidget) -> bool:
    """Buttons that show an icon and no text (a line edit's clear button, a file dialog's
    Back and Forward): there is no text a layout could cut off."""
    if type(widget).__name__.startswith("QLineEdit") or widget.objectName().startswith("qt_"):
        return True
    return isinstance(widget, QToolButton) and not widget.icon().isNull() \
        and widget.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly


def clipped_buttons(root: QWidget) -> list[str]:
    """Visible buttons narrower than they ask to be: their text is cut off."""
    problems = []
    for button in _shown(root, QAbstractButton):
        if _internal(button) or not button.text():
            continue
        hint = button.sizeHint().width()
        if button.width() < hint:
            problems.append(f"{_name(button)} is {button.width()} px wide, needs {hint}")
    return problems


def sideways_scrolling(root: QWidget) -> list[str]:
    """Visible scroll areas (lists, tables, panes) that show a horizontal scroll bar."""
    problems = []
    for area in _shown(root, QAbstractScrollArea):
        bar = area.horizontalScrollBar()
        if bar.isVisible() and bar.maximum() > 0:
            problems.append(f"{_name(area)} scrolls sideways by {bar.maximum()} px "
                            f"(width {area.width()})")
    return problems


def too_tall(dialog: QWidget, limit: int) -> list[str]:
    """A dialog that asks to be taller than `limit`: its OK and Cancel would be off screen."""
    wanted = max(dialog.sizeHint().height(), dialog.minimumSizeHint().height(),
                 dialog.minimumHeight())
    return [f"{_name(dialog)} wants {wanted} px height, more than {limit}"] \
        if wanted > limit else []


def layout_problems(root: QWidget) -> list[str]:
    return clipped_buttons(root) + sideways_scrolling(root)


def dialog_problems(dialog: QWidget, screen: QSize) -> list[str]:
    """A dialog on a screen of `screen`: not taller than the screen (or the limit), and, at
    the size such a screen leaves it, nothing cut off and nothing scrolling sideways."""
    problems = too_tall(dialog, min(DIALOG_HEIGHT_LIMIT, screen.height()))
    dialog.resize(dialog.size().boundedTo(screen))
    QApplication.processEvents()
    return problems + layout_problems(dialog)


class ModalScript:
    """Answers the modal dialogs that open while `run` calls its trigger, one handler each
    in order, from inside the dialog's own event loop (exec() blocks the test)."""

    POLL_MS = 25

    def __init__(self, handlers: list[Callable[[QWidget], None]],
                 kinds: list[type] | None = None) -> None:
        """`kinds[i]`, when given, is the class the i-th handler waits for: other modal
        widgets meanwhile (a progress dialog) are left alone."""
        self.handlers = list(handlers)
        self.kinds = list(kinds) if kinds else [QWidget] * len(handlers)
        self.seen: list[QWidget] = []
        self.errors: list[BaseException] = []
        self._timer = QTimer()
        self._timer.setInterval(self.POLL_MS)
        self._timer.timeout.connect(self._poll)

    def _poll(self) -> None:
        modal = QApplication.activeModalWidget()
        if modal is None or (self.seen and modal is self.seen[-1]):
            return
        if not self.handlers:  # a dialog nobody expected: closed, so the test cannot hang
            self.seen.append(modal)
            self.errors.append(AssertionError(f"unexpected dialog {_name(modal)}: "
                                              f"{getattr(modal, 'text', lambda: '')()}"))
            modal.close()
            return
        if not isinstance(modal, self.kinds[0]):
            return
        self._timer.stop()
        self.seen.append(modal)
        handler = self.handlers.pop(0)
        self.kinds.pop(0)
        try:
            handler(modal)
        except BaseException as error:  # reported after exec() returns
            self.errors.append(error)
            modal.close()
        self._timer.start()

    def run(self, trigger: Callable[[], object], wait: Callable[[], None]) -> None:
        """Call `trigger` (which may block in exec()), then `wait` until every handler ran."""
        self._timer.start()
        try:
            trigger()
            wait()
        finally:
            self._timer.stop()
        if self.errors:
            raise self.errors[0]


def dark_palette() -> QPalette:
    """A dark palette such as a dark desktop theme gives Qt."""
    palette = QPalette()
    colours = {
        "Window": "#2b2b2b", "WindowText": "#e6e6e6", "Base": "#1f1f1f",
        "AlternateBase": "#272727", "Text": "#e6e6e6", "Button": "#353535",
        "ButtonText": "#e6e6e6", "BrightText": "#ffffff", "Highlight": "#3d7dca",
        "HighlightedText": "#ffffff", "ToolTipBase": "#353535", "ToolTipText": "#e6e6e6",
        "Link": "#8ab4f8", "LinkVisited": "#c58af9", "PlaceholderText": "#8a8a8a",
        "Light": "#505050", "Midlight": "#444444", "Mid": "#3a3a3a", "Dark": "#1a1a1a",
        "Shadow": "#000000",
    }
    for role, colour in colours.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in ("WindowText", "Text", "ButtonText"):
        palette.setColor(disabled, getattr(QPalette.ColorRole, role), QColor("#8c8c8c"))
    return palette


def save_shot(widget: QWidget, name: str) -> Path | None:
    """Save a screenshot when $FOLLOWUP_SCREENSHOTS names a folder (a test never needs one)."""
    folder = os.environ.get(SHOTS_ENV)
    if not folder:
        return None
    path = Path(folder) / (re.sub(r"[^A-Za-z0-9.-]+", "-", name).strip("-") + ".png")
    path.parent.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(path))
    return path
