"""Setting up the CalDAV server the follow-ups go to: address, user, password, tasks or
events. The password goes to the desktop's keyring; without one it is not kept, and
`followup-desktop sync --password-file` is the way. The labels are the settings' own
(services/settings.py)."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.services import settings
from followup_desktop.ui.widgets.common import plain_label, set_error_style
from followup_desktop.ui.widgets.detail_parts import set_muted

if TYPE_CHECKING:
    from followup_desktop.services.backend import Backend
    from followup_desktop.services.sync.account import SyncAccount
    from followup_desktop.ui.dialogs.preferences_accounts import AccountEntry

# make_account names the command line's options in its messages; the form names its fields.
FIELD_NAMES = {"--url": "Address", "--user": "User name"}
WHAT_IS_WRITTEN = ("Your follow-ups go to a calendar named \"Follow-ups\" on your own server, "
                   "as tasks with an alarm (or short events, for phones that show no tasks): "
                   "what to do, to whom and how. Ticked off or moved on your phone, they are "
                   "done or moved here. Notes and history stay on this computer, and so do "
                   "your contacts unless you tick the address book below. Use an app "
                   "password where your provider offers one.")
NOT_KEPT = ("The account is saved, but there is no keyring in this session to keep the "
            "password: this window syncs with it until you quit; on the command line run "
            "`followup-desktop sync --password-file FILE`.")


class SyncAccountDialog(QDialog):
    """`account` is the account saved (None when removed or cancelled); `note` what the user
    should know after saving (the password was not kept)."""

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        from followup_desktop.services.sync.account import load_account

        super().__init__(parent)
        self._backend = backend
        self.account: SyncAccount | None = None
        self.note = ""
        self.setWindowTitle("Calendar server")
        current = load_account()
        self.url, self.user = QLineEdit(self), QLineEdit(self)
        self.url.setPlaceholderText("https://cloud.example.org/remote.php/dav")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("Unchanged" if current else "")
        self.as_events = QCheckBox(settings.BY_KEY["sync_as_events"].label, self)
        self.contacts = QCheckBox(settings.BY_KEY["sync_contacts"].label, self)
        self.contacts.setToolTip("Interviewers and company contacts, without notes or history; "
                                 "off unless you tick it (docs/sync.md, Contacts)")
        self.error = plain_label("", self)
        self.error.setWordWrap(True)
        set_error_style(self.error)
        if current is not None:
            self.url.setText(current.url)
            self.user.setText(current.user)
            self.as_events.setChecked(current.as_events)
            self.contacts.setChecked(bool(settings.load()["sync_contacts"]))
        layout = QVBoxLayout(self)
        intro = set_muted(plain_label(WHAT_IS_WRITTEN, self))
        intro.setWordWrap(True)
        intro.setMinimumWidth(intro.fontMetrics().averageCharWidth() * 64)
        layout.addWidget(intro)
        layout.addSpacing(intro.fontMetrics().height() // 2)
        layout.addLayout(self._form())
        layout.addWidget(self.error)
        layout.addWidget(self._buttons(current is not None))

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        spec = settings.BY_KEY
        for key, widget in (("sync_url", self.url), ("sync_user", self.user)):
            widget.setAccessibleName(spec[key].label)
            form.addRow(spec[key].label, widget)
        self.password.setAccessibleName("Password")
        form.addRow("Password", self.password)
        for key, box in (("sync_as_events", self.as_events), ("sync_contacts", self.contacts)):
            box.setAccessibleName(spec[key].label)
            form.addRow("", box)
        return form

    def _buttons(self, existing: bool) -> QDialogButtonBox:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                               | QDialogButtonBox.StandardButton.Cancel, self)
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        if existing:
            self.remove_button = QPushButton("Stop syncing with this server", self)
            box.addButton(self.remove_button, QDialogButtonBox.ButtonRole.DestructiveRole)
            self.remove_button.clicked.connect(self.remove)
        return box

    def save(self) -> None:
        from followup_desktop.services.errors import UserError
        from followup_desktop.services.sync.account import make_account

        try:
            account = make_account(self.url.text(), self.user.text(),
                                   self.as_events.isChecked())
        except UserError as error:
            self.error.setText(field_message(str(error)))
            return
        if not self.password.text() and not self.password.placeholderText():
            self.error.setText("Password: type the password (or app password) of the "
                               "calendar server.")
            return
        self._write(lambda: self._store(account), account)

    def _store(self, account: SyncAccount) -> str:
        """The write: the settings, then the password to the keyring; what to tell."""
        from followup_desktop.services import secrets
        from followup_desktop.services.sync.account import load_account, save_account
        from followup_desktop.services.sync.contacts import save_enabled

        previous = load_account()
        save_account(self._backend, account)
        save_enabled(self._backend, self.contacts.isChecked())
        if previous is not None and previous.secret != account.secret:
            with suppress(secrets.NoSecretServiceError):
                secrets.forget_password(previous.secret)
        if not self.password.text():
            return ""
        try:
            secrets.store_password(account.secret, self.password.text())
        except secrets.NoSecretServiceError:
            from followup_desktop.ui.sync import session  # the window syncs with it till quit

            session.remember(account, self.password.text())
            return NOT_KEPT
        return ""

    def _write(self, change: object, account: SyncAccount | None) -> None:
        from followup_desktop.ui.background.writes import WriteRunner

        def done(note: object) -> None:
            self.account = account
            self.note = note if isinstance(note, str) else ""
            self.accept()

        def refused(error: Exception) -> bool:
            from followup_desktop.services.errors import UserError

            if isinstance(error, UserError):
                self.error.setText(str(error))
                return True
            return False

        WriteRunner(self._backend, self).run(change, done, on_error=refused)  # type: ignore[arg-type]

    def remove(self) -> None:
        """Forget the account, its stored password and the ledger; the server keeps its
        items."""
        from followup_desktop.services import secrets
        from followup_desktop.services.sync.account import remove_account

        def change() -> None:
            account = remove_account(self._backend)
            if account is not None:
                with suppress(secrets.NoSecretServiceError):  # nothing was kept there
                    secrets.forget_password(account.secret)

        self._write(change, None)


def field_message(text: str) -> str:
    for option, name in FIELD_NAMES.items():
        if text.startswith(option):
            return name + text[len(option):]
    return text


def calendar_entry(backend: Backend, parent: QWidget) -> AccountEntry:
    """The calendar server's line in Preferences (ui/dialogs/preferences_accounts.py)."""
    from followup_desktop.services.sync.account import load_account
    from followup_desktop.ui.dialogs.preferences_accounts import AccountEntry
    from followup_desktop.ui.widgets.common import tell

    def describe() -> str | None:
        account = load_account()
        return f"{account.describe()}." if account else None

    def edit() -> None:
        dialog = SyncAccountDialog(backend, parent)
        if dialog.exec() and dialog.note:
            tell(parent, dialog.note, QMessageBox.Icon.Information, title="Calendar server")

    return AccountEntry("Calendar server", "Your follow-ups on your phone and your other "
                        "computers, through your own CalDAV server (run `followup-desktop "
                        "sync`).", describe, edit)
