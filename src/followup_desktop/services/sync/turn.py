"""One sync as the window runs it (off the GUI thread): the account and the password found,
the sync run, and every way it can end as a Report with one line for the status bar; nothing
is raised for a fault the user can meet (the window decides from the outcome whether to retry,
services/sync/schedule.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from followup_desktop.services.backend import Backend
from followup_desktop.services.changes import Changed
from followup_desktop.services.errors import UserError
from followup_desktop.services.sync.account import SyncAccount, load_account
from followup_desktop.services.sync.pending import to_send
from followup_desktop.services.sync.schedule import Kind, Outcome
from followup_desktop.services.sync.server import PasswordRefused, SyncError
from followup_desktop.services.sync.syncing import SyncResult, sync


@dataclass(frozen=True)
class Report:
    outcome: Outcome
    text: str = ""  # what the sync did, or what failed, in one line
    account: SyncAccount | None = None
    result: SyncResult | None = None
    at: datetime | None = None  # when it ended, by the app's clock

    @property
    def changed(self) -> Changed:
        """What the pages must read again: what came back from the server."""
        applied = self.result.applied if self.result is not None else None
        if applied is None:
            return Changed.NOTHING
        changed = Changed.NOTHING
        if applied.completed:  # done, with a touch: the application's history shows it
            changed |= Changed.PLAN | Changed.APPLICATIONS
        if applied.moved:
            changed |= Changed.PLAN
        return changed


def run_turn(backend: Backend, kind: Kind,
             password_for: Callable[[SyncAccount], str | None]) -> Report:
    try:
        account = load_account()
    except UserError as error:  # the settings edited by hand: the user must set it up again
        return Report(Outcome.REFUSED, str(error))
    if account is None:
        return Report(Outcome.NO_ACCOUNT)
    if kind is Kind.CHANGE and not to_send(backend, account):
        return Report(Outcome.NOTHING_TO_SEND, account=account)
    password = password_for(account)
    if not password:
        return Report(Outcome.NO_PASSWORD, f"the password for {account.user} on "
                      f"{account.url} is needed (no keyring keeps it in this session).",
                      account)
    try:
        result = sync(backend, password=password, account=account)
    except PasswordRefused as error:
        return Report(Outcome.REFUSED, str(error), account)
    except SyncError as error:
        return Report(Outcome.OFFLINE, str(error), account)
    except UserError as error:  # the ledger's database locked by another program, and such
        return Report(Outcome.OFFLINE, str(error), account)
    return Report(Outcome.SYNCED, result.describe(), account, result, backend.clock.now())
