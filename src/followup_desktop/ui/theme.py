"""Readability over the system's theme, light or dark: secondary text at WCAG AA contrast and a
keyboard focus ring that can be seen.

Nothing here picks colours of its own: the placeholder colour (which the editors and the
calendar use for their quiet text) is the palette's text colour part-way to its backgrounds,
recomputed whenever the system palette changes; the focus ring is drawn in the palette's
highlight colour.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionComplex,
    QWidget,
)

from followup_desktop.ui.widgets.common import readable_mix

FOCUS_RING_WIDTH = 2.0
_GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)
# Frames that show a field has the focus; the ring is drawn over them.
_FIELD_FRAMES = (QStyle.PrimitiveElement.PE_FrameLineEdit,)
_FIELD_CONTROLS = (QStyle.ComplexControl.CC_ComboBox, QStyle.ComplexControl.CC_SpinBox)


def readable_palette(palette: QPalette) -> QPalette:
    """The palette with a placeholder colour readable (4.5:1) on Base and on Window."""
    result = QPalette(palette)
    for group in _GROUPS:
        text = palette.color(group, QPalette.ColorRole.Text)
        backs = [palette.color(group, QPalette.ColorRole.Base),
                 palette.color(group, QPalette.ColorRole.Window)]
        result.setColor(group, QPalette.ColorRole.PlaceholderText, readable_mix(text, backs))
    return result


def focus_ring_color(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)


class FocusRingStyle(QProxyStyle):
    """The system's style, with a solid two-pixel ring in the highlight colour around what
    has the keyboard focus (Fusion's own is a faint, 30 % transparent line)."""

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,
                      painter: QPainter, widget: QWidget | None = None) -> None:
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect:
            if option.state & QStyle.StateFlag.State_KeyboardFocusChange:
                _ring(painter, QRectF(option.rect), option.palette)
            return
        super().drawPrimitive(element, option, painter, widget)
        if element in _FIELD_FRAMES and option.state & QStyle.StateFlag.State_HasFocus:
            _ring(painter, QRectF(option.rect), option.palette)

    def drawComplexControl(self, control: QStyle.ComplexControl, option: QStyleOptionComplex,
                           painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control in _FIELD_CONTROLS and option.state & QStyle.StateFlag.State_HasFocus:
            _ring(painter, QRectF(option.rect), option.palette)


def _ring(painter: QPainter, rect: QRectF, palette: QPalette) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    pen = QPen(focus_ring_color(palette), FOCUS_RING_WIDTH)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inset = FOCUS_RING_WIDTH / 2
    painter.drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset), 3, 3)
    painter.restore()


def _apply_palette() -> None:
    current = QApplication.palette()
    wanted = readable_palette(current)
    if any(wanted.color(g, QPalette.ColorRole.PlaceholderText)
           != current.color(g, QPalette.ColorRole.PlaceholderText) for g in _GROUPS):
        QApplication.setPalette(wanted)


def apply_theme(app: QApplication) -> None:
    """Once, before any window is built (widgets read the palette when they are made)."""
    app.setStyle(FocusRingStyle(app.style().name()))
    _apply_palette()
    # Switched between light and dark: once the new palette is in, the placeholder again.
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: QTimer.singleShot(
        0, _apply_palette))
