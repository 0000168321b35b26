"""The contacts page: people and companies, searchable as you type, and the panel of the one
selected: who they are and how to reach them, what happened and what comes next."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import overload
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.fields import CHANNEL_LABELS, ROLE_LABELS, STATUS_LABELS
from followup_desktop.domain.model import ActionState, Role
from followup_desktop.services.backend import Backend
from followup_desktop.services.views import people
from followup_desktop.services.views.people import (
    CompanyDetail,
    Hit,
    HitKind,
    PersonDetail,
    SearchResult,
    TouchLine,
    UpcomingAction,
)
from followup_desktop.ui.background.worker import Loader
from followup_desktop.ui.widgets.cards import Card, CardList, CardModel
from followup_desktop.ui.widgets.common import (
    KIND_COLORS,
    plain_label,
    set_heading_style,
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
    scroll_area,
    section_label,
    separator,
    set_muted,
    set_value,
    title_label,
    url_field,
)

SEARCH_DELAY_MS = 150  # typing pauses this long before a search runs
HEADER_AVATAR = 52
PANEL_HINT = ("Select a person or a company to see how to reach them, what happened and what "
              "comes next.")


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
        self.upcoming_title = section_label("Upcoming", self)
        layout.addWidget(self.upcoming_title)
        self.upcoming = CardList("Upcoming actions", "Nothing planned with this person.", self)
        self.upcoming.cardActivated.connect(self.openAction)
        layout.addWidget(self.upcoming)
        self.timeline_title = section_label("Timeline", self)
        layout.addWidget(self.timeline_title)
        self.timeline = CardList("Timeline of touches", "No touches yet.", self)
        self.timeline.cardActivated.connect(self._open_touch)
        layout.addWidget(self.timeline)
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
        self.people_title = section_label("People", self)
        layout.addWidget(self.people_title)
        self.people = CardList("People at this company", "No people recorded yet.", self)
        self.people.cardActivated.connect(self.openContact)
        layout.addWidget(self.people)
        self.applications_title = section_label("Applications", self)
        layout.addWidget(self.applications_title)
        self.applications = CardList("Applications at this company", "No applications here.",
                                     self)
        self.applications.cardActivated.connect(self.openApplication)
        layout.addWidget(self.applications)
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


def _hit_card(hit: Hit) -> Card:
    """Every hit card has a subtitle, so that all are one height (the list measures one)."""
    if hit.kind == HitKind.COMPANY:
        return Card(hit.id, hit.name, subtitle="Company", avatar=hit.name, company=True,
                    kind=hit.kind.value)
    where = ", ".join(part for part in (hit.title, hit.company) if part)
    return Card(hit.id, hit.name, subtitle=where or "Person", avatar=hit.name,
                kind=hit.kind.value)


class _LazyHitCards(Sequence[Card]):
    """Hits that become cards when first read."""

    def __init__(self, hits: tuple[Hit, ...]) -> None:
        self.hits = hits
        self._made: dict[int, Card] = {}

    def __len__(self) -> int:
        return len(self.hits)

    @overload
    def __getitem__(self, row: int) -> Card: ...

    @overload
    def __getitem__(self, rows: slice) -> list[Card]: ...

    def __getitem__(self, row: int | slice) -> Card | list[Card]:
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self.hits)))]
        if row < 0:
            row += len(self.hits)
        if row not in self._made:
            self._made[row] = _hit_card(self.hits[row])  # IndexError ends iteration
        return self._made[row]


class HitCards(CardModel):
    """Search results as cards, each made when the view first asks for it (the list measures
    one row and draws those on screen), so a reset costs the same for 200 hits as for 2."""

    def set_hits(self, hits: tuple[Hit, ...]) -> None:
        self.beginResetModel()
        self._cards = _LazyHitCards(hits)  # type: ignore[assignment]  # read as a sequence
        self.endResetModel()

    def row_of(self, card_id: int, kind: str = "") -> int:
        if not isinstance(self._cards, _LazyHitCards):  # set as cards after all
            return super().row_of(card_id, kind)
        for row, hit in enumerate(self._cards.hits):  # without making a card of each
            if hit.id == card_id and hit.kind.value == kind:
                return row
        return -1


class ContactsPage(QWidget):
    openApplication = Signal(int)
    openAction = Signal(int)
    editContactRequested = Signal(int)
    editCompanyRequested = Signal(int)

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._loaded = False
        self._shown: tuple[HitKind, int] | None = None  # the record in the panel
        self._search_loader = Loader(backend, self)
        self._search_loader.failed.connect(self._search_failed)
        self._detail_loader = Loader(backend, self)
        self._detail_loader.failed.connect(self._detail_failed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._run_search)
        layout = QVBoxLayout(self)
        self.heading = plain_label("Contacts", self)
        set_heading_style(self.heading)
        self.heading.setObjectName("pageHeading")
        layout.addWidget(self.heading)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._make_search_side())
        splitter.addWidget(self._make_panel_side())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        self.splitter = splitter
        self._sized = False
        layout.addWidget(splitter, 1)

    # -- building

    def _make_search_side(self) -> QWidget:
        side = QWidget(self)
        self.search_edit = QLineEdit(side)
        self.search_edit.setPlaceholderText("Search people and companies")
        self.search_edit.setAccessibleName("Search people and companies")
        self.search_edit.setToolTip("Name, title, company or e-mail; case and accents are "
                                    "ignored")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(lambda _: self._timer.start())
        self.search_edit.returnPressed.connect(self._focus_results)
        self.search_edit.installEventFilter(self)
        self.count = set_muted(plain_label("", side))
        self.count.setWordWrap(True)
        self.results = CardList("People and companies", "", side, fitted=False)
        self.hit_cards = HitCards(self.results)
        self.results.cards.deleteLater()
        self.results.cards = self.hit_cards
        self.results.setModel(self.hit_cards)
        self.results.setUniformItemSizes(True)  # hit cards are all one height
        self.results.selectionModel().currentChanged.connect(self._result_chosen)
        self.results.cardActivated.connect(lambda _: self._result_chosen(
            self.results.currentIndex(), QModelIndex()))
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.count)
        layout.addWidget(self.results, 1)
        side.setMinimumWidth(240)
        return side

    def _make_panel_side(self) -> QWidget:
        self.person = PersonPanel(self)
        self.person.openCompany.connect(self.show_company)
        self.person.openApplication.connect(self.openApplication)
        self.person.openAction.connect(self.openAction)
        self.person.editRequested.connect(self.editContactRequested)
        self.company = CompanyPanel(self)
        self.company.openContact.connect(self.show_contact)
        self.company.openApplication.connect(self.openApplication)
        self.company.editRequested.connect(self.editCompanyRequested)
        self.empty = set_muted(plain_label(PANEL_HINT, self))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.person_scroll = scroll_area(self.person, self)
        self.company_scroll = scroll_area(self.company, self)
        self.panel_stack = QStackedWidget(self)
        self.panel_stack.addWidget(self.empty)
        self.panel_stack.addWidget(self.person_scroll)
        self.panel_stack.addWidget(self.company_scroll)
        extent = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent) + 4
        self.panel_stack.setMinimumWidth(max(self.person.minimumSizeHint().width(),
                                             self.company.minimumSizeHint().width()) + extent)
        return self.panel_stack

    # -- public

    def focus_search(self) -> None:
        """Ctrl+F: straight into the search field, its text selected for typing over."""
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def refresh(self) -> None:
        """Search again and reload the panel (the main window calls this after changes)."""
        self._run_search()
        if self._shown is not None:
            self._load(*self._shown)

    def current_record(self) -> tuple[HitKind, int] | None:
        """The person or company the panel shows, if it shows one."""
        if self.panel_stack.currentWidget() is self.person_scroll and self.person.detail:
            return HitKind.PERSON, self.person.detail.id
        if self.panel_stack.currentWidget() is self.company_scroll and self.company.detail:
            return HitKind.COMPANY, self.company.detail.id
        return None

    def show_contact(self, contact_id: int) -> None:
        self._show(HitKind.PERSON, contact_id)

    def show_company(self, company_id: int) -> None:
        self._show(HitKind.COMPANY, company_id)

    def _show(self, kind: HitKind, record_id: int) -> None:
        self._shown = (kind, record_id)
        self._load(kind, record_id)
        self._select_shown()

    # -- search

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            width = self.splitter.width()
            self.splitter.setSizes([width * 2 // 5, width - width * 2 // 5])
        if not self._loaded and not self._search_loader.busy:
            self.refresh()

    def _run_search(self) -> None:
        self._timer.stop()
        query, backend = self.search_edit.text(), self._backend
        self._search_loader.load(lambda: people.search(backend, query), self._apply_search)

    def _apply_search(self, result: SearchResult) -> None:
        first_load = not self._loaded
        self._loaded = True
        self.hit_cards.set_hits(result.hits)
        # Lay out now (one row is measured): left to its timer, the list paints, lays out and
        # paints again.
        self.results.doItemsLayout()
        if first_load and self._shown is None and result.hits:  # a panel, not a blank page
            self._shown = (result.hits[0].kind, result.hits[0].id)
            self._load(*self._shown)
        self.count.setText(self._count_text(result))
        self.results.empty_text = self._empty_text(result)
        self.results.viewport().update()
        self._select_shown()

    @staticmethod
    def _count_text(result: SearchResult) -> str:
        if result.more:  # not counted beyond the page: counting would read every entry
            return f"More than {len(result.hits):,} match: type more to narrow the list."
        if result.truncated:
            return f"Showing the first {len(result.hits):,} of {result.total:,}: type more " \
                   "to narrow the list."
        if not result.total:
            return ""
        if result.query.strip():
            return f"{result.total:,} {'match' if result.total == 1 else 'matches'}"
        return f"{result.total:,} " + ("person or company" if result.total == 1
                                       else "people and companies")

    @staticmethod
    def _empty_text(result: SearchResult) -> str:
        if result.query.strip():
            return f"No person or company matches “{result.query.strip()}”."
        return "No contacts yet. People and companies appear here once you add an interview " \
               "or load the sample data."

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down from the search field goes on into the results, as in a launcher.
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down:
            self._focus_results()
            return True
        return super().eventFilter(watched, event)

    def _focus_results(self) -> None:
        if self.results.cards.rowCount():
            self.results.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.results.currentIndex().isValid():
                self.results.setCurrentIndex(self.results.cards.index(0))

    def _select_shown(self) -> None:
        """Highlight the record in the panel if the results hold it, without reloading it."""
        if self._shown is None:
            return
        row = self.results.cards.row_of(self._shown[1], self._shown[0].value)
        selection = self.results.selectionModel()
        blocked = selection.blockSignals(True)
        try:
            if row >= 0:
                index = self.results.cards.index(row)
                selection.setCurrentIndex(index,
                                          QItemSelectionModel.SelectionFlag.ClearAndSelect)
                self.results.scrollTo(index)
            else:
                selection.clearSelection()
        finally:
            selection.blockSignals(blocked)
        self.results.viewport().update()

    def _result_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        card = self.results.cards.card(current.row())
        kind = HitKind(card.kind)
        if self._shown != (kind, card.id):
            self._shown = (kind, card.id)
            self._load(kind, card.id)

    # -- panels

    def _load(self, kind: HitKind, record_id: int) -> None:
        backend = self._backend
        read = people.person_detail if kind == HitKind.PERSON else people.company_detail
        self._detail_loader.load(
            lambda: (read(backend, record_id), backend.rules().zone),
            self._apply_detail)

    def _apply_detail(self, result: tuple[PersonDetail | CompanyDetail, ZoneInfo]) -> None:
        detail, zone = result
        now = self._backend.clock.now()
        kind = HitKind.PERSON if isinstance(detail, PersonDetail) else HitKind.COMPANY
        if self._shown != (kind, detail.id):
            return  # the user moved on
        panel, scroll = (self.person, self.person_scroll) if kind == HitKind.PERSON \
            else (self.company, self.company_scroll)
        another = self.panel_stack.currentWidget() is not scroll or panel.detail is None \
            or panel.detail.id != detail.id
        panel.show_detail(detail, zone, now)  # type: ignore[arg-type]
        self.empty.setText(PANEL_HINT)  # drop an earlier error
        if another:  # a refresh keeps the reading position; a new record starts at the top
            scroll.verticalScrollBar().setValue(0)
        self.panel_stack.setCurrentWidget(scroll)

    def _search_failed(self, message: str) -> None:
        self.count.setText(f"The search failed: {message}")

    def _detail_failed(self, message: str) -> None:
        self.empty.setText(message)
        self.panel_stack.setCurrentWidget(self.empty)
