"""CSV export (services.exports + io.csv_export): encoding, quoting, formula neutralization."""

from __future__ import annotations

import csv
import io
import os
import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from followup_desktop.domain.model import ActionKind, ApplicationStatus, Channel, Role
from followup_desktop.io import csv_export
from followup_desktop.services import actions, records
from followup_desktop.services.errors import UserError
from followup_desktop.services.exchange import exports
from followup_desktop.services.records import ContactDraft
from followup_desktop.storage.models import Action
from helpers.backends import berlin, clock_of, make_backend

MONDAY = berlin("2026-03-09 09:00")
INTERVIEW_START = berlin("2026-03-10 14:00")
FORMULA = '=HYPERLINK("https://evil.example","click")'


def read_rows(path: Path) -> list[list[str]]:
    """The file as a spreadsheet-minded reader sees it: BOM stripped, RFC 4180 quoting."""
    with path.open(encoding="utf-8-sig", newline="") as source:
        return list(csv.reader(source))


@pytest.fixture
def backend(tmp_path: Path):
    backend = make_backend(tmp_path / "data", start=MONDAY)
    acme = records.add_company(backend, "Acme Robotics")
    evil = records.add_company(backend, FORMULA)
    ada = records.add_contact(backend, acme, ContactDraft(
        "Zoë Ångström", "Head of Robotics", Role.HIRING_MANAGER, email="zoe@acme.example",
        phone="+49 30 1234567", postal_address="Hauptstraße 1\n10115 Berlin",
        name_verified=True, verified_source="LinkedIn"))
    records.add_contact(backend, evil, ContactDraft("@mallory", "-1+1", Role.RECRUITER))
    app = records.add_application(backend, acme, "Robotics Engineer, R&D",
                                  posting_url="https://jobs.example/1?a=b,c",
                                  decision_date=date(2026, 3, 27))
    records.add_application(backend, evil, "+cmd|' /C calc'!A0")
    records.add_interview(backend, app, INTERVIEW_START, INTERVIEW_START + timedelta(hours=1),
                          "Europe/Berlin", [ada])
    thank_you = Action.get(Action.kind == ActionKind.THANK_YOU)
    clock_of(backend).set(thank_you.due_utc)
    actions.complete(backend, thank_you.id, 'Thanked for the tour; "great" team,\nsent paper',
                     at=berlin("2026-03-11 16:05"))
    check = Action.get(Action.kind == ActionKind.DECISION_CHECK)
    actions.complete(backend, check.id, "\tcalled =2+5", at=berlin("2026-03-30 09:30"))
    yield backend
    backend.close()


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralized(start):
    value = f"{start}1+1"
    assert csv_export.neutralize(value) == f"'{value}"
    assert csv_export.cell(value) == f"'{value}"


@pytest.mark.parametrize("value", [
    "Ada Lovelace", "Acme, Inc", 'say "hi"', "two\nlines", "", "0", "'quoted already",
    " =leading space", "a=b", "x-y", "user@example.org", "12.5"])
def test_ordinary_values_are_untouched(value):
    assert csv_export.neutralize(value) == value


def test_cells_of_other_types():
    assert csv_export.cell(None) == ""
    assert (csv_export.cell(True), csv_export.cell(False)) == ("yes", "no")
    assert csv_export.cell(date(2026, 3, 9)) == "2026-03-09"
    assert csv_export.cell(7) == "7"
    assert csv_export.cell(-7) == "'-7"  # never written by the app, and would be a formula


def test_bytes_have_a_bom_crlf_and_rfc4180_quoting():
    rows = [["Acme, Inc", 'say "hi"', "two\nlines"], ["=1+1", "+49 30 1", "plain"]]
    data = csv_export.csv_bytes(["A", "B", "C"], rows)
    assert data.startswith(b"\xef\xbb\xbfA,B,C\r\n")
    assert data.endswith(b"\r\n")
    assert b'"Acme, Inc","say ""hi""","two\nlines"\r\n' in data
    text = data.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["A", "B", "C"], rows[0], ["'=1+1", "'+49 30 1", "plain"]]


def test_touches_are_the_proof_of_a_job_search(backend, tmp_path):
    path = tmp_path / "touches.csv"
    assert exports.export_csv(backend, "touches", path) == 2
    header, first, second = read_rows(path)
    assert header == ["Date (local)", "Time (local)", "Time zone", "When (UTC)", "Company",
                      "Contact", "Contact title", "Channel", "Position", "Summary"]
    assert first == ["2026-03-11", "16:05", "Europe/Berlin", "2026-03-11T15:05:00Z",
                     "Acme Robotics", "Zoë Ångström", "Head of Robotics", "E-mail",
                     "Robotics Engineer, R&D",
                     'Thanked for the tour; "great" team,\nsent paper']
    # Summer time began on 29 March: local 09:30 is 07:30 UTC.
    assert second[:4] == ["2026-03-30", "09:30", "Europe/Berlin", "2026-03-30T07:30:00Z"]
    assert second[-1] == "'\tcalled =2+5"


def test_applications(backend, tmp_path):
    path = tmp_path / "applications.csv"
    assert exports.export_csv(backend, "applications", path) == 2
    header, acme, evil = read_rows(path)
    assert header == ["Company", "Position", "Status", "Added on", "Status since",
                      "Interviews", "Decision date", "Posting URL"]
    assert acme == ["Acme Robotics", "Robotics Engineer, R&D", "Interviewing", "2026-03-09",
                    "2026-03-09", "2026-03-10", "2026-03-27", "https://jobs.example/1?a=b,c"]
    assert evil[:3] == ["'" + FORMULA, "'+cmd|' /C calc'!A0",
                        ApplicationStatus.APPLIED.value.capitalize()]


def test_contacts(backend, tmp_path):
    path = tmp_path / "contacts.csv"
    assert exports.export_csv(backend, "contacts", path) == 2
    header, mallory, zoe = read_rows(path)  # by company: "=" sorts before "A"
    assert header == ["Name", "Title", "Role", "Company", "E-mail", "Phone", "Postal address",
                      "Name verified", "Title verified", "Verified from"]
    assert zoe == ["Zoë Ångström", "Head of Robotics", "Hiring manager", "Acme Robotics",
                   "zoe@acme.example", "'+49 30 1234567", "Hauptstraße 1\n10115 Berlin", "yes",
                   "no", "LinkedIn"]
    assert mallory[:4] == ["'@mallory", "'-1+1", "Recruiter", "'" + FORMULA]


def test_no_cell_in_any_table_starts_a_formula(backend, tmp_path):
    for kind in ("applications", "contacts", "touches"):
        path = tmp_path / f"{kind}.csv"
        exports.export_csv(backend, kind, path)
        for row in read_rows(path):
            assert not any(value.startswith(csv_export.FORMULA_STARTS) for value in row), row


def test_files_are_owner_only_and_replaced_atomically(backend, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "touches.csv"
    path.write_text("old")
    path.chmod(0o644)
    old_umask = os.umask(0)
    try:
        exports.export_csv(backend, "touches", path)
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["touches.csv"]
    assert path.read_bytes().startswith(b"\xef\xbb\xbfDate (local)")


def test_errors_are_user_errors(backend, tmp_path):
    with pytest.raises(UserError, match="cannot be exported as CSV"):
        exports.export_csv(backend, "ideas", tmp_path / "x.csv")  # type: ignore[arg-type]
    with pytest.raises(UserError, match=r"missing[/\\]x\.csv: cannot be written"):
        exports.export_csv(backend, "contacts", tmp_path / "missing" / "x.csv")
    assert not (tmp_path / "x.csv").exists()


def test_an_empty_database_gives_just_the_header(tmp_path):
    with make_backend(tmp_path / "data", start=MONDAY) as backend:
        assert exports.export_csv(backend, "touches", tmp_path / "t.csv") == 0
    assert len(read_rows(tmp_path / "t.csv")) == 1


def test_local_time_follows_each_touch_zone(backend, tmp_path):
    app = Action.get(Action.kind == ActionKind.THANK_YOU).application_id
    action_id, _ = actions.plan_by_hand(backend, app, ActionKind.KEEP_IN_TOUCH,
                                        berlin("2026-04-01 10:00"), Channel.EMAIL, None)
    action = Action.get_by_id(action_id)
    with backend.write():
        from followup_desktop.services import settings
        settings.save("time_zone", "America/New_York")
    actions.complete(backend, action.id, "note", at=datetime.fromisoformat(
        "2026-04-01T12:00:00+00:00"))
    exports.export_csv(backend, "touches", tmp_path / "t.csv")
    last = read_rows(tmp_path / "t.csv")[-1]
    assert last[:4] == ["2026-04-01", "08:00", "America/New_York", "2026-04-01T12:00:00Z"]
