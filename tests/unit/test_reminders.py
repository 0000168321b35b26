"""The reminder scheduler with a fake clock and a real database: every reminder fires exactly
once, at the right instant, grouped when the app was not watching, held in quiet hours."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from followup_desktop.domain.model import ActionKind, Channel, Role
from followup_desktop.domain.reminders import QuietHours, Reason
from followup_desktop.services import actions, records, reminders, settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.reminders import Scheduler
from followup_desktop.storage.models import Reminder
from helpers.backends import BERLIN, berlin, clock_of, make_backend, utc

TUESDAY_10 = berlin("2026-11-24 10:00")


class World:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        company = records.add_company(backend, "Acme Robotics")
        self.ada = records.add_contact(backend, company, records.ContactDraft(
            "Ada Lovelace", "CTO", Role.HIRING_MANAGER))
        self.application = records.add_application(backend, company, "Engineer")
        self.scheduler = Scheduler(backend)
        self.shown: list[tuple[datetime, Reason, tuple[int, ...]]] = []

    @property
    def now(self) -> datetime:
        return self.backend.clock.now()

    def plan(self, due: datetime) -> int:
        action_id, _ = actions.plan_by_hand(self.backend, self.application,
                                            ActionKind.KEEP_IN_TOUCH, due, Channel.EMAIL,
                                            self.ada, "Share the article on gripper design")
        return action_id

    def check(self) -> datetime:
        """One check, as the running app does it; returns when it asks to be woken."""
        result = self.scheduler.check()
        self.shown += [(self.now, a.batch.reason, a.batch.action_ids)
                       for a in result.announcements]
        return result.next_check

    def run_until(self, end: datetime) -> None:
        """Check whenever the scheduler asks to be woken, until `end` (an app left running)."""
        wake = self.check()
        while wake <= end:
            clock_of(self.backend).set(wake)
            wake = self.check()
        clock_of(self.backend).set(end)

    def jump(self, to: datetime) -> None:
        """Time passes without checks: the machine slept or the app was closed."""
        clock_of(self.backend).set(to)


@pytest.fixture
def backend_start() -> datetime:
    return TUESDAY_10


@pytest.fixture
def world(backend: Backend):
    return World(backend)


def test_a_reminder_fires_once_at_its_due_instant(world: World) -> None:
    due = TUESDAY_10 + timedelta(minutes=10, seconds=30)
    action = world.plan(due)
    world.run_until(TUESDAY_10 + timedelta(hours=2))
    assert world.shown == [(due, Reason.DUE, (action,))]


def test_nothing_fires_twice_after_a_restart(world: World) -> None:
    action = world.plan(TUESDAY_10 - timedelta(hours=1))
    world.check()
    assert world.shown == [(TUESDAY_10, Reason.AWAY, (action,))]
    world.scheduler = Scheduler(world.backend)  # the app started again
    world.jump(TUESDAY_10 + timedelta(hours=5))
    world.check()
    assert len(world.shown) == 1
    assert Reminder.select().count() == 1


def test_what_came_due_while_the_app_was_closed_is_shown_once_grouped(world: World) -> None:
    older = [world.plan(berlin(f"2026-11-2{day} 11:00")) for day in (1, 2, 3)]
    world.check()
    assert world.shown == [(TUESDAY_10, Reason.AWAY, tuple(older))]
    world.run_until(TUESDAY_10 + timedelta(hours=1))
    assert len(world.shown) == 1


def test_a_sleep_gap_across_due_times_gives_one_catch_up(world: World) -> None:
    first, second = world.plan(berlin("2026-11-24 10:30")), world.plan(berlin("2026-11-24 11:00"))
    world.run_until(berlin("2026-11-24 10:05"))
    world.jump(berlin("2026-11-24 12:00"))  # suspended at 10:05, resumed at 12:00
    world.check()
    assert world.shown == [(berlin("2026-11-24 12:00"), Reason.AWAY, (first, second))]


def test_a_late_timer_is_not_mistaken_for_sleep(world: World) -> None:
    action = world.plan(berlin("2026-11-24 10:30"))
    world.run_until(berlin("2026-11-24 10:29"))
    world.jump(berlin("2026-11-24 10:31"))  # a busy machine woke us two minutes late
    world.check()
    assert world.shown == [(berlin("2026-11-24 10:31"), Reason.DUE, (action,))]


def test_many_reminders_due_at_once_are_one_notification(world: World) -> None:
    due = berlin("2026-11-24 11:00")
    few = [world.plan(due) for _ in range(3)]
    world.run_until(due)
    assert world.shown == [(due, Reason.DUE, (a,)) for a in few]
    later = berlin("2026-11-24 12:00")
    many = [world.plan(later) for _ in range(4)]
    world.run_until(later)
    assert world.shown[3:] == [(later, Reason.DUE, tuple(many))]


def test_quiet_hours_hold_reminders_until_morning(world: World) -> None:
    evening = world.plan(berlin("2026-11-24 22:15"))
    world.run_until(berlin("2026-11-25 07:59"))
    assert world.shown == []
    morning = world.plan(berlin("2026-11-25 08:00"))
    world.run_until(berlin("2026-11-25 09:00"))
    assert world.shown == [(berlin("2026-11-25 08:00"), Reason.QUIET_HOURS, (evening,)),
                           (berlin("2026-11-25 08:00"), Reason.DUE, (morning,))]


def test_quiet_hours_follow_the_users_settings(world: World) -> None:
    with world.backend.write():
        settings.save("quiet_hours_start", "10:00")
        settings.save("quiet_hours_end", "10:00")  # equal: no quiet hours
    action = world.plan(berlin("2026-11-24 23:30"))
    world.run_until(berlin("2026-11-25 00:00"))
    assert world.shown == [(berlin("2026-11-24 23:30"), Reason.DUE, (action,))]


def test_quiet_hours_end_on_the_wall_clock_across_the_spring_dst_change(tmp_path: Path) -> None:
    start = berlin("2026-03-28 22:50")  # Saturday; clocks go forward at 02:00 on Sunday
    with make_backend(tmp_path / "data", start=start) as backend:
        world = World(backend)
        action = world.plan(berlin("2026-03-28 23:00"))
        world.run_until(berlin("2026-03-29 09:00"))
    # 08:00 summer time is 06:00 UTC; the night before it would have been 07:00 UTC.
    assert world.shown == [(utc("2026-03-29 06:00"), Reason.QUIET_HOURS, (action,))]


def test_a_reminder_due_after_the_autumn_change_fires_at_its_local_time(tmp_path: Path) -> None:
    start = berlin("2026-10-24 20:00")  # Saturday; clocks go back at 03:00 on Sunday
    with make_backend(tmp_path / "data", start=start) as backend:
        world = World(backend)
        action = world.plan(berlin("2026-10-25 09:30"))
        world.run_until(berlin("2026-10-25 12:00"))
    assert world.shown == [(utc("2026-10-25 08:30"), Reason.DUE, (action,))]


@pytest.mark.parametrize(("local", "fold", "ends_utc"), [
    ("2026-03-29 01:30", 0, "2026-03-29 06:00"),  # before the spring gap: CET
    ("2026-03-29 03:30", 0, "2026-03-29 06:00"),  # after it: CEST
    ("2026-10-25 02:30", 0, "2026-10-25 07:00"),  # the hour that happens twice, first time
    ("2026-10-25 02:30", 1, "2026-10-25 07:00"),  # and second time
    ("2026-10-24 21:00", 0, "2026-10-25 07:00"),  # starts the evening before the change
    ("2026-10-25 08:00", 0, None),  # the end itself is no longer quiet
    ("2026-10-25 12:00", 0, None),
])
def test_quiet_hours_on_dst_days(local: str, fold: int, ends_utc: str | None) -> None:
    instant = datetime.fromisoformat(local).replace(tzinfo=BERLIN, fold=fold)
    end = QuietHours(time(21), time(8)).end_if_quiet(instant, BERLIN)
    assert end == (utc(ends_utc) if ends_utc else None)


def test_daytime_quiet_hours() -> None:
    lunch = QuietHours(time(12), time(13))
    assert lunch.end_if_quiet(berlin("2026-11-24 12:30"), BERLIN) == berlin("2026-11-24 13:00")
    assert lunch.end_if_quiet(berlin("2026-11-24 13:00"), BERLIN) is None
    assert lunch.end_if_quiet(berlin("2026-11-24 11:59"), BERLIN) is None


def test_a_snoozed_reminder_fires_again_once_when_the_snooze_ends(world: World) -> None:
    due = berlin("2026-11-24 10:30")
    action = world.plan(due)
    world.run_until(due)
    actions.snooze(world.backend, action, due + timedelta(hours=1))
    world.run_until(berlin("2026-11-24 13:00"))
    assert world.shown == [(due, Reason.DUE, (action,)),
                           (due + timedelta(hours=1), Reason.DUE, (action,))]


def test_snoozing_everything_due_now_moves_only_what_is_due(world: World) -> None:
    due_now = [world.plan(TUESDAY_10 - timedelta(hours=h)) for h in (1, 2)]
    later = world.plan(TUESDAY_10 + timedelta(hours=3))
    snoozed = reminders.snooze_due(world.backend, TUESDAY_10 + timedelta(hours=1))
    assert snoozed == 2
    assert reminders.due_count(world.backend, world.now).due == 0
    assert reminders.next_due_after(world.backend, world.now) == TUESDAY_10 + timedelta(hours=1)
    with pytest.raises(UserError):
        reminders.snooze_due(world.backend, TUESDAY_10 - timedelta(minutes=1))
    world.run_until(TUESDAY_10 + timedelta(hours=4))
    assert [ids for _, _, ids in world.shown] == [(due_now[0],), (due_now[1],), (later,)]


def test_paused_reminders_are_shown_grouped_on_resuming(world: World) -> None:
    reminders.set_paused(world.backend, True)
    action = world.plan(berlin("2026-11-24 10:30"))
    world.run_until(berlin("2026-11-24 11:00"))
    assert world.shown == []
    reminders.set_paused(world.backend, False)
    world.check()
    assert world.shown == [(berlin("2026-11-24 11:00"), Reason.PAUSED, (action,))]


def test_a_done_or_skipped_action_is_not_reminded(world: World) -> None:
    done, skipped = world.plan(TUESDAY_10 + timedelta(minutes=5)), world.plan(
        TUESDAY_10 + timedelta(minutes=5))
    actions.complete(world.backend, done, "Sent the article")
    actions.skip(world.backend, skipped)
    world.run_until(TUESDAY_10 + timedelta(hours=1))
    assert world.shown == []


def test_the_clock_set_back_neither_repeats_nor_loses_reminders(world: World) -> None:
    first = world.plan(berlin("2026-11-24 10:10"))
    world.run_until(berlin("2026-11-24 10:20"))
    world.jump(berlin("2026-11-24 09:00"))  # the user corrected the clock
    second = world.plan(berlin("2026-11-24 09:30"))
    world.run_until(berlin("2026-11-24 10:30"))
    assert [ids for _, _, ids in world.shown] == [(first,), (second,)]


def test_the_scheduler_wakes_at_the_due_instant_or_within_a_minute(world: World) -> None:
    soon = TUESDAY_10 + timedelta(seconds=20)
    world.plan(soon)
    assert world.check() == soon
    world.jump(soon)
    world.check()
    assert world.check() == soon + timedelta(minutes=1)


def test_the_tray_count_tells_due_from_overdue(world: World) -> None:
    world.plan(berlin("2026-11-23 16:00"))  # yesterday
    world.plan(berlin("2026-11-24 09:00"))  # earlier today
    world.plan(berlin("2026-11-24 15:00"))  # later today: not due yet
    assert reminders.due_count(world.backend, world.now) == reminders.DueCount(2, 1)


def test_announcements_carry_the_names_the_notification_shows(world: World) -> None:
    world.plan(TUESDAY_10 - timedelta(hours=1))
    result = world.scheduler.check()
    [item] = result.announcements[0].items
    assert (item.contact.name, item.contact.title, item.company) == (
        "Ada Lovelace", "CTO", "Acme Robotics")
    assert result.announcements[0].batch.grouped


def test_the_due_instant_index_is_used(world: World) -> None:
    plan = world.backend.db.execute_sql(
        "EXPLAIN QUERY PLAN SELECT min(COALESCE(snoozed_until_utc, due_utc)) FROM action "
        "WHERE state IN ('planned', 'snoozed') AND COALESCE(snoozed_until_utc, due_utc) > ?",
        (datetime.now(UTC).isoformat(),)).fetchall()
    assert any("action_state_effective_due" in str(row) for row in plan)
