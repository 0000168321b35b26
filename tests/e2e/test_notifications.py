"""Reminders end to end: the real app process on a real X server (Xvfb), a private D-Bus session,
the dunst notification server and, in one variant, a StatusNotifier tray host. The assertions are
about what crossed the bus and what ended up in the database file."""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from desktop_session import DesktopSession, Notification

from followup_desktop import APP_ID, APP_NAME
from followup_desktop.domain.model import ActionKind, Channel, Role
from followup_desktop.services import actions, records, settings
from followup_desktop.services.backend import Backend
from helpers.commands import SRC

INTERVIEWER = "Ada Lovelace"
COMPANY = "Acme Robotics"
HOSTILE_COMPANY = '<a href="https://evil.example">Globex</a> & Co'


def make_data(data_dir: Path, company: str = COMPANY) -> int:
    """A real data folder: an interview with Ada yesterday; her thank-you is due a minute ago."""
    now = datetime.now(UTC)
    with Backend(data_dir) as backend:
        with backend.write():
            settings.save("time_zone", "UTC")
            settings.save("quiet_hours_start", "00:00")  # whatever the hour CI runs at
            settings.save("quiet_hours_end", "00:00")
        company_id = records.add_company(backend, company)
        ada = records.add_contact(backend, company_id, records.ContactDraft(
            INTERVIEWER, "Head of Robotics", Role.INTERVIEWER))
        application = records.add_application(backend, company_id, "Robotics Engineer")
        start = now - timedelta(days=1)
        records.add_interview(backend, application, start, start + timedelta(hours=1), "UTC",
                              [ada], discussed="The gripper prototype")
        action_id, _ = actions.plan_by_hand(backend, application, ActionKind.THANK_YOU,
                                            now - timedelta(minutes=1), Channel.EMAIL, ada,
                                            "Mention the gripper prototype")
    return action_id


def action_state(data_dir: Path, action_id: int) -> tuple[str, int]:
    with closing(sqlite3.connect(f"file:{data_dir / 'followup.sqlite3'}?mode=ro",
                                 uri=True)) as db:
        state = db.execute("SELECT state FROM action WHERE id = ?", (action_id,)).fetchone()[0]
        touches = db.execute("SELECT count(*) FROM touch WHERE action_id = ?",
                             (action_id,)).fetchone()[0]
    return state, touches


def wait_for_state(data_dir: Path, action_id: int, state: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while action_state(data_dir, action_id)[0] != state:
        assert time.monotonic() < deadline, f"action is {action_state(data_dir, action_id)}"
        time.sleep(0.1)


def start_app(session: DesktopSession, data_dir: Path) -> None:
    env = dict(session.env, PYTHONPATH=str(SRC))
    session.start_process("app", [sys.executable, "-m", "followup_desktop", "--data-dir",
                                  str(data_dir)], env=env)


def about_ada(notification: Notification) -> bool:
    return notification.app_name == APP_NAME and INTERVIEWER in notification.summary


@pytest.fixture(params=[True, False], ids=["with-tray", "no-tray"])
def session(request, tmp_path: Path) -> Iterator[DesktopSession]:
    with DesktopSession(tmp_path / "session", tray=request.param) as session:
        yield session


def test_a_due_thank_you_arrives_as_a_notification_and_done_marks_it(
        session: DesktopSession, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    action_id = make_data(data_dir)
    start_app(session, data_dir)
    notification = session.wait_for_notify(about_ada, timeout=30)
    assert COMPANY in notification.body, notification.describe()
    assert "Thank-you" in notification.summary
    assert notification.action_labels == {"done": "Done", "snooze": "Snooze 1 hour",
                                          "default": "Open"}
    assert notification.hints["desktop-entry"] == APP_ID
    assert notification.app_icon.startswith("file://") and notification.app_icon.endswith(".png")
    session.screenshot(tmp_path / "notification.png")

    session.invoke_action("done", notification)
    wait_for_state(data_dir, action_id, "done")
    assert action_state(data_dir, action_id) == ("done", 1)  # the touch is recorded too
    assert len([n for n in session.notifications if about_ada(n)]) == 1  # fired once


def test_the_tray_icon_is_registered_only_where_a_tray_exists(
        session: DesktopSession, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    make_data(data_dir)
    start_app(session, data_dir)
    session.wait_for_notify(about_ada, timeout=30)
    has_tray = session.name_has_owner("org.kde.StatusNotifierWatcher")
    if has_tray:
        assert len(session.wait_for_tray_items(1, timeout=15)) == 1
    else:
        assert session.processes[-1][1].poll() is None  # running, with its window shown


def test_snooze_from_the_notification(session: DesktopSession, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    action_id = make_data(data_dir)
    start_app(session, data_dir)
    session.invoke_action("snooze", session.wait_for_notify(about_ada, timeout=30))
    wait_for_state(data_dir, action_id, "snoozed")


def test_names_are_escaped_for_a_server_that_renders_markup(
        session: DesktopSession, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    make_data(data_dir, company=HOSTILE_COMPANY)
    start_app(session, data_dir)
    notification = session.wait_for_notify(about_ada, timeout=30)
    assert "&lt;a href=\"https://evil.example\"&gt;Globex&lt;/a&gt; &amp; Co" in notification.body
    assert "<a href" not in notification.body
