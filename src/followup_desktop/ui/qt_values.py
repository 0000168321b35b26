"""The few Qt enum values the first screen needs, without PySide6's Python enums.

PySide6 creates the Python enums of a Qt class or namespace all at once, the first time one of
them is named, or a Python method is called with one: `Qt` alone has 107 of them, about 20 ms
at start-up here (docs/performance.md, "The first screen without Qt's enums"). What the first
screen paints (the window's frame, the due page and its model) names none of `Qt`'s: a model's
`data()` receives its role as a plain number, and an enum-typed property is set by its key's
name, which Qt converts through its meta-object. tests/unit/test_qt_values.py checks these
numbers and names against PySide6's own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QWidget

# Qt.ItemDataRole
DISPLAY_ROLE = 0
DECORATION_ROLE = 1
TOOLTIP_ROLE = 3
FONT_ROLE = 6
FOREGROUND_ROLE = 9
ACCESSIBLE_TEXT_ROLE = 11


def set_enum(target: QObject, name: str, key: str) -> None:
    """Set the enum- or flag-typed Qt property `name` to the key `key` ("PlainText",
    "AlignCenter"), as `setTextFormat(Qt.TextFormat.PlainText)` would."""
    if not target.setProperty(name, key):
        raise ValueError(f"{type(target).__name__} has no property {name!r} taking {key!r}")


def add_action(target: QWidget, text: str, slot: Callable[[], object]) -> QAction:
    """`target.addAction(text, slot)` (a menu's or a toolbar's), without going through that
    method's overloads, one of which takes a QKeySequence: trying it makes PySide6 create
    QKeySequence's enums."""
    action = QAction(text, target)
    action.triggered.connect(lambda _checked=False: slot())
    target.addAction(action)
    return action
