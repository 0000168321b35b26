"""A keyboard focus ring that can be seen: the system's style, with a solid two-pixel ring in
the palette's highlight colour around what has the keyboard focus.

Installed once the first screen is painted (ui/theme.py, `install_focus_ring`): a Python style
is called for every primitive Qt paints, and naming QStyle's enums makes PySide6 create all of
them; the first screen has neither a field nor a focus that came from the keyboard to ring.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QStyleOptionComplex, QWidget

FOCUS_RING_WIDTH = 2.0
# Frames that show a field has the focus; the ring is drawn over them.
_FIELD_FRAMES = (QStyle.PrimitiveElement.PE_FrameLineEdit,)
_FIELD_CONTROLS = (QStyle.ComplexControl.CC_ComboBox, QStyle.ComplexControl.CC_SpinBox)


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
