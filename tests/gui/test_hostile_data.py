"""Data is never read as HTML: the real window over a hostile data set (markup, a javascript:
link, direction marks, the longest names, bidi controls stored before they were refused),
every page and dialog opened, and every widget, item and calendar chip walked.

A tooltip fails when Qt would read it as rich text (Qt.mightBeRichText) while it holds markup
that came from data unescaped; a label fails when it shows data and is not plain text."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSettings, Qt
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget

from followup_desktop.services import records
from followup_desktop.services.exchange.invitations import proposing
from followup_desktop.services.records import ContactDraft
from followup_desktop.storage.models import Action, Contact
from followup_desktop.ui.calendar.text import CHIPS_ROLE
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.window.pages import PAGES
from helpers.gui_constants import NOW

MARK = "Qz"  # in every hostile value: where it shows, data shows
HOSTILE = {
    "image": f"<img src=x>{MARK}1",
    "link": f'<a href="javascript:x">{MARK}2</a>',
    "markup": f"<b>{MARK}3</b> &amp; <i>co</i>",
    "marks": f"{MARK}4 \u200fعربي\u200e Zoë",
    "long": f"{MARK}5" + "W" * 297,  # the longest name allowed (300 characters)
}
# Markup that only data brings: the tooltip helper writes nothing but <p> and <br>.
RAW_MARKUP = ("<img", "<a ", "<a\t", "<b>", "<i>")
STORED_BEFORE = f"\u2066{MARK}6\u2069 \u202eevil\u202c"  # stored before isolates were refused


def unsafe_tooltip(tip: object) -> bool:
    if not isinstance(tip, str) or not tip or not GuiQt.mightBeRichText(tip):
        return False
    if any(raw in tip.casefold() for raw in RAW_MARKUP):
        return True
    document = QTextDocument()
    document.setHtml(tip)
    return "\ufffc" in document.toPlainText()  # an object (an image) replaced the text


def model_offences(model: QAbstractItemModel, where: str, parent: QModelIndex | None = None,
                   depth: int = 0) -> list[str]:
    parent = parent or QModelIndex()
    found: list[str] = []
    try:
        columns = max(model.columnCount(parent), 1)
    except TypeError:  # a list model's columnCount is private from Python
        columns = 1
    for row in range(min(model.rowCount(parent), 400)):
        for column in range(columns):
            index = model.index(row, column, parent)
            tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
            if unsafe_tooltip(tip):
                found.append(f"{where} item ({row}, {column}) tooltip {tip!r}")
            chips = model.data(index, CHIPS_ROLE)
            for chip in chips if isinstance(chips, tuple | list) else ():
                tip = getattr(chip, "tip", None)  # the role means a calendar cell's chips
                if unsafe_tooltip(tip):
                    found.append(f"{where} chip tooltip {tip!r}")
        first = model.index(row, 0, parent)
        if depth < 2 and model.rowCount(first) > 0:
            found += model_offences(model, where, first, depth + 1)
    return found


def offences(root: QWidget) -> list[str]:
    found: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        where = f"{type(widget).__name__} {widget.objectName() or widget.accessibleName()!r}"
        if unsafe_tooltip(widget.toolTip()):
            found.append(f"{where} tooltip {widget.toolTip()!r}")
        if isinstance(widget, QLabel) and MARK in widget.text() \
                and widget.textFormat() != Qt.TextFormat.PlainText:
            found.append(f"{where} shows {widget.text()!r} as {widget.textFormat().name}")
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            found += model_offences(widget.model(), where)
    for action in root.findChildren(QAction):
        if unsafe_tooltip(action.toolTip()):
            found.append(f"action {action.text()!r} tooltip {action.toolTip()!r}")
    return found


def data_labels(root: QWidget) -> int:
    """How many labels show data: a walk that finds none proves nothing."""
    return sum(MARK in label.text() for label in root.findChildren(QLabel))


def hostile_world(backend) -> dict[str, list[int]]:
    companies = [records.add_company(backend, HOSTILE["image"], website="https://example.org",
                                     postal_address=HOSTILE["link"],
                                     reach_notes=HOSTILE["markup"]),
                 records.add_company(backend, HOSTILE["long"])]
    people = [records.add_contact(backend, companies[0], ContactDraft(
                  HOSTILE["link"], HOSTILE["markup"], email="ada@example.org",
                  phone="+49 30 1234", verified_source=HOSTILE["image"],
                  notes=HOSTILE["link"])),
              records.add_contact(backend, companies[0], ContactDraft(
                  HOSTILE["long"], HOSTILE["marks"], email="bo@example.org")),
              records.add_contact(backend, companies[1], ContactDraft(
                  HOSTILE["marks"], HOSTILE["long"][:300]))]
    applications = [records.add_application(backend, companies[0], HOSTILE["markup"],
                                            posting_url=f"https://example.org/{HOSTILE['link']}",
                                            notes=HOSTILE["image"]),
                    records.add_application(backend, companies[1], HOSTILE["long"])]
    ended = NOW - timedelta(hours=30)  # the thank-you is due now
    records.add_interview(backend, applications[0], ended - timedelta(hours=1), ended,
                          "Europe/Berlin", people[:2], location=HOSTILE["image"],
                          discussed=HOSTILE["link"])
    soon = NOW + timedelta(days=2)
    records.add_interview(backend, applications[1], soon, soon + timedelta(hours=1),
                          "Europe/Berlin", people[2:], location=HOSTILE["long"][:300])
    with backend.write():  # a name stored before bidi isolates were refused
        Contact.update(title=STORED_BEFORE).where(Contact.id == people[2]).execute()
    actions = [a.id for a in Action.select().where(Action.state == "planned")]
    return {"companies": companies, "people": people, "applications": applications,
            "actions": actions}


def hostile_invitation(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.ics"
    cn = HOSTILE["link"].replace('"', "'")
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Hostile//EN\r\nMETHOD:REQUEST\r\n"
        "BEGIN:VEVENT\r\nUID:hostile-1@example.net\r\nDTSTAMP:20261120T100000Z\r\n"
        "DTSTART:20261201T100000Z\r\nDTEND:20261201T110000Z\r\n"
        f"SUMMARY:Interview: {HOSTILE['markup']} at {HOSTILE['image']}\r\n"
        f"LOCATION:{HOSTILE['image']}\r\n"
        f"DESCRIPTION:{HOSTILE['link'].replace(',', '')}\r\n"
        f'ORGANIZER;CN="{cn}":mailto:organiser@evil.example\r\n'
        f'ATTENDEE;CN="{cn}";ROLE=CHAIR:mailto:organiser@evil.example\r\n'
        f"ATTENDEE;CN={HOSTILE['image']};ROLE=REQ-PARTICIPANT:mailto:x@evil.example\r\n"
        "ATTENDEE;CN=Me;ROLE=REQ-PARTICIPANT:mailto:me@example.org\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    return path


@pytest.fixture
def world(backend):
    return hostile_world(backend)


@pytest.fixture
def window(qtbot, backend, world, tmp_path):
    window = MainWindow(backend, QSettings(str(tmp_path / "window.ini"),
                                           QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_checks_catch_what_they_look_for():
    assert unsafe_tooltip(HOSTILE["image"]) and unsafe_tooltip(HOSTILE["link"])
    assert unsafe_tooltip(f"<p>{HOSTILE['markup']}</p>")
    assert not unsafe_tooltip(HOSTILE["marks"]) and not unsafe_tooltip("")
    from followup_desktop.ui.widgets.common import tooltip

    assert not any(unsafe_tooltip(tooltip([value])) for value in HOSTILE.values())
    label = QLabel(HOSTILE["image"])
    assert offences(label)
    label.setTextFormat(Qt.TextFormat.PlainText)
    assert not offences(label)


def test_every_page_shows_hostile_data_as_text(qtbot, window, world):
    due = window.page("Due")
    qtbot.waitUntil(lambda: due.model.item_count() > 0)
    assert offences(window) == []
    for name in PAGES:
        window.go_to(name)
        qtbot.wait(50)
        assert offences(window) == [], name
    applications = window.page("Applications")
    for application in world["applications"]:
        window.open_application(application)
        qtbot.waitUntil(lambda a=application: applications.detail.detail is not None
                        and applications.detail.detail.id == a)
        assert offences(window) == [], f"application {application}"
        assert data_labels(applications.detail) > 0
    contacts = window.page("Contacts")
    for person in world["people"]:
        window.open_contact(person)
        qtbot.waitUntil(lambda p=person: contacts.person.detail is not None
                        and contacts.person.detail.id == p)
        assert offences(window) == [], f"contact {person}"
        assert data_labels(contacts.person) > 0
    for company in world["companies"]:
        window.open_company(company)
        qtbot.waitUntil(lambda c=company: contacts.company.detail is not None
                        and contacts.company.detail.id == c)
        assert offences(window) == [], f"company {company}"
        assert data_labels(contacts.company) > 0


def dialogs(backend, world, window, tmp_path):
    from followup_desktop.ui.composer.dialog import ComposerDialog
    from followup_desktop.ui.debrief import DebriefDialog
    from followup_desktop.ui.dialogs.invitation import InvitationDialog
    from followup_desktop.ui.editors.action import ActionEditor
    from followup_desktop.ui.editors.application import ApplicationEditor
    from followup_desktop.ui.editors.company import CompanyEditor
    from followup_desktop.ui.editors.contact import ContactEditor
    from followup_desktop.ui.editors.interview import InterviewEditor

    for action in world["actions"]:
        yield f"composer {action}", ComposerDialog(backend, action, parent=window)
        yield f"action {action}", ActionEditor(backend, action, parent=window)
    for company in world["companies"]:
        yield f"company {company}", CompanyEditor(backend, company, parent=window)
    for person in world["people"]:
        yield f"contact {person}", ContactEditor(backend, person, parent=window)
    for application in world["applications"]:
        yield (f"application {application}",
               ApplicationEditor(backend, application, parent=window))
    yield "new interview", InterviewEditor(backend, None, parent=window)
    yield "debrief", DebriefDialog(backend, None, parent=window)
    path = hostile_invitation(tmp_path)
    proposals = proposing.read_and_propose(backend, path)
    yield "invitation", InvitationDialog(backend, path, proposals, window)


def test_every_dialog_shows_hostile_data_as_text(qtbot, backend, world, window, tmp_path):
    for name, dialog in dialogs(backend, world, window, tmp_path):
        dialog.show()
        qtbot.wait(30)
        assert offences(dialog) == [], name
        dialog.close()
        dialog.deleteLater()
