"""Actions the user plans or changes by hand survive every re-plan."""

from datetime import UTC, datetime, timedelta

import pytest

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import ActionKind, ActionState, Channel, Role
from followup_desktop.services import actions, records, settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.planning import replan
from followup_desktop.storage.models import Action

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 in Berlin


@pytest.fixture
def world(tmp_path):
    with Backend(tmp_path, clock=FixedClock(NOW)) as backend:
        with backend.write():
            settings.save("time_zone", "Europe/Berlin")
        company = records.add_company(backend, "Acme")
        boss = records.add_contact(backend, company, records.ContactDraft(
            "Ada Lovelace", "CTO", Role.HIRING_MANAGER))
        desk = records.add_contact(backend, company, records.ContactDraft(
            "Rita Desk", "Front desk", Role.RECEPTIONIST))
        app = records.add_application(backend, company, "Engineer")
        records.add_interview(backend, app, NOW, NOW + timedelta(hours=1), "Europe/Berlin",
                              [boss])
        yield backend, app, boss, desk


def thank_you(app: int) -> Action:
    return Action.get((Action.application == app) & (Action.kind == ActionKind.THANK_YOU))


def test_an_edited_action_keeps_its_time_through_replanning(world):
    backend, app, boss, _ = world
    action = thank_you(app)
    later = action.due_utc + timedelta(hours=3)
    actions.edit(backend, action.id, due=later, channel=Channel.CARD, contact_id=boss,
                 note="Mention the robot demo")
    replan(backend, app)
    again = Action.get_by_id(action.id)
    assert (again.due_utc, again.channel, again.edited) == (later, "card", True)
    assert again.note == "Mention the robot demo"


def test_a_hand_planned_touch_to_the_front_desk_is_kept_and_warned_about(world):
    backend, app, _, desk = world
    due = NOW + timedelta(days=10)
    action_id, warnings = actions.plan_by_hand(backend, app, ActionKind.KEEP_IN_TOUCH, due,
                                               Channel.PHONE, desk)
    assert any("front desk" in w for w in warnings)
    replan(backend, app)
    kept = Action.get_by_id(action_id)
    assert kept.plan_key is None
    assert kept.state == ActionState.PLANNED
    assert kept.due_utc == due


def test_a_third_touch_by_hand_is_not_removed_by_the_cap(world):
    backend, app, boss, _ = world
    before = Action.select().where(Action.kind == ActionKind.KEEP_IN_TOUCH).count()
    actions.plan_by_hand(backend, app, ActionKind.KEEP_IN_TOUCH, NOW + timedelta(days=30),
                         Channel.EMAIL, boss, "Share the conference talk")
    replan(backend, app)
    assert Action.select().where(Action.kind == ActionKind.KEEP_IN_TOUCH).count() == before + 1
