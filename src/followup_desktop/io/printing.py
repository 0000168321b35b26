"""What the printable card and letter share: page set-up on any paged device, fonts with
fallbacks, plain-text line breaking and writing a PDF file safely.

Text is always laid out with QTextLayout, which never interprets markup, so a name such as
``<b>Acme</b>`` prints literally. QTextLayout also does the shaping and bidi work (Arabic,
Hebrew) and Qt's font fallback picks an installed font for scripts the main font lacks (CJK).
All geometry is in device pixels: a QPdfWriter has 1200 of them per inch, a QPrinter from a
print dialog its own resolution, so every length goes through :func:`mm` or :func:`pt`.
"""

from __future__ import annotations

import errno
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

from PySide6.QtCore import QMarginsF, QPointF, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QTextLayout,
    QTextOption,
)

from followup_desktop import APP_NAME, __version__
from followup_desktop.system.private_files import replacing

T = TypeVar("T")
Align = Literal["start", "end", "left", "right"]

# Families tried in order; Qt falls back per character to any installed font that has the glyph
# (fonts-dejavu-core ships with the app's set-up; fonts-wqy-microhei adds CJK on Debian).
SERIF_FAMILIES = ["DejaVu Serif", "Noto Serif", "Liberation Serif", "Georgia", "Times New Roman"]
SANS_FAMILIES = ["DejaVu Sans", "Noto Sans", "Liberation Sans", "Segoe UI", "Helvetica", "Arial"]
PDF_RESOLUTION = 1200  # QPdfWriter's default, stated so that hairlines stay hairlines

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def require_gui_application() -> None:
    """Fonts need a QGuiApplication; without one Qt aborts the whole process, so fail politely."""
    if QGuiApplication.instance() is None:
        raise RuntimeError("printing needs a QGuiApplication (create one before printing)")


def font(families: list[str], point_size: float, *, bold: bool = False,
         italic: bool = False, serif: bool = True) -> QFont:
    result = QFont()
    result.setFamilies(families)
    result.setStyleHint(QFont.StyleHint.Serif if serif else QFont.StyleHint.SansSerif)
    result.setPointSizeF(point_size)
    result.setBold(bold)
    result.setItalic(italic)
    return result


def mm(device: QPaintDevice, millimetres: float) -> float:
    return millimetres * device.logicalDpiX() / 25.4


def pt(device: QPaintDevice, points: float) -> float:
    return points * device.logicalDpiX() / 72.0


def set_page(device: QPagedPaintDevice, size: QPageSize,
             orientation: QPageLayout.Orientation = QPageLayout.Orientation.Portrait) -> None:
    """Make the next page `size` with no margins, so that (0, 0) is the paper's corner.

    Called before QPainter.begin() for the first page and right before newPage() for a page of
    another size. A printer from a print dialog otherwise keeps its own margins and offsets.
    """
    if hasattr(device, "setFullPage"):  # QPrinter: coordinates from the paper's corner
        device.setFullPage(True)
    layout = QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    layout.setMode(QPageLayout.Mode.FullPageMode)
    device.setPageLayout(layout)


def page_size_px(device: QPagedPaintDevice) -> tuple[float, float]:
    """The current page's width and height in device pixels."""
    rect = device.pageLayout().fullRectPixels(device.logicalDpiX())
    return float(rect.width()), float(rect.height())


def clean_text(text: str) -> str:
    """Normalise line ends and drop control characters that would print as boxes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n")
    text = text.replace("\u2028", "\n").replace("\t", "    ")
    return _CONTROL.sub("", text)


def paragraphs(text: str) -> list[list[str]]:
    """Paragraphs (separated by blank lines), each a list of its hard lines."""
    text = clean_text(text).strip()
    if not text:
        return []
    return [[line.strip() for line in block.strip("\n").split("\n")]
            for block in _BLANK_LINE.split(text) if block.strip()]


def lines_of(text: str) -> list[str]:
    """The non-empty lines of a multi-line field such as a postal address."""
    return [line.strip() for line in clean_text(text).split("\n") if line.strip()]


def is_rtl(text: str) -> bool:
    """Whether the first strongly directional character is right-to-left (Hebrew, Arabic)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return False


@dataclass(frozen=True)
class TextLine:
    """One laid-out line. It keeps its QTextLayout alive until it is drawn."""

    layout: QTextLayout
    index: int
    x: float  # offset from the column's left edge (a first-line indent)
    width: float  # the width the line was laid out in
    natural_width: float
    ascent: float
    descent: float
    right_aligned: bool

    def draw(self, painter: QPainter, left: float, baseline: float) -> None:
        line = self.layout.lineAt(self.index)
        line.draw(painter, QPointF(left + self.x, baseline - line.ascent()))


def wrap(text: str, text_font: QFont, device: QPaintDevice, width: float, *,
         first_indent: float = 0.0, align: Align = "start") -> list[TextLine]:
    """Break one hard line of plain text into lines of at most `width` pixels.

    "start" and "end" follow the text's direction: a right-to-left paragraph starts at the
    right edge and is indented from it. "left" and "right" are for address blocks, where every
    line keeps to the block's edge whatever its script. A word longer than the line (a URL) is
    broken anywhere rather than running off the page. An empty text gives one empty line, so a
    deliberate empty line survives.
    """
    rtl = is_rtl(text)
    layout = QTextLayout(text, text_font, device)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    option.setTextDirection(Qt.LayoutDirection.RightToLeft if rtl
                            else Qt.LayoutDirection.LeftToRight)
    right = align == "right" or (align in ("start", "end") and rtl != (align == "end"))
    option.setAlignment(Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft)
    layout.setTextOption(option)
    layout.setCacheEnabled(True)
    placed: list[tuple[int, float, float]] = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        # The indent is on the side where a line starts: left for LTR, right for RTL.
        indent = first_indent if not placed else 0.0
        line_width = max(width - indent, width / 4)
        line.setLineWidth(line_width)
        line.setPosition(QPointF(0, 0))
        placed.append((line.lineNumber(), 0.0 if right else indent, line_width))
    layout.endLayout()
    metrics = QFontMetricsF(text_font, device)
    result = []
    for index, x, line_width in placed:
        line = layout.lineAt(index)
        result.append(TextLine(layout, index, x, line_width, line.naturalTextWidth(),
                               max(line.ascent(), metrics.ascent()),
                               max(line.descent(), metrics.descent()), right))
    return result


def elide(text: str, text_font: QFont, device: QPaintDevice, width: float) -> str:
    return QFontMetricsF(text_font, device).elidedText(text, Qt.TextElideMode.ElideRight, width)


def write_pdf(path: Path, title: str, paint: Callable[[QPdfWriter], T]) -> T:
    """Paint into a new PDF at `path`; an existing file is replaced only by a complete one."""
    require_gui_application()
    # A fresh 0600 temporary file (it holds a name and a note), created here so that a missing
    # or read-only folder is the usual OSError instead of Qt's silent failure to paint; synced
    # and renamed into place only when complete (private_files.replacing).
    with replacing(Path(path)) as temporary:
        writer = QPdfWriter(str(temporary))
        writer.setResolution(PDF_RESOLUTION)
        writer.setTitle(title)
        writer.setCreator(f"{APP_NAME} {__version__}")
        try:
            result = paint(writer)
        finally:
            del writer  # flushes and closes the file before it is moved into place
    return result


def begin(painter: QPainter, device: QPaintDevice) -> None:
    if not painter.begin(device):
        raise OSError(errno.EIO, "the file or printer could not be opened for printing")
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
