"""A password for a command: from --password-file, else one line of standard input; at a
terminal, asked for without echo. Never printed or logged."""

from __future__ import annotations

import sys
from pathlib import Path


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
