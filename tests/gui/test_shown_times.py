"""One interview, one time: every screen shows it in the user's zone (Berlin here), also when it
was entered in the organiser's zone (an invitation from New York)."""

from __future__ import annotations

from datetime import UTC, datetime

from followup_desktop.domain.model import Role
from followup_desktop.services import records
from followup_desktop.services.records import ContactDraft
from followup_desktop.ui.applications.interviews import InterviewBox
from followup_desktop.ui.applications.page import ApplicationsPage
from followup_desktop.ui.debrief import DebriefDialog

START = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)  # 17:00 in Berlin, 11:00 in New York
END = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)


def test_the_debrief_and_applications_show_the_same_time(qtbot, backend):
    company = records.add_company(backend, "Acme")
    ada = records.add_contact(backend, company, ContactDraft("Ada", "CTO", Role.INTERVIEWER))
    app = records.add_application(backend, company, "Engineer")
    interview = records.add_interview(backend, app, START, END, "America/New_York", [ada])

    dialog = DebriefDialog(backend, interview)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.is_loaded)
    shown = dialog.summary_when.text()
    assert shown.startswith("Tue 24 Nov, 17:00–18:00")
    assert "(11:00 America/New_York)" in shown
    assert dialog.interview.itemText(0) == shown

    page = ApplicationsPage(backend)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    page.show_application(app)
    qtbot.waitUntil(lambda: bool(page.findChildren(InterviewBox)))
    box = page.findChildren(InterviewBox)[0]
    assert "17:00–18:00" in box.time.text()
    assert "(11:00 America/New_York)" in box.time.text()
