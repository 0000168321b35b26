"""Readability over the system's theme, light or dark: secondary text at WCAG AA contrast and a
keyboard focus ring that can be seen (ui/focus_ring.py).

Nothing here picks colours of its own: the placeholder colour (which the editors and the
calendar use for their quiet text) is the palette's text colour part-way to its backgrounds,
recomputed whenever the system palette changes; the focus ring is drawn in the palette's
highlight colour.

The palette is set before any widget is made (widgets read it when they are made); this module
names no Qt enum outside QPalette, so the first screen pays for no others (see
docs/performance.md, "The first screen without Qt's enums").
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

_GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)
READABLE_CONTRAST = 4.6  # WCAG AA asks 4.5:1 for text; a little more for rounding


def relative_luminance(color: QColor) -> float:
    """WCAG 2's relative luminance of an sRGB colour."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return (0.2126 * linear(color.red()) + 0.7152 * linear(color.green())
            + 0.0722 * linear(color.blue()))


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2's contrast ratio, from 1 (the same) to 21 (black on white); a translucent
    `first` (Qt's stock placeholder) is taken as drawn over `second`."""
    alpha = first.alphaF()
    if alpha < 1:
        first = QColor(*(round(f * alpha + s * (1 - alpha)) for f, s in
                         ((first.red(), second.red()), (first.green(), second.green()),
                          (first.blue(), second.blue()))))
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_mix(text: QColor, backgrounds: Iterable[QColor], share: float = 0.62) -> QColor:
    """Secondary text: `text` part-way to the (first) background, as quiet as it can be while
    it keeps READABLE_CONTRAST against every background it is drawn on."""
    backs = list(backgrounds)
    base = backs[0]
    while True:
        mixed = QColor(*(round(t * share + b * (1 - share)) for t, b in
                         ((text.red(), base.red()), (text.green(), base.green()),
                          (text.blue(), base.blue()))))
        if share >= 1 or all(contrast_ratio(mixed, b) >= READABLE_CONTRAST for b in backs):
            return mixed
        share = min(1.0, share + 0.02)


def readable_palette(palette: QPalette) -> QPalette:
    """The palette with a placeholder colour readable (4.5:1) on Base and on Window."""
    result = copy.copy(palette)  # QPalette(palette) would make PySide6 create Qt's enums
    for group in _GROUPS:
        text = palette.color(group, QPalette.ColorRole.Text)
        backs = [palette.color(group, QPalette.ColorRole.Base),
                 palette.color(group, QPalette.ColorRole.Window)]
        result.setColor(group, QPalette.ColorRole.PlaceholderText, readable_mix(text, backs))
    return result


def _apply_palette() -> None:
    current = QApplication.palette()
    wanted = readable_palette(current)
    if any(wanted.color(g, QPalette.ColorRole.PlaceholderText)
           != current.color(g, QPalette.ColorRole.PlaceholderText) for g in _GROUPS):
        QApplication.setPalette(wanted)


def apply_theme(app: QApplication) -> None:
    """Once, before any window is built (widgets read the palette when they are made)."""
    _apply_palette()
    # Switched between light and dark: once the new palette is in, the placeholder again.
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: QTimer.singleShot(
        0, _apply_palette))


def install_focus_ring(app: QApplication) -> None:
    """The focus ring's style (ui/focus_ring.py), once the first screen is painted; the
    palette is applied again over whatever the new style brings."""
    from followup_desktop.ui.focus_ring import FocusRingStyle

    app.setStyle(FocusRingStyle(app.style().name()))
    _apply_palette()
