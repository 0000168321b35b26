"""The undo journal: done, skip, snooze and a move are taken back, newest first, also from a
new process (a new Backend on the same data folder)."""

from datetime import timedelta

import pytest

from followup_desktop.domain.model import ActionKind, ActionState, Channel, Role
from followup_desktop.services import actions, records, undo
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.storage.models import Action, Touch
from helpers.backends import START, make_backend


@pytest.fixture
def world(tmp_path):
    backend = make_backend(tmp_path)
    company = records.add_company(backend, "Acme")
    boss = records.add_contact(backend, company, records.ContactDraft(
        "Ada Lovelace", "CTO", Role.HIRING_MANAGER))
    app = records.add_application(backend, company, "Engineer")
    records.add_interview(backend, app, START, START + timedelta(hours=1), "Europe/Berlin",
                          [boss])
    yield backend, app
    backend.close()


def thank_you(app: int) -> Action:
    return Action.get((Action.application == app) & (Action.kind == ActionKind.THANK_YOU))


def snapshot(app: int) -> list[tuple]:
    return list(Action.select(Action.id, Action.kind, Action.state, Action.due_utc,
                              Action.snoozed_until_utc, Action.done_utc, Action.edited)
                .where(Action.application == app).order_by(Action.id).tuples())


def test_nothing_to_undo_is_a_user_error(world):
    backend, _ = world
    assert undo.last(backend) is None
    with pytest.raises(UserError, match="Nothing to undo"):
        undo.undo_last(backend)


def test_done_is_undone_with_its_touch(world):
    backend, app = world
    before = snapshot(app)
    action = thank_you(app)
    actions.complete(backend, action.id, "Sent")
    assert Touch.select().count() == 1
    entry = undo.last(backend)
    assert entry is not None and entry.kind == "done" and entry.action_id == action.id
    message = undo.undo_last(backend)
    assert message.startswith("Undid: done: Thank-you #") and "Ada Lovelace (Acme)" in message
    assert snapshot(app) == before
    assert Touch.select().count() == 0
    assert undo.last(backend) is None


@pytest.mark.parametrize("change", ["skip", "snooze", "move"])
def test_skip_snooze_and_move_are_undone(world, change):
    backend, app = world
    before = snapshot(app)
    action = thank_you(app)
    if change == "skip":
        actions.skip(backend, action.id)
    elif change == "snooze":
        actions.snooze(backend, action.id, START + timedelta(days=3))
    else:
        actions.edit(backend, action.id, due=START + timedelta(days=2), channel=Channel.CARD,
                     contact_id=action.contact_id, note="moved")
    assert snapshot(app) != before
    assert undo.undo_last(backend).startswith(f"Undid: {'change' if change == 'move' else change}")
    assert snapshot(app) == before
    assert Action.get_by_id(action.id).state == ActionState.PLANNED


def test_undo_goes_back_one_change_at_a_time(world):
    backend, app = world
    first = snapshot(app)
    action = thank_you(app)
    actions.snooze(backend, action.id, START + timedelta(days=3))
    snoozed = snapshot(app)
    actions.complete(backend, action.id)
    undo.undo_last(backend)
    assert snapshot(app) == snoozed
    undo.undo_last(backend)
    assert snapshot(app) == first


def test_undo_works_from_another_process(world, tmp_path):
    backend, app = world
    before = snapshot(app)
    actions.complete(backend, thank_you(app).id)
    backend.close()
    with Backend(tmp_path, clock=backend.clock) as again:
        assert "done" in undo.undo_last(again)
        assert snapshot(app) == before
