"""Proposals written: `apply` writes all of them in one transaction, or nothing (after a
backup), and checks each again first; `import_ics` reads, proposes and applies in one go for
the command line."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from peewee import DatabaseError

from followup_desktop.domain import validation as check
from followup_desktop.domain.fields import MAX_ROUND
from followup_desktop.domain.model import ActionKind, ActionState
from followup_desktop.domain.validation import ValidationError
from followup_desktop.io.ics_import.invitation import Invitation
from followup_desktop.services import settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.exchange.invitations.decision import decide
from followup_desktop.services.exchange.invitations.matching import (
    Known,
    matched_contact,
    open_application,
    stored_interview,
)
from followup_desktop.services.exchange.invitations.proposal import (
    NO_POSITION,
    Choice,
    ImportResult,
    PersonProposal,
    Proposal,
    Skipped,
)
from followup_desktop.services.exchange.invitations.proposing import propose, read
from followup_desktop.services.lookup import existing
from followup_desktop.services.planning import catch_up, replan, replanning_once
from followup_desktop.services.records import (
    ContactDraft,
    add_application,
    add_company,
    add_contact,
    add_interview,
)
from followup_desktop.services.records.interviews import (
    cancel_from_invitation,
    link_invitation,
    reschedule_from_invitation,
)
from followup_desktop.storage.models import (
    Action,
    Application,
    BaseModel,
    Company,
    Contact,
    Interview,
)


def import_ics(backend: Backend, path: Path, own_addresses: list[str] | None = None,
               choices: dict[str, Choice] | None = None) -> ImportResult:
    """Read, propose and apply in one go (the command line's import of a .ics file)."""
    return apply(backend, propose(backend, read(backend, path), own_addresses), choices)


@dataclass
class _Batch:
    """What one apply has done so far: records made earlier in it are reused, not repeated."""

    backend: Backend
    known: Known = field(default_factory=Known)
    contacts: dict[str, int] = field(default_factory=dict)  # address (or name:) -> id
    companies: dict[str, int] = field(default_factory=dict)  # folded name -> id
    # Every company's id by folded name, the oldest of equals; read once, when first needed.
    company_names: dict[str, int] | None = None
    verified: set[tuple[str, int]] = field(default_factory=set)  # (table, id) known to exist
    counts: Counter[str] = field(default_factory=Counter)
    skipped: list[Skipped] = field(default_factory=list)
    interview_ids: list[int] = field(default_factory=list)
    created_ids: list[int] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)  # interviews cancelled by this import
    notes: list[str] = field(default_factory=list)


def apply(backend: Backend, proposals: list[Proposal],
          choices: dict[str, Choice] | None = None) -> ImportResult:
    """Write every proposal in one transaction: all of them, or (on any error) nothing."""
    from followup_desktop.services.safekeeping.backups import backup_before_import

    choices = choices or {}
    _check_own_addresses(proposals, choices)
    backup_before_import(backend)  # the README's promise: a backup before every import
    batch = _Batch(backend)
    with backend.write():
        batch.known = Known.read(
            [p.invitation for p in proposals if p.action not in ("skip", "outdated")],
            [person.email for p in proposals for person in p.people
             if person.existing_contact_id is None])
        with replanning_once(backend):  # each application once, after all its changes
            for proposal in proposals:
                _apply_labelled(batch, proposal, choices.get(proposal.invitation.uid, Choice()))
        # Again after re-planning: a planner that still counted a cancelled interview would
        # revive its follow-ups (re-planning revives cancelled actions it wants).
        now = backend.clock.now()
        for interview_id in batch.cancelled:
            _cancel_pending(interview_id, now)
        if batch.interview_ids:  # an import that changed nothing leaves no trace
            _remember_own_addresses(proposals)
    return _result(batch)


def _apply_labelled(batch: _Batch, proposal: Proposal, choice: Choice) -> None:
    """Apply one proposal; any failure names the invitation."""
    try:
        _apply_one(batch, proposal, choice)
    except (ValidationError, UserError) as error:
        raise UserError(f"{_label(proposal.invitation)}: "
                        f"{str(error).rstrip('.')}.") from error
    except DatabaseError as error:
        raise UserError(f"{_label(proposal.invitation)}: cannot be stored "
                        f"({error}).") from error


def _check_own_addresses(proposals: list[Proposal], choices: dict[str, Choice]) -> None:
    waiting = [p for p in proposals if p.needs_own_addresses and p.action in ("create", "update")
               and not choices.get(p.invitation.uid, Choice()).skip]
    if waiting:
        addresses = sorted({person.email for p in waiting for person in p.people if person.email})
        raise UserError("Say which of the invited addresses is yours before importing, so you "
                        "are not added as a contact (--me ADDRESS on the command line): "
                        f"{', '.join(addresses) or 'nobody has an address'}.")


def _apply_one(batch: _Batch, proposal: Proposal, choice: Choice) -> None:
    invitation = proposal.invitation
    if choice.skip or proposal.action in ("skip", "outdated"):
        reason = "you chose to skip it" if choice.skip else proposal.reason
        batch.skipped.append(Skipped(invitation.uid, invitation.summary, reason))
        return
    _still_current(batch, proposal)
    if proposal.action == "unchanged":
        batch.counts["unchanged"] += 1
    elif proposal.action == "create":
        _create(batch, proposal, choice)
    elif proposal.action == "update":
        _update(batch, proposal)
    else:
        _cancel(batch, proposal)
    batch.notes += [f"{_label(invitation)}: {note}" for note in proposal.notes]


def _still_current(batch: _Batch, proposal: Proposal) -> None:
    """The data may have changed since the proposal was shown: decide again, inside the
    transaction, and refuse rather than act on a stale preview."""
    stored = stored_interview(proposal.invitation, proposal.existing_company_id, batch.known)
    action, _ = decide(proposal.invitation, stored)
    if action != proposal.action or (stored.id if stored else None) != proposal.interview_id:
        raise UserError("the data changed since this import was previewed; preview it again")


def _create(batch: _Batch, proposal: Proposal, choice: Choice) -> None:
    invitation, backend = proposal.invitation, batch.backend
    company_id = _company_for(batch, proposal, choice)
    application_id = _application_for(batch, proposal, choice, company_id)
    people = _contacts_for(batch, proposal.people, company_id)
    round_ = min(Interview.select().where((Interview.application == application_id)
                                          & Interview.cancelled_utc.is_null()).count() + 1,
                 MAX_ROUND)
    interview_id = add_interview(
        backend, application_id, invitation.start, invitation.end, invitation.zone,
        [people[key] for key, person in _keyed(proposal.people) if person.interviewer],
        round=round_, format=proposal.format, location=invitation.location)
    link_invitation(backend, interview_id, invitation.uid, invitation.sequence)
    batch.known.forget_interview(invitation.uid)
    batch.counts["created"] += 1
    batch.interview_ids.append(interview_id)
    batch.created_ids.append(interview_id)


def _company_for(batch: _Batch, proposal: Proposal, choice: Choice) -> int:
    if choice.company_id is not None:
        return _existing(batch, Company, choice.company_id, "company")
    if proposal.existing_company_id is not None and not choice.company_name:
        return _existing(batch, Company, proposal.existing_company_id, "company")
    name = check.text(choice.company_name or proposal.company_name, "company name").strip()
    if not name:
        raise UserError("no company could be told from the invitation; choose one")
    folded = name.casefold()
    if folded not in batch.companies:
        same = _company_names(batch).get(folded)
        website = f"https://{proposal.company_domain}" if proposal.company_domain \
            and not choice.company_name else ""
        batch.companies[folded] = same if same is not None else add_company(
            batch.backend, name, website=website)
        batch.counts["companies"] += 0 if same is not None else 1
    return batch.companies[folded]


def _company_names(batch: _Batch) -> dict[str, int]:
    """Companies by folded name, read once; the ones this import makes are in
    `batch.companies`, which is asked first."""
    if batch.company_names is None:
        batch.company_names = {}
        for company_id, name in Company.select(Company.id, Company.name).order_by(
                Company.id).tuples():
            batch.company_names.setdefault(name.casefold(), company_id)
    return batch.company_names


def _existing(batch: _Batch, model: type[BaseModel], record_id: int, what: str) -> int:
    """The id of a record that must exist; each is looked up once per import (nothing an
    import does deletes one)."""
    key = (model._meta.table_name, record_id)
    if key not in batch.verified:
        existing(model, record_id, what)
        batch.verified.add(key)
    return record_id


def _application_for(batch: _Batch, proposal: Proposal, choice: Choice, company_id: int) -> int:
    position = (choice.position or proposal.position).strip()
    overridden = choice.company_id is not None or choice.company_name or choice.position
    if proposal.existing_application_id is not None and not overridden:
        return _existing(batch, Application, proposal.existing_application_id, "application")
    found = open_application(company_id, position)
    if found is not None:
        return found
    return add_application(batch.backend, company_id, position or NO_POSITION)


def _keyed(people: tuple[PersonProposal, ...]) -> list[tuple[str, PersonProposal]]:
    return [(p.email.casefold() or f"name:{p.name.casefold()}", p) for p in people]


def _contacts_for(batch: _Batch, people: tuple[PersonProposal, ...],
                  company_id: int) -> dict[str, int]:
    """Each person's contact id: the one matched when proposed, one made earlier in this
    import, one with the same address made since, or a new contact at the company."""
    ids = {}
    for key, person in _keyed(people):
        if key not in batch.contacts:
            matched = person.existing_contact_id or matched_contact(
                person, company_id, batch.known).existing_contact_id
            batch.contacts[key] = _existing(batch, Contact, matched, "contact") if matched \
                else add_contact(batch.backend, company_id, ContactDraft(
                    name=person.name, title=person.title, role=person.role,
                    email=person.email))
            if not matched:
                batch.known.forget_contact(person.email)
            batch.counts["contacts"] += 0 if matched else 1
        ids[key] = batch.contacts[key]
    return ids


def _update(batch: _Batch, proposal: Proposal) -> None:
    """New times, place and sequence; new interviewers join the panel; the plan follows."""
    invitation = proposal.invitation
    interview = existing(Interview, proposal.interview_id, "interview")
    app = Application.get_by_id(interview.application_id)
    people = _contacts_for(batch, proposal.people, app.company_id)
    reschedule_from_invitation(
        batch.backend, interview.id, invitation.start, invitation.end, invitation.zone,
        invitation.location, invitation.uid, invitation.sequence,
        [people[key] for key, p in _keyed(proposal.people) if p.interviewer])
    batch.known.forget_interview(invitation.uid)
    batch.counts["updated"] += 1
    batch.interview_ids.append(interview.id)


def _cancel(batch: _Batch, proposal: Proposal) -> None:
    """The interview stays, marked cancelled; its pending follow-ups are cancelled, done ones
    kept as history, and the rest of the application is planned again."""
    invitation = proposal.invitation
    interview = existing(Interview, proposal.interview_id, "interview")
    # Its follow-ups are cancelled as they stand after this import's earlier changes.
    catch_up(batch.backend, interview.application_id)
    now = batch.backend.clock.now()
    cancel_from_invitation(batch.backend, interview.id, invitation.uid, invitation.sequence, now)
    batch.known.forget_interview(invitation.uid)
    _cancel_pending(interview.id, now)
    replan(batch.backend, interview.application_id)  # at the end of the import; see apply
    batch.cancelled.append(interview.id)
    batch.counts["cancelled"] += 1
    batch.interview_ids.append(interview.id)


def _cancel_pending(interview_id: int, now: datetime) -> None:
    # The decision check belongs to the application, not to this interview.
    Action.update(state=ActionState.CANCELLED, state_changed_utc=now).where(
        (Action.interview == interview_id)
        & Action.state.in_([ActionState.PLANNED, ActionState.SNOOZED])
        & (Action.kind != ActionKind.DECISION_CHECK)).execute()


def _remember_own_addresses(proposals: list[Proposal]) -> None:
    """Addresses the user named once are theirs from now on (asked once, not every time)."""
    given = [a for p in proposals[:1] for a in p.own_addresses]
    stored = settings.load()["own_addresses"]
    known = {a.casefold() for a in stored}
    new = [a for a in given if a.casefold() not in known]
    if new:
        settings.save("own_addresses", [*stored, *new])


def _result(batch: _Batch) -> ImportResult:
    counts = batch.counts
    return ImportResult(
        created=counts["created"], updated=counts["updated"], cancelled=counts["cancelled"],
        unchanged=counts["unchanged"], skipped=tuple(batch.skipped),
        interview_ids=tuple(batch.interview_ids), created_ids=tuple(batch.created_ids),
        companies_created=counts["companies"],
        contacts_created=counts["contacts"], notes=tuple(batch.notes))


def _label(invitation: Invitation) -> str:
    summary = invitation.summary if len(invitation.summary) <= 60 \
        else invitation.summary[:60] + "…"
    return f"The invitation {summary!r} (line {invitation.line})"
