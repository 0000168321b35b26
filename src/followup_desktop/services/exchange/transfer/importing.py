"""The all-or-nothing import: every record is checked before anything is written; one bad
field rejects the whole file with a message naming where it is.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peewee import IntegrityError

from followup_desktop.domain import validation as check
from followup_desktop.domain.validation import ValidationError
from followup_desktop.services import settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.exchange.transfer.sections import (
    FORMAT,
    SECTIONS,
    VERSION,
    Ref,
    Section,
    model_fields,
    positive_int,
)
from followup_desktop.storage.bulk import insert_rows
from followup_desktop.storage.instants import parse_instant
from followup_desktop.storage.models import Interview, InterviewContact

READABLE_VERSIONS = (1, 2, 3)
SINCE_VERSION_2 = ("ideas", "notes", "note_templates")
MAX_BYTES = 256 * 1024 * 1024


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
    if doc["version"] < 3:
        doc = _upgrade_version_2(doc)
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


def _upgrade_version_2(doc: dict[str, Any]) -> dict[str, Any]:
    """Before version 3 every touch was the user's own, with nothing from the mailbox."""
    touches = doc.get("touches")
    if isinstance(touches, list):
        touches = [{**NEW_TOUCH_FIELDS, **row} if isinstance(row, dict) else row
                   for row in touches]
    return {**doc, "touches": touches}


NEW_TOUCH_FIELDS = {"direction": "out", "subject": "", "address": "", "message_id": None,
                    "answer": None, "answered_utc": None}


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
        record["interviewer_ids"] = [positive_int(i, f"{where}[{n}]") for n, i in enumerate(ids)]


def _resolve_refs(records: dict[str, list[dict[str, Any]]]) -> None:
    """Every id that names another record names one in the file; the first that does not,
    in the order of the file, is the one reported."""
    ids = {name: {r["id"] for r in rows} for name, rows in records.items()}
    for section in SECTIONS:
        refs = [(name, checker.section) for name, checker in section.fields.items()
                if isinstance(checker, Ref)]
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
    fields = model_fields(section)
    names = list(section.fields)
    insert_rows(section.model, fields, ([record[name] for name in names] for record in rows),
                convert=False)
    if section.model is Interview:
        insert_rows(InterviewContact, [InterviewContact.interview, InterviewContact.contact],
                    ((r["id"], c) for r in rows for c in dict.fromkeys(r["interviewer_ids"])),
                    convert=False)
