"""Realistic sample data, dated around today, so a newcomer sees a living app at once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import (
    ActionKind,
    ActionState,
    ApplicationStatus,
    Channel,
    IdeaKind,
    InterviewFormat,
)
from followup_desktop.domain.model import Role as R
from followup_desktop.domain.rules import Rules
from followup_desktop.domain.workcal import is_working_day, local_instant
from followup_desktop.services import actions, composer, records, settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.records import ContactDraft as P
from followup_desktop.services.views.due import is_first_run
from followup_desktop.storage.models import Action, Contact, Note, UndoEntry


@dataclass(frozen=True)
class Story:
    company: str
    channel: Channel | None
    reach_notes: str
    address: str
    position: str
    people: tuple[P, ...]
    interview_days_ago: tuple[int, ...]  # one entry per round; negative is still to come
    discussed: str
    decision_in_days: int | None = None
    status: ApplicationStatus | None = None
    done_until_days_ago: int | None = None  # actions due before this many days ago are done
    ideas: tuple[tuple[IdeaKind, str], ...] = ()  # things worth bringing to a later note
    # Counted in working days: two working days back, the thank-you (a day later, moved into
    # working hours) falls on the last working day before today, so it is overdue at any hour.
    in_working_days: bool = False
    # This person's thank-you is snoozed to this morning, so "Today" is never empty, not even
    # at 00:30 or on a Sunday.
    snoozed_to_this_morning: str | None = None


STORIES: tuple[Story, ...] = (
    Story("Northwind Analytics", Channel.EMAIL, "Fast, informal, everyone answers e-mail.",
          "Hafenstraße 12\n20457 Hamburg\nGermany", "Senior Data Analyst",
          (P("Amara Okafor", "Head of Data Science", R.HIRING_MANAGER, "amara.okafor@example.com",
             name_verified=True, title_verified=True, verified_source="LinkedIn profile"),
           P("Jonas Weber", "Senior Data Engineer", R.INTERVIEWER, "jonas.weber@example.com",
             name_verified=True, verified_source="Business card"),
           P("Lena Fischer", "Front desk", R.RECEPTIONIST, phone="+49 40 555 0100")),
          (2,), "Their churn model misses seasonal customers; they liked my cohort approach.",
          in_working_days=True, snoozed_to_this_morning="Jonas Weber",
          ideas=((IdeaKind.INPUT, "The paper on survival models for seasonal churn I "
                                  "mentioned"),
                 (IdeaKind.IDEA, "A cohort dashboard prototype built on their public data"))),
    Story("Fjord & Pine Architects", Channel.CARD, "Small studio, values craft; a card fits.",
          "Bryggen 4\n5003 Bergen\nNorway", "BIM Coordinator",
          (P("Ingrid Solberg", "Partner", R.HIRING_MANAGER, "ingrid@example.org",
             name_verified=True, title_verified=True, verified_source="Studio website"),),
          (8,), "Timber facade project in Ålesund; they want fewer clashes in the Revit model.",
          decision_in_days=12, done_until_days_ago=5,
          ideas=((IdeaKind.FEEDBACK, "Their clash-detection rules could run nightly in "
                                     "Solibri"),)),
    Story("Helios Health", Channel.PHONE, "Hard to reach by e-mail; call mornings.",
          "200 Market St\nSan Francisco, CA 94105\nUSA", "Product Manager, Patient App",
          (P("Marcus Chen", "VP Product", R.HIRING_MANAGER, "m.chen@example.net",
             "+1 415 555 0142", title_verified=True, verified_source="Recruiter's e-mail"),
           P("Priya Raman", "Recruiter", R.RECRUITER, "priya.raman@example.net")),
          (20,), "Onboarding drop-off in the patient app; I sketched a two-step sign-up.",
          decision_in_days=-3, done_until_days_ago=4),
    Story("Kestrel Logistics", None, "", "Kaistraße 8\n40221 Düsseldorf\nGermany",
          "Operations Analyst",
          (P("Sofia Marino", "Operations Lead", R.HIRING_MANAGER, "s.marino@example.com",
             name_verified=True, verified_source="Interview invitation"),
           P("Tom Becker", "Analyst", R.INTERVIEWER, "t.becker@example.com")),
          (15, -2), "Route planning in Excel; a second round with a case study is next.",
          done_until_days_ago=3),
    Story("Quillon Publishing", Channel.LETTER, "Traditional; a printed letter is noticed.",
          "12 Fleet Street\nLondon EC4Y 1AA\nUnited Kingdom", "Digital Editor",
          (P("Eleanor Hughes", "Editor-in-Chief", R.HIRING_MANAGER, name_verified=True,
             title_verified=True, verified_source="Masthead"),),
          (25,), "Their newsletter archive; I proposed themed reading lists.",
          status=ApplicationStatus.OFFER, done_until_days_ago=18),
    Story("Brightwave Robotics", Channel.EMAIL, "", "Industrieweg 3\n5611 Eindhoven\nNetherlands",
          "Embedded Software Engineer",
          (P("Daan de Vries", "Engineering Manager", R.HIRING_MANAGER, "daan@example.nl"),),
          (30,), "Motor controller firmware; CAN bus debugging war stories.",
          status=ApplicationStatus.REJECTED, done_until_days_ago=25),
)


def load_demo(backend: Backend) -> int:
    """Fill an empty database with the sample stories; returns the number of applications."""
    if not is_first_run(backend):
        raise UserError("The database already holds data; the sample data goes into an empty "
                        "data folder (--data-dir).")
    with backend.write():
        _sample_sender()
        for story in STORIES:
            _tell(backend, story)
        _snooze_to_this_morning(backend)
        # The story's own steps are history, not something the user did: nothing to undo.
        UndoEntry.delete().execute()
    return len(STORIES)


SAMPLE_SENDER = ("Alex Morgan", "Lindenstraße 5\n10969 Berlin\nGermany")


def _sample_sender() -> None:
    """The sample job seeker signs the sample notes, unless the user has given a name."""
    values = settings.load()
    if not str(values["sender_name"]).strip():
        settings.save("sender_name", SAMPLE_SENDER[0])
        if not str(values["sender_address"]).strip():
            settings.save("sender_address", SAMPLE_SENDER[1])


def _tell(backend: Backend, story: Story) -> None:
    rules = backend.rules()
    today = backend.clock.now().astimezone(rules.zone).date()
    days = _interview_days(story, today, rules)
    # Applied ten days before the first interview: the history reads in the order it happened.
    with _as_of(backend, _on(days[0] - timedelta(days=10), time(10, 0), backend)):
        company = records.add_company(backend, story.company, preferred_channel=story.channel,
                                      reach_notes=story.reach_notes,
                                      postal_address=story.address)
        people = [records.add_contact(backend, company, p) for p in story.people]
        decision = None if story.decision_in_days is None \
            else today + timedelta(days=story.decision_in_days)
        app = records.add_application(
            backend, company, story.position, decision_date=decision,
            posting_url="https://example.com/jobs/"
            + story.position.lower().replace(" ", "-").replace(",", ""))
    for round_, day in enumerate(days, start=1):
        start = _on(day, time(14, 0), backend)
        end = start + timedelta(hours=1)
        # Entered an hour after it ended, as a user would have: not a late entry of a past one.
        with _as_of(backend, min(end + timedelta(hours=1), backend.clock.now())):
            records.add_interview(backend, app, start, end, rules.zone.key, people,
                                  round=round_, discussed=story.discussed,
                                  format=InterviewFormat.VIDEO if round_ > 1 else
                                  InterviewFormat.ONSITE, location=story.company + " office")
    for kind, text in story.ideas:
        composer.add_idea(backend, app, kind, text)
    if story.done_until_days_ago is not None:
        _complete_before(backend, app, today - timedelta(days=story.done_until_days_ago))
    if story.status is not None:
        records.set_status(backend, app, story.status, "Sample data")


def _complete_before(backend: Backend, app: int, day: date) -> None:
    cutoff = _on(day, time(0, 0), backend)
    pending = (Action.select().where((Action.application == app)
                                     & (Action.state == ActionState.PLANNED)
                                     & (Action.due_utc < cutoff)).order_by(Action.due_utc))
    for action in list(pending):
        actions.complete(backend, action.id, "Sent as planned (sample data).", at=action.due_utc)
        if action.contact_id is not None:
            _keep_sent_note(backend, action)


def _keep_sent_note(backend: Backend, action: Action) -> None:
    """What was sent, as the composer would have written it (a template with the specifics)."""
    composition = composer.compose(backend, action.id)
    draft = composition.draft
    Note.create(action=action.id, template_key=composition.template.key,
                subject=draft.subject, body=draft.body, updated_utc=action.due_utc,
                delivered_utc=action.due_utc, delivered_channel=action.channel)


def _snooze_to_this_morning(backend: Backend) -> None:
    """Snooze one thank-you to this morning (09:00, or now if it is earlier), as if it had been
    snoozed two hours before: something is due today at any hour."""
    now = backend.clock.now()
    today = now.astimezone(backend.rules().zone).date()
    story = next(s for s in STORIES if s.snoozed_to_this_morning)
    action = (Action.select().join(Contact)
              .where((Action.state == ActionState.PLANNED)
                     & (Action.kind == ActionKind.THANK_YOU)
                     & (Contact.name == story.snoozed_to_this_morning)).get())
    morning = min(_on(today, time(9, 0), backend), now.replace(second=0, microsecond=0))
    until = max(_on(today, time(0, 0), backend), morning)
    with _as_of(backend, until - timedelta(hours=2)):
        actions.snooze(backend, action.id, until)


@contextmanager
def _as_of(backend: Backend, instant: datetime) -> Iterator[None]:
    """Do a step of a story at the moment it happened, so what is recorded of it (when it was
    entered, when a snooze was made) reads as the history it stands for."""
    real_clock = backend.clock
    backend.clock = FixedClock(instant)
    try:
        yield
    finally:
        backend.clock = real_clock


def _interview_days(story: Story, today: date, rules: Rules) -> list[date]:
    if story.in_working_days:
        return [working_days_before(today, n, rules) for n in story.interview_days_ago]
    return [today - timedelta(days=n) for n in story.interview_days_ago]


def working_days_before(day: date, count: int, rules: Rules) -> date:
    """The working day `count` working days before `day` (after it when `count` is negative)."""
    step = timedelta(days=-1 if count > 0 else 1)
    for _ in range(abs(count)):
        day += step
        while not is_working_day(day, rules):
            day += step
    return day


def _on(day: date, at: time, backend: Backend) -> datetime:
    return local_instant(day, at, backend.rules())
