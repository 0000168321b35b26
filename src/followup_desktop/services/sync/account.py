"""The one CalDAV account: the server's address and who logs in, kept as settings
(services/settings.py, `sync_*`). The password is never here: it is in the Secret Service
(services/secrets.py), one entry per server and user."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from followup_desktop import APP_SLUG
from followup_desktop.domain import validation as check
from followup_desktop.domain.validation import ValidationError
from followup_desktop.services import secrets, settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.sync.address import check_url

KEYS = settings.SYNC_KEYS


@dataclass(frozen=True)
class SyncAccount:
    url: str
    user: str
    as_events: bool = False

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    def describe(self) -> str:
        items = "short events with an alarm" if self.as_events else "tasks with an alarm"
        return f"{self.user} on {self.url}; follow-ups go out as {items}"

    @property
    def secret(self) -> secrets.Secret:
        return secrets.Secret(f"{APP_SLUG} CalDAV {self.host}", self.user,
                              "the calendar password",
                              "pass it with --password-file FILE to `sync`")


def make_account(url: str, user: str, as_events: bool = False) -> SyncAccount:
    """A checked account; UserError says what is wrong."""
    try:
        url = check_url(url, "--url")
        user = check.text(user.strip(), "--user", required=True)
    except ValidationError as error:
        raise UserError(str(error)) from error
    return SyncAccount(url, user, bool(as_events))


def load_account(values: dict | None = None) -> SyncAccount | None:
    """The stored account, or None. Checked again on the way out: a settings file written by
    hand must not send the password over plain http to another machine."""
    values = values if values is not None else settings.load()
    if not values["sync_url"]:
        return None
    return make_account(values["sync_url"], values["sync_user"], values["sync_as_events"])


def save_account(backend: Backend, account: SyncAccount) -> None:
    """Keep the account. Another server or user starts afresh: the ledger tells what was
    written to the old one, and kept, it would make the new one look as if its items had
    been removed there, so nothing would be written to it."""
    before = load_account()
    with backend.write():
        if before is not None and (before.url, before.user) != (account.url, account.user):
            _forget_what_was_written()
        settings.save("sync_url", account.url)
        settings.save("sync_user", account.user)
        settings.save("sync_as_events", account.as_events)


def remove_account(backend: Backend) -> SyncAccount | None:
    """Forget the account's settings and the ledger of what was written to it (another
    account starts afresh); the one removed, if any. What is on the server stays there."""
    from followup_desktop.storage.models import Setting

    account = load_account()
    with backend.write():
        # The calendars picked for interviews belong to this account too.
        Setting.delete().where(Setting.key.in_([*KEYS, *settings.SYNC_IN_KEYS])).execute()
        _forget_what_was_written()
    return account


def _forget_what_was_written() -> None:
    from followup_desktop.storage.models import SyncCard, SyncItem

    SyncItem.delete().execute()
    SyncCard.delete().execute()


def no_account_error() -> UserError:
    return UserError("No calendar server is set up: `followup-desktop sync account add --url "
                     "URL --user USER` first (docs/sync.md).")
