"""Your data in and out of the window: an invitation dropped on it, exports from the menu, and
restoring a backup."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from followup_desktop.services import backups, records
from followup_desktop.storage.models import Company, Contact, Interview
from followup_desktop.ui import invitation_dialog
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.restore_dialog import RestoreDialog
from followup_desktop.ui.worker import wait_for_background_work

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ics"


@pytest.fixture
def window(qtbot, backend, tmp_path) -> MainWindow:
    from PySide6.QtCore import QSettings

    window = MainWindow(backend, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    return window


def drop(window: MainWindow, *paths: Path) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    event = QDropEvent(QPointF(QPoint(200, 200)), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def test_an_invitation_dropped_on_the_window_is_confirmed_and_imported(
        qtbot, window: MainWindow, monkeypatch) -> None:
    seen: list[invitation_dialog.InvitationDialog] = []

    def confirm(dialog: invitation_dialog.InvitationDialog) -> int:
        seen.append(dialog)
        for box in dialog.me_boxes:  # the first import asks which address is yours
            box.setChecked(box.text() == "jane.candidate@gmail.com")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(invitation_dialog.InvitationDialog, "exec", confirm)
    drop(window, FIXTURES / "google_request.ics", Path("/tmp/not-importable.exe"))
    qtbot.waitUntil(lambda: Interview.select().count() == 1, timeout=10_000)
    wait_for_background_work()
    [dialog] = seen
    assert dialog.table.rowCount() == 1
    assert dialog.company_boxes  # a new company is proposed, to confirm or correct
    assert Company.get().name == "Acme Robotics"
    emails = {c.email for c in Contact.select()}
    assert emails == {"ada@acme-robotics.com", "charles.babbage@acme-robotics.com"}
    assert "jane.candidate@gmail.com" not in emails  # you are never a contact


def test_a_corrected_company_is_used(qtbot, window: MainWindow, backend, monkeypatch) -> None:
    records.add_company(backend, "Acme Robotics Inc.")

    def confirm(dialog: invitation_dialog.InvitationDialog) -> int:
        for box in dialog.me_boxes:
            box.setChecked(box.text() == "jane.candidate@gmail.com")
        [box] = dialog.company_boxes.values()
        box.setCurrentText("Acme Robotics Inc.")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(invitation_dialog.InvitationDialog, "exec", confirm)
    window.import_paths([FIXTURES / "google_request.ics"])
    qtbot.waitUntil(lambda: Interview.select().count() == 1, timeout=10_000)
    wait_for_background_work()
    assert [c.name for c in Company.select()] == ["Acme Robotics Inc."]


def test_a_broken_file_is_reported_and_nothing_written(qtbot, window: MainWindow, tmp_path,
                                                       monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    broken = tmp_path / "broken.ics"
    broken.write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:2026\xff\r\n")
    window.import_paths([broken])
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "broken.ics" in shown[0]
    assert Interview.select().count() == 0


@pytest.mark.parametrize("kind, suffix", [("ics", "ics"), ("vcf", "vcf"),
                                          ("csv-touches", "csv"), ("json", "json")])
def test_exports_from_the_menu_write_owner_only_files(window: MainWindow, demo_backend,
                                                      tmp_path, monkeypatch, kind: str,
                                                      suffix: str) -> None:
    target = tmp_path / f"out.{suffix}"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.export(kind)
    assert target.stat().st_size > 0
    assert target.stat().st_mode & 0o077 == 0
    assert "Wrote" in window.statusBar().currentMessage()


def test_restoring_a_backup_brings_the_data_back(qtbot, window: MainWindow, backend,
                                                 monkeypatch) -> None:
    records.add_company(backend, "Kept Ltd")
    backups.backup_now(backend, "manual")
    records.add_company(backend, "Added after the backup")
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)
    dialog = RestoreDialog(backend, window)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1
    dialog.restore_selected()
    assert dialog.restored
    assert [c.name for c in Company.select()] == ["Kept Ltd"]
    reasons = {info.reason for info in backups.list_backups(backend)}
    assert "before-restore" in reasons
