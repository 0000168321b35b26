"""mailto: and tel: links built from data: every part encoded, hostile addresses refused, and
only mailto, tel and https ever handed to the desktop."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl, QUrlQuery

from followup_desktop.ui.widgets import links
from followup_desktop.ui.widgets.links import LinkError, mailto_url, open_url, tel_url

DECODED = QUrl.ComponentFormattingOption.FullyDecoded


def fields(url: QUrl) -> dict[str, str]:
    query = QUrlQuery(url)
    return {key: query.queryItemValue(key, DECODED) for key, _ in query.queryItems()}


@pytest.mark.parametrize("subject, body", [
    ("Thank you & next steps?", "Hi Ada,\nline two & x=1?y#frag\n%41 stays %41"),
    ("Zoë, 李小龙 & Ναυσικά", "Grüße\r\nDmitry — Дмитрий\n+ plus + signs"),
    ("", "=HYPERLINK(\"http://evil\")\n<a href='x'>y</a>"),
])
def test_subject_and_body_survive_the_round_trip(subject: str, body: str) -> None:
    url = mailto_url("ada@acme.example", subject, body)
    encoded = url.toEncoded().data().decode("ascii")
    assert encoded.startswith("mailto:ada@acme.example?subject=")
    assert "\n" not in encoded and " " not in encoded
    assert encoded.count("&") == 1  # only the one between subject and body
    assert fields(url) == {"subject": subject,
                           "body": body.replace("\r\n", "\n").replace("\n", "\r\n")}
    assert url.path() == "ada@acme.example"


@pytest.mark.parametrize("address", [
    "a@b.c?attach=/etc/passwd", "a@b.c&cc=boss@b.c", "a@b.c,b@c.d", "a@b.c\nBcc: x@y.z",
    "<a@b.c>", "a b@c.d", "mailto:a@b.c", "a@b.c#x", "a@b.c/../x", "",
])
def test_addresses_that_could_carry_url_parts_are_refused(address: str) -> None:
    with pytest.raises(LinkError):
        mailto_url(address, "Hello", "Body")


def test_phone_numbers_become_dialable_tel_links() -> None:
    assert tel_url("+49 (30) 1234-567").toString() == "tel:+49301234567"
    for bad in ("call me", "+49 30; drop table", "javascript:alert(1)", ""):
        with pytest.raises(LinkError):
            tel_url(bad)


def test_only_mailto_tel_and_https_are_opened(monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(links.QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toString()) or True)
    assert open_url(QUrl("https://example.com/jobs"))
    assert open_url(mailto_url("ada@acme.example", "s", "b"))
    for refused in ("file:///etc/passwd", "http://example.com", "javascript:alert(1)",
                    "smb://host/share", "x"):
        with pytest.raises(LinkError):
            open_url(QUrl(refused))
    assert opened == ["https://example.com/jobs",
                      "mailto:ada@acme.example?subject=s&body=b"]
