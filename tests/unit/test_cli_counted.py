"""The command line's counts agree with their nouns (domain/counts.counted): "1 new contact",
"2 new contacts"; at a fixed instant (no test reads the real clock)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup_desktop import cli
from followup_desktop.domain import clock

ONE_CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\n" \
           "EMAIL:ada@analytical.example\r\nORG:Analytical Engines\r\nEND:VCARD\r\n"


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setattr(clock.SystemClock, "now",
                        lambda self: datetime(2026, 11, 26, 12, 0, tzinfo=UTC))


def run(capsys, *args: str) -> str:
    assert cli.main(list(args)) == 0
    return capsys.readouterr().out


def test_one_new_contact_is_singular_and_none_is_plural(tmp_path: Path, capsys):
    card = tmp_path / "ada.vcf"
    card.write_text(ONE_CARD, encoding="utf-8")
    data = str(tmp_path / "data")
    assert run(capsys, "--data-dir", data, "import", str(card)).startswith(
        f"{card}: 1 new contact, 0 completed")
    assert run(capsys, "--data-dir", data, "import", str(card)).startswith(
        f"{card}: 0 new contacts, 0 completed, 1 already known")


def test_an_export_of_one_contact_is_one_record(tmp_path: Path, capsys):
    card, export = tmp_path / "ada.vcf", tmp_path / "out.vcf"
    card.write_text(ONE_CARD, encoding="utf-8")
    data = str(tmp_path / "data")
    run(capsys, "--data-dir", data, "import", str(card))
    assert run(capsys, "--data-dir", data, "export", "--format", "vcf", "-o", str(export)) \
        == f"Exported 1 record to {export}\n"
