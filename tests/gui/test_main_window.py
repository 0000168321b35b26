"""The main window over real data in a temporary folder."""

from datetime import timedelta

from gui_helpers import HOSTILE, NOW

from followup_desktop.domain.model import Role
from followup_desktop.services import records
from followup_desktop.services.demo import load_demo
from followup_desktop.ui.main_window import COLUMNS, MainWindow


def rows(window: MainWindow) -> list[list[str]]:
    tree = window.due_list
    return [[tree.topLevelItem(i).text(c) for c in range(len(COLUMNS))]
            for i in range(tree.topLevelItemCount())]


def test_empty_data_folder_explains_the_next_step(qtbot, backend):
    window = MainWindow(backend)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.heading.text() != "")
    assert "Nothing is due" in window.heading.text()
    assert rows(window) == []


def test_sample_data_fills_the_due_list(qtbot, backend):
    load_demo(backend)
    window = MainWindow(backend)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.due_list.topLevelItemCount() > 0)
    table = rows(window)
    assert any(r[0] == "Thank-you" and r[1] == "Amara Okafor, Head of Data Science"
               for r in table)
    assert window.heading.text() == f"{len(table)} follow-ups due now"


def test_hostile_names_are_shown_literally(qtbot, backend):
    company = records.add_company(backend, HOSTILE)
    person = records.add_contact(backend, company, records.ContactDraft(
        '=HYPERLINK("http://x","y")', "<i>CTO</i>", Role.INTERVIEWER))
    app = records.add_application(backend, company, "Engineer")
    start = NOW - timedelta(days=3)
    records.add_interview(backend, app, start, start + timedelta(hours=1), "Europe/Berlin",
                          [person])
    window = MainWindow(backend)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.due_list.topLevelItemCount() > 0)
    first = window.due_list.topLevelItem(0)
    assert first.text(1) == '=HYPERLINK("http://x","y"), <i>CTO</i>'
    assert first.text(2) == f"{HOSTILE} – Engineer"
    assert "<img" not in first.toolTip(0)
