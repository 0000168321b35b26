"""Editing what was entered and the post-interview debrief, on a real database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from followup_desktop.domain.model import (
    ActionKind,
    ActionState,
    ApplicationStatus,
    Channel,
    InterviewFormat,
    Role,
)
from followup_desktop.domain.validation import ValidationError
from followup_desktop.services import actions, debrief, records
from followup_desktop.services.backend import Backend
from followup_desktop.services.debrief import DebriefDraft
from followup_desktop.services.errors import UserError
from followup_desktop.services.records import ContactDraft, InterviewDraft
from followup_desktop.services.views import forms
from followup_desktop.storage.models import (
    Action,
    Application,
    Company,
    Contact,
    Interview,
    InterviewContact,
    Touch,
)
from helpers.backends import berlin, clock_of, db_file, table_rows

HOSTILE = '<b>Acme</b><img src=x> =HYPERLINK("http://x","y") \u00e5\u0301 \U0001f600'
# Tuesday 10 March 2026, 14:00-15:00 in Berlin: the thank-yous are due a day later, at 15:00.
START, END = berlin("2026-03-10 14:00"), berlin("2026-03-10 15:00")
THANKS_DUE = berlin("2026-03-11 15:00")


@dataclass(frozen=True)
class World:
    backend: Backend
    company: int
    boss: int
    engineer: int
    desk: int
    application: int
    interview: int

    def snapshot(self) -> dict[str, list[tuple]]:
        return table_rows(db_file(self.backend.data_dir))


@pytest.fixture
def world(backend: Backend) -> World:
    company = records.add_company(backend, "Northwind")
    boss = records.add_contact(backend, company, ContactDraft(
        "Amara Okafor", "Head of Data", Role.HIRING_MANAGER, "amara@example.com"))
    engineer = records.add_contact(backend, company, ContactDraft(
        "Jonas Weber", "Data Engineer", Role.INTERVIEWER))
    desk = records.add_contact(backend, company, ContactDraft(
        "Lena Fischer", "Front desk", Role.RECEPTIONIST))
    application = records.add_application(backend, company, "Analyst")
    interview = records.add_interview(backend, application, START, END, "Europe/Berlin",
                                      [boss, engineer])
    clock_of(backend).set(END + timedelta(minutes=30))
    return World(backend, company, boss, engineer, desk, application, interview)


def pending(application: int, kind: ActionKind | None = None) -> list[Action]:
    query = Action.select().where((Action.application == application)
                                  & (Action.state << [ActionState.PLANNED, ActionState.SNOOZED]))
    if kind is not None:
        query = query.where(Action.kind == kind)
    return list(query.order_by(Action.due_utc, Action.contact, Action.id))


def thanks(application: int) -> list[tuple[int, str]]:
    return [(a.contact_id, a.channel) for a in pending(application, ActionKind.THANK_YOU)]


def panel(interview: int) -> list[int]:
    return sorted(link.contact_id for link in
                  InterviewContact.select().where(InterviewContact.interview == interview))


def kinds(application: int) -> set[ActionKind]:
    return {ActionKind(a.kind) for a in pending(application)}


# --- companies ----------------------------------------------------------------------------------

def test_update_company_changes_it_and_replans_the_channel(world: World) -> None:
    assert thanks(world.application) == [(world.boss, "email"), (world.engineer, "email")]
    records.update_company(world.backend, world.company, "Northwind Analytics",
                           website="https://northwind.example", postal_address="Hafen 1\nHamburg",
                           preferred_channel=Channel.CARD, reach_notes="Likes cards.")
    assert forms.load_company(world.backend, world.company) == forms.CompanyRecord(
        world.company, "Northwind Analytics", "https://northwind.example", "Hafen 1\nHamburg",
        Channel.CARD, "Likes cards.")
    assert thanks(world.application) == [(world.boss, "card"), (world.engineer, "card")]
    records.update_company(world.backend, world.company, "Northwind", preferred_channel=None)
    assert thanks(world.application) == [(world.boss, "email"), (world.engineer, "email")]


def test_update_company_refuses_an_empty_name_and_writes_nothing(world: World) -> None:
    before = world.snapshot()
    with pytest.raises(ValidationError) as caught:
        records.update_company(world.backend, world.company, "  ", preferred_channel=Channel.CARD)
    assert (caught.value.where, caught.value.problem) == ("company name", "must not be empty")
    with pytest.raises(UserError, match="no company 999"):
        records.update_company(world.backend, 999, "Gone")
    assert world.snapshot() == before


def test_hostile_strings_are_stored_verbatim(world: World) -> None:
    records.update_company(world.backend, world.company, HOSTILE, reach_notes=HOSTILE)
    records.update_contact(world.backend, world.boss, world.company,
                           ContactDraft(HOSTILE, HOSTILE, Role.HIRING_MANAGER, notes=HOSTILE))
    assert (Company.get_by_id(world.company).name, Company.get_by_id(world.company).reach_notes) \
        == (HOSTILE, HOSTILE)
    boss = Contact.get_by_id(world.boss)
    assert (boss.name, boss.title, boss.notes) == (HOSTILE, HOSTILE, HOSTILE)
    result = debrief.debrief(world.backend, DebriefDraft(
        interview_id=world.interview, interviewer_ids=(world.boss,),
        new_interviewers=(ContactDraft(HOSTILE, HOSTILE),), discussed=HOSTILE))
    assert Interview.get_by_id(world.interview).discussed == HOSTILE
    assert {(p.contact.name, p.contact.title) for p in result.plan
            if p.kind == ActionKind.THANK_YOU} == {(HOSTILE, HOSTILE)}


# --- contacts -----------------------------------------------------------------------------------

def test_update_contact_to_receptionist_drops_their_planned_thanks(world: World) -> None:
    draft = forms.contact_form(world.backend, world.engineer).record.draft
    assert draft == ContactDraft("Jonas Weber", "Data Engineer", Role.INTERVIEWER)
    records.update_contact(world.backend, world.engineer, world.company,
                           ContactDraft("Jonas Weber", "Front desk", Role.RECEPTIONIST,
                                        "jonas@example.com", "+49 40 1", "Hafen 1", True, True,
                                        "Business card", "Met at the door"))
    contact = Contact.get_by_id(world.engineer)
    assert (contact.title, contact.role, contact.email, contact.name_verified,
            contact.verified_source) == ("Front desk", "receptionist", "jonas@example.com",
                                         True, "Business card")
    assert thanks(world.application) == [(world.boss, "email")]


def test_update_contact_checks_every_field_first(world: World) -> None:
    before = world.snapshot()
    with pytest.raises(ValidationError) as caught:
        records.update_contact(world.backend, world.boss, world.company,
                               ContactDraft("Amara", email="amara at example"))
    assert caught.value.where == "e-mail"
    with pytest.raises(UserError, match="no company 42"):
        records.update_contact(world.backend, world.boss, 42, ContactDraft("Amara"))
    assert world.snapshot() == before


def test_moving_a_contact_to_another_company_replans_both(world: World) -> None:
    other = records.add_company(world.backend, "Kestrel")
    records.update_contact(world.backend, world.boss, other,
                           ContactDraft("Amara Okafor", "Head of Data", Role.HIRING_MANAGER))
    assert Contact.get_by_id(world.boss).company_id == other
    # She still sat on the panel, so she is still thanked.
    assert (world.boss, "email") in thanks(world.application)


# --- applications -------------------------------------------------------------------------------

def test_create_application_at_a_new_or_existing_company(world: World) -> None:
    backend = world.backend
    new = records.add_application(backend, " Fjord & Pine ", "BIM Coordinator",
                                     decision_date=date(2026, 4, 1), second_round_expected=True)
    app = Application.get_by_id(new)
    assert (app.company.name, app.position, app.status, app.decision_date,
            app.second_round_expected) == ("Fjord & Pine", "BIM Coordinator", "applied",
                                           date(2026, 4, 1), True)
    again = records.add_application(backend, "fjord & pine", "Architect")
    assert Application.get_by_id(again).company_id == app.company_id
    by_id = records.add_application(backend, world.company, "Engineer",
                                       status=ApplicationStatus.INTERVIEWING)
    assert Application.get_by_id(by_id).status == "interviewing"
    assert Company.select().count() == 2


def test_create_application_checks_before_writing(world: World) -> None:
    before = world.snapshot()
    with pytest.raises(ValidationError) as caught:
        records.add_application(world.backend, "New Co", "")
    assert caught.value.where == "position"
    with pytest.raises(ValidationError) as caught:
        records.add_application(world.backend, "", "Analyst")
    assert caught.value.where == "company name"
    with pytest.raises(UserError):
        records.add_application(world.backend, 77, "Analyst")
    assert world.snapshot() == before


def asking(application_id: int) -> list[Action]:
    """The thank-yous that carry the question about the decision."""
    return [a for a in pending(application_id, ActionKind.THANK_YOU) if "second round" in a.note]


def test_update_application_with_a_decision_date_plans_the_decision_check(world: World) -> None:
    assert asking(world.application)
    records.update_application(world.backend, world.application, world.company, "Senior Analyst",
                               posting_url="https://example.com/job",
                               decision_date=date(2026, 3, 20), second_round_expected=False,
                               notes="Referral")
    record = forms.application_form(world.backend, world.application).record
    assert (record.position, record.posting_url, record.decision_date,
            record.second_round_expected, record.notes, record.status) == (
        "Senior Analyst", "https://example.com/job", date(2026, 3, 20), False, "Referral",
        ApplicationStatus.INTERVIEWING)
    assert not asking(world.application)
    (check,) = pending(world.application, ActionKind.DECISION_CHECK)
    assert check.due_utc == berlin("2026-03-23 10:00")  # first business day after, at 10:00


def test_update_application_to_a_new_company_by_name(world: World) -> None:
    records.update_application(world.backend, world.application, "Kestrel Logistics", "Analyst")
    assert Application.get_by_id(world.application).company.name == "Kestrel Logistics"


# --- interviews ---------------------------------------------------------------------------------

def test_create_interview_with_new_interviewers_plans_their_thanks(world: World) -> None:
    backend = world.backend
    app = records.add_application(backend, world.company, "Engineer")
    interview = records.create_interview(backend, InterviewDraft(
        app, START, END, "Europe/Berlin", interviewer_ids=(world.engineer,),
        new_interviewers=(ContactDraft("Sofia Marino", "Ops Lead", Role.HIRING_MANAGER,
                                       "sofia@example.com"),),
        round=2, format=InterviewFormat.VIDEO, location="Teams", discussed="Routes"))
    sofia = Contact.get(Contact.name == "Sofia Marino")
    assert (sofia.company_id, sofia.title, sofia.role, sofia.email) == (
        world.company, "Ops Lead", "hiring_manager", "sofia@example.com")
    assert panel(interview) == sorted([world.engineer, sofia.id])
    assert thanks(app) == sorted([(world.engineer, "email"), (sofia.id, "email")])
    assert {a.due_utc for a in pending(app, ActionKind.THANK_YOU)} == {THANKS_DUE}
    record = forms.interview_form(backend, interview).record
    assert (record.round, record.format, record.location, record.discussed, record.zone) == (
        2, InterviewFormat.VIDEO, "Teams", "Routes", "Europe/Berlin")
    assert Application.get_by_id(app).status == "interviewing"


def test_updating_the_time_moves_planned_thanks_but_keeps_done_ones(world: World) -> None:
    backend = world.backend
    to_boss, to_engineer = pending(world.application, ActionKind.THANK_YOU)
    clock_of(backend).set(THANKS_DUE)
    actions.complete(backend, to_boss.id, "Sent", at=THANKS_DUE)
    later = timedelta(days=1)
    records.update_interview(backend, world.interview, InterviewDraft(
        world.application, START + later, END + later, "Europe/Berlin",
        interviewer_ids=(world.boss, world.engineer)))
    done = Action.get_by_id(to_boss.id)
    assert (done.state, done.due_utc) == ("done", THANKS_DUE)
    moved = Action.get_by_id(to_engineer.id)
    assert (moved.state, moved.due_utc) == ("planned", THANKS_DUE + later)


def test_updating_the_panel_replaces_the_interviewers(world: World) -> None:
    backend = world.backend
    records.update_interview(backend, world.interview, InterviewDraft(
        world.application, START, END, "Europe/Berlin", interviewer_ids=(world.boss,),
        new_interviewers=(ContactDraft("Tom Becker", "Analyst"),)))
    tom = Contact.get(Contact.name == "Tom Becker").id
    assert panel(world.interview) == sorted([world.boss, tom])
    assert thanks(world.application) == sorted([(world.boss, "email"), (tom, "email")])


def test_update_interview_refuses_bad_times_and_writes_nothing(world: World) -> None:
    before = world.snapshot()
    with pytest.raises(ValidationError) as caught:
        records.update_interview(world.backend, world.interview, InterviewDraft(
            world.application, END, START, "Europe/Berlin", interviewer_ids=(world.boss,),
            new_interviewers=(ContactDraft("Tom Becker"),)))
    assert (caught.value.where, caught.value.problem) == (
        "interview", "the interview must end after it starts")
    for bad, where in ((InterviewDraft(world.application, START, END, "Mars/Olympus"),
                        "time zone"),
                       (InterviewDraft(world.application, START, END, "UTC", round=0), "round"),
                       (InterviewDraft(world.application, START, END, "UTC",
                                       new_interviewers=(ContactDraft("Ok"), ContactDraft(""))),
                        "new interviewer 2: contact name")):
        with pytest.raises(ValidationError) as caught:
            records.update_interview(world.backend, world.interview, bad)
        assert caught.value.where == where
    with pytest.raises(UserError):  # an unknown interviewer, found after the new one is created
        records.update_interview(world.backend, world.interview, InterviewDraft(
            world.application, START, END, "UTC", interviewer_ids=(world.boss, 999),
            new_interviewers=(ContactDraft("Tom Becker"),)))
    assert world.snapshot() == before


def test_moving_an_interview_to_another_application_takes_its_follow_ups(
        world: World) -> None:
    backend = world.backend
    to_boss, _ = pending(world.application, ActionKind.THANK_YOU)
    actions.complete(backend, to_boss.id, at=THANKS_DUE)
    other = records.add_application(backend, world.company, "Engineer")
    records.update_interview(backend, world.interview, InterviewDraft(
        other, START, END, "Europe/Berlin", interviewer_ids=(world.boss, world.engineer)))
    assert pending(world.application) == []
    assert thanks(other) == [(world.engineer, "email")]
    done = Action.get_by_id(to_boss.id)
    assert (done.application_id, done.state) == (other, "done")
    assert Touch.get(Touch.action == to_boss.id).application_id == other
    assert Application.get_by_id(other).status == "interviewing"


# --- the debrief --------------------------------------------------------------------------------

def test_debrief_of_a_recorded_interview_plans_everything_at_once(world: World) -> None:
    backend = world.backend
    Interview.update(discussed="Churn model.").where(Interview.id == world.interview).execute()
    result = debrief.debrief(backend, DebriefDraft(
        interview_id=world.interview, interviewer_ids=(world.boss,),
        new_interviewers=(ContactDraft("Tom Becker", "Analyst"),
                          ContactDraft("Priya Raman", "Recruiter", Role.RECRUITER)),
        discussed="  Seasonal customers; cohort approach.  ",
        decision_date=date(2026, 3, 27), second_round_expected=True,
        preferred_channel=Channel.CARD))
    tom = Contact.get(Contact.name == "Tom Becker")
    priya = Contact.get(Contact.name == "Priya Raman")
    assert (tom.company_id, tom.title, tom.role) == (world.company, "Analyst", "interviewer")
    assert (result.interview_id, result.application_id) == (world.interview, world.application)
    assert panel(world.interview) == sorted([world.boss, tom.id, priya.id])
    assert Interview.get_by_id(world.interview).discussed == (
        "Churn model.\n\nSeasonal customers; cohort approach.")
    assert Company.get_by_id(world.company).preferred_channel == "card"
    app = Application.get_by_id(world.application)
    assert (app.decision_date, app.second_round_expected) == (date(2026, 3, 27), True)
    # The preferred channel goes to every thank-you, the old one to the engineer is gone.
    assert thanks(world.application) == sorted(
        [(world.boss, "card"), (tom.id, "card"), (priya.id, "card")])
    # A known decision date: a decision check replaces the question about the decision.
    assert ActionKind.ASK_ABOUT_DECISION not in kinds(world.application)
    (check,) = pending(world.application, ActionKind.DECISION_CHECK)
    assert check.due_utc == berlin("2026-03-30 10:00")
    assert [p.id for p in result.plan] == [a.id for a in pending(world.application)]
    first = result.plan[0]
    assert (first.kind, first.due, first.channel) == (
        ActionKind.THANK_YOU, THANKS_DUE, Channel.CARD)


def test_debrief_without_a_decision_date_asks_about_it(world: World) -> None:
    result = debrief.debrief(world.backend, DebriefDraft(
        interview_id=world.interview, interviewer_ids=(world.boss, world.engineer),
        discussed="Pipelines"))
    assert ActionKind.ASK_ABOUT_DECISION not in {p.kind for p in result.plan}
    assert [p.kind for p in result.plan if "second round" in p.note] == [ActionKind.THANK_YOU]
    # The check two weeks after the interview, for when no date comes back.
    assert ActionKind.DECISION_CHECK in {p.kind for p in result.plan}
    assert Company.get_by_id(world.company).preferred_channel is None  # left as it was


def test_debrief_records_a_new_interview_and_plans_it(world: World) -> None:
    backend = world.backend
    app = records.add_application(backend, world.company, "Engineer")
    result = debrief.debrief(backend, DebriefDraft(
        application_id=app, start=START, end=END, zone="Europe/Berlin",
        new_interviewers=(ContactDraft("Tom Becker", "Analyst"),), discussed="Pipelines",
        preferred_channel=Channel.PHONE))
    interview = Interview.get_by_id(result.interview_id)
    assert (interview.application_id, interview.start_utc, interview.end_utc, interview.round,
            interview.discussed) == (app, START, END, 1, "Pipelines")
    assert Application.get_by_id(app).status == "interviewing"
    tom = Contact.get(Contact.name == "Tom Becker").id
    assert [(p.kind, p.contact.id, p.channel, p.due) for p in result.plan[:1]] == [
        (ActionKind.THANK_YOU, tom, Channel.PHONE, THANKS_DUE)]
    assert "second round" in result.plan[0].note  # the thank-you asks about the decision
    assert ActionKind.ASK_ABOUT_DECISION not in {p.kind for p in result.plan}
    second = debrief.debrief(backend, DebriefDraft(
        application_id=app, start=START + timedelta(days=7), end=END + timedelta(days=7),
        zone="Europe/Berlin", interviewer_ids=(tom,)))
    assert Interview.get_by_id(second.interview_id).round == 2


def test_a_bad_inline_interviewer_writes_nothing_at_all(world: World) -> None:
    backend = world.backend
    before = world.snapshot()
    with pytest.raises(ValidationError) as caught:
        debrief.debrief(backend, DebriefDraft(
            interview_id=world.interview, interviewer_ids=(world.boss,),
            new_interviewers=(ContactDraft("Tom Becker"),
                              ContactDraft("Priya", email="priya@example")),
            discussed="Notes", preferred_channel=Channel.CARD, decision_date=date(2026, 4, 1)))
    assert caught.value.where == "new interviewer 2: e-mail"
    # A failure found only inside the transaction (an unknown contact, after the interview and a
    # new person were created) rolls everything back too.
    app = records.add_application(backend, world.company, "Engineer")
    before = world.snapshot()
    with pytest.raises(UserError):
        debrief.debrief(backend, DebriefDraft(
            application_id=app, start=START, end=END, zone="Europe/Berlin",
            interviewer_ids=(999,), new_interviewers=(ContactDraft("Tom Becker"),),
            discussed="Notes", preferred_channel=Channel.CARD))
    assert world.snapshot() == before


@pytest.mark.parametrize(("draft", "where"), [
    (DebriefDraft(), "application"),
    (DebriefDraft(application_id=1), "start"),
    (DebriefDraft(application_id=1, start=END, end=START, zone="UTC"), "interview"),
    (DebriefDraft(application_id=1, start=START, end=END, zone="Nowhere"), "time zone"),
    (DebriefDraft(interview_id=1, discussed="x" * 20_001), "what was discussed"),
    (DebriefDraft(interview_id=1, decision_date=date(1066, 10, 14)), "decision date"),
    (DebriefDraft(interview_id=1, preferred_channel="pigeon"), "preferred channel"),
])
def test_debrief_names_the_field_it_refuses(world: World, draft: DebriefDraft,
                                            where: str) -> None:
    before = world.snapshot()
    with pytest.raises(ValidationError) as caught:
        debrief.debrief(world.backend, draft)
    assert caught.value.where == where
    assert world.snapshot() == before


def test_interviews_needing_debrief(world: World) -> None:
    backend = world.backend
    now = END + timedelta(hours=2)
    (prompt,) = debrief.interviews_needing_debrief(backend, now)
    assert prompt == debrief.DebriefPrompt(world.interview, world.application, "Northwind",
                                           "Analyst", START, END, "Europe/Berlin")
    assert debrief.interviews_needing_debrief(backend, END + timedelta(days=3, minutes=1)) == []
    assert debrief.interviews_needing_debrief(backend, END - timedelta(minutes=1)) == []
    Interview.update(discussed="  \n ").where(Interview.id == world.interview).execute()
    assert len(debrief.interviews_needing_debrief(backend, now)) == 1  # blank is no notes
    debrief.debrief(backend, DebriefDraft(interview_id=world.interview,
                                          interviewer_ids=(world.boss,), discussed="Notes"))
    assert debrief.interviews_needing_debrief(backend, now) == []
    other = records.add_application(backend, world.company, "Engineer")
    records.add_interview(backend, other, START, END, "Europe/Berlin", [world.boss])
    assert len(debrief.interviews_needing_debrief(backend, now)) == 1
    records.set_status(backend, other, ApplicationStatus.REJECTED)
    assert debrief.interviews_needing_debrief(backend, now) == []


# --- what the editors read ----------------------------------------------------------------------

def test_forms_read_what_the_editors_show(world: World) -> None:
    backend = world.backend
    closed = records.add_application(backend, world.company, "Closed job")
    records.set_status(backend, closed, ApplicationStatus.WITHDRAWN)
    form = forms.interview_form(backend, world.interview)
    assert form.record.interviewer_ids == tuple(sorted([world.boss, world.engineer]))
    assert [c.text for c in form.applications] == ["Northwind – Analyst"]
    assert (form.user_zone, "Europe/Berlin" in form.zones) == ("Europe/Berlin", True)
    assert [c.id for c in forms.application_choices(backend, also=closed)] == [
        world.application, closed]
    context = forms.application_context(backend, world.application)
    assert [p.text for p in context.people] == [
        "Amara Okafor, Head of Data", "Jonas Weber, Data Engineer", "Lena Fischer, Front desk"]
    assert (context.company, context.position, context.next_round) == ("Northwind", "Analyst", 2)
    records.add_company(backend, "acme")
    assert [c.text for c in forms.contact_form(backend).companies] == ["acme", "Northwind"]
    assert forms.application_form(backend).record is None


def test_action_form_and_warning_preview(world: World) -> None:
    backend = world.backend
    to_boss, to_engineer = pending(world.application, ActionKind.THANK_YOU)
    form = forms.action_form(backend, to_engineer.id)
    assert (form.record.kind, form.record.contact_id, form.record.due, form.record.company) == (
        ActionKind.THANK_YOU, world.engineer, THANKS_DUE, "Northwind")
    assert {p.id for p in form.people} == {world.boss, world.engineer, world.desk}
    assert forms.preview_warnings(backend, to_engineer.id, THANKS_DUE, world.engineer) == []
    (warning,) = forms.preview_warnings(backend, to_engineer.id, THANKS_DUE, world.desk)
    assert "front desk" in warning
    (keep, *_) = pending(world.application, ActionKind.KEEP_IN_TOUCH)
    actions.complete(backend, to_boss.id, at=THANKS_DUE)
    (warning,) = forms.preview_warnings(backend, keep.id, THANKS_DUE + timedelta(days=1),
                                          world.boss)
    assert "Last contact with this company was 24 hours before" in warning


def test_debrief_form_suggests_the_interview_that_needs_it(world: World) -> None:
    backend = world.backend
    form = debrief.debrief_form(backend, application_id=world.application)
    assert (form.interview_id, form.user_zone, form.default_channel) == (
        world.interview, "Europe/Berlin", Channel.EMAIL)
    assert form.context.id == world.application
    later = records.add_interview(backend, world.application, START + timedelta(days=7),
                                  END + timedelta(days=7), "Europe/Berlin", [world.boss])
    # The second round is still to come: the first interview is the one to debrief.
    assert debrief.debrief_form(backend, application_id=world.application).interview_id == \
        world.interview
    assert debrief.debrief_form(backend, interview_id=later).interview_id == later
    Interview.update(discussed="Notes").where(Interview.id == world.interview).execute()
    assert debrief.debrief_form(backend, application_id=world.application).interview_id is None
    other = records.add_application(backend, world.company, "Engineer")
    waiting = records.add_interview(backend, other, START, END, "Europe/Berlin", [world.boss])
    blank = debrief.debrief_form(backend)  # starts at the interview waiting for its debrief
    assert (blank.context.id, blank.interview_id) == (other, waiting)
    Interview.update(discussed="Notes").where(Interview.id == waiting).execute()
    blank = debrief.debrief_form(backend)  # else at the first open application
    assert (blank.context.id, blank.interview_id, [c.id for c in blank.applications]) == (
        world.application, None, [world.application, other])
    records.set_status(backend, world.application, ApplicationStatus.REJECTED)
    records.set_status(backend, other, ApplicationStatus.REJECTED)
    assert debrief.debrief_form(backend).context is None
