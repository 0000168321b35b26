"""The printable letter: real PDFs, read back with poppler's pdfinfo and pdftotext.

A missing poppler tool fails the test with a clear message (scripts/setup.sh test installs
poppler-utils): skipping would hide exactly what these tests check.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from PySide6.QtPrintSupport import QPrinter

from followup_desktop.io.documents import LetterContent
from followup_desktop.io.letter_pdf import paint_letter, write_letter_pdf
from helpers.gui_constants import HOSTILE
from helpers.pdf_reading import page_sizes, pdf_text

PAPER_POINTS = {"a4": (210 * 72 / 25.4, 297 * 72 / 25.4), "letter": (8.5 * 72, 11 * 72)}

LETTER = LetterContent(
    sender_name="Sam Rivera",
    sender_address="4 Elm Street\nBristol BS1 4DJ\nsam@example.org",
    date_text="27 November 2026",
    recipient_name="Ada Lovelace",
    recipient_title="Head of Engineering",
    company="Analytical Engines Ltd",
    recipient_address="12 Marylebone Road\nLondon NW1 5LR",
    greeting="Dear Ada Lovelace,",
    body="Thank you for meeting me on Tuesday. The replay problem you described stays with me."
         "\n\nI will send the short write-up on snapshots I mentioned.",
    closing="With thanks,",
)


@pytest.fixture(autouse=True)
def _gui(qapp):
    """Fonts and painting need a QGuiApplication."""


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_letter_has_its_paper_size_and_every_block(tmp_path, paper):
    path = tmp_path / "letter.pdf"
    assert write_letter_pdf(LETTER, path, paper) == 1
    sizes = page_sizes(path)
    assert len(sizes) == 1
    assert sizes[0] == pytest.approx(PAPER_POINTS[paper], abs=1.0)
    lines = [" ".join(line.split()) for line in pdf_text(path).splitlines()]
    for line in ("Sam Rivera", "4 Elm Street", "Bristol BS1 4DJ", "sam@example.org",
                 "27 November 2026", "Ada Lovelace", "Head of Engineering",
                 "Analytical Engines Ltd", "12 Marylebone Road", "London NW1 5LR",
                 "Dear Ada Lovelace,", "With thanks,"):
        assert line in lines  # each on a line of its own
    text = " ".join(lines)
    assert "replay problem you described" in text and "snapshots I mentioned" in text
    # In reading order: sender, date, recipient, greeting, body, closing, signed name.
    order = [text.index(part) for part in ("4 Elm Street", "27 November 2026",
                                           "Head of Engineering", "Dear Ada", "replay",
                                           "snapshots", "With thanks,")]
    assert order == sorted(order)
    assert text.rstrip().endswith("Sam Rivera")


def test_default_paper_is_a4(tmp_path):
    path = tmp_path / "letter.pdf"
    write_letter_pdf(LETTER, path)
    assert page_sizes(path)[0] == pytest.approx(PAPER_POINTS["a4"], abs=1.0)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_long_letter_flows_onto_more_pages(tmp_path, paper):
    words = [f"word{number}" for number in range(1500)]
    paragraphs = [" ".join(words[start:start + 100]) for start in range(0, 1500, 100)]
    content = dataclasses.replace(LETTER, body="\n\n".join(paragraphs))
    path = tmp_path / "long.pdf"
    pages = write_letter_pdf(content, path, paper)
    assert pages > 1
    sizes = page_sizes(path)
    assert len(sizes) == pages
    assert all(size == pytest.approx(PAPER_POINTS[paper], abs=1.0) for size in sizes)
    assert re.findall(r"word\d+", pdf_text(path)) == words  # every word, once, in order
    last = " ".join(pdf_text(path, page=pages).split())
    assert "word1499" in last and "With thanks," in last
    assert re.search(rf"Sam Rivera {pages} ?/ ?{pages}$", last)  # signed, then the page number
    second = " ".join(pdf_text(path, page=2).split())
    assert second.startswith(f"Ada Lovelace · 27 November 2026 · page 2 of {pages}")


def test_letter_text_is_literal_and_any_script_prints(tmp_path):
    content = dataclasses.replace(
        LETTER, recipient_name="Дмитрий Иванов", recipient_title="部长", company=HOSTILE,
        recipient_address="Ναυσικά 5\nשרה כהן", greeting="Dear Zoë Ødegård,",
        body=f"About {HOSTILE} and &amp;.")
    path = tmp_path / "letter.pdf"
    write_letter_pdf(content, path)
    text = pdf_text(path)
    for part in ("Дмитрий Иванов", "部长", "Ναυσικά 5", "Dear Zoë Ødegård,",
                 f"About {HOSTILE} and &amp;."):
        assert part in text
    # pdftotext guesses word gaps in small Hebrew type from glyph spacing and may split a word;
    # the letters and their order are what the PDF holds.
    assert "שרהכהן" in "".join(text.split())
    assert text.count(HOSTILE) == 2


def test_unknown_paper_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"unknown paper 'legal'.*\"a4\", \"letter\""):
        write_letter_pdf(LETTER, tmp_path / "letter.pdf", "legal")
    assert list(tmp_path.iterdir()) == []


def test_paint_letter_draws_the_same_on_a_printer(tmp_path):
    path = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    assert paint_letter(LETTER, printer, "letter") == 1
    assert page_sizes(path)[0] == pytest.approx(PAPER_POINTS["letter"], abs=1.0)
    assert "Dear Ada Lovelace," in pdf_text(path)
