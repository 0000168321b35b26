"""Your data in and out of the window: an invitation dropped on it, exports from the menu, and
restoring a backup."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from followup_desktop.services import records
from followup_desktop.services.safekeeping import backups
from followup_desktop.storage.models import Company, Contact, Interview
from followup_desktop.ui.background.worker import wait_for_background_work
from followup_desktop.ui.dialogs import invitation as invitation_dialog
from followup_desktop.ui.dialogs.restore import RestoreDialog
from followup_desktop.ui.main_window import MainWindow

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


def exported_demo(tmp_path: Path) -> Path:
    from followup_desktop.domain.clock import FixedClock
    from followup_desktop.services.backend import Backend
    from followup_desktop.services.demo import load_demo
    from followup_desktop.services.exchange.transfer.exporting import export_file
    from helpers.gui_constants import NOW

    with Backend(tmp_path / "source", clock=FixedClock(NOW)) as source:
        load_demo(source)
        export_file(source, tmp_path / "all.json")
    return tmp_path / "all.json"


def test_an_export_is_imported_into_an_empty_folder(qtbot, tmp_path, monkeypatch) -> None:
    path = exported_demo(tmp_path)  # another Backend first: models bind to the newest one
    from PySide6.QtCore import QSettings

    from followup_desktop.domain.clock import FixedClock
    from followup_desktop.services.backend import Backend
    from helpers.gui_constants import NOW

    with Backend(tmp_path / "target", clock=FixedClock(NOW)) as target:
        window = MainWindow(target, QSettings(str(tmp_path / "w.ini"),
                                              QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        drop(window, path)
        qtbot.waitUntil(lambda: Company.select().count() == 6, timeout=10_000)
        qtbot.waitUntil(lambda: "imported" in window.statusBar().currentMessage())
        wait_for_background_work()


def test_cancelling_while_the_file_is_read_writes_nothing(qtbot, tmp_path) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QProgressDialog

    from followup_desktop.domain.clock import FixedClock
    from followup_desktop.services.backend import Backend
    from helpers.gui_constants import NOW

    path = exported_demo(tmp_path)
    with Backend(tmp_path / "target", clock=FixedClock(NOW)) as target:
        window = MainWindow(target, QSettings(str(tmp_path / "w.ini"),
                                              QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.import_paths([path])
        [progress] = window.findChildren(QProgressDialog)
        progress.cancel()  # before the read's result reaches the window
        wait_for_background_work()
        qtbot.wait(200)
        assert Company.select().count() == 0
        assert not window.findChildren(QProgressDialog)


def test_a_damaged_database_after_a_crash_offers_the_newest_good_backup(
        qtbot, window: MainWindow, backend, monkeypatch) -> None:
    from followup_desktop.ui.dialogs.safekeeping import Safekeeping

    records.add_company(backend, "Kept Ltd")
    backups.backup_now(backend, "daily")
    records.add_company(backend, "Lost in the crash")
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec",
                        lambda box: asked.append(box.text()) or QMessageBox.StandardButton.Yes)
    Safekeeping(window, backend).offer_restore("page 7: btree damaged")
    assert "page 7: btree damaged" in asked[0] and "Restore the newest good backup" in asked[0]
    assert [c.name for c in Company.select()] == ["Kept Ltd"]


def test_the_daily_backup_waits_for_the_session_and_is_made_at_quit_if_it_is_short(
        qtbot, window: MainWindow, backend) -> None:
    from followup_desktop.ui.dialogs.safekeeping import FIRST_BACKUP_AFTER_MS, Safekeeping

    records.add_company(backend, "Acme Robotics")
    window.safekeeping = Safekeeping(window, backend)
    window.safekeeping.start()
    qtbot.wait(300)
    assert FIRST_BACKUP_AFTER_MS >= 60_000 and backups.list_backups(backend) == []

    window.close_data()

    [made] = backups.list_backups(backend)
    assert made.reason == "daily"


def test_no_second_backup_at_quit_once_the_session_made_its_own(
        qtbot, window: MainWindow, backend) -> None:
    from followup_desktop.ui.background.worker import wait_for_background_work
    from followup_desktop.ui.dialogs.safekeeping import Safekeeping

    records.add_company(backend, "Acme Robotics")
    window.safekeeping = Safekeeping(window, backend)
    window.safekeeping.start()
    window.safekeeping.back_up_if_due()
    wait_for_background_work()
    records.add_company(backend, "Changed since")

    window.close_data()

    assert len(backups.list_backups(backend)) == 1
