"""The mailbox in the main window: the watch (watch.py) with its line in the status bar, the
banner of replies waiting for an answer (replies.py), the account dialog (account_dialog.py),
and the password asked once a session where no keyring keeps it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QLineEdit

from followup_desktop.services.changes import Changed
from followup_desktop.ui.background.worker import Loader
from followup_desktop.ui.mail.replies import ReplyBanner, ask_reply
from followup_desktop.ui.mail.watch import MailWatch
from followup_desktop.ui.widgets.detail_parts import long_day

if TYPE_CHECKING:
    from PySide6.QtWidgets import QBoxLayout

    from followup_desktop.services.backend import Backend
    from followup_desktop.services.mail.account import MailAccount
    from followup_desktop.services.mail.replies import ReplyToAnswer
    from followup_desktop.ui.dialogs.preferences_accounts import AccountEntry
    from followup_desktop.ui.window.port import DataWindow

STATUS_MS = 15_000


@dataclass(frozen=True)
class NeedsPassword:
    """What a check found when no keyring holds the password and none was typed yet."""

    account: MailAccount

    @property
    def text(self) -> str:
        return (f"Mail not checked: the password for {self.account.user} on "
                f"{self.account.host} is needed (no keyring keeps it in this session).")


def stored_password(account: MailAccount) -> str | None:
    from followup_desktop.services.mail.secret import NoSecretServiceError, read_password

    try:
        return read_password(account)
    except NoSecretServiceError:
        return None


class MailInWindow(QObject):
    def __init__(self, window: DataWindow, backend: Backend, column: QBoxLayout) -> None:
        super().__init__(window)
        self._window, self._backend = window, backend
        self.session_password: str | None = None  # typed this session, kept in memory only
        self._asked = False  # the password is asked once a session unless the user asks again
        self.watch = MailWatch(backend, self._check, self)
        self.watch.said.connect(lambda text: window.statusBar().showMessage(text, STATUS_MS))
        self.watch.checked.connect(self._checked)
        self.banner = ReplyBanner(window)
        self.banner.answerRequested.connect(self.answer)
        column.insertWidget(0, self.banner)
        self._replies = Loader(backend, self)
        window.dataChangedByUser.connect(lambda _changes: self.show_replies())
        self.show_replies()
        if self._set_up():  # else the first check comes once one is set up
            self.watch.start()

    def _set_up(self) -> bool:
        from followup_desktop.services.errors import UserError
        from followup_desktop.services.mail.account import load_account

        try:
            return load_account() is not None
        except UserError as error:  # settings edited by hand: said, and mail left alone
            self._window.statusBar().showMessage(f"Mailbox not read: {error}", STATUS_MS)
            return False

    def _check(self) -> object:
        """Off the GUI thread: one check, or None without an account."""
        from followup_desktop.services.mail.account import load_account
        from followup_desktop.services.mail.checking import check
        from followup_desktop.services.mail.connection import MailLoginError

        account = load_account()
        if account is None:
            return None
        password = self.session_password or stored_password(account)
        if password is None:
            return NeedsPassword(account)
        try:
            return check(self._backend, password=password)
        except MailLoginError:
            self.session_password = None  # a wrong one typed: asked again next time
            raise

    def check_now(self) -> None:
        """The user asks (File, Check mail now): without an account, set one up first."""
        from followup_desktop.services.mail.account import load_account

        if load_account() is None:
            self.edit_account()
            return
        self._asked = False
        if not self.watch.check_now():
            self._window.statusBar().showMessage("The mail is being checked…", STATUS_MS)

    def edit_account(self) -> None:
        from followup_desktop.ui.mail.account_dialog import MailAccountDialog

        dialog = MailAccountDialog(self._backend, self._window)
        if dialog.exec() and dialog.account is not None:
            self.session_password = dialog.session_password
            self.watch.check_now()

    def account_entry(self) -> AccountEntry:
        """The mailbox's line in Preferences (ui/dialogs/preferences_accounts.py)."""
        from followup_desktop.services.mail.account import load_account
        from followup_desktop.ui.dialogs.preferences_accounts import AccountEntry

        def describe() -> str | None:
            account = load_account()
            return account.describe() if account else None

        return AccountEntry("Mailbox", "Replies, notes you sent and out-of-office answers are "
                            "read from it (read only).", describe, self.edit_account)

    def _checked(self, summary: object) -> None:
        if isinstance(summary, NeedsPassword):
            self._ask_password(summary.account)
            return
        changed = getattr(summary, "changed", Changed.NOTHING)
        if changed:
            self._window.apply_changes(changed)  # which also shows the replies again

    def _ask_password(self, account: MailAccount) -> None:
        if self._asked:
            return
        self._asked = True
        password, ok = QInputDialog.getText(
            self._window, "Mail password",
            f"The password (or app password) for {account.user} on {account.host}. It is kept "
            "until you quit, since no keyring keeps it in this session:",
            QLineEdit.EchoMode.Password)
        if ok and password:
            self.session_password = password
            self.watch.check_now()

    # -- replies waiting for an answer

    def show_replies(self) -> None:
        from followup_desktop.services.mail.replies import replies_to_answer

        zone = self._backend.rules().zone
        self._replies.load(lambda: replies_to_answer(self._backend),
                           lambda found: self.banner.offer(found, lambda at: long_day(at, zone)))

    def answer(self, reply: ReplyToAnswer | None) -> None:
        from followup_desktop.ui.background.writes import WriteRunner

        if reply is None:
            return
        change = ask_reply(self._window, self._backend, reply,
                           long_day(reply.at, self._backend.rules().zone))
        if change is None:
            return
        runner = WriteRunner(self._backend, self._window)
        runner.run(change, lambda _result: self._window.apply_changes(
            Changed.PLAN | Changed.APPLICATIONS))
