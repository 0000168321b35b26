"""`followup-desktop sync calendars`, `sync` and `sync proposals` as the real command against a
real Radicale, at a pinned instant (faketime, as tests/e2e/test_follow_up_commands.py does: the
sync reads a window around its now): the account's calendars listed, picked and unpicked by
name, the user's address added; what a sync held listed, accepted and rejected, each a line;
a wrong name or ID is one line with exit status 2."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import UTC, timedelta
from pathlib import Path

import pytest

from followup_desktop.storage.models import Interview
from helpers.backends import make_backend
from helpers.calendar_invites import END, ME, NOW, START, UID, Calendars, invitation
from helpers.mail_cli import mail_env
from helpers.radicale import Radicale
from helpers.sync_world import connect

pytestmark = pytest.mark.skipif(shutil.which("faketime") is None, reason="needs faketime")
PREFIX = "followup-desktop: "


def cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command with the clock at NOW (and running on from there)."""
    # Its own faketime only, even when the whole run is under faketime.
    env = {key: value for key, value in mail_env(None, TZ="UTC").items()
           if key != "LD_PRELOAD" and not key.startswith("FAKETIME")}
    when = NOW.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    return subprocess.run(["faketime", when, sys.executable, "-m", "followup_desktop",
                           "--data-dir", str(data), "sync", *args], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120, check=False)


def failed(result) -> str:
    assert result.returncode == 2 and result.stdout == "", (result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(PREFIX)
    return result.stderr[len(PREFIX):].rstrip("\n")


def test_pick_a_calendar_then_accept_and_reject_what_a_sync_found(
        tmp_path: Path, radicale: Radicale):
    data = tmp_path / "data"
    secret = tmp_path / "password"
    secret.write_text(radicale.password + "\n")
    calendars = Calendars(radicale)
    work = calendars.make("Work")
    calendars.make("Personal")
    with make_backend(data, start=NOW) as backend:
        connect(backend, radicale)
    listed = cli(data, "calendars", "--password-file", str(secret))
    assert listed.returncode == 0, listed.stderr
    assert f"  [ ] Work  {work}\n" in listed.stdout
    assert "Your addresses: none known" in listed.stdout
    picked = cli(data, "calendars", "--pick", "work", "--me", ME, "--password-file",
                 str(secret))
    assert picked.returncode == 0, picked.stderr
    assert f"  [x] Work  {work}\n" in picked.stdout and "  [ ] Personal  " in picked.stdout
    assert f"Your addresses (an invitation to one of them is yours): {ME}." in picked.stdout
    assert failed(cli(data, "calendars", "--pick", "Holidays", "--password-file",
                      str(secret))).startswith("No calendar 'Holidays' in this account")

    calendars.put("Work", UID, invitation(UID, START, END))
    other = "second@globex.example"
    calendars.put("Work", other, invitation(other, END, END + timedelta(hours=1),
                                            summary="Coffee with the team"))
    synced = cli(data, "--password-file", str(secret))
    assert synced.returncode == 0, synced.stderr
    assert "; 2 interviews from your calendars to confirm (2 new, `followup-desktop sync " \
        "proposals`)." in synced.stdout

    waiting = cli(data, "proposals")
    assert waiting.returncode == 0, waiting.stderr
    assert waiting.stdout.startswith("2 interviews from your calendars to confirm:\n")
    assert "Wed 18 Mar 2026 14:00-15:00  Interview: Embedded Developer  [Work]" in \
        waiting.stdout
    assert "a new interview at Globex (new)" in waiting.stdout
    first, second = re.findall(r"^  ([0-9a-f]{8})  ", waiting.stdout, re.MULTILINE)
    accepted = cli(data, "proposals", "--accept", first)
    assert accepted.stdout == f"Accepted {first}: 1 new interview.\n", accepted.stderr
    rejected = cli(data, "proposals", "--reject", second)
    assert rejected.stdout == (f"Rejected {second} ('Coffee with the team'): it will not be "
                               "proposed again.\n")
    assert cli(data, "proposals").stdout == ("No interviews from your calendars are waiting "
                                             "to be confirmed.\n")
    assert failed(cli(data, "proposals", "--accept", first)).startswith(
        f"No proposal '{first}' is waiting")
    again = cli(data, "--password-file", str(secret))
    assert "to confirm" not in again.stdout and "new interview" not in again.stdout
    assert again.stdout.startswith(f"Synced with {radicale.url}: sent "), again.stderr
    with make_backend(data, start=NOW) as backend:
        assert [i.ical_uid for i in Interview.select()] == [UID]
    unpicked = cli(data, "calendars", "--unpick", "Work", "--password-file", str(secret))
    assert f"  [ ] Work  {work}\n" in unpicked.stdout, unpicked.stderr
