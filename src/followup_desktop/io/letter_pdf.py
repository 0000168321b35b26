"""A printable follow-up letter, as a PDF or on any printer.

Layout (A4 by default, or US Letter), in the block style of a business letter: the sender's
name and address top right, the date below it, the recipient's block (name, title, company,
postal address) on the left, then the greeting, the body in paragraphs, the closing, room for a
signature and the sender's name typed below it. A long letter flows onto further pages, each
with a small header (recipient, date, page) so loose pages stay in order.

Small ticks on the left edge of the first page show where to fold it in three for a long
envelope: at 105 and 210 mm on A4 (DIN 5008, for DL), at thirds of the height on US Letter
(for a #10 envelope).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLineF, QPointF
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageSize,
    QPainter,
    QPen,
)

from followup_desktop.io import printing
from followup_desktop.io.documents import LetterContent
from followup_desktop.io.printing import TextLine, mm, pt

PAPER_SIZES: dict[str, QPageSize] = {
    "a4": QPageSize(QPageSize.PageSizeId.A4),
    "letter": QPageSize(QPageSize.PageSizeId.Letter),
}
_FOLDS_MM = {"a4": (105.0, 210.0), "letter": (279.4 / 3, 279.4 * 2 / 3)}

MARGIN_LEFT_MM = 25.0
MARGIN_RIGHT_MM = 20.0
MARGIN_TOP_MM = 20.0
MARGIN_BOTTOM_MM = 22.0
SIGNATURE_SPACE_MM = 16.0

_INK = QColor("#1d2127")
_MUTED = QColor("#6b7480")
_FOLD = QColor("#a3acb7")


def _check_paper(paper: str) -> None:
    if paper not in PAPER_SIZES:
        known = ", ".join(f'"{name}"' for name in PAPER_SIZES)
        raise ValueError(f"unknown paper {paper!r}: use one of {known}")


def write_letter_pdf(content: LetterContent, path: Path, paper: str = "a4") -> int:
    """Write the letter to a PDF at `path`; returns the number of pages."""
    _check_paper(paper)
    name = printing.clean_text(content.recipient_name).strip() or "a contact"
    return printing.write_pdf(Path(path), f"Letter to {name}",
                              lambda writer: paint_letter(content, writer, paper))


def paint_letter(content: LetterContent, device: QPagedPaintDevice, paper: str = "a4") -> int:
    """Draw the letter onto any paged device; returns the number of pages.

    The device's page is set to `paper` without margins; the letter keeps its own margins.
    """
    _check_paper(paper)
    printing.require_gui_application()
    printing.set_page(device, PAPER_SIZES[paper])
    letter = _LetterLayout(content, device)
    painter = QPainter()
    printing.begin(painter, device)
    try:
        for number, placed in enumerate(letter.pages, start=1):
            if number > 1:
                device.newPage()
            if number == 1:
                _paint_fold_marks(painter, device, paper)
            letter.paint_page(painter, number, placed)
    finally:
        painter.end()
    return len(letter.pages)


@dataclass(frozen=True)
class _Block:
    """Lines that flow together: each entry a line of text or a vertical gap in pixels."""

    entries: list[TextLine | float]
    font: QFont
    color: QColor
    line_height: float
    space_before: float
    keep_together: bool = False


class _LetterLayout:
    def __init__(self, content: LetterContent, device: QPagedPaintDevice) -> None:
        self.content = content
        self.device = device
        width, self.height = printing.page_size_px(device)
        self.left = mm(device, MARGIN_LEFT_MM)
        self.column = width - self.left - mm(device, MARGIN_RIGHT_MM)
        self.body_font = printing.font(printing.SERIF_FAMILIES, 11)
        self.bold_font = printing.font(printing.SERIF_FAMILIES, 11, bold=True)
        self.address_font = printing.font(printing.SERIF_FAMILIES, 10)
        self.small_font = printing.font(printing.SANS_FAMILIES, 8, serif=False)
        self.pages = self._paginate(self._blocks())

    def _height(self, text_font: QFont, factor: float) -> float:
        return QFontMetricsF(text_font, self.device).lineSpacing() * factor

    def _lines(self, texts: list[str], text_font: QFont,
               align: printing.Align = "start") -> list[TextLine | float]:
        return [line for text in texts
                for line in printing.wrap(text, text_font, self.device, self.column,
                                          align=align)]

    @staticmethod
    def _one_line(text: str) -> str:
        return printing.clean_text(text).replace("\n", " ").strip()

    def _blocks(self) -> list[_Block]:
        c, device = self.content, self.device
        body_height = self._height(self.body_font, 1.3)
        address_height = self._height(self.address_font, 1.2)
        gap = mm(device, 8)
        blocks: list[_Block] = []
        # The sender's block and the date are set flush right, the rest flush left.
        sender_name = self._one_line(c.sender_name)
        if sender_name:
            blocks.append(_Block(self._lines([sender_name], self.bold_font, align="right"),
                                 self.bold_font, _INK, address_height, 0.0))
        sender = printing.lines_of(c.sender_address)
        if sender:
            blocks.append(_Block(self._lines(sender, self.address_font, align="right"),
                                 self.address_font, _INK, address_height, 0.0))
        date = self._one_line(c.date_text)
        if date:
            blocks.append(_Block(self._lines([date], self.body_font, align="right"),
                                 self.body_font, _INK, body_height,
                                 gap if blocks else 0.0))
        recipient = [self._one_line(text) for text in
                     (c.recipient_name, c.recipient_title, c.company)]
        recipient = [text for text in recipient if text] + printing.lines_of(c.recipient_address)
        if recipient:
            blocks.append(_Block(self._lines(recipient, self.address_font, "left"),
                                 self.address_font,
                                 _INK, address_height, gap if blocks else 0.0, True))
        greeting = printing.lines_of(c.greeting)
        if greeting:
            blocks.append(_Block(self._lines(greeting, self.body_font), self.body_font, _INK,
                                 body_height, gap * 1.25 if blocks else 0.0))
        paragraph_gap = body_height * 0.6
        for paragraph in printing.paragraphs(c.body):
            blocks.append(_Block(self._lines(paragraph, self.body_font), self.body_font, _INK,
                                 body_height, paragraph_gap if blocks else 0.0))
        closing = printing.lines_of(c.closing)
        if closing or sender_name:
            entries = self._lines(closing, self.body_font)
            entries.append(mm(device, SIGNATURE_SPACE_MM))
            if sender_name:
                entries += self._lines([sender_name], self.body_font)
            blocks.append(_Block(entries, self.body_font, _INK, body_height,
                                 body_height if blocks else 0.0, True))
        return blocks

    def _paginate(self, blocks: list[_Block]) -> list[list[tuple[TextLine, float]]]:
        """Each page: (line, baseline) pairs."""
        top = mm(self.device, MARGIN_TOP_MM)
        # Later pages start lower, under their running header.
        later_top = top + mm(self.device, 10)
        bottom = self.height - mm(self.device, MARGIN_BOTTOM_MM)
        pages: list[list[tuple[TextLine, float]]] = [[]]
        y = top

        def new_page() -> float:
            pages.append([])
            return later_top

        for block in blocks:
            if pages[-1]:
                y += block.space_before
            metrics = QFontMetricsF(block.font, self.device)
            lead = (block.line_height - metrics.height()) / 2 + metrics.ascent()
            total = sum(entry if isinstance(entry, float) else block.line_height
                        for entry in block.entries)
            if block.keep_together and pages[-1] and y + total > bottom \
                    and total <= bottom - later_top:
                y = new_page()
            lines = [entry for entry in block.entries if isinstance(entry, TextLine)]
            # No paragraph leaves a single line behind at the foot of a page or carries a
            # single line over to the next (widows and orphans).
            break_at = None
            if not block.keep_together and pages[-1] and len(lines) == len(block.entries):
                fit = max(0, int((bottom - y) // block.line_height))
                if fit < len(lines):
                    if len(lines) - fit == 1:
                        fit -= 1
                    break_at = fit if fit >= 2 else 0
            for index, entry in enumerate(block.entries):
                if isinstance(entry, float):
                    y += entry
                    continue
                if (index == break_at or y + block.line_height > bottom) and pages[-1]:
                    y = new_page()
                pages[-1].append((entry, y + lead))
                y += block.line_height
        return pages

    def paint_page(self, painter: QPainter, number: int,
                   placed: list[tuple[TextLine, float]]) -> None:
        total = len(self.pages)
        device = self.device
        painter.setPen(_INK)
        for line, baseline in placed:
            line.draw(painter, self.left, baseline)
        if total == 1:
            return
        painter.setFont(self.small_font)
        painter.setPen(_MUTED)
        metrics = painter.fontMetrics()
        if number > 1:
            parts = [self._one_line(self.content.recipient_name),
                     self._one_line(self.content.date_text), f"page {number} of {total}"]
            header = printing.elide(" · ".join(part for part in parts if part),
                                    self.small_font, device, self.column)
            for line in printing.wrap(header, self.small_font, device, self.column):
                line.draw(painter, self.left, mm(device, MARGIN_TOP_MM))
                break
            painter.setPen(QPen(QColor("#d5dbe2"), pt(device, 0.5)))
            rule = mm(device, MARGIN_TOP_MM) + pt(device, 5)
            painter.drawLine(QLineF(self.left, rule, self.left + self.column, rule))
        painter.setPen(_MUTED)
        footer = f"{number} / {total}"
        baseline = self.height - mm(device, MARGIN_BOTTOM_MM) / 2
        painter.drawText(QPointF(self.left + (self.column - metrics.horizontalAdvance(footer)) / 2,
                                 baseline), footer)


def _paint_fold_marks(painter: QPainter, device: QPagedPaintDevice, paper: str) -> None:
    painter.setPen(QPen(_FOLD, pt(device, 0.6)))
    for at in _FOLDS_MM[paper]:
        y = mm(device, at)
        painter.drawLine(QLineF(mm(device, 4), y, mm(device, 9), y))
