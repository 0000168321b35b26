"""The one read-only mail account: where the server is and who logs in, kept as settings
(services/settings.py, `mail_*`). The password is never here: services/mail/secret.py."""

from __future__ import annotations

from dataclasses import dataclass

from followup_desktop.domain import validation as check
from followup_desktop.domain.validation import ValidationError
from followup_desktop.services import settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.mail.security import (
    DEFAULT_PORTS,
    Security,
    check_endpoint,
    check_host,
)

KEYS = settings.MAIL_KEYS


@dataclass(frozen=True)
class MailAccount:
    host: str
    port: int
    user: str
    security: Security
    sent_folder: str = ""  # empty: the folder the server marks \Sent (SPECIAL-USE)

    def describe(self) -> str:
        how = {Security.SSL: "TLS", Security.STARTTLS: "STARTTLS",
               Security.PLAIN: "no TLS: this machine only"}[self.security]
        sent = self.sent_folder or "the folder the server marks Sent"
        return f"{self.user} on {self.host}:{self.port} ({how}); sent mail: {sent}"


def make_account(host: str, user: str, port: int | None = None,
                 security: str = Security.SSL, sent_folder: str = "") -> MailAccount:
    """A checked account; UserError says what is wrong (the port's default follows the
    security: 993 for ssl, 143 otherwise)."""
    try:
        if not host.strip():
            raise ValidationError("--host", "must not be empty")
        host = check_host(host.strip(), "--host")
        chosen = check_endpoint(host, security, "--security")
        user = check.text(user.strip(), "--user", required=True)
        sent_folder = check.text(sent_folder.strip(), "--sent-folder")
    except ValidationError as error:
        raise UserError(str(error)) from error
    port = DEFAULT_PORTS[chosen] if port is None else port
    spec = settings.BY_KEY["mail_port"]
    assert spec.low is not None and spec.high is not None
    if not spec.low <= port <= spec.high:
        raise UserError(f"--port: {port} is not a port; it must be from {spec.low} to "
                        f"{spec.high}.")
    return MailAccount(host, port, user, chosen, sent_folder)


def load_account(values: dict | None = None) -> MailAccount | None:
    """The stored account, or None when there is none. Checked again on the way out: a
    settings file written by hand must not turn off TLS for a remote server."""
    values = values if values is not None else settings.load()
    if not values["mail_host"]:
        return None
    return make_account(values["mail_host"], values["mail_user"], values["mail_port"],
                        values["mail_security"], values["mail_sent_folder"])


def save_account(backend: Backend, account: MailAccount) -> None:
    with backend.write():
        settings.save("mail_host", account.host)
        settings.save("mail_port", account.port)
        settings.save("mail_user", account.user)
        settings.save("mail_security", account.security.value)
        settings.save("mail_sent_folder", account.sent_folder)


def remove_account(backend: Backend) -> MailAccount | None:
    """Forget the account's settings (back to their defaults); the one removed, if any."""
    from followup_desktop.storage.models import Setting

    account = load_account()
    with backend.write():
        Setting.delete().where(Setting.key.in_(KEYS)).execute()
    return account
