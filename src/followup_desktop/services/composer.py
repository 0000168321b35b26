"""Writing and delivering the note of one follow-up: the draft from a template and the facts of
the interview, the ideas worth bringing, the "no form letters" check, and delivery (which
records the touch and re-plans). No Qt: the composer dialog and the `card` command call this.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from peewee import JOIN

from followup_desktop.domain import validation as check
from followup_desktop.domain.model import ActionKind, ActionState, Channel, IdeaKind
from followup_desktop.domain.notecheck.check import check_note
from followup_desktop.domain.notecheck.findings import Finding, NoteContext, is_ready
from followup_desktop.domain.planner import asks_about_decision
from followup_desktop.domain.templates.defaults import default_templates
from followup_desktop.domain.templates.filling import (
    MISSING_COMPANY,
    MISSING_IDEA,
    MISSING_NAME,
    MISSING_POSITION,
    MISSING_SENDER,
    MISSING_SPECIFIC,
    fill,
    validate_template,
)
from followup_desktop.domain.templates.kinds import Draft, NoteFacts, NoteKind, Template, note_kind
from followup_desktop.domain.templates.specific import specific_from
from followup_desktop.domain.wording import greeting_name
from followup_desktop.services import actions, records, settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.lookup import existing
from followup_desktop.services.views import forms
from followup_desktop.storage.models import (
    Action,
    Application,
    Company,
    Contact,
    Idea,
    Interview,
    Note,
    NoteTemplate,
)

SIMILARITY_SAMPLE = 200  # notes sent to other companies that a new note is compared with


@dataclass(frozen=True)
class Recipient:
    name: str
    title: str
    email: str
    phone: str
    postal_address: str
    name_verified: bool
    title_verified: bool


@dataclass(frozen=True)
class IdeaRow:
    id: int
    kind: IdeaKind
    text: str
    used: bool


@dataclass(frozen=True)
class Composition:
    """Everything the composer shows for one action."""

    action_id: int
    application_id: int
    kind: ActionKind
    channel: Channel
    state: ActionState
    recipient: Recipient | None
    company: str
    company_address: str
    position: str
    discussed: str
    template: Template
    draft: Draft
    saved: bool  # the draft was edited and saved before
    idea_id: int | None
    ideas: list[IdeaRow] = field(default_factory=list)
    sender_name: str = ""
    sender_address: str = ""
    contact_id: int | None = None
    today: date | None = None  # the user's date by the app's clock, for a letter's date line


# ---------------------------------------------------------------- templates

def templates() -> dict[str, Template]:
    """The default templates, with the user's edits over them."""
    found = default_templates()
    for row in NoteTemplate.select():
        if row.key in found:
            base = found[row.key]
            found[row.key] = Template(base.kind, base.channel, row.subject, row.body)
    return found


def save_template(backend: Backend, key: str, subject: str, body: str) -> None:
    if key not in default_templates():
        raise UserError(f"There is no template {key!r}.")
    subject = check.text(subject, "subject", limit=1000)
    body = check.text(body, "template", limit=check.LONG_TEXT, required=True)
    problems = validate_template(subject, body)
    if problems:
        raise UserError("; ".join(problems))
    with backend.write():
        NoteTemplate.insert(key=key, subject=subject, body=body,
                            updated_utc=backend.clock.now()).on_conflict(
            conflict_target=[NoteTemplate.key],
            update={NoteTemplate.subject: subject, NoteTemplate.body: body,
                    NoteTemplate.updated_utc: backend.clock.now()}).execute()


def reset_template(backend: Backend, key: str) -> None:
    with backend.write():
        NoteTemplate.delete().where(NoteTemplate.key == key).execute()


# ---------------------------------------------------------------- composing

def compose(backend: Backend, action_id: int, template_key: str | None = None,
            idea_id: int | None = None) -> Composition:
    """The note for an action: the saved draft, or a fresh one from its template (or from
    `template_key`, with `idea_id` brought, when the user picks another)."""
    action = existing(Action, action_id, "action")
    application = Application.get_by_id(action.application_id)
    company = Company.get_by_id(application.company_id)
    contact = Contact.get_or_none(Contact.id == action.contact_id)
    interview = _interview_of(action)
    saved = Note.get_or_none(Note.action == action_id)
    ideas = ideas_for(application.id)
    all_templates = templates()
    if template_key is None:
        template_key = saved.template_key if saved else _key(action, interview)
    if template_key not in all_templates:
        raise UserError(f"There is no template {template_key!r}.")
    template = all_templates[template_key]
    fresh = saved is None or template_key != saved.template_key or idea_id is not None
    if idea_id is None:
        idea_id = saved.idea_id if saved else _first_unused(ideas, action.kind)
    values = settings.load()
    facts = _facts(template, contact, company, application, interview,
                   _idea(ideas, idea_id), values["sender_name"], backend)
    draft = fill(template, facts) if fresh else Draft(saved.subject, saved.body)
    return Composition(
        action_id=action.id, application_id=application.id, kind=ActionKind(action.kind),
        channel=Channel(action.channel), state=ActionState(action.state),
        recipient=_recipient(contact), company=company.name,
        company_address=company.postal_address, position=application.position,
        discussed=interview.discussed if interview else "", template=template, draft=draft,
        saved=saved is not None and not fresh, idea_id=idea_id, ideas=ideas,
        sender_name=values["sender_name"], sender_address=values["sender_address"],
        contact_id=contact.id if contact else None,
        today=backend.clock.now().astimezone(backend.rules().zone).date())


def _interview_of(action: Action) -> Interview | None:
    if action.interview_id is not None:
        return Interview.get_or_none(Interview.id == action.interview_id)
    return (Interview.select().where(Interview.application == action.application_id)
            .order_by(Interview.start_utc.desc()).first())


def _key(action: Action, interview: Interview | None) -> str:
    kind = note_kind(ActionKind(action.kind), interview.round if interview else None)
    if asks_about_decision(ActionKind(action.kind), action.note):
        kind = NoteKind.ASK_ABOUT_DECISION  # the thank-you that also asks when they decide
    return f"{kind}/{action.channel}"


def _facts(template: Template, contact: Contact | None, company: Company,
           application: Application, interview: Interview | None, idea: IdeaRow | None,
           sender: str, backend: Backend) -> NoteFacts:
    day = ""
    if interview is not None:
        # "on Tuesday" within the week after it; later (a past interview entered months on)
        # "on 10 March", never a weekday that reads as last week's.
        local = interview.start_utc.astimezone(backend.rules().zone)
        recent = backend.clock.now() - interview.start_utc < timedelta(days=6)
        day = local.strftime("%A") if recent else f"{local.day} {local:%B}"
    return NoteFacts(
        kind=template.kind, channel=template.channel,
        name=contact.name if contact else "", title=contact.title if contact else "",
        company=company.name, position=application.position, interview_day=day,
        specific=specific_from(interview.discussed) if interview else "",
        idea=idea.text if idea else "", idea_kind=idea.kind.value if idea else "",
        sender=sender)


def _recipient(contact: Contact | None) -> Recipient | None:
    if contact is None:
        return None
    return Recipient(contact.name, contact.title, contact.email, contact.phone,
                     contact.postal_address, contact.name_verified, contact.title_verified)


def save_draft(backend: Backend, action_id: int, template_key: str, subject: str, body: str,
               idea_id: int | None = None) -> None:
    """Keep the user's text; nothing is sent."""
    subject = check.text(subject, "subject", limit=1000)
    body = check.text(body, "note", limit=check.LONG_TEXT)
    with backend.write():
        action = existing(Action, action_id, "action")
        if idea_id is not None:
            _own_idea(idea_id, action.application_id)
        _upsert_note(action_id, template_key, subject, body, idea_id, backend.clock.now())


def _upsert_note(action_id: int, template_key: str, subject: str, body: str,
                 idea_id: int | None, now: datetime, **delivered: object) -> None:
    values = {"template_key": template_key, "subject": subject, "body": body,
              "idea": idea_id, "updated_utc": now, **delivered}
    if Note.update(**values).where(Note.action == action_id).execute() == 0:
        Note.create(action=action_id, **values)


# ---------------------------------------------------------------- the check

def check_text(backend: Backend, action_id: int, body: str) -> list[Finding]:
    """The "no form letters" findings for this text as a note of this action."""
    contact, company, discussed, company_id = _context_rows(action_id)
    others = (Note.select(Note.body).join(Action).join(Application)
              .where(Note.delivered_utc.is_null(False) & (Application.company != company_id))
              .order_by(Note.delivered_utc.desc()).limit(SIMILARITY_SAMPLE).tuples())
    context = NoteContext(
        name=contact.name if contact else "", title=contact.title if contact else "",
        company=company, discussed=discussed,
        name_verified=bool(contact and contact.name_verified),
        title_verified=bool(contact and (contact.title_verified or not contact.title)),
        sent_to_others=tuple(text for (text,) in others),
        templates=tuple(body for (body,) in NoteTemplate.select(NoteTemplate.body).tuples()))
    return check_note(body, context)


def _context_rows(action_id: int) -> tuple[Contact | None, str, str, int]:
    action = existing(Action, action_id, "action")
    application = Application.get_by_id(action.application_id)
    company = Company.get_by_id(application.company_id)
    interview = _interview_of(action)
    contact = Contact.get_or_none(Contact.id == action.contact_id)
    return contact, company.name, interview.discussed if interview else "", company.id


# ---------------------------------------------------------------- delivery

def deliver(backend: Backend, action_id: int, template_key: str, subject: str, body: str,
            channel: Channel, *, idea_id: int | None = None, outcome: str = "",
            force: bool = False) -> list[str]:
    """Mark the note delivered: keep what was sent, use up the idea, record the touch (done)
    and re-plan, in one transaction. Refused while the check finds a problem, unless `force`
    (the user read the findings and sends anyway). Returns the anti-pester warnings."""
    channel = check.choice(channel, Channel, "channel")
    blocked = unfinished(body) if channel is not Channel.PHONE else []
    if blocked:
        raise UserError(why_unfinished(blocked))
    findings = check_text(backend, action_id, body)
    if not force and not is_ready(findings) and channel is not Channel.PHONE:
        problems = [f.message for f in findings if f.level == "problem"]
        raise UserError("The note is not ready: " + " ".join(problems))
    summary = _summary(channel, subject, body, outcome)
    now = backend.clock.now()
    with backend.write():
        action = existing(Action, action_id, "action")
        if idea_id is not None:
            _own_idea(idea_id, action.application_id)
            Idea.update(used_action=action_id, used_utc=now).where(Idea.id == idea_id).execute()
        _upsert_note(action_id, template_key, subject, body, idea_id, now,
                     delivered_utc=now, delivered_channel=channel)
        Action.update(channel=channel).where(Action.id == action_id).execute()
        return actions.complete(backend, action_id, summary, at=now)


def _summary(channel: Channel, subject: str, body: str, outcome: str) -> str:
    if channel is Channel.PHONE:
        return f"Called. {outcome}".strip() if outcome else "Called."
    head = f"{channel.value.capitalize()} sent"
    first = subject or " ".join(body.split())[:120]
    return check.text(f"{head}: {first}", "summary", limit=check.LONG_TEXT)


# ---------------------------------------------------------------- ideas

def ideas_for(application_id: int) -> list[IdeaRow]:
    rows = (Idea.select(Idea.id, Idea.kind, Idea.text, Idea.used_utc)
            .where(Idea.application == application_id).order_by(Idea.id).tuples())
    return [IdeaRow(i, IdeaKind(kind), text, used is not None) for i, kind, text, used in rows]


def add_idea(backend: Backend, application_id: int, kind: IdeaKind, text: str) -> int:
    kind = check.choice(kind, IdeaKind, "kind")
    text = check.text(text, "idea", limit=check.LONG_TEXT, required=True)
    with backend.write():
        existing(Application, application_id, "application")
        return Idea.create(application=application_id, kind=kind, text=text,
                           created_utc=backend.clock.now()).id


def delete_idea(backend: Backend, idea_id: int) -> None:
    with backend.write():
        existing(Idea, idea_id, "idea")
        Idea.delete().where(Idea.id == idea_id).execute()


def _first_unused(ideas: list[IdeaRow], kind: str) -> int | None:
    if kind != ActionKind.KEEP_IN_TOUCH:
        return None
    return next((idea.id for idea in ideas if not idea.used), None)


def _idea(ideas: list[IdeaRow], idea_id: int | None) -> IdeaRow | None:
    return next((idea for idea in ideas if idea.id == idea_id), None)


def _own_idea(idea_id: int, application_id: int) -> None:
    idea = existing(Idea, idea_id, "idea")
    if idea.application_id != application_id:
        raise UserError(f"Idea {idea_id} belongs to another application.")
    if idea.used_utc is not None:
        raise UserError("That idea was already brought in an earlier note.")


def sent_notes(application_id: int) -> list[tuple[datetime, str, str]]:
    """What was delivered for an application: when, how, and the text."""
    rows = (Note.select(Note.delivered_utc, Note.delivered_channel, Note.body)
            .join(Action, JOIN.INNER)
            .where((Action.application == application_id) & Note.delivered_utc.is_null(False))
            .order_by(Note.delivered_utc).tuples())
    return list(rows)


def split_greeting(body: str, name: str) -> tuple[str, str]:
    """The note's own greeting line ("Dear Ada,") and the rest; a card or letter
    prints the greeting on its own line. Without one, the greeting is made from the name."""
    first, _, rest = body.strip().partition("\n")
    if first.rstrip().endswith(",") and len(first) <= 80:
        return first.strip(), rest.strip()
    return (f"Dear {greeting_name(name)}," if name.strip() else "Hello,"), body.strip()


# ---------------------------------------------------------------- what stops a note leaving

MARKERS = (MISSING_SENDER, MISSING_NAME, MISSING_COMPANY, MISSING_POSITION, MISSING_SPECIFIC,
           MISSING_IDEA)


def unfinished(text: str) -> list[str]:
    """The template's own "[add …]" markers still in `text`: a note holding one never reaches
    a mail, the clipboard, a PDF or a printer, whatever the user insists."""
    return [marker for marker in MARKERS if marker in text]


def why_unfinished(markers: list[str]) -> str:
    """One plain sentence saying what to do first."""
    if MISSING_SENDER in markers:
        return ("Your name is not set, so the note cannot be signed: enter it where the note "
                "asks for it, or in Preferences (Your name).")
    shown = ", ".join(f"“{marker}”" for marker in markers)
    return f"The note still says {shown}: write it in first."


def require_finished(text: str) -> None:
    """Raise UserError when `text` still holds one of the template's markers."""
    markers = unfinished(text)
    if markers:
        raise UserError(why_unfinished(markers))


def add_recipient_email(backend: Backend, action_id: int, email: str) -> None:
    """Give the person this follow-up goes to an e-mail address (the contact writer does it)."""
    action = existing(Action, action_id, "action")
    if action.contact_id is None:
        raise UserError("This follow-up goes to the company, not to a person.")
    if not email.strip():
        raise UserError("Enter the e-mail address.")
    try:
        address = check.email(email.strip(), "e-mail")
    except check.ValidationError as error:
        raise UserError(error.problem[:1].upper() + error.problem[1:] + ".") from None
    record = forms.contact_form(backend, action.contact_id).record
    assert record is not None
    records.update_contact(backend, record.id, record.company_id,
                           replace(record.draft, email=address))
