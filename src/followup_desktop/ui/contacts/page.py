"""The contacts page: people and companies, searchable as you type, and the panel of the one
selected: who they are and how to reach them, what happened and what comes next."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QLineEdit, QStackedWidget, QStyle, QVBoxLayout, QWidget

from followup_desktop.services.backend import Backend
from followup_desktop.services.changes import Changed
from followup_desktop.services.views import people
from followup_desktop.services.views.people import (
    CompanyDetail,
    HitKind,
    PersonDetail,
    SearchResult,
)
from followup_desktop.ui.background.worker import Loader
from followup_desktop.ui.contacts.panels import CompanyPanel, PersonPanel
from followup_desktop.ui.contacts.results import HitCards
from followup_desktop.ui.widgets.cards import CardList
from followup_desktop.ui.widgets.common import plain_label, set_heading_style
from followup_desktop.ui.widgets.detail_parts import scroll_area, set_muted, side_by_side

SEARCH_DELAY_MS = 150  # typing pauses this long before a search runs
PANEL_HINT = ("Select a person or a company to see how to reach them, what happened and what "
              "comes next.")


class ContactsPage(QWidget):
    SHOWS = Changed.EVERYTHING & ~Changed.DRAFTS  # what it reads again after a change
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
        self.splitter = side_by_side(self, self._make_search_side(),
                                     self._make_panel_side(), (2, 3))
        self._sized = False
        layout.addWidget(self.splitter, 1)

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
