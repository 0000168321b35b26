"""Readability: secondary text at WCAG AA contrast in light and dark palettes, a focus ring
that can be seen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyleFactory, QStyleOptionFocusRect

from followup_desktop.ui.focus_ring import FocusRingStyle, focus_ring_color
from followup_desktop.ui.theme import contrast_ratio, readable_palette
from followup_desktop.ui.widgets.detail_parts import muted_color
from helpers.layout_checks import dark_palette

Role = QPalette.ColorRole


def light_palette() -> QPalette:
    return QStyleFactory.create("Fusion").standardPalette()


PALETTES = {"light": light_palette, "dark": dark_palette}


def test_contrast_ratio_is_wcags():
    assert contrast_ratio(QColor("black"), QColor("white")) == pytest.approx(21)
    assert contrast_ratio(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("name", PALETTES)
def test_muted_text_reaches_aa_on_the_window(qapp, name):
    palette = PALETTES[name]()
    muted = muted_color(palette)
    assert contrast_ratio(muted, palette.color(Role.Window)) >= 4.5
    assert muted != palette.color(Role.WindowText)  # still quieter than the text


@pytest.mark.parametrize("name", PALETTES)
def test_the_placeholder_colour_reaches_aa_on_fields_and_the_window(qapp, name):
    before = PALETTES[name]()
    palette = readable_palette(before)
    quiet = palette.color(Role.PlaceholderText)
    for back in (Role.Base, Role.Window):
        assert contrast_ratio(quiet, palette.color(back)) >= 4.5, back
    assert palette.color(Role.Text) == before.color(Role.Text)


def test_the_stock_placeholder_was_not_readable(qapp):
    """Why the palette is adjusted: Fusion's placeholder is text at half opacity."""
    palette = light_palette()
    assert contrast_ratio(palette.color(Role.PlaceholderText), palette.color(Role.Base)) < 4.5


def test_the_keyboard_focus_ring_is_solid_highlight(qapp):
    style = FocusRingStyle("Fusion")
    option = QStyleOptionFocusRect()
    option.rect = QRect(0, 0, 60, 24)
    option.palette = QApplication.palette()
    option.state = QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_KeyboardFocusChange
    image = QImage(60, 24, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter)
    painter.end()
    ring = focus_ring_color(option.palette)
    edge = image.pixelColor(30, 1)  # the middle of the top edge
    assert contrast_ratio(edge, QColor("white")) >= 3  # WCAG's 3:1 for focus indicators
    assert abs(edge.hue() - ring.hue()) <= 2
