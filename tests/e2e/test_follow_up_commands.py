"""`done`, `snooze`, `skip`, `undo` and `decision`, run as real subprocesses at a pinned instant
(faketime): one line and exit 0, or exit 2 with one line naming what was wrong and the database
unchanged; `undo` in a new process takes back what an earlier one did."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from test_cli import DATABASE_FILE, assert_one_line_error, cli_env, ok

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import Role
from followup_desktop.services import records, settings
from followup_desktop.services.backend import Backend

pytestmark = pytest.mark.skipif(shutil.which("faketime") is None, reason="needs faketime")

BERLIN = ZoneInfo("Europe/Berlin")
# Monday 2 February 2026, 10:00 in Berlin: the decision check for Friday 30 January is due.
NOW = "2026-02-02 10:00:00"


def berlin(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN).astimezone(UTC)


def run_at(data_dir: Path, *args: str, when: str = NOW) -> subprocess.CompletedProcess[str]:
    """The command with the clock at `when` (Berlin wall time; the clock runs on from there)."""
    # Its own faketime only, even when the whole run is under faketime.
    env = {key: value for key, value in cli_env().items()
           if key != "LD_PRELOAD" and not key.startswith("FAKETIME")}
    command = ["faketime", _wall_time_in(env.get("TZ"), when), sys.executable, "-m",
               "followup_desktop", "--data-dir", str(data_dir), *args]
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                          env=env, timeout=60, check=False)


def _wall_time_in(zone: str | None, berlin_wall_time: str) -> str:
    """faketime reads its instant in the command's own zone (TZ): the Berlin wall time given
    as that zone's, so the instant is the same whatever zone the run is in (UTC+14 too)."""
    instant = datetime.fromisoformat(berlin_wall_time).replace(tzinfo=ZoneInfo("Europe/Berlin"))
    local = instant.astimezone(ZoneInfo(zone) if zone else None)
    return local.strftime("%Y-%m-%d %H:%M:%S")


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    ok(result)
    assert result.stdout.endswith("\n") and result.stdout.count("\n") == 1, repr(result.stdout)
    return result.stdout.rstrip("\n")


def dump(data_dir: Path) -> dict[str, list[tuple]]:
    uri = f"file:{data_dir / DATABASE_FILE}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        names = [n for (n,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {n: conn.execute(f'SELECT * FROM "{n}" ORDER BY 1').fetchall()
                for n in sorted(names)}


def action_id(data_dir: Path, kind: str, state: str = "planned") -> int:
    with closing(sqlite3.connect(f"file:{data_dir / DATABASE_FILE}?mode=ro", uri=True)) as conn:
        row = conn.execute("SELECT id FROM action WHERE kind = ? AND state = ? ORDER BY due_utc",
                           (kind, state)).fetchone()
    assert row is not None, (kind, state)
    return row[0]


def state_of(data_dir: Path, action: int) -> tuple[str, str | None]:
    with closing(sqlite3.connect(f"file:{data_dir / DATABASE_FILE}?mode=ro", uri=True)) as conn:
        return conn.execute("SELECT state, snoozed_until_utc FROM action WHERE id = ?",
                            (action,)).fetchone()


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Path:
    """An interview on Tuesday 13 January, a decision date of Friday 30 January."""
    data_dir = tmp_path_factory.mktemp("commands") / "data"
    with Backend(data_dir, clock=FixedClock(berlin("2026-01-12 09:00"))) as backend:
        with backend.write():
            settings.save("time_zone", "Europe/Berlin")
        company = records.add_company(backend, "Acme")
        ada = records.add_contact(backend, company, records.ContactDraft(
            "Ada Lovelace", "CTO", Role.HIRING_MANAGER))
        app = records.add_application(backend, company, "Engineer",
                                      decision_date=date(2026, 1, 30))
        records.add_interview(backend, app, berlin("2026-01-13 10:00"),
                              berlin("2026-01-13 11:00"), "Europe/Berlin", [ada])
    return data_dir


@pytest.fixture
def data_dir(prepared: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(prepared, copy)
    return copy


def test_done_then_undo_in_another_process(data_dir: Path) -> None:
    before = dump(data_dir)
    thanks = action_id(data_dir, "thank_you")
    line = one_line(run_at(data_dir, "done", str(thanks), "--note", "E-mail sent"))
    assert re.fullmatch(rf"Done: Thank-you #{thanks} to Ada Lovelace \(Acme\); the touch is "
                        r"recorded\.", line), line
    assert state_of(data_dir, thanks)[0] == "done"
    assert len(dump(data_dir)["touch"]) == 1
    line = one_line(run_at(data_dir, "undo"))
    assert line == f"Undid: done: Thank-you #{thanks} to Ada Lovelace (Acme)."
    after = dump(data_dir)
    assert {t: r for t, r in after.items() if t != "undo_entry"} == {
        t: r for t, r in before.items() if t != "undo_entry"}


def test_skip_and_snooze_say_what_they_did(data_dir: Path) -> None:
    keep = action_id(data_dir, "keep_in_touch")
    line = one_line(run_at(data_dir, "snooze", str(keep), "--until", "2026-02-05T09:00"))
    assert line == (f"Snoozed: Keep in touch #{keep} to Ada Lovelace (Acme) until "
                    "Thu 05 Feb 2026 09:00 (Europe/Berlin).")
    assert state_of(data_dir, keep) == ("snoozed", "2026-02-05T08:00:00Z")
    line = one_line(run_at(data_dir, "skip", str(keep)))
    assert line == f"Skipped: Keep in touch #{keep} to Ada Lovelace (Acme)."
    one_line(run_at(data_dir, "undo"))
    assert state_of(data_dir, keep)[0] == "snoozed"
    one_line(run_at(data_dir, "undo"))
    assert state_of(data_dir, keep) == ("planned", None)


def test_decision_still_open_with_a_new_date_plans_the_next_check(data_dir: Path) -> None:
    check = action_id(data_dir, "decision_check")
    line = one_line(run_at(data_dir, "decision", str(check), "--outcome", "open",
                           "--next-date", "2026-02-18"))
    following = action_id(data_dir, "decision_check")
    assert following != check
    assert line == ("Logged: Decision call: Still open; they expect to decide by Wed 18 Feb "
                    f"2026. Next decision check #{following} on Thu 19 Feb 2026 10:00 "
                    "(Europe/Berlin).")
    line = one_line(run_at(data_dir, "decision", str(following), "--outcome", "open",
                           when="2026-02-19 10:00:00"))
    again = action_id(data_dir, "decision_check")
    assert line.endswith(f"Next decision check #{again} on Thu 26 Feb 2026 10:00 "
                         "(Europe/Berlin).")


@pytest.mark.parametrize(("outcome", "status"), [
    ("filled", "rejected"), ("offer", "offer"), ("rejected", "rejected")])
def test_decision_with_a_final_outcome_changes_the_status(data_dir: Path, outcome: str,
                                                          status: str) -> None:
    check = action_id(data_dir, "decision_check")
    line = one_line(run_at(data_dir, "decision", str(check), "--outcome", outcome))
    assert line.endswith(f"Status: {status}; no further check is planned.")
    assert dump(data_dir)["application"][0][3] == status
    one_line(run_at(data_dir, "undo"))
    assert dump(data_dir)["application"][0][3] == "interviewing"


BAD = {
    "id not a number": (["done", "abc"], r"'abc' is not a follow-up id"),
    "no such id": (["skip", "999"], r"There is no action 999\."),
    "zero id": (["done", "0"], r"'0' is not a follow-up id"),
    "bad until": (["snooze", "{thanks}", "--until", "tomorrow"],
                  r"--until: 'tomorrow' is not a valid ISO-8601"),
    "until in the past": (["snooze", "{thanks}", "--until", "2026-01-01T09:00"],
                          r"must end in the future"),
    "bad outcome": (["decision", "{check}", "--outcome", "maybe"],
                    r"--outcome: 'maybe' is not one of: open, filled, offer, rejected"),
    "bad next date": (["decision", "{check}", "--outcome", "open", "--next-date", "2026-13-01"],
                      r"--next-date: '2026-13-01' is not a date"),
    "next date in the past": (["decision", "{check}", "--outcome", "open",
                               "--next-date", "2026-01-20"], r"is in the past"),
    "next date with an offer": (["decision", "{check}", "--outcome", "offer",
                                 "--next-date", "2026-02-18"], r"only with the outcome 'open'"),
    "nothing to undo": (["undo"], r"Nothing to undo\."),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad_input_exits_2_with_one_line_and_changes_nothing(data_dir: Path, case: str) -> None:
    args, pattern = BAD[case]
    ids = {"thanks": action_id(data_dir, "thank_you"),
           "check": action_id(data_dir, "decision_check")}
    before = dump(data_dir)
    result = run_at(data_dir, *[a.format(**ids) for a in args])
    assert_one_line_error(result, pattern)
    assert dump(data_dir) == before


def test_a_finished_follow_up_cannot_be_done_again(data_dir: Path) -> None:
    thanks = action_id(data_dir, "thank_you")
    one_line(run_at(data_dir, "skip", str(thanks)))
    before = dump(data_dir)
    assert_one_line_error(run_at(data_dir, "done", str(thanks)), rf"Action {thanks} is already "
                                                                 "skipped")
    assert dump(data_dir) == before
