"""A note on paper: the handwritten-card template or the letter, as a PDF file or through the
print dialog. The drawing itself is in io/; this maps a composition onto it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from followup_desktop.domain.model import Channel
from followup_desktop.io.card_pdf import paint_card, write_card_pdf
from followup_desktop.io.letter_pdf import paint_letter, write_letter_pdf
from followup_desktop.services.composer import Composition
from followup_desktop.services.note_documents import card_content, letter_content


def write_note_pdf(c: Composition, body: str, channel: Channel, path: Path, size: str,
                   envelope: bool) -> str | None:
    """Write the card or letter; returns a warning for the user (a note too long for one
    card), if any."""
    if channel is Channel.CARD:
        return write_card_pdf(card_content(c, body), path, size, envelope).warning
    write_letter_pdf(letter_content(c, body), path)
    return None


def print_note(parent: QWidget, c: Composition, body: str, channel: Channel, size: str,
               envelope: bool) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    if channel is Channel.CARD:
        paint_card(card_content(c, body), printer, size, envelope)
    else:
        paint_letter(letter_content(c, body), printer)
