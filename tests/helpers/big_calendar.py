"""A "Follow-ups" calendar holding many items, for the sync's large cases (the issue's "a
calendar with 50,000 items"): the calendar made over CalDAV, as a phone would, then its items
written straight into Radicale's storage folder, one file per item as Radicale keeps them
(tens of thousands of PUTs would take the server most of an hour; what the sync meets is the
same: the real server lists and serves them).

The items are the user's own tasks (not the app's, to be left alone) and, optionally, items
with the app's UIDs that this data folder does not have (another machine's follow-ups).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from caldav import DAVClient

from helpers.radicale import Radicale

START = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)


def make_calendar(server: Radicale) -> Path:
    """The "Follow-ups" calendar, made over CalDAV; its folder in the server's storage."""
    with DAVClient(server.url, username=server.user, password=server.password) as client:
        client.principal().make_calendar(name="Follow-ups",
                                         supported_calendar_component_set=["VTODO", "VEVENT"])
    user_root = server.root / "collections" / "collection-root" / server.user
    (folder,) = [props.parent for props in user_root.glob("*/.Radicale.props")
                 if "Follow-ups" in props.read_text()]
    return folder


def fill(folder: Path, own: int, other_machines: int = 0) -> list[str]:
    """Write `own` tasks of the user's and `other_machines` items with the app's UIDs unknown
    here; the UIDs written."""
    uids = []
    for number in range(own + other_machines):
        if number < own:
            uid, summary = f"phone-task-{number}@example.org", f"Errand {number}"
        else:
            digest = hashlib.sha256(f"elsewhere:{number}".encode()).hexdigest()[:32]
            uid, summary = f"followup-{digest}", f"Thank-you: someone elsewhere ({number})"
        due = START + timedelta(hours=7 * number)
        stamp = due.strftime("%Y%m%dT%H%M%SZ")
        text = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//Tasks//EN\r\n"
                f"BEGIN:VTODO\r\nUID:{uid}\r\nDTSTAMP:{stamp}\r\nDUE:{stamp}\r\n"
                f"SUMMARY:{summary}\r\nSTATUS:NEEDS-ACTION\r\nEND:VTODO\r\nEND:VCALENDAR\r\n")
        (folder / f"{uid}.ics").write_text(text, newline="")
        uids.append(uid)
    return uids
