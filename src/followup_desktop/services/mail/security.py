"""How a mail account may connect, checked wherever an account comes in (the CLI, Preferences,
an imported settings file): TLS unless the server is this very machine.

No imports of the settings or the network here, so services/settings.py can use the check
without an import cycle.
"""

from __future__ import annotations

import ipaddress
import re
from enum import StrEnum

from followup_desktop.domain import validation as check
from followup_desktop.domain.validation import ValidationError


class Security(StrEnum):
    SSL = "ssl"  # TLS from the first byte (IMAPS, port 993)
    STARTTLS = "starttls"  # a plain connection upgraded to TLS before the login (port 143)
    PLAIN = "plain"  # no TLS at all: a loopback server only (a local bridge or proxy)


DEFAULT_PORTS = {Security.SSL: 993, Security.STARTTLS: 143, Security.PLAIN: 143}
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
# A DNS name (labels of letters, digits and hyphens) or an IP address; nothing that could
# smuggle a path, a user or a port into the host.
_HOST_NAME = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.?)+$")


def is_loopback(host: str) -> bool:
    """True only for this machine: a name that resolves nowhere else, or a loopback address.
    A name is judged by itself, never by DNS, which an attacker on the network could answer."""
    name = host.strip().rstrip(".").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(value: object, where: str) -> str:
    host = check.text(value, where, limit=253).strip()
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host.strip("[]")
    except ValueError:
        pass
    if not _HOST_NAME.match(host):
        raise ValidationError(where, f"{host!r} is not a server name or an IP address")
    return host


def check_endpoint(host: str, security: object, where: str = "security") -> Security:
    """The security, refused when it would send the password unencrypted over a network."""
    chosen = check.choice(security, Security, where)
    if chosen is Security.PLAIN and host and not is_loopback(host):
        raise ValidationError(
            where, f"a connection without TLS is allowed only to this machine "
            f"(localhost, 127.0.0.1, ::1), not to {host!r}; choose ssl or starttls")
    return chosen
