"""The complete JSON document of all data: export, and all-or-nothing import.

The format is described in docs/json-format.md. Every record is checked before anything is
written; one bad field rejects the whole file with a message naming where it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from peewee import BooleanField, DateField, Field, IntegrityError

from followup_desktop import __version__
from followup_desktop.domain import validation as check
from followup_desktop.domain.model import (
    ActionKind,
    ActionState,
    ApplicationStatus,
    Channel,
    IdeaKind,
    InterviewFormat,
    Role,
)
from followup_desktop.domain.validation import ValidationError
from followup_desktop.services import settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.storage.bulk import insert_rows, stored_rows
from followup_desktop.storage.fields import InstantField, format_instant, parse_instant
from followup_desktop.storage.models import (
    Action,
    Application,
    BaseModel,
    Company,
    Contact,
    Idea,
    Interview,
    InterviewContact,
    Note,
    NoteTemplate,
    Setting,
    StatusChange,
    Touch,
)

FORMAT = "followup-desktop"
# 2 added ideas, notes, note templates and the interviews' invitation fields; version 1 documents
# are still read.
VERSION = 2
READABLE_VERSIONS = (1, 2)
SINCE_VERSION_2 = ("ideas", "notes", "note_templates")
MAX_BYTES = 256 * 1024 * 1024

Check = Callable[[Any, str], Any]


def _text(limit: int = check.SHORT_TEXT, required: bool = False) -> Check:
    return lambda value, where: check.text(value, where, limit, required)


def _choice(enum: type[StrEnum], nullable: bool = False) -> Check:
    members = {member.value: member for member in enum}

    def choice(value: Any, where: str) -> Any:
        # A dictionary look-up for the usual, valid value; the check's own message otherwise.
        if type(value) is str and value in members:
            return members[value]
        return check.choice(value, enum, where)

    return _nullable(choice) if nullable else choice


def _nullable(inner: Check) -> Check:
    return lambda value, where: None if value is None else inner(value, where)


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(where, "expected true or false")
    return value


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**53:
        raise ValidationError(where, "expected a positive whole number")
    return value


def _count(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**31:
        raise ValidationError(where, "expected a whole number from 0")
    return value


@dataclass(frozen=True)
class _Ref:
    """An id that must name a record of `section`; checked once every section is read."""

    section: str
    nullable: bool = False

    def __call__(self, value: Any, where: str) -> int | None:
        return None if value is None and self.nullable else _int(value, where)


def _ref(section: str, nullable: bool = False) -> Check:
    return _Ref(section, nullable)


# An instant as the export writes it (and as it is stored): kept as this text once it is known
# to be a real instant in range, so it is neither converted on reading nor again on writing.
_STORED_INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", re.ASCII)


def _instant(value: Any, where: str) -> str:
    """An instant, as the UTC text it is stored as."""
    if type(value) is str and _STORED_INSTANT.fullmatch(value):
        try:
            if datetime.fromisoformat(value).year in check.YEARS:
                return value
        except ValueError:  # "2026-02-30T...": the check below names the problem
            pass
    return format_instant(check.instant(value, where))


_ZONES_SEEN: set[str] = set()  # names already found in the zone database


def _zone(value: Any, where: str) -> str:
    """A time zone name; each distinct one is looked up once (a file repeats a few)."""
    if type(value) is str and value in _ZONES_SEEN:
        return value
    name = check.zone(value, where)
    _ZONES_SEEN.add(name)
    return name


def _date(value: Any, where: str) -> str:
    """A calendar date, as the text it is stored as."""
    return check.calendar_date(value, where).isoformat()


LONG = _text(check.LONG_TEXT)
INSTANT = _instant
MAYBE_INSTANT = _nullable(_instant)


@dataclass(frozen=True)
class Section:
    name: str
    model: type[BaseModel]
    fields: dict[str, Check]


SECTIONS: tuple[Section, ...] = (
    Section("companies", Company, {
        "id": _int, "name": _text(required=True), "website": _text(2000),
        "postal_address": _text(1000), "preferred_channel": _choice(Channel, nullable=True),
        "reach_notes": LONG, "created_utc": INSTANT}),
    Section("contacts", Contact, {
        "id": _int, "company_id": _ref("companies", nullable=True), "name": _text(required=True),
        "title": _text(), "role": _choice(Role), "email": check.email, "phone": _text(),
        "postal_address": _text(1000), "name_verified": _bool, "title_verified": _bool,
        "verified_source": _text(), "notes": LONG, "created_utc": INSTANT}),
    Section("applications", Application, {
        "id": _int, "company_id": _ref("companies"), "position": _text(required=True),
        "status": _choice(ApplicationStatus), "posting_url": _text(2000),
        "decision_date": _nullable(_date),
        "second_round_expected": _nullable(_bool), "notes": LONG, "created_utc": INSTANT}),
    Section("status_changes", StatusChange, {
        "id": _int, "application_id": _ref("applications"),
        "old_status": _choice(ApplicationStatus, nullable=True),
        "new_status": _choice(ApplicationStatus), "at_utc": INSTANT, "note": LONG}),
    Section("interviews", Interview, {
        "id": _int, "application_id": _ref("applications"), "start_utc": INSTANT,
        "end_utc": INSTANT, "zone": _zone, "round": _int,
        "format": _choice(InterviewFormat), "location": _text(1000), "discussed": LONG,
        "created_utc": INSTANT, "ical_uid": _nullable(_text(1000)),
        "ical_sequence": _nullable(_count), "cancelled_utc": MAYBE_INSTANT}),
    Section("actions", Action, {
        "id": _int, "application_id": _ref("applications"),
        "interview_id": _ref("interviews", nullable=True),
        "contact_id": _ref("contacts", nullable=True), "kind": _choice(ActionKind),
        "due_utc": INSTANT, "zone": _zone, "channel": _choice(Channel),
        "state": _choice(ActionState), "state_changed_utc": INSTANT,
        "snoozed_until_utc": MAYBE_INSTANT, "done_utc": MAYBE_INSTANT, "note": LONG,
        "plan_key": _nullable(_text()), "edited": _bool, "created_utc": INSTANT}),
    Section("touches", Touch, {
        "id": _int, "company_id": _ref("companies", nullable=True),
        "contact_id": _ref("contacts", nullable=True),
        "application_id": _ref("applications", nullable=True),
        "action_id": _ref("actions", nullable=True), "at_utc": INSTANT, "zone": _zone,
        "channel": _choice(Channel), "summary": LONG, "created_utc": INSTANT}),
    Section("ideas", Idea, {
        "id": _int, "application_id": _ref("applications"), "kind": _choice(IdeaKind),
        "text": _text(check.LONG_TEXT, required=True), "created_utc": INSTANT,
        "used_action_id": _ref("actions", nullable=True), "used_utc": MAYBE_INSTANT}),
    Section("notes", Note, {
        "id": _int, "action_id": _ref("actions"), "template_key": _text(required=True),
        "subject": _text(1000), "body": LONG, "idea_id": _ref("ideas", nullable=True),
        "updated_utc": INSTANT, "delivered_utc": MAYBE_INSTANT,
        "delivered_channel": _choice(Channel, nullable=True)}),
    Section("note_templates", NoteTemplate, {
        "id": _int, "key": _text(required=True), "subject": _text(1000), "body": LONG,
        "updated_utc": INSTANT}),
)


# ---------------------------------------------------------------- export

def export_document(backend: Backend) -> dict[str, Any]:
    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION,
                           "exported_utc": format_instant(backend.clock.now()),
                           "app_version": __version__}
    with backend.db.atomic("DEFERRED"):  # one consistent snapshot
        doc["settings"] = {r.key: json.loads(r.value) for r in Setting.select()}
        for section in SECTIONS:
            doc[section.name] = _export_section(section)
        panel: dict[int, list[int]] = {}
        for link in InterviewContact.select().order_by(InterviewContact.contact).tuples():
            panel.setdefault(link[0], []).append(link[1])
    for interview in doc["interviews"]:
        interview["interviewer_ids"] = panel.get(interview["id"], [])
    return doc


def _export_section(section: Section) -> list[dict[str, Any]]:
    """The section's records in id order, read as stored: instants and dates are already the
    document's text, so only booleans need converting (and any text not in the usual form)."""
    fields = _model_fields(section)
    converters = [(index, _EXPORT_CONVERTERS[type(f)]) for index, f in enumerate(fields)
                  if type(f) in _EXPORT_CONVERTERS]
    names = list(section.fields)
    records = []
    for row in stored_rows(section.model, fields):
        if converters:
            row = list(row)
            for index, convert in converters:
                if row[index] is not None:
                    row[index] = convert(row[index])
        records.append(dict(zip(names, row, strict=True)))
    return records


def _model_fields(section: Section) -> list[Field]:
    return [getattr(section.model, name.removesuffix("_id") if name != "id" else name)
            for name in section.fields]


def _instant_text(stored: str) -> str:
    return stored if _STORED_INSTANT.fullmatch(stored) else format_instant(
        parse_instant(stored))


def _date_text(stored: str) -> str:
    return stored if _STORED_DATE.fullmatch(stored) else date.fromisoformat(stored).isoformat()


_STORED_DATE = re.compile(r"\d{4}-\d\d-\d\d", re.ASCII)
_EXPORT_CONVERTERS: dict[type[Field], Callable[[Any], Any]] = {
    InstantField: _instant_text, DateField: _date_text, BooleanField: bool}


def export_file(backend: Backend, path: Path) -> int:
    """Write the document owner-only; returns the number of records written."""
    doc = export_document(backend)
    data = dumps(doc).encode("utf-8")
    from followup_desktop.services.exchange.exports import write_private

    write_private(path, data)  # a fresh 0600 temporary file, never a stale .part's mode
    return sum(len(doc[s.name]) for s in SECTIONS)


def dumps(doc: dict[str, Any]) -> str:
    """The same text as `json.dumps(doc, ensure_ascii=False, indent=1)`, several times faster:
    the json module writes indented JSON in pure Python, one generator step per value, which
    for an export of 20,000 applications took longer than reading the database."""
    items = [f" {_TEXT(key)}: " + (_records(value) if key in SECTION_NAMES else
                                     _nested(value, 1))
             for key, value in doc.items()]
    return "{\n" + ",\n".join(items) + "\n}" if items else "{}"


SECTION_NAMES = frozenset(section.name for section in SECTIONS)
_TEXT = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) writes text with


def _nested(value: Any, depth: int) -> str:
    """json.dumps's indented text of a value `depth` levels down."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * depth)


def _records(rows: Any) -> str:
    """A section: its records are flat (text, numbers, true, false, null; an interview's list
    of interviewers), so each is one join of its values, each key written once per section."""
    if not isinstance(rows, list) or not all(type(row) is dict for row in rows):
        return _nested(rows, 1)
    if not rows:
        return "[]"
    keys = _Keys()
    return "[\n" + ",\n".join(
        "  {\n" + ",\n".join([keys[key] + (_TEXT(value) if type(value) is str else _scalar(value))
                               for key, value in row.items()]) + "\n  }" if row else "  {}"
        for row in rows) + "\n ]"


class _Keys(dict[str, str]):
    """A record's key as written, with its indent and colon: the same few for every record."""

    def __missing__(self, key: str) -> str:
        written = self[key] = f"   {_TEXT(key)}: "
        return written


def _scalar(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return _TEXT(value)
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    return _nested(value, 3)  # a list of interviewers, or anything unusual


# ---------------------------------------------------------------- import

def import_file(backend: Backend, path: Path) -> dict[str, int]:
    """Check the whole file, then write all of it in one transaction or nothing at all.

    A database that holds anything (even only settings, which an import replaces) is backed up
    first; a bad file is refused before that, as it changes nothing.
    """
    return write_checked(backend, check_file(path))


@dataclass(frozen=True)
class CheckedImport:
    """A whole file, read and checked; nothing written yet."""

    records: dict[str, list[dict[str, Any]]]
    settings: dict[str, Any]


def check_file(path: Path) -> CheckedImport:
    """Read and check every record (the window's cancellable step)."""
    doc = read_document(path)
    return CheckedImport(validate_document(doc), doc.get("settings", {}))


def write_checked(backend: Backend, checked: CheckedImport) -> dict[str, int]:
    """Back up what is there, then write the checked file in one transaction."""
    from followup_desktop.services.safekeeping.backups import backup_before_import

    backup_before_import(backend)
    return _write(backend, checked.records, checked.settings)


def read_document(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as source:  # bounded even for pipes and devices
            raw = source.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise UserError(f"{path.name}: the file is larger than the limit of "
                            f"{MAX_BYTES // 2**20} MB.")
    except OSError as error:
        raise UserError(f"{path}: cannot be read ({error.strerror}).") from error
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UserError(f"{path.name}: not UTF-8 text (bad byte at offset {error.start}).") \
            from error
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as error:
        raise UserError(f"{path.name}: not valid JSON: {error.msg} at line {error.lineno}, "
                        f"column {error.colno}.") from error
    except RecursionError as error:
        raise UserError(f"{path.name}: the JSON is nested too deeply.") from error
    except ValueError as error:  # a number longer than Python converts (4,300 digits)
        raise UserError(f"{path.name}: not valid JSON: {_long_number(text)}.") from error
    return doc


def _long_number(text: str) -> str:
    found = re.search(r"\d{4301,}", text)
    if found is None:
        return "a value cannot be read"
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - text.rfind("\n", 0, found.start())
    return (f"a number of {len(found.group()):,} digits at line {line}, column {column} "
            "(the limit is 4,300)")


def validate_document(doc: Any) -> dict[str, list[dict[str, Any]]]:
    """Every record checked and converted; raises UserError naming the first problem."""
    try:
        return _validate(doc)
    except ValidationError as error:
        raise UserError(str(error)) from error


def _validate(doc: Any) -> dict[str, list[dict[str, Any]]]:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValidationError("document", f"not a {FORMAT} export (no \"format\": \"{FORMAT}\")")
    if doc.get("version") not in READABLE_VERSIONS:
        raise ValidationError("version", f"{doc.get('version')!r} is not supported; this app "
                                         f"reads versions 1 to {VERSION}")
    if doc["version"] < 2:
        doc = _upgrade_version_1(doc)
    settings.validate(doc.get("settings", {}))
    records: dict[str, list[dict[str, Any]]] = {}
    for section in SECTIONS:
        records[section.name] = _validate_section(section, doc.get(section.name))
    _validate_panels(doc["interviews"], records)
    _resolve_refs(records)
    _validate_semantics(records)
    return records


def _upgrade_version_1(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 1 had no ideas, notes or templates, and no invitation fields on interviews."""
    interviews = doc.get("interviews")
    if isinstance(interviews, list):
        interviews = [{**NEW_INTERVIEW_FIELDS, **row} if isinstance(row, dict) else row
                      for row in interviews]
    return {**doc, "interviews": interviews, **{name: [] for name in SINCE_VERSION_2}}


NEW_INTERVIEW_FIELDS = {"ical_uid": None, "ical_sequence": None, "cancelled_utc": None}


def _validate_section(section: Section, rows: Any) -> list[dict[str, Any]]:
    if not isinstance(rows, list):
        raise ValidationError(section.name, "missing, or not a list")
    out, seen = [], set()
    checks, names = list(section.fields.items()), section.fields.keys()
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            raise ValidationError(f"{section.name}[{index}]", "expected an object")
        if not row.keys() >= names:
            missing = next(name for name in names if name not in row)
            raise ValidationError(f"{section.name}[{index}]", f"missing field {missing!r}")
        try:  # each value's place is spelled out only for a message
            record = {name: checker(row[name], name) for name, checker in checks}
        except ValidationError as error:
            raise ValidationError(f"{section.name}[{index}].{error.where}", error.problem) \
                from None
        if record["id"] in seen:
            raise ValidationError(f"{section.name}[{index}].id",
                                  f"{record['id']} appears twice")
        seen.add(record["id"])
        out.append(record)
    return out


def _validate_panels(rows: list[Any], records: dict[str, list[dict[str, Any]]]) -> None:
    for index, (row, record) in enumerate(zip(rows, records["interviews"], strict=True)):
        where = f"interviews[{index}].interviewer_ids"
        ids = row.get("interviewer_ids")
        if not isinstance(ids, list):
            raise ValidationError(where, "missing, or not a list")
        record["interviewer_ids"] = [_int(i, f"{where}[{n}]") for n, i in enumerate(ids)]


def _resolve_refs(records: dict[str, list[dict[str, Any]]]) -> None:
    """Every id that names another record names one in the file; the first that does not,
    in the order of the file, is the one reported."""
    ids = {name: {r["id"] for r in rows} for name, rows in records.items()}
    for section in SECTIONS:
        refs = [(name, checker.section) for name, checker in section.fields.items()
                if isinstance(checker, _Ref)]
        panels = section.name == "interviews"
        for index, record in enumerate(records[section.name]):
            for name, target in refs:
                value = record[name]
                if value is not None and value not in ids[target]:
                    raise ValidationError(f"{section.name}[{index}].{name}",
                                          f"no record {value} in {target}")
            if panels:
                _resolve_panel(index, record["interviewer_ids"], ids["contacts"])


def _resolve_panel(index: int, contact_ids: list[int], known: set[int]) -> None:
    for n, contact_id in enumerate(contact_ids):
        if contact_id not in known:
            raise ValidationError(f"interviews[{index}].interviewer_ids[{n}]",
                                  f"no record {contact_id} in contacts")


def _validate_semantics(records: dict[str, list[dict[str, Any]]]) -> None:
    for index, interview in enumerate(records["interviews"]):
        check.interval(parse_instant(interview["start_utc"]),
                       parse_instant(interview["end_utc"]), f"interviews[{index}]")
    keys: set[str] = set()
    for index, action in enumerate(records["actions"]):
        key = action["plan_key"]
        if key is not None and key in keys:
            raise ValidationError(f"actions[{index}].plan_key", f"{key!r} appears twice")
        keys.add(key)


def _write(backend: Backend, records: dict[str, list[dict[str, Any]]],
           values: dict[str, Any]) -> dict[str, int]:
    with backend.write():
        if any(section.model.select().exists() for section in SECTIONS):
            raise UserError("The database already holds data; import into a new, empty data "
                            "folder (--data-dir).")
        for key, value in values.items():
            settings.save(key, value)
        try:
            for section in SECTIONS:
                _insert(section, records[section.name])
        except IntegrityError as error:
            raise UserError(f"The file contradicts itself: {error}.") from error
    return {name: len(rows) for name, rows in records.items()}


def _insert(section: Section, rows: list[dict[str, Any]]) -> None:
    # Checked values are already what is stored: text (instants and dates too), whole
    # numbers, booleans and None.
    fields = _model_fields(section)
    names = list(section.fields)
    insert_rows(section.model, fields, ([record[name] for name in names] for record in rows),
                convert=False)
    if section.model is Interview:
        insert_rows(InterviewContact, [InterviewContact.interview, InterviewContact.contact],
                    ((r["id"], c) for r in rows for c in dict.fromkeys(r["interviewer_ids"])),
                    convert=False)
