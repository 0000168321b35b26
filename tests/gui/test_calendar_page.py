"""The calendar page over real data: navigation, chips, the agenda, opening and moving items."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import QEvent, QLocale, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QHelpEvent,
)
from PySide6.QtWidgets import QApplication, QToolTip

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import ActionKind, Channel, Role
from followup_desktop.domain.workcal import local_instant
from followup_desktop.services import actions, records, settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.views import calendar
from followup_desktop.services.views.calendar import CalendarEntry
from followup_desktop.ui.background.worker import wait_for_background_work
from followup_desktop.ui.calendar.grid import CalendarGrid
from followup_desktop.ui.calendar.navigation import add_months, week_start
from followup_desktop.ui.calendar.page import CalendarPage
from followup_desktop.ui.calendar.text import (
    ACTION_MIME,
    AGENDA_PAGE,
    ENTRY_ROLE,
    TODAY_ROLE,
    action_id_from,
    action_mime,
    chip_text,
    relative_day,
)
from helpers.gui_constants import HOSTILE, NOW

TODAY = date(2026, 11, 26)  # NOW in Berlin: Thursday 26 November 2026, 13:00


def open_page(qtbot, backend: Backend, width: int = 1100, height: int = 700) -> CalendarPage:
    page = CalendarPage(backend)
    qtbot.addWidget(page)
    page.resize(width, height)
    with qtbot.waitSignal(page.loaded):
        page.show()
    return page


def at(backend: Backend, day: date, hour: int, minute: int = 0) -> datetime:
    return local_instant(day, time(hour, minute), backend.rules())


def entries_on(backend: Backend, day: date) -> list[CalendarEntry]:
    return calendar.entries(backend, at(backend, day, 0),
                            at(backend, day + timedelta(days=1), 0))


def keep_in_touch_today(backend: Backend) -> CalendarEntry:
    """Ingrid Solberg's keep-in-touch at 15:00 today (the sample data's other item today is a
    thank-you snoozed to 09:00)."""
    return next(e for e in entries_on(backend, TODAY) if e.kind == "keep_in_touch")


def shown_texts(page: CalendarPage, day: date) -> list[str]:
    return [chip.text for chip in page.grid_model.chips_on(day)]


def chip_rect(grid: CalendarGrid, day: date, predicate) -> tuple:
    layout = grid.layout_of(day)
    assert layout is not None
    return next((rect, chip) for rect, chip in layout.chips if predicate(chip.entry))


def click(qtbot, grid: CalendarGrid, pos: QPoint) -> None:
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def drop(grid: CalendarGrid, day: date, data: QMimeData) -> bool:
    """What Qt sends the grid when a drag enters it and is released over `day`."""
    pos = grid.cell_rect(day).center()
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos, Qt.DropAction.MoveAction, data, buttons, modifiers)
    QApplication.sendEvent(grid.viewport(), enter)
    if not enter.isAccepted():
        return False
    move = QDragMoveEvent(pos, Qt.DropAction.MoveAction, data, buttons, modifiers)
    QApplication.sendEvent(grid.viewport(), move)
    release = QDropEvent(QPointF(pos), Qt.DropAction.MoveAction, data, buttons, modifiers)
    QApplication.sendEvent(grid.viewport(), release)
    return release.isAccepted()


@pytest.fixture(autouse=True)
def _no_stray_drags(monkeypatch):
    """A real drag loop would wait for a pointer that never comes: fail instead of hanging."""
    def refuse(*_: object) -> None:
        raise AssertionError("a drag started that the test did not expect")

    monkeypatch.setattr(QDrag, "exec", refuse)


# -- dates


def test_days_are_named_relative_to_today():
    assert [relative_day(TODAY + timedelta(days=n), TODAY) for n in (0, 1, -1, 3, -5, 40)] == [
        "Today", "Tomorrow", "Yesterday", "In 3 days", "5 days ago", "2027"]


def test_month_and_week_arithmetic():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 26), -11) == date(2025, 12, 26)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert week_start(TODAY, 0) == date(2026, 11, 23)
    assert week_start(TODAY, 6) == date(2026, 11, 22)


# -- opening and navigating


def test_opens_on_this_month_with_today_selected_and_marked(qtbot, demo_backend):
    page = open_page(qtbot, demo_backend)
    assert page.title() == "November 2026"
    assert page.selected_day() == TODAY
    model = page.grid_model
    assert model.rowCount() == 6 and model.columnCount() == 7
    assert model.index_of(TODAY).data(TODAY_ROLE) is True
    assert model.index_of(TODAY - timedelta(days=1)).data(TODAY_ROLE) is False
    assert model.index_of(TODAY + timedelta(days=1)).data(TODAY_ROLE) is False
    assert page.grid.currentIndex() == model.index_of(TODAY)
    assert "15:00 Keep in touch · Ingrid Solberg" in shown_texts(page, TODAY)
    assert page.day_label.text() == QLocale().toString(TODAY, "dddd d MMMM")
    assert page.day_summary.text() == "Today · 2 items"  # and a thank-you snoozed to 09:00


def test_buttons_change_the_month_and_show_its_entries(qtbot, demo_backend):
    page = open_page(qtbot, demo_backend)
    with qtbot.waitSignal(page.loaded):
        qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert page.title() == "December 2026"
    assert page.selected_day() == date(2026, 12, 26)
    assert "15:00 Keep in touch · Amara Okafor" in shown_texts(page, date(2026, 12, 2))
    with qtbot.waitSignal(page.loaded):
        qtbot.mouseClick(page.previous_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.loaded):
        qtbot.mouseClick(page.previous_button, Qt.MouseButton.LeftButton)
    assert page.title() == "October 2026"
    assert "14:00 Interview · Brightwave Robotics" in shown_texts(page, date(2026, 10, 27))
    assert shown_texts(page, date(2026, 10, 28))[0].startswith("✓ 15:00 Thank-you")
    assert not page.grid_model.contains(date(2026, 12, 2))
    with qtbot.waitSignal(page.loaded):
        qtbot.mouseClick(page.today_button, Qt.MouseButton.LeftButton)
    assert (page.title(), page.selected_day()) == ("November 2026", TODAY)
    assert page.previous_button.accessibleName() == "Previous month"
    assert page.next_button.accessibleName() == "Next month"
    assert page.today_button.accessibleName() == "Go to today"


def test_page_keys_change_the_month_and_home_or_t_come_back(qtbot, demo_backend):
    page = open_page(qtbot, demo_backend)
    grid = page.grid
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(grid, Qt.Key.Key_PageDown)
    assert page.title() == "December 2026"
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(grid, Qt.Key.Key_PageUp)
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(grid, Qt.Key.Key_PageUp)
    assert page.title() == "October 2026"
    assert page.selected_day() == date(2026, 10, 26)
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(grid, Qt.Key.Key_Home)
    assert (page.title(), page.selected_day()) == ("November 2026", TODAY)
    page.show_month(2027, 2)
    assert page.title() == "February 2027" and page.selected_day() == date(2027, 2, 26)
    qtbot.keyClick(grid, Qt.Key.Key_T)
    assert page.selected_day() == TODAY


def test_arrow_keys_move_the_selected_day_and_follow_it_into_the_next_month(qtbot,
                                                                          demo_backend):
    page = open_page(qtbot, demo_backend)
    grid = page.grid
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert page.selected_day() == date(2026, 11, 27)
    qtbot.keyClick(grid, Qt.Key.Key_Up)
    assert page.selected_day() == date(2026, 11, 20)
    qtbot.keyClick(grid, Qt.Key.Key_Left)
    assert page.selected_day() == date(2026, 11, 19)
    assert page.title() == "November 2026"
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    with qtbot.waitSignal(page.loaded):  # 3 December: the selection takes the grid along
        qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert page.title() == "December 2026"
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert page.selected_day() == date(2026, 12, 10)
    assert page.title() == "December 2026"
    assert grid.currentIndex() == page.grid_model.index_of(date(2026, 12, 10))


def test_clicking_a_day_of_the_next_month_selects_it_without_leaving_the_month(qtbot,
                                                                             demo_backend):
    page = open_page(qtbot, demo_backend)
    december_second = date(2026, 12, 2)
    click(qtbot, page.grid, page.grid.cell_rect(december_second).bottomRight()
          - QPoint(3, 3))
    assert page.selected_day() == december_second
    assert page.title() == "November 2026"
    assert page.agenda_model.rowCount() == 1


def test_the_week_view_shows_seven_days_with_the_same_chips(qtbot, demo_backend):
    page = open_page(qtbot, demo_backend)
    month_chips = shown_texts(page, date(2026, 11, 25))
    with qtbot.waitSignal(page.loaded):
        qtbot.mouseClick(page.week_button, Qt.MouseButton.LeftButton)
    assert page.view_mode() == "week"
    assert page.grid_model.rowCount() == 1
    assert page.title() == "23 – 29 November 2026"
    assert shown_texts(page, date(2026, 11, 25)) == month_chips
    assert page.previous_button.accessibleName() == "Previous week"
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(page.grid, Qt.Key.Key_PageDown)
    assert page.title() == "30 November – 6 December 2026"
    assert page.selected_day() == date(2026, 12, 3)
    with qtbot.waitSignal(page.loaded):
        qtbot.mouseClick(page.month_button, Qt.MouseButton.LeftButton)
    assert page.title() == "December 2026" and page.grid_model.rowCount() == 6


# -- chips and the agenda


def test_chips_are_labelled_and_marked_overdue_or_done(qtbot, demo_backend):
    page = open_page(qtbot, demo_backend)
    overdue = shown_texts(page, date(2026, 11, 25))
    assert overdue[0] == "! 15:00 Thank-you · Amara Okafor"
    chip = page.grid_model.chips_on(date(2026, 11, 25))[0]
    assert "Overdue" in chip.tip
    interview = page.grid_model.chips_on(date(2026, 11, 24))[1]
    assert interview.text == "14:00 Interview · Northwind Analytics"
    assert not interview.draggable and chip.draggable
    done = page.grid_model.chips_on(date(2026, 11, 19))[0]
    assert done.text.startswith("✓ ") and done.muted and not done.draggable


def test_more_appears_when_a_day_holds_more_than_fits_and_selects_that_day(qtbot,
                                                                         demo_backend):
    backend = demo_backend
    app = entries_on(backend, TODAY)[0].application_id
    busy = date(2026, 11, 27)
    for hour in range(9, 17):
        actions.plan_by_hand(backend, app, ActionKind.KEEP_IN_TOUCH, at(backend, busy, hour),
                             Channel.EMAIL, None)
    page = open_page(qtbot, backend, 1000, 600)
    layout = page.grid.layout_of(busy)
    assert layout is not None and layout.more is not None
    assert layout.hidden > 0 and len(layout.chips) + layout.hidden == 8
    assert layout.more_text == f"+{layout.hidden} more"
    assert page.grid.layout_of(TODAY).more is None
    click(qtbot, page.grid, layout.more.center())
    assert page.selected_day() == busy
    assert page.day_summary.text() == "Tomorrow · 8 items"
    # The grid read only the first chips of the day; the agenda reads the rest on its own.
    assert page.agenda_model.rowCount() >= len(layout.chips)
    qtbot.waitUntil(lambda: page.agenda_model.rowCount() == 8)
    assert [page.agenda_model.index(r).data(ENTRY_ROLE).at for r in range(8)] == [
        at(backend, busy, hour) for hour in range(9, 17)]
    with qtbot.waitSignal(page.loaded):
        qtbot.mouseClick(page.week_button, Qt.MouseButton.LeftButton)
    page.resize(1000, 900)
    qtbot.waitUntil(lambda: page.grid.layout_of(busy).more is None)


def test_clicking_a_chip_opens_its_action_or_its_application(qtbot, demo_backend):
    page = open_page(qtbot, demo_backend)
    keep_in_touch = keep_in_touch_today(demo_backend)
    rect, _ = chip_rect(page.grid, TODAY, lambda e: e.action_id == keep_in_touch.action_id)
    with qtbot.waitSignal(page.openAction) as opened:
        click(qtbot, page.grid, rect.center())
    assert opened.args == [keep_in_touch.action_id]
    interview_day = date(2026, 11, 24)
    interview = next(e for e in entries_on(demo_backend, interview_day) if e.is_interview)
    rect, _ = chip_rect(page.grid, interview_day, lambda e: e.is_interview)
    with qtbot.waitSignal(page.openApplication) as opened:
        click(qtbot, page.grid, rect.center())
    assert opened.args == [interview.application_id]
    assert page.selected_day() == interview_day


def test_a_double_click_on_a_chip_opens_it_once(qtbot, demo_backend):
    page = open_page(qtbot, demo_backend)
    rect, chip = chip_rect(page.grid, TODAY, lambda e: True)
    opened: list[int] = []
    page.openAction.connect(opened.append)
    viewport = page.grid.viewport()
    click(qtbot, page.grid, rect.center())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [chip.entry.action_id]


def test_the_agenda_lists_the_day_and_opens_items_by_click_or_enter(qtbot, demo_backend):
    page = open_page(qtbot, demo_backend)
    page.select_day(TODAY)
    model = page.agenda_model
    assert model.rowCount() == 2
    first = model.index(0)
    assert first.data() == ("09:00 · Thank-you · E-mail · Jonas Weber, Senior Data Engineer · "
                            "Northwind Analytics – Senior Data Analyst · Overdue")
    entry = first.data(ENTRY_ROLE)
    qtbot.keyClick(page.grid, Qt.Key.Key_Return)
    assert page.agenda.hasFocus() or page.agenda.currentIndex() == first
    with qtbot.waitSignal(page.openAction) as opened:
        qtbot.keyClick(page.agenda, Qt.Key.Key_Return)
    assert opened.args == [entry.action_id]
    page.activateWindow()
    page.agenda.setFocus()
    qtbot.keyClick(page.agenda, Qt.Key.Key_Escape)
    qtbot.waitUntil(page.grid.hasFocus)
    second = model.index(1)
    with qtbot.waitSignal(page.openAction) as opened:
        qtbot.mouseClick(page.agenda.viewport(), Qt.MouseButton.LeftButton,
                         pos=page.agenda.visualRect(second).center())
    assert opened.args == [second.data(ENTRY_ROLE).action_id]


def test_an_empty_calendar_says_what_to_do(qtbot, backend):
    page = open_page(qtbot, backend)
    assert page.agenda_pages.currentWidget() is page.agenda_empty
    assert "Nothing this month" in page.agenda_empty.text()
    assert "Add an interview" in page.agenda_empty.text()


def test_an_empty_day_says_how_to_fill_it(qtbot, demo_backend):
    page = open_page(qtbot, demo_backend)
    page.select_day(date(2026, 11, 27))
    assert page.agenda_pages.currentWidget() is page.agenda_empty
    assert page.agenda_empty.text().startswith("Nothing on this day.")
    assert page.day_summary.text() == "Tomorrow"


def test_refresh_reads_again_after_a_change_elsewhere(qtbot, demo_backend):
    page = open_page(qtbot, demo_backend)
    app = keep_in_touch_today(demo_backend).application_id
    actions.plan_by_hand(demo_backend, app, ActionKind.KEEP_IN_TOUCH,
                         at(demo_backend, date(2026, 11, 27), 11), Channel.PHONE, None)
    with qtbot.waitSignal(page.loaded):
        page.refresh()
    assert "11:00 Keep in touch · Fjord & Pine Architects" in shown_texts(page,
                                                                         date(2026, 11, 27))


def test_item_models_pass_the_model_tester(qtbot, qtmodeltester, demo_backend):
    page = open_page(qtbot, demo_backend)
    page.select_day(TODAY)
    assert page.agenda_model.rowCount() == 2
    qtmodeltester.check(page.agenda_model)
    qtmodeltester.check(page.grid_model)


# -- moving by drag and drop


def test_dragging_an_action_chip_onto_another_day_moves_it(qtbot, demo_backend, monkeypatch):
    page = open_page(qtbot, demo_backend)
    grid = page.grid
    target = date(2026, 11, 30)
    carried: list[QMimeData] = []

    def fake_exec(drag: QDrag, *args: object) -> Qt.DropAction:
        """Stands in for the platform's drag loop: releases the chip over the target day."""
        data = QMimeData()
        data.setData(ACTION_MIME, drag.mimeData().data(ACTION_MIME))
        carried.append(data)
        assert drop(grid, target, data)
        return Qt.DropAction.MoveAction

    monkeypatch.setattr(QDrag, "exec", fake_exec)
    keep_in_touch = keep_in_touch_today(demo_backend)
    rect, _ = chip_rect(grid, TODAY, lambda e: e.action_id == keep_in_touch.action_id)
    viewport = grid.viewport()
    with qtbot.waitSignal(page.dataChanged), qtbot.assertNotEmitted(page.openAction):
        qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseMove(viewport, rect.center() + QPoint(30, 30))
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=rect.center()
                           + QPoint(30, 30))
    assert [action_id_from(d) for d in carried] == [keep_in_touch.action_id]
    moved = {e.action_id: e for e in entries_on(demo_backend, target)}[keep_in_touch.action_id]
    assert moved.at == at(demo_backend, target, 15)  # the same wall-clock time
    assert keep_in_touch.action_id not in {e.action_id for e in entries_on(demo_backend, TODAY)}
    qtbot.waitUntil(lambda: any(c.entry.action_id == keep_in_touch.action_id
                                for c in page.grid_model.chips_on(target)))
    assert page.selected_day() == target
    assert page.status_text().startswith("Moved “15:00 Keep in touch · Ingrid Solberg”")


def test_interviews_and_done_actions_do_not_start_a_drag(qtbot, demo_backend, monkeypatch):
    page = open_page(qtbot, demo_backend)
    started: list[QDrag] = []
    monkeypatch.setattr(QDrag, "exec", lambda drag, *a: started.append(drag))
    viewport = page.grid.viewport()
    for day, predicate in ((date(2026, 11, 24), lambda e: e.is_interview),
                           (date(2026, 11, 19), lambda e: not e.is_pending)):
        rect, _ = chip_rect(page.grid, day, predicate)
        qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseMove(viewport, rect.center() + QPoint(40, 40))
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=rect.center()
                           + QPoint(40, 40))
    assert started == []


def test_a_drop_that_cannot_move_says_why_and_changes_nothing(qtbot, demo_backend):
    page = open_page(qtbot, demo_backend)
    done = entries_on(demo_backend, date(2026, 11, 19))[0]
    with qtbot.assertNotEmitted(page.dataChanged):
        assert drop(page.grid, date(2026, 11, 27), action_mime(done.action_id))
    assert "only a planned or snoozed action can be moved" in page.status_text()
    assert done in entries_on(demo_backend, date(2026, 11, 19))


def test_a_drop_shows_anti_pester_warnings_without_blocking(qtbot, demo_backend):
    app = entries_on(demo_backend, TODAY)[0].application_id
    company = records.add_company(demo_backend, "Front Desk Inc")
    desk = records.add_contact(demo_backend, company, records.ContactDraft(
        "Rita Desk", "Receptionist", Role.RECEPTIONIST))
    action_id, _ = actions.plan_by_hand(demo_backend, app, ActionKind.KEEP_IN_TOUCH,
                                        at(demo_backend, date(2026, 11, 27), 11),
                                        Channel.PHONE, desk)
    page = open_page(qtbot, demo_backend)
    with qtbot.waitSignal(page.dataChanged):
        assert drop(page.grid, date(2026, 12, 1), action_mime(action_id))
    assert "front desk" in page.status_text()
    assert page.status_label.textFormat() == Qt.TextFormat.PlainText


def test_drops_of_anything_else_are_refused(qtbot, demo_backend):
    page = open_page(qtbot, demo_backend)
    text = QMimeData()
    text.setText("42")
    assert not drop(page.grid, date(2026, 11, 27), text)
    forged = QMimeData()
    forged.setData(ACTION_MIME, b"12; DROP TABLE action")
    assert action_id_from(forged) is None
    assert not drop(page.grid, date(2026, 11, 27), forged)


def test_the_agenda_offers_pending_actions_for_dragging(qtbot, demo_backend):
    page = open_page(qtbot, demo_backend)
    page.select_day(date(2026, 11, 24))
    model = page.agenda_model
    rows = [model.index(r) for r in range(model.rowCount())]
    draggable = [bool(model.flags(i) & Qt.ItemFlag.ItemIsDragEnabled) for i in rows]
    assert [i.data(ENTRY_ROLE).is_interview for i in rows] == [False, True]
    assert draggable == [True, False]
    data = model.mimeData([rows[0]])
    assert action_id_from(data) == rows[0].data(ENTRY_ROLE).action_id


# -- reading: kept reads, reading ahead, what makes a kept read out of date


def settle(qapp) -> None:
    """Let every background read (the shown span's, the ones ahead, the agenda's) finish and
    be delivered."""
    for _ in range(6):
        wait_for_background_work()
        qapp.processEvents()


def switch_at_once(page: CalendarPage, button) -> bool:
    """Click and say whether the new span's cells were in before the click returned."""
    arrived: list[bool] = []
    page.loaded.connect(lambda: arrived.append(True))
    button.click()
    return bool(arrived)


def test_the_months_around_the_shown_one_are_read_ahead_and_shown_at_once(qtbot, qapp,
                                                                          demo_backend):
    page = open_page(qtbot, demo_backend)
    settle(qapp)
    assert switch_at_once(page, page.next_button)
    assert page.title() == "December 2026"
    assert "15:00 Keep in touch · Amara Okafor" in shown_texts(page, date(2026, 12, 2))
    assert switch_at_once(page, page.next_button)  # two months ahead of November
    assert page.title() == "January 2027"
    settle(qapp)
    for _ in range(3):
        assert switch_at_once(page, page.previous_button)
    assert page.title() == "October 2026"
    assert "14:00 Interview · Brightwave Robotics" in shown_texts(page, date(2026, 10, 27))
    assert shown_texts(page, date(2026, 10, 28))[0].startswith("✓ 15:00 Thank-you")


def test_the_weeks_around_the_shown_one_are_read_ahead_too(qtbot, qapp, demo_backend):
    page = open_page(qtbot, demo_backend)
    with qtbot.waitSignal(page.loaded):
        qtbot.mouseClick(page.week_button, Qt.MouseButton.LeftButton)
    settle(qapp)
    assert switch_at_once(page, page.next_button)
    assert page.title() == "30 November – 6 December 2026"
    assert "15:00 Keep in touch · Amara Okafor" in shown_texts(page, date(2026, 12, 2))


def test_a_commit_from_anywhere_makes_kept_months_be_read_again(qtbot, qapp, demo_backend):
    page = open_page(qtbot, demo_backend)
    settle(qapp)
    other = sqlite3.connect(demo_backend.database_path)  # another process, say the CLI
    with other:
        other.execute("UPDATE contact SET name = 'Amara Okafor-Lind' "
                      "WHERE name = 'Amara Okafor'")
    other.close()
    with qtbot.waitSignal(page.loaded):
        assert not switch_at_once(page, page.next_button)
    assert "15:00 Keep in touch · Amara Okafor-Lind" in shown_texts(page, date(2026, 12, 2))


def test_a_kept_month_is_read_again_once_an_item_in_it_is_overdue(qtbot, qapp, demo_backend):
    page = open_page(qtbot, demo_backend)
    settle(qapp)
    clock = demo_backend.clock
    assert isinstance(clock, FixedClock)
    clock.set(at(demo_backend, date(2026, 12, 2), 15, 1))
    with qtbot.waitSignal(page.loaded):
        assert not switch_at_once(page, page.next_button)
    assert "! 15:00 Keep in touch · Amara Okafor" in shown_texts(page, date(2026, 12, 2))


def plan_many(backend: Backend, day: date, count: int) -> None:
    app = keep_in_touch_today(backend).application_id
    for n in range(count):
        actions.plan_by_hand(backend, app, ActionKind.KEEP_IN_TOUCH,
                             at(backend, day, 8 + n // 60, n % 60), Channel.EMAIL, None)


class SpanReads:
    """The spans the grid reads (not a day's agenda), in the order their reads begin. With
    `slow_call`, that read (counting from 1) first counts for seconds in SQL, unless stopped;
    `counting` is set once it does (a stop before that would not reach the statement)."""

    def __init__(self, monkeypatch, slow_call: int = 0) -> None:
        self.begun: list[tuple[date, int]] = []
        self.counting = threading.Event()
        real = calendar.summary

        def recording(backend: Backend, first: date, days: int,
                      *args: object) -> calendar.Summary:
            if days > 1:
                self.begun.append((first, days))
                if len(self.begun) == slow_call:
                    backend.db.connection().create_function(
                        "counting", 0, lambda: self.counting.set() or 1)
                    backend.db.execute_sql(LONG_READ).fetchone()
            return real(backend, first, days, *args)

        monkeypatch.setattr(calendar, "summary", recording)


LONG_READ = ("WITH RECURSIVE n(i) AS (SELECT counting() UNION ALL SELECT i + 1 FROM n "
             "WHERE i < 30000000) SELECT count(*) FROM n")


def test_a_saved_setting_leaves_what_was_read_current(qtbot, qapp, demo_backend, monkeypatch):
    page = open_page(qtbot, demo_backend)
    settle(qapp)
    begun = SpanReads(monkeypatch).begun
    with demo_backend.write():
        settings.save("sender_name", "Someone Else")
    assert switch_at_once(page, page.next_button)
    arrived: list[bool] = []
    page.loaded.connect(lambda: arrived.append(True))
    page.refresh()  # what the window does after a change made anywhere
    assert arrived and begun == []


def test_the_first_read_has_the_months_around_read_right_behind_it(qtbot, demo_backend,
                                                                   monkeypatch):
    """Nothing is kept to stop or to paint meanwhile: the first page key finds them read."""
    begun = SpanReads(monkeypatch).begun
    page = CalendarPage(demo_backend)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()  # queues the reads; nothing has painted yet
    wait_for_background_work()
    assert len(begun) == 5 and begun[0] == (page.grid_model.first_day, 42)


def test_a_read_of_the_shown_month_under_way_is_awaited_not_stopped(qtbot, demo_backend,
                                                                    monkeypatch):
    started, release = threading.Event(), threading.Event()
    real = calendar.summary

    def held(*args: object) -> calendar.Summary:
        started.set()
        release.wait(5)
        return real(*args)

    monkeypatch.setattr(calendar, "summary", held)
    page = CalendarPage(demo_backend)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    with qtbot.waitSignal(page.loaded, timeout=3000):
        page.show()
        assert started.wait(5)  # November's read, under way
        page.refresh()  # wants November again, at the same data version: the read serves
        release.set()
    assert page.title() == "November 2026"


def test_after_a_change_a_switch_reads_the_new_month_alone_and_reads_ahead_once_painted(
        qtbot, qapp, demo_backend, monkeypatch):
    page = open_page(qtbot, demo_backend)
    settle(qapp)
    begun = SpanReads(monkeypatch).begun
    plan_many(demo_backend, date(2026, 12, 3), 1)  # every month kept is out of date now
    read_when_loaded: list[list[tuple[date, int]]] = []
    page.loaded.connect(lambda: read_when_loaded.append(list(begun)))
    with qtbot.waitSignal(page.loaded):
        page.next_button.click()
    december = (page.grid_model.first_day, 42)
    assert page.title() == "December 2026"
    assert read_when_loaded == [[december]]
    assert "08:00 Keep in touch · Fjord & Pine Architects" in shown_texts(page, date(2026, 12, 3))
    settle(qapp)
    assert begun[0] == december and len(begun) > 1  # read ahead, after the paint


def test_a_read_ahead_under_way_is_stopped_for_the_month_to_show(qtbot, qapp, demo_backend,
                                                                 monkeypatch):
    page = open_page(qtbot, demo_backend)
    settle(qapp)
    reads = SpanReads(monkeypatch, slow_call=2)  # the first read ahead after December's
    plan_many(demo_backend, date(2026, 12, 3), 1)
    with qtbot.waitSignal(page.loaded):
        page.next_button.click()
    qtbot.waitUntil(reads.counting.is_set)  # January, read ahead
    with qtbot.waitSignal(page.loaded, timeout=3000):  # not after the count: it was stopped
        page.previous_button.click()
    assert page.title() == "November 2026"
    assert reads.begun[2][0] == page.grid_model.first_day


def test_taller_cells_read_more_of_a_busy_days_chips(qtbot, qapp, demo_backend):
    busy = date(2026, 11, 27)
    plan_many(demo_backend, busy, 20)
    page = open_page(qtbot, demo_backend, 1000, 600)
    small = page.grid.layout_of(busy)
    assert small is not None and len(small.chips) + small.hidden == 20
    read = len(page.grid_model.chips_on(busy))
    assert len(small.chips) <= read < 20
    page.resize(1000, 1600)
    qtbot.waitUntil(lambda: len(page.grid_model.chips_on(busy)) > read)
    settle(qapp)
    tall = page.grid.layout_of(busy)
    assert len(tall.chips) > len(small.chips) and len(tall.chips) + tall.hidden == 20
    assert [chip.entry.at for _, chip in tall.chips] == [
        at(demo_backend, busy, 8, n) for n in range(len(tall.chips))]


def test_a_busy_days_agenda_reads_more_as_it_is_scrolled(qtbot, qapp, demo_backend):
    busy = date(2026, 11, 27)
    plan_many(demo_backend, busy, AGENDA_PAGE + 36)
    page = open_page(qtbot, demo_backend, 1000, 600)
    page.select_day(busy)
    assert page.day_summary.text() == f"Tomorrow · {AGENDA_PAGE + 36} items"
    model = page.agenda_model
    qtbot.waitUntil(lambda: model.rowCount() == AGENDA_PAGE)  # the first page fills the view
    first = model.index(0).data(ENTRY_ROLE)
    page.agenda.setCurrentIndex(model.index(3))
    page.agenda.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == AGENDA_PAGE + 36)
    assert page.agenda.currentIndex().row() == 3  # more rows came below, nothing was reset
    assert model.index(0).data(ENTRY_ROLE) == first
    times = [model.index(r).data(ENTRY_ROLE).at for r in range(model.rowCount())]
    assert times == sorted(times)
    assert not model.canFetchMore()


def test_a_busy_days_cell_speaks_its_count_and_first_items(qtbot, demo_backend):
    busy = date(2026, 11, 27)
    plan_many(demo_backend, busy, 30)
    page = open_page(qtbot, demo_backend, 1000, 600)
    spoken = page.grid_model.index_of(busy).data(Qt.ItemDataRole.AccessibleTextRole)
    read = len(page.grid_model.chips_on(busy))
    assert "30 items: 08:00 Keep in touch" in spoken
    assert spoken.endswith(f"; and {30 - read} more")


# -- hostile data


def test_hostile_names_are_shown_literally(qtbot, backend):
    company = records.add_company(backend, HOSTILE)
    person = records.add_contact(backend, company, records.ContactDraft(
        "<i>Eve</i> & Co", "<script>CTO</script>", Role.INTERVIEWER))
    app = records.add_application(backend, company, "<u>Engineer</u>")
    start = NOW - timedelta(days=2)
    backend.clock.set(start + timedelta(hours=2))  # entered right after it, so its thank-you
    records.add_interview(backend, app, start, start + timedelta(hours=1), "Europe/Berlin",
                          [person])  # is overdue now
    backend.clock.set(NOW)
    page = open_page(qtbot, backend)
    interview_day = date(2026, 11, 24)
    interview, thank_you = page.grid_model.chips_on(interview_day)[0], \
        page.grid_model.chips_on(date(2026, 11, 25))[0]
    assert interview.text == f"13:00 Interview · {HOSTILE}"
    assert thank_you.text == "! 14:00 Thank-you · <i>Eve</i> & Co"
    for chip in (interview, thank_you):
        assert "<img" not in chip.tip and "<i>" not in chip.tip and "<script>" not in chip.tip
        assert "&lt;b&gt;Acme&lt;/b&gt;&lt;img src=x&gt;" in chip.tip
    assert chip_text(thank_you.entry, backend.rules().zone) == thank_you.text
    page.select_day(interview_day)
    row = page.agenda_model.index(0)
    assert HOSTILE in row.data() and "<u>Engineer</u>" in row.data()
    assert "<img" not in row.data(Qt.ItemDataRole.ToolTipRole)
    spoken = page.grid_model.index_of(interview_day).data(Qt.ItemDataRole.AccessibleTextRole)
    assert HOSTILE in spoken
    with qtbot.waitSignal(page.dataChanged):
        drop(page.grid, date(2026, 11, 27), action_mime(thank_you.entry.action_id))
    assert "“! 14:00 Thank-you · <i>Eve</i> & Co”" in page.status_text()
    assert page.status_label.textFormat() == Qt.TextFormat.PlainText



@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen tooltips
def test_each_chip_has_its_own_tooltip(qtbot, demo_backend):
    page = open_page(qtbot, demo_backend)
    grid = page.grid
    for rect, chip in grid.layout_of(TODAY).chips[:2]:
        event = QHelpEvent(QEvent.Type.ToolTip, rect.center(), grid.viewport().mapToGlobal(
            rect.center()))
        QApplication.sendEvent(grid.viewport(), event)
        assert QToolTip.text() == chip.tip
    assert "Ingrid Solberg, Partner" in QToolTip.text()  # the second chip's, not the first's
    QToolTip.hideText()


def test_the_day_under_a_drag_is_outlined_until_the_drop(qtbot, demo_backend):
    page = open_page(qtbot, demo_backend)
    grid, target = page.grid, date(2026, 11, 30)
    data = action_mime(entries_on(demo_backend, TODAY)[0].action_id)
    pos = grid.cell_rect(target).center()
    args = (Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(grid.viewport(), QDragEnterEvent(pos, *args))
    QApplication.sendEvent(grid.viewport(), QDragMoveEvent(pos, *args))
    assert grid.day_delegate.drop_day == target
    QApplication.sendEvent(grid.viewport(), QDragLeaveEvent())
    assert grid.day_delegate.drop_day is None


def test_a_failed_read_is_reported_in_the_page(qtbot, demo_backend, monkeypatch):
    page = open_page(qtbot, demo_backend)

    def broken(*_: object) -> calendar.Summary:
        raise UserError("The database is locked.")

    plan_many(demo_backend, date(2026, 11, 27), 1)  # a change the grid must read
    monkeypatch.setattr(calendar, "summary", broken)  # the grid's read
    page.refresh()
    qtbot.waitUntil(lambda: "could not be read" in page.status_text())
    assert "The database is locked." in page.status_text()
