"""The `followup-desktop` command, run as a real subprocess: exit codes, stdout and stderr,
and what ends up in the database file (read with the sqlite3 module, not through the app)."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from helpers.commands import command_env

DATABASE_FILE = "followup.sqlite3"
ERROR_PREFIX = "followup-desktop: "
# The system zone of every command; scripts/test-at-any-hour.sh runs these tests again under
# faketime with other zones (UTC+14, UTC-8 with its DST night).
TEST_ZONE = os.environ.get("FOLLOWUP_TEST_TZ", "Europe/Berlin")


def cli_env(**changes: str | None) -> dict[str, str]:
    return command_env(**{"TZ": TEST_ZONE, **changes})  # the demo data and `due` follow it


def run(data_dir: Path | None, *args: str, env: dict[str, str] | None = None,
        timeout: float = 60) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "followup_desktop"]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    return subprocess.run(command + list(args), capture_output=True, text=True,
                          encoding="utf-8", env=env or cli_env(), timeout=timeout, check=False)


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result


def assert_one_line_error(result: subprocess.CompletedProcess[str], pattern: str) -> str:
    """Exit 2, nothing on stdout, exactly one line on stderr naming what was wrong."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == ""
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, repr(result.stderr)
    line = result.stderr.rstrip("\n")
    assert line.startswith(ERROR_PREFIX), line
    assert "Traceback" not in line and "\x1b" not in line
    assert re.search(pattern, line), line
    return line


def row_counts(data_dir: Path) -> dict[str, int]:
    uri = f"file:{data_dir / DATABASE_FILE}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        names = [n for (n,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]
                for n in sorted(names)}


def iso(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# The demo puts an interview two days ago; its thank-yous fall due at the latest on the next
# working day after tomorrow, so two days from now at least one thank-you is due, whatever the
# weekday the tests run on.
AT = iso(datetime.now(UTC) + timedelta(days=2))


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("cli") / "demo"
    result = ok(run(data_dir, "demo"))
    assert result.stdout.startswith("Added 6 sample applications")
    return data_dir


@pytest.fixture(scope="module")
def pristine_db(tmp_path_factory) -> Path:
    """An empty database made by the app (its first `due`), copied for each import target."""
    data_dir = tmp_path_factory.mktemp("cli") / "empty"
    at = datetime.fromisoformat("2026-11-27T09:30:00+01:00")
    result = ok(run(data_dir, "due", "--at", at.isoformat()))
    shown = at.astimezone(ZoneInfo(TEST_ZONE)).strftime("%a %d %b %Y %H:%M")
    assert result.stdout.strip() == f"Nothing is due at {shown} ({TEST_ZONE})."
    assert not (data_dir / (DATABASE_FILE + "-wal")).exists()  # checkpointed on close
    return data_dir / DATABASE_FILE


@pytest.fixture(scope="module")
def exported(demo_dir: Path, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.json"
    result = ok(run(demo_dir, "export", "--format", "json", "-o", str(path)))
    assert re.fullmatch(r"Exported \d+ records to .*demo\.json\n", result.stdout)
    return path


# --- due ----------------------------------------------------------------------------------------

ITEM_KEYS = {"id", "kind", "due", "due_local", "zone", "state", "timeliness", "channel",
             "contact", "company", "application", "note", "warnings"}
INSTANT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def test_due_json_has_the_documented_shape(demo_dir: Path) -> None:
    result = ok(run(demo_dir, "due", "--json", "--at", AT))
    document: dict[str, Any] = json.loads(result.stdout)
    assert set(document) == {"format", "version", "at", "items"}
    assert (document["format"], document["version"], document["at"]) == (
        "followup-desktop/due", 1, AT)
    items = document["items"]
    assert items
    for item in items:
        assert set(item) == ITEM_KEYS
        assert isinstance(item["id"], int)
        assert item["kind"] in {"thank_you", "keep_in_touch", "decision_check",
                                "ask_about_decision"}
        assert INSTANT.match(item["due"]) and item["due"] <= AT
        local = datetime.fromisoformat(item["due_local"])
        assert local.utcoffset() is not None
        assert iso(local) == item["due"]
        assert item["zone"] == TEST_ZONE
        assert item["state"] in {"planned", "snoozed"}
        assert item["timeliness"] in {"on_time", "late"}
        assert item["channel"] in {"email", "phone", "card", "letter"}
        contact = item["contact"]
        if contact is not None:
            assert set(contact) == {"id", "name", "title", "role"}
            assert isinstance(contact["id"], int) and contact["name"]
            assert contact["role"] in {"interviewer", "hiring_manager", "recruiter",
                                       "receptionist", "other"}
        assert set(item["company"]) == {"id", "name"} and item["company"]["name"]
        assert set(item["application"]) == {"id", "position"}
        assert isinstance(item["note"], str)
        assert isinstance(item["warnings"], list)
        assert all(isinstance(w, str) for w in item["warnings"])
    dues = [item["due"] for item in items]
    assert dues == sorted(dues)  # soonest first
    thanks = [item for item in items if item["kind"] == "thank_you"]
    assert thanks
    assert {t["contact"]["name"] for t in thanks} >= {"Amara Okafor", "Jonas Weber"}
    assert all(t["contact"]["role"] != "receptionist" for t in thanks)


def test_due_text_lists_people_and_companies(demo_dir: Path) -> None:
    result = ok(run(demo_dir, "due", "--at", AT))
    lines = result.stdout.splitlines()
    assert re.match(rf"^\d+ follow-ups? due at .* \({TEST_ZONE}\):$", lines[0])
    assert "Amara Okafor (Head of Data Science)" in result.stdout
    assert "Jonas Weber" in result.stdout
    assert "Northwind Analytics (Senior Data Analyst)" in result.stdout
    assert any("Thank-you by email to" in line for line in lines)


def test_due_with_a_bad_time_exits_2(demo_dir: Path) -> None:
    assert_one_line_error(run(demo_dir, "due", "--at", "not-a-date"),
                          r"--at: 'not-a-date' is not a valid ISO-8601")


# --- export and import --------------------------------------------------------------------------

def test_export_import_export_round_trip(exported: Path, pristine_db: Path,
                                         tmp_path: Path) -> None:
    assert exported.stat().st_mode & 0o077 == 0
    target = tmp_path / "copy"
    result = ok(run(target, "import", str(exported)))
    assert re.fullmatch(r"Imported \d+ records from .*demo\.json\n", result.stdout)
    again = tmp_path / "again.json"
    ok(run(target, "export", "--format", "json", "-o", str(again)))

    first = exported.read_text(encoding="utf-8").splitlines()
    second = again.read_text(encoding="utf-8").splitlines()
    differ = [(a, b) for a, b in zip(first, second, strict=True) if a != b]
    assert all('"exported_utc"' in a and '"exported_utc"' in b for a, b in differ)
    one, two = json.loads(exported.read_text("utf-8")), json.loads(again.read_text("utf-8"))
    one.pop("exported_utc")
    two.pop("exported_utc")
    assert one == two
    assert row_counts(target)["application"] == 6


def bad_files() -> dict[str, tuple[Any, str]]:
    """name -> (how to spoil the demo export, what the message must say)."""

    def text(replace: str, by: str):
        return lambda raw: raw.replace(replace, by, 1)

    def document(change):
        def spoil(raw: str) -> str:
            doc = json.loads(raw)
            change(doc)
            return json.dumps(doc, indent=1)
        return spoil

    return {
        "malformed JSON": (text('"version": 3,', '"version": 3'),
                           r"^followup-desktop: bad\.json: not valid JSON: Expecting ',' "
                           r"delimiter at line 4, column 2\.$"),
        "wrong format": (text('"format": "followup-desktop"', '"format": "spreadsheet"'),
                         r'^followup-desktop: document: not a followup-desktop export'),
        "missing field": (document(lambda d: d["companies"][0].pop("name")),
                          r"^followup-desktop: companies\[0\]: missing field 'name'$"),
        "impossible date": (document(lambda d: d["interviews"][1].__setitem__(
            "end_utc", "2026-02-30T10:00:00Z")),
            r"^followup-desktop: interviews\[1\]\.end_utc: '2026-02-30T10:00:00Z' is not a "
            r"valid ISO-8601"),
        "missing company": (document(lambda d: d["applications"][2].__setitem__(
            "company_id", 4242)),
            r"^followup-desktop: applications\[2\]\.company_id: no record 4242 in companies$"),
        "hostile setting name": (document(lambda d: d["settings"].__setitem__(
            "evil\n\x1b[31mred", 1)),
            r"^followup-desktop: settings\['evil\\n\\x1b\[31mred'\]: is not a known setting$"),
        "lone surrogate": (document(lambda d: d["touches"][-1].__setitem__(
            "summary", "sent \ud800")),
            r"^followup-desktop: touches\[\d+\]\.summary: contains characters that are not "
            r"valid"),
    }


BAD_FILES = bad_files()


@pytest.mark.parametrize(("spoil", "pattern"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_import_exits_2_and_changes_nothing(exported: Path, pristine_db: Path,
                                                tmp_path: Path, spoil, pattern: str) -> None:
    target = tmp_path / "target"
    target.mkdir(mode=0o700)
    shutil.copyfile(pristine_db, target / DATABASE_FILE)
    before = row_counts(target)
    bad = tmp_path / "bad.json"
    bad.write_text(spoil(exported.read_text(encoding="utf-8")), encoding="utf-8")
    # What it means comes first; the reader's exact words follow as the detail.
    detail = pattern.replace("^followup-desktop: ", r"^followup-desktop: Nothing was imported "
                                                    r"from bad\.json: .+; .+\. Detail: ")
    assert_one_line_error(run(target, "import", str(bad)), detail)
    assert row_counts(target) == before
    assert sum(before.values()) == 0


def test_demo_into_a_folder_with_data_exits_2(demo_dir: Path) -> None:
    before = row_counts(demo_dir)
    assert_one_line_error(run(demo_dir, "demo"), r"already holds data")
    assert row_counts(demo_dir) == before


def test_import_into_a_folder_with_data_exits_2(demo_dir: Path, exported: Path) -> None:
    before = row_counts(demo_dir)
    assert_one_line_error(run(demo_dir, "import", str(exported)), r"already holds data")
    assert row_counts(demo_dir) == before


# --- data folder and GUI ------------------------------------------------------------------------

def test_data_dir_from_the_environment(tmp_path: Path) -> None:
    data_dir = tmp_path / "from-env"
    env = cli_env(FOLLOWUP_DESKTOP_DATA_DIR=str(data_dir), HOME=str(tmp_path / "home"),
                  XDG_DATA_HOME=str(tmp_path / "xdg"))
    result = ok(run(None, "demo", env=env))
    assert str(data_dir) in result.stdout
    assert row_counts(data_dir)["application"] == 6
    assert not (tmp_path / "home").exists() and not (tmp_path / "xdg").exists()
    assert (data_dir.stat().st_mode & 0o777) == 0o700


def test_gui_without_a_display_exits_1_with_one_sentence(tmp_path: Path) -> None:
    env = cli_env(DISPLAY=None, WAYLAND_DISPLAY=None, QT_QPA_PLATFORM=None)
    started = time.monotonic()
    result = run(tmp_path / "data", env=env, timeout=30)
    elapsed = time.monotonic() - started
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "display" in result.stderr.lower()
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(ERROR_PREFIX)
    for sign in ("Aborted", "core dumped", "Traceback", "qt.qpa"):
        assert sign not in result.stderr
    assert elapsed < 10
