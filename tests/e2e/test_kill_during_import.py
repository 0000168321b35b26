"""`followup-desktop import`, killed with SIGKILL twenty times while it writes a large file: the
database must always pass integrity_check and hold the whole import or none of it.

Where each kill landed is read from the files the killed process left, before anything opens them:
the WAL holds the import's pages that the transaction had already written (frames after the last
commit frame) when the kill came mid-write. Kills are timed from the moment this run's WAL starts
to grow beyond the schema (the import's transaction writing), so most of them land mid-write
whatever the machine's speed; a few come at a random moment from the start, as a user's would.
"""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from test_cli import DATABASE_FILE, cli_env, ok, run

COPIES = 200  # of the demo data: about 20,000 records, one to two seconds of import
KILLS = 20
EARLY = 4  # kills at a random moment from the start; the others from the write's start
WAL_MAGIC = (0x377F0682, 0x377F0683)
WAL_HEADER, FRAME_HEADER = 32, 24
TABLES = {"companies": "company", "contacts": "contact", "applications": "application",
          "status_changes": "status_change", "interviews": "interview", "actions": "action",
          "touches": "touch", "ideas": "idea", "notes": "note", "note_templates": "note_template"}


# --- the file to import -------------------------------------------------------------------------

def synthesize(doc: dict[str, Any], copies: int, stride: int = 1000) -> dict[str, Any]:
    """`copies` disjoint copies of every section: ids shifted by `stride`, unique keys suffixed."""
    out = {key: value for key, value in doc.items() if not isinstance(value, list)}
    out["settings"] = {"time_zone": "Europe/Berlin", "keep_in_touch_cap": 3}
    for name in TABLES:
        out[name] = [_shifted(row, n * stride, n) for n in range(copies) for row in doc[name]]
    return out


def _shifted(row: dict[str, Any], by: int, n: int) -> dict[str, Any]:
    new = dict(row)
    for key, value in row.items():
        if (key == "id" or key.endswith("_id")) and isinstance(value, int):
            new[key] = value + by
        elif key == "interviewer_ids":
            new[key] = [contact + by for contact in value]
        elif key in ("plan_key", "ical_uid", "key") and value is not None:
            new[key] = f"{value}#{n}"
    return new


def expected_counts(doc: dict[str, Any]) -> dict[str, int]:
    counts = {table: len(doc[name]) for name, table in TABLES.items()}
    counts["interview_contact"] = sum(len(set(i["interviewer_ids"])) for i in doc["interviews"])
    counts["setting"] = len(doc["settings"])
    counts["reminder"] = 0
    return counts


@pytest.fixture(scope="module")
def big_export(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("kill")
    ok(run(folder / "demo", "demo"))
    ok(run(folder / "demo", "export", "-o", str(folder / "demo.json")))
    doc = synthesize(json.loads((folder / "demo.json").read_text(encoding="utf-8")), COPIES)
    path = folder / "big.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path, expected_counts(doc)


# --- running and killing ------------------------------------------------------------------------

def start_import(data_dir: Path, document: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "followup_desktop", "--data-dir",
                             str(data_dir), "import", str(document)], env=cli_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wal_size(data_dir: Path) -> int:
    try:
        return (data_dir / (DATABASE_FILE + "-wal")).stat().st_size
    except FileNotFoundError:
        return 0


def wait_for_write(process: subprocess.Popen[bytes], data_dir: Path, above: int) -> float:
    """Poll until the WAL grows past `above` bytes (the import's transaction is writing);
    returns the time it happened, or when the process ended first."""
    while process.poll() is None and wal_size(data_dir) <= above:
        time.sleep(0.001)
    return time.monotonic()


@pytest.fixture(scope="module")
def timing(big_export: tuple[Path, dict[str, int]],
           tmp_path_factory) -> tuple[int, float, float]:
    """Measured on an import left to finish: the WAL's size once the schema is written, and
    the seconds from the start to the write's first pages and to the end. A machine busy with
    other work can stretch the reading phase of one run, so up to three runs are measured."""
    for attempt in range(3):
        schema_wal, writing, ended = _measure(big_export[0],
                                              tmp_path_factory.mktemp("kill") / f"c{attempt}")
        if writing < ended * 0.8:
            return schema_wal, writing, ended
    raise AssertionError("the import's write phase is too short to be hit "
                         f"(writing from {writing:.2f} s of {ended:.2f} s, three runs)")


def _measure(document: Path, data_dir: Path) -> tuple[int, float, float]:
    started = time.monotonic()
    process = start_import(data_dir, document)
    schema_wal = -1
    while process.poll() is None and (schema_wal <= 0 or wal_size(data_dir) != schema_wal):
        schema_wal = wal_size(data_dir)  # the schema's commit, then still while the JSON is
        time.sleep(0.05)  # read and checked
    writing = wait_for_write(process, data_dir, schema_wal) - started
    assert process.wait(timeout=60) == 0
    return schema_wal, writing, time.monotonic() - started


def uncommitted_frames(data_dir: Path) -> int:
    """Frames of the current WAL generation after its last commit frame: pages a transaction
    wrote that never committed."""
    try:
        wal = (data_dir / (DATABASE_FILE + "-wal")).read_bytes()
    except FileNotFoundError:
        return 0
    if len(wal) < WAL_HEADER or int.from_bytes(wal[:4], "big") not in WAL_MAGIC:
        return 0
    page_size, salts = int.from_bytes(wal[8:12], "big"), wal[16:24]
    frames = since_commit = 0
    offset = WAL_HEADER
    while offset + FRAME_HEADER + page_size <= len(wal) and \
            wal[offset + 8:offset + 16] == salts:
        frames += 1
        since_commit = 0 if int.from_bytes(wal[offset + 4:offset + 8], "big") else \
            since_commit + 1
        offset += FRAME_HEADER + page_size
    return since_commit


def check_database(data_dir: Path) -> tuple[str, dict[str, int]]:
    with closing(sqlite3.connect(data_dir / DATABASE_FILE)) as conn:  # read-write: recovers
        integrity = conn.execute("PRAGMA integrity_check").fetchall()
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        counts = {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                  for name in tables}
    return "; ".join(row[0] for row in integrity), counts


def reopened_after_crash(data_dir: Path) -> bool:
    from followup_desktop.services.backend import Backend

    with Backend(data_dir) as backend:
        assert backend.integrity_problem is None
        return backend.opened_after_crash


# --- the test -----------------------------------------------------------------------------------

def test_killed_imports_leave_all_or_nothing(big_export: tuple[Path, dict[str, int]],
                                            timing: tuple[int, float, float],
                                            tmp_path: Path) -> None:
    document, expected = big_export
    schema_wal, writing, ended = timing
    rng = random.Random(20261127)
    landed = {"before": 0, "mid-write": 0, "after": 0}
    for n in range(KILLS):
        data_dir = tmp_path / f"run{n}"
        process = start_import(data_dir, document)
        if n < EARLY:
            time.sleep(rng.uniform(0.1, writing))
        else:  # spread over the write and a little past it
            wait_for_write(process, data_dir, schema_wal)
            time.sleep((n - EARLY) / (KILLS - EARLY - 1) * 1.15 * (ended - writing))
        process.kill()
        process.wait(timeout=10)
        pending = uncommitted_frames(data_dir)
        if not (data_dir / DATABASE_FILE).exists():
            landed["before"] += 1
            continue
        integrity, found = check_database(data_dir)
        assert integrity == "ok", (n, integrity)
        # The records the import writes (tables derived from them, such as the search index,
        # follow them in the same transaction and are tested with search).
        counts = {table: found.get(table) for table in expected}
        present = counts == expected
        assert present or not any(counts.values()), (n, counts)
        assert not (present and pending), (n, pending)
        kind = "after" if present else "mid-write" if pending else "before"
        landed[kind] += 1
        if kind == "mid-write":  # the killed session left its marker
            assert reopened_after_crash(data_dir), n
    summary = (f"{KILLS} kills: {landed}; write started {writing:.2f} s after the start, "
               f"the import ended at {ended:.2f} s")
    print(summary)
    assert landed["mid-write"] >= 5, summary
