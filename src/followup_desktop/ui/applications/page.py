"""The applications page: the pipeline by status, a table of applications and, beside it, one
application on one page: its facts, status, interviews and interviewers, plan and history."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFontMetrics, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QStackedWidget,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.counts import counted
from followup_desktop.domain.fields import STATUS_LABELS
from followup_desktop.domain.model import ApplicationStatus
from followup_desktop.domain.validation import ValidationError
from followup_desktop.services import records
from followup_desktop.services.backend import Backend
from followup_desktop.services.changes import Changed
from followup_desktop.services.errors import UserError, is_locked
from followup_desktop.services.views import pipeline
from followup_desktop.services.views.pipeline import ApplicationDetail, Pipeline
from followup_desktop.ui.applications.detail import ApplicationDetailView
from followup_desktop.ui.applications.model import (
    CHANGED,
    COMPANY,
    DUE,
    ID_ROLE,
    NEXT,
    POSITION,
    STATUS,
    ApplicationsFilter,
    ApplicationsModel,
)
from followup_desktop.ui.applications.status_strip import StatusStrip
from followup_desktop.ui.background.worker import Loader
from followup_desktop.ui.background.writes import WriteRunner
from followup_desktop.ui.widgets.common import plain_label, set_heading_style
from followup_desktop.ui.widgets.detail_parts import (
    scaled_font,
    scroll_area,
    set_muted,
    side_by_side,
)

STRETCHED = (COMPANY, POSITION, NEXT)  # these share the width the others leave
DROPPED_FIRST = (CHANGED, STATUS, POSITION)  # left out, in this order, when the table is narrow
DETAIL_WIDTH = 460  # the detail pane's share of a wide page, at most (the table takes the rest)
DETAIL_HINT = "Select an application to see its interviews, plan and history."


class ApplicationsPage(QWidget):
    SHOWS = Changed.EVERYTHING & ~Changed.DRAFTS  # what it reads again after a change
    openCompany = Signal(int)
    openContact = Signal(int)
    openAction = Signal(int)
    dataChanged = Signal(object)  # a services.changes.Changed
    editApplicationRequested = Signal(int)
    addInterviewRequested = Signal(int)

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._loaded = False
        self._reveal_pending = False
        self._current_id: int | None = None  # the application in the detail pane
        self._zone = ZoneInfo("UTC")
        self._list_loader = Loader(backend, self)
        self._list_loader.failed.connect(self._list_failed)
        self._detail_loader = Loader(backend, self)
        self._detail_loader.failed.connect(self._detail_failed)
        self.model = ApplicationsModel(self)
        self.proxy = ApplicationsFilter(self)
        self.proxy.setSourceModel(self.model)
        layout = QVBoxLayout(self)
        layout.addLayout(self._make_heading())
        layout.addLayout(self._make_filters())
        self.splitter = side_by_side(self, self._make_table_side(),
                                     self._make_detail_side(), (3, 2))
        self._sized = False
        layout.addWidget(self.splitter, 1)

    # -- building

    def _make_heading(self) -> QHBoxLayout:
        self.heading = plain_label("Applications", self)
        set_heading_style(self.heading)
        self.heading.setObjectName("pageHeading")
        self.summary = set_muted(plain_label("", self))
        row = QHBoxLayout()
        row.addWidget(self.heading)
        row.addStretch()
        row.addWidget(self.summary)
        return row

    def _make_filters(self) -> QHBoxLayout:
        self.strip = StatusStrip(self)
        self.strip.statusChosen.connect(self._filter_status)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter by company or position")
        self.filter_edit.setAccessibleName("Filter applications")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setFixedWidth(  # the whole hint shows, and the clear button
            self.filter_edit.fontMetrics().horizontalAdvance(self.filter_edit.placeholderText())
            + 48)
        self.filter_edit.textChanged.connect(self._filter_text)
        row = QHBoxLayout()
        row.addWidget(self.strip)
        row.addStretch()
        row.addWidget(self.filter_edit)
        return row

    def _make_table_side(self) -> QWidget:
        # A table view, not a tree: it asks the model about visible rows only, which keeps
        # 20,000 applications instant (a tree view lays out every row after each change).
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setAccessibleName("Applications")
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setCornerButtonEnabled(False)
        self.view.setAlternatingRowColors(True)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.view.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(DUE, Qt.SortOrder.AscendingOrder)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(False)
        metrics = self.view.fontMetrics()
        # Company and position share what the fixed columns leave; the user may resize all.
        widths = {STATUS: metrics.horizontalAdvance("Interviewing") + 18,
                  CHANGED: metrics.horizontalAdvance("26 Nov 2026") + 16,
                  DUE: QFontMetrics(scaled_font(self.view.font(), 1.0, bold=True))
                  .horizontalAdvance("Wed 25 Nov, 15:00") + 16}
        for column, width in widths.items():
            header.resizeSection(column, width)
        self._fixed_widths = widths
        for column in STRETCHED:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(metrics.horizontalAdvance("Interviewing") + 18)
        self._stretch_minimum = metrics.horizontalAdvance("Thank-you · Am") + 30
        self.view.viewport().installEventFilter(self)
        self.table_empty = set_muted(plain_label("", self))
        self.table_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table_empty.setWordWrap(True)
        self.table_stack = QStackedWidget(self)
        self.table_stack.addWidget(self.view)
        self.table_stack.addWidget(self.table_empty)
        return self.table_stack

    def _make_detail_side(self) -> QWidget:
        self.detail = ApplicationDetailView(self)
        self.detail.openContact.connect(self.openContact)
        self.detail.openCompany.connect(self.openCompany)
        self.detail.openAction.connect(self.openAction)
        self.detail.editRequested.connect(self.editApplicationRequested)
        self.detail.addInterviewRequested.connect(self.addInterviewRequested)
        self.detail.statusChangeRequested.connect(self._change_status)
        self._writes = WriteRunner(self._backend, self)  # the status changes
        self._writes.waiting.connect(self.detail.show_status_error)
        self.detail_scroll = scroll_area(self.detail, self)
        self.detail_empty = set_muted(plain_label(DETAIL_HINT, self))
        self.detail_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_empty.setWordWrap(True)
        self.detail_stack = QStackedWidget(self)
        self.detail_stack.addWidget(self.detail_empty)
        self.detail_stack.addWidget(self.detail_scroll)
        self._fit_detail_width()
        return self.detail_stack

    def _fit_detail_width(self) -> None:
        """The pane is kept wide enough for what it shows (an interviewer's name and title,
        the status row), so it scrolls down, never sideways; the table gives way."""
        need = self.detail.minimumSizeHint().width() \
            + self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent) + 4
        if need > self.detail_stack.minimumWidth():
            self.detail_stack.setMinimumWidth(need)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """The columns fit the table's width, never scrolling sideways: company, position and
        next action share what the fixed columns leave; when that is too little the least
        needed columns (since, status, then position) are left out until it is enough."""
        header = self.view.horizontalHeader()
        room = self.view.viewport().width()
        shown = set(range(header.count()))
        for column in DROPPED_FIRST:
            need = sum(width for c, width in self._fixed_widths.items() if c in shown)
            need += self._stretch_minimum * len(shown & set(STRETCHED))
            if need <= room:
                break
            shown.discard(column)
        for column in DROPPED_FIRST:
            header.setSectionHidden(column, column not in shown)

    # -- loading

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:  # the table gets the larger share; the user may drag it
            self._sized = True
            width = self.splitter.width()
            detail = max(min(width * 9 // 20, DETAIL_WIDTH), self.detail_stack.minimumWidth())
            self.splitter.setSizes([width - detail, detail])
        if not self._loaded and not self._list_loader.busy:
            self.refresh()

    def refresh(self) -> None:
        """Reload the pipeline and the application shown (the main window calls this after
        any change)."""
        backend = self._backend
        self._list_loader.load(lambda: (pipeline.pipeline(backend), backend.rules().zone),
                               self._apply_pipeline)
        if self._current_id is not None:
            self._load_detail(self._current_id)

    def show_application(self, application_id: int) -> None:
        """Select and show one application (the due list and the calendar open it here)."""
        self._current_id = application_id
        self._load_detail(application_id)
        if self._loaded:
            self._select(application_id, reveal=True)
        else:
            self._reveal_pending = True  # when the list arrives

    def _apply_pipeline(self, result: tuple[Pipeline, ZoneInfo]) -> None:
        data, self._zone = result
        self._loaded = True
        self.model.set_pipeline(data, self._zone, self._backend.clock.now())
        self.strip.set_counts(data.counts, data.total)
        active = data.total - sum(data.counts[s] for s in ApplicationStatus if s.is_closed)
        self.summary.setText(f"{counted(data.total, 'application')} · {active} in progress"
                             if data.total else "")
        if self._current_id is not None and self.model.row_of(self._current_id) >= 0:
            # After a refresh the user's filter stays, even if the application left it.
            self._select(self._current_id, reveal=self._reveal_pending)
        elif self.proxy.rowCount() > 0:
            self.view.setCurrentIndex(self.proxy.index(0, 0))
        else:
            self._current_id = None
            self.detail_stack.setCurrentWidget(self.detail_empty)
        self._reveal_pending = False
        self._update_empty_state()

    def _load_detail(self, application_id: int) -> None:
        backend = self._backend
        self._detail_loader.load(
            lambda: (pipeline.application_detail(backend, application_id), backend.rules().zone),
            self._apply_detail)

    def _apply_detail(self, result: tuple[ApplicationDetail, ZoneInfo]) -> None:
        detail, zone = result
        if detail.id != self._current_id:
            return
        self.detail.show_detail(detail, zone, self._backend.clock.now())
        self.detail_stack.setCurrentWidget(self.detail_scroll)
        self._fit_detail_width()
        self.detail_empty.setText(DETAIL_HINT)  # drop an earlier error

    def _list_failed(self, message: str) -> None:
        self.table_empty.setText(f"The applications could not be read: {message}")
        self.table_stack.setCurrentWidget(self.table_empty)

    def _detail_failed(self, message: str) -> None:
        self.detail_empty.setText(message)
        self.detail_stack.setCurrentWidget(self.detail_empty)

    # -- selection and filters

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        application_id = int(current.data(ID_ROLE))
        if application_id != self._current_id or \
                self.detail_stack.currentWidget() is not self.detail_scroll:
            self._current_id = application_id
            self._load_detail(application_id)

    def _select(self, application_id: int, reveal: bool = False) -> None:
        source_row = self.model.row_of(application_id)
        if source_row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid() and reveal:  # hidden by a filter: show everything instead
            self.filter_edit.clear()
            self._filter_status(None)
            index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if index.isValid():
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.view.scrollTo(index)

    def _filter_status(self, status: ApplicationStatus | None) -> None:
        self.strip.set_status(status)
        self.proxy.set_status(status)
        self._after_filter()

    def _filter_text(self, text: str) -> None:
        self.proxy.set_text(text)
        self._after_filter()

    def _after_filter(self) -> None:
        current = self.view.currentIndex()
        if not current.isValid() and self.proxy.rowCount() > 0:
            self.view.setCurrentIndex(self.proxy.index(0, 0))
        self._update_empty_state()

    def _update_empty_state(self) -> None:
        if self.proxy.rowCount() > 0:
            self.table_stack.setCurrentWidget(self.view)
            return
        if self.model.rowCount() == 0:
            text = ("No applications yet. Add one with File › New application, or load the "
                    "sample data to look around.")
        elif self.proxy.status is not None and not self.filter_edit.text().strip():
            text = f"No {STATUS_LABELS[self.proxy.status].lower()} applications."
        else:
            text = "No application matches this filter."
        self.table_empty.setText(text)
        self.table_stack.setCurrentWidget(self.table_empty)

    # -- writing

    def _change_status(self, application_id: int, status: ApplicationStatus, note: str) -> None:
        """Record the change (the service cancels or revives the plan), then let every page
        reload: at once, or off the GUI thread while another program holds the data (who
        holds it is said under the status row, which keeps the status and note chosen)."""
        if self._writes.busy:  # one at a time: the earlier change still waits for the data
            return
        backend = self._backend

        def done(_result: object) -> None:
            self.detail.status_saved()
            self.dataChanged.emit(Changed.APPLICATIONS | Changed.PLAN)
            self.refresh()

        def refused(error: Exception) -> bool:
            if not isinstance(error, UserError | ValidationError) or is_locked(error):
                return False  # the runner's: a retry offer, or a bug
            self.detail.show_status_error(str(error))
            return True

        self._writes.run(lambda: records.set_status(backend, application_id, status, note),
                         done, on_error=refused)

    def current_application_id(self) -> int | None:
        """The application the detail pane shows, if it shows one."""
        detail = self.detail.detail
        if detail is None or self.detail_stack.currentWidget() is not self.detail_scroll:
            return None
        return detail.id

    def visible_ids(self) -> list[int]:
        """The applications the table shows, top to bottom (for tests and the window)."""
        return [int(self.proxy.index(row, 0).data(ID_ROLE))
                for row in range(self.proxy.rowCount())]

