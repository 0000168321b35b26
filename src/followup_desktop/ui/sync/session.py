"""Calendar passwords typed in this session where no keyring keeps them: in memory only, until
the app quits, so that the window can sync with the password typed in the account dialog (or
asked once) without writing it anywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup_desktop.services.sync.account import SyncAccount

_typed: dict[tuple[str, str], str] = {}


def remember(account: SyncAccount, password: str) -> None:
    _typed[(account.url, account.user)] = password


def typed(account: SyncAccount) -> str | None:
    return _typed.get((account.url, account.user))


def forget(account: SyncAccount) -> None:
    _typed.pop((account.url, account.user), None)
