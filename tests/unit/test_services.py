"""The Qt-free service layer on a real database: records, planning, actions, due list, checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from followup_desktop.domain.model import (
    ActionKind,
    ActionState,
    ApplicationStatus,
    Channel,
    Role,
)
from followup_desktop.domain.validation import ValidationError
from followup_desktop.services import actions, records
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.planning import replan
from followup_desktop.services.records import ContactDraft
from followup_desktop.services.views.due import due_at
from followup_desktop.storage.models import (
    Action,
    Application,
    Company,
    Contact,
    InterviewContact,
    StatusChange,
    Touch,
)
from helpers.backends import START, berlin, clock_of, db_file, row_counts, table_rows

# The interview: Friday 13 March 2026, 16:00-17:00 in Berlin. A day later is Saturday 17:00, so
# the thank-yous move to the next start of working hours: Monday 16 March, 09:00 (08:00 UTC).
INTERVIEW_START = berlin("2026-03-13 16:00")
INTERVIEW_END = berlin("2026-03-13 17:00")
THANK_YOU_DUE = berlin("2026-03-16 09:00")


@dataclass(frozen=True)
class World:
    backend: Backend
    company: int
    manager: int
    engineer: int
    desk: int
    application: int
    interview: int

    @property
    def db_file(self) -> Path:
        return db_file(self.backend.data_dir)


@pytest.fixture
def world(backend: Backend) -> World:
    """A company that prefers cards, three people met at one interview, one application."""
    company = records.add_company(backend, "Fjord & Pine", preferred_channel=Channel.CARD,
                                  reach_notes="Small studio; a card fits.")
    manager = records.add_contact(backend, company, ContactDraft(
        "Ingrid Solberg", "Partner", Role.HIRING_MANAGER, "ingrid@example.org"))
    engineer = records.add_contact(backend, company, ContactDraft(
        "Ola Nordmann", "BIM Lead", Role.INTERVIEWER, "ola@example.org"))
    desk = records.add_contact(backend, company, ContactDraft(
        "Kari", "Front desk", Role.RECEPTIONIST, phone="+47 55 55 01 00"))
    application = records.add_application(backend, company, "BIM Coordinator")
    clock_of(backend).set(INTERVIEW_END + timedelta(minutes=30))
    interview = records.add_interview(backend, application, INTERVIEW_START, INTERVIEW_END,
                                      "Europe/Berlin", [manager, engineer, desk, engineer],
                                      discussed="Timber facade in Ålesund.")
    return World(backend, company, manager, engineer, desk, application, interview)


def actions_of(application_id: int, kind: ActionKind | None = None) -> list[Action]:
    query = Action.select().where(Action.application == application_id)
    if kind is not None:
        query = query.where(Action.kind == kind)
    return list(query.order_by(Action.due_utc, Action.contact, Action.id))


def pending(application_id: int) -> list[Action]:
    return [a for a in actions_of(application_id) if ActionState(a.state).is_pending]


# --- records and planning -----------------------------------------------------------------------

def test_interview_plans_a_thank_you_for_each_interviewer_but_the_front_desk(
        world: World) -> None:
    thanks = actions_of(world.application, ActionKind.THANK_YOU)
    assert [(a.contact_id, a.due_utc, a.channel, a.state, a.zone, a.interview_id)
            for a in thanks] == [
        (world.manager, THANK_YOU_DUE, "card", "planned", "Europe/Berlin", world.interview),
        (world.engineer, THANK_YOU_DUE, "card", "planned", "Europe/Berlin", world.interview),
    ]
    assert THANK_YOU_DUE.isoformat() == "2026-03-16T08:00:00+00:00"
    # No decision date yet: the thank-you to the hiring manager asks when they decide (one
    # message to one person), and no separate question is planned.
    assert "second round" in thanks[0].note and thanks[1].note == ""
    assert actions_of(world.application, ActionKind.ASK_ABOUT_DECISION) == []
    # Nothing at all is planned for the receptionist.
    assert not Action.select().where(Action.contact == world.desk).exists()
    # Keep-in-touch touches go to the hiring manager, weekly, until the decision check that
    # follows two weeks after the interview (Friday 13 March) when no date is known; the check
    # falls after the start of summer time and keeps its wall-clock time.
    keep = actions_of(world.application, ActionKind.KEEP_IN_TOUCH)
    assert [(a.contact_id, a.due_utc) for a in keep] == [
        (world.manager, berlin("2026-03-23 09:00"))]
    (check,) = actions_of(world.application, ActionKind.DECISION_CHECK)
    assert (check.contact_id, check.due_utc, check.plan_key) == (
        world.manager, berlin("2026-03-27 10:00"), f"decision_check:{world.application}:asked")


def test_interview_records_panel_and_advances_the_status(world: World) -> None:
    panel = sorted(link.contact_id for link in
                   InterviewContact.select().where(InterviewContact.interview == world.interview))
    assert panel == sorted([world.manager, world.engineer, world.desk])  # duplicate dropped
    assert Application.get_by_id(world.application).status == "interviewing"
    assert [(c.old_status, c.new_status) for c in
            StatusChange.select().where(StatusChange.application == world.application)
            .order_by(StatusChange.id)] == [(None, "applied"), ("applied", "interviewing")]


def test_thank_you_across_the_dst_change_lands_at_the_right_instant(world: World) -> None:
    backend = world.backend
    # Friday 27 March 10:00-11:00 CET; a day later is Saturday, so Monday 30 March 09:00, which
    # is summer time (UTC+2): 07:00 UTC.
    app = records.add_application(backend, world.company, "Second job")
    records.add_interview(backend, app, berlin("2026-03-27 10:00"), berlin("2026-03-27 11:00"),
                          "Europe/Berlin", [world.engineer])
    (thanks,) = actions_of(app, ActionKind.THANK_YOU)
    assert thanks.due_utc.isoformat() == "2026-03-30T07:00:00+00:00"


def test_weekday_interview_thanks_a_day_later(backend: Backend) -> None:
    company = records.add_company(backend, "Northwind")
    person = records.add_contact(backend, company, ContactDraft("Amara Okafor", "Head of Data"))
    app = records.add_application(backend, company, "Analyst")
    records.add_interview(backend, app, berlin("2026-03-10 14:00"), berlin("2026-03-10 15:00"),
                          "Europe/Berlin", [person])
    (thanks,) = actions_of(app, ActionKind.THANK_YOU)
    assert (thanks.due_utc, thanks.channel) == (berlin("2026-03-11 15:00"), "email")


# --- completing, snoozing -----------------------------------------------------------------------

def test_complete_records_a_touch_and_marks_done(world: World) -> None:
    backend = world.backend
    first = actions_of(world.application, ActionKind.THANK_YOU)[0]
    clock_of(backend).set(THANK_YOU_DUE + timedelta(hours=2))
    warnings = actions.complete(backend, first.id, "Card posted", at=THANK_YOU_DUE)
    assert warnings == []
    touch = Touch.get(Touch.action == first.id)
    assert (touch.company_id, touch.contact_id, touch.application_id, touch.at_utc,
            touch.zone, touch.channel, touch.summary) == (
        world.company, world.manager, world.application, THANK_YOU_DUE, "Europe/Berlin", "card",
        "Card posted")
    done = Action.get_by_id(first.id)
    assert (done.state, done.done_utc, done.state_changed_utc) == (
        "done", THANK_YOU_DUE, THANK_YOU_DUE + timedelta(hours=2))
    assert first.id not in {item.id for item in due_at(backend, THANK_YOU_DUE)}
    with pytest.raises(UserError, match="already done"):
        actions.complete(backend, first.id)
    assert Touch.select().count() == 1


def test_pester_warning_for_a_second_touch_within_four_days(world: World) -> None:
    backend = world.backend
    to_manager, to_engineer = actions_of(world.application, ActionKind.THANK_YOU)
    keep = actions_of(world.application, ActionKind.KEEP_IN_TOUCH)
    keep += actions_of(world.application, ActionKind.DECISION_CHECK)

    assert actions.complete(backend, to_manager.id, at=THANK_YOU_DUE) == []
    # A thank-you to each interviewer of the same interview is the rule, not pestering.
    assert actions.complete(backend, to_engineer.id, at=THANK_YOU_DUE + timedelta(hours=1)) == []
    # Keeping in touch two days after the thank-you (47 hours after the last touch) is too soon.
    warnings = actions.complete(backend, keep[0].id, at=THANK_YOU_DUE + timedelta(days=2))
    assert warnings == ["Last contact with this company was 47 hours before; leave at least 4 "
                        "days between touches."]
    # The touch is recorded anyway: the guard warns, the user decides.
    assert Touch.select().count() == 3
    # Five days after that touch, no warning.
    assert actions.complete(backend, keep[1].id,
                            at=THANK_YOU_DUE + timedelta(days=7, hours=1)) == []


def test_due_list_carries_the_pester_warning(world: World) -> None:
    backend = world.backend
    to_manager, _ = actions_of(world.application, ActionKind.THANK_YOU)
    keep = actions_of(world.application, ActionKind.KEEP_IN_TOUCH)[0]
    at = keep.due_utc + timedelta(hours=1)
    actions.complete(backend, to_manager.id, at=at - timedelta(days=1))
    item = next(i for i in due_at(backend, at) if i.id == keep.id)
    assert item.warnings and "this company" in item.warnings[0]


def test_snooze_hides_an_action_until_the_snooze_ends(world: World) -> None:
    backend = world.backend
    action = actions_of(world.application, ActionKind.THANK_YOU)[0]
    assert action.id not in {i.id for i in due_at(backend, THANK_YOU_DUE - timedelta(seconds=1))}
    assert action.id in {i.id for i in due_at(backend, THANK_YOU_DUE)}

    until = THANK_YOU_DUE + timedelta(days=2)
    actions.snooze(backend, action.id, until)
    stored = Action.get_by_id(action.id)
    assert (stored.state, stored.snoozed_until_utc, stored.due_utc) == (
        "snoozed", until, THANK_YOU_DUE)
    assert action.id not in {i.id for i in due_at(backend, THANK_YOU_DUE)}
    assert action.id not in {i.id for i in due_at(backend, until - timedelta(seconds=1))}
    # Re-planning (a new decision date) leaves the snooze alone.
    records.set_decision_date(backend, world.application, date(2026, 4, 30))
    (item,) = [i for i in due_at(backend, until) if i.id == action.id]
    assert (item.state, item.due) == (ActionState.SNOOZED, until)
    # Timeliness is judged by the original due instant: two business days later, still on time.
    assert item.timeliness == "on_time"


# --- status changes -----------------------------------------------------------------------------

def test_rejection_cancels_pending_keeps_done_and_reopening_revives(world: World) -> None:
    backend = world.backend
    clock = clock_of(backend)
    first = actions_of(world.application, ActionKind.THANK_YOU)[0]
    actions.complete(backend, first.id, at=THANK_YOU_DUE)
    before = {(a.id, a.kind, a.contact_id, a.due_utc, a.channel)
              for a in pending(world.application)}
    assert len(before) == 3  # one thank-you, one keep-in-touch, the decision check

    rejected_at = THANK_YOU_DUE + timedelta(days=1)
    clock.set(rejected_at)
    records.set_status(backend, world.application, ApplicationStatus.REJECTED, "E-mail from HR")
    assert pending(world.application) == []
    states = {a.id: (a.state, a.state_changed_utc) for a in actions_of(world.application)}
    assert states.pop(first.id)[0] == "done"
    assert set(states.values()) == {("cancelled", rejected_at)}
    assert first.id not in {i.id for i in due_at(backend, rejected_at + timedelta(days=30))}
    assert due_at(backend, rejected_at + timedelta(days=30)) == []

    reopened_at = rejected_at + timedelta(days=1)
    clock.set(reopened_at)
    records.set_status(backend, world.application, ApplicationStatus.INTERVIEWING,
                       "They called back")
    after = {(a.id, a.kind, a.contact_id, a.due_utc, a.channel)
             for a in pending(world.application)}
    assert after == before
    assert Action.get_by_id(first.id).state == "done"

    history = [(c.old_status, c.new_status, c.at_utc, c.note)
               for c in StatusChange.select().where(StatusChange.application == world.application)
               .order_by(StatusChange.id)]
    assert history == [
        (None, "applied", START, ""),
        ("applied", "interviewing", INTERVIEW_END + timedelta(minutes=30), ""),
        ("interviewing", "rejected", rejected_at, "E-mail from HR"),
        ("rejected", "interviewing", reopened_at, "They called back"),
    ]


def test_setting_the_same_status_records_nothing(world: World) -> None:
    before = table_rows(world.db_file)
    records.set_status(world.backend, world.application, ApplicationStatus.INTERVIEWING)
    assert table_rows(world.db_file) == before


def test_decision_date_replaces_the_question_with_a_decision_check(world: World) -> None:
    backend = world.backend
    def asking() -> list[Action]:
        return [a for a in actions_of(world.application, ActionKind.THANK_YOU)
                if "second round" in a.note]

    assert len(asking()) == 1
    # They decide on Friday 27 March: call on Monday 30 March at 10:00 (summer time).
    records.set_decision_date(backend, world.application, date(2026, 3, 27))
    assert asking() == []
    (check,) = actions_of(world.application, ActionKind.DECISION_CHECK)
    assert (check.due_utc, check.channel, check.contact_id, check.state) == (
        berlin("2026-03-30 10:00"), "phone", world.manager, "planned")
    assert "still open" in check.note
    # Only the keep-in-touch touch before the decision date remains.
    keep = actions_of(world.application, ActionKind.KEEP_IN_TOUCH)
    assert [a.due_utc for a in keep] == [berlin("2026-03-23 09:00")]

    # Forgetting the date brings the question back, and the check two weeks after the interview.
    records.set_decision_date(backend, world.application, None)
    assert len(asking()) == 1
    (check,) = actions_of(world.application, ActionKind.DECISION_CHECK)
    assert check.due_utc == berlin("2026-03-27 10:00")


def test_replanning_twice_changes_no_row(world: World) -> None:
    backend = world.backend
    clock = clock_of(backend)
    records.set_decision_date(backend, world.application, date(2026, 3, 27))
    snapshot = table_rows(world.db_file)
    clock.advance(timedelta(hours=3))
    records.set_decision_date(backend, world.application, date(2026, 3, 27))
    assert table_rows(world.db_file) == snapshot
    clock.advance(timedelta(days=1))
    assert not replan(backend, world.application)
    assert not replan(backend, world.application)
    assert table_rows(world.db_file) == snapshot


# --- validation ---------------------------------------------------------------------------------

HOSTILE = ['<a href="x">Bob</a>', '=HYPERLINK("http://x","y")', "Robert'); DROP TABLE contact;--",
           "Zoë \u200fعربي\u200e", "&amp; <script>alert(1)</script>"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_verbatim(backend: Backend, text: str) -> None:
    company = records.add_company(backend, text, reach_notes=text + "\n" + text)
    contact = records.add_contact(backend, company, ContactDraft(text, title=text))
    app = records.add_application(backend, company, text)
    assert Company.get_by_id(company).name == text
    assert Company.get_by_id(company).reach_notes == text + "\n" + text
    assert (Contact.get_by_id(contact).name, Contact.get_by_id(contact).title) == (text, text)
    assert Application.get_by_id(app).position == text
    assert row_counts(db_file(backend.data_dir))["contact"] == 1


def test_the_longest_allowed_name_is_accepted(backend: Backend) -> None:
    company = records.add_company(backend, "x" * 300)
    assert len(Company.get_by_id(company).name) == 300


REJECTED = {
    "company name of 301 characters": lambda w: records.add_company(w.backend, "x" * 301),
    "company name with a line break": lambda w: records.add_company(w.backend, "Acme\nEvil"),
    "company name with NUL": lambda w: records.add_company(w.backend, "Acme\x00"),
    "company name with an escape": lambda w: records.add_company(w.backend, "\x1b[31mAcme"),
    "company name that is blank": lambda w: records.add_company(w.backend, "   "),
    "company name with a lone surrogate": lambda w: records.add_company(w.backend, "Ac\ud800me"),
    "contact name of 301 characters": lambda w: records.add_contact(
        w.backend, w.company, ContactDraft("y" * 301)),
    "contact name with a line break": lambda w: records.add_contact(
        w.backend, w.company, ContactDraft("Bob\r\nBcc: x@evil.com")),
    "contact name with NUL": lambda w: records.add_contact(
        w.backend, w.company, ContactDraft("Bob\x00")),
    "e-mail smuggling URL parts": lambda w: records.add_contact(
        w.backend, w.company, ContactDraft("Bob", email="a@b.c?attach=/etc/passwd")),
    "e-mail with a header": lambda w: records.add_contact(
        w.backend, w.company, ContactDraft("Bob", email="a@b.c\nBcc: x@evil.com")),
    "position of 301 characters": lambda w: records.add_application(
        w.backend, w.company, "z" * 301),
    "status that does not exist": lambda w: records.set_status(
        w.backend, w.application, "hired"),
    "interview that ends before it starts": lambda w: records.add_interview(
        w.backend, w.application, INTERVIEW_END, INTERVIEW_START, "Europe/Berlin", []),
    "interview in an unknown zone": lambda w: records.add_interview(
        w.backend, w.application, INTERVIEW_START, INTERVIEW_END, "Mars/Olympus", []),
    "summary with NUL": lambda w: actions.complete(
        w.backend, actions_of(w.application)[0].id, "Sent\x00"),
    "company name with a bidi override": lambda w: records.add_company(w.backend, "Ac\u202eme"),
    "company name with a C1 control": lambda w: records.add_company(w.backend, "Acme\x9b31m"),
    "decision date in the year 9999": lambda w: records.set_decision_date(
        w.backend, w.application, date(9999, 12, 31)),
    "interview without a time zone": lambda w: records.add_interview(
        w.backend, w.application, INTERVIEW_START.replace(tzinfo=None),
        INTERVIEW_END.replace(tzinfo=None), "Europe/Berlin", []),
}

MISSING = {
    "contact at a company that does not exist": lambda w: records.add_contact(
        w.backend, 999, ContactDraft("Bob")),
    "application at a company that does not exist": lambda w: records.add_application(
        w.backend, 999, "Engineer"),
    "interview with an interviewer who does not exist": lambda w: records.add_interview(
        w.backend, w.application, INTERVIEW_START, INTERVIEW_END, "Europe/Berlin", [999]),
    "status of an application that does not exist": lambda w: records.set_status(
        w.backend, 999, ApplicationStatus.OFFER),
    "snooze into the past": lambda w: actions.snooze(
        w.backend, actions_of(w.application)[0].id, clock_of(w.backend).now()
        - timedelta(hours=1)),
}


@pytest.mark.parametrize("call", REJECTED.values(), ids=REJECTED.keys())
def test_invalid_input_raises_and_writes_nothing(world: World, call) -> None:
    before = table_rows(world.db_file)
    with pytest.raises(ValidationError) as error:
        call(world)
    assert "\n" not in str(error.value)
    assert table_rows(world.db_file) == before


@pytest.mark.parametrize("call", MISSING.values(), ids=MISSING.keys())
def test_requests_naming_missing_records_are_refused_clearly(world: World, call) -> None:
    before = table_rows(world.db_file)
    with pytest.raises(UserError) as error:
        call(world)
    assert "\n" not in str(error.value)
    assert table_rows(world.db_file) == before
