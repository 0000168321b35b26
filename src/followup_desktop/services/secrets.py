"""Passwords of the user's own servers (the mailbox, the calendar): in the desktop's Secret
Service (GNOME Keyring, KWallet; the system's own store on macOS and Windows) through `keyring`,
never in the database, the settings or a log.

Only a store that keeps the password encrypted and out of our files is accepted: keyring's
"fail" and "null" backends, and plain-text ones a user may have installed (keyrings.alt), are
treated as no store at all. Without one, the window asks for the password each session and the
CLI takes `--password-file`.

Each entry is (service, user); `Secret` names one and says, in the user's words, what it is
for ("the mail password") and how to do without a store (the hint of NoSecretServiceError).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from followup_desktop.services.errors import UnreadableInputError, UserError

# keyring's backends that keep a secret in the desktop's (or the system's) own store.
SAFE_BACKENDS = ("keyring.backends.SecretService", "keyring.backends.libsecret",
                 "keyring.backends.kwallet", "keyring.backends.macOS",
                 "keyring.backends.Windows")
PASSWORD_FILE_LIMIT = 4096  # bytes: a password, not a document


class NoSecretServiceError(UserError):
    """There is no usable password store in this session."""


@dataclass(frozen=True)
class Secret:
    service: str  # the keyring entry's service
    user: str
    what: str  # "the mail password"
    without_store: str  # what to do when there is no store: "pass it with --password-file ..."


def _store(secret: Secret) -> Any:
    """The first safe backend keyring offers, or NoSecretServiceError."""
    import keyring
    from keyring.backends.chainer import ChainerBackend

    chosen = keyring.get_keyring()
    candidates = chosen.backends if isinstance(chosen, ChainerBackend) else [chosen]
    for backend in candidates:
        if type(backend).__module__.startswith(SAFE_BACKENDS):
            return backend
    raise NoSecretServiceError(
        "There is no Secret Service (a desktop keyring such as GNOME Keyring or KWallet) in "
        f"this session, so {secret.what} cannot be kept; {secret.without_store}, or start the "
        "desktop's keyring.")


def _failed(secret: Secret, doing: str, error: Exception) -> UserError:
    from keyring.errors import KeyringLocked

    if isinstance(error, KeyringLocked):
        return UserError(f"The keyring is locked, so {secret.what} cannot be {doing}; "
                         "unlock it (log in to the desktop again) and try again.")
    return NoSecretServiceError(f"The Secret Service did not answer, so {secret.what} "
                                f"cannot be {doing} ({type(error).__name__}: {error}).")


def store_password(secret: Secret, password: str) -> None:
    backend = _store(secret)
    try:
        backend.set_password(secret.service, secret.user, password)
    except Exception as error:  # keyring, secretstorage and D-Bus each raise their own kinds
        raise _failed(secret, "stored", error) from None  # from None: the chain may quote it


def read_password(secret: Secret) -> str | None:
    """The stored password, or None when none is stored for this entry."""
    backend = _store(secret)
    try:
        return backend.get_password(secret.service, secret.user)
    except Exception as error:  # as in store_password
        raise _failed(secret, "read", error) from None


def forget_password(secret: Secret) -> bool:
    """Remove the stored password; False when none was stored."""
    from keyring.errors import PasswordDeleteError

    backend = _store(secret)
    try:
        if backend.get_password(secret.service, secret.user) is None:
            return False
        backend.delete_password(secret.service, secret.user)
    except PasswordDeleteError:
        return False
    except Exception as error:  # as in store_password
        raise _failed(secret, "removed", error) from None
    return True


def read_password_file(path: Path) -> str:
    """The password on the file's first line (its line break is not part of it)."""
    try:
        with path.open("rb") as source:
            data = source.read(PASSWORD_FILE_LIMIT + 1)
    except OSError as error:
        raise UnreadableInputError(f"{path}: cannot be read ({error.strerror or error}).") \
            from None
    if len(data) > PASSWORD_FILE_LIMIT:
        raise UnreadableInputError(f"{path}: is longer than a password ({PASSWORD_FILE_LIMIT} "
                                   "bytes at most); give a file with the password only.")
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise UnreadableInputError(f"{path}: is not UTF-8 text.") from None
    if not lines or not lines[0]:
        raise UnreadableInputError(f"{path}: holds no password on its first line.")
    return lines[0]
