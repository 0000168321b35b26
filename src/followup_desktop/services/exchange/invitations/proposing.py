"""Calendar invitations (.ics) read, and what importing them would do: `propose` guesses each
one's company, application and people and decides what it does to the interview it made
before; it writes nothing."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from followup_desktop.domain import validation as check
from followup_desktop.domain.model import InterviewFormat
from followup_desktop.domain.validation import ValidationError
from followup_desktop.io.ics_import.errors import IcsError
from followup_desktop.io.ics_import.invitation import Invitation
from followup_desktop.io.ics_import.limits import MAX_BYTES
from followup_desktop.io.ics_import.reader import read_invitations
from followup_desktop.services import settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.exchange.invitations.company_guess import (
    Companies,
    guess_company,
)
from followup_desktop.services.exchange.invitations.decision import decide
from followup_desktop.services.exchange.invitations.matching import (
    Known,
    matched_contact,
    open_application,
    stored_interview,
)
from followup_desktop.services.exchange.invitations.people import everyone, proposed_people
from followup_desktop.services.exchange.invitations.proposal import Proposal
from followup_desktop.storage.models import Application, Company, Interview


def read(backend: Backend, path: Path) -> list[Invitation]:
    """The invitations of a file, floating times read in the user's zone; bounded in size."""
    try:
        with path.open("rb") as source:  # bounded even for a pipe or a device
            data = source.read(MAX_BYTES + 1)
    except OSError as error:
        raise UserError(f"{path}: cannot be read ({error.strerror or error}).") from error
    try:
        return read_invitations(data, path.name, backend.rules().zone.key)
    except IcsError as error:
        raise UserError(str(error)) from error


def read_and_propose(backend: Backend, path: Path,
                     own_addresses: list[str] | None = None) -> list[Proposal]:
    """The window's first step: what importing the file would do, before anything is written."""
    return propose(backend, read(backend, path), own_addresses)


def propose(backend: Backend, invitations: list[Invitation],
            own_addresses: list[str] | None = None) -> list[Proposal]:
    """What importing each invitation would do; nothing is written. `own_addresses` add to
    the ones in the settings."""
    own = _own_addresses(own_addresses)
    newest = _newest_by_uid(invitations)
    with backend.db.atomic("DEFERRED"):  # one consistent reading
        companies = Companies(list(Company.select(Company.id, Company.name, Company.website)
                                   .order_by(Company.id).tuples()))
        known = Known.read(invitations, [p.email for i in invitations for p in everyone(i)])
        return [_propose(invitation, own, companies, known) if newest[invitation.uid] == index
                else _duplicate(invitation, invitations[newest[invitation.uid]])
                for index, invitation in enumerate(invitations)]


def _own_addresses(given: list[str] | None) -> tuple[str, ...]:
    stored = settings.load()["own_addresses"]
    addresses = [*stored, *(given or [])]
    for index, address in enumerate(addresses):
        try:
            check.email(address, "your e-mail address")
        except ValidationError as error:
            raise UserError(f"{error}.") from error
        if not address:
            raise UserError(f"Your e-mail address number {index + 1} is empty.")
    return tuple(dict.fromkeys(a.strip().casefold() for a in addresses))


def _newest_by_uid(invitations: list[Invitation]) -> dict[str, int]:
    """Where one file holds several versions of an event, the highest SEQUENCE counts."""
    newest: dict[str, int] = {}
    for index, invitation in enumerate(invitations):
        best = newest.get(invitation.uid)
        if best is None or invitation.sequence > invitations[best].sequence:
            newest[invitation.uid] = index
    return newest


def _duplicate(invitation: Invitation, newer: Invitation) -> Proposal:
    reason = ("a newer version of it is in the same file" if newer.sequence > invitation.sequence
              else "it appears twice in the file")
    return Proposal(invitation, "outdated", reason)


def _propose(invitation: Invitation, own: tuple[str, ...],
             companies: Companies, known: Known) -> Proposal:
    people, people_notes = proposed_people(invitation, own)
    guess = guess_company(invitation, people, own, companies, known)
    stored = stored_interview(invitation, guess.company_id, known)
    action, reason = decide(invitation, stored)
    proposal = Proposal(
        invitation, action, reason, interview_id=stored.id if stored else None,
        company_name=guess.name, existing_company_id=guess.company_id,
        company_domain=guess.domain, position=guess.position,
        people=tuple(matched_contact(p, guess.company_id, known) for p in people),
        needs_own_addresses=not own and bool(people), own_addresses=own,
        format=_format(invitation), notes=(*invitation.notes, *people_notes, *guess.notes))
    if stored is not None:
        return _about_stored(proposal, stored)
    if action == "create" and guess.company_id is not None:
        app_id = open_application(guess.company_id, guess.position)
        return replace(proposal, existing_application_id=app_id)
    return proposal


def _about_stored(proposal: Proposal, stored: Interview) -> Proposal:
    """An interview already imported keeps its application; say which one."""
    app = Application.get_by_id(stored.application_id)
    return replace(proposal, company_name=app.company.name, existing_company_id=app.company_id,
                   company_domain="", position=app.position, existing_application_id=app.id)


_VIDEO = re.compile(r"zoom\.us|meet\.google\.com|teams\.microsoft\.com|teams\.live\.com|"
                    r"webex\.com|whereby\.com|gotomeeting\.com|meet\.jit\.si|chime\.aws|"
                    r"\b(?:teams|zoom|video|skype|webex|google meet)\b", re.IGNORECASE)
_PHONE_NUMBER = re.compile(r"^\s*(?:tel:)?\+?[\d\s().\-/]{6,}\s*$")


def _format(invitation: Invitation) -> InterviewFormat:
    """Where they meet: the location first; with none, a video link in the text or the word
    "phone" in the title."""
    location = invitation.location
    if _VIDEO.search(location):
        return InterviewFormat.VIDEO
    if _PHONE_NUMBER.match(location):
        return InterviewFormat.PHONE
    if location.strip():
        return InterviewFormat.ONSITE
    if re.search(r"\b(?:phone|call)\b", invitation.summary, re.IGNORECASE):
        return InterviewFormat.PHONE
    if _VIDEO.search(invitation.description):
        return InterviewFormat.VIDEO
    return InterviewFormat.ONSITE
