"""A refused import in plain words (services/exchange/import_errors.py): what was wrong, where,
what to
do and that nothing was imported, then the reader's exact words; from the command line, one
line, exit 2, and no data folder made for a refused .vcf or .json file."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup_desktop import cli
from followup_desktop.services.exchange.import_errors import explain

CASES = {
    "json, a 5,000-digit number": (
        "big.json", b'{"format": "followup-desktop", "version": ' + b"9" * 5000 + b"}",
        "a number in the file is longer than any Follow-up writes (line 1)",
        "a number of 5,000 digits at line 1, column 43"),
    "json, broken": ("broken.json", b'{"format": "followup-desktop",\n "version": 2,,}',
                     "the file is damaged or incomplete (line 2)", "not valid JSON"),
    "json, not an export": ("other.json", b'{"a": 1}', "the file is not a Follow-up export",
                            'no "format": "followup-desktop"'),
    "json, not UTF-8": ("latin.json", b'{"x": "M\xfcller"}',
                        "the file's text is not in an encoding Follow-up reads (UTF-8)",
                        "bad byte at offset 8"),
    "vcf, not UTF-8": ("latin.vcf", b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:J\xfcrgen\r\nEND:VCARD\r\n",
                       "the file's text is not in an encoding Follow-up reads (UTF-8) (line 3)",
                       "line 3"),
    "vcf, cut short": ("cut.vcf", b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\n",
                       "the file is damaged or incomplete", "no END:VCARD at the end"),
    "vcf, an isolate in a name": (
        "bidi.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada \u2066evil\u2069\r\nEND:VCARD\r\n"
        .encode(), "a value cannot be used (card 1)", "direction of text"),
    "ics, cut short": ("cut.ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n",
                       "the file is damaged or incomplete (line 3)", "it is cut short"),
    "ics, not a calendar": ("notes.ics", b"hello\r\n", "the file is not a calendar invitation",
                            "hello"),
}


@pytest.mark.parametrize(("name", "data", "plain", "detail"), CASES.values(), ids=CASES.keys())
def test_a_refused_file_is_explained_in_one_line_and_makes_no_data_folder(
        tmp_path, capsys, name, data, plain, detail):
    path = tmp_path / name
    path.write_bytes(data)
    data_dir = tmp_path / "data"
    assert cli.main(["--data-dir", str(data_dir), "import", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1, err
    line = err.rstrip("\n")
    assert line.startswith(f"followup-desktop: Nothing was imported from {name}: {plain}"), line
    first, _, exact = line.partition(". Detail: ")
    assert detail in exact and "Traceback" not in line
    assert ";" in first  # what was wrong; what to do
    if not name.endswith(".ics"):  # an invitation is read in the user's zone, once it is open
        assert not data_dir.exists()


def test_each_kind_of_file_says_where_to_get_a_good_copy():
    assert "address book" in explain(Path("a.vcf"), "a.vcf: line 2: is not UTF-8 text")
    assert "calendar" in explain(Path("a.ics"), "a.ics, line 2: not UTF-8 text (byte 0xff)")
    assert "Export everything" in explain(Path("a.json"), "a.json: not UTF-8 text")


def test_a_place_in_an_export_is_said_in_words():
    message = explain(Path("a.json"), "contacts[1].name: contains control characters")
    assert "(contacts, record 2, field name)" in message
    assert message.endswith("Detail: contacts[1].name: contains control characters")


def test_a_message_already_in_plain_words_is_kept_as_it_is():
    said = "Say which of the invited addresses is yours before importing."
    assert explain(Path("x.ics"), said) == f"Nothing was imported from x.ics: {said}"


def test_a_file_too_large_or_missing():
    assert "larger than 20 MB" in explain(Path("a.ics"), "a.ics: the file is larger than the "
                                                         "limit of 20 MB for a calendar file.")
    missing = explain(Path("/x/a.vcf"), "/x/a.vcf: cannot be read (No such file or directory).")
    assert "could not be opened (No such file or directory); check that the file" in missing
