"""The post-interview debrief: which interviews are waiting for one, what its form starts
from, and recording what came out of it (notes, decision date, channel, new people) with the
plan it makes, in one transaction through the records writers' rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from peewee import fn

from followup_desktop.domain import fields
from followup_desktop.domain import validation as check
from followup_desktop.domain.model import CLOSED_STATUSES, Channel, InterviewFormat
from followup_desktop.services.backend import Backend
from followup_desktop.services.lookup import existing
from followup_desktop.services.planning import replan
from followup_desktop.services.records import ContactDraft, advance_status
from followup_desktop.services.records.interviews import interview_panel, set_panel
from followup_desktop.services.records.rows import new_people_rows, second_round
from followup_desktop.services.views.forms import (
    ApplicationContext,
    Choice,
    application_choices,
    application_context,
)
from followup_desktop.services.views.pipeline import PlanItem, application_plan
from followup_desktop.storage.models import Application, Company, Interview

DEBRIEF_WINDOW = timedelta(days=3)  # how long after an interview the app offers the debrief


@dataclass(frozen=True)
class DebriefDraft:
    """What the debrief form asks. Either `interview_id`, or `application_id` with `start`,
    `end` and `zone` for an interview not recorded yet."""

    interview_id: int | None = None
    application_id: int | None = None
    start: datetime | None = None
    end: datetime | None = None
    zone: str = ""
    interviewer_ids: tuple[int, ...] = ()
    new_interviewers: tuple[ContactDraft, ...] = ()
    discussed: str = ""
    decision_date: date | None = None  # None: they did not say
    second_round_expected: bool | None = None  # None: don't know
    preferred_channel: Channel | None = None  # None: leave the company's as it is


@dataclass(frozen=True)
class DebriefResult:
    interview_id: int
    application_id: int
    plan: tuple[PlanItem, ...]


def debrief(backend: Backend, draft: DebriefDraft) -> DebriefResult:
    """Record what came out of an interview and plan its follow-ups, all in one transaction."""
    facts = _debrief_facts(draft)
    new_people = new_people_rows(draft.new_interviewers)
    with backend.write():
        interview = _debriefed_interview(backend, draft, facts)
        app = Application.get_by_id(interview.application_id)
        panel = interview_panel(backend, app.company_id, draft.interviewer_ids, new_people)
        set_panel(interview.id, panel)
        if facts["discussed"].strip():
            interview.discussed = _appended(interview.discussed, facts["discussed"])
            interview.save()
        if facts["channel"] is not None:
            Company.update(preferred_channel=facts["channel"]).where(
                Company.id == app.company_id).execute()
        Application.update(decision_date=facts["decision"],
                           second_round_expected=draft.second_round_expected).where(
            Application.id == app.id).execute()
        advance_status(backend, app.id)
        replan(backend, app.id)
        plan = tuple(p for p in application_plan(backend, app.id) if p.state.is_pending)
    return DebriefResult(interview.id, app.id, plan)


@dataclass(frozen=True)
class DebriefPrompt:
    """An interview that ended recently and has no notes yet: time for the debrief."""

    interview_id: int
    application_id: int
    company: str
    position: str
    start: datetime  # UTC
    end: datetime  # UTC
    zone: str


def interviews_needing_debrief(backend: Backend, now: datetime) -> list[DebriefPrompt]:
    """Interviews of open applications that ended in the past three days without notes,
    the most recent first."""
    rows = (Interview.select(Interview.id, Interview.application, Interview.start_utc,
                             Interview.end_utc, Interview.zone, Company.name,
                             Application.position)
            .join(Application).join(Company)
            .where((Interview.end_utc > now - DEBRIEF_WINDOW) & (Interview.end_utc <= now)
                   & (fn.TRIM(Interview.discussed, " \t\r\n") == "")
                   & ~(Application.status << [s.value for s in CLOSED_STATUSES]))
            .order_by(Interview.end_utc.desc(), Interview.id.desc())
            .tuples())
    return [DebriefPrompt(i, app, company, position, start, end, zone)
            for i, app, start, end, zone, company, position in rows]


@dataclass(frozen=True)
class DebriefForm:
    """What the debrief form starts from."""

    applications: tuple[Choice, ...]
    context: ApplicationContext | None  # the application asked about, if known
    interview_id: int | None  # the interview to debrief: given, or the one that needs it
    user_zone: str
    default_channel: Channel


def debrief_form(backend: Backend, interview_id: int | None = None,
                 application_id: int | None = None) -> DebriefForm:
    """Asked about nothing in particular, the form starts at the interview that most recently
    needed a debrief, else at the first open application."""
    rules = backend.rules()
    now = backend.clock.now()
    if interview_id is not None:
        application_id = existing(Interview, interview_id, "interview").application_id
    choices = application_choices(backend, application_id)
    if application_id is None:
        waiting = interviews_needing_debrief(backend, now)
        application_id = waiting[0].application_id if waiting \
            else choices[0].id if choices else None
    context = None if application_id is None else application_context(backend, application_id)
    if interview_id is None and context is not None:
        interview_id = suggested_interview(context, now)
    return DebriefForm(choices, context, interview_id, rules.zone.key, rules.default_channel)


def suggested_interview(context: ApplicationContext, now: datetime) -> int | None:
    """The latest interview of the application that is over and has no notes yet."""
    for interview in context.interviews:  # most recent first
        if interview.end <= now and not interview.discussed.strip():
            return interview.id
    return None


def _debrief_facts(draft: DebriefDraft) -> dict[str, object]:
    facts: dict[str, object] = {
        "discussed": fields.DISCUSSED.check(draft.discussed),
        "decision": check.day(draft.decision_date, "decision date"),
        "channel": None if draft.preferred_channel is None
        else check.choice(draft.preferred_channel, Channel, "preferred channel"),
    }
    second_round(draft.second_round_expected)
    if draft.interview_id is None:
        if draft.application_id is None:
            raise check.ValidationError("application", "choose the application")
        if draft.start is None or draft.end is None:
            raise check.ValidationError("start", "needs a date and time with a time zone")
        facts["start"], facts["end"] = check.moment(draft.start, "start"), \
            check.moment(draft.end, "end")
        check.interval(facts["start"], facts["end"], "interview")
        facts["zone"] = check.zone(draft.zone, "time zone")
    return facts


def _debriefed_interview(backend: Backend, draft: DebriefDraft,
                         facts: dict[str, object]) -> Interview:
    if draft.interview_id is not None:
        return existing(Interview, draft.interview_id, "interview")
    app = existing(Application, draft.application_id, "application")
    rounds = Interview.select(fn.MAX(Interview.round)).where(
        Interview.application == app.id).scalar() or 0
    return Interview.create(application=app.id, start_utc=facts["start"], end_utc=facts["end"],
                            zone=facts["zone"], round=min(fields.MAX_ROUND, rounds + 1),
                            format=InterviewFormat.ONSITE, created_utc=backend.clock.now())


def _appended(old: str, new: str) -> str:
    combined = f"{old.rstrip()}\n\n{new.strip()}" if old.strip() else new.strip()
    return check.text(combined, "what was discussed", limit=check.LONG_TEXT)


def _appended(old: str, new: str) -> str:
    combined = f"{old.rstrip()}\n\n{new.strip()}" if old.strip() else new.strip()
    return fields.DISCUSSED.check(combined)


# --- shared checks and writes -------------------------------------------------------------------
