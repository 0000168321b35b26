"""Links built from data: mailto: and tel: URLs assembled with QUrl's setters (never by
concatenating strings), and the one place that hands a URL to the desktop, which opens only
mailto, tel and https."""

from __future__ import annotations

import re

from PySide6.QtCore import QUrl, QUrlQuery
from PySide6.QtGui import QDesktopServices

from followup_desktop.domain import validation as check
from followup_desktop.domain.validation import ValidationError

OPENABLE_SCHEMES = ("mailto", "tel", "https")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{2,30}$")


class LinkError(ValueError):
    """The address cannot be made into a safe link; the message says why."""


def mailto_url(address: str, subject: str, body: str) -> QUrl:
    """mailto:address?subject=…&body=…, every part percent-encoded by QUrl.

    The address must be one plain address: anything that could carry URL parts of its own
    (`?attach=/etc/passwd`, `&cc=`, a second address) is refused, not encoded.
    """
    try:
        plain = check.email(address, "e-mail address")
    except ValidationError as error:
        raise LinkError(str(error)) from None
    if not plain:
        raise LinkError("The contact has no e-mail address.")
    url = QUrl()
    url.setScheme("mailto")
    url.setPath(plain, QUrl.ParsingMode.DecodedMode)
    query = QUrlQuery()
    # Line breaks as CRLF, as RFC 6068 asks for in a body.
    query.addQueryItem("subject", _encoded(subject))
    query.addQueryItem("body", _encoded(body.replace("\r\n", "\n").replace("\n", "\r\n")))
    url.setQuery(query)
    return url


def _encoded(text: str) -> str:
    """QUrlQuery leaves the delimiters it uses itself (& = +) as they are: encode them first
    so a '&' in a note cannot start a new field."""
    return QUrl.toPercentEncoding(text).data().decode("ascii")


def tel_url(number: str) -> QUrl:
    if not _PHONE.match(number.strip()):
        raise LinkError(f"{number[:40]!r} is not a phone number that can be dialled.")
    digits = re.sub(r"[^0-9+]", "", number)
    url = QUrl()
    url.setScheme("tel")
    url.setPath(digits)
    return url


def open_url(url: QUrl) -> bool:
    """Hand a link to the desktop, if it is one of the kinds this app ever opens."""
    if url.scheme() not in OPENABLE_SCHEMES or not url.isValid():
        raise LinkError(f"Refusing to open a {url.scheme() or 'schemeless'} link.")
    return QDesktopServices.openUrl(url)
