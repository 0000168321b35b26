"""A chip says what and who in every form it takes: two chips to one person on one day never
differ by colour alone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from followup_desktop.domain.model import ActionState, Channel
from followup_desktop.services.views.calendar import INTERVIEW, CalendarEntry, Who
from followup_desktop.ui.calendar.models import Chip

BERLIN = ZoneInfo("Europe/Berlin")
AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
ANNA = (Who("Anna Kowalski", "Head of Data"),)


def action(kind: str) -> CalendarEntry:
    return CalendarEntry(kind=kind, at=AT, company="Vistula Data", position="Data Engineer",
                         application_id=1, people=ANNA, action_id=1,
                         state=ActionState.PLANNED, channel=Channel.EMAIL)


def test_every_form_of_a_chip_says_what_and_who():
    thanks, call = Chip.of(action("thank_you"), BERLIN), Chip.of(action("decision_check"), BERLIN)
    touch = Chip.of(action("keep_in_touch"), BERLIN)
    assert thanks.label(0) == "10:00 Thank-you · Anna Kowalski"
    assert thanks.label(1) == "Thank-you · Anna Kowalski"
    assert call.label(1) == "Decision call · Anna Kowalski"
    assert touch.label(1) == "Keep in touch · Anna Kowalski"
    assert (thanks.label(2), call.label(2), touch.label(2)) == (
        "Thanks · Anna", "Call · Anna", "Touch · Anna")
    for form in (0, 1, 2):
        assert len({thanks.label(form), call.label(form), touch.label(form)}) == 3


def test_an_interview_chip_names_the_company():
    entry = CalendarEntry(kind=INTERVIEW, at=AT, company="Vistula Data", position="Engineer",
                          application_id=1, end=AT, interview_id=1, round=1, people=ANNA)
    chip = Chip.of(entry, BERLIN)
    assert [chip.label(f) for f in (0, 1, 2)] == [
        "10:00 Interview · Vistula Data", "Interview · Vistula Data", "Interview · Vistula Data"]
