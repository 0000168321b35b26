"""`followup-desktop sync calendars` and `sync proposals` as the real command against a real
Radicale: the account's calendars listed, picked and unpicked by name, the user's address
added; what a sync held listed, accepted and rejected, each a line; a wrong name or ID is one
line with exit status 2. The sync itself runs in this process with the data folder's clock
pinned (the proposals come from a window around its now); what the commands print does not
depend on their clock (accepting plans from it, and only the interview is checked)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from followup_desktop.storage.models import Interview
from helpers.backends import make_backend
from helpers.calendar_invites import END, ME, NOW, START, UID, Calendars, invitation
from helpers.mail_cli import mail_env, run_cli
from helpers.radicale import Radicale
from helpers.sync_world import connect, run

PREFIX = "followup-desktop: "


def cli(data: Path, *args: str):
    return run_cli(data, "sync", *args, env=mail_env(None))


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
    with make_backend(data, start=NOW) as backend:
        line = run(backend, radicale).describe()
        assert "2 interviews from your calendars to confirm (2 new" in line

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
    with make_backend(data, start=NOW) as backend:
        assert [i.ical_uid for i in Interview.select()] == [UID]
        assert run(backend, radicale).interviews.proposed == 0
    unpicked = cli(data, "calendars", "--unpick", "Work", "--password-file", str(secret))
    assert f"  [ ] Work  {work}\n" in unpicked.stdout, unpicked.stderr
