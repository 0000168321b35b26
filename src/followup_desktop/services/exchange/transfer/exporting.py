"""The export: the complete JSON document of all data, and the file it is written to."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from peewee import BooleanField, DateField, Field

from followup_desktop import __version__
from followup_desktop.services.backend import Backend
from followup_desktop.services.exchange.transfer.sections import (
    FORMAT,
    SECTIONS,
    STORED_INSTANT,
    VERSION,
    Section,
    model_fields,
)
from followup_desktop.storage.bulk import stored_rows
from followup_desktop.storage.fields import InstantField
from followup_desktop.storage.instants import format_instant, parse_instant
from followup_desktop.storage.models import InterviewContact, Setting


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
    fields = model_fields(section)
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


def _instant_text(stored: str) -> str:
    return stored if STORED_INSTANT.fullmatch(stored) else format_instant(
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
