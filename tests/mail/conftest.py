"""The mail tests' server: a real dovecot per test (tests/helpers/dovecot.py), trusted through
SSL_CERT_FILE as a user's own certificate authority would be."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from followup_desktop.services.mail.account import MailAccount
from followup_desktop.services.mail.security import Security
from helpers.dovecot import Dovecot, server_root


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    with server_root() as root, Dovecot(root) as server:
        yield server


@pytest.fixture
def trusted(dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> Dovecot:
    """The test's certificate is the only one trusted (Python reads SSL_CERT_FILE)."""
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot.ca_file))
    return dovecot


@pytest.fixture
def account(trusted: Dovecot) -> MailAccount:
    return MailAccount("localhost", trusted.imaps_port, trusted.user, Security.SSL)
