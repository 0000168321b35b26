"""JSON export and all-or-nothing import (exchange.transfer), in-process on real databases."""

from __future__ import annotations

import copy
import json
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from peewee import IntegrityError

from followup_desktop.domain import validation as check
from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.validation import ValidationError
from followup_desktop.services import settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.demo import SAMPLE_SENDER, STORIES, load_demo
from followup_desktop.services.errors import UserError
from followup_desktop.services.exchange.transfer import exporting, importing, sections
from followup_desktop.storage.instants import format_instant
from helpers.backends import db_file, make_backend, row_counts, table_rows

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
SOURCE_SETTINGS = {"time_zone": "Europe/Berlin", "keep_in_touch_cap": 3, "pester_gap_days": 5,
                   "working_days": [0, 1, 2, 3], "day_start": "08:30"}


def demo_backend(data_dir: Path, start: datetime = NOW) -> Backend:
    backend = make_backend(data_dir, start=start)
    with backend.write():
        for key, value in SOURCE_SETTINGS.items():
            settings.save(key, value)
    load_demo(backend)
    return backend


@pytest.fixture(scope="module")
def demo_doc(tmp_path_factory) -> dict[str, Any]:
    """An export of the demo data with non-default settings (built once, copied per test)."""
    with demo_backend(tmp_path_factory.mktemp("source")) as backend:
        return exporting.export_document(backend)


@pytest.fixture
def doc(demo_doc: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(demo_doc)


@pytest.fixture
def target(tmp_path: Path):
    """An empty data folder whose own time-zone setting an import would replace."""
    backend = make_backend(tmp_path / "target", start=NOW + timedelta(days=1),
                           zone="America/New_York")
    yield backend
    backend.close()


def write_json(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document, indent=1), encoding="ascii")  # "\ud800" stays escaped
    return path


def without_exported_utc(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != "exported_utc"}


# --- round trip ---------------------------------------------------------------------------------

def test_demo_export_covers_every_section(demo_doc: dict[str, Any]) -> None:
    assert demo_doc["format"] == "followup-desktop" and demo_doc["version"] == 3
    name, address = SAMPLE_SENDER  # the sample job seeker signs the sample notes
    assert demo_doc["settings"] == {**SOURCE_SETTINGS, "sender_name": name,
                                    "sender_address": address}
    for section in sections.SECTIONS:  # templates the user edited: none in the sample data
        assert demo_doc[section.name] or section.name == "note_templates", \
            f"the demo has no {section.name}"
    assert len(demo_doc["applications"]) == len(STORIES)
    assert any(len(i["interviewer_ids"]) > 1 for i in demo_doc["interviews"])
    states = {a["state"] for a in demo_doc["actions"]}
    assert {"planned", "done", "cancelled"} <= states


def test_export_import_export_is_lossless(tmp_path: Path) -> None:
    with demo_backend(tmp_path / "a") as source:
        first = exporting.export_document(source)
        count = exporting.export_file(source, tmp_path / "a.json")
    assert count == sum(len(first[s.name]) for s in sections.SECTIONS)
    assert stat.S_IMODE((tmp_path / "a.json").stat().st_mode) == 0o600
    assert not (tmp_path / "a.json.part").exists()

    with Backend(tmp_path / "b", clock=FixedClock(NOW + timedelta(days=3))) as copy_backend:
        counts = importing.import_file(copy_backend, tmp_path / "a.json")
        assert counts == {s.name: len(first[s.name]) for s in sections.SECTIONS}
        second = exporting.export_document(copy_backend)
        exporting.export_file(copy_backend, tmp_path / "b.json")
        assert copy_backend.rules().zone.key == "Europe/Berlin"

    assert first["exported_utc"] != second["exported_utc"]
    assert without_exported_utc(second) == without_exported_utc(first)
    # Byte for byte, too, apart from that one line.
    lines_a = (tmp_path / "a.json").read_text(encoding="utf-8").splitlines()
    lines_b = (tmp_path / "b.json").read_text(encoding="utf-8").splitlines()
    differ = [(a, b) for a, b in zip(lines_a, lines_b, strict=True) if a != b]
    assert len(differ) == 1 and all('"exported_utc"' in line for line in differ[0])


HOSTILE_TEXT = ['quote " backslash \\ slash /', "line\nbreak\r\n\ttab", "},\n   {",
                "\u202e\u00e9\u4e2d\U0001f600", "\\u0041 not an escape", "", " ", "null", "[1, 2]",
                "\x7f\x1b"]


def test_export_text_is_what_json_writes(demo_doc: dict[str, Any]) -> None:
    """The export's own writer gives exactly json.dumps(indent=1)'s text, for any values."""
    doc = copy.deepcopy(demo_doc)
    for index, text in enumerate(HOSTILE_TEXT):
        doc["contacts"][index % len(doc["contacts"])]["notes"] = text
        doc["companies"][0][text] = index  # odd keys, too
    doc["interviews"][0]["interviewer_ids"] = []
    doc["actions"][0]["note"] = None
    doc["ideas"] = []
    doc["settings"]["odd"] = {"nested": [1.5, float("inf"), {"a": [], "b": {}}], "n": None}
    doc["touches"][0]["extra"] = {"nested": [True, False, -0.0, 10**20]}
    doc["note_templates"] = [{}, {"key": "x"}]
    assert exporting.dumps(doc) == json.dumps(doc, ensure_ascii=False, indent=1)
    for odd in ({}, {"companies": "not a list"}, {"companies": [1, {"id": 1}]}, {"x": []}):
        assert exporting.dumps(odd) == json.dumps(odd, ensure_ascii=False, indent=1)


def _export_with_peewee(backend: Backend) -> dict[str, Any]:
    """The export as first written, every row through peewee's models: the reference."""
    from datetime import date

    from followup_desktop.storage.instants import format_instant as instant_text
    from followup_desktop.storage.models import InterviewContact, Setting

    doc: dict[str, Any] = {"settings": {r.key: json.loads(r.value) for r in Setting.select()}}
    for section in sections.SECTIONS:
        doc[section.name] = []
        for row in section.model.select().order_by(section.model.id).dicts():
            record = {}
            for name in section.fields:
                value = row[section.model._meta.columns[name].name]  # by column
                if isinstance(value, datetime):
                    value = instant_text(value)
                elif isinstance(value, date):
                    value = value.isoformat()
                record[name] = value
            doc[section.name].append(record)
    panel: dict[int, list[int]] = {}
    for interview, contact in InterviewContact.select().order_by(
            InterviewContact.contact).tuples():
        panel.setdefault(interview, []).append(contact)
    for interview in doc["interviews"]:
        interview["interviewer_ids"] = panel.get(interview["id"], [])
    return doc


def test_export_reads_what_the_models_read(tmp_path: Path) -> None:
    """Rows are read as stored, without peewee's conversions: the same document, types and
    all, also for an instant or a date stored in another form than the app writes."""
    with demo_backend(tmp_path / "a") as backend:
        backend.db.execute_sql("UPDATE company SET created_utc = '2026-03-01T10:00:00+01:00' "
                               "WHERE id = 1")
        backend.db.execute_sql("UPDATE application SET decision_date = '20260401' WHERE id = 1")
        expected = _export_with_peewee(backend)
        got = exporting.export_document(backend)
    assert got["companies"][0]["created_utc"] == "2026-03-01T09:00:00Z"
    assert got["applications"][0]["decision_date"] == "2026-04-01"
    assert got["settings"] == expected.pop("settings")
    for name, records in expected.items():
        assert got[name] == records, name
        assert [[type(v) for v in r.values()] for r in got[name]] == \
            [[type(v) for v in r.values()] for r in records], name


def test_import_keeps_text_exactly(doc: dict[str, Any], target: Backend, tmp_path: Path) -> None:
    hostile = '=HYPERLINK("http://x","y") <b>bold</b>'
    doc["contacts"][0]["name"] = hostile
    doc["applications"][0]["notes"] = "line one\nline two\ttabbed\r\n" + "n" * 19_000
    importing.import_file(target, write_json(tmp_path / "doc.json", doc))
    again = exporting.export_document(target)
    assert again["contacts"][0]["name"] == hostile
    assert again["applications"][0]["notes"] == doc["applications"][0]["notes"]


def test_offsets_are_converted_to_utc_on_import(doc: dict[str, Any], target: Backend,
                                                tmp_path: Path) -> None:
    doc["companies"][0]["created_utc"] = "2026-03-01T10:00:00+01:00"
    importing.import_file(target, write_json(tmp_path / "doc.json", doc))
    assert exporting.export_document(target)["companies"][0]["created_utc"] == \
        "2026-03-01T09:00:00Z"


@pytest.mark.parametrize("instant", [
    "2026-03-01T09:00:00Z", "2026-03-01T10:00:00+01:00", "2026-02-30T10:00:00Z",
    "2026-03-01T23:59:60Z", "0999-12-31T23:00:00Z", "2999-12-31T23:59:59Z", "3000-01-01T00:00:00Z",
    "2026-03-01T09:00:00z", "2026-03-01 09:00:00Z", "2026-03-01T09:00:00.5Z", "2026-03-01T09:00Z",
    "\u0662\u0660\u0662\u0666-03-01T09:00:00Z", "2026-03-01T09:00:00Z\n", " 2026-03-01T09:00:00Z"])
def test_an_instant_in_the_stored_form_is_read_like_any_other(
        instant: str, doc: dict[str, Any], target: Backend, tmp_path: Path) -> None:
    """Instants already written as stored are kept as text rather than converted twice: that
    short cut accepts, refuses and stores exactly what the general check does."""
    where = "companies[0].created_utc"
    doc["companies"][0]["created_utc"] = instant
    path = write_json(tmp_path / "doc.json", doc)
    try:
        expected = format_instant(check.instant(instant, where))
    except ValidationError as error:
        assert_refused(target, path, f"^{re.escape(str(error))}$")
    else:
        importing.import_file(target, path)
        assert exporting.export_document(target)["companies"][0]["created_utc"] == expected


def test_the_database_refusing_rows_undoes_the_whole_import(
        doc: dict[str, Any], target: Backend, tmp_path: Path) -> None:
    """Two notes for one action pass every check but the table's own: nothing is written."""
    doc["notes"][1]["action_id"] = doc["notes"][0]["action_id"]
    path = write_json(tmp_path / "doc.json", doc)
    assert_refused(target, path, r"^The file contradicts itself: UNIQUE constraint failed")


def test_import_into_a_database_with_data_is_refused(doc: dict[str, Any],
                                                     tmp_path: Path) -> None:
    path = write_json(tmp_path / "doc.json", doc)
    with demo_backend(tmp_path / "full") as full:
        before = table_rows(db_file(full.data_dir))
        with pytest.raises(UserError, match="already holds data"):
            importing.import_file(full, path)
        assert table_rows(db_file(full.data_dir)) == before


# --- bad documents ------------------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], "Replace | None"]


@dataclass(frozen=True)
class Replace:
    """A mutation's result when it replaces the whole document."""

    document: Any


def setting(key: str, value: Any) -> Mutation:
    return lambda d: d["settings"].__setitem__(key, value)


def top(key: str, value: Any) -> Mutation:
    return lambda d: d.__setitem__(key, value)


def drop(key: str) -> Mutation:
    return lambda d: d.__delitem__(key)


def set_field(section: str, index: int, field: str, value: Any) -> Mutation:
    return lambda d: d[section][index].__setitem__(field, value)


def delete_field(section: str, index: int, field: str) -> Mutation:
    return lambda d: d[section][index].__delitem__(field)


def swap_interview_times(d: dict[str, Any]) -> None:
    first = d["interviews"][1]
    first["start_utc"], first["end_utc"] = first["end_utc"], first["start_utc"]


def duplicate_company_id(d: dict[str, Any]) -> None:
    d["companies"][1]["id"] = d["companies"][0]["id"]


# (mutation of a valid document, pattern the message must match: it names the place)
BAD_DOCUMENTS: dict[str, tuple[Mutation, str]] = {
    "not an object": (lambda d: Replace([d]), r"^document: not a followup-desktop export"),
    "wrong format": (top("format", "other-app"), r'^document: .*"format"'),
    "no format": (drop("format"), r'^document: .*"format"'),
    "unknown version": (top("version", 4), r"^version: 4 is not supported"),
    "version as text": (top("version", "1"), r"^version: '1' is not supported"),
    "section missing": (drop("touches"), r"^touches: missing, or not a list"),
    "settings not an object": (top("settings", []), r"^settings: expected an object"),
    "record not an object": (lambda d: d["contacts"].__setitem__(0, "Bob"),
                             r"^contacts\[0\]: expected an object"),
    "missing field": (delete_field("companies", 0, "name"),
                      r"^companies\[0\]: missing field 'name'"),
    "empty name": (set_field("companies", 2, "name", " "),
                   r"^companies\[2\]\.name: must not be empty"),
    "impossible date": (set_field("interviews", 3, "end_utc", "2026-02-30T10:00:00Z"),
                        r"^interviews\[3\]\.end_utc: '2026-02-30T10:00:00Z' is not a valid "
                        r"ISO-8601"),
    "instant without offset": (set_field("touches", 0, "at_utc", "2026-03-01T10:00:00"),
                               r"^touches\[0\]\.at_utc: .* has no UTC offset"),
    "instant out of range": (set_field("actions", 0, "due_utc", "0001-01-01T00:30:00+01:00"),
                             r"^actions\[0\]\.due_utc: .* outside the years"),
    "three-digit year": (set_field("actions", 1, "done_utc", "0999-12-31T00:00:00Z"),
                         r"^actions\[1\]\.done_utc: .* outside the years"),
    "impossible decision date": (set_field("applications", 1, "decision_date", "2026-13-01"),
                                 r"^applications\[1\]\.decision_date: '2026-13-01' is not a "
                                 r"valid date"),
    "decision date out of range": (set_field("applications", 1, "decision_date", "9999-12-31"),
                                   r"^applications\[1\]\.decision_date: .* outside the years"),
    "interview ends before it starts": (swap_interview_times,
                                        r"^interviews\[1\]: the interview must end after"),
    "interview lasts two days": (set_field("interviews", 0, "end_utc", "2030-01-01T00:00:00Z"),
                                 r"^interviews\[0\]: an interview cannot last a day"),
    "missing company": (set_field("contacts", 0, "company_id", 999),
                        r"^contacts\[0\]\.company_id: no record 999 in companies"),
    "missing interviewer": (lambda d: d["interviews"][0]["interviewer_ids"].append(999),
                            r"^interviews\[0\]\.interviewer_ids\[\d+\]: no record 999 in "
                            r"contacts"),
    "no interviewer list": (delete_field("interviews", 0, "interviewer_ids"),
                            r"^interviews\[0\]\.interviewer_ids: missing"),
    "id as text": (set_field("companies", 0, "id", "1"),
                   r"^companies\[0\]\.id: expected a positive whole number"),
    "id as boolean": (set_field("contacts", 0, "id", True),
                      r"^contacts\[0\]\.id: expected a positive whole number"),
    "duplicate id": (duplicate_company_id, r"^companies\[1\]\.id: 1 appears twice"),
    "duplicate plan key": (lambda d: d["actions"][1].__setitem__(
        "plan_key", d["actions"][0]["plan_key"]), r"^actions\[1\]\.plan_key: .* appears twice"),
    "note too long": (set_field("applications", 0, "notes", "n" * 20_001),
                      r"^applications\[0\]\.notes: is 20,001 characters long; the limit is "
                      r"20,000"),
    "name with a line break": (set_field("contacts", 1, "name", "Bob\nBcc: x"),
                               r"^contacts\[1\]\.name: contains control characters"),
    "lone surrogate": (set_field("contacts", 1, "title", "Lead \ud800"),
                       r"^contacts\[1\]\.title: contains characters that are not valid"),
    "smuggling e-mail": (set_field("contacts", 0, "email", "a@b.c?attach=/etc/passwd"),
                         r"^contacts\[0\]\.email: .* is not a plain e-mail address"),
    "unknown role": (set_field("contacts", 0, "role", "boss"),
                     r"^contacts\[0\]\.role: 'boss' is not one of"),
    "unknown zone": (set_field("actions", 2, "zone", "Mars/Olympus"),
                     r"^actions\[2\]\.zone: 'Mars/Olympus' is not a known IANA time zone"),
    "unknown setting": (setting("colour", "red"), r"^settings\['colour'\]: is not a known"),
    "setting of the wrong type": (setting("keep_in_touch_cap", "3"),
                                  r"^settings\.keep_in_touch_cap: has the wrong type"),
    "unusable settings": (setting("day_start", "18:00"), r"^settings: not usable"),
    "setting with a hostile key": (setting("x\n\x1b[2Jy", 1),
                                   r"^settings\['x\\n\\x1b\[2Jy'\]: is not a known setting"),
    "time zone with a line break": (setting("time_zone", "../x\nInjected"),
                                    r"^settings\.time_zone: contains control characters"),
    "time zone outside the zone database": (setting("time_zone", "../../etc/passwd"),
                                            r"^settings\.time_zone: '\.\./\.\./etc/passwd' is "
                                            r"not a known IANA time zone"),
    "last record bad": (lambda d: d["touches"][-1].__setitem__("channel", "pigeon"),
                        r"^touches\[\d+\]\.channel: 'pigeon' is not one of"),
}


def apply(doc: dict[str, Any], mutation: Mutation) -> Any:
    result = mutation(doc)
    return result.document if isinstance(result, Replace) else doc


@pytest.mark.parametrize(("mutation", "pattern"), BAD_DOCUMENTS.values(),
                         ids=BAD_DOCUMENTS.keys())
def test_bad_document_is_refused_naming_the_place(doc: dict[str, Any], target: Backend,
                                                  tmp_path: Path, mutation: Mutation,
                                                  pattern: str) -> None:
    path = write_json(tmp_path / "doc.json", apply(doc, mutation))
    before = table_rows(db_file(target.data_dir))
    with pytest.raises(UserError) as refused:
        importing.import_file(target, path)
    message = str(refused.value)
    assert re.search(pattern, message), message
    assert "\n" not in message and "\x1b" not in message
    assert table_rows(db_file(target.data_dir)) == before
    assert target.rules().zone.key == "America/New_York"


def test_last_record_bad_writes_none_of_the_earlier_ones(doc: dict[str, Any], target: Backend,
                                                         tmp_path: Path) -> None:
    doc["touches"][-1]["summary"] = "s" * 20_001
    path = write_json(tmp_path / "doc.json", doc)
    before = row_counts(db_file(target.data_dir))
    with pytest.raises(UserError, match=rf"touches\[{len(doc['touches']) - 1}\]\.summary"):
        importing.import_file(target, path)
    assert row_counts(db_file(target.data_dir)) == before
    assert before["company"] == 0 and before["setting"] == 1


def test_failure_while_writing_the_last_section_rolls_everything_back(
        doc: dict[str, Any], target: Backend, tmp_path: Path, monkeypatch) -> None:
    """All or nothing also holds when the database, not the checks, refuses the last rows."""
    path = write_json(tmp_path / "doc.json", doc)
    before = table_rows(db_file(target.data_dir))
    real_insert = importing._insert
    written = []

    def insert_then_fail_on_the_last(section, rows):
        if section is sections.SECTIONS[-1]:
            raise IntegrityError(f"CHECK constraint failed: {section.name}")
        real_insert(section, rows)
        written.append(section.name)

    monkeypatch.setattr(importing, "_insert", insert_then_fail_on_the_last)
    with pytest.raises(UserError, match="contradicts itself"):
        importing.import_file(target, path)
    assert written == [s.name for s in sections.SECTIONS][:-1]  # the rest had been written
    assert table_rows(db_file(target.data_dir)) == before
    assert target.rules().zone.key == "America/New_York"


# --- unreadable files ---------------------------------------------------------------------------

def assert_refused(target: Backend, path: Path, pattern: str) -> str:
    before = table_rows(db_file(target.data_dir))
    with pytest.raises(UserError) as refused:
        importing.import_file(target, path)
    message = str(refused.value)
    assert re.search(pattern, message), message
    assert "\n" not in message
    assert table_rows(db_file(target.data_dir)) == before
    return message


def test_malformed_json_names_line_and_column(target: Backend, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "format": "followup-desktop",\n  "version": 1\n  "companies": []\n}\n',
                    encoding="utf-8")
    assert_refused(target, path, r"^broken\.json: not valid JSON: Expecting ',' delimiter at "
                                 r"line 4, column 3\.$")


def test_truncated_file(doc: dict[str, Any], target: Backend, tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    text = json.dumps(doc, indent=1)
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    assert_refused(target, path, r"^cut\.json: not valid JSON: .* at line \d+, column \d+\.$")


def test_not_utf8(doc: dict[str, Any], target: Backend, tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    data = json.dumps(doc, ensure_ascii=False).encode("latin-1")  # "Hafenstraße", "Ålesund"
    path.write_bytes(data)
    offset = next(i for i, byte in enumerate(data) if byte >= 0x80)
    assert_refused(target, path, rf"^latin1\.json: not UTF-8 text \(bad byte at offset "
                                 rf"{offset}\)\.$")


def test_file_over_the_size_limit(doc: dict[str, Any], target: Backend, tmp_path: Path,
                                  monkeypatch) -> None:
    path = write_json(tmp_path / "big.json", doc)
    monkeypatch.setattr(importing, "MAX_BYTES", path.stat().st_size - 1)
    assert_refused(target, path, r"^big\.json: the file is larger than the limit of")
    monkeypatch.setattr(importing, "MAX_BYTES", path.stat().st_size)  # exactly at the limit: fine
    importing.import_file(target, path)


def test_deeply_nested_json(target: Backend, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000, encoding="utf-8")
    assert_refused(target, path, r"^deep\.json: the JSON is nested too deeply\.$")


def test_missing_file(target: Backend, tmp_path: Path) -> None:
    assert_refused(target, tmp_path / "nowhere.json", r"nowhere\.json: cannot be read")


def test_a_folder_instead_of_a_file(target: Backend, tmp_path: Path) -> None:
    folder = tmp_path / "folder.json"
    folder.mkdir()
    assert_refused(target, folder, r"folder\.json: cannot be read")
