"""Talking to the IMAP server: TLS with the system's certificate checks, and each way it can go
wrong told as one sentence (a UserError) that says what to do.

TLS by default (IMAPS), or STARTTLS before the login, both with `ssl.create_default_context()`:
the certificate must chain to a trusted authority and name the host (Python honours
SSL_CERT_FILE, which the tests use for their own authority). A connection without TLS is
opened only to this machine (security.py). If a STARTTLS server does not offer STARTTLS, the
login is not sent.
"""

from __future__ import annotations

import re
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError

from followup_desktop.services.errors import NetworkError, UserError
from followup_desktop.services.mail.account import MailAccount
from followup_desktop.services.mail.decoding import clean
from followup_desktop.services.mail.security import Security, is_loopback

TIMEOUT = 30.0  # seconds for connecting and for each read: a stalled server is given up


class MailLoginError(UserError):
    """The server refused the user name or password."""


class CertificateError(UserError):
    """The server's certificate is not trusted: nothing was sent to it."""


@dataclass
class Progress:
    """How far a session got: what an error means depends on it."""

    logged_in: bool = False


def _server_text(error: BaseException) -> str:
    """The server's own words: imapclient quotes them as a bytes repr (b'[AUTHENTICATIONFAILED]
    ...'), which is not for a user's eyes."""
    text = str(error.args[0]) if error.args else str(error)
    quoted = re.fullmatch(r"""b(['"])(.*)\1""", text.strip(), re.DOTALL)
    return clean(quoted.group(2) if quoted else text)[:200] or type(error).__name__


@contextmanager
def translated(account: MailAccount) -> Iterator[Progress]:
    """Every error of the block as the UserError to show; UserErrors pass as they are."""
    where = f"{account.host}:{account.port}"
    progress = Progress()
    try:
        yield progress
    except UserError:
        raise
    except LoginError as error:
        raise MailLoginError(
            f"The mail server {account.host} refused the login of {account.user} "
            f"({_server_text(error)}); nothing was read. Check the user name and password; "
            "with two-step verification, use an app password (see docs/mail.md).") from error
    except ssl.SSLCertVerificationError as error:
        raise CertificateError(
            f"The certificate of {account.host} cannot be trusted "
            f"({error.verify_message or _server_text(error)}); the connection was refused and "
            "the password was not sent. If the server uses its own certificate authority, add "
            "it to the system's trusted certificates.") from error
    except (IMAPClientAbortError, OSError, EOFError) as error:
        if progress.logged_in:
            raise NetworkError(
                f"The connection to the mail server {where} broke off while reading "
                f"({_server_text(error)}); nothing was stored, and the next check starts "
                "again where the last complete one stopped.") from error
        raise _unreachable(account, error) from error
    except IMAPClientError as error:  # a NO or BAD answer to a command
        raise UserError(f"The mail server {where} refused a command ({_server_text(error)}); "
                        "nothing was stored.") from error


def _unreachable(account: MailAccount, error: BaseException) -> UserError:
    where = f"{account.host}:{account.port}"
    if isinstance(error, socket.gaierror):
        return NetworkError(f"The mail server {account.host} cannot be found "
                            f"({error.strerror}); check its name and the connection.")
    if isinstance(error, ssl.SSLError):
        return UserError(f"TLS with the mail server {where} failed ({_server_text(error)}); "
                         f"check that the port is the one for {account.security.value} "
                         "(993 for ssl, 143 for starttls).")
    return NetworkError(f"The mail server {where} cannot be reached ({_server_text(error)}); "
                        "nothing was changed. Check the connection and try again.")


def connect(account: MailAccount, password: str, progress: Progress,
            timeout: float = TIMEOUT) -> IMAPClient:
    """A logged-in client (inside `translated`, which tells what went wrong)."""
    context = ssl.create_default_context()
    if account.security is Security.PLAIN and not is_loopback(account.host):
        raise UserError(f"A connection without TLS is allowed only to this machine, not to "
                        f"{account.host}; choose ssl or starttls.")  # security.py refused it too
    client = IMAPClient(account.host, account.port, ssl=account.security is Security.SSL,
                        ssl_context=context, timeout=timeout)
    try:
        if account.security is Security.STARTTLS:
            if b"STARTTLS" not in client.capabilities():
                raise UserError(f"The mail server {account.host}:{account.port} does not offer "
                                "STARTTLS, so the password was not sent; choose ssl (port "
                                "993).")
            client.starttls(context)
        if password.isascii():
            client.login(account.user, password)
        else:  # LOGIN is ASCII only; AUTHENTICATE PLAIN carries UTF-8
            client.plain_login(account.user, password)
    except BaseException:
        _close(client)
        raise
    client.normalise_times = False  # INTERNALDATE with its offset, not in local time
    progress.logged_in = True
    return client


def _close(client: IMAPClient) -> None:
    with suppress(OSError, IMAPClientError):  # closing a connection that is already gone
        client.shutdown()


def disconnect(client: IMAPClient) -> None:
    try:
        client.logout()
    except (OSError, IMAPClientError, EOFError):
        _close(client)
