"""The calendar server in the main window, as the mailbox is (ui/mail/hookup.py): syncs at start,
every period, after a change and when asked (the timers in watch.py, the rules in
services/sync/schedule.py), their state on the right of the status bar ("Synced 2 min ago",
or the one line of what failed), the password asked once a session where no keyring keeps it,
and the pages read again after a sync brought changes.

The window learns that an account was set up (Preferences, or `sync account add` in a terminal)
the way it learns of any change: the data watch (ui/background/data_watch.py) sees the saved
settings, and every change is looked at here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QInputDialog, QLineEdit

from followup_desktop.services.changes import Changed
from followup_desktop.services.sync.schedule import (
    Delays,
    Kind,
    Outcome,
    failed_line,
    synced_ago,
)
from followup_desktop.ui.sync import session
from followup_desktop.ui.sync.watch import SyncWatch
from followup_desktop.ui.widgets.detail_parts import ElidedLabel

if TYPE_CHECKING:
    from datetime import datetime

    from followup_desktop.services.backend import Backend
    from followup_desktop.services.sync.account import SyncAccount
    from followup_desktop.services.sync.turn import Report
    from followup_desktop.ui.window.port import DataWindow

DELAYS = Delays()  # the tests shorten them
STATUS_MS = 15_000
SYNC_NOW = "File › Sync now (Shift+F9)"


class SyncInWindow(QObject):
    def __init__(self, window: DataWindow, backend: Backend,
                 delays: Delays | None = None) -> None:
        super().__init__(window)
        self._window, self._backend = window, backend
        self.delays = delays or DELAYS
        self.synced_at: datetime | None = None  # the last sync that reached the server
        self.fault = ""  # the line of the last failure, while it stands
        self._detail = ""
        self._asked = False  # the password is asked once a session unless the user asks
        self.watch = SyncWatch(backend, self._run, self.delays, self)
        self.watch.started.connect(self._started)
        self.watch.reported.connect(self._reported)
        self.line = ElidedLabel(window.statusBar())
        self.line.setAccessibleName("Calendar sync")
        window.statusBar().addPermanentWidget(self.line)
        self.line.hide()
        # "Synced 2 min ago" kept current by one coarse tick; nothing else runs while idle.
        self.tick = QTimer(self)
        self.tick.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self.tick.setInterval(self.delays.tick_ms)
        self.tick.timeout.connect(self.show_state)
        self._account = self._read_account()
        window.dataChangedByUser.connect(self._data_changed)
        if self._account is not None:  # else the first sync comes once one is set up
            self.watch.start()

    def _read_account(self) -> SyncAccount | None:
        from followup_desktop.services.errors import UserError
        from followup_desktop.services.sync.account import load_account

        try:
            return load_account()
        except UserError as error:  # settings edited by hand: said, and left alone
            self._say(f"Calendar server not read: {error}")
            return None

    def _run(self, kind: Kind) -> Report:
        """Off the GUI thread: one sync, or why not."""
        from followup_desktop.services.sync.turn import run_turn

        return run_turn(self._backend, kind, password_for)

    # -- what the user does

    def sync_now(self) -> None:
        """File, Sync now: without an account, set one up first."""
        if self._read_account() is None:
            self.edit_account()
            return
        self._asked = False
        if not self.watch.sync(Kind.FULL, by_user=True):
            self._say("A sync is running; another follows it.")

    def edit_account(self) -> None:
        from followup_desktop.ui.sync.account_dialog import calendar_entry

        calendar_entry(self._backend, self._window).edit()
        self._data_changed(Changed.NOTHING)  # a new account syncs at once

    def _data_changed(self, _changes: object) -> None:
        account = self._read_account()
        if account != self._account:
            self._account = account
            self.watch.stop()
            self.synced_at, self.fault = None, ""
            if account is not None:
                self.watch.start(self.delays.account_ms)
            self.show_state()
        elif account is not None:
            self.watch.changed()  # the sync's own ledger writes end here too: no request

    # -- what the syncs say

    def _started(self, _kind: Kind) -> None:
        if self.watch.by_user or (self.synced_at is None and not self.fault):
            self.line.setText("Syncing…")
            self.line.show()

    def _reported(self, report: Report) -> None:
        outcome = report.outcome
        if outcome is Outcome.SYNCED:
            self.synced_at, self.fault = report.at, ""
            if self.watch.by_user or report.changed:
                self._say(report.text)
            if report.changed:
                self._window.apply_changes(report.changed)
        elif outcome is Outcome.OFFLINE:
            self.fault = failed_line(report.text, self.watch.retry_ms)
        elif outcome is Outcome.REFUSED:
            if report.account is not None:
                session.forget(report.account)  # a wrong one typed: asked again next time
            self.fault = (f"Sync stopped: {report.text.rstrip('.')}. Change them in "
                          f"Preferences › Your servers, then {SYNC_NOW}.")
        elif outcome is Outcome.NO_PASSWORD:
            self.fault = f"Not synced: {report.text.rstrip('.')}; {SYNC_NOW} asks for it."
            if report.account is not None:
                QTimer.singleShot(0, lambda: self._ask_password(report.account))
        self._detail = report.text if self.fault else ""  # the whole sentence, in the tooltip
        self.show_state()

    def show_state(self) -> None:
        """The status bar's sync line, brought up to date (also by the minute's tick)."""
        if self._account is None:
            self.line.hide()
            self.tick.stop()
            return
        if self.fault:
            text = self.fault
        elif self.synced_at is not None:
            text = synced_ago((self._backend.clock.now() - self.synced_at).total_seconds())
        else:
            text = self.line.text() if self.watch.busy else ""
        self.line.setText(text)
        if self.fault and self._detail:
            self.line.setToolTip(self._detail)
        self.line.setVisible(bool(text))
        if self.synced_at is not None and not self.tick.isActive():
            self.tick.start()

    def _say(self, text: str) -> None:
        self._window.statusBar().showMessage(text, STATUS_MS)

    def _ask_password(self, account: SyncAccount) -> None:
        if self._asked:
            return
        self._asked = True
        password, ok = QInputDialog.getText(
            self._window, "Calendar password",
            f"The password (or app password) for {account.user} on {account.url}. It is kept "
            "until you quit, since no keyring keeps it in this session:",
            QLineEdit.EchoMode.Password)
        if ok and password:
            session.remember(account, password)
            self.watch.sync(Kind.FULL, by_user=True)


def password_for(account: SyncAccount) -> str | None:
    """The password typed this session, else the keyring's; None when neither has one."""
    from followup_desktop.services import secrets
    from followup_desktop.services.errors import UserError

    typed = session.typed(account)
    if typed:
        return typed
    try:
        return secrets.read_password(account.secret)
    except UserError:  # no Secret Service here, or it failed: the password is asked
        return None
