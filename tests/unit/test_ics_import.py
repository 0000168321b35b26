"""Reading .ics invitations: every program's shape to the right UTC instant, and every broken or
hostile file to one clear IcsError in bounded time."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup_desktop.io.ics_import.errors import IcsError
from followup_desktop.io.ics_import.invitation import Invitation
from followup_desktop.io.ics_import.limits import MAX_BYTES, MAX_EVENTS, MAX_LINES
from followup_desktop.io.ics_import.reader import read_invitations

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ics"
ME = "jane.candidate@gmail.com"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def read(name: str, zone: str = "Europe/Berlin") -> list[Invitation]:
    return read_invitations((FIXTURES / name).read_bytes(), name, zone)


def only(name: str, zone: str = "Europe/Berlin") -> Invitation:
    [invitation] = read(name, zone)
    return invitation


def calendar(*events: str, head: str = "", method: str = "REQUEST") -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return (f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nMETHOD:{method}\r\n"
            f"{head}{body}END:VCALENDAR\r\n").encode()


def event(uid: str = "u1", start: str = "DTSTART:20260320T100000Z",
          end: str = "DTEND:20260320T110000Z", extra: str = "") -> str:
    lines = [f"UID:{uid}", "DTSTAMP:20260301T000000Z", start, end, "SUMMARY:Interview", extra]
    return "\r\n".join(line for line in lines if line)


def failure(data: bytes, zone: str = "Europe/Berlin") -> str:
    with pytest.raises(IcsError) as caught:
        read_invitations(data, "invite.ics", zone)
    message = str(caught.value)
    assert "\n" not in message and "\r" not in message
    assert message.startswith("invite.ics")
    return message


# ---------------------------------------------------------------- every program's shape

# name: (start UTC, end UTC, zone, the quirk it covers)
INSTANTS = {
    # Google: TZID with its VTIMEZONE; 10:00 in Los Angeles two days after US summer time
    # began (PDT, UTC-7): 17:00Z, not the 18:00Z a winter offset would give.
    "google_request.ics": ("2026-03-10 17:00", "2026-03-10 18:00", "America/Los_Angeles"),
    # Outlook/Exchange: a Windows zone name, the day after EU summer time began: 14:00 CEST.
    "outlook_windows_zone.ics": ("2026-03-30 12:00", "2026-03-30 13:00", "Europe/Berlin"),
    # Outlook without any VTIMEZONE, two days after US summer time ended: 09:00 PST.
    "outlook_no_vtimezone.ics": ("2026-11-03 17:00", "2026-11-03 18:00",
                                 "America/Los_Angeles"),
    # Outlook "Customized Time Zone": +03:00, +04:00 in summer (from the last Sunday of March).
    "outlook_custom_zone.ics": ("2026-04-15 06:00", "2026-04-15 07:00", "UTC"),
    # Thunderbird: a /mozilla.org/... TZID with X-LIC-LOCATION; 15:30 CET in winter.
    "thunderbird.ics": ("2026-03-12 14:30", "2026-03-12 15:30", "Europe/Berlin"),
    # Apple Calendar, floating time: 14:00 wherever the user is (here Berlin, CET).
    "apple_floating.ics": ("2026-03-16 13:00", "2026-03-16 14:00", "Europe/Berlin"),
    # Apple Calendar, all-day: 09:00 for an hour in the user's zone.
    "apple_all_day.ics": ("2026-03-17 08:00", "2026-03-17 09:00", "Europe/Berlin"),
    # An applicant tracking system: UTC "Z" times, LF line ends.
    "ats_utc.ics": ("2026-03-18 15:00", "2026-03-18 15:45", "UTC"),
    "free_mail.ics": ("2026-03-19 09:00", "2026-03-19 09:30", "UTC"),
    "hostile_names.ics": ("2026-03-20 10:00", "2026-03-20 11:00", "UTC"),
    "recurring_bomb.ics": ("2026-03-23 10:00", "2026-03-23 11:00", "UTC"),
    # Updated (SEQUENCE 1) and cancelled (METHOD:CANCEL) versions of the Google invitation.
    "google_update.ics": ("2026-03-11 20:00", "2026-03-11 21:00", "America/Los_Angeles"),
    "google_cancel.ics": ("2026-03-11 20:00", "2026-03-11 21:00", "America/Los_Angeles"),
}


def test_every_fixture_is_covered():
    assert sorted(p.name for p in FIXTURES.glob("*.ics")) == sorted(INSTANTS)


@pytest.mark.parametrize("name", sorted(INSTANTS))
def test_fixture_reads_to_the_exact_utc_instant(name):
    start, end, zone = INSTANTS[name]
    invitation = only(name)
    assert (invitation.start, invitation.end) == (utc(start), utc(end))
    assert invitation.start.tzinfo is UTC and invitation.zone == zone
    assert invitation.uid and invitation.line > 0


def test_google_invitation_people_and_fields():
    invitation = only("google_request.ics")
    assert invitation.method == "REQUEST" and invitation.sequence == 0
    assert not invitation.cancelled and not invitation.recurring
    assert invitation.summary == "Acme Robotics – Robotics Engineer interview"
    assert invitation.location == "Acme Robotics HQ, 500 Howard St, San Francisco, CA 94105, USA"
    assert invitation.organizer.email == "ada@acme-robotics.com"
    assert invitation.organizer.name == "Ada Lovelace"
    # the meeting room (CUTYPE=RESOURCE) is nobody; Google's CN=address means no name
    assert [(p.name, p.email) for p in invitation.attendees] == [
        ("Ada Lovelace", "ada@acme-robotics.com"), ("", ME),
        ("Charles Babbage", "charles.babbage@acme-robotics.com")]
    assert "Join with Google Meet" in invitation.description


def test_outlook_roles_groups_and_case():
    invitation = only("outlook_windows_zone.ics")
    roles = {p.email: p.role for p in invitation.attendees}
    assert roles["recruiting@globex-logistik.de"] == "group"
    assert roles["Konrad.Zuse@globex-logistik.de"] == "req-participant"
    assert roles["konrad.zuse@GLOBEX-LOGISTIK.DE"] == "opt-participant"
    assert invitation.organizer.role == "organizer"


def test_thunderbird_folded_lines_and_non_participants():
    invitation = only("thunderbird.ics")
    assert invitation.organizer.email == "m.hamilton@hooli.xyz"
    assert {p.email: p.role for p in invitation.attendees}["b.liskov@hooli.xyz"] \
        == "non-participant"
    assert "dennis.ritchie@hooli.xyz" in {p.email for p in invitation.attendees}


def test_updated_and_cancelled_versions():
    update, cancel = only("google_update.ics"), only("google_cancel.ics")
    original = only("google_request.ics")
    assert update.uid == cancel.uid == original.uid
    assert (update.sequence, update.cancelled) == (1, False)
    assert (cancel.sequence, cancel.cancelled, cancel.method) == (2, True, "CANCEL")


def test_status_cancelled_without_method_cancel():
    [invitation] = read_invitations(calendar(event(extra="STATUS:CANCELLED"), method="PUBLISH"))
    assert invitation.cancelled


def test_hostile_names_are_kept_literally():
    invitation = only("hostile_names.ics")
    assert invitation.summary == '=HYPERLINK("https://evil.example/steal";"Interview with ' \
                                 'Cyberdyne")'
    assert invitation.location == "<script>alert(1)</script>"
    assert invitation.organizer.name == "<a href=https://evil.example>Miles Dyson</a>"
    assert [p.name for p in invitation.attendees][:2] == [
        "=HYPERLINK(https://evil.example)", "@SUM(1+1)*cmd|' /C calc'!A0"]


# ---------------------------------------------------------------- time zones

def test_floating_time_is_read_in_the_users_zone():
    assert only("apple_floating.ics", "Europe/Berlin").start == utc("2026-03-16 13:00")
    tokyo = only("apple_floating.ics", "Asia/Tokyo")
    assert (tokyo.start, tokyo.zone) == (utc("2026-03-16 05:00"), "Asia/Tokyo")


def test_all_day_event_gets_nine_oclock_and_a_note():
    invitation = only("apple_all_day.ics")
    assert invitation.all_day_days == 1
    assert "all-day" in invitation.notes[0] and "09:00" in invitation.notes[0]
    [three_days] = read_invitations(calendar(event(
        start="DTSTART;VALUE=DATE:20260401", end="DTEND;VALUE=DATE:20260404")))
    assert three_days.all_day_days == 3


def test_berlin_summer_time_from_an_iana_tzid():
    [before, after] = read_invitations(calendar(
        event("a", "DTSTART;TZID=Europe/Berlin:20260328T100000",
              "DTEND;TZID=Europe/Berlin:20260328T110000"),
        event("b", "DTSTART;TZID=Europe/Berlin:20260329T100000",
              "DTEND;TZID=Europe/Berlin:20260329T110000")))
    assert before.start == utc("2026-03-28 09:00")  # CET, UTC+1
    assert after.start == utc("2026-03-29 08:00")  # CEST, UTC+2, from that night on


def test_los_angeles_both_sides_of_the_change_without_a_vtimezone():
    [winter, summer] = read_invitations(calendar(
        event("a", "DTSTART;TZID=Pacific Standard Time:20260306T090000",
              "DTEND;TZID=Pacific Standard Time:20260306T100000"),
        event("b", "DTSTART;TZID=Pacific Standard Time:20260309T090000",
              "DTEND;TZID=Pacific Standard Time:20260309T100000")))
    assert (winter.start, summer.start) == (utc("2026-03-06 17:00"), utc("2026-03-09 16:00"))
    assert winter.zone == summer.zone == "America/Los_Angeles"


CUSTOM_ZONE = """BEGIN:VTIMEZONE\r
TZID:Customized Time Zone\r
BEGIN:STANDARD\r
DTSTART:16011028T030000\r
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r
TZOFFSETFROM:{summer}\r
TZOFFSETTO:{winter}\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:16010325T020000\r
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r
TZOFFSETFROM:{winter}\r
TZOFFSETTO:{summer}\r
END:DAYLIGHT\r
END:VTIMEZONE\r
"""


def custom_zone_file(winter: str, summer: str, start: str = "20260415T100000") -> bytes:
    return calendar(event(start=f'DTSTART;TZID="Customized Time Zone":{start}',
                          end=f'DTEND;TZID="Customized Time Zone":{start[:9]}235900'),
                    head=CUSTOM_ZONE.format(winter=winter, summer=summer))


def test_custom_zones_of_the_same_name_do_not_leak_between_files():
    """icalendar caches a custom VTIMEZONE by TZID for the whole process; each file must get
    its own rules all the same."""
    first = read_invitations(custom_zone_file("+0300", "+0400"))[0]
    second = read_invitations(custom_zone_file("-0500", "-0400"))[0]
    assert first.start == utc("2026-04-15 06:00")
    assert second.start == utc("2026-04-15 14:00")


def test_custom_zone_rules_both_seasons():
    winter = read_invitations(custom_zone_file("+0300", "+0400", "20260120T100000"))[0]
    assert winter.start == utc("2026-01-20 07:00")


def test_custom_zone_that_matches_the_users_zone_is_named_after_it():
    [invitation] = read_invitations(custom_zone_file("+0100", "+0200"), "x.ics",
                                    "Europe/Berlin")
    assert (invitation.start, invitation.zone) == (utc("2026-04-15 08:00"), "Europe/Berlin")


def test_x_lic_location_names_a_zone_whose_tzid_is_no_iana_name():
    head = ("BEGIN:VTIMEZONE\r\nTZID:Mitteleuropaeische Zeit\r\nX-LIC-LOCATION:Europe/Vienna\r\n"
            "BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\n"
            "TZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n")
    [invitation] = read_invitations(calendar(event(
        start="DTSTART;TZID=Mitteleuropaeische Zeit:20260701T100000",
        end="DTEND;TZID=Mitteleuropaeische Zeit:20260701T110000"), head=head))
    assert (invitation.start, invitation.zone) == (utc("2026-07-01 08:00"), "Europe/Vienna")


def test_vendor_prefixed_tzid_without_definition():
    [invitation] = read_invitations(calendar(event(
        start="DTSTART;TZID=/freeassociation.sourceforge.net/Tzfile/Europe/Zurich:"
              "20260602T110000", end="DURATION:PT45M")))
    assert (invitation.start, invitation.end) == (utc("2026-06-02 09:00"),
                                                  utc("2026-06-02 09:45"))
    assert invitation.zone == "Europe/Zurich"


def test_a_hostile_redefinition_of_a_windows_zone_is_not_used():
    """A file may define "W. Europe Standard Time" any way it likes; the name means Berlin."""
    bogus = CUSTOM_ZONE.replace("Customized Time Zone", "W. Europe Standard Time")
    data = calendar(event(start="DTSTART;TZID=W. Europe Standard Time:20260415T100000",
                          end="DTEND;TZID=W. Europe Standard Time:20260415T110000"),
                    head=bogus.format(winter="+0900", summer="+1000"))
    assert read_invitations(data)[0].start == utc("2026-04-15 08:00")
    later = calendar(event(start="DTSTART;TZID=W. Europe Standard Time:20260415T100000",
                           end="DTEND;TZID=W. Europe Standard Time:20260415T110000"))
    assert read_invitations(later)[0].start == utc("2026-04-15 08:00")


# ---------------------------------------------------------------- recurrence and odd events

def test_rrule_bomb_is_never_expanded():
    began = time.perf_counter()
    invitation = only("recurring_bomb.ics")
    took = time.perf_counter() - began
    print(f"\nRRULE FREQ=SECONDLY;COUNT=1000000000: {took * 1000:.1f} ms")
    assert invitation.recurring and invitation.start == utc("2026-03-23 10:00")
    assert any("first occurrence" in note for note in invitation.notes)
    assert took < 5


def test_changed_occurrence_is_dropped_when_its_series_is_there():
    series = event("s", extra="RRULE:FREQ=WEEKLY;COUNT=4")
    moved = event("s", "DTSTART:20260327T120000Z", "DTEND:20260327T130000Z",
                  "RECURRENCE-ID:20260327T100000Z")
    assert [i.start for i in read_invitations(calendar(series, moved))] == [
        utc("2026-03-20 10:00")]
    [alone] = read_invitations(calendar(moved))
    assert alone.recurring and alone.start == utc("2026-03-27 12:00")


def test_no_end_means_an_hour_with_a_note():
    [invitation] = read_invitations(calendar(event(end="")))
    assert invitation.end == utc("2026-03-20 11:00")
    assert "no end time" in invitation.notes[0]


def test_missing_uid_gets_a_stable_one():
    data = calendar(event().replace("UID:u1\r\n", ""))
    first, second = read_invitations(data)[0], read_invitations(data)[0]
    assert first.uid == second.uid and first.uid.startswith("no-uid-")
    assert "no UID" in first.notes[0]


def test_several_calendars_in_one_file_and_a_byte_order_mark():
    data = b"\xef\xbb\xbf" + calendar(event("a")) + calendar(event("b"))
    assert [i.uid for i in read_invitations(data)] == ["a", "b"]


def test_attendee_without_an_address():
    [invitation] = read_invitations(calendar(event(
        extra="ATTENDEE;CN=Room Booker;ROLE=REQ-PARTICIPANT:invalid:nomail")))
    assert [(p.name, p.email) for p in invitation.attendees] == [("Room Booker", "")]


# ---------------------------------------------------------------- broken and hostile files

def test_limits_are_sensible():
    assert MAX_BYTES == 20 * 2**20 and MAX_EVENTS == 2_000


@pytest.mark.parametrize(("data", "expected"), [
    (b"", "not an iCalendar file"),
    (b"hello world\r\n", "line 1: not an iCalendar line: 'hello world'"),
    (b"BEGIN:VCARD\r\nFN:Ada\r\nEND:VCARD\r\n", "line 1: expected BEGIN:VCALENDAR"),
    (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "holds no events"),
    (calendar(event())[:-40], "ends inside BEGIN:VEVENT (line 5); it is cut short"),
    (calendar(event()).replace(b"END:VEVENT", b"END:VTODO"), "does not close BEGIN:VEVENT"),
    (calendar(event()) + b"X-TRAILING:junk\r\n", "stands outside BEGIN:VCALENDAR"),
    (b"BEGIN:VCALENDAR\r\n\xff\xfeBEGIN:VEVENT\r\n", "line 2: not UTF-8 text (byte 0xff"),
    ("BEGIN:VCALENDAR\r\n".encode("utf-16"), "UTF-16"),
    (b"BEGIN:VCALENDAR\r\nX\x00:1\r\n", "line 2: contains NUL bytes"),
    (b" folded\r\nBEGIN:VCALENDAR\r\n", "starts with a folded line"),
    (calendar(event(start="DTSTART:99991231T233000Z", end="DTEND:99991231T235900Z")),
     "line 8 (event at line 5): 9999-12-31 23:30:00 is outside the years 1900-2999"),
    (calendar(event(start="DTSTART;VALUE=DATE:99991231", end="")), "outside the years"),
    (calendar(event(end="DTEND:20260320T090000Z")),
     "line 9 (event at line 5): the event ends before it starts"),
    (calendar(event(end="DURATION:-PT1H")), "the event ends before it starts"),
    (calendar(event(end="DURATION:P99999999W")), "outside"),
    (calendar(event(start="DTSTART:2026XX20T100000Z")), "line 8 (event at line 5): DTSTART "
                                                        "cannot be read"),
    (calendar(event(extra="DTSTART:20260321T100000Z")), "DTSTART appears 2 times"),
    (calendar(event(start="")), "the event has no start (DTSTART)"),
    (calendar(event(start="DTSTART;TZID=Mars/Olympus_Mons:20260320T100000")),
     "unknown time zone 'Mars/Olympus_Mons', and the file does not define it"),
    (calendar(event(extra="ATTENDEE;CN=X:mailto:not an address")),
     "line 11 (event at line 5): ATTENDEE 'mailto:not an address': e-mail"),
    (calendar(event(extra="ORGANIZER;CN=Evil\x07Bell:mailto:a@b.example")),
     "line 11 (event at line 5): the line cannot be read"),
    (calendar(event(extra="SEQUENCE:-3")), "SEQUENCE -3 is out of range"),
    (calendar(event(extra="SEQUENCE:many")), "SEQUENCE cannot be read"),
    (calendar(event(extra="SUMMARY:second")), "SUMMARY appears 2 times"),
    (calendar(event(extra="UID:" + "u" * 2000)), "UID appears 2 times"),
    (calendar(event(start="DTSTART;VALUE=DATE:20260320", end="DTEND:20260321T100000Z")),
     "has a time, but the start is a date"),
    (calendar(event(end="DTEND;VALUE=DATE:20260321")), "is a date, but the start has a time"),
])
def test_broken_input_gives_one_clear_line(data, expected):
    assert expected in failure(data)


def test_huge_property_values():
    summary = calendar(event().replace("SUMMARY:Interview", "SUMMARY:" + "A" * 5_000))
    assert "SUMMARY is 5,000 characters long; the limit is 1,000" in failure(summary)
    description = calendar(event(extra="DESCRIPTION:" + "d" * 150_000))
    assert "DESCRIPTION is 150,000 characters long" in failure(description)
    name = calendar(event(extra=f"ATTENDEE;CN={'N' * 400}:mailto:n@x.example"))
    assert "name is 400 characters long" in failure(name)


def test_nesting_depth():
    deep = "BEGIN:VALARM\r\n" * 5 + "END:VALARM\r\n" * 5
    assert "nested more than 4 deep" in failure(calendar(event(extra=deep.strip())))


def test_too_many_people():
    people = "\r\n".join(f"ATTENDEE:mailto:p{n}@x.example" for n in range(501))
    assert "more than 500 people invited" in failure(calendar(event(extra=people)))


def test_an_unsafe_custom_zone_rule_is_refused_quickly():
    bomb = CUSTOM_ZONE.replace("FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "FREQ=SECONDLY")
    data = calendar(event(start='DTSTART;TZID="Customized Time Zone":20260415T100000',
                          end='DTEND;TZID="Customized Time Zone":20260415T110000'),
                    head=bomb.format(winter="+0300", summer="+0400"))
    began = time.perf_counter()
    message = failure(data)
    took = time.perf_counter() - began
    print(f"\nVTIMEZONE with FREQ=SECONDLY refused in {took * 1000:.1f} ms")
    assert "time zone 'Customized Time Zone' cannot be used: only one yearly rule" in message
    assert took < 5


def timed_failure(data: bytes, label: str) -> str:
    began = time.perf_counter()
    message = failure(data)
    took = time.perf_counter() - began
    print(f"\n{label}: {len(data) / 2**20:.1f} MB refused in {took:.2f} s: {message}")
    assert took < 10
    return message


def test_a_100_mb_file_is_refused_before_parsing():
    data = calendar(event(extra="DESCRIPTION:" + "x" * (100 * 2**20)))
    assert "larger than the limit of 20 MB" in timed_failure(data, "100 MB file")


def test_thousands_of_events_are_refused():
    data = calendar(*(event(f"e{n}") for n in range(MAX_EVENTS + 1)))
    assert "more than 2,000 events" in timed_failure(data, f"{MAX_EVENTS + 1} events")


def test_too_many_lines_are_refused():
    lines = "\r\n".join(f"X-FILLER:{n}" for n in range(MAX_LINES))
    assert "more than 100,000 content lines" in timed_failure(
        calendar(event(extra=lines)), "100,000 lines")


def test_too_many_time_zone_definitions():
    zones = "".join(CUSTOM_ZONE.replace("Customized Time Zone", f"Zone {n}").format(
        winter="+0100", summer="+0200") for n in range(101))
    assert "more than 100 time zone definitions" in timed_failure(
        calendar(event(), head=zones), "101 VTIMEZONEs")


def test_largest_accepted_file_reads_within_seconds():
    """2,000 events with a long description each: just under the limits, read in full."""
    text = "x" * 9_000
    data = calendar(*(event(f"e{n}", extra=f"DESCRIPTION:{text}") for n in range(MAX_EVENTS)))
    began = time.perf_counter()
    invitations = read_invitations(data)
    took = time.perf_counter() - began
    print(f"\n{MAX_EVENTS} events, {len(data) / 2**20:.1f} MB read in {took:.2f} s")
    assert len(invitations) == MAX_EVENTS
    assert took < 30


def test_worst_case_of_lines_within_the_limit():
    lines = "\r\n".join(f"X-FILLER;A=b:{n}" for n in range(MAX_LINES - 20))
    data = calendar(event(extra=lines))
    began = time.perf_counter()
    assert len(read_invitations(data)) == 1
    took = time.perf_counter() - began
    print(f"\n{MAX_LINES - 20:,} content lines read in {took:.2f} s")
    assert took < 30


def test_unknown_user_zone():
    with pytest.raises(IcsError, match="not a known time zone"):
        read_invitations(calendar(event()), "x.ics", "Nowhere/Special")
