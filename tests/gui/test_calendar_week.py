"""The week view is a time grid: hours down the side, each item at its time (an interview as
tall as it lasts), items at the same time side by side, none cut off or hidden."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from test_calendar_page import at, open_page

from followup_desktop.domain.model import ActionKind, Channel, Role
from followup_desktop.services import actions, records
from followup_desktop.ui.calendar.cells import HourHeader
from followup_desktop.ui.calendar.chips import chip_fonts
from followup_desktop.ui.calendar.layout import hour_height

DAY = date(2026, 11, 27)  # the Friday of the tests' week


def test_the_week_places_items_at_their_time_side_by_side(qtbot, backend):
    company = records.add_company(backend, "Vistula Data")
    anna = records.add_contact(backend, company, records.ContactDraft(
        "Anna Kowalski", "Head of Data", Role.INTERVIEWER))
    app = records.add_application(backend, company, "Data Engineer")
    start = at(backend, DAY, 9)
    records.add_interview(backend, app, start, start + timedelta(hours=1), "Europe/Berlin",
                          [anna])
    for kind in (ActionKind.KEEP_IN_TOUCH, ActionKind.DECISION_CHECK):
        actions.plan_by_hand(backend, app, kind, at(backend, DAY, 14), Channel.EMAIL, anna)
    page = open_page(qtbot, backend, 1000, 700)
    with qtbot.waitSignal(page.loaded):
        qtbot.mouseClick(page.week_button, Qt.MouseButton.LeftButton)
    grid = page.grid
    assert isinstance(grid.verticalHeader(), HourHeader) and grid.verticalHeader().isVisible()
    hour = hour_height(chip_fonts(grid.font()).height)
    layout = grid.layout_of(DAY)
    assert layout is not None and layout.more is None and layout.hidden == 0
    day_top = grid.cell_rect(DAY).top()
    placed = {chip.entry.kind: rect for rect, chip in layout.chips}
    interview = placed["interview"]
    assert interview.top() == day_top + 9 * hour and interview.height() >= hour - 1
    touch, call = placed["keep_in_touch"], placed["decision_check"]
    assert touch.top() == call.top() == day_top + 14 * hour
    assert touch.right() < call.left() or call.right() < touch.left()  # side by side
    assert touch.height() >= 2 * chip_fonts(grid.font()).height  # what and who, not cut off
    # Back to the month: rows share the height again, no hours.
    with qtbot.waitSignal(page.loaded):
        qtbot.mouseClick(page.month_button, Qt.MouseButton.LeftButton)
    assert not isinstance(grid.verticalHeader(), HourHeader)
    assert not grid.verticalHeader().isVisible()
