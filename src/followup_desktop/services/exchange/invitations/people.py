"""The people of an invitation who would be contacts: never the user, a group, a room or a
calendar system; one person per address, on the panel or arranging it, with the title the
description gives them."""

from __future__ import annotations

import re
from dataclasses import replace

from followup_desktop.domain.model import Role
from followup_desktop.io.ics_import.invitation import Invitation
from followup_desktop.io.ics_import.invitation import Person as InvitedPerson
from followup_desktop.services.exchange.invitations.panel_and_titles import (
    organiser_attended,
    titles_in,
)
from followup_desktop.services.exchange.invitations.proposal import PersonProposal

_NO_REPLY = re.compile(r"^(?:no-?reply|do-?not-?reply|notifications?|calendar-notification|"
                       r"unknownorganizer|mailer-daemon)(?:[._+-]|$)", re.IGNORECASE)


def proposed_people(invitation: Invitation, own: tuple[str, ...]
                    ) -> tuple[list[PersonProposal], list[str]]:
    """Organizer and attendees who would be contacts: never the user, a group, a room or a
    calendar system; one person per address (the organizer is often an attendee too)."""
    groups: dict[str, list[InvitedPerson]] = {}
    notes: list[str] = []
    for person in everyone(invitation):
        key = person.email.casefold() or f"name:{person.name.casefold()}"
        if person.email.casefold() in own or key == "name:":
            continue
        skipped = _not_a_contact(person)
        if skipped:
            notes.append(skipped)
        else:
            groups.setdefault(key, []).append(person)
    people = _organizer_role([_one_person(group) for group in groups.values()], groups,
                             invitation.description)
    people, titled = _with_titles(people, invitation.description)
    return people, list(dict.fromkeys(notes + titled))


def _with_titles(people: list[PersonProposal], description: str
                 ) -> tuple[list[PersonProposal], list[str]]:
    titles = titles_in(description, (p.name for p in people))
    out = [replace(p, title=titles.get(" ".join(p.name.split()).casefold(), ""))
           for p in people]
    return out, [f"{p.name}: the title \u201c{p.title}\u201d is taken from the description; "
                 "check it before you write." for p in out if p.title]


def everyone(invitation: Invitation) -> list[InvitedPerson]:
    return [*([invitation.organizer] if invitation.organizer else []), *invitation.attendees]


def _not_a_contact(person: InvitedPerson) -> str:
    if person.role == "group":
        return f"{person.name or person.email} is a group address: not added as a contact."
    if _is_system_address(person.email):
        return f"{person.email} sends invitations for others: not added as a contact."
    return ""


def _one_person(group: list[InvitedPerson]) -> PersonProposal:
    """One person from each mention of an address; attending (not merely organizing, nor
    invited "for information") puts them on the panel."""
    name = next((p.name for p in group if p.name), "") or _name_from_address(group[0].email)
    interviewer = any(p.role not in ("organizer", "non-participant") for p in group)
    return PersonProposal(name, group[0].email, Role.INTERVIEWER if interviewer else Role.OTHER,
                          interviewer)


def _organizer_role(people: list[PersonProposal], groups: dict[str, list[InvitedPerson]],
                    description: str) -> list[PersonProposal]:
    """An organizer who is not also an attendee (Outlook lists none) is the interviewer when
    they attended (accepted, chair, named in the description) or nobody else from the company
    attends, else whoever arranged it: a recruiter."""
    others = any(p.interviewer for p in people)
    out = []
    for person, group in zip(people, groups.values(), strict=True):
        if all(p.role == "organizer" for p in group):
            on_panel = not others or organiser_attended(group, person.name, description)
            person = replace(person, role=Role.INTERVIEWER if on_panel else Role.RECRUITER,
                             interviewer=on_panel)
        out.append(person)
    return out


def _name_from_address(address: str) -> str:
    """"charles.babbage@…" -> "Charles Babbage"; single letters become initials."""
    local = address.partition("@")[0].partition("+")[0]
    words = [w for w in re.split(r"[._\-]+", local) if w]
    return " ".join(f"{w.upper()}." if len(w) == 1 else w.capitalize() for w in words) or address


def _is_system_address(address: str) -> bool:
    local, _, domain = address.casefold().rpartition("@")
    return domain.endswith("calendar.google.com") or bool(_NO_REPLY.match(local))
