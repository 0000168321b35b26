"""Realistic benchmark data, written fast: rows go straight into a database the app created.

    .venv/bin/python benchmarks/generate.py FOLDER --applications 2000
    .venv/bin/python benchmarks/generate.py FILE.ics --ics 1000

`Backend(folder)` creates and upgrades the schema, then every table is filled with peewee's
`insert_many` in one transaction (no planner, no validation): 20,000 applications take a few
seconds. The shape follows what a real user accumulates: companies shared by about 1.3
applications each, 1-3 contacts per application at its company, 1-2 interviews with a panel
drawn from them, about 5 follow-ups per application with due times spread over +-60 days around
now (past ones mostly done, some overdue, snoozed, skipped or cancelled) and a touch for each
done one. The random generator is seeded, so a size always gives the same data.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

SEED = 20261127
ZONES = ("Europe/Berlin", "Europe/London", "America/New_York", "Europe/Oslo")
FIRST = ("Amara", "Jonas", "Lena", "Ingrid", "Zoë", "Mateo", "Chloé", "Sven", "Priya", "Kenji",
         "Olga", "Noah", "Fatima", "Émile", "Hannah", "Tomás", "Aisha", "Lars", "Mei", "Björn",
         "Sofia", "Dmitri", "Nora", "Rafael", "Yara", "Oskar", "Leïla", "Jakob", "Ana", "Malik")
LAST = ("Okafor", "Weber", "Fischer", "Solberg", "Martínez", "Dubois", "Nakamura", "Ivanova",
        "Schmidt", "Hansen", "Müller", "Kowalski", "Rossi", "Haddad", "Lindqvist", "O'Brien",
        "García", "Nguyen", "Novák", "Jensen", "Petrov", "Ahmed", "Bauer", "Costa", "Sato",
        "Larsen", "Moreau", "Kaya", "Brennan", "Horváth")
TITLES = ("Head of Data Science", "Senior Data Engineer", "Engineering Manager", "Recruiter",
          "Talent Partner", "Front desk", "CTO", "Team Lead Platform", "Product Manager",
          "Staff Engineer", "HR Business Partner", "Partner")
ROLES = ("interviewer", "interviewer", "interviewer", "hiring_manager", "recruiter",
         "receptionist", "other")
WORDS = ("Northwind", "Fjord", "Pine", "Blue", "Harbor", "Summit", "Quartz", "Maple", "Aurora",
         "Cedar", "Falcon", "Orbit", "Lumen", "Granite", "Meridian", "Nimbus", "Vertex", "Willow")
KINDS = ("Analytics", "Architects", "Logistics", "Labs", "Health", "Robotics", "Media",
         "Energy", "Systems", "Foods", "Bank", "Studio")
POSITIONS = ("Senior Data Analyst", "BIM Coordinator", "Backend Engineer", "Product Designer",
             "Site Reliability Engineer", "Data Engineer", "Project Manager", "QA Lead")
CHANNELS = ("email", "email", "email", "phone", "card", "letter")
ACTION_KINDS = ("thank_you", "thank_you", "keep_in_touch", "keep_in_touch", "decision_check",
                "ask_about_decision")
STATUSES = ("applied", "interviewing", "interviewing", "interviewing", "offer", "rejected",
            "rejected", "withdrawn")
FORMATS = ("onsite", "video", "video", "phone")
BATCH = 500


def instant(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def chunks(rows: list[dict[str, Any]], size: int = BATCH) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def company_name(index: int) -> str:
    word = WORDS[index % len(WORDS)]
    kind = KINDS[(index // len(WORDS)) % len(KINDS)]
    return f"{word} {kind} {index // (len(WORDS) * len(KINDS)) + 1}"


def company_domain(index: int) -> str:
    return company_name(index).lower().replace(" ", "-") + ".example"


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def email_of(name: str, domain: str) -> str:
    first, last = name.lower().split(" ", 1)
    return f"{first}.{last}@{domain}".replace("'", "")


class Rows:
    """All rows of one data set, as dicts of column values (instants as stored text)."""

    def __init__(self, applications: int, now: datetime, seed: int = SEED) -> None:
        rng = random.Random(seed + applications)
        self.companies: list[dict[str, Any]] = []
        self.contacts: list[dict[str, Any]] = []
        self.applications: list[dict[str, Any]] = []
        self.status_changes: list[dict[str, Any]] = []
        self.interviews: list[dict[str, Any]] = []
        self.panels: list[dict[str, Any]] = []
        self.actions: list[dict[str, Any]] = []
        self.touches: list[dict[str, Any]] = []
        created = instant(now - timedelta(days=90))
        company_count = max(1, round(applications / 1.3))
        for index in range(company_count):
            self.companies.append({
                "id": index + 1, "name": company_name(index),
                "website": f"https://{company_domain(index)}",
                "preferred_channel": rng.choice((None, None, "email", "phone", "card")),
                "created_utc": created})
        for app_index in range(applications):
            company_id = app_index + 1 if app_index < company_count \
                else rng.randint(1, company_count)
            self._application(rng, now, app_index + 1, company_id)

    def _application(self, rng: random.Random, now: datetime, app_id: int,
                     company_id: int) -> None:
        domain = company_domain(company_id - 1)
        status = rng.choice(STATUSES)
        applied = now - timedelta(days=rng.uniform(10, 120))
        self.applications.append({
            "id": app_id, "company": company_id, "position": rng.choice(POSITIONS),
            "status": status, "posting_url": f"https://{domain}/jobs/{app_id}",
            "decision_date": (now + timedelta(days=rng.randint(-30, 30))).date(),
            "notes": "Found through a referral." if rng.random() < 0.2 else "",
            "created_utc": instant(applied)})
        self.status_changes.append({"application": app_id, "old_status": None,
                                    "new_status": status, "at_utc": instant(applied)})
        people = []
        for _ in range(rng.randint(1, 3)):
            contact_id = len(self.contacts) + 1
            name = person_name(rng)
            self.contacts.append({
                "id": contact_id, "company": company_id, "name": name,
                "title": rng.choice(TITLES), "role": rng.choice(ROLES),
                "email": email_of(name, domain), "name_verified": rng.random() < 0.5,
                "created_utc": instant(applied)})
            people.append(contact_id)
        interviews = []
        for round_ in range(1, rng.randint(1, 2) + 1):
            interview_id = len(self.interviews) + 1
            start = now + timedelta(days=rng.uniform(-60, 20), hours=rng.randint(0, 8))
            self.interviews.append({
                "id": interview_id, "application": app_id, "start_utc": instant(start),
                "end_utc": instant(start + timedelta(hours=1)), "zone": rng.choice(ZONES),
                "round": round_, "format": rng.choice(FORMATS),
                "discussed": "Their data platform and how the team ships." if round_ == 1
                else "", "created_utc": instant(applied)})
            panel = rng.sample(people, rng.randint(1, len(people)))
            self.panels.extend({"interview": interview_id, "contact": c} for c in panel)
            interviews.append(interview_id)
        for _ in range(rng.choice((4, 5, 5, 5, 6))):
            self._action(rng, now, app_id, company_id, rng.choice(interviews),
                         rng.choice(people))

    def _action(self, rng: random.Random, now: datetime, app_id: int, company_id: int,
                interview_id: int, contact_id: int) -> None:
        action_id = len(self.actions) + 1
        due = now + timedelta(days=rng.uniform(-60, 60))
        draw = rng.random()
        if due < now:  # the past: mostly done; some overdue, snoozed, skipped or cancelled
            state = ("done" if draw < 0.70 else "cancelled" if draw < 0.82 else
                     "skipped" if draw < 0.87 else "snoozed" if draw < 0.92 else "planned")
        else:
            state = "planned" if draw < 0.85 else "snoozed" if draw < 0.93 else "cancelled"
        snoozed = instant(due + timedelta(days=rng.uniform(1, 10))) if state == "snoozed" \
            else None
        done = due + timedelta(hours=rng.uniform(0, 30)) if state == "done" else None
        channel = rng.choice(CHANNELS)
        zone = rng.choice(ZONES)
        self.actions.append({
            "id": action_id, "application": app_id, "interview": interview_id,
            "contact": contact_id, "kind": rng.choice(ACTION_KINDS), "due_utc": instant(due),
            "zone": zone, "channel": channel, "state": state,
            "state_changed_utc": instant(min(done or due, now)), "snoozed_until_utc": snoozed,
            "done_utc": None if done is None else instant(done),
            "note": "Mention the cohort idea." if rng.random() < 0.1 else "",
            "created_utc": instant(now - timedelta(days=70))})
        if done is not None:
            self.touches.append({
                "company": company_id, "contact": contact_id, "application": app_id,
                "action": action_id, "at_utc": instant(done), "zone": zone,
                "channel": channel, "summary": "Sent the thank-you.",
                "created_utc": instant(done)})

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in vars(self).items()}


def generate(folder: Path, applications: int, now: datetime | None = None) -> dict[str, int]:
    """A data folder with `applications` applications and everything around them."""
    from followup_desktop.services.backend import Backend
    from followup_desktop.storage import models as m

    rows = Rows(applications, now or datetime.now(UTC))
    tables: Iterable[tuple[type[m.BaseModel], list[dict[str, Any]]]] = (
        (m.Company, rows.companies), (m.Contact, rows.contacts),
        (m.Application, rows.applications), (m.StatusChange, rows.status_changes),
        (m.Interview, rows.interviews), (m.InterviewContact, rows.panels),
        (m.Action, rows.actions), (m.Touch, rows.touches))
    with Backend(folder) as backend, backend.write():
        for model, table in tables:
            for chunk in chunks(table):
                model.insert_many(chunk).execute()
    with Backend(folder) as backend:
        backend.db.execute_sql("ANALYZE")
    return rows.counts()


def write_ics(path: Path, events: int, companies: int = 200,
              now: datetime | None = None, seed: int = SEED) -> None:
    """An .ics file of `events` interview invitations (distinct UIDs), organised from
    `companies` companies' domains, each with the user and one or two interviewers."""
    from icalendar import Calendar, Event, vCalAddress

    rng = random.Random(seed)
    start_base = now or datetime.now(UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//followup benchmarks//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    for index in range(events):
        company = rng.randrange(companies)
        domain = company_domain(company)
        event = Event()
        event.add("uid", f"bench-{index}@{domain}")
        event.add("sequence", 0)
        event.add("summary", f"Interview: {rng.choice(POSITIONS)} at {company_name(company)}")
        start = (start_base + timedelta(days=rng.uniform(-30, 60))).replace(
            minute=0, second=0, microsecond=0)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(hours=1))
        event.add("dtstamp", start_base)
        event.add("location", f"https://meet.{domain}/room-{index}")
        organizer_name = person_name(rng)
        organizer = vCalAddress(f"mailto:{email_of(organizer_name, domain)}")
        organizer.params["cn"] = organizer_name
        event["organizer"] = organizer
        for name, email in ((None, "me@example.org"),
                            *((n, email_of(n, domain)) for n in
                              (person_name(rng) for _ in range(rng.randint(1, 2))))):
            attendee = vCalAddress(f"mailto:{email}")
            if name:
                attendee.params["cn"] = name
            attendee.params["role"] = "REQ-PARTICIPANT"
            event.add("attendee", attendee, encode=0)
        calendar.add_component(event)
    path.write_bytes(calendar.to_ical())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path, help="a new data folder, or an .ics file with --ics")
    parser.add_argument("--applications", type=int, default=2000)
    parser.add_argument("--ics", type=int, metavar="EVENTS", help="write an .ics file instead")
    args = parser.parse_args()
    if args.ics:
        write_ics(args.target, args.ics)
        print(f"wrote {args.ics} invitations to {args.target}")
        return 0
    if args.target.exists() and any(args.target.iterdir()):
        raise SystemExit(f"{args.target} is not empty")
    print(generate(args.target, args.applications))
    return 0


if __name__ == "__main__":
    sys.exit(main())
