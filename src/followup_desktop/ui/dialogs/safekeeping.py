"""Keeping the data safe while the window runs: an automatic backup when one is due (ten
minutes after start, then every hour, off the GUI thread; or when the app quits sooner), the
calendar file other calendar apps subscribe to kept current, and after an unclean shutdown a
damaged database met with the offer of the newest good backup.

The daily backup waits because it is the heaviest thing the app does unasked (with 20,000
applications: a 50 MB copy and its integrity check, about 0.8 s of CPU and 100 MB read): right
after start-up it would compete with the user's first clicks. Backups before an import, an
upgrade or a restore are made at once, whatever this schedule says."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from followup_desktop import APP_NAME
from followup_desktop.services import settings
from followup_desktop.services.changes import Changed
from followup_desktop.ui.background.worker import Loader
from followup_desktop.ui.widgets.common import ask, tell

if TYPE_CHECKING:
    from followup_desktop.services.backend import Backend
    from followup_desktop.ui.window.port import DataWindow

FIRST_BACKUP_AFTER_MS = 10 * 60 * 1000
BACKUP_EVERY_MS = 60 * 60 * 1000
# The full integrity_check reads every page (about 0.5 s of CPU for 50 MB): once a session, off
# the GUI thread, when the first clicks are over.
FULL_CHECK_AFTER_MS = 60 * 1000


class Safekeeping(QObject):
    def __init__(self, window: DataWindow, backend: Backend) -> None:
        super().__init__(window)
        self._window, self._backend = window, backend
        self._backups = Loader(backend, self)
        self._backups.failed.connect(self._backup_failed)
        self._feed = Loader(backend, self)
        self._check = Loader(backend, self)
        self._check.failed.connect(self._check_failed)
        self._full_check = QTimer(self)
        self._full_check.setSingleShot(True)
        self._full_check.timeout.connect(self.check_integrity)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.VeryCoarseTimer)  # an hour, give or take
        self._timer.timeout.connect(self.back_up_if_due)
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.timeout.connect(self.back_up_if_due)
        window.dataChangedByUser.connect(self.refresh_feed)

    def start(self) -> None:
        from followup_desktop.services.errorlog import take_notices

        said = self._backend.start_notes + [
            f"Last time: {notice}" for notice in take_notices(self._backend.data_dir)]
        if said:
            tell(self._window, "\n\n".join(said), QMessageBox.Icon.Warning,
                 title="Since last time")
        if self._backend.integrity_problem:
            self.offer_restore(self._backend.integrity_problem)
        else:
            self._full_check.start(FULL_CHECK_AFTER_MS)
        self._first.start(FIRST_BACKUP_AFTER_MS)
        self._timer.start(BACKUP_EVERY_MS)
        self.refresh_feed()

    def back_up_if_due(self) -> None:
        from followup_desktop.services.safekeeping.backups import backup_if_due

        self._first.stop()
        self._backups.load(lambda: backup_if_due(self._backend), lambda _path: None)

    def finish(self) -> None:
        """At quit: the backup a short session did not get to, so every day of use has one.
        (The window is already gone; this only delays the end of the process.)"""
        if not self._first.isActive():
            return
        from followup_desktop.services.errorlog import describe, log_fault
        from followup_desktop.services.safekeeping.backups import BackupError, backup_if_due

        self._first.stop()
        try:
            backup_if_due(self._backend)
        except Exception as error:  # nobody is left to tell now: logged, told at next start
            text = str(error) if isinstance(error, BackupError) else describe(
                error, self._backend.data_dir, self._backend.database_path, "backing up")
            log_fault(self._backend.data_dir, f"The backup at quit failed: {text}",
                      tell_next_start=True)

    def _backup_failed(self, message: str) -> None:
        from followup_desktop.services.errorlog import log_fault

        log_fault(self._backend.data_dir, f"The automatic backup failed: {message}")
        self._window.statusBar().showMessage(f"The automatic backup failed: {message}", 30_000)

    def check_integrity(self) -> None:
        """The full check in the background; a damage it finds is met with the restore offer
        (a damaged page can hide behind a quick_check that passed, and behind `due`)."""
        from followup_desktop.services.safekeeping.backups import check_integrity

        self._check.load(lambda: check_integrity(self._backend, full=True), self._checked)

    def _checked(self, problem: str | None) -> None:
        if problem:
            self.offer_restore(problem, after_crash=False)

    def _check_failed(self, message: str) -> None:
        self.offer_restore(message, after_crash=False)

    def refresh_feed(self, changes: Changed = Changed.EVERYTHING) -> None:
        """Rewrite the subscribed calendar file, if the user asked for one and what it holds
        changed."""
        if not changes & ~Changed.DRAFTS or not settings.load()["calendar_feed"]:
            return
        from followup_desktop.services.exchange.exports import refresh_calendar_feed

        self._feed.load(lambda: refresh_calendar_feed(self._backend), lambda _path: None)

    def offer_restore(self, problem: str, after_crash: bool = True) -> None:
        from followup_desktop.services.safekeeping.backups import newest_good_backup, restore

        good = newest_good_backup(self._backend)
        text = (f"{APP_NAME} was not closed properly last time, and your database is damaged "
                f"({problem})." if after_crash and self._backend.opened_after_crash else
                f"Your database is damaged ({problem}); what is damaged may be lost, and the "
                "automatic backups stop until it is repaired.")
        if good is None:
            tell(self._window, text + " There is no backup to restore; export what you can "
                                      "(File › Export) and keep the data folder safe.",
                 QMessageBox.Icon.Critical, title="The database is damaged")
            return
        when = good.created_utc.astimezone(self._backend.rules().zone)
        if ask(self._window, text + f" Restore the newest good backup, of "
                                    f"{when:%a %d %b %Y, %H:%M}? The damaged file is kept.",
               QMessageBox.Icon.Critical, title="The database is damaged"):
            restore(self._backend, good.path)
            self._window.refresh_all()

