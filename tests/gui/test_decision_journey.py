"""Journey: a decision call logged from the Due list with each outcome, by mouse and keyboard
only, and what the plan schedules afterwards, as the Due list then shows it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QPushButton, QRadioButton, QWidget

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import Role
from followup_desktop.services import actions, records
from followup_desktop.services.views.due import due_at
from followup_desktop.services.views.pipeline import application_detail
from followup_desktop.ui.due.decision import DecisionDialog
from followup_desktop.ui.main_window import MainWindow
from helpers.gui_constants import NOW

# NOW is Thursday 26 November 2026, 13:00 in Berlin. They said they would decide by Wednesday
# the 25th, so the decision check is due today at 10:00.
DECISION = date(2026, 11, 25)


@pytest.fixture
def world(backend):
    """An interview on 10 November entered that day, its thank-you and keep-in-touch done."""
    clock = backend.clock
    assert isinstance(clock, FixedClock)
    clock.set(NOW - timedelta(days=16, hours=3))  # Tuesday 10 November, 10:00
    company = records.add_company(backend, "Acme")
    ada = records.add_contact(backend, company, records.ContactDraft(
        "Ada Lovelace", "CTO", Role.HIRING_MANAGER))
    app = records.add_application(backend, company, "Engineer", decision_date=DECISION)
    records.add_interview(backend, app, clock.now() - timedelta(hours=2),
                          clock.now() - timedelta(hours=1), "Europe/Berlin", [ada])
    for item in due_at(backend, NOW - timedelta(days=1)):
        clock.set(item.due)
        actions.complete(backend, item.id, "Sent")
    clock.set(NOW)
    (check,) = due_at(backend, NOW)
    assert check.kind == "decision_check"
    return app


def when_dialog(qtbot, answer: Callable[[DecisionDialog], None]) -> None:
    """Answer the decision dialog once it is up (it runs modally, as a user sees it)."""
    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, DecisionDialog) and dialog.isVisible():
            qtbot.waitExposed(dialog)
            try:
                answer(dialog)
            finally:  # a failed answer must not leave the dialog open for ever
                if dialog.isVisible():
                    dialog.reject()
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def click(qtbot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def button(dialog: QWidget, text: str) -> QPushButton:
    (found,) = [b for b in dialog.findChildren(QPushButton) if b.text() == text]
    return found


def radio(dialog: QWidget, starts: str) -> QRadioButton:
    (found,) = [b for b in dialog.findChildren(QRadioButton)
                if b.text().replace("&", "").startswith(starts)]
    return found


def pick(qtbot, button: QRadioButton) -> None:
    """Click a choice on its round indicator, where a user aims (its centre may be past the
    end of a short label, which does not take the click)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    assert button.isChecked()


def due_rows(page) -> list[tuple[str, str, str]]:
    """(group, kind label, due in Berlin) of every row the Due list shows."""
    model, rows = page.model, []
    for group in range(model.rowCount()):
        header = model.index(group, 0)
        for row in range(model.rowCount(header)):
            item = model.item_at(model.index(row, 0, header))
            if item is not None:
                rows.append((str(model.data(header)).split(" (")[0], item.kind.label,
                             f"{item.due.astimezone(page_zone(page)):%a %d %b %H:%M}"))
    return rows


def page_zone(page):
    return page._backend.rules().zone


def open_due(qtbot, backend, tmp_path):
    window = MainWindow(backend, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    page = window.page("Due")
    qtbot.waitUntil(lambda: page.model.item_count() == 1)
    header = page.model.index(0, 0)
    index = page.model.index(0, 0, header)
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.view.visualRect(index).center())
    qtbot.waitUntil(lambda: page.selected_item() is not None)
    assert page.selected_item().kind == "decision_check"
    return window, page


def log_call(qtbot, page, answer: Callable[[DecisionDialog], None],
             expected: list[tuple[str, str, str]]) -> None:
    """Done on the selected decision check, the dialog answered; then the Due list shows
    `expected` (it refreshes itself after the write)."""
    backend = page._backend
    (check,) = due_at(backend, NOW)
    when_dialog(qtbot, answer)
    click(qtbot, page.done_button)
    qtbot.waitUntil(lambda: check.id not in {i.id for i in due_at(backend, NOW)}, timeout=5000)
    qtbot.waitUntil(lambda: due_rows(page) == expected, timeout=5000)


def test_still_open_with_a_new_date_plans_a_check_after_it(qtbot, backend, world, tmp_path):
    window, page = open_due(qtbot, backend, tmp_path)
    offered = []

    def answer(dialog: DecisionDialog) -> None:
        offered.append(dialog.next_date.date().toPython())
        assert radio(dialog, "Still open, they now expect").isChecked()
        assert dialog.next_date.isEnabled()
        # "Deciding by Tuesday": two days back from the date offered, a key press a day.
        dialog.next_date.setFocus()
        for _ in range(2):
            qtbot.keyClick(dialog.next_date, Qt.Key.Key_Down)
        assert dialog.next_date.date().toPython() == date(2026, 12, 1)
        qtbot.keyClicks(dialog.note, "Spoke to Ada; still interviewing")
        click(qtbot, button(dialog, "&Log the call"))

    # Decision by Tuesday 1 December: the new check on Wednesday 2 December at 10:00.
    log_call(qtbot, page, answer, [("Next 7 days", "Decision check", "Wed 02 Dec 10:00")])
    assert offered == [date(2026, 12, 3)]  # a week from today is offered
    detail = application_detail(backend, world)
    assert detail.decision_date == date(2026, 12, 1)
    assert detail.touches[0].summary == ("Decision call: Still open; they expect to decide by "
                                         "Tue 01 Dec 2026. Spoke to Ada; still interviewing")
    window.close()


def test_still_open_with_no_date_checks_again_in_a_week(qtbot, backend, world, tmp_path):
    window, page = open_due(qtbot, backend, tmp_path)

    def answer(dialog: DecisionDialog) -> None:
        pick(qtbot, radio(dialog, "Still open, no date yet"))
        assert not dialog.next_date.isEnabled()
        click(qtbot, button(dialog, "&Log the call"))

    log_call(qtbot, page, answer, [("Next 7 days", "Decision check", "Thu 03 Dec 10:00")])
    assert application_detail(backend, world).decision_date is None
    window.close()


@pytest.mark.parametrize(("choice", "status"), [
    ("The position was filled", "rejected"), ("They made me an offer", "offer"),
    ("Rejected", "rejected")])
def test_a_final_outcome_changes_the_status_and_leaves_nothing_due(qtbot, backend, world,
                                                                   tmp_path, choice, status):
    window, page = open_due(qtbot, backend, tmp_path)

    def answer(dialog: DecisionDialog) -> None:
        pick(qtbot, radio(dialog, choice))
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # the default button: Log the call

    log_call(qtbot, page, answer, [])
    assert page.model.item_count() == 0
    detail = application_detail(backend, world)
    assert detail.status == status
    assert detail.status_changes[0].note.startswith("Decision call:")
    assert due_at(backend, NOW, NOW + timedelta(days=60)) == []
    window.close()


def test_cancelling_the_dialog_logs_nothing(qtbot, backend, world, tmp_path):
    window, page = open_due(qtbot, backend, tmp_path)
    when_dialog(qtbot, lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Escape))
    click(qtbot, page.done_button)
    qtbot.wait(100)
    (item,) = due_at(backend, NOW)
    assert item.kind == "decision_check"
    window.close()
