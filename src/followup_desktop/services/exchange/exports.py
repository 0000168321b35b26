"""Files for other programs: the calendar (.ics) and its feed, address cards (.vcf), CSV tables.

The database is read here, in one consistent snapshot per file; io/ turns plain values into
bytes. Every file is written owner-only (0600) and atomically: a temporary file in the same
folder, then os.replace, so a calendar app polling the feed, or a crash, never sees half a file.
"""

from __future__ import annotations

import stat
import threading
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from peewee import JOIN

from followup_desktop.domain.fields import CHANNEL_LABELS, FORMAT_LABELS
from followup_desktop.domain.model import ActionKind, ActionState
from followup_desktop.io import csv_export, ics_export
from followup_desktop.io.vcard import writing as vcard_writing
from followup_desktop.io.vcard.card import Card
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.lookup import existing
from followup_desktop.storage.instants import format_instant
from followup_desktop.storage.models import (
    Action,
    Application,
    Company,
    Contact,
    Interview,
    InterviewContact,
    StatusChange,
    Touch,
    effective_due,
)

FEED_FILE = "calendar.ics"
CsvKind = Literal["applications", "contacts", "touches"]
VCardVersion = Literal["3.0", "4.0"]
PENDING = (ActionState.PLANNED, ActionState.SNOOZED)
Table = tuple[Sequence[str], list[Sequence[object]]]
# One refresh at a time: each reads its snapshot and writes under the lock, so the feed always
# ends with the newest snapshot even when the GUI refreshes from two threads.
_feed_lock = threading.Lock()


# ---------------------------------------------------------------- calendar

def export_calendar(backend: Backend, path: Path) -> int:
    """Write the calendar to `path`; returns the number of events."""
    data, count = _calendar(backend)
    write_private(path, data)
    return count


def refresh_calendar_feed(backend: Backend) -> Path:
    """Bring `<data folder>/calendar.ics` up to date for calendar apps subscribed to it.

    The file is rewritten only when an event changed: a fresh DTSTAMP alone would make every
    polling app see a change after every edit anywhere in the app."""
    path = backend.data_dir / FEED_FILE
    with _feed_lock:
        data, _ = _calendar(backend)
        if not _feed_is_current(path, data):
            write_private(path, data)
    return path


def _feed_is_current(path: Path, data: bytes) -> bool:
    try:
        mode = path.stat().st_mode
        old = path.read_bytes()
    except OSError:
        return False  # missing or unreadable: writing it reports any real problem
    private = stat.S_IMODE(mode) & 0o077 == 0
    return private and ics_export.without_stamps(old) == ics_export.without_stamps(data)


def _calendar(backend: Backend) -> tuple[bytes, int]:
    with backend.db.atomic("DEFERRED"):  # one consistent snapshot
        interviews = _interview_events()
        actions = _action_events()
    data = ics_export.calendar_bytes(interviews, actions, backend.clock.now())
    return data, len(interviews) + len(actions)


def _interview_events() -> list[ics_export.InterviewEvent]:
    panels: dict[int, list[str]] = {}
    links = (InterviewContact.select(InterviewContact.interview, Contact.name, Contact.title)
             .join(Contact).order_by(InterviewContact.interview, Contact.name, Contact.id))
    for interview_id, name, title in links.tuples():
        panels.setdefault(interview_id, []).append(", ".join(p for p in (name, title) if p))
    rows = (Interview.select(Interview.id, Interview.start_utc, Interview.end_utc,
                             Interview.round, Interview.format, Interview.location,
                             Application.position, Company.name)
            .join(Application).join(Company)
            .where(Interview.cancelled_utc.is_null())
            .order_by(Interview.start_utc, Interview.id))
    return [ics_export.InterviewEvent(
        id=i, start=start, end=end, company=company, position=position, round=round_,
        format=FORMAT_LABELS.get(format_, format_), location=location,
        interviewers=tuple(panels.get(i, ())))
        for i, start, end, round_, format_, location, position, company in rows.tuples()]


def _action_events() -> list[ics_export.ActionEvent]:
    rows = (Action.select(Action.id, Action.kind, Action.due_utc, Action.snoozed_until_utc,
                          Action.channel, Action.note, Application.position, Company.name,
                          Contact.name, Contact.title)
            .join(Application).join(Company)
            .switch(Action).join(Contact, join_type=JOIN.LEFT_OUTER)
            .where(Action.state << PENDING)
            .order_by(effective_due, Action.id))
    return [ics_export.ActionEvent(
        id=i, kind=ActionKind(kind), due=snoozed_until or due,
        channel=CHANNEL_LABELS.get(channel, channel), company=company, position=position,
        contact=name or "", contact_title=title or "", note=note)
        for (i, kind, due, snoozed_until, channel, note, position, company, name,
             title) in rows.tuples()]


# ---------------------------------------------------------------- vCard

def export_vcards(backend: Backend, path: Path, company_id: int | None = None,
                  version: VCardVersion = "3.0") -> int:
    """Write every contact (or one company's) as vCards; returns how many."""
    if version not in ("3.0", "4.0"):
        raise UserError(f"vCard {version} cannot be written; choose 3.0 or 4.0.")
    with backend.db.atomic("DEFERRED"):
        query = (Contact.select(Contact, Company.name.alias("company_name"))
                 .join(Company, JOIN.LEFT_OUTER).order_by(Contact.id))
        if company_id is not None:
            existing(Company, company_id, "company")
            query = query.where(Contact.company == company_id)
        cards = [_card(row) for row in query.dicts()]
    write_private(path, vcard_writing.serialize(cards, version))
    return len(cards)


def _card(row: dict[str, Any]) -> Card:
    def text(name: str) -> str:
        return row[name] or ""

    return Card(
        name=text("name"), title=text("title"), organization=text("company_name"),
        emails=tuple(filter(None, [text("email")])),
        phones=tuple(filter(None, [text("phone")])),
        address=text("postal_address"), note=text("notes"),
        uid=vcard_writing.contact_uid(row["id"]))


# ---------------------------------------------------------------- CSV

def export_csv(backend: Backend, kind: CsvKind, path: Path) -> int:
    """Write one table as CSV (io/csv_export.py says how); returns the number of rows."""
    tables: dict[str, Callable[[Backend], Table]] = {
        "applications": _applications, "contacts": _contacts, "touches": _touches}
    if kind not in tables:
        raise UserError(f"{kind!r} cannot be exported as CSV; choose one of: "
                        f"{', '.join(tables)}.")
    with backend.db.atomic("DEFERRED"):
        header, rows = tables[kind](backend)
    write_private(path, csv_export.csv_bytes(header, rows))
    return len(rows)


def _applications(backend: Backend) -> Table:
    zone = backend.rules().zone
    since: dict[int, datetime] = {}
    for app_id, at in (StatusChange.select(StatusChange.application, StatusChange.at_utc)
                       .order_by(StatusChange.at_utc, StatusChange.id).tuples()):
        since[app_id] = at  # the last change wins
    interviews: dict[int, list[str]] = {}
    for app_id, start in (Interview.select(Interview.application, Interview.start_utc)
                          .where(Interview.cancelled_utc.is_null())
                          .order_by(Interview.start_utc, Interview.id).tuples()):
        interviews.setdefault(app_id, []).append(_local_day(start, zone).isoformat())
    rows = (Application.select(Application.id, Company.name, Application.position,
                               Application.status, Application.created_utc,
                               Application.decision_date, Application.posting_url)
            .join(Company).order_by(Application.created_utc, Application.id))
    header = ("Company", "Position", "Status", "Added on", "Status since", "Interviews",
              "Decision date", "Posting URL")
    return header, [
        (company, position, status.capitalize(), _local_day(created, zone),
         _local_day(since[app_id], zone) if app_id in since else None,
         "; ".join(interviews.get(app_id, [])), decision, url)
        for app_id, company, position, status, created, decision, url in rows.tuples()]


def _contacts(backend: Backend) -> Table:
    rows = (Contact.select(Contact.name, Contact.title, Contact.role, Company.name,
                           Contact.email, Contact.phone, Contact.postal_address,
                           Contact.name_verified, Contact.title_verified,
                           Contact.verified_source)
            .join(Company, JOIN.LEFT_OUTER).order_by(Contact.id).tuples())
    header = ("Name", "Title", "Role", "Company", "E-mail", "Phone", "Postal address",
              "Name verified", "Title verified", "Verified from")
    table = [(name, title, role.replace("_", " ").capitalize(), company, *rest)
             for name, title, role, company, *rest in rows]
    table.sort(key=lambda row: (str(row[3] or "").casefold(), str(row[0]).casefold()))
    return header, table


def _touches(backend: Backend) -> Table:
    """Every note sent and call made, oldest first: the proof of a job search that an
    employment office asks for. Replies from them (direction 'in') are not the user's effort."""
    companies = dict(Company.select(Company.id, Company.name).tuples())
    people = {i: (name, title, company) for i, name, title, company in Contact.select(
        Contact.id, Contact.name, Contact.title, Contact.company).tuples()}
    apps = {i: (position, company) for i, position, company in Application.select(
        Application.id, Application.position, Application.company).tuples()}
    header = ("Date (local)", "Time (local)", "Time zone", "When (UTC)", "Company", "Contact",
              "Contact title", "Channel", "Position", "Summary")
    table: list[Sequence[object]] = []
    for at, zone, channel, summary, company_id, contact_id, app_id in Touch.select(
            Touch.at_utc, Touch.zone, Touch.channel, Touch.summary, Touch.company,
            Touch.contact, Touch.application).where(Touch.direction == "out").order_by(
            Touch.at_utc, Touch.id).tuples():
        name, title, person_company = people.get(contact_id, (None, None, None))
        position, app_company = apps.get(app_id, (None, None))
        local = at.astimezone(ZoneInfo(zone))
        company = companies.get(company_id or person_company or app_company)
        table.append((local.date(), local.strftime("%H:%M"), zone, format_instant(at), company,
                      name, title, CHANNEL_LABELS.get(channel, channel), position, summary))
    return header, table


def _local_day(instant: datetime, zone: ZoneInfo) -> date:
    return instant.astimezone(zone).date()


# ---------------------------------------------------------------- writing files

def write_private(path: Path, data: bytes) -> None:
    """Replace `path` with `data`, owner-only and atomically; UserError says why it failed."""
    from followup_desktop.services.errors import file_error
    from followup_desktop.system.private_files import write_private as write

    try:
        write(Path(path), data)  # a fresh 0600 temporary file, fsynced, renamed, none left
    except OSError as error:
        raise file_error(Path(path), error) from error
