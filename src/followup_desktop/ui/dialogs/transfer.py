"""Your data in and out of the window: import (menu or drag and drop) of calendar invitations,
vCards and JSON exports; exports; backups and restore. Reading and checking a file runs off the
GUI thread behind a progress dialog that can be cancelled; nothing is written until the user
has confirmed and the whole file was read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QFileDialog, QWidget

from followup_desktop import APP_NAME
from followup_desktop.domain.counts import counted
from followup_desktop.services.errors import UserError
from followup_desktop.ui.background.progress import import_failed, run_with_progress
from followup_desktop.ui.widgets.common import tell

if TYPE_CHECKING:
    from followup_desktop.services.backend import Backend
    from followup_desktop.ui.window.port import DataWindow

IMPORTABLE = (".ics", ".vcf", ".vcard", ".json")
IMPORT_FILTERS = ("Everything Follow-up can read (*.ics *.vcf *.vcard *.json);;"
                  "Calendar invitations (*.ics);;Contacts (*.vcf *.vcard);;"
                  "Follow-up export (*.json)")
EXPORTS: dict[str, tuple[str, str, str]] = {  # kind: (title, suggested file, filter)
    "ics": ("Export the calendar", "follow-ups.ics", "Calendar (*.ics)"),
    "vcf": ("Export contacts", "contacts.vcf", "vCard (*.vcf)"),
    "csv-applications": ("Export applications", "applications.csv", "CSV (*.csv)"),
    "csv-contacts": ("Export contacts", "contacts.csv", "CSV (*.csv)"),
    "csv-touches": ("Export touches", "touches.csv", "CSV (*.csv)"),
    "json": ("Export everything", "follow-up.json", "Follow-up export (*.json)"),
}
# ---------------------------------------------------------------- import

def droppable(urls: list[QUrl]) -> list[Path]:
    """Local files the app can import, from a drag."""
    paths = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
    return [path for path in paths if path.suffix.lower() in IMPORTABLE]



def choose_and_import(window: DataWindow, backend: Backend) -> None:
    paths, _ = QFileDialog.getOpenFileNames(window, "Import", "", IMPORT_FILTERS)
    if paths:
        import_paths(window, backend, [Path(path) for path in paths])


def import_paths(window: DataWindow, backend: Backend, paths: list[Path]) -> None:
    for path in paths:
        suffix = path.suffix.lower()
        if suffix == ".ics":
            _import_invitations(window, backend, path)
        elif suffix in (".vcf", ".vcard"):
            _import_contacts(window, backend, path)
        elif suffix == ".json":
            _import_everything(window, backend, path)
        else:
            warn(window, f"Nothing was imported from {path.name}: Follow-up imports calendar "
                         "invitations (.ics), contacts (.vcf) and its own exports (.json); "
                         "choose one of those.", title="Cannot import this file")


def _read_then_write(window: DataWindow, backend: Backend, path: Path,
                     read: Callable[[], Any], write: Callable[[Any], Any],
                     report: Callable[[Any], str]) -> None:
    """Read and check the whole file (cancellable), then write it in one transaction."""

    def written(result: Any) -> None:
        window.statusBar().showMessage(f"{path.name}: {report(result)}.", 10_000)
        window.refresh_all()

    run_with_progress(window, backend, f"Reading {path.name}…", read,
                      lambda checked: run_with_progress(
                          window, backend, f"Importing {path.name}…",
                          lambda: write(checked), written, cancellable=False,
                          failed=lambda message: import_failed(window, path, message)),
                      failed=lambda message: import_failed(window, path, message))


def _import_contacts(window: DataWindow, backend: Backend, path: Path) -> None:
    from followup_desktop.services.exchange import contacts_import

    _read_then_write(
        window, backend, path, lambda: contacts_import.read_vcards(path),
        lambda people: contacts_import.write_vcards(backend, people),
        lambda s: f"{counted(s.created, 'new contact')}, {s.updated} completed, "
                  f"{s.unchanged} already known")


def _import_everything(window: DataWindow, backend: Backend, path: Path) -> None:
    from followup_desktop.services.exchange.transfer import importing

    _read_then_write(window, backend, path, lambda: importing.check_file(path),
                     lambda checked: importing.write_checked(backend, checked),
                     lambda counts: f"imported {counted(sum(counts.values()), 'record')}")


def _import_invitations(window: DataWindow, backend: Backend, path: Path) -> None:
    from followup_desktop.services.exchange.invitations import proposing
    from followup_desktop.ui.dialogs.invitation import confirm_and_apply

    run_with_progress(window, backend, f"Reading {path.name}…",
                      lambda: proposing.read_and_propose(backend, path),
                      lambda proposals: confirm_and_apply(window, backend, path, proposals),
                      failed=lambda message: import_failed(window, path, message))


# ---------------------------------------------------------------- export

def export(window: DataWindow, backend: Backend, kind: str) -> None:
    title, suggested, file_filter = EXPORTS[kind]
    chosen, _ = QFileDialog.getSaveFileName(window, title, suggested, file_filter)
    if not chosen:
        return
    path = Path(chosen)
    try:
        count = _write_export(backend, kind, path)
    except UserError as error:
        warn(window, str(error), title="Export failed")
        return
    window.statusBar().showMessage(f"Wrote {counted(count, 'record')} to {path}.", 10_000)


def _write_export(backend: Backend, kind: str, path: Path) -> int:
    from followup_desktop.services.exchange import exports

    if kind == "ics":
        return exports.export_calendar(backend, path)
    if kind == "vcf":
        return exports.export_vcards(backend, path)
    if kind == "json":
        from followup_desktop.services.exchange.transfer.exporting import export_file

        return export_file(backend, path)
    return exports.export_csv(backend, kind.removeprefix("csv-"), path)  # type: ignore[arg-type]


# ---------------------------------------------------------------- backups

def back_up_now(window: DataWindow, backend: Backend) -> None:
    from followup_desktop.services.safekeeping import backups

    try:
        path = backups.backup_now(backend, "manual")
    except UserError as error:
        warn(window, str(error), title="Backup failed")
        return
    window.statusBar().showMessage(f"Backed up to {path}.", 10_000)


def restore(window: DataWindow, backend: Backend) -> None:
    from followup_desktop.ui.dialogs.restore import RestoreDialog

    dialog = RestoreDialog(backend, window)
    if dialog.exec() and dialog.restored:
        window.statusBar().showMessage(f"Restored the backup of {dialog.restored}.", 10_000)
        window.refresh_all()


def warn(parent: QWidget, message: str, title: str = APP_NAME) -> None:
    tell(parent, message, title=title)
