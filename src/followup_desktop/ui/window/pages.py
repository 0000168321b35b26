"""The main window's pages: the sidebar that switches them, the import of a page's module when
it is first shown, and the wiring of what a page asks for to what the window does."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QListWidget, QWidget

from followup_desktop.services.changes import Changed, affects

if TYPE_CHECKING:
    from followup_desktop.services.backend import Backend
    from followup_desktop.ui.main_window import MainWindow

PAGES = ("Due", "Calendar", "Applications", "Contacts")


def page_factory(name: str) -> Callable[[Backend, QWidget], QWidget]:
    """Import a page's module only when the page is first shown."""
    if name == "Due":
        from followup_desktop.ui.due.page import DuePage
        return DuePage
    if name == "Calendar":
        from followup_desktop.ui.calendar.page import CalendarPage
        return CalendarPage
    if name == "Applications":
        from followup_desktop.ui.applications.page import ApplicationsPage
        return ApplicationsPage
    from followup_desktop.ui.contacts.page import ContactsPage
    return ContactsPage


def make_nav(window: QWidget) -> QListWidget:
    """The sidebar: one row a page."""
    nav = QListWidget(window)
    nav.setAccessibleName("Pages")
    nav.addItems(PAGES)
    font = nav.font()
    font.setPointSizeF(font.pointSizeF() * 1.15)
    nav.setFont(font)
    nav.setFrameShape(QListWidget.Shape.NoFrame)
    nav.setBackgroundRole(window.palette().ColorRole.Window)
    height = nav.fontMetrics().height() * 2
    for row in range(nav.count()):
        nav.item(row).setSizeHint(QSize(0, height))
    nav.setFixedWidth(nav.fontMetrics().horizontalAdvance("Applications 999") + 32)
    return nav


def show_due_count(nav: QListWidget, count: int) -> None:
    nav.item(0).setText(f"Due  ({count:,})" if count else "Due")


def refresh_pages(pages: dict[str, QWidget], current: str, changes: Changed) -> set[str]:
    """Refresh the pages that show what changed (each page's SHOWS) and are on screen or Due;
    return the names of the others that show it, to refresh when next shown."""
    stale: set[str] = set()
    for name, page in pages.items():
        if not affects(getattr(page, "SHOWS", Changed.EVERYTHING), changes):
            continue
        if name in (current, "Due"):  # Due also hidden: it keeps the sidebar's count
            page.refresh()  # type: ignore[attr-defined]
        else:
            stale.add(name)
    return stale


def connect_page(window: MainWindow, page: QWidget) -> None:
    """Connect the signals a page has to what the window does for them."""
    signals: dict[str, Callable[..., object]] = {
        "openApplication": window.open_application,
        "openContact": window.open_contact,
        "openCompany": window.open_company,
        "openAction": window.open_action,
        "composeRequested": window.compose,
        "dataChanged": window.apply_changes,
        "loadSampleRequested": window.load_sample_data,
        "debriefRequested": lambda: window.debrief(),
        "editApplicationRequested": lambda i: window.edit("application", i),
        "addInterviewRequested": lambda i: window.edit("interview", application_id=i),
        "editContactRequested": lambda i: window.edit("contact", i),
        "editCompanyRequested": lambda i: window.edit("company", i),
        "dueNowChanged": lambda count: show_due_count(window.nav, count),
        "undoOffered": lambda: window.undo_offer.offer(),
    }
    for name, slot in signals.items():
        signal = getattr(page, name, None)
        if signal is not None:
            signal.connect(slot)

