"""Every text field of the calendar export reads back as it was written (io/ics_export.py, read
with io/ics_import/): backslashes, "\\N", commas, semicolons, quotes, colons, any script.
Line breaks are the one exception RFC 5545 forces: CRLF and a lone CR read back as LF."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from followup_desktop.domain import validation
from followup_desktop.domain.model import ActionKind
from followup_desktop.io import ics_export
from followup_desktop.io.ics_export import ActionEvent, InterviewEvent
from followup_desktop.io.ics_import.invitation import Invitation
from followup_desktop.io.ics_import.reader import read_invitations

START = datetime(2026, 3, 10, 13, 0, tzinfo=UTC)
# Characters that escaping, folding or unfolding could get wrong, then anything else.
TRICKY = st.sampled_from(["\\", "N", "n", ",", ";", ":", '"', "\n", "\r", "\r\n", " ", "\t",
                          "\\N", "\\n", "\\,", "é", "東", "😀", "\u0301", "\u200f", "ﷺ"])
ANY = st.characters(blacklist_categories=["Cs"])


def acceptable(limit: int):
    """Text the app can hold in a field of that limit: the stores' own check decides."""
    def keep(value: str) -> bool:
        try:
            validation.text(value, "field", limit)
        except validation.ValidationError:
            return False
        return True
    return st.lists(st.one_of(TRICKY, ANY), max_size=80).map("".join).filter(keep)


NAMES = acceptable(validation.SHORT_TEXT)
LONG = acceptable(validation.LONG_TEXT)


def one_break(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def exported(interviews=(), actions=()) -> list[Invitation]:
    return read_invitations(ics_export.calendar_bytes(list(interviews), list(actions), START))


@pytest.mark.parametrize("text", ["C:\\Nordic", "C:\\\\Nordic", "\\N", "\\n", "a\\,b\\;c",
                                  "ends with a backslash\\", "\\\\N"])
def test_backslash_sequences_read_back_as_written(text):
    interview = InterviewEvent(1, START, START + timedelta(hours=1), text, text, location=text,
                               interviewers=(text,))
    (read,) = exported([interview])
    assert read.location == text
    assert read.summary == ics_export.interview_summary(interview)
    assert read.description == f"{text} at {text}\nWith: {text}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(company=NAMES, position=NAMES, person=NAMES, location=LONG)
@example(company="C:\\Nordic", position="\\N", person="x", location="C:\\Nordic")
def test_an_interview_reads_back_exactly(company, position, person, location):
    interview = InterviewEvent(7, START, START + timedelta(hours=1), company, position,
                               location=location, interviewers=(person,))
    (read,) = exported([interview])
    assert read.summary == ics_export.interview_summary(interview)
    assert read.location == one_break(location)
    assert read.description == ics_export._interview_description(interview)
    assert (read.start, read.end) == (START, START + timedelta(hours=1))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(company=NAMES, contact=NAMES, title=NAMES, note=LONG)
@example(company="a", contact="C:\\Nordic", title="b", note="line\r\nbreak\rand \\N")
def test_a_follow_up_reads_back_exactly(company, contact, title, note):
    action = ActionEvent(3, ActionKind.THANK_YOU, START, "E-mail", company, "Engineer",
                         contact=contact, contact_title=title, note=note)
    (read,) = exported(actions=[action])
    assert read.summary == ics_export.action_summary(action)
    assert read.description == one_break(ics_export._action_description(action))


def test_written_text_escapes_each_character_once():
    assert ics_export.Text("C:\\Nordic, a;b\r\nc\rd").to_ical() == \
        b"C:\\\\Nordic\\, a\\;b\\nc\\nd"
