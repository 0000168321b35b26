"""The mail password's entry in the Secret Service (services/secrets.py keeps it: never in the
database, the settings or a log): one password per IMAP server and user."""

from __future__ import annotations

from followup_desktop import APP_SLUG
from followup_desktop.services import secrets
from followup_desktop.services.mail.account import MailAccount
from followup_desktop.services.secrets import NoSecretServiceError, read_password_file

__all__ = ["NoSecretServiceError", "forget_password", "read_password", "read_password_file",
           "secret_of", "service_name", "store_password"]


def service_name(account: MailAccount) -> str:
    """The keyring entry's service: one password per server and user (the port and the
    security may change without the password changing)."""
    return f"{APP_SLUG} IMAP {account.host}"


def secret_of(account: MailAccount) -> secrets.Secret:
    return secrets.Secret(service_name(account), account.user, "the mail password",
                          "pass it with --password-file FILE to `mail check`")


def store_password(account: MailAccount, password: str) -> None:
    secrets.store_password(secret_of(account), password)


def read_password(account: MailAccount) -> str | None:
    """The stored password, or None when none is stored for this account."""
    return secrets.read_password(secret_of(account))


def forget_password(account: MailAccount) -> bool:
    """Remove the stored password; False when none was stored."""
    return secrets.forget_password(secret_of(account))
