"""One check of the mailbox: the account, its password and the folders' last positions in; what
is new read from the server; handed to the rules (applying.py), which store it all or nothing.

No database transaction is open while the server is read: a slow or dying server never holds
the data's write lock, and a check that fails half-way has stored nothing, so the next one
starts again from the positions of the last complete check.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from followup_desktop.domain.counts import counted
from followup_desktop.services.backend import Backend
from followup_desktop.services.changes import Changed
from followup_desktop.services.errors import UserError
from followup_desktop.services.mail.account import MailAccount, load_account
from followup_desktop.services.mail.message import CheckResult, Folder, FolderPosition

APPLYING = "followup_desktop.services.mail.applying"

Apply = Callable[[Backend, CheckResult], Any]


@dataclass(frozen=True)
class CheckSummary:
    account: MailAccount
    result: CheckResult
    stored: bool  # False while the app has no rules that apply mail (applying.py)
    applied: Any = None  # what apply_check returned: its describe() is shown, if it has one

    def _found(self) -> str:
        messages = self.result.messages
        inbox = [m for m in messages if m.folder is Folder.INBOX]
        sent = [m for m in messages if m.folder is Folder.SENT]
        automatic = sum(m.automatic for m in inbox)
        sent_name = self.result.positions.get(Folder.SENT)
        found = f"{counted(len(inbox), 'new message')} in INBOX"
        if automatic:  # "(0 automatic answers)" would only be noise
            found += f" ({counted(automatic, 'automatic answer')})"
        return found + (f", {len(sent)} in {sent_name.name}" if sent_name else "")

    @property
    def text(self) -> str:
        """One line for the window's status bar (ui/mail/watch.py)."""
        parts = [f"Mail checked: {self._found()}"]
        if self.result.skipped:
            parts.append(f"{len(self.result.skipped)} skipped (see the log)")
        if self.stored and hasattr(self.applied, "describe"):
            parts.append(" ".join(str(self.applied.describe()).split()))
        return "; ".join(parts).rstrip(".") + "."

    def describe(self) -> str:
        """The command's report: what was found, each message skipped, the notes."""
        lines = [f"{self.account.user} on {self.account.host}: {self._found()}."]
        if self.result.skipped:
            lines.append(f"{counted(len(self.result.skipped), 'message')} could not be read "
                         "and {} skipped:".format("was" if len(self.result.skipped) == 1
                                                  else "were"))
            lines += [f"  {line}" for line in self.result.skipped]
        lines += list(self.result.notes)
        if not self.stored:
            lines.append("Nothing was stored: this version has no rules that apply mail.")
        elif hasattr(self.applied, "describe"):
            lines.append(_sentence(str(self.applied.describe())))
        return "\n".join(lines)

    @property
    def changed(self) -> Changed:
        """What the pages showing the check's effects must read again (services/changes.py)."""
        return getattr(self.applied, "changed", Changed.NOTHING) if self.stored \
            else Changed.NOTHING


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        return ""
    return text[0].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


def _applying() -> ModuleType | None:
    """applying.py, once it is part of the app (it is built beside this module)."""
    try:
        return importlib.import_module(APPLYING)
    except ModuleNotFoundError as error:
        if error.name != APPLYING:
            raise  # applying is there but something it needs is missing: a real fault
        return None


def no_account_error() -> UserError:
    return UserError("No mail account is set up; add one with `followup-desktop mail "
                     "account add --host HOST --user USER`.")


def check_if_set_up(backend: Backend, password: str | None = None) -> CheckSummary | None:
    """A check, or None when no account is set up: the window's periodic check says nothing
    then."""
    if load_account() is None:
        return None
    return check(backend, password=password)


def check(backend: Backend, *, password: str | None = None,
          positions: Mapping[Folder, FolderPosition] | None = None,
          apply: Apply | None = None, **reading: Any) -> CheckSummary:
    """Check the account's INBOX and Sent once. `password`: given (--password-file, the
    window's prompt) or read from the Secret Service. `positions` and `apply` default to
    applying.py's stored positions and its apply_check; `reading` goes to read_mailbox
    (batch, on_batch, timeout)."""
    from followup_desktop.services.errorlog import logger
    from followup_desktop.services.mail.fetching import read_mailbox

    account = load_account()
    if account is None:
        raise no_account_error()
    if password is None:
        from followup_desktop.services.mail.secret import read_password

        password = read_password(account)
        if password is None:
            raise UserError(f"No password is stored for {account.user} on {account.host}; "
                            "run `followup-desktop mail account add` again, or pass "
                            "--password-file FILE.")
    rules = _applying()
    if positions is None:
        positions = rules.positions(backend) if rules is not None else {}
    if apply is None and rules is not None:
        apply = rules.apply_check
    result = read_mailbox(account, password, positions, backend.clock.now(), **reading)
    log = logger(backend.data_dir)
    for line in result.skipped:
        log.info("mail check skipped %s", line)
    if apply is None:
        return CheckSummary(account, result, stored=False)
    return CheckSummary(account, result, stored=True, applied=apply(backend, result))
