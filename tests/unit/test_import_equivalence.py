"""Imports write exactly what they wrote before they were made fast.

The invitation scenario below (a bulk file of many invitations per company and application,
then updates, cancellations, a re-invitation, all the fixture files, and the user's own work in
between) was imported with the straightforward implementation, which re-planned every
application after every single change; its resulting rows and plans are stored in
tests/fixtures/expected/invitations.json. Any faster implementation must reproduce them
exactly. Action ids are left out (they depend only on the order in which plans were written);
actions are compared by their unique plan key with every other column.

Set FOLLOWUP_WRITE_EXPECTED=1 to rewrite the expectation, and only for a change in behaviour
that is wanted and reviewed.

The JSON import is held to the rows of the database that was exported, byte for byte.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import CLOSED_STATUSES, ActionKind, ApplicationStatus, Role
from followup_desktop.io.ics_import.reader import read_invitations
from followup_desktop.services import actions, planning, records, settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.demo import load_demo
from followup_desktop.services.exchange.invitations.applying import apply, import_ics
from followup_desktop.services.exchange.invitations.proposal import ImportResult
from followup_desktop.services.exchange.invitations.proposing import propose
from followup_desktop.services.exchange.transfer import exporting, importing
from followup_desktop.storage.models import Action, Application, Interview, InterviewContact
from helpers.backends import db_file, make_backend, table_rows

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXPECTED = FIXTURES / "expected" / "invitations.json"
ME = ["jane.candidate@gmail.com", "jane.candidate@icloud.com", "me@example.org"]
BASE = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
COMPANIES = [("Acme Robotics", "acme-robotics.com"), ("Globex", "globex.io"),
             ("Initech", "initech.com"), ("Umbrella Systems", "umbrella-systems.co.uk"),
             ("Hooli", "hooli.xyz"), ("Vandelay Industries", "vandelay.example"),
             ("Soylent", "soylent.example"), ("Stark Industries", "stark.example")]
POSITIONS = ["Robotics Engineer", "Data Analyst", "Backend Developer"]
FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Radia", "Ken", "Frances"]
LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Perlman", "Thompson"]


# ---------------------------------------------------------------- writing invitations

def _event(uid: str, sequence: int, start: datetime, summary: str, people: list[tuple[str, str]],
           status: str = "CONFIRMED", location: str = "") -> str:
    organizer, *attendees = people
    lines = ["BEGIN:VEVENT", f"UID:{uid}", f"SEQUENCE:{sequence}", "DTSTAMP:20260301T080000Z",
             f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
             f"DTEND:{start + timedelta(hours=1):%Y%m%dT%H%M%SZ}", f"SUMMARY:{summary}",
             f"STATUS:{status}", f"ORGANIZER;CN={organizer[0]}:mailto:{organizer[1]}",
             "ATTENDEE;ROLE=REQ-PARTICIPANT:mailto:me@example.org"]
    if location:
        lines.append(f"LOCATION:{location}")
    lines += [f"ATTENDEE;CN={name};ROLE=REQ-PARTICIPANT:mailto:{email}"
              for name, email in attendees]
    return "\r\n".join([*lines, "END:VEVENT"])


def _calendar(events: list[str]) -> bytes:
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//followup tests//EN", "METHOD:REQUEST"]
    return ("\r\n".join([*head, *events, "END:VCALENDAR"]) + "\r\n").encode()


def _staff(rng: random.Random, domain: str) -> list[tuple[str, str]]:
    names = rng.sample([f"{f} {last}" for f in FIRST for last in LAST], 4)
    return [(name, f"{name.lower().replace(' ', '.')}@{domain}") for name in names]


def _bulk(rng: random.Random) -> tuple[bytes, list[dict[str, Any]]]:
    """Five or six invitations per company, a few positions each, the same few people."""
    events, made = [], []
    for number, (company, domain) in enumerate(COMPANIES):
        staff = _staff(rng, domain)
        for index in range(rng.randint(5, 6)):
            position = rng.choice(POSITIONS)
            start = BASE + timedelta(days=rng.randint(0, 40), hours=rng.randint(0, 8))
            people = rng.sample(staff, rng.randint(2, 3))
            summary = rng.choice([f"Interview: {position} at {company}",
                                  f"{company} - {position} interview",
                                  f"Interview with {company}"])
            uid = f"bulk-{number}-{index}@{domain}"
            location = rng.choice(["", "https://zoom.us/j/1", f"{company} HQ", "+1 555 0100"])
            events.append(_event(uid, 0, start, summary, people, location=location))
            made.append({"uid": uid, "start": start, "summary": summary, "people": people})
    # From a free-mail address, the company only in the title; a two-day event; a
    # cancellation of something never imported; an older copy of one already in the file.
    events.append(_event("free@x", 0, BASE + timedelta(days=9), "Interview with Initech",
                         [("Peter Gibbons", "peter.gibbons@gmail.com")]))
    events.append(_event("trip@x", 0, BASE, "Interview trip", [("Ada X", "ada@acme-robotics.com")])
                  .replace("DTEND:20260302T090000Z", "DTEND:20260304T090000Z"))
    events.append(_event("gone@x", 3, BASE, "Interview", made[0]["people"], status="CANCELLED"))
    events.append(_event(made[1]["uid"], 0, made[1]["start"], made[1]["summary"],
                         made[1]["people"]))
    return _calendar(events), made


def _changes(rng: random.Random, made: list[dict[str, Any]]) -> bytes:
    """Moves, cancellations, a new round with a new interviewer, and some unchanged."""
    events = []
    for index, event in enumerate(made):
        kind = index % 5
        if kind == 0:
            moved = event["start"] + timedelta(days=rng.randint(1, 5), hours=2)
            events.append(_event(event["uid"], 1, moved, event["summary"], event["people"]))
        elif kind == 1:
            events.append(_event(event["uid"], 1, event["start"], event["summary"],
                                 event["people"], status="CANCELLED"))
        elif kind == 2:
            domain = event["people"][0][1].rpartition("@")[2]
            newcomer = ("Ken Newcomer", f"ken.newcomer@{domain}")
            events.append(_event(f"round2-{index}@{domain}", 0,
                                 event["start"] + timedelta(days=7), event["summary"],
                                 [*event["people"], newcomer]))
        elif kind == 3:
            events.append(_event(event["uid"], 0, event["start"], event["summary"],
                                 event["people"]))
    return _calendar(events)


def _again(made: list[dict[str, Any]]) -> bytes:
    """The first cancelled interview invited again; another one cancelled."""
    again, other = made[1], made[5]
    return _calendar([
        _event(again["uid"], 2, again["start"] + timedelta(days=2), again["summary"],
               again["people"]),
        _event(other["uid"], 2, other["start"], other["summary"], other["people"],
               status="CANCELLED")])


# ---------------------------------------------------------------- the scenario

def _result(result: ImportResult) -> dict[str, Any]:
    return {"created": result.created, "updated": result.updated,
            "cancelled": result.cancelled, "unchanged": result.unchanged,
            "skipped": [[s.uid, s.reason] for s in result.skipped],
            "interview_ids": list(result.interview_ids),
            "companies_created": result.companies_created,
            "contacts_created": result.contacts_created, "notes": list(result.notes)}


def _import(backend: Backend, data: bytes, name: str) -> dict[str, Any]:
    invitations = read_invitations(data, name, backend.rules().zone.key)
    return _result(apply(backend, propose(backend, invitations, ME)))


def _work_in_between(backend: Backend) -> None:
    """The user's own steps between imports: a thank-you sent, a decision date, a rejection."""
    first = Action.select().where(Action.kind == ActionKind.THANK_YOU).order_by(
        Action.plan_key).first()
    actions.complete(backend, first.id, "Thanked by e-mail.")
    interviews = list(Interview.select().order_by(Interview.id))
    records.set_decision_date(backend, interviews[2].application_id,
                              (BASE + timedelta(days=30)).date())
    records.set_status(backend, interviews[-1].application_id, ApplicationStatus.REJECTED)


def _recorded_by_hand(backend: Backend, made: list[dict[str, Any]]) -> None:
    """An interview the user typed in before the invitation came: the import links it."""
    event = made[3]
    company = records.add_company(backend, "Acme Robotics", website="https://acme-robotics.com")
    contact = records.add_contact(backend, company, records.ContactDraft(
        name=event["people"][1][0], role=Role.INTERVIEWER, email=event["people"][1][1]))
    app = records.add_application(backend, company, "Robotics Engineer")
    records.add_interview(backend, app, event["start"], event["start"] + timedelta(hours=1),
                          "Europe/Berlin", [contact])


def run_invitation_scenario(data_dir: Path) -> dict[str, Any]:
    rng = random.Random(20260309)
    bulk, made = _bulk(rng)
    steps: dict[str, Any] = {}
    with make_backend(data_dir) as backend:
        _recorded_by_hand(backend, made)
        steps["bulk"] = _import(backend, bulk, "bulk.ics")
        _work_in_between(backend)
        steps["changes"] = _import(backend, _changes(rng, made), "changes.ics")
        steps["again"] = _import(backend, _again(made), "again.ics")
        for name in sorted(p.name for p in (FIXTURES / "ics").glob("*.ics")):
            if name != "google_cancel.ics" and name != "google_update.ics":
                steps[name] = _result(import_ics(backend, FIXTURES / "ics" / name, ME))
        steps["google_update.ics"] = _result(import_ics(
            backend, FIXTURES / "ics" / "google_update.ics", ME))
        steps["google_cancel.ics"] = _result(import_ics(
            backend, FIXTURES / "ics" / "google_cancel.ics", ME))
        steps["bulk again"] = _import(backend, bulk, "bulk.ics")
    return {"steps": steps, "rows": _canonical_rows(db_file(data_dir))}


# The records an import writes (tables derived from them, a search index say, are not compared).
RECORD_TABLES = ("action", "application", "company", "contact", "idea", "interview",
                 "interview_contact", "note", "note_template", "reminder", "setting",
                 "status_change", "touch")
# Columns that hold an action's id, compared as that action's plan key.
ACTION_REFERENCES = {("touch", "action_id"), ("idea", "used_action_id"), ("note", "action_id"),
                     ("reminder", "action_id")}


def _canonical_rows(path: Path) -> dict[str, list[list[Any]]]:
    """Every table's rows; actions without their id (references to them by plan key), in a
    stable order."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        keys = dict(conn.execute("SELECT id, plan_key FROM action"))
        assert all(keys.values())  # the scenario plans nothing by hand
        rows = {}
        for name in RECORD_TABLES:
            cursor = conn.execute(f'SELECT * FROM "{name}"')
            columns = [c[0] for c in cursor.description]
            found = [[[column, keys.get(value) if (name, column) in ACTION_REFERENCES
                       else value] for column, value in zip(columns, row, strict=True)
                      if (name, column) != ("action", "id")] for row in cursor]
            rows[name] = sorted(found, key=json.dumps)
        return rows


def test_invitation_imports_write_what_they_always_wrote(tmp_path: Path) -> None:
    got = json.loads(json.dumps(run_invitation_scenario(tmp_path / "data")))
    if os.environ.get("FOLLOWUP_WRITE_EXPECTED") == "1":
        EXPECTED.parent.mkdir(exist_ok=True)
        EXPECTED.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n",
                            encoding="utf-8")
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert got["steps"] == expected["steps"]
    for table in expected["rows"]:
        assert got["rows"][table] == expected["rows"][table], table
    assert got == expected


def test_the_scenario_exercises_every_path() -> None:
    """The expectation is only worth as much as what the scenario covers."""
    steps = json.loads(EXPECTED.read_text(encoding="utf-8"))["steps"]
    total = {key: sum(s[key] for s in steps.values() if s)
             for key in ("created", "updated", "cancelled", "unchanged")}
    assert total["created"] >= 40 and total["updated"] >= 8 and total["cancelled"] >= 8
    assert total["unchanged"] >= 30
    reasons = " ".join(r for s in steps.values() for _, r in s["skipped"])
    for why in ("appears twice", "never imported", "not an interview", "older"):
        assert why in reasons
    rows = json.loads(EXPECTED.read_text(encoding="utf-8"))["rows"]
    states = {dict(r)["state"] for r in rows["action"]}
    assert {"planned", "done", "cancelled"} <= states


# ---------------------------------------------------------------- re-planning many at once

def _replanned(data_dir: Path, together: bool) -> dict[str, list[list[Any]]]:
    """The demo data, a contact from another company on a panel, then new rules: every open
    application re-planned in one go, or each on its own."""
    with _demo(data_dir) as backend:
        stranger = records.add_contact(backend, None, records.ContactDraft(
            name="Free Lancer", role=Role.HIRING_MANAGER, email="free@lancer.example"))
        with backend.write():
            InterviewContact.insert(interview=Interview.select().first().id,
                                    contact=stranger).execute()
            settings.save("keep_in_touch_cap", 3)
            settings.save("follow_up_delay_hours", 30)
            # A decision date far ahead, so that the third keep-in-touch fits before it.
            Application.update(decision_date=date(2026, 12, 31)).execute()
        if together:
            planning.replan_open(backend)
        else:
            for (app_id,) in Application.select(Application.id).where(
                    Application.status.not_in([s.value for s in CLOSED_STATUSES])).tuples():
                planning.replan(backend, app_id)
    return _canonical_rows(db_file(data_dir))


def test_re_planning_many_applications_at_once_plans_each_as_alone(tmp_path: Path) -> None:
    together = _replanned(tmp_path / "together", together=True)
    alone = _replanned(tmp_path / "alone", together=False)
    assert together == alone
    planned = [dict(r) for r in together["action"] if dict(r)["state"] == "planned"]
    assert any(p["plan_key"].endswith(":3") for p in planned)  # the new rules took effect


# ---------------------------------------------------------------- JSON

def _demo(data_dir: Path) -> Backend:
    backend = make_backend(data_dir, start=datetime(2026, 3, 10, 12, 0, tzinfo=UTC))
    load_demo(backend)
    return backend


@pytest.mark.parametrize("version", [1, 2, 3])
def test_json_import_writes_the_exported_rows_exactly(tmp_path: Path, version: int) -> None:
    with _demo(tmp_path / "source") as source:
        document = exporting.export_document(source)
    expected = table_rows(db_file(tmp_path / "source"))
    if version < 3:  # the demo's touches are all the user's own: the defaults give them back
        document["version"] = version
        for touch in document["touches"]:
            for name in importing.NEW_TOUCH_FIELDS:
                del touch[name]
    if version == 1:
        document["version"] = 1
        for name in importing.SINCE_VERSION_2:
            del document[name]
        for interview in document["interviews"]:
            for name in importing.NEW_INTERVIEW_FIELDS:
                del interview[name]
        expected |= {"idea": [], "note": [], "note_template": [], "reminder": []}
        expected["interview"] = [(*row[:-3], None, None, None) for row in expected["interview"]]
    path = tmp_path / "all.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with Backend(tmp_path / "copy", clock=FixedClock(datetime(2027, 1, 1, tzinfo=UTC))) as copy:
        importing.import_file(copy, path)
    got = table_rows(db_file(tmp_path / "copy"))
    expected["reminder"] = []  # reminders shown are not part of the document
    for table in RECORD_TABLES:
        assert got[table] == expected[table], table
