"""ui/qt_values.py: the first screen's Qt enum values as numbers and names, checked against
PySide6's own enums."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QTreeView

from followup_desktop.ui import qt_values
from followup_desktop.ui.qt_values import set_enum

Role = Qt.ItemDataRole


def test_the_roles_are_qts():
    ours = {"DISPLAY_ROLE": Role.DisplayRole, "DECORATION_ROLE": Role.DecorationRole,
            "TOOLTIP_ROLE": Role.ToolTipRole, "FONT_ROLE": Role.FontRole,
            "FOREGROUND_ROLE": Role.ForegroundRole, "ACCESSIBLE_TEXT_ROLE": Role.AccessibleTextRole}
    for name, role in ours.items():
        assert getattr(qt_values, name) == role.value, name


@pytest.fixture
def app() -> QApplication:
    return QApplication.instance() or QApplication([])


def test_a_property_is_set_by_its_keys_name(app):
    label, view = QLabel(), QTreeView()
    set_enum(label, "textFormat", "PlainText")
    set_enum(label, "alignment", "AlignCenter")
    set_enum(view, "contextMenuPolicy", "CustomContextMenu")
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.alignment() == Qt.AlignmentFlag.AlignCenter
    assert view.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu


def test_a_wrong_name_is_an_error_not_a_silent_no(app):
    with pytest.raises(ValueError, match="textFormat"):
        set_enum(QLabel(), "textFormat", "Plaintext")
