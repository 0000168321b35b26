"""The calendar server's address, checked wherever it comes in (the CLI, an imported settings
file): https, unless the server is this very machine; no password or fragment in it.

No imports of the settings or the network here, so services/settings.py can use the check
without an import cycle.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from followup_desktop.domain import validation as check
from followup_desktop.domain.validation import ValidationError
from followup_desktop.services.mail.security import check_host, is_loopback

URL_LIMIT = 2000


def check_url(value: object, where: str) -> str:
    url = check.text(value, where, limit=URL_LIMIT).strip()
    if not url:
        raise ValidationError(where, "must not be empty")
    try:
        parts = urlsplit(url)
        port = parts.port  # raises on a port that is not a number
    except ValueError as error:
        raise ValidationError(where, f"{url!r} is not a web address ({error})") from None
    if parts.scheme not in ("https", "http"):
        raise ValidationError(where, f"{url!r} is not an https:// address")
    if parts.username is not None or parts.password is not None:
        raise ValidationError(where, "must not hold a user name or password (give the user "
                                     "with --user; the password is asked for)")
    if not parts.hostname:
        raise ValidationError(where, f"{url!r} names no server")
    check_host(parts.hostname, where)
    if parts.fragment:
        raise ValidationError(where, f"{url!r} has a #fragment, which a server never sees")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise ValidationError(
            where, f"an http:// address (no TLS) is allowed only for this machine (localhost, "
                   f"127.0.0.1, ::1), not for {parts.hostname!r}; use https://")
    if port is not None and not 1 <= port <= 65535:
        raise ValidationError(where, f"{port} is not a port")
    return url
