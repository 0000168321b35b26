"""A refused import in the window: a box titled "Import failed" that says in plain words what
was wrong, where, what to do and that nothing was imported; nothing written; the app runs on."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from followup_desktop.services import records
from followup_desktop.storage.models import Company, Contact
from followup_desktop.ui.background.worker import wait_for_background_work
from followup_desktop.ui.main_window import MainWindow

BAD = {
    "latin.vcf": (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:J\xfcrgen\r\nEND:VCARD\r\n",
                  "not in an encoding Follow-up reads (UTF-8) (line 3)"),
    "cut.ics": (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n",
                "the file is damaged or incomplete (line 3)"),
    "big.json": (b'{"format": "followup-desktop", "version": ' + b"9" * 5000 + b"}",
                 "a number in the file is longer than any Follow-up writes"),
    "photo.png": (b"\x89PNG", "Follow-up imports calendar invitations (.ics)"),
}


@pytest.fixture
def window(qtbot, backend, tmp_path) -> MainWindow:
    window = MainWindow(backend, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def boxes(monkeypatch) -> list[tuple[str, str, object]]:
    shown: list[tuple[str, str, object]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(
        (box.windowTitle(), box.text(), box.textFormat())) or 0)
    return shown


@pytest.mark.parametrize("name", BAD)
def test_a_refused_file_is_told_in_plain_words_and_nothing_is_written(
        qtbot, window, backend, boxes, tmp_path, name):
    records.add_company(backend, "Kept Ltd")
    path: Path = tmp_path / name
    path.write_bytes(BAD[name][0])
    window.import_paths([path])
    qtbot.waitUntil(lambda: bool(boxes), timeout=10_000)
    wait_for_background_work()
    [(title, text, text_format)] = boxes
    assert title in ("Import failed", "Cannot import this file")
    assert text.startswith(f"Nothing was imported from {name}: ") and BAD[name][1] in text
    assert text_format == Qt.TextFormat.PlainText
    assert [c.name for c in Company.select()] == ["Kept Ltd"] and Contact.select().count() == 0
    assert window.isVisible()
