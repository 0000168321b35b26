"""The sample data: something overdue and something due today whenever it is made (at any hour
of any weekday, in any zone from UTC+14 to UTC-12, on a DST night), and nothing to undo."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_desktop.domain.clock import FixedClock
from followup_desktop.services import settings as app_settings
from followup_desktop.services import undo
from followup_desktop.services.backend import Backend
from followup_desktop.services.demo import load_demo
from followup_desktop.services.errors import UserError
from followup_desktop.services.views.due import due_at

ZONES = ["Pacific/Kiritimati", "Pacific/Auckland", "Asia/Tokyo", "Europe/Berlin", "UTC",
         "America/Sao_Paulo", "America/Los_Angeles", "Pacific/Pago_Pago", "Etc/GMT+12",
         "America/Santiago", "Australia/Lord_Howe"]
NIGHTS = [  # (local instant, zone): the nights and hours that once left "Today" empty
    ("2026-12-07 01:00", "Europe/Berlin"),  # a Monday night
    ("2026-12-06 02:00", "Pacific/Kiritimati"),  # a Sunday
    ("2026-12-04 23:30", "America/Los_Angeles"),  # a Friday late
    ("2026-11-01 01:30", "America/Los_Angeles"),  # the hour that happens twice
    ("2026-03-29 03:30", "Europe/Berlin"),  # just after the spring jump
    ("2026-03-08 03:10", "America/Los_Angeles"),
    ("2026-12-07 00:00", "Etc/GMT+12"),  # midnight itself
]


def _check_demo_at(now: datetime, zone: str) -> None:
    with tempfile.TemporaryDirectory() as folder, \
            Backend(Path(folder) / "data", clock=FixedClock(now)) as backend:
        with backend.write():
            app_settings.save("time_zone", zone)
        load_demo(backend)
        due_now = due_at(backend, now)
    local = ZoneInfo(zone)
    start_of_today = datetime.combine(now.astimezone(local).date(), time(0), local)
    overdue = [item for item in due_now if item.due < start_of_today]
    today = [item for item in due_now if item.due >= start_of_today]
    assert overdue and today, (now, zone, [(item.due, item.kind) for item in due_now])
    assert all(item.contact is not None for item in overdue + today)


@pytest.mark.parametrize(("local", "zone"), NIGHTS)
def test_the_nights_that_once_had_nothing_due(local: str, zone: str) -> None:
    now = datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
    _check_demo_at(now, zone)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(now=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31),
                        timezones=st.just(UTC)),
       zone=st.sampled_from(ZONES))
def test_any_instant_in_any_zone(now: datetime, zone: str) -> None:
    _check_demo_at(now, zone)


def test_the_stories_steps_are_not_the_users_to_undo(tmp_path: Path) -> None:
    now = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)
    with Backend(tmp_path / "data", clock=FixedClock(now)) as backend:
        load_demo(backend)
        with pytest.raises(UserError, match="Nothing to undo"):
            undo.undo_last(backend)
