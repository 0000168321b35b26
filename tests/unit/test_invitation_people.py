"""An invitation's organiser who attended is an interviewer (accepted, chair, or named in the
description); titles written next to names in the description are proposed as titles."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup_desktop.domain.model import Role
from followup_desktop.io.ics_import.invitation import Person
from followup_desktop.services.exchange.invitations.applying import import_ics
from followup_desktop.services.exchange.invitations.panel_and_titles import (
    named_in,
    organiser_attended,
    titles_in,
)
from followup_desktop.services.exchange.invitations.proposing import read_and_propose
from followup_desktop.storage.models import Contact, Interview, InterviewContact

ME = ["jane.candidate@gmail.com"]
DESCRIPTION = ("Guten Tag, Sie treffen Sophie Krämer (Teamleitung) und Jonas  Weber – Head of "
               "Data. Beginn 10:00, Max Muster (10:30) stößt dazu.")


def invitation(tmp_path: Path, organizer: str, description: str = "",
               attendees: tuple[str, ...] = ()) -> Path:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN", "METHOD:REQUEST",
             "BEGIN:VEVENT", "UID:people-1@example.de", "DTSTAMP:20260301T100000Z",
             "DTSTART:20260310T090000Z", "DTEND:20260310T100000Z",
             "SUMMARY:Interview: Data Analyst at Globex", organizer,
             "ATTENDEE;CN=Sophie Krämer;ROLE=REQ-PARTICIPANT:mailto:sophie.kraemer@globex.de",
             *attendees,
             "ATTENDEE;CN=Jane Candidate;ROLE=REQ-PARTICIPANT:mailto:jane.candidate@gmail.com"]
    if description:
        lines.append("DESCRIPTION:" + description.replace(",", "\\,"))
    path = tmp_path / "invite.ics"
    path.write_text("\r\n".join([*lines, "END:VEVENT", "END:VCALENDAR", ""]), encoding="utf-8")
    return path


def people(backend, path: Path) -> dict[str, tuple[Role, bool, str]]:
    [proposal] = read_and_propose(backend, path, ME)
    return {p.email: (p.role, p.interviewer, p.title) for p in proposal.people}


ORGANISER = "ORGANIZER;CN=Jonas Weber:mailto:jonas.weber@globex.de"


def test_an_organiser_only_arranging_it_stays_a_recruiter(backend, tmp_path):
    found = people(backend, invitation(tmp_path, ORGANISER))
    assert found["jonas.weber@globex.de"] == (Role.RECRUITER, False, "")
    assert found["sophie.kraemer@globex.de"] == (Role.INTERVIEWER, True, "")


@pytest.mark.parametrize("organizer", [
    "ORGANIZER;CN=Jonas Weber;PARTSTAT=ACCEPTED:mailto:jonas.weber@globex.de",
    "ORGANIZER;CN=Jonas Weber;ROLE=CHAIR:mailto:jonas.weber@globex.de",
], ids=["accepted", "chair"])
def test_an_organiser_who_accepted_or_chairs_is_an_interviewer(backend, tmp_path, organizer):
    found = people(backend, invitation(tmp_path, organizer))
    assert found["jonas.weber@globex.de"][:2] == (Role.INTERVIEWER, True)


def test_an_organiser_named_in_the_description_is_an_interviewer_with_the_title_given(
        backend, tmp_path):
    found = people(backend, invitation(tmp_path, ORGANISER, DESCRIPTION))
    assert found["jonas.weber@globex.de"] == (Role.INTERVIEWER, True, "Head of Data")
    assert found["sophie.kraemer@globex.de"] == (Role.INTERVIEWER, True, "Teamleitung")


def test_the_import_makes_both_interviewers_with_their_titles_to_check(backend, tmp_path):
    result = import_ics(backend, invitation(tmp_path, ORGANISER, DESCRIPTION), ME)
    contacts = {c.email: (c.name, c.title, c.title_verified) for c in Contact.select()}
    assert contacts["sophie.kraemer@globex.de"] == ("Sophie Krämer", "Teamleitung", False)
    assert contacts["jonas.weber@globex.de"] == ("Jonas Weber", "Head of Data", False)
    panel = {row.contact.email for row in InterviewContact.select()}
    assert panel == {"sophie.kraemer@globex.de", "jonas.weber@globex.de"}
    assert Interview.select().count() == 1
    assert any("Teamleitung" in note and "check it" in note for note in result.notes)


def test_an_existing_contact_keeps_its_title(backend, tmp_path):
    from followup_desktop.services import records

    company = records.add_company(backend, "Globex")
    records.add_contact(backend, company, records.ContactDraft(
        "Sophie Krämer", "Head of Analytics", email="sophie.kraemer@globex.de"))
    import_ics(backend, invitation(tmp_path, ORGANISER, DESCRIPTION), ME)
    assert Contact.get(Contact.email == "sophie.kraemer@globex.de").title == "Head of Analytics"


def test_titles_next_to_names():
    names = ["Sophie Krämer", "Jonas Weber", "Max Muster", "Nobody Here"]
    assert titles_in(DESCRIPTION, names) == {"sophie krämer": "Teamleitung",
                                             "jonas weber": "Head of Data"}
    assert titles_in("Ada Lovelace - CTO, Bob - Engineer. Al - x", ["Ada Lovelace", "Bob", "Al"]) \
        == {"ada lovelace": "CTO", "bob": "Engineer"}  # "Al" is too short a name to look for
    assert titles_in("With Ada Lovelace (ada@example.org)", ["Ada Lovelace"]) == {}
    assert titles_in("With Ada Lovelace (optional)", ["Ada Lovelace"]) == {}
    assert titles_in("", ["Ada Lovelace"]) == {}
    long = "With Ada Lovelace (" + "x" * 200 + ")"
    assert titles_in(long, ["Ada Lovelace"]) == {}


def test_a_name_is_found_whole_and_across_spaces_and_capitals():
    assert named_in("You meet JONAS\nWeber at ten.", "Jonas Weber")
    assert not named_in("You meet Jonas Webern.", "Jonas Weber")
    assert not named_in("anything", "")


def test_attending_is_told_by_the_mentions_or_the_description():
    arranged = Person("Jonas Weber", "jonas.weber@globex.de", "organizer")
    accepted = Person("Jonas Weber", "jonas.weber@globex.de", "organizer", "accepted")
    assert not organiser_attended([arranged], "Jonas Weber", "Sophie will see you.")
    assert organiser_attended([accepted], "Jonas Weber", "")
    assert organiser_attended([arranged], "Jonas Weber", "Jonas Weber will see you.")
