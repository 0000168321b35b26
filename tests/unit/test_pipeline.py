"""The applications page's reads: pipeline counts, next actions, one application in full."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from followup_desktop.domain.model import (
    ActionKind,
    ActionState,
    ApplicationStatus,
    Channel,
    InterviewFormat,
    Role,
)
from followup_desktop.services import actions, records
from followup_desktop.services.backend import Backend
from followup_desktop.services.demo import load_demo
from followup_desktop.services.errors import UserError
from followup_desktop.services.records import ContactDraft
from followup_desktop.services.views import pipeline
from helpers.backends import berlin, clock_of

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # Thursday 13:00 in Berlin


@pytest.fixture
def backend_start() -> datetime:
    return NOW


def interviewed(backend: Backend, company_name: str = "Fjord & Pine",
                people: tuple[str, ...] = ("Ingrid Solberg", "Ola Nordmann"),
                days_ago: int = 3) -> tuple[int, list[int]]:
    """An application with one interview `days_ago` days back and its planned follow-ups."""
    company = records.add_company(backend, company_name, preferred_channel=Channel.CARD)
    contacts = [records.add_contact(backend, company, ContactDraft(name, f"Title of {name}"))
                for name in people]
    app = records.add_application(backend, company, "BIM Coordinator")
    start = NOW - timedelta(days=days_ago)
    records.add_interview(backend, app, start, start + timedelta(hours=1), "Europe/Berlin",
                          contacts, location="Bryggen 4", discussed="Timber facades.")
    return app, contacts


def count_queries(backend: Backend, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    original = backend.db.execute_sql

    def counting(sql: str, params: object = None, *args: object, **kwargs: object) -> object:
        seen.append(sql)
        return original(sql, params, *args, **kwargs)

    monkeypatch.setattr(backend.db, "execute_sql", counting)
    return seen


def test_demo_pipeline_counts_every_status(backend: Backend) -> None:
    load_demo(backend)
    result = pipeline.pipeline(backend)
    assert result.counts == {
        ApplicationStatus.APPLIED: 0, ApplicationStatus.INTERVIEWING: 4,
        ApplicationStatus.OFFER: 1, ApplicationStatus.REJECTED: 1,
        ApplicationStatus.WITHDRAWN: 0,
    }
    assert result.total == 6
    assert list(result.counts) == list(ApplicationStatus)  # pipeline order


def test_demo_rows_name_company_position_and_next_action(backend: Backend) -> None:
    load_demo(backend)
    rows = {row.company: row for row in pipeline.pipeline(backend).rows}
    northwind = rows["Northwind Analytics"]
    assert northwind.position == "Senior Data Analyst"
    assert northwind.status == ApplicationStatus.INTERVIEWING
    assert northwind.next_action is not None
    assert northwind.next_action.kind == ActionKind.THANK_YOU
    assert northwind.next_action.contact == "Amara Okafor"  # the first of two due together
    assert rows["Quillon Publishing"].next_action is None  # the offer cancelled the rest
    assert rows["Brightwave Robotics"].next_action is None


def test_next_action_is_the_soonest_pending_one_counting_snoozes(backend: Backend) -> None:
    app, (ingrid, ola) = interviewed(backend)
    # A known decision date: no "ask about the decision" due alongside the thank-yous.
    records.set_decision_date(backend, app, datetime(2026, 12, 18).date())
    plan = pipeline.application_detail(backend, app).plan
    thanks = {item.contact.id: item for item in plan
              if item.kind == ActionKind.THANK_YOU and item.contact}
    first = pipeline.pipeline(backend).rows[0].next_action
    assert first is not None and first.id == thanks[ingrid].id  # same due: lower id first
    actions.snooze(backend, thanks[ingrid].id, NOW + timedelta(days=2))
    assert pipeline.pipeline(backend).rows[0].next_action.id == thanks[ola].id
    actions.complete(backend, thanks[ola].id, "Card posted.")
    after = pipeline.pipeline(backend).rows[0].next_action
    assert after is not None and after.id == thanks[ingrid].id
    assert after.due == NOW + timedelta(days=2)  # due when the snooze ends
    assert after.channel == Channel.CARD


def test_status_since_is_the_last_recorded_change(backend: Backend) -> None:
    app, _ = interviewed(backend)
    clock_of(backend).advance(timedelta(days=2))
    records.set_status(backend, app, ApplicationStatus.WITHDRAWN, "Took another offer")
    row = pipeline.pipeline(backend).rows[0]
    assert row.status == ApplicationStatus.WITHDRAWN
    assert row.status_since == NOW + timedelta(days=2)
    assert row.next_action is None
    assert pipeline.pipeline(backend).counts[ApplicationStatus.WITHDRAWN] == 1


def test_pipeline_is_one_query_however_many_rows(backend: Backend,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    interviewed(backend, "One")
    seen = count_queries(backend, monkeypatch)
    pipeline.pipeline(backend)
    few = len(seen)
    for number in range(5):
        interviewed(backend, f"Company {number}")
    seen.clear()
    result = pipeline.pipeline(backend)
    assert result.total == 6
    assert len(seen) == few == 1


def test_detail_shows_facts_interviews_and_interviewers(backend: Backend) -> None:
    app, (ingrid, ola) = interviewed(backend)
    records.set_decision_date(backend, app, datetime(2026, 12, 10).date())
    detail = pipeline.application_detail(backend, app)
    assert (detail.company, detail.position) == ("Fjord & Pine", "BIM Coordinator")
    assert detail.status == ApplicationStatus.INTERVIEWING
    assert detail.decision_date == datetime(2026, 12, 10).date()
    assert detail.second_round_expected is None
    (interview,) = detail.interviews
    assert interview.start == NOW - timedelta(days=3)
    assert (interview.round, interview.format) == (1, InterviewFormat.ONSITE)
    assert (interview.location, interview.discussed) == ("Bryggen 4", "Timber facades.")
    assert [(p.id, p.name, p.title) for p in interview.interviewers] == [
        (ingrid, "Ingrid Solberg", "Title of Ingrid Solberg"),
        (ola, "Ola Nordmann", "Title of Ola Nordmann")]


def test_detail_plan_is_in_due_order_with_states_and_targets(backend: Backend) -> None:
    app, (ingrid, _) = interviewed(backend)
    detail = pipeline.application_detail(backend, app)
    dues = [item.due for item in detail.plan]
    assert dues == sorted(dues)
    kinds = [item.kind for item in detail.plan]
    assert kinds.count(ActionKind.THANK_YOU) == 2
    assert all(item.state == ActionState.PLANNED for item in detail.plan)
    assert detail.pending_count == len(detail.plan)
    thank_ingrid = next(i for i in detail.plan if i.contact and i.contact.id == ingrid)
    assert thank_ingrid.channel == Channel.CARD


def test_detail_plan_carries_anti_pester_warnings(backend: Backend) -> None:
    app, _ = interviewed(backend)
    company = pipeline.application_detail(backend, app).company_id
    desk = records.add_contact(backend, company, ContactDraft("Kari", "Front desk",
                                                              Role.RECEPTIONIST))
    action_id, _ = actions.plan_by_hand(backend, app, ActionKind.KEEP_IN_TOUCH,
                                        NOW + timedelta(days=1), Channel.PHONE, desk)
    item = next(i for i in pipeline.application_detail(backend, app).plan if i.id == action_id)
    assert any("front desk" in w for w in item.warnings)
    # A touch two days before a planned call makes the guard speak up for that call.
    thanks = [i for i in pipeline.application_detail(backend, app).plan
              if i.kind == ActionKind.THANK_YOU]
    actions.complete(backend, thanks[0].id, "Card posted.", at=NOW - timedelta(hours=1))
    item = next(i for i in pipeline.application_detail(backend, app).plan if i.id == action_id)
    assert any("Last contact with this company" in w for w in item.warnings)
    done = next(i for i in pipeline.application_detail(backend, app).plan
                if i.id == thanks[0].id)
    assert done.state == ActionState.DONE and done.warnings == ()


def test_detail_history_has_status_changes_and_touches_newest_first(backend: Backend) -> None:
    app, (ingrid, _) = interviewed(backend)
    thank = next(i for i in pipeline.application_detail(backend, app).plan
                 if i.contact and i.contact.id == ingrid)
    clock_of(backend).set(berlin("2026-11-27 10:00"))
    actions.complete(backend, thank.id, "Card posted to Ingrid.")
    clock_of(backend).set(berlin("2026-11-28 10:00"))
    records.set_status(backend, app, ApplicationStatus.REJECTED, "Went with an insider")
    detail = pipeline.application_detail(backend, app)
    assert [(c.old, c.new, c.note) for c in detail.status_changes] == [
        (ApplicationStatus.INTERVIEWING, ApplicationStatus.REJECTED, "Went with an insider"),
        (ApplicationStatus.APPLIED, ApplicationStatus.INTERVIEWING, ""),
        (None, ApplicationStatus.APPLIED, ""),
    ]
    (touch,) = detail.touches
    assert (touch.at, touch.channel, touch.summary) == (
        berlin("2026-11-27 10:00"), Channel.CARD, "Card posted to Ingrid.")
    assert touch.contact is not None and touch.contact.name == "Ingrid Solberg"
    history = detail.history
    assert history[0] == detail.status_changes[0]
    assert history[1] == touch
    assert [e.at for e in history] == sorted((e.at for e in history), reverse=True)
    # The rejection cancelled what was pending, and the plan still shows it.
    assert detail.pending_count == 0
    assert {i.state for i in detail.plan} == {ActionState.DONE, ActionState.CANCELLED}


def test_detail_is_a_fixed_number_of_queries(backend: Backend,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    small, _ = interviewed(backend, "Small", people=("Ann",))
    big, _ = interviewed(backend, "Big", people=("Bo", "Cy", "Di", "Ed", "Flo"))
    seen = count_queries(backend, monkeypatch)
    pipeline.application_detail(backend, small)
    few = len(seen)
    seen.clear()
    pipeline.application_detail(backend, big)
    assert len(seen) == few


def test_detail_of_a_missing_application_is_a_clear_error(backend: Backend) -> None:
    with pytest.raises(UserError, match="no application 99"):
        pipeline.application_detail(backend, 99)


def test_empty_database_has_an_empty_pipeline(backend: Backend) -> None:
    result = pipeline.pipeline(backend)
    assert result.rows == ()
    assert set(result.counts.values()) == {0}
