"""`scripts/run-app.sh demo`: the window opens on fresh sample data in a folder of its own."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_app(demo_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, FOLLOWUP_DEMO_DIR=str(demo_dir), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(["bash", str(ROOT / "scripts" / "run-app.sh"), "demo", *args],
                          capture_output=True, text=True, env=env, timeout=120, check=False)


def applications(demo_dir: Path) -> int:
    with closing(sqlite3.connect(demo_dir / "followup.sqlite3")) as db:
        return db.execute("SELECT count(*) FROM application").fetchone()[0]


def test_demo_fills_its_own_folder_and_opens_the_window(tmp_path: Path) -> None:
    demo_dir = tmp_path / "demo"
    result = run_app(demo_dir, "--quit-when-ready")  # quits once the due list is filled
    assert result.returncode == 0, result.stderr
    assert "Added 6 sample applications" in result.stdout
    assert applications(demo_dir) == 6
    again = run_app(demo_dir, "--quit-when-ready")  # made anew, not refused as "holds data"
    assert again.returncode == 0, again.stderr
    assert applications(demo_dir) == 6


def test_a_folder_that_is_not_the_apps_is_never_replaced(tmp_path: Path) -> None:
    keep = tmp_path / "papers" / "cv.pdf"
    keep.parent.mkdir()
    keep.write_text("mine")
    result = run_app(keep.parent)
    assert result.returncode == 2
    assert "not a Follow-up data folder" in result.stderr
    assert keep.read_text() == "mine"
