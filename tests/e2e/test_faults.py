"""Faults on real files and real processes (docs/reliability.md): a full disk (a 1 MB tmpfs),
another program holding the write lock (a real `sqlite3` shell in BEGIN IMMEDIATE), a damaged or
empty database file, a WAL from another database, and SIGTERM to the window. Each must end with
one clear line, nothing lost and nothing half written."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from test_cli import DATABASE_FILE, assert_one_line_error, ok, row_counts, run
from test_kill_during_import import synthesize
from test_single_instance import launch

SQLITE3 = shutil.which("sqlite3")
needs_sqlite3 = pytest.mark.skipif(SQLITE3 is None, reason="the sqlite3 shell is not installed "
                                   "(scripts/setup.sh test installs it)")


# --- a small real disk --------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs: writes on it really fail with ENOSPC / SQLITE_FULL."""
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (the CI container runs as root)")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mount)],
                   check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> None:
    """Fill the file system `folder` is on, to the last byte."""
    fd = os.open(folder / "filler", os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("faults")
    ok(run(folder / "demo", "demo"))
    ok(run(folder / "demo", "export", "-o", str(folder / "demo.json")))
    return folder


def big_json(folder: Path) -> Path:
    path = folder / "big.json"
    if not path.exists():
        doc = synthesize(json.loads((folder / "demo.json").read_text(encoding="utf-8")), 100)
        path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def big_ics(path: Path, events: int = 600) -> Path:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//faults//EN", "METHOD:REQUEST"]
    for n in range(events):
        lines += [
            "BEGIN:VEVENT", f"UID:fault-{n}@example.com", "DTSTAMP:20260305T101125Z",
            f"SUMMARY:Interview: Analyst {n} at Company {n}",
            f"ORGANIZER;CN=Person {n}:mailto:person{n}@company{n}.example",
            f"ATTENDEE;CN=Person {n}:mailto:person{n}@company{n}.example",
            "ATTENDEE;CN=Me:mailto:me@example.org",
            "DTSTART:20260312T140000Z", "DTEND:20260312T150000Z",
            f"LOCATION:Building {n}, {'x' * 200}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def integrity(data_dir: Path) -> str:
    with closing(sqlite3.connect(data_dir / DATABASE_FILE)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def test_a_json_import_on_a_full_disk_is_one_line_and_changes_nothing(
        small_disk: Path, demo_export: Path) -> None:
    data_dir = small_disk / "data"
    ok(run(data_dir, "due"))  # an empty database on the small disk
    result = run(data_dir, "import", str(big_json(demo_export)))
    assert_one_line_error(result, r"disk is full.*nothing was changed.*Free some space")
    assert "Traceback" not in result.stderr and "savepoint" not in result.stderr
    assert integrity(data_dir) == "ok"
    assert sum(row_counts(data_dir).values()) == 0
    ok(run(data_dir, "due"))  # the app still opens the data


def test_an_ics_import_on_a_full_disk_is_one_line_and_changes_nothing(
        small_disk: Path, tmp_path: Path) -> None:
    data_dir = small_disk / "data"
    ok(run(data_dir, "due"))
    result = run(data_dir, "import", str(big_ics(tmp_path / "many.ics")), "--me",
                 "me@example.org")
    assert_one_line_error(result, r"disk is full.*nothing was changed")
    assert integrity(data_dir) == "ok"
    assert sum(row_counts(data_dir).values()) == 0


def test_a_json_export_to_a_full_disk_is_one_line_and_leaves_no_part_file(
        small_disk: Path, demo_export: Path) -> None:
    fill(small_disk)
    target = small_disk / "out.json"
    result = run(demo_export / "demo", "export", "-o", str(target))
    assert_one_line_error(result, r"out\.json: cannot be written, the disk is full")
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


# --- another program holds the write lock -------------------------------------------------------

class HeldLock:
    """A real `sqlite3` shell that holds the database's write lock until released."""

    def __init__(self, database: Path) -> None:
        assert SQLITE3 is not None
        self.process = subprocess.Popen([SQLITE3, str(database)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("BEGIN IMMEDIATE;\nSELECT 'held';\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline().strip() == "held"

    def release(self) -> None:
        if self.process.poll() is None:
            self.process.communicate("COMMIT;\n.quit\n", timeout=10)


@pytest.fixture
def held(demo_export: Path, tmp_path: Path) -> Iterator[tuple[Path, HeldLock]]:
    data_dir = tmp_path / "data"
    shutil.copytree(demo_export / "demo", data_dir)
    lock = HeldLock(data_dir / DATABASE_FILE)
    try:
        yield data_dir, lock
    finally:
        lock.release()


@needs_sqlite3
@pytest.mark.parametrize("what", ["ics", "vcf", "restore"])
def test_a_held_lock_makes_imports_and_restore_wait_a_bounded_time_then_exit_2(
        held: tuple[Path, HeldLock], what: str) -> None:
    data_dir, lock = held
    before = row_counts(data_dir)
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    if what == "restore":
        ok(run(data_dir, "backup"))
        backup = next((data_dir / "backups").glob("*-manual.sqlite3"))
        args = ["restore", str(backup)]
    elif what == "ics":
        args = ["import", str(big_ics(data_dir.parent / "few.ics", 3)), "--me", "me@example.org"]
    else:
        args = ["import", str(sorted((fixtures / "vcard").glob("*.vcf"))[0])]
    started = time.monotonic()
    result = run(data_dir, *args, timeout=40)
    waited = time.monotonic() - started
    line = assert_one_line_error(result, r"holds the data.*nothing was changed.*Try again")
    assert "sqlite3 (process" in line and str(lock.process.pid) in line
    assert waited < 20, waited
    lock.release()
    assert row_counts(data_dir) == before


# --- damaged and foreign files ------------------------------------------------------------------

def test_a_zero_byte_database_is_refused_not_replaced(demo_export: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(demo_export / "demo", data_dir)
    ok(run(data_dir, "backup"))
    (data_dir / DATABASE_FILE).write_bytes(b"")
    result = run(data_dir, "due")
    assert_one_line_error(result, r"is empty \(0 bytes\).*Restore the newest good backup")
    assert (data_dir / DATABASE_FILE).stat().st_size == 0  # nothing created over it
    backups = list((data_dir / "backups").glob("*.sqlite3"))
    assert len(backups) == 1 and backups[0].stat().st_size > 0


def test_a_damaged_page_is_one_line_naming_the_restore(demo_export: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(demo_export / "demo", data_dir)
    path = data_dir / DATABASE_FILE
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page * 3:page * 4] = os.urandom(page)  # a table's page: garbage, a clean shutdown
    path.write_bytes(bytes(data))
    result = run(data_dir, "export", "-o", str(tmp_path / "out.json"))
    assert_one_line_error(result, r"damaged|malformed")
    assert "Traceback" not in result.stderr


def test_a_wal_from_another_database_is_set_aside_not_replayed(
        demo_export: Path, tmp_path: Path) -> None:
    ours, other = tmp_path / "ours", tmp_path / "other"
    ok(run(ours, "due"))  # an empty database of our own, closed cleanly
    other.mkdir()
    # Another database, its data only in its WAL: a process that ends without a checkpoint.
    script = ("import sqlite3, os, shutil, sys\n"
              f"shutil.copy({str(demo_export / 'demo' / DATABASE_FILE)!r}, 'x.sqlite3')\n"
              "c = sqlite3.connect('x.sqlite3'); c.execute('PRAGMA journal_mode=wal')\n"
              "c.execute(\"UPDATE company SET name = 'FOREIGN ' || name\"); c.commit()\n"
              "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", script], cwd=other, check=True)
    shutil.copy(other / "x.sqlite3-wal", ours / f"{DATABASE_FILE}-wal")
    result = ok(run(ours, "due", "--json"))
    assert "FOREIGN" not in result.stdout
    aside = list((ours / "backups").glob("*-foreign-wal.sqlite3-wal"))
    assert len(aside) == 1
    assert sum(row_counts(ours).values()) == 0  # our data as it was


# --- SIGTERM ------------------------------------------------------------------------------------

def test_sigterm_quits_the_window_cleanly(demo_export: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(demo_export / "demo", data_dir)
    app = launch(data_dir)
    try:
        deadline = time.monotonic() + 30
        while not list(data_dir.glob(".open-*")) or not (data_dir / "instance.sock").exists():
            assert app.poll() is None and time.monotonic() < deadline, app.communicate()
            time.sleep(0.05)
        time.sleep(2)  # the background stage (backups) starts a second after the data
        app.send_signal(signal.SIGTERM)
        _out, err = app.communicate(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
    assert app.returncode == 0, err
    left = {p.name for p in data_dir.iterdir()}
    assert not {n for n in left if n.startswith(".open-")}
    assert not {"instance.lock", "instance.sock", f"{DATABASE_FILE}-wal"} & left, left
    assert list((data_dir / "backups").glob("*-daily.sqlite3"))  # the backup at quit ran
