"""Setting up the mailbox the app reads (read only): server, security, user, password. The
password goes to the desktop's keyring; without one it is kept in memory until the app quits.
The labels are the settings' own (services/settings.py)."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.services import settings
from followup_desktop.services.mail.security import DEFAULT_PORTS, Security
from followup_desktop.ui.widgets.common import plain_label, set_error_style
from followup_desktop.ui.widgets.detail_parts import set_muted

if TYPE_CHECKING:
    from followup_desktop.services.backend import Backend
    from followup_desktop.services.mail.account import MailAccount

SECURITY_LABELS = {Security.SSL: "TLS (recommended)", Security.STARTTLS: "STARTTLS",
                   Security.PLAIN: "None: only for a server on this computer"}
# make_account names the command line's options in its messages; the form names its fields.
FIELD_NAMES = {"--host": "Server", "--port": "Port", "--user": "User name",
               "--security": "Security", "--sent-folder": "Sent folder"}
WHAT_IS_READ = ("Read only: the app looks at new messages in INBOX and Sent, their headers and "
                "the start of their text, to notice replies, notes you sent and out-of-office "
                "answers. Nothing is sent, moved or marked read. Use an app password where "
                "your provider offers one.")


class MailAccountDialog(QDialog):
    """`account` is the account saved (None when removed or cancelled); `session_password`
    the password when no keyring took it."""

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        from followup_desktop.services.mail.account import load_account

        super().__init__(parent)
        self._backend = backend
        self.account: MailAccount | None = None
        self.session_password: str | None = None
        self.setWindowTitle("Mailbox")
        current = load_account()
        self.host, self.user = QLineEdit(self), QLineEdit(self)
        self.host.setPlaceholderText("imap.example.com")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("Unchanged" if current else "")
        self.security = QComboBox(self)
        for value, label in SECURITY_LABELS.items():
            self.security.addItem(label, value)
        self.port = QSpinBox(self)
        self.port.setRange(settings.BY_KEY["mail_port"].low or 1,
                           settings.BY_KEY["mail_port"].high or 65535)
        self.sent_folder = QLineEdit(self)
        self.sent_folder.setPlaceholderText("Found by the server's Sent mark")
        self.error = plain_label("", self)
        self.error.setWordWrap(True)
        set_error_style(self.error)
        self._fill(current)
        self.security.currentIndexChanged.connect(self._default_port)
        layout = QVBoxLayout(self)
        intro = set_muted(plain_label(WHAT_IS_READ, self))
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
        for key, widget in (("mail_host", self.host), ("mail_security", self.security),
                            ("mail_port", self.port), ("mail_user", self.user)):
            widget.setAccessibleName(spec[key].label)
            form.addRow(spec[key].label, widget)
        self.password.setAccessibleName("Password")
        form.addRow("Password", self.password)
        self.sent_folder.setAccessibleName("Sent folder")
        form.addRow("Sent folder", self.sent_folder)
        return form

    def _buttons(self, existing: bool) -> QDialogButtonBox:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                               | QDialogButtonBox.StandardButton.Cancel, self)
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        if existing:
            self.remove_button = QPushButton("Stop reading this mailbox", self)
            box.addButton(self.remove_button, QDialogButtonBox.ButtonRole.DestructiveRole)
            self.remove_button.clicked.connect(self.remove)
        return box

    def _fill(self, account: MailAccount | None) -> None:
        if account is None:
            self.port.setValue(DEFAULT_PORTS[Security.SSL])
            return
        self.host.setText(account.host)
        self.user.setText(account.user)
        self.security.setCurrentIndex(self.security.findData(account.security))
        self.port.setValue(account.port)
        self.sent_folder.setText(account.sent_folder)

    def _default_port(self) -> None:
        if self.port.value() in DEFAULT_PORTS.values():  # not one the user typed
            self.port.setValue(DEFAULT_PORTS[Security(self.security.currentData())])

    def save(self) -> None:
        from followup_desktop.services.errors import UserError
        from followup_desktop.services.mail.account import make_account

        try:
            account = make_account(self.host.text(), self.user.text(), self.port.value(),
                                   self.security.currentData(), self.sent_folder.text())
        except UserError as error:
            self.error.setText(field_message(str(error)))
            return
        if not self.password.text() and not self.password.placeholderText():
            self.error.setText("Password: type the password (or app password) of the mailbox.")
            return
        self._write(lambda: self._store(account), account)

    def _store(self, account: MailAccount) -> str | None:
        """The write: the settings, then the password to the keyring; the password when no
        keyring took it (kept for this session only)."""
        from followup_desktop.services.mail.account import save_account
        from followup_desktop.services.mail.secret import NoSecretServiceError, store_password

        save_account(self._backend, account)
        if not self.password.text():
            return None
        try:
            store_password(account, self.password.text())
        except NoSecretServiceError:
            return self.password.text()
        return None

    def _write(self, change: object, account: MailAccount | None) -> None:
        from followup_desktop.ui.background.writes import WriteRunner

        def done(kept: object) -> None:
            self.account = account
            self.session_password = kept if isinstance(kept, str) else None
            self.accept()

        def refused(error: Exception) -> bool:
            from followup_desktop.services.errors import UserError

            if isinstance(error, UserError):
                self.error.setText(str(error))
                return True
            return False

        WriteRunner(self._backend, self).run(change, done, on_error=refused)  # type: ignore[arg-type]

    def remove(self) -> None:
        """Forget the account and its stored password; the mail already read stays."""
        from followup_desktop.services.mail.account import load_account, remove_account
        from followup_desktop.services.mail.secret import NoSecretServiceError, forget_password

        def change() -> None:
            account = load_account()
            remove_account(self._backend)
            if account is not None:
                with suppress(NoSecretServiceError):  # nothing was kept there
                    forget_password(account)

        self._write(change, None)


def field_message(text: str) -> str:
    for option, name in FIELD_NAMES.items():
        if text.startswith(option):
            return name + text[len(option):]
    return text

