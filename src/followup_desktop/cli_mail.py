"""`followup-desktop mail ...`: the read-only mail account and its check, from the command line.

    mail account add --host H [--port P] --user U [--security ssl|starttls|plain]
                     [--sent-folder NAME] [--password-file F]
    mail account show | mail account remove
    mail check [--password-file F]

The password comes from --password-file or standard input (never echoed at a terminal) and goes
to the Secret Service; it is never printed, stored in the data folder or logged. As everywhere
in the CLI, values are read as text and checked here, so a bad one is one line on stderr.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from followup_desktop.cli_password import FORGOTTEN, forget_quietly, where_kept

if TYPE_CHECKING:
    from followup_desktop.services.backend import Backend


def add_mail_commands(commands: argparse._SubParsersAction) -> None:
    mail = commands.add_parser(
        "mail", help="the read-only mail account that notices replies, sent notes and "
                     "out-of-office answers (docs/mail.md)")
    subjects = mail.add_subparsers(dest="mail_command", metavar="COMMAND", required=True)
    account = subjects.add_parser("account", help="add, show or remove the mail account")
    actions = account.add_subparsers(dest="account_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="set up the account (it replaces one set up before); "
                                         "the password is read from standard input")
    add.add_argument("--host", metavar="HOST", required=True, help="the IMAP server")
    add.add_argument("--port", metavar="PORT",
                     help="default 993 for ssl, 143 for starttls and plain")
    add.add_argument("--user", metavar="USER", required=True, help="the login name")
    add.add_argument("--security", metavar="SECURITY", default="ssl",
                     help="ssl (default), starttls, or plain (only for a server on this "
                          "machine)")
    add.add_argument("--sent-folder", metavar="NAME", default="",
                     help="the folder of sent mail (default: the one the server marks Sent)")
    _password_file(add)
    actions.add_parser("show", help="show the account (never the password)")
    actions.add_parser("remove", help="forget the account and its stored password")
    check = subjects.add_parser("check", help="read what is new in INBOX and Sent now")
    _password_file(check)


def _password_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--password-file", metavar="FILE", type=Path,
                        help="read the password from the first line of FILE (where there is "
                             "no Secret Service to keep it)")


def run(backend: Backend, args: argparse.Namespace) -> int:
    if args.mail_command == "check":
        return _check(backend, args)
    return {"add": _add, "show": _show, "remove": _remove}[args.account_command](backend, args)


def _port(text: str | None) -> int | None:
    from followup_desktop.services.errors import UserError

    if text is None:
        return None
    if not text.isascii() or not text.isdigit():
        raise UserError(f"--port: {text!r} is not a port (a whole number from 1 to 65535).")
    return int(text)


def _password(path: Path | None) -> str:
    from followup_desktop.cli_password import read_password

    return read_password(path, "Mail password (not shown): ")


def _add(backend: Backend, args: argparse.Namespace) -> int:
    from followup_desktop.services.mail import secret
    from followup_desktop.services.mail.account import load_account, make_account, save_account

    account = make_account(args.host, args.user, _port(args.port), args.security,
                           args.sent_folder)
    password = _password(args.password_file)
    previous = load_account()
    # The password first: a locked keyring refuses, and then nothing has changed.
    try:
        secret.store_password(account, password)
        kept = "The password is in the Secret Service."
    except secret.NoSecretServiceError as error:
        kept = f"The password was not stored: {error}"
    save_account(backend, account)
    if previous is not None and (secret.service_name(previous), previous.user) != (
            secret.service_name(account), account.user):
        forget_quietly(secret.secret_of(previous))
    print(f"Mail account: {account.describe()}.\n{kept}")
    return 0



def _show(backend: Backend, args: argparse.Namespace) -> int:
    from followup_desktop.services.mail import secret
    from followup_desktop.services.mail.account import load_account

    account = load_account()
    if account is None:
        print("No mail account is set up (`followup-desktop mail account add`).")
        return 0
    where = where_kept(secret.secret_of(account))
    print(f"Mail account: {account.describe()}\nPassword: {where}")
    return 0


def _remove(backend: Backend, args: argparse.Namespace) -> int:
    from followup_desktop.services.mail import secret
    from followup_desktop.services.mail.account import remove_account

    account = remove_account(backend)
    if account is None:
        print("No mail account was set up; nothing was changed.")
        return 0
    forgotten = forget_quietly(secret.secret_of(account))
    print(f"Removed the mail account {account.user} on {account.host}; "
          f"{FORGOTTEN[forgotten]}.")
    return 0


def _check(backend: Backend, args: argparse.Namespace) -> int:
    from followup_desktop.services.mail.account import load_account
    from followup_desktop.services.mail.checking import check, no_account_error

    if load_account() is None:  # before asking for a password no account could use
        raise no_account_error()
    password = _password(args.password_file) if args.password_file else None
    print(check(backend, password=password).describe())
    return 0
