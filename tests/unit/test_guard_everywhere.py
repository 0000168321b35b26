"""One anti-pester rule for a planned follow-up wherever it is shown: the due list
(services/due), the application page (services/pipeline.application_plan) and the action
editor's preview (services/forms.preview_warnings) judge it at its own due time (or now, once
that has passed) against the touches and the follow-ups due before it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from followup_desktop.domain.model import ActionKind, ActionState, Role
from followup_desktop.services import actions, records
from followup_desktop.services.views import forms
from followup_desktop.services.views.due import due_at
from followup_desktop.services.views.pipeline import application_plan
from followup_desktop.storage.models import Action
from helpers.backends import berlin, clock_of, make_backend

WARNING = ("Last contact with this company was 24 hours before; "
           "leave at least 4 days between touches.")


@pytest.fixture
def world(tmp_path):
    backend = make_backend(tmp_path, start=berlin("2026-01-14 08:00"))
    company = records.add_company(backend, "Acme")
    boss = records.add_contact(backend, company, records.ContactDraft(
        "Ada Lovelace", "CTO", Role.HIRING_MANAGER))
    app = records.add_application(backend, company, "Engineer", decision_date=date(2026, 3, 31))
    records.add_interview(backend, app, berlin("2026-01-13 10:00"), berlin("2026-01-13 11:00"),
                          "Europe/Berlin", [boss])
    (thanks,) = Action.select().where((Action.application == app)
                                      & (Action.kind == ActionKind.THANK_YOU))
    yield backend, app, boss, thanks
    backend.close()


def warnings_everywhere(backend, app: int, action_id: int) -> tuple[list[str], ...]:
    now = backend.clock.now()
    listed = {i.id: i.warnings for i in due_at(backend, now, now + timedelta(days=60))}
    shown = {p.id: list(p.warnings) for p in application_plan(backend, app)}
    action = Action.get_by_id(action_id)
    preview = forms.preview_warnings(backend, action_id,
                                       action.snoozed_until_utc or action.due_utc,
                                       action.contact_id)
    return listed[action_id], shown[action_id], preview


def test_a_follow_up_a_day_after_a_planned_one_warns_on_every_page(world):
    backend, app, boss, thanks = world
    extra, _ = actions.plan_by_hand(backend, app, ActionKind.KEEP_IN_TOUCH,
                                    thanks.due_utc + timedelta(days=1), thanks.channel, boss)
    assert warnings_everywhere(backend, app, extra) == ([WARNING], [WARNING], [WARNING])
    # The first of the two is judged against what came before it: nothing.
    assert warnings_everywhere(backend, app, thanks.id) == ([], [], [])


def test_a_keep_in_touch_a_week_ahead_is_not_judged_as_if_sent_today(world):
    backend, app, _, thanks = world
    clock_of(backend).set(berlin("2026-01-14 10:00"))
    actions.complete(backend, thanks.id, "Sent")
    keep = Action.select().where((Action.application == app)
                                 & (Action.kind == ActionKind.KEEP_IN_TOUCH)
                                 & (Action.state == ActionState.PLANNED)).order_by(
        Action.due_utc).first()
    assert warnings_everywhere(backend, app, keep.id) == ([], [], [])


def test_an_overdue_follow_up_is_judged_now_on_every_page(world):
    backend, app, boss, thanks = world
    clock_of(backend).set(berlin("2026-01-20 12:00"))  # the thank-you is days overdue
    called, _ = actions.plan_by_hand(backend, app, ActionKind.KEEP_IN_TOUCH,
                                     berlin("2026-01-20 11:00"), thanks.channel, boss)
    actions.complete(backend, called, "Called about the role")  # a touch made now
    listed, shown, preview = warnings_everywhere(backend, app, thanks.id)
    assert listed == shown == preview
    assert listed and "less than an hour" in listed[0]
