"""Idle CPU with a mailbox set up (issue 16: "idle CPU stays under 0.5 %"), against the same app
idle without one, measured in the same run.

    .venv/bin/python benchmarks/idle_mail.py [--size 20000] [--messages 400] [--seconds 60]

Both runs start the app normally on a fresh copy of the same generated data, in one
environment: a private D-Bus session with a real gnome-keyring (tests/helpers/keyring_session.py)
and, for the second run, a real dovecot over TLS (tests/helpers/dovecot.py) holding `--messages`
replies from the data's own contacts, with the account added by `followup-desktop mail account
add` (the password on its standard input, kept in that keyring).

Each run is sampled twice. From 5 s to 65 s: the one-off work after start, that is the first
mail check at 20 s (ui/mail/watch.START_DELAY_MS), the one that reads every message, and the
database's full check at 60 s (ui/dialogs/safekeeping.FULL_CHECK_AFTER_MS), in both runs. Then
from 70 s to 130 s: the steady idle. The checks every 15 minutes after the first are measured
in this process, on the same data and server, and spread over their 15 minutes. After the run
the data folder must hold the mailbox's positions and the messages applied, or the numbers are
not of a check and the script says so and fails.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from suite import PYTHON, TARGETS, Workspace, proc_cpu_seconds, sample_cpu  # noqa: E402

from followup_desktop.storage.files import DATABASE_FILE  # noqa: E402

ONE_OFFS_DONE_S = 5.0  # after the first sample (5 s to 65 s): past the full check at 60 s
from helpers.dovecot import Dovecot, server_root  # noqa: E402 - the tests' own servers
from helpers.keyring_session import KeyringSession  # noqa: E402
from helpers.mail_messages import message  # noqa: E402


def contact_addresses(data: Path, count: int) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(data / DATABASE_FILE)) as db:
        rows = db.execute("SELECT name, email FROM contact WHERE email IS NOT NULL "
                          "AND email != '' ORDER BY id").fetchall()
    return random.Random(16).sample(rows, min(count, len(rows)))


def fill_mailbox(server: Dovecot, senders: list[tuple[str, str]], now: datetime,
                 first: int = 0) -> None:
    """Replies from the data's contacts, received over the last two days: all inside the
    window a first check reads."""
    for number, (name, address) in enumerate(senders, start=first):
        received = now - timedelta(minutes=7 * number + 30)
        server.place(message(subject=f"Re: our interview ({number})",
                             body=f"Hello,\nthanks for your note; we will decide soon.\n{name}\n",
                             sender=f"{name} <{address}>", date=format_datetime(received),
                             message_id=f"<bench-{number}@bench.example>"),
                     received=received)


def app_env(session: KeyringSession, server: Dovecot | None) -> dict[str, str]:
    env = {key: value for key, value in session.env.items()
           if not key.startswith(("QT_", "FOLLOWUP_")) and key != "DISPLAY"}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1",
               PYTHONPATH=str(ROOT / "src"))
    if server is not None:
        env["SSL_CERT_FILE"] = str(server.ca_file)
    return env


def add_account(data: Path, server: Dovecot, env: dict[str, str]) -> None:
    result = subprocess.run(
        [PYTHON, "-m", "followup_desktop", "--data-dir", str(data), "mail", "account", "add",
         "--host", "localhost", "--port", str(server.imaps_port), "--user", server.user],
        input=server.password + "\n", capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0 or "Secret Service" not in result.stdout:
        raise RuntimeError(f"mail account add failed:\n{result.stdout}{result.stderr}")


def idle_run(data: Path, env: dict[str, str], log: Path, settle_s: float,
             seconds: float) -> dict[str, Any]:
    """Two samples of one idle app: from `settle_s` on (the one-off work after start: the
    first mail check at 20 s, the database's full check at 60 s), then a steady one."""
    with log.open("wb") as err:
        process = subprocess.Popen([PYTHON, "-m", "followup_desktop", "--data-dir", str(data)],
                                   env=env, stdout=subprocess.DEVNULL, stderr=err)
        try:
            time.sleep(settle_s)
            if process.poll() is not None:
                raise RuntimeError(f"the app exited early with {process.returncode}")
            startup_cpu = proc_cpu_seconds(process.pid)
            after_start = sample_cpu(process.pid, seconds)
            time.sleep(ONE_OFFS_DONE_S)
            steady = sample_cpu(process.pid, seconds)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    return {"cpu_during_startup_s": round(startup_cpu, 2),
            "after_start": cpu_row(*after_start), "steady": cpu_row(*steady)}


def cpu_row(used: float, elapsed: float, slices: list[float]) -> dict[str, Any]:
    return {"window_s": round(elapsed, 1), "cpu_s": round(used, 3),
            "cpu_percent": round(100 * used / elapsed, 3), "cpu_percent_by_sixth": slices}


def later_checks(data: Path, server: Dovecot, messages: int) -> dict[str, float]:
    """The checks every 15 minutes after the first, run here on the same data and server (after
    one unmeasured check, so that this process has imported what the app had by then):
    CPU seconds of one with nothing new and of one with a few new replies, and what the one
    with nothing new costs spread over its 15 minutes (% of one core)."""
    import os

    from followup_desktop.services.backend import Backend
    from followup_desktop.services.mail.checking import check

    os.environ["SSL_CERT_FILE"] = str(server.ca_file)
    costs: dict[str, float] = {}
    with Backend(data) as backend:
        check(backend, password=server.password)  # warm-up: this process imports the client
        for name, new in (("nothing_new_cpu_s", 0), ("five_new_cpu_s", 5)):
            fill_mailbox(server, contact_addresses(data, new), datetime.now(UTC),
                         first=messages + len(costs) * 10)
            start = time.process_time()
            check(backend, password=server.password)
            costs[name] = round(time.process_time() - start, 4)
    costs["nothing_new_per_15_min_percent"] = round(
        100 * costs["nothing_new_cpu_s"] / (15 * 60), 4)
    return costs


def what_the_check_left(data: Path) -> dict[str, int]:
    with closing(sqlite3.connect(data / DATABASE_FILE)) as db:
        return {"folders": db.execute("SELECT COUNT(*) FROM mail_folder").fetchone()[0],
                "touches_in": db.execute(
                    "SELECT COUNT(*) FROM touch WHERE direction = 'in'").fetchone()[0],
                "applied": db.execute("SELECT COUNT(*) FROM mail_applied").fetchone()[0]}


def measure(size: int, messages: int, settle_s: float, seconds: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="idle-mail-") as folder:
        root = Path(folder)
        work = Workspace(root)
        with KeyringSession(root / "keyring") as session:
            _, plain = work.fresh(size)
            baseline = idle_run(plain, app_env(session, None), root / "baseline.log",
                                settle_s, seconds)
            _, data = work.fresh(size)
            with server_root() as server_folder, Dovecot(server_folder) as server:
                fill_mailbox(server, contact_addresses(data, messages), datetime.now(UTC))
                env = app_env(session, server)
                add_account(data, server, env)
                with_mail = idle_run(data, env, root / "with-mail.log", settle_s, seconds)
                later = later_checks(data, server, messages)
            left = what_the_check_left(data)
            if left["folders"] == 0 or left["applied"] == 0:
                raise RuntimeError("the mailbox was not checked during the run, so this is "
                                   f"not a measurement of a check: {left}\n"
                                   + (root / "with-mail.log").read_text(errors="replace"))
    steady = with_mail["steady"]["cpu_percent"] + later["nothing_new_per_15_min_percent"]
    return {"size": size, "messages": messages, "settle_s": settle_s,
            "first_check_cpu_s": round(with_mail["after_start"]["cpu_s"]
                                       - baseline["after_start"]["cpu_s"], 3),
            "steady_percent_without_mail": baseline["steady"]["cpu_percent"],
            "steady_percent_with_mail": round(steady, 3), "baseline": baseline,
            "with_mail": with_mail, "later_checks": later, "check_left": left,
            "target_percent": TARGETS["idle_cpu_percent"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--messages", type=int, default=400)
    parser.add_argument("--settle", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    options = parser.parse_args()
    result = measure(options.size, options.messages, options.settle, options.seconds)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
