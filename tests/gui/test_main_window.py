"""The main window: pages, navigation between them, restored state, first run."""

from datetime import timedelta

import pytest
from PySide6.QtCore import QSettings, QSize
from PySide6.QtWidgets import QApplication, QWidget

from followup_desktop.services import records
from followup_desktop.services.views.due import is_first_run
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.window import geometry
from followup_desktop.ui.window.pages import PAGES
from helpers.gui_constants import HOSTILE, NOW


@pytest.fixture
def window_settings(tmp_path):
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


def make_window(qtbot, backend, window_settings) -> MainWindow:
    window = MainWindow(backend, window_settings)
    qtbot.addWidget(window)
    window.show()
    return window


def test_opens_on_the_due_page_and_fills_it(qtbot, demo_backend, window_settings):
    window = make_window(qtbot, demo_backend, window_settings)
    due = window.page("Due")
    assert window.stack.currentWidget() is due
    qtbot.waitUntil(lambda: due.model.item_count() > 0)
    assert set(window._pages) == {"Due"}  # other pages are built when first shown


def test_every_page_can_be_reached_from_the_sidebar(qtbot, demo_backend, window_settings):
    window = make_window(qtbot, demo_backend, window_settings)
    for row, name in enumerate(PAGES):
        window.nav.setCurrentRow(row)
        assert window.current_page_name() == name
        assert window.stack.currentWidget() is window.page(name)


def test_open_application_from_the_due_page_shows_it(qtbot, demo_backend, window_settings):
    window = make_window(qtbot, demo_backend, window_settings)
    due = window.page("Due")
    qtbot.waitUntil(lambda: due.selected_item() is not None)
    item = due.selected_item()
    due.open_button.click()
    assert window.current_page_name() == "Applications"
    applications = window.page("Applications")
    qtbot.waitUntil(lambda: applications.current_application_id() == item.application_id)


def test_geometry_and_last_page_are_restored(qtbot, demo_backend, window_settings,
                                             monkeypatch):
    # The offscreen screen is 800 x 600 and bounds the minimum; a smaller one lets a size
    # below the screen's be kept.
    monkeypatch.setattr(geometry, "MINIMUM_SIZE", QSize(600, 400))
    window = make_window(qtbot, demo_backend, window_settings)
    window.resize(760, 580)  # the offscreen screen is 800 px wide: restoring clamps to it
    window.close()
    again = make_window(qtbot, demo_backend, window_settings)
    assert (again.width(), again.height()) == (760, 580)
    again.nav.setCurrentRow(PAGES.index("Calendar"))
    again.close()
    assert make_window(qtbot, demo_backend, window_settings).current_page_name() == "Calendar"


def test_a_tiny_or_off_screen_saved_geometry_is_brought_back_to_a_usable_window(
        qtbot, demo_backend, window_settings, monkeypatch):
    monkeypatch.setattr(geometry, "MINIMUM_SIZE", QSize(700, 500))
    elsewhere = QWidget()  # saved on another screen, by a window that had no minimum
    qtbot.addWidget(elsewhere)
    elsewhere.setGeometry(5000, 4000, 726, 280)
    window_settings.setValue("window/geometry", elsewhere.saveGeometry())
    window = make_window(qtbot, demo_backend, window_settings)
    screen = window.screen().availableGeometry()
    assert window.width() >= 700 and window.height() >= 500
    assert screen.intersects(window.frameGeometry())


def test_the_minimum_size_is_never_larger_than_the_screen(qtbot, demo_backend,
                                                          window_settings):
    window = make_window(qtbot, demo_backend, window_settings)
    screen = window.screen().availableGeometry().size()
    assert window.minimumSize() == geometry.MINIMUM_SIZE.boundedTo(screen)
    assert window.width() <= screen.width() and window.height() <= screen.height()


def test_first_run_loads_sample_data_from_the_empty_state(qtbot, backend, window_settings):
    window = make_window(qtbot, backend, window_settings)
    due = window.page("Due")
    qtbot.waitUntil(lambda: due.pages.currentWidget() is due.empty)
    due.sample_button.click()
    assert not is_first_run(backend)
    qtbot.waitUntil(lambda: due.model.item_count() > 0)


def test_a_recent_interview_without_notes_offers_the_debrief(qtbot, backend, window_settings):
    company = records.add_company(backend, HOSTILE)
    person = records.add_contact(backend, company, records.ContactDraft("Ada", "CTO"))
    application = records.add_application(backend, company, "Engineer")
    end = NOW - timedelta(hours=2)
    records.add_interview(backend, application, end - timedelta(hours=1), end,
                          "Europe/Berlin", [person])
    window = make_window(qtbot, backend, window_settings)
    qtbot.waitUntil(lambda: window.banner.isVisible())
    assert f"interview with {HOSTILE} go?" in window.banner.message.text()


def test_find_goes_to_the_contact_search(qtbot, demo_backend, window_settings):
    window = make_window(qtbot, demo_backend, window_settings)
    window.activateWindow()
    window.find()
    assert window.current_page_name() == "Contacts"
    QApplication.processEvents()


def test_a_company_opened_from_an_application_shows_its_panel(qtbot, demo_backend,
                                                              window_settings):
    window = make_window(qtbot, demo_backend, window_settings)
    applications = window.go_to("Applications")
    qtbot.waitUntil(lambda: applications.detail.detail is not None)
    company_id = applications.detail.detail.company_id
    applications.detail.company_line.click()
    assert window.current_page_name() == "Contacts"
    contacts = window.page("Contacts")
    qtbot.waitUntil(lambda: contacts.current_record() is not None)
    assert contacts.current_record() == ("company", company_id)


def test_the_search_index_is_brought_up_to_date_soon_after_start(qtbot, demo_backend,
                                                                 window_settings):
    from followup_desktop.services.views import search_index

    assert search_index.is_stale(demo_backend.db)  # the sample data was never searched
    make_window(qtbot, demo_backend, window_settings)

    qtbot.waitUntil(lambda: not search_index.is_stale(demo_backend.db), timeout=10_000)
