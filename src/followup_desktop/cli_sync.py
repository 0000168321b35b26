"""`followup-desktop sync ...`: the follow-ups on the user's own CalDAV server (docs/sync.md).

    sync account add --url URL --user U [--as-events] [--contacts] [--password-file F]
    sync account show | sync account remove
    sync [--password-file F]          one sync now, headless; one line says what it did
    sync calendars | sync proposals   interviews from the user's calendars (cli_sync_in.py)

The password comes from --password-file or standard input (never echoed at a terminal) and goes
to the Secret Service; it is never printed, stored in the data folder or logged. A refused
password, a server that is down or answers nonsense ends with exit status 2 and one line;
nothing local is lost and the next sync resumes.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from followup_desktop import cli_sync_in
from followup_desktop.cli_password import FORGOTTEN, forget_quietly, where_kept

if TYPE_CHECKING:
    from followup_desktop.services.backend import Backend


def add_sync_commands(commands: argparse._SubParsersAction) -> None:
    sync = commands.add_parser(
        "sync", help="sync the follow-ups with your CalDAV server once now, or set up the "
                     "account (docs/sync.md)")
    _password_file(sync)
    subjects = sync.add_subparsers(dest="sync_command", metavar="COMMAND")
    account = subjects.add_parser("account", help="add, show or remove the calendar account")
    actions = account.add_subparsers(dest="account_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="set up the account (it replaces one set up before); "
                                         "the password is read from standard input")
    add.add_argument("--url", metavar="URL", required=True,
                     help="the server's CalDAV address (https://, or http:// for this "
                          "machine only), e.g. https://cloud.example.org/remote.php/dav")
    add.add_argument("--user", metavar="USER", required=True, help="the login name")
    add.add_argument("--as-events", action="store_true",
                     help="write follow-ups as short events with an alarm rather than tasks "
                          "(for phones whose calendar shows no tasks)")
    add.add_argument("--contacts", action="store_true",
                     help="also keep the interviewers and company contacts in a 'Follow-up "
                          "contacts' address book on the same server (CardDAV)")
    _password_file(add)
    actions.add_parser("show", help="show the account (never the password)")
    actions.add_parser("remove", help="forget the account, its stored password and what "
                                      "was synced (the server's items stay)")
    cli_sync_in.add_commands(subjects)


def _password_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--password-file", metavar="FILE", type=Path,
                        help="read the password from the first line of FILE (where there is "
                             "no Secret Service to keep it)")


def run(backend: Backend, args: argparse.Namespace) -> int:
    if args.sync_command is None:
        return _sync(backend, args)
    if args.sync_command in cli_sync_in.COMMANDS:
        return cli_sync_in.run(backend, args)
    return {"add": _add, "show": _show, "remove": _remove}[args.account_command](backend, args)


def _password(path: Path | None) -> str:
    from followup_desktop.cli_password import read_password

    return read_password(path, "Calendar password (not shown): ")


def _add(backend: Backend, args: argparse.Namespace) -> int:
    from followup_desktop.services import secrets
    from followup_desktop.services.sync.account import load_account, make_account, save_account

    account = make_account(args.url, args.user, args.as_events)
    password = _password(args.password_file)
    previous = load_account()
    # The password first: a locked keyring refuses, and then nothing has changed.
    try:
        secrets.store_password(account.secret, password)
        kept = "The password is in the Secret Service."
    except secrets.NoSecretServiceError as error:
        kept = f"The password was not stored: {error}"
    save_account(backend, account)
    _save_contacts(backend, args.contacts)
    if previous is not None and previous.secret != account.secret:
        forget_quietly(previous.secret)
    print(f"Calendar account: {account.describe()}.{_contacts_said()}\n{kept}")
    return 0


def _save_contacts(backend: Backend, on: bool) -> None:
    from followup_desktop.services.sync.contacts import save_enabled

    save_enabled(backend, on)


def _contacts_said() -> str:
    """A line of its own when the contacts are synced (docs/sync.md, "Contacts")."""
    from followup_desktop.services.sync.addressbook import ADDRESS_BOOK_NAME
    from followup_desktop.services.sync.contacts import enabled

    if enabled():
        return f"\nContacts: kept in the address book {ADDRESS_BOOK_NAME!r} on the same server."
    return ""



def _show(backend: Backend, args: argparse.Namespace) -> int:
    from followup_desktop.services.sync.account import load_account

    account = load_account()
    if account is None:
        print("No calendar account is set up (`followup-desktop sync account add`).")
        return 0
    where = where_kept(account.secret)
    print(f"Calendar account: {account.describe()}{_contacts_said()}\nPassword: {where}")
    return 0


def _remove(backend: Backend, args: argparse.Namespace) -> int:
    from followup_desktop.services.sync.account import remove_account

    account = remove_account(backend)
    if account is None:
        print("No calendar account was set up; nothing was changed.")
        return 0
    forgotten = forget_quietly(account.secret)
    print(f"Removed the calendar account {account.user} on {account.url}; "
          f"{FORGOTTEN[forgotten]}. What was written to the server stays there.")
    return 0


def _sync(backend: Backend, args: argparse.Namespace) -> int:
    from followup_desktop.services.sync.account import load_account, no_account_error
    from followup_desktop.services.sync.syncing import sync

    if load_account() is None:  # before asking for a password no account could use
        raise no_account_error()
    password = _password(args.password_file) if args.password_file else None
    print(sync(backend, password=password).describe())
    return 0
