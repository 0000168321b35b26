"""Counted nouns agree with their number: never "1 applications" or "1 new interviews"."""

from datetime import timedelta

from followup_desktop.domain import guard
from followup_desktop.domain.counts import counted
from followup_desktop.services.exchange.invitations.proposal import ImportResult


def test_one_is_singular_and_the_rest_plural():
    assert counted(1, "application") == "1 application"
    assert counted(0, "application") == "0 applications"
    assert counted(2, "new interview") == "2 new interviews"
    assert counted(1, "person", "people") == "1 person"
    assert counted(3, "person", "people") == "3 people"
    assert counted(1200, "record") == "1,200 records"


def test_an_import_of_one_invitation_says_one_new_interview():
    assert ImportResult(created=1).describe() == "1 new interview"
    assert ImportResult(created=2, updated=1).describe() == "2 new interviews, 1 updated"


def test_a_gap_of_one_day_is_one_day():
    assert guard._ago(timedelta(days=1, hours=3)) == "27 hours"
    assert guard._ago(timedelta(days=2, hours=1)) == "2 days"
