"""Importing invitations into records: the right instant, company, application and people; a
second import, an update, an older version and a cancellation; all or nothing throughout."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup_desktop.domain.model import (
    ActionKind,
    ActionState,
    ApplicationStatus,
    InterviewFormat,
    Role,
)
from followup_desktop.io.ics_import.reader import read_invitations
from followup_desktop.services import actions, records, settings
from followup_desktop.services.errors import UserError
from followup_desktop.services.exchange.invitations.applying import apply, import_ics
from followup_desktop.services.exchange.invitations.proposal import Choice
from followup_desktop.services.exchange.invitations.proposing import propose, read
from followup_desktop.services.exchange.invitations.title import read_title
from followup_desktop.services.planning import replan
from followup_desktop.storage.models import (
    Action,
    Application,
    Company,
    Contact,
    Interview,
    InterviewContact,
)
from helpers.backends import db_file, row_counts, table_rows

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ics"
ME = ["jane.candidate@gmail.com", "jane.candidate@icloud.com"]


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def counts(tmp_path: Path) -> dict[str, int]:
    return row_counts(db_file(tmp_path / "data"))


def snapshot(tmp_path: Path) -> dict[str, list[tuple]]:
    return table_rows(db_file(tmp_path / "data"))


def fixture(name: str) -> Path:
    return FIXTURES / name


def interview_of(uid_part: str) -> Interview:
    return Interview.get(Interview.ical_uid.contains(uid_part))


def panel_emails(interview: Interview) -> list[str]:
    return sorted(c.email for c in Contact.select().join(InterviewContact).where(
        InterviewContact.interview == interview.id))


def thank_yous(interview: Interview) -> list[Action]:
    return list(Action.select().where((Action.interview == interview.id)
                                      & (Action.kind == ActionKind.THANK_YOU)))


# ---------------------------------------------------------------- every fixture, end to end

# name: (start UTC, zone, company, position, panel, other contacts)
EXPECTED = {
    "google_request.ics": ("2026-03-10 17:00", "America/Los_Angeles", "Acme Robotics",
                           "Robotics Engineer",
                           ["ada@acme-robotics.com", "charles.babbage@acme-robotics.com"], []),
    "outlook_windows_zone.ics": ("2026-03-30 12:00", "Europe/Berlin", "Globex Logistik",
                                 "Logistics Analyst", ["Konrad.Zuse@globex-logistik.de"],
                                 ["grace.hopper@globex-logistik.de"]),
    "outlook_no_vtimezone.ics": ("2026-11-03 17:00", "America/Los_Angeles", "Initrode",
                                 "Senior Data Engineer", ["alan.turing@initrode.com"], []),
    "outlook_custom_zone.ics": ("2026-04-15 06:00", "UTC", "Umbrella Systems",
                                "Firmware Engineer", ["hedy.lamarr@umbrella-systems.co.uk"], []),
    "thunderbird.ics": ("2026-03-12 14:30", "Europe/Berlin", "Hooli",
                        "(position not named in the invitation)",
                        ["dennis.ritchie@hooli.xyz", "m.hamilton@hooli.xyz"],
                        ["b.liskov@hooli.xyz"]),
    "apple_floating.ics": ("2026-03-16 13:00", "Europe/Berlin", "Vandelay Industries",
                           "Import/Export Manager", ["katherine@vandelay-industries.com"], []),
    "apple_all_day.ics": ("2026-03-17 08:00", "Europe/Berlin", "Stark Industries",
                          "(position not named in the invitation)",
                          ["pepper.potts@stark-industries.com"], []),
    "ats_utc.ics": ("2026-03-18 15:00", "UTC", "Globex", "Backend Engineer",
                    ["linus@globex.io", "radia.perlman@globex.io"], []),
    "free_mail.ics": ("2026-03-19 09:00", "UTC", "Initech",
                      "(position not named in the invitation)",
                      ["peter.gibbons@gmail.com", "samir.n@outlook.com"], []),
    "hostile_names.ics": ("2026-03-20 10:00", "UTC", "Cyberdyne",
                          "(position not named in the invitation)",
                          ["kyle.reese@cyberdyne.example", "sarah.connor@cyberdyne.example"],
                          ["miles.dyson@cyberdyne.example"]),
    "recurring_bomb.ics": ("2026-03-23 10:00", "UTC", "Soylent Corp",
                           "(position not named in the invitation)",
                           ["sol.roth@soylent-corp.example"], []),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_imports_to_the_right_instant_company_and_people(backend, name):
    start, zone, company, position, panel, others = EXPECTED[name]
    result = import_ics(backend, fixture(name), ME)
    assert (result.created, result.updated, result.cancelled) == (1, 0, 0)
    interview = Interview.get_by_id(result.interview_ids[0])
    assert (interview.start_utc, interview.zone) == (utc(start), zone)
    app = Application.get_by_id(interview.application_id)
    assert (app.company.name, app.position) == (company, position)
    assert app.status == ApplicationStatus.INTERVIEWING
    assert panel_emails(interview) == sorted(panel)
    assert sorted(c.email for c in Contact.select()) == sorted(panel + others)
    assert {a.contact.email for a in thank_yous(interview)} == set(panel)
    assert interview.ical_sequence == read(backend, fixture(name))[0].sequence


def test_own_addresses_are_never_contacts_nor_thanked(backend):
    for name in EXPECTED:
        import_ics(backend, fixture(name), ME)
    emails = {c.email.casefold() for c in Contact.select()}
    assert not emails & {a.casefold() for a in ME}
    thanked = {a.contact.email.casefold() for a in Action.select().where(
        Action.kind == ActionKind.THANK_YOU)}
    assert not thanked & {a.casefold() for a in ME}
    assert "Jane Candidate" not in {c.name for c in Contact.select()}


def test_without_own_addresses_nothing_is_written_until_the_user_says(backend, tmp_path):
    before = snapshot(tmp_path)
    [proposal] = propose(backend, read(backend, fixture("google_request.ics")))
    assert proposal.needs_own_addresses
    assert "jane.candidate@gmail.com" in {p.email for p in proposal.people}
    with pytest.raises(UserError, match="which of the invited addresses is yours"):
        apply(backend, [proposal])
    assert snapshot(tmp_path) == before
    import_ics(backend, fixture("google_request.ics"), ["Jane.Candidate@Gmail.com"])
    assert settings.load()["own_addresses"] == ["jane.candidate@gmail.com"]
    [later] = propose(backend, read(backend, fixture("outlook_windows_zone.ics")))
    assert not later.needs_own_addresses  # remembered: asked once
    assert "Jane.Candidate@gmail.com" not in {p.email for p in later.people}


def test_hostile_names_are_stored_literally(backend):
    import_ics(backend, fixture("hostile_names.ics"), ME)
    names = {c.email: c.name for c in Contact.select()}
    assert names["sarah.connor@cyberdyne.example"] == "=HYPERLINK(https://evil.example)"
    assert names["kyle.reese@cyberdyne.example"] == "@SUM(1+1)*cmd|' /C calc'!A0"
    assert names["miles.dyson@cyberdyne.example"] == \
        "<a href=https://evil.example>Miles Dyson</a>"
    assert Interview.get().location == "<script>alert(1)</script>"


def test_organizer_roles(backend):
    import_ics(backend, fixture("outlook_windows_zone.ics"), ME)
    roles = {c.email: (c.role, c.name) for c in Contact.select()}
    # Outlook lists the organizer only as ORGANIZER: with an interviewer there, a recruiter
    assert roles["grace.hopper@globex-logistik.de"] == (Role.RECRUITER, "Grace Hopper")
    assert roles["Konrad.Zuse@globex-logistik.de"] == (Role.INTERVIEWER, "Konrad Zuse")
    import_ics(backend, fixture("thunderbird.ics"), ME)
    assert Contact.get(Contact.email == "b.liskov@hooli.xyz").role == Role.OTHER
    assert Contact.get(Contact.email == "dennis.ritchie@hooli.xyz").name == "Dennis Ritchie"


def test_format_is_read_from_the_location(backend):
    formats = {}
    for name in ("google_request.ics", "outlook_windows_zone.ics", "free_mail.ics",
                 "ats_utc.ics"):
        [proposal] = propose(backend, read(backend, fixture(name)), ME)
        formats[name] = proposal.format
    assert formats == {"google_request.ics": InterviewFormat.ONSITE,
                       "outlook_windows_zone.ics": InterviewFormat.VIDEO,
                       "free_mail.ics": InterviewFormat.PHONE,
                       "ats_utc.ics": InterviewFormat.VIDEO}


def test_all_day_note_reaches_the_result(backend):
    result = import_ics(backend, fixture("apple_all_day.ics"), ME)
    assert any("all-day" in note and "09:00" in note for note in result.notes)


# ---------------------------------------------------------------- again, updated, cancelled

def test_importing_the_same_file_again_changes_nothing(backend, tmp_path):
    for name in EXPECTED:
        import_ics(backend, fixture(name), ME)
    before = snapshot(tmp_path)
    for name in EXPECTED:
        result = import_ics(backend, fixture(name), ME)
        assert (result.created, result.updated, result.unchanged) == (0, 0, 1), name
        assert result.contacts_created == result.companies_created == 0
    assert snapshot(tmp_path) == before


def test_an_update_moves_the_interview_and_its_thank_you(backend, tmp_path):
    import_ics(backend, fixture("google_request.ics"), ME)
    interview = interview_of("5s0v3q2rjq8o1c6l9k4bq7m2ab")
    assert {a.due_utc for a in thank_yous(interview)} == {utc("2026-03-12 08:00")}
    contacts = counts(tmp_path)["contact"]

    [proposal] = propose(backend, read(backend, fixture("google_update.ics")), ME)
    assert (proposal.action, proposal.interview_id) == ("update", interview.id)
    assert "moved from 2026-03-10 17:00 to 2026-03-11 20:00" in proposal.reason
    result = apply(backend, [proposal])
    assert (result.updated, result.created) == (1, 0)

    moved = Interview.get_by_id(interview.id)
    assert (moved.start_utc, moved.end_utc) == (utc("2026-03-11 20:00"), utc("2026-03-11 21:00"))
    assert moved.ical_sequence == 1
    # the interview now ends at 22:00 Berlin on the 11th: thanks at 09:00 on the 13th
    assert {a.due_utc for a in thank_yous(moved)} == {utc("2026-03-13 08:00")}
    assert counts(tmp_path)["contact"] == contacts
    assert Interview.select().count() == 1


def test_an_older_sequence_is_ignored(backend, tmp_path):
    import_ics(backend, fixture("google_request.ics"), ME)
    import_ics(backend, fixture("google_update.ics"), ME)
    before = snapshot(tmp_path)
    [proposal] = propose(backend, read(backend, fixture("google_request.ics")), ME)
    assert proposal.action == "outdated"
    assert "SEQUENCE 0 is older than the 1 already imported" in proposal.reason
    result = import_ics(backend, fixture("google_request.ics"), ME)
    assert result.skipped[0].reason == proposal.reason
    assert snapshot(tmp_path) == before


def test_equal_sequence_with_new_times_is_an_update(backend):
    data = fixture("ats_utc.ics").read_bytes()
    [first] = read_invitations(data, "a.ics")
    apply(backend, propose(backend, [first], ME))
    [moved] = read_invitations(data.replace(b"T150000Z", b"T160000Z")
                               .replace(b"T154500Z", b"T164500Z"), "a.ics")
    [proposal] = propose(backend, [moved], ME)
    assert proposal.action == "update"
    apply(backend, [proposal])
    assert interview_of("7734219").start_utc == utc("2026-03-18 16:00")


def test_a_cancellation_cancels_pending_follow_ups_and_keeps_history(backend, tmp_path):
    import_ics(backend, fixture("google_request.ics"), ME)
    interview = interview_of("5s0v3q2rjq8o1c6l9k4bq7m2ab")
    done = thank_yous(interview)[0]
    actions.complete(backend, done.id, "Thanked Ada by e-mail.",
                     at=utc("2026-03-12 09:00"))
    [proposal] = propose(backend, read(backend, fixture("google_cancel.ics")), ME)
    assert (proposal.action, proposal.interview_id) == ("cancel", interview.id)
    result = apply(backend, [proposal])
    assert result.cancelled == 1

    cancelled = Interview.get_by_id(interview.id)
    assert cancelled.cancelled_utc == backend.clock.now() and cancelled.ical_sequence == 2
    states = {a.id: a.state for a in Action.select().where(Action.interview == interview.id)}
    assert states.pop(done.id) == ActionState.DONE  # history stays
    assert states and set(states.values()) == {ActionState.CANCELLED}
    assert Interview.select().count() == 1  # kept, marked cancelled

    again = import_ics(backend, fixture("google_cancel.ics"), ME)
    assert again.unchanged == 1
    older = import_ics(backend, fixture("google_update.ics"), ME)
    assert older.skipped and "older" in older.skipped[0].reason


def test_a_cancelled_interview_stays_cancelled_after_a_later_replan(backend):
    import_ics(backend, fixture("google_request.ics"), ME)
    import_ics(backend, fixture("google_cancel.ics"), ME)
    interview = interview_of("5s0v3q2rjq8o1c6l9k4bq7m2ab")
    replan(backend, interview.application_id)
    assert not [a for a in Action.select().where(Action.interview == interview.id)
                if ActionState(a.state).is_pending]


def test_a_cancellation_of_an_unknown_interview_is_skipped(backend, tmp_path):
    before = snapshot(tmp_path)
    result = import_ics(backend, fixture("google_cancel.ics"), ME)
    assert result.skipped[0].reason == "it cancels an interview that was never imported"
    assert snapshot(tmp_path) == before


def test_invited_again_after_a_cancellation(backend):
    import_ics(backend, fixture("google_request.ics"), ME)
    import_ics(backend, fixture("google_cancel.ics"), ME)
    data = fixture("google_update.ics").read_bytes().replace(b"SEQUENCE:1", b"SEQUENCE:3")
    [proposal] = propose(backend, read_invitations(data, "again.ics", "Europe/Berlin"), ME)
    assert (proposal.action, proposal.reason) == ("update",
                                                  "invited again after the cancellation")
    apply(backend, [proposal])
    interview = interview_of("5s0v3q2rjq8o1c6l9k4bq7m2ab")
    assert interview.cancelled_utc is None
    assert all(a.state == ActionState.PLANNED for a in thank_yous(interview))


def test_one_file_with_several_versions_keeps_the_newest(backend):
    both = (fixture("google_request.ics").read_bytes()
            + fixture("google_update.ics").read_bytes())
    proposals = propose(backend, read_invitations(both, "both.ics", "Europe/Berlin"), ME)
    assert [p.action for p in proposals] == ["outdated", "create"]
    assert proposals[0].reason == "a newer version of it is in the same file"
    apply(backend, proposals)
    assert interview_of("5s0v3q2rjq8o1c6l9k4bq7m2ab").start_utc == utc("2026-03-11 20:00")


# ---------------------------------------------------------------- matching what is there

def test_contacts_are_matched_by_address_across_files(backend):
    import_ics(backend, fixture("google_request.ics"), ME)
    ada = Contact.get(Contact.email == "ada@acme-robotics.com")
    other = (fixture("google_request.ics").read_bytes()
             .replace(b"5s0v3q2rjq8o1c6l9k4bq7m2ab", b"second-round-uid")
             .replace(b"mailto:ada@acme-robotics.com", b"mailto:ADA@Acme-Robotics.com")
             .replace(b"20260310T1", b"20260317T1"))
    [proposal] = propose(backend, read_invitations(other, "r2.ics", "Europe/Berlin"), ME)
    assert {p.email.casefold(): p.existing_contact_id for p in proposal.people}[
        "ada@acme-robotics.com"] == ada.id
    result = apply(backend, [proposal])
    assert result.contacts_created == 0 and result.companies_created == 0
    assert Contact.select().count() == 2
    second = Interview.get_by_id(result.interview_ids[0])
    assert second.round == 2 and second.application_id == Interview.get_by_id(1).application_id


def test_one_address_in_one_file_is_one_person(backend):
    """Outlook lists Konrad twice, in two spellings of his address."""
    import_ics(backend, fixture("outlook_windows_zone.ics"), ME)
    assert Contact.select().where(Contact.email ** "konrad.zuse@%").count() == 1


def test_people_in_two_invitations_of_one_import_are_one_contact(backend):
    data = fixture("ats_utc.ics").read_bytes()
    second = data.replace(b"interview-7734219", b"interview-7734220").replace(
        b"20260318T", b"20260325T")
    invitations = read_invitations(data + second, "two.ics")
    result = apply(backend, propose(backend, invitations, ME))
    assert result.created == 2 and result.contacts_created == 2
    assert Contact.select().count() == 2 and Company.select().count() == 1


def test_existing_company_and_open_application_are_used(backend):
    company = records.add_company(backend, "ACME robotics")
    app_id = records.add_application(backend, company, "Senior Robotics Engineer")
    [proposal] = propose(backend, read(backend, fixture("google_request.ics")), ME)
    assert (proposal.existing_company_id, proposal.existing_application_id) == (company,
                                                                                app_id)
    result = apply(backend, [proposal])
    assert result.companies_created == 0
    assert Interview.get_by_id(result.interview_ids[0]).application_id == app_id
    assert Company.select().count() == Application.select().count() == 1


def test_company_known_by_a_contacts_address_or_website(backend):
    company = records.add_company(backend, "Initrode Corporation",
                                  website="https://www.initrode.com/careers")
    [proposal] = propose(backend, read(backend, fixture("outlook_no_vtimezone.ics")), ME)
    assert proposal.existing_company_id == company
    other = records.add_company(backend, "Umbrella")
    records.add_contact(backend, other, records.ContactDraft(
        name="Someone", email="someone@umbrella-systems.co.uk"))
    [proposal] = propose(backend, read(backend, fixture("outlook_custom_zone.ics")), ME)
    assert (proposal.existing_company_id, proposal.company_name) == (other, "Umbrella")


def test_company_from_domain_and_from_title(backend):
    by_domain = propose(backend, read(backend, fixture("outlook_custom_zone.ics")), ME)[0]
    assert (by_domain.company_name, by_domain.company_domain) == (
        "Umbrella Systems", "umbrella-systems.co.uk")
    free_mail = propose(backend, read(backend, fixture("free_mail.ics")), ME)[0]
    assert (free_mail.company_name, free_mail.company_domain) == ("Initech", "")
    result = apply(backend, [by_domain, free_mail])
    websites = {c.name: c.website for c in Company.select()}
    assert websites == {"Umbrella Systems": "https://umbrella-systems.co.uk", "Initech": ""}
    assert result.companies_created == 2


def test_no_company_can_be_told(backend, tmp_path):
    data = fixture("free_mail.ics").read_bytes().replace(b"Phone screen with Initech",
                                                         b"Quick chat")
    [proposal] = propose(backend, read_invitations(data, "chat.ics"), ME)
    assert proposal.company_name == "" and proposal.position == ""
    assert any("choose one" in note for note in proposal.notes)
    before = snapshot(tmp_path)
    with pytest.raises(UserError, match="no company could be told"):
        apply(backend, [proposal])
    assert snapshot(tmp_path) == before
    choice = {proposal.invitation.uid: Choice(company_name="Initech", position="Developer")}
    result = apply(backend, [proposal], choice)
    app = Application.get_by_id(Interview.get_by_id(result.interview_ids[0]).application_id)
    assert (app.company.name, app.position) == ("Initech", "Developer")


@pytest.mark.parametrize(("title", "company", "position"), [
    ("Interview with Acme Robotics", "Acme Robotics", ""),
    ("Acme Robotics – Robotics Engineer interview", "Acme Robotics", "Robotics Engineer"),
    ("Robotics Engineer interview - Acme Robotics", "Acme Robotics", "Robotics Engineer"),
    ("Interview for Senior Data Engineer at Initrode", "Initrode", "Senior Data Engineer"),
    ("Interview: Backend Engineer @ Globex", "Globex", "Backend Engineer"),
    ("Interview with Acme for the Data Engineer role", "Acme", "Data Engineer"),
    ("2nd round interview at Acme Robotics", "Acme Robotics", ""),
    ("Technical interview | Acme Robotics | Robotics Engineer", "Acme Robotics",
     "Robotics Engineer"),
    ("Vorstellungsgespräch: Logistics Analyst – Globex Logistik", "Globex Logistik",
     "Logistics Analyst"),
    ("Interview: Robotics Engineer", "", "Robotics Engineer"),
    ("Interview: Data Analyst at Vandelay Industries", "Vandelay Industries", "Data Analyst"),
    ("Phone screen – Site Reliability Engineer with Globex", "Globex",
     "Site Reliability Engineer"),
    ("Interview – Friends at Work Ltd", "Friends at Work Ltd", ""),
    ("Interview with Ada Lovelace", "", ""),  # a person, not a company
    ("Lunch at Luigi's", "", ""),  # not about an interview
    ("Weekly sync with Soylent Corp", "", ""),
    ("Quick chat with Initech", "Initech", ""),
    ("Quick chat", "", ""),
])
def test_reading_the_title(title, company, position):
    assert read_title(title, {"Ada Lovelace"}) == (company, position)


def test_interview_recorded_by_hand_is_linked_not_duplicated(backend):
    company = records.add_company(backend, "Hooli")
    app_id = records.add_application(backend, company, "Platform Engineer")
    by_hand = records.add_interview(backend, app_id, utc("2026-03-12 14:30"),
                                    utc("2026-03-12 15:30"), "Europe/Berlin", [])
    [proposal] = propose(backend, read(backend, fixture("thunderbird.ics")), ME)
    assert (proposal.action, proposal.interview_id) == ("update", by_hand)
    apply(backend, [proposal])
    linked = Interview.get_by_id(by_hand)
    assert linked.ical_uid == "8f1c2b3a-4d5e-4f60-9a7b-1c2d3e4f5a6b"
    assert Interview.select().count() == 1
    assert panel_emails(linked) == ["dennis.ritchie@hooli.xyz", "m.hamilton@hooli.xyz"]


def test_choices_skip_and_override(backend):
    proposals = propose(backend, read(backend, fixture("google_request.ics"))
                        + read(backend, fixture("ats_utc.ics")), ME)
    choices = {proposals[0].invitation.uid: Choice(skip=True),
               proposals[1].invitation.uid: Choice(company_name="Globex Corporation")}
    result = apply(backend, proposals, choices)
    assert result.created == 1 and result.skipped[0].reason == "you chose to skip it"
    assert [c.name for c in Company.select()] == ["Globex Corporation"]


def test_a_recurring_invitation_keeps_its_first_occurrence(backend):
    result = import_ics(backend, fixture("recurring_bomb.ics"), ME)
    assert Interview.get_by_id(result.interview_ids[0]).start_utc == utc("2026-03-23 10:00")
    assert any("first occurrence" in note for note in result.notes)


def test_a_long_event_is_not_an_interview(backend, tmp_path):
    data = fixture("apple_all_day.ics").read_bytes().replace(b"DTEND;VALUE=DATE:20260318",
                                                             b"DTEND;VALUE=DATE:20260320")
    result = apply(backend, propose(backend, read_invitations(data, "x.ics"), ME))
    assert result.created == 0 and "3 days is not an interview" in result.skipped[0].reason
    assert counts(tmp_path)["interview"] == 0


def test_a_reply_is_not_an_invitation(backend):
    data = fixture("ats_utc.ics").read_bytes().replace(b"METHOD:REQUEST", b"METHOD:REPLY")
    [proposal] = propose(backend, read_invitations(data, "reply.ics"), ME)
    assert proposal.action == "skip" and "REPLY" in proposal.reason


# ---------------------------------------------------------------- all or nothing

def test_a_stale_preview_is_refused(backend, tmp_path):
    proposals = propose(backend, read(backend, fixture("google_request.ics")), ME)
    apply(backend, proposals)
    before = snapshot(tmp_path)
    with pytest.raises(UserError, match="changed since this import was previewed"):
        apply(backend, proposals)
    assert snapshot(tmp_path) == before


def test_an_error_in_the_last_invitation_undoes_the_first(backend, tmp_path):
    proposals = propose(backend, read(backend, fixture("google_request.ics"))
                        + read(backend, fixture("ats_utc.ics")), ME)
    before = snapshot(tmp_path)
    with pytest.raises(UserError, match=r"'Interview: Backend Engineer @ Globex' \(line 5\): "
                                        r"There is no company 999"):
        apply(backend, proposals, {proposals[1].invitation.uid: Choice(company_id=999)})
    assert snapshot(tmp_path) == before


def test_a_deleted_contact_since_the_preview(backend, tmp_path):
    import_ics(backend, fixture("google_request.ics"), ME)
    other = fixture("google_request.ics").read_bytes().replace(
        b"5s0v3q2rjq8o1c6l9k4bq7m2ab", b"round-two").replace(b"20260310T1", b"20260317T1")
    proposals = propose(backend, read_invitations(other, "r2.ics", "Europe/Berlin"), ME)
    Contact.delete().where(Contact.email == "ada@acme-robotics.com").execute()
    before = snapshot(tmp_path)
    with pytest.raises(UserError, match="There is no contact"):
        apply(backend, proposals)
    assert snapshot(tmp_path) == before


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "invite.ics"
    path.write_bytes(data)
    return path


HOSTILE = {
    "garbage": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "text": b"Dear Jane, see you Tuesday!\n",
    "truncated": fixture("google_request.ics").read_bytes()[:1500],
    "invalid UTF-8": fixture("thunderbird.ics").read_bytes().replace(b"Torstra\xc3\x9fe",
                                                                    b"Torstra\xdfe"),
    "year 9999": fixture("ats_utc.ics").read_bytes().replace(b"20260318T", b"99991231T"),
    "end before start": fixture("ats_utc.ics").read_bytes().replace(b"DTEND:20260318T154500Z",
                                                                    b"DTEND:20260318T140000Z"),
    "huge summary": fixture("ats_utc.ics").read_bytes().replace(
        b"SUMMARY:Interview", b"SUMMARY:" + b"I" * 50_000),
    "unknown zone": fixture("outlook_no_vtimezone.ics").read_bytes().replace(
        b"Pacific Standard Time", b"Atlantis Standard Time"),
    "thousands of events": b"BEGIN:VCALENDAR\r\n" + b"".join(
        b"BEGIN:VEVENT\r\nUID:%d\r\nDTSTART:20260320T100000Z\r\nEND:VEVENT\r\n" % n
        for n in range(2_500)) + b"END:VCALENDAR\r\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_a_user_error_and_changes_nothing(backend, tmp_path, name):
    import_ics(backend, fixture("google_request.ics"), ME)
    before = counts(tmp_path)
    began = time.perf_counter()
    with pytest.raises(UserError) as caught:
        import_ics(backend, write(tmp_path, HOSTILE[name]), ME)
    took = time.perf_counter() - began
    message = str(caught.value)
    print(f"\n{name}: {took * 1000:.0f} ms: {message}")
    assert message.startswith("invite.ics") and "\n" not in message
    assert counts(tmp_path) == before


def test_a_100_mb_file_is_refused_at_once(backend, tmp_path):
    path = tmp_path / "huge.ics"
    with path.open("wb") as out:
        out.write(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDESCRIPTION:")
        out.write(b"x" * (100 * 2**20))
    before = counts(tmp_path)
    began = time.perf_counter()
    with pytest.raises(UserError, match="larger than the limit of 20 MB"):
        import_ics(backend, path, ME)
    print(f"\n100 MB file refused in {time.perf_counter() - began:.2f} s")
    assert counts(tmp_path) == before


def test_an_unreadable_path(backend, tmp_path):
    with pytest.raises(UserError, match="cannot be read"):
        import_ics(backend, tmp_path / "missing.ics", ME)
    with pytest.raises(UserError, match="cannot be read"):
        import_ics(backend, tmp_path, ME)


def test_a_bad_own_address(backend):
    with pytest.raises(UserError, match="is not a plain e-mail address"):
        propose(backend, read(backend, fixture("ats_utc.ics")), ["not an address"])
