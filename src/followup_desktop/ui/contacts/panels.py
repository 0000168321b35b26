"""The panel of the one selected on the contacts page: a person (who they are, how to reach
them, what happened and what comes next) or a company (its people and applications)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from followup_desktop.domain.fields import CHANNEL_LABELS, ROLE_LABELS, STATUS_LABELS
from followup_desktop.domain.model import ActionState, Role
from followup_desktop.services.views.people import (
    CompanyDetail,
    HitKind,
    PersonDetail,
    TouchLine,
    UpcomingAction,
)
from followup_desktop.ui.widgets.cards import Card, CardList
from followup_desktop.ui.widgets.common import (
    KIND_COLORS,
    plain_label,
    tooltip,
    when,
)
from followup_desktop.ui.widgets.detail_parts import (
    Badge,
    ElidedLabel,
    FactsForm,
    FlowRow,
    LinkButton,
    avatar,
    long_when,
    relative_time,
    scaled_font,
    section_label,
    separator,
    set_muted,
    set_value,
    title_label,
    url_field,
)

HEADER_AVATAR = 52


def verification(verified: bool, source: str, what: str = "") -> str:
    """A badge text: "✓ verified from LinkedIn profile", "unverified", "name unverified"."""
    prefix = f"{what} " if what else ""
    if not verified:
        return f"{prefix}unverified"
    return f"✓ {prefix}verified from {source}" if source else f"✓ {prefix}verified"


def last_contact_text(at: datetime | None, now: datetime, zone: ZoneInfo) -> str:
    if at is None:
        return "Never"
    return f"{relative_time(at, now)} · {long_when(at, zone)}"


def _edit_button(accessible: str, parent: QWidget) -> QPushButton:
    button = QPushButton("Edit…", parent)
    button.setAccessibleName(accessible)
    button.setToolTip(accessible)
    return button


def _header(avatar_label: QLabel, text: QVBoxLayout, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(14)
    row.addWidget(avatar_label, 0, Qt.AlignmentFlag.AlignTop)
    row.addLayout(text, 1)
    row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
    return row


def _badged(label: QLabel, badge: Badge) -> FlowRow:
    """A name or title with its badge beside it, or below it when the pane is narrow."""
    row = FlowRow(spacing=8)
    row.addWidget(label)
    row.addWidget(badge)
    return row



def card_section(layout: QVBoxLayout, parent: QWidget, title: str, name: str,
                 empty: str) -> tuple[QLabel, CardList]:
    """A titled list of cards in a panel: its heading and the list (named for screen readers,
    with what it says when empty), added to `layout`."""
    heading = section_label(title, parent)
    cards = CardList(name, empty, parent)
    layout.addWidget(heading)
    layout.addWidget(cards)
    return heading, cards

class PersonPanel(QWidget):
    """A person: name and title with how sure we are of them, role, company, channels,
    postal address, last contact, upcoming actions and the timeline of touches."""

    openCompany = Signal(int)
    openApplication = Signal(int)
    openAction = Signal(int)
    editRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: PersonDetail | None = None
        self._touch_applications: dict[int, int] = {}
        self.avatar = QLabel(self)
        self.avatar.setAccessibleName("Initials")
        self.name = ElidedLabel(self)
        self.name.setFont(scaled_font(self.name.font(), 1.45, bold=True))
        self.name.setAccessibleName("Name")
        self.name_badge = Badge(self)
        self.title = ElidedLabel(self)
        self.title.setAccessibleName("Title")
        self.title_badge = Badge(self)
        self.role = set_muted(plain_label("", self))
        self.company = LinkButton("", self)
        self.company.clicked.connect(self._open_company)
        self.edit_button = _edit_button("Edit contact", self)
        self.edit_button.clicked.connect(
            lambda: self.detail is not None and self.editRequested.emit(self.detail.id))
        works = FlowRow(spacing=4)
        works.addWidget(self.role)
        works.addWidget(self.company)
        text = QVBoxLayout()
        text.setSpacing(3)
        text.addLayout(_badged(self.name, self.name_badge))
        text.addLayout(_badged(self.title, self.title_badge))
        text.addLayout(works)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.setSpacing(6)
        layout.addLayout(_header(self.avatar, text, self.edit_button))
        layout.addWidget(separator(self))
        form = FactsForm()
        self.email = form.add("E-mail", self)
        self.phone = form.add("Phone", self)
        self.address = form.add("Postal address", self)
        self.last_contacted = form.add("Last contacted", self)
        self.notes = form.add("Notes", self)
        self.form = form
        layout.addLayout(form)
        self.upcoming_title, self.upcoming = card_section(
            layout, self, "Upcoming", "Upcoming actions", "Nothing planned with this person.")
        self.upcoming.cardActivated.connect(self.openAction)
        self.timeline_title, self.timeline = card_section(
            layout, self, "Timeline", "Timeline of touches", "No touches yet.")
        self.timeline.cardActivated.connect(self._open_touch)
        layout.addStretch(1)

    def show_detail(self, person: PersonDetail, zone: ZoneInfo, now: datetime) -> None:
        self.detail = person
        self.avatar.setPixmap(avatar(person.name, HEADER_AVATAR, self.palette(),
                                     ratio=self.devicePixelRatioF()))
        self.name.setText(person.name)
        self.name_badge.set_state(
            verification(person.name_verified, person.verified_source, "name"),
            person.name_verified)
        self.name_badge.setToolTip("Check the spelling before you write: a wrong name is "
                                   "worse than no note." if not person.name_verified else "")
        self.title.setText(person.title or "No title recorded")
        self.title_badge.set_state(verification(person.title_verified, person.verified_source),
                                   person.title_verified)
        self.title_badge.setVisible(bool(person.title))
        self.title_badge.setToolTip("Check the title before you write: a wrong title is "
                                    "worse than no note." if not person.title_verified else "")
        self.role.setText(f"{ROLE_LABELS[person.role]} at" if person.company
                          else ROLE_LABELS[person.role])
        self.company.set_data_text(person.company)
        self.company.setToolTip(tooltip([f"Open {person.company}"]) if person.company else "")
        self.company.setVisible(person.company_id is not None)
        set_value(self.email, person.email)
        set_value(self.phone, person.phone)
        set_value(self.address, person.postal_address)
        set_value(self.last_contacted, last_contact_text(person.last_contacted, now, zone))
        set_value(self.notes, person.notes)
        for widget in (self.notes, self.form.labelForField(self.notes)):
            widget.setVisible(bool(person.notes))
        self._show_lists(person, zone, now)

    def _show_lists(self, person: PersonDetail, zone: ZoneInfo, now: datetime) -> None:
        self.upcoming_title.setText(f"Upcoming · {len(person.upcoming)}" if person.upcoming
                                    else "Upcoming")
        self.upcoming.set_cards([_upcoming_card(a, zone, now) for a in person.upcoming])
        self.timeline_title.setText(f"Timeline · {len(person.touches)}" if person.touches
                                    else "Timeline")
        self._touch_applications = {t.id: t.application_id for t in person.touches
                                    if t.application_id is not None}
        color = self.palette().color(QPalette.ColorRole.Highlight)  # as in application history
        self.timeline.set_cards([_touch_card(t, zone, color) for t in person.touches])

    def _open_company(self) -> None:
        if self.detail is not None and self.detail.company_id is not None:
            self.openCompany.emit(self.detail.company_id)

    def _open_touch(self, touch_id: int) -> None:
        if touch_id in self._touch_applications:
            self.openApplication.emit(self._touch_applications[touch_id])


def _upcoming_card(action: UpcomingAction, zone: ZoneInfo, now: datetime) -> Card:
    channel = CHANNEL_LABELS.get(action.channel, action.channel)
    state = ""
    if action.due < now:
        state = " · overdue"
    elif action.state == ActionState.SNOOZED:
        state = " · snoozed"
    return Card(action.id, action.kind.label, meta=when(action.due, zone),
                subtitle=f"{channel}{state} · {action.position}, {action.company}",
                color=KIND_COLORS.get(action.kind.value))


def _touch_card(touch: TouchLine, zone: ZoneInfo, color: QColor) -> Card:
    return Card(touch.id, CHANNEL_LABELS.get(touch.channel, touch.channel),
                meta=when(touch.at, zone),
                subtitle=touch.position or "Not tied to an application",
                lines=(touch.summary,) if touch.summary else (), color=color)


class CompanyPanel(QWidget):
    """A company: how to reach them and what they are like, their people, the applications
    there and when we were last in touch."""

    openContact = Signal(int)
    openApplication = Signal(int)
    editRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: CompanyDetail | None = None
        self.avatar = QLabel(self)
        self.avatar.setAccessibleName("Initials")
        self.name = title_label("", self)
        self.name.setAccessibleName("Company name")
        self.summary = set_muted(plain_label("", self))
        self.summary.setWordWrap(True)
        self.edit_button = _edit_button("Edit company", self)
        self.edit_button.clicked.connect(
            lambda: self.detail is not None and self.editRequested.emit(self.detail.id))
        text = QVBoxLayout()
        text.setSpacing(3)
        text.addWidget(self.name)
        text.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.setSpacing(6)
        layout.addLayout(_header(self.avatar, text, self.edit_button))
        layout.addWidget(separator(self))
        form = FactsForm()
        self.website = url_field(self)
        self.website.setAccessibleName("Website")
        self.website.setPlaceholderText("—")
        form.addRow(set_muted(plain_label("Website", self)), self.website)
        self.address = form.add("Postal address", self)
        self.channel = form.add("Preferred channel", self)
        self.reach = form.add("How to reach them", self)
        self.last_contact = form.add("Last contact", self)
        layout.addLayout(form)
        self.people_title, self.people = card_section(
            layout, self, "People", "People at this company", "No people recorded yet.")
        self.people.cardActivated.connect(self.openContact)
        self.applications_title, self.applications = card_section(
            layout, self, "Applications", "Applications at this company", "No applications here.")
        self.applications.cardActivated.connect(self.openApplication)
        layout.addStretch(1)

    def show_detail(self, company: CompanyDetail, zone: ZoneInfo, now: datetime) -> None:
        self.detail = company
        self.avatar.setPixmap(avatar(company.name, HEADER_AVATAR, self.palette(), company=True,
                                     ratio=self.devicePixelRatioF()))
        self.name.setText(company.name)
        people_count, app_count = len(company.people), len(company.applications)
        self.summary.setText(f"{people_count} {'person' if people_count == 1 else 'people'} · "
                             f"{app_count} application{'' if app_count == 1 else 's'}")
        self.website.setText(company.website)
        self.website.setCursorPosition(0)
        set_value(self.address, company.postal_address)
        set_value(self.channel, CHANNEL_LABELS[company.preferred_channel]
                  if company.preferred_channel else "No preference: the default channel")
        set_value(self.reach, company.reach_notes, "Nothing noted yet")
        set_value(self.last_contact, last_contact_text(company.last_contact, now, zone))
        self.people_title.setText(f"People · {people_count}" if people_count else "People")
        self.people.set_cards([Card(p.id, p.name, subtitle=_title_and_role(p.title, p.role),
                                    avatar=p.name, kind=HitKind.PERSON.value)
                               for p in company.people])
        self.applications_title.setText(f"Applications · {app_count}" if app_count
                                        else "Applications")
        self.applications.set_cards([
            Card(a.id, a.position, subtitle=STATUS_LABELS[a.status], dimmed=a.status.is_closed)
            for a in company.applications])


def _title_and_role(title: str, role: Role) -> str:
    role_label = ROLE_LABELS[role]
    if not title or title.casefold() == role_label.casefold():
        return title or role_label
    return f"{title} · {role_label}"

