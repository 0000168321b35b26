"""Preferences from the window: the dialog with the servers' entries (the mailbox, which the
window watches, and the calendar server), and a line in the status bar after a re-plan."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from followup_desktop.domain.counts import counted

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from followup_desktop.services.backend import Backend
    from followup_desktop.ui.dialogs.preferences_accounts import AccountEntry
    from followup_desktop.ui.window.port import DataWindow


def open_preferences(window: DataWindow, backend: Backend, mailbox: AccountEntry,
                     run_dialog: Callable[[QDialog], bool]) -> None:
    from followup_desktop.ui.dialogs.preferences import PreferencesDialog
    from followup_desktop.ui.sync.account_dialog import calendar_entry

    dialog = PreferencesDialog(backend, window,
                               accounts=[mailbox, calendar_entry(backend, window)])
    if run_dialog(dialog) and dialog.replanned:
        window.statusBar().showMessage(
            f"Preferences saved; {counted(dialog.replanned, 'application')} re-planned.", 8000)
