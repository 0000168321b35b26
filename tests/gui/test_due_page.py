"""The due page: grouping, row commands that write through the services, plain text."""

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from followup_desktop.domain.model import ActionKind, ActionState, Channel, Role
from followup_desktop.services import actions, records
from followup_desktop.services.views.due import PAGE
from followup_desktop.storage.models import Action, Touch
from followup_desktop.ui.due.model import DueModel
from followup_desktop.ui.due.page import DuePage
from helpers.gui_constants import HOSTILE, NOW
from helpers.window_driver import answer


@pytest.fixture
def page(qtbot, backend):
    page = DuePage(backend)
    qtbot.addWidget(page)
    page.show()
    return page


def loaded(qtbot, page: DuePage) -> DuePage:
    page.refresh()
    qtbot.waitUntil(lambda: not page._loader.busy)
    return page


def group_titles(page: DuePage) -> list[str]:
    model = page.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_first_run_explains_and_offers_sample_data(qtbot, page):
    loaded(qtbot, page)
    assert page.pages.currentWidget() is page.empty
    assert "Welcome" in page.empty_text.text()
    assert page.sample_button.isVisibleTo(page)
    with qtbot.waitSignal(page.loadSampleRequested):
        page.sample_button.click()


def test_groups_to_do_now_later_today_and_next_days(qtbot, demo_backend):
    page = DuePage(demo_backend)
    qtbot.addWidget(page)
    loaded(qtbot, page)
    titles = group_titles(page)
    assert titles[0].startswith("To do now")
    assert titles[-1].startswith("Next 7 days")
    assert page.pages.currentWidget() is page.view
    assert "to do now" in page.summary.text()


def test_the_counts_say_what_the_rows_say(qtbot, demo_backend):
    """"3 to do now" over rows that say "Coming up" was a contradiction: one rule for both."""
    page = DuePage(demo_backend)
    qtbot.addWidget(page)
    loaded(qtbot, page)
    statuses: dict[str, list[str]] = {}
    for row in range(page.model.rowCount()):
        header = page.model.index(row, 0)
        statuses[header.data().split(" (")[0]] = [
            page.model.index(r, 5, header).data() for r in range(page.model.rowCount(header))]
    now_rows = statuses.pop("To do now")
    assert now_rows and all("Coming up" not in s for s in now_rows)
    assert all("coming up" in s.lower() for rows in statuses.values() for s in rows)
    late = sum(1 for s in now_rows if s.startswith("Late"))
    summary = page.summary.text()
    assert summary.startswith(f"{len(now_rows)} to do now")
    assert (f"{late} late" in summary) == bool(late)


def test_model_passes_the_model_tester(qtbot, qtmodeltester, demo_backend):
    page = DuePage(demo_backend)
    qtbot.addWidget(page)
    loaded(qtbot, page)
    qtmodeltester.check(page.model)
    empty = DueModel(demo_backend.rules().zone)
    qtmodeltester.check(empty)


def select_a_note(page: DuePage):
    """Select the first follow-up that is not a decision check (Done on a check logs the call
    with its outcome instead: tests/gui/test_decision_journey.py)."""
    first = next(i for g in page.model._groups for i in g.items if i.kind != "decision_check")
    page._reselect(first.id)
    item = page.selected_item()
    assert item is not None and item.id == first.id
    return item


def test_mark_done_from_the_due_view_records_a_touch(qtbot, demo_backend, monkeypatch):
    page = DuePage(demo_backend)
    qtbot.addWidget(page)
    loaded(qtbot, page)
    assert page.selected_item() is not None  # the first item is selected after loading
    item = select_a_note(page)
    monkeypatch.setattr(page, "ask_summary", lambda _: "Sent the thank-you e-mail")
    monkeypatch.setattr(page, "_confirm_warnings", lambda _: True)
    with qtbot.waitSignal(page.dataChanged):
        page.done_button.click()
    action = Action.get_by_id(item.id)
    assert action.state == ActionState.DONE
    touch = Touch.get(Touch.action == item.id)
    assert touch.summary == "Sent the thank-you e-mail"
    assert touch.at_utc == NOW
    qtbot.waitUntil(lambda: not page._loader.busy)
    assert all(i.id != item.id for g in page.model._groups for i in g.items)


def test_cancelled_summary_writes_nothing(qtbot, demo_backend, monkeypatch):
    page = DuePage(demo_backend)
    qtbot.addWidget(page)
    loaded(qtbot, page)
    select_a_note(page)
    monkeypatch.setattr(page, "ask_summary", lambda _: None)
    monkeypatch.setattr(page, "_confirm_warnings", lambda _: True)
    before = Touch.select().count()
    page.done_button.click()
    assert Touch.select().count() == before


def test_snooze_and_skip(qtbot, demo_backend):
    page = DuePage(demo_backend)
    qtbot.addWidget(page)
    loaded(qtbot, page)
    first = page.selected_item()
    page.snooze_until(first.id, NOW + timedelta(hours=1))
    assert Action.get_by_id(first.id).state == ActionState.SNOOZED
    qtbot.waitUntil(lambda: not page._loader.busy)
    page._reselect(None)
    second = page.selected_item()
    asked = answer(QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    page.ask_and_skip()
    assert Action.get_by_id(second.id).state == ActionState.SKIPPED
    assert [box.windowTitle() for box in asked] == (
        ["Skip the thank-you?"] if second.kind == ActionKind.THANK_YOU else [])


def test_skipping_a_thank_you_asks_and_no_keeps_it(qtbot, demo_backend):
    page = DuePage(demo_backend)
    qtbot.addWidget(page)
    loaded(qtbot, page)
    thanks = next(i for g in page.model._groups for i in g.items if i.kind == "thank_you")
    page._reselect(thanks.id)
    asked = answer(QMessageBox, lambda box: qtbot.keyClick(box, Qt.Key.Key_Return))
    qtbot.mouseClick(page.skip_button, Qt.MouseButton.LeftButton)
    assert asked and "Skip the thank-you to" in asked[0].text()
    assert Action.get_by_id(thanks.id).state == ActionState.PLANNED  # Enter is "Keep it"


def test_open_application_and_note_signals(qtbot, demo_backend):
    page = DuePage(demo_backend)
    qtbot.addWidget(page)
    loaded(qtbot, page)
    item = page.selected_item()
    with qtbot.waitSignal(page.openApplication) as opened:
        page.open_button.click()
    assert opened.args == [item.application_id]
    with qtbot.waitSignal(page.openAction) as note:
        page.note_button.click()
    assert note.args == [item.id]


def test_hostile_names_stay_plain_text(qtbot, backend):
    company = records.add_company(backend, HOSTILE)
    person = records.add_contact(backend, company, records.ContactDraft(
        '=HYPERLINK("http://x","y")', "<i>CTO</i>", Role.INTERVIEWER))
    app = records.add_application(backend, company, "<script>x</script>")
    start = NOW - timedelta(days=3)
    records.add_interview(backend, app, start, start + timedelta(hours=1), "Europe/Berlin",
                          [person])
    page = DuePage(backend)
    qtbot.addWidget(page)
    loaded(qtbot, page)
    group = page.model.index(0, 0)
    row = [page.model.index(0, c, group).data() for c in range(3)]
    assert row == ["Thank-you", '=HYPERLINK("http://x","y"), <i>CTO</i>',
                   f"{HOSTILE} – <script>x</script>"]


def test_warnings_are_shown_and_escaped_in_the_tooltip(qtbot, backend):
    company = records.add_company(backend, "Acme")
    desk = records.add_contact(backend, company, records.ContactDraft(
        "<b>Rita</b>", "Front desk", Role.RECEPTIONIST))
    boss = records.add_contact(backend, company, records.ContactDraft(
        "Ada", "CTO", Role.HIRING_MANAGER))
    app = records.add_application(backend, company, "Engineer")
    start = NOW - timedelta(days=3)
    records.add_interview(backend, app, start, start + timedelta(hours=1), "Europe/Berlin",
                          [boss])
    actions.plan_by_hand(backend, app, ActionKind.KEEP_IN_TOUCH, NOW - timedelta(hours=1),
                         Channel.PHONE, desk)
    page = DuePage(backend)
    qtbot.addWidget(page)
    page.show()  # groups after the first are read as they come into view
    loaded(qtbot, page)
    items = [i for g in page.model._groups for i in g.items
             if i.contact and i.contact.id == desk]
    assert items and items[0].warnings
    model = page.model
    groups = [model.index(g, 0) for g in range(model.rowCount())]
    rows = [model.index(r, 0, g) for g in groups for r in range(model.rowCount(g))]
    statuses = [model.index(r.row(), 5, r.parent()).data() for r in rows]
    assert any("⚠" in status for status in statuses)
    tooltips = [r.data(Qt.ItemDataRole.ToolTipRole) for r in rows]
    assert any("&lt;b&gt;Rita&lt;/b&gt;" in (t or "") for t in tooltips)


def long_list(qtbot, backend, app: int, contact: int | None, count: int,
              every: timedelta) -> tuple[DuePage, object]:
    """A shown due page holding `count` follow-ups in the next days, and their group."""
    for n in range(count):
        actions.plan_by_hand(backend, app, ActionKind.KEEP_IN_TOUCH,
                             NOW + timedelta(days=2) + n * every, Channel.EMAIL, contact)
    page = DuePage(backend)
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    loaded(qtbot, page)
    return page, page.model.index(0, 0)


def test_a_long_list_is_read_as_the_user_scrolls(qtbot, backend):
    company = records.add_company(backend, "Acme Robotics")
    ada = records.add_contact(backend, company, records.ContactDraft("Ada", "CTO"))
    app = records.add_application(backend, company, "Engineer")
    page, header = long_list(qtbot, backend, app, ada, count=180, every=timedelta(minutes=17))

    assert header.data() == "Next 7 days (180)"
    assert "180 coming up" in page.summary.text()
    assert page.model.rowCount(header) < 180  # only what is on screen and a little more
    bar = page.view.verticalScrollBar()
    qtbot.wait(50)  # nothing more is read until the user scrolls
    assert page.model.rowCount(header) < 180
    while page.model.has_more(header):
        before = page.model.rowCount(header)
        bar.setValue(bar.maximum())
        qtbot.waitUntil(lambda before=before: page.model.rowCount(header) > before)
    rows = [page.model.item_at(page.model.index(r, 0, header)) for r in range(180)]
    assert [item.due for item in rows] == sorted(item.due for item in rows)
    assert len({item.id for item in rows}) == 180


def test_a_refresh_keeps_as_many_rows_as_were_read(qtbot, backend):
    company = records.add_company(backend, "Acme Robotics")
    app = records.add_application(backend, company, "Engineer")
    page, header = long_list(qtbot, backend, app, None, count=150, every=timedelta(minutes=1))
    page.model.read_more(header)
    read = page.model.rowCount(header)

    loaded(qtbot, page)

    assert page.model.rowCount(page.model.index(0, 0)) == read > PAGE


def test_the_columns_have_their_titles_for_the_eye_and_for_a_screen_reader(qtbot, demo_backend):
    """The header shows the titles from a model of its own (ui/due/model.py, column_titles);
    the list's model still answers them, for whatever asks it (a screen reader); every row
    is as tall as the first column's roomy rows make them."""
    from followup_desktop.ui.due.model import COLUMNS

    page = loaded(qtbot, DuePage(demo_backend))
    qtbot.addWidget(page)
    header = page.view.header()
    shown = [header.model().headerData(c, Qt.Orientation.Horizontal) for c in range(header.count())]
    assert shown == list(COLUMNS)
    assert [page.model.headerData(c, Qt.Orientation.Horizontal)
            for c in range(page.model.columnCount())] == list(COLUMNS)
    group, first_row = page.model.index(0, 0), page.model.index(0, 0, page.model.index(0, 0))
    roomy = int(page.view.fontMetrics().height() * 1.8)
    assert page.view.visualRect(first_row).height() == page.view.visualRect(group).height()
    assert page.view.visualRect(group).height() >= roomy
