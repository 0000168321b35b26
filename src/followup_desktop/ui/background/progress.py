"""Reading or importing behind a progress dialog, off the GUI thread, and saying why an import
was refused. Shared by every import (files, invitations) and by restore."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from followup_desktop import APP_NAME
from followup_desktop.ui.background.worker import Loader
from followup_desktop.ui.widgets.common import tell

if TYPE_CHECKING:
    from followup_desktop.services.backend import Backend

PROGRESS_AFTER_MS = 400


def run_with_progress(parent: QWidget, backend: Backend, label: str, work: Callable[[], Any],
                      done: Callable[[Any], None], cancellable: bool = True,
                      failed: Callable[[str], None] | None = None) -> None:
    """Run `work` in the thread pool (worker.Loader) behind a busy dialog; `done(result)` on
    the GUI thread unless the user cancelled (then the result is dropped: a cancellable `work`
    only reads). Writing is a second, short step that cannot be cancelled half-way. A failure
    goes to `failed(message)`, else to a warning."""
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    if not cancellable:
        dialog.setCancelButton(None)
    dialog.setWindowTitle(APP_NAME)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(PROGRESS_AFTER_MS)

    def finish(then: Callable[[], None]) -> None:
        cancelled = dialog.wasCanceled()
        dialog.reset()
        dialog.deleteLater()
        if not cancelled:
            then()

    loader = Loader(backend, dialog)
    on_failure = failed or (lambda message: tell(parent, message, title="Could not finish"))
    loader.failed.connect(lambda message: finish(lambda: on_failure(message)))
    loader.load(work, lambda result: finish(lambda: done(result)))


def import_failed(parent: QWidget, path: Path, message: str) -> None:
    """An import refused: what it means and what to do first, the reader's words after."""
    from followup_desktop.services.exchange.import_errors import explain

    tell(parent, explain(path, message), title="Import failed")
