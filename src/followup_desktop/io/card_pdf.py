"""A template for a handwritten thank-you card, as a PDF or on any printer.

The user copies the note by hand onto a real card, so each writing page is one card panel at
its real size: the note is printed lightly on evenly spaced ruled guides, one guide per line the
user will write, and broken exactly where the user should break. A line on the page is a line
on the card.

Geometry (one PDF page per writing surface, portrait):

- ``"a6"``: 105 x 148 mm, a flat A6 card or the closed size of an A5 sheet folded in half.
- ``"5x7"``: 5 x 7 in, a flat 5x7 card or the closed size of a folded 7 x 10 in sheet.
- ``"a2"``: the 4.25 x 5.5 in panel of a folded A2 card (8.5 x 5.5 in flat). The page is the
  panel rather than the flat sheet because the user writes on one panel at a time and copies
  best from a page the size of that panel.

Every card is drawn as the inside right panel of a side-folded card, whose spine is the page's
left edge. Fold marks are small pale ticks where the spine meets the top and bottom edges (they
also show the card's corner when the page is printed at actual size on bigger paper) and a tiny
"fold" label beside it; on a flat card they can be ignored. The always-folded A2 card gets a
dashed fold line along the whole spine as well. The writing column keeps a little more room on
the spine side, where a pen meets the fold.

Above the guides, the first card names the recipient (bold) with title and company, to check
before writing; the greeting is the first guide line, paragraphs start indented on a new line
and the sign-off sits right of centre after one empty guide.

Guides are 8 mm apart on every size (between wide-ruled and college-ruled paper): the size of
adult handwriting, not of the card. The guide text is a 12 pt serif, whose width per character
is close to handwriting, so the line breaks on the template are breaks a hand can keep.

A note longer than one card continues on further pages ("continued on card 2 →"), nothing is
cut off, and :class:`CardResult` says how many cards' worth of lines the note needs.

The optional envelope page follows the writing pages, landscape, sized for the envelope the card
is posted in, so it can be fed through a printer or used as a guide:

- ``"a6"`` → C6 (162 x 114 mm), the ISO envelope made for A6.
- ``"5x7"`` → A7 (7.25 x 5.25 in), the standard envelope for 5 x 7 cards.
- ``"a2"`` → A2 (5.75 x 4.375 in), the standard envelope for A2 cards.

The recipient block (name, title, company, postal address) is centred a little below the middle,
as on a posted envelope; the sender's address, if given, is the return address top left. The top
right corner stays empty for the stamp.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLineF, QPointF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
)

from followup_desktop.io import printing
from followup_desktop.io.documents import CardContent
from followup_desktop.io.printing import TextLine, mm, pt

CARD_SIZES: dict[str, QPageSize] = {
    "a6": QPageSize(QPageSize.PageSizeId.A6),
    "5x7": QPageSize(QSizeF(5, 7), QPageSize.Unit.Inch, "5 x 7 in card",
                     QPageSize.SizeMatchPolicy.ExactMatch),
    "a2": QPageSize(QSizeF(4.25, 5.5), QPageSize.Unit.Inch, "A2 card panel (4.25 x 5.5 in)",
                    QPageSize.SizeMatchPolicy.ExactMatch),
}
# Envelope sizes in their portrait form; the envelope page is printed landscape.
ENVELOPE_SIZES: dict[str, QPageSize] = {
    "a6": QPageSize(QPageSize.PageSizeId.EnvelopeC6),
    "5x7": QPageSize(QSizeF(5.25, 7.25), QPageSize.Unit.Inch, "A7 envelope",
                     QPageSize.SizeMatchPolicy.ExactMatch),
    "a2": QPageSize(QSizeF(4.375, 5.75), QPageSize.Unit.Inch, "A2 envelope",
                    QPageSize.SizeMatchPolicy.ExactMatch),
}


@dataclass(frozen=True)
class _Geometry:
    """Margins of a writing page, in millimetres."""

    spine: float  # left margin, on the fold side
    edge: float  # right margin
    top: float  # to the first header baseline
    bottom: float  # below the last guide
    fold_line: bool  # the card is always folded: draw the whole fold, not just ticks


_GEOMETRY = {
    # The bottoms are chosen so that the last guide lands about as far from the bottom edge as
    # the header is from the top.
    "a6": _Geometry(spine=12, edge=10, top=11, bottom=11, fold_line=False),
    "5x7": _Geometry(spine=14, edge=12, top=13, bottom=14, fold_line=False),
    "a2": _Geometry(spine=12, edge=9.5, top=10.5, bottom=11, fold_line=True),
}

GUIDE_PITCH_MM = 8.0
GUIDE_POINT_SIZE = 12.0
PARAGRAPH_INDENT_MM = 6.0
CLOSING_INDENT = 0.42  # of the column: the sign-off sits right of centre, as written by hand

_INK = QColor("#2b3440")  # header name: the thing to check before writing
_MUTED = QColor("#7b8592")  # title, company, page notes
_GUIDE_TEXT = QColor("#6a7480")  # legible to copy from, lighter than the user's own ink
_RULE = QColor("#b8c8db")  # the guides: a pale blue, like a ruled card
_FOLD = QColor("#a3acb7")
_ADDRESS = QColor("#1f2329")
_RETURN = QColor("#4a525c")


@dataclass(frozen=True)
class CardResult:
    pages: int  # total pages written (writing pages + envelope)
    writing_pages: int
    warning: str | None


def _check_size(size: str) -> None:
    if size not in CARD_SIZES:
        known = ", ".join(f'"{name}"' for name in CARD_SIZES)
        raise ValueError(f"unknown card size {size!r}: use one of {known}")


def write_card_pdf(content: CardContent, path: Path, size: str = "a6",
                   envelope: bool = False) -> CardResult:
    """Write the card template (and, if asked, the envelope page) to a PDF at `path`."""
    _check_size(size)
    name = printing.clean_text(content.recipient_name).strip() or "a contact"
    return printing.write_pdf(Path(path), f"Card for {name}",
                              lambda writer: paint_card(content, writer, size, envelope))


def paint_card(content: CardContent, device: QPagedPaintDevice, size: str = "a6",
               envelope: bool = False) -> CardResult:
    """Draw the card template onto any paged device: a QPdfWriter, a QPrinter from a dialog.

    The device's page is set to the card's size (and to the envelope's, landscape, for the last
    page), without margins: the template is only useful at the card's real size.
    """
    _check_size(size)
    printing.require_gui_application()
    printing.set_page(device, CARD_SIZES[size])
    card = _CardPages(content, device, _GEOMETRY[size])
    painter = QPainter()
    printing.begin(painter, device)
    try:
        for number, rows in enumerate(card.pages, start=1):
            if number > 1:
                device.newPage()
            card.paint_page(painter, number, rows)
        if envelope:
            printing.set_page(device, ENVELOPE_SIZES[size], QPageLayout.Orientation.Landscape)
            device.newPage()
            _paint_envelope(painter, device, content)
    finally:
        painter.end()
    writing = len(card.pages)
    warning = None
    if writing > 1:
        warning = f"This note needs {writing} cards' worth of lines; consider shortening it."
    return CardResult(pages=writing + int(envelope), writing_pages=writing, warning=warning)


class _CardPages:
    """The note broken into guide lines and the lines shared out over pages."""

    def __init__(self, content: CardContent, device: QPagedPaintDevice,
                 geometry: _Geometry) -> None:
        self.content = content
        self.device = device
        self.geometry = geometry
        self.width, self.height = printing.page_size_px(device)
        self.left = mm(device, geometry.spine)
        self.column = self.width - self.left - mm(device, geometry.edge)
        self.pitch = mm(device, GUIDE_PITCH_MM)
        self.guide_font = printing.font(printing.SERIF_FAMILIES, GUIDE_POINT_SIZE)
        self.name_font = printing.font(printing.SANS_FAMILIES, 8.5, bold=True, serif=False)
        self.small_font = printing.font(printing.SANS_FAMILIES, 7.5, serif=False)
        self.note_font = printing.font(printing.SANS_FAMILIES, 7, italic=True, serif=False)
        # Header: the name on the first baseline, title and company on the second.
        self.header_baseline = mm(device, geometry.top)
        self.first_guide = self.header_baseline + pt(device, 11) + self.pitch * 1.15
        last_allowed = self.height - mm(device, geometry.bottom)
        self.rows_per_page = max(1, int((last_allowed - self.first_guide) // self.pitch) + 1)
        self.pages = self._paginate(self._blocks())

    def _wrap(self, text: str, indent: float = 0.0, column: float | None = None) -> list[TextLine]:
        return printing.wrap(text, self.guide_font, self.device,
                             self.column if column is None else column, first_indent=indent)

    def _blocks(self) -> list[tuple[str, list[TextLine | None]]]:
        """("flow" | "keep" | "gap", rows): what goes on the guides, in order."""
        blocks: list[tuple[str, list[TextLine | None]]] = []
        greeting = printing.clean_text(self.content.greeting).strip()
        if greeting:
            blocks.append(("flow", [row for line in greeting.split("\n")
                                    for row in self._wrap(line.strip())]))
        indent = mm(self.device, PARAGRAPH_INDENT_MM)
        for paragraph in printing.paragraphs(self.content.body):
            rows: list[TextLine | None] = []
            for number, line in enumerate(paragraph):
                rows.extend(self._wrap(line, indent if number == 0 else 0.0))
            blocks.append(("flow", rows))
        closing = printing.lines_of(self.content.closing)
        if closing:
            offset = self.column * CLOSING_INDENT
            rows = []
            for line in closing:
                for row in self._wrap(line, column=self.column - offset):
                    rows.append(TextLine(row.layout, row.index, row.x + offset, row.width,
                                         row.natural_width, row.ascent, row.descent,
                                         row.right_aligned))
            blocks.append(("gap", [None]))
            blocks.append(("keep", rows))
        return blocks

    def _paginate(self, blocks: list[tuple[str, list[TextLine | None]]]
                  ) -> list[list[TextLine | None]]:
        pages: list[list[TextLine | None]] = [[]]
        room = self.rows_per_page
        for kind, rows in blocks:
            if kind == "gap":
                # A blank guide separates the sign-off, but never opens a card.
                if pages[-1] and len(pages[-1]) < room:
                    pages[-1].append(None)
                continue
            if kind == "keep" and len(pages[-1]) + len(rows) > room >= len(rows):
                # The sign-off moves whole; the note's last line goes with it, so that no card
                # holds a sign-off alone.
                previous = pages[-1]
                while previous and previous[-1] is None:
                    previous.pop()
                carried = [previous.pop()] if len(previous) > 1 and len(rows) + 2 <= room \
                    else []
                pages.append([*carried, None] if carried else [])
            for row in rows:
                if len(pages[-1]) == room:
                    pages.append([])
                pages[-1].append(row)
        while len(pages) > 1 and not any(pages[-1]):
            pages.pop()
        return pages

    def paint_page(self, painter: QPainter, number: int, rows: list[TextLine | None]) -> None:
        total = len(self.pages)
        self._paint_fold(painter)
        self._paint_header(painter, number, total)
        right = self.left + self.column
        painter.setPen(QPen(_RULE, pt(self.device, 0.5)))
        for row in range(self.rows_per_page):
            y = self.first_guide + row * self.pitch
            painter.drawLine(QLineF(self.left, y, right, y))
        painter.setPen(_GUIDE_TEXT)
        lift = mm(self.device, 0.7)  # the text sits on the guide, clear of the rule's ink
        for row, line in enumerate(rows):
            if line is not None:
                line.draw(painter, self.left, self.first_guide + row * self.pitch - lift)
        if number < total:
            painter.setFont(self.note_font)
            painter.setPen(_MUTED)
            text = f"continued on card {number + 1} →"
            baseline = self.height - mm(self.device, self.geometry.bottom) / 2 + pt(self.device, 2)
            width = painter.fontMetrics().horizontalAdvance(text)
            painter.drawText(QPointF(right - width, baseline), text)

    def _paint_header(self, painter: QPainter, number: int, total: int) -> None:
        device, right = self.device, self.left + self.column
        name = printing.clean_text(self.content.recipient_name).replace("\n", " ").strip()
        detail = " · ".join(part for part in (
            printing.clean_text(self.content.recipient_title).replace("\n", " ").strip(),
            printing.clean_text(self.content.company).replace("\n", " ").strip()) if part)
        counter = f"card {number} of {total}" if total > 1 else ""
        painter.setFont(self.small_font)
        counter_width = painter.fontMetrics().horizontalAdvance(counter + "  ") if counter else 0
        if counter:
            painter.setPen(_MUTED)
            painter.drawText(QPointF(right - counter_width + painter.fontMetrics()
                                     .horizontalAdvance("  "), self.header_baseline), counter)
        if number > 1:
            name = f"{name} (continued)" if name else "(continued)"
        self._header_line(painter, name, self.name_font, _INK, self.header_baseline,
                          self.column - counter_width)
        if number == 1 and detail:
            self._header_line(painter, detail, self.small_font, _MUTED,
                              self.header_baseline + pt(device, 11), self.column)

    def _header_line(self, painter: QPainter, text: str, text_font: QFont, color: QColor,
                     baseline: float, width: float) -> None:
        """One header line, elided only if it cannot fit (a name is never wrapped mid-way)."""
        if not text:
            return
        lines = printing.wrap(printing.elide(text, text_font, self.device, width), text_font,
                              self.device, width, align="left")
        painter.setPen(color)
        lines[0].draw(painter, self.left, baseline)

    def _paint_fold(self, painter: QPainter) -> None:
        """The spine is the left edge: ticks at its ends, a dashed line too on a folded card."""
        device = self.device
        tick = mm(device, 4.5)
        painter.setPen(QPen(_FOLD, pt(device, 1.0)))  # half of it falls on the page
        painter.drawLine(QLineF(0, 0, 0, tick))
        painter.drawLine(QLineF(0, self.height - tick, 0, self.height))
        # The same ticks along the top and bottom edges, so they are seen when the page is
        # printed at actual size on bigger paper and the spine is not the paper's edge.
        short = mm(device, 2.5)
        painter.setPen(QPen(_FOLD, pt(device, 0.6)))
        painter.drawLine(QLineF(0, 0, short, 0))
        painter.drawLine(QLineF(0, self.height, short, self.height))
        if self.geometry.fold_line:
            pen = QPen(_FOLD, pt(device, 0.6), Qt.PenStyle.CustomDashLine)
            pen.setDashPattern([6, 6])
            painter.setPen(pen)
            x = pt(device, 0.3)
            painter.drawLine(QLineF(x, tick + mm(device, 1.5), x,
                                    self.height - tick - mm(device, 1.5)))
        painter.save()
        painter.setFont(printing.font(printing.SANS_FAMILIES, 5.5, serif=False))
        painter.setPen(_FOLD)
        painter.translate(mm(device, 3.2), self.height / 2)
        painter.rotate(-90)
        label = "fold"
        painter.drawText(QPointF(-painter.fontMetrics().horizontalAdvance(label) / 2, 0), label)
        painter.restore()


def _paint_envelope(painter: QPainter, device: QPagedPaintDevice, content: CardContent) -> None:
    width, height = printing.page_size_px(device)
    margin = mm(device, 8)
    sender = printing.lines_of(content.sender_address)
    if sender and content.sender_name.strip():
        sender.insert(0, printing.clean_text(content.sender_name).replace("\n", " ").strip())
    if sender:
        small = printing.font(printing.SANS_FAMILIES, 8, serif=False)
        painter.setPen(_RETURN)
        baseline = margin + pt(device, 7.5)
        for text in sender:
            for line in printing.wrap(text, small, device, width * 0.45):
                line.draw(painter, margin, baseline)
                baseline += pt(device, 10)
    address_font = printing.font(printing.SANS_FAMILIES, 10.5, serif=False)
    name_font = printing.font(printing.SANS_FAMILIES, 10.5, bold=True, serif=False)
    single = [printing.clean_text(text).replace("\n", " ").strip()
              for text in (content.recipient_name, content.recipient_title, content.company)]
    entries = [(text, name_font if index == 0 else address_font)
               for index, text in enumerate(single) if text]
    entries += [(text, address_font) for text in printing.lines_of(content.postal_address)]
    limit = width * 0.6
    lines = [line for text, text_font in entries
             for line in printing.wrap(text, text_font, device, limit)]
    if not lines:
        return
    block = max(line.natural_width for line in lines)
    leading = pt(device, 13.5)
    total = leading * (len(lines) - 1) + lines[0].ascent + lines[-1].descent
    # Centred across, a little below the middle: the clear zone postal machines read.
    left = (width - block) / 2
    top = max(height * 0.56 - total / 2, height * 0.36)
    painter.setPen(_ADDRESS)
    baseline = top + lines[0].ascent
    for line in lines:
        # Lines were laid out `limit` wide; align them inside the block instead.
        shift = line.width - block if line.right_aligned else 0.0
        line.draw(painter, left - shift, baseline)
        baseline += leading
