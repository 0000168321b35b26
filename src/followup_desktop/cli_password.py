"""A password for a command: from --password-file, else one line of standard input; at a
terminal, asked for without echo. Never printed or logged. And what the account commands of
`mail` and `sync` say of a password in the Secret Service."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup_desktop.services.secrets import Secret

FORGOTTEN = {True: "its password was removed from the Secret Service",
             False: "no password was stored for it",
             None: "there is no Secret Service in this session to remove a password from"}


def read_password(path: Path | None, prompt: str) -> str:
    from followup_desktop.services.errors import UserError
    from followup_desktop.services.secrets import read_password_file

    if path is not None:
        return read_password_file(path)
    if sys.stdin is None:
        raise UserError("No password given: pass --password-file FILE or type it on "
                        "standard input.")
    if sys.stdin.isatty():
        import getpass

        password = getpass.getpass(prompt, stream=sys.stderr)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise UserError("No password given: pass --password-file FILE or type it on "
                        "standard input.")
    return password


def where_kept(secret: Secret) -> str:
    """Whether the password is stored, for `... account show`."""
    from followup_desktop.services import secrets

    try:
        stored = secrets.read_password(secret) is not None
    except secrets.NoSecretServiceError:
        return "not stored (there is no Secret Service in this session)"
    return "stored in the Secret Service" if stored else "not stored"


def forget_quietly(secret: Secret) -> bool | None:
    """Remove the password; None when there is no Secret Service to ask (FORGOTTEN says it)."""
    from followup_desktop.services import secrets

    try:
        return secrets.forget_password(secret)
    except secrets.NoSecretServiceError:
        return None
