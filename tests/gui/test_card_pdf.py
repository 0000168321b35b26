"""The handwritten-card template: real PDFs, read back with poppler's pdfinfo and pdftotext.

The poppler tools are part of the test set-up (scripts/setup.sh test), so a missing one fails
the test with a clear message rather than skipping what it is there to check.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from PySide6.QtPrintSupport import QPrinter

from followup_desktop.io.card_pdf import (
    CARD_SIZES,
    CardContent,
    CardResult,
    paint_card,
    write_card_pdf,
)
from helpers.gui_constants import HOSTILE
from helpers.pdf_reading import page_sizes, pdf_text, poppler

MM = 72 / 25.4  # points per millimetre
INCH = 72.0
# Real-world sizes, written out independently of the module's own table.
CARD_POINTS = {"a6": (105 * MM, 148 * MM), "5x7": (5 * INCH, 7 * INCH),
               "a2": (4.25 * INCH, 5.5 * INCH)}
ENVELOPE_POINTS = {"a6": (162 * MM, 114 * MM), "5x7": (7.25 * INCH, 5.25 * INCH),
                   "a2": (5.75 * INCH, 4.375 * INCH)}

ADA = CardContent(
    greeting="Dear Ada Lovelace,",
    recipient_name="Ada Lovelace",
    recipient_title="Head of Engineering",
    company="Analytical Engines Ltd",
    body="Thank you for meeting me on Tuesday. The replay problem you described stays with me."
         "\n\nI will send the short write-up on snapshots I mentioned.",
    closing="With thanks,\nSam Rivera",
    postal_address="12 Marylebone Road\nLondon NW1 5LR\nUnited Kingdom",
    sender_address="Sam Rivera\n4 Elm Street\nBristol BS1 4DJ",
)


@pytest.fixture(autouse=True)
def _gui(qapp):
    """Fonts and painting need a QGuiApplication."""


def assert_size(actual: tuple[float, float], expected: tuple[float, float]) -> None:
    assert actual == pytest.approx(expected, abs=1.0), f"page is {actual} pt, not {expected}"


@pytest.mark.parametrize("size", ["a6", "5x7", "a2"])
def test_each_card_size_prints_the_note_on_one_page_of_its_size(tmp_path, size):
    path = tmp_path / f"card-{size}.pdf"
    result = write_card_pdf(ADA, path, size)
    assert result == CardResult(pages=1, writing_pages=1, warning=None)
    sizes = page_sizes(path)
    assert len(sizes) == 1
    assert_size(sizes[0], CARD_POINTS[size])
    text = " ".join(pdf_text(path).split())
    for expected in ("Ada Lovelace", "Head of Engineering", "Analytical Engines Ltd",
                     "Dear Ada Lovelace,", "replay problem", "snapshots", "With thanks,",
                     "Sam Rivera"):
        assert expected in text
    assert "Marylebone" not in text  # the postal address is for the envelope only


@pytest.mark.parametrize("size", ["a6", "5x7", "a2"])
def test_envelope_page_follows_only_when_asked_and_carries_the_address(tmp_path, size):
    path = tmp_path / "card.pdf"
    result = write_card_pdf(ADA, path, size, envelope=True)
    assert result == CardResult(pages=2, writing_pages=1, warning=None)
    sizes = page_sizes(path)
    assert_size(sizes[0], CARD_POINTS[size])
    assert_size(sizes[1], ENVELOPE_POINTS[size])  # landscape, as an envelope is addressed
    envelope = pdf_text(path, page=2).splitlines()
    for line in ("Ada Lovelace", "Head of Engineering", "Analytical Engines Ltd",
                 "12 Marylebone Road", "London NW1 5LR", "United Kingdom",  # one line each
                 "4 Elm Street", "Bristol BS1 4DJ"):
        assert line in envelope
    assert "replay" not in " ".join(envelope)


def test_envelope_without_a_return_address_has_only_the_recipient(tmp_path):
    content = CardContent(greeting="Dear Ada,", recipient_name="Ada Lovelace",
                          recipient_title="", company="Acme", body="Thanks.",
                          postal_address="1 Main St\nSpringfield")
    path = tmp_path / "card.pdf"
    write_card_pdf(content, path, "a2", envelope=True)
    assert pdf_text(path, page=2).split() == ["Ada", "Lovelace", "Acme", "1", "Main", "St",
                                              "Springfield"]


def test_a_long_note_continues_on_more_cards_with_a_warning_and_nothing_cut(tmp_path):
    words = [f"word{number}" for number in range(1500)]
    content = CardContent(greeting="Dear Ada,", recipient_name="Ada Lovelace",
                          recipient_title="CTO", company="Acme", body=" ".join(words),
                          closing="Thanks,\nSam")
    path = tmp_path / "long.pdf"
    result = write_card_pdf(content, path, "a6", envelope=True)
    assert result.writing_pages > 1
    assert result.pages == result.writing_pages + 1
    assert result.warning == (f"This note needs {result.writing_pages} cards' worth of lines; "
                              "consider shortening it.")
    sizes = page_sizes(path)
    assert len(sizes) == result.pages
    for size in sizes[:-1]:
        assert_size(size, CARD_POINTS["a6"])
    text = pdf_text(path)
    assert re.findall(r"word\d+", text) == words  # every word, once, in order
    assert "continued on card 2" in " ".join(pdf_text(path, page=1).split())
    last = " ".join(pdf_text(path, page=result.writing_pages).split())
    assert "word1499" in last and "Thanks," in last and "Sam" in last


def test_an_empty_note_still_gives_one_card_without_a_warning(tmp_path):
    content = CardContent(greeting="", recipient_name="Ada", recipient_title="", company="",
                          body="")
    result = write_card_pdf(content, tmp_path / "empty.pdf", "a6")
    assert result == CardResult(pages=1, writing_pages=1, warning=None)


@pytest.mark.parametrize("name", ["Zoë Ødegård", "Дмитрий Иванов", "李小龙", "Ναυσικά",
                                  "שרה כהן", "ليلى أحمد"])
def test_any_unicode_name_prints_as_text(tmp_path, name):
    content = CardContent(greeting=f"Dear {name},", recipient_name=name,
                          recipient_title="Директор · 部长", company="Ελληνική Εταιρεία",
                          body=f"Thank you, {name}.", postal_address=f"{name}\n東京都")
    path = tmp_path / "card.pdf"
    write_card_pdf(content, path, "a6", envelope=True)
    writing, envelope = pdf_text(path, page=1), pdf_text(path, page=2)
    assert writing.count(name) >= 3  # header, greeting and body
    for text in ("Директор", "部长", "Ελληνική Εταιρεία"):
        assert text in writing and text in envelope
    assert name in envelope and "東京都" in envelope
    fonts = subprocess.run([poppler("pdffonts"), str(path)], capture_output=True, text=True,
                           check=True).stdout
    embedded = re.findall(r"\s(yes|no)\s+(?:yes|no)\s+(?:yes|no)\s+\d+\s+\d+$", fonts,
                          re.MULTILINE)
    assert embedded and set(embedded) == {"yes"}  # any reader shows them, installed or not


def test_text_is_printed_literally_never_as_markup(tmp_path):
    content = CardContent(greeting=f"Dear {HOSTILE},", recipient_name=HOSTILE,
                          recipient_title="&amp; <i>CTO</i>", company=HOSTILE,
                          body=f"Line with {HOSTILE} and <script>x</script>.",
                          postal_address=HOSTILE)
    path = tmp_path / "card.pdf"
    write_card_pdf(content, path, "5x7", envelope=True)
    text = pdf_text(path)
    assert text.count(HOSTILE) >= 5
    assert "&amp; <i>CTO</i>" in text and "<script>x</script>" in text


def test_unknown_size_is_refused_with_the_known_sizes(tmp_path):
    path = tmp_path / "card.pdf"
    with pytest.raises(ValueError, match=r"unknown card size 'a5'.*\"a6\", \"5x7\", \"a2\""):
        write_card_pdf(ADA, path, "a5")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="unknown card size"):
        paint_card(ADA, QPrinter(), "letter")
    assert set(CARD_SIZES) == {"a6", "5x7", "a2"}


def test_a_missing_folder_is_an_os_error_and_leaves_nothing(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_card_pdf(ADA, tmp_path / "missing" / "card.pdf")
    assert list(tmp_path.iterdir()) == []


def test_paint_card_draws_the_same_on_a_printer(tmp_path):
    """What a print dialog hands over: a QPrinter, here printing to a PDF file."""
    path = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    result = paint_card(ADA, printer, "5x7", envelope=True)
    assert result.pages == 2
    sizes = page_sizes(path)
    assert_size(sizes[0], CARD_POINTS["5x7"])
    assert_size(sizes[1], ENVELOPE_POINTS["5x7"])
    assert "replay problem" in " ".join(pdf_text(path, page=1).split())
    assert "12 Marylebone Road" in pdf_text(path, page=2)
