"""What an invitation is matched against in the stored data: the interview it made before, an
application still open at the company, the contacts of its people; the rows many invitations
need are read once (`Known`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from peewee import fn

from followup_desktop.domain.model import CLOSED_STATUSES
from followup_desktop.io.ics_import.invitation import Invitation
from followup_desktop.services.exchange.invitations.proposal import PersonProposal
from followup_desktop.storage.models import Application, Contact, Interview

# SQLite's own lower(): ASCII letters only.
_SQL_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclass
class Known:
    """Rows one propose or apply needs for many invitations, read with one query each rather
    than one per invitation or person. A key that is missing is simply read when asked."""

    interviews: dict[str, Interview | None] = field(default_factory=dict)  # by UID
    # Contacts by the lowered address they were asked for: (id, address), by id.
    contacts: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    @classmethod
    def read(cls, invitations: list[Invitation], addresses: list[str]) -> Known:
        known = cls()
        uids = list(dict.fromkeys(i.uid for i in invitations))
        for start in range(0, len(uids), CHUNK):
            chunk = uids[start:start + CHUNK]
            known.interviews |= dict.fromkeys(chunk)
            # The UID index is unique: one interview at most per UID.
            known.interviews |= {i.ical_uid: i for i in Interview.select().where(
                Interview.ical_uid << chunk)}
        lowered = list(dict.fromkeys(a.lower() for a in addresses if a))
        for start in range(0, len(lowered), CHUNK):
            chunk = lowered[start:start + CHUNK]
            known.contacts |= {address: [] for address in chunk}
            for contact_id, address, key in Contact.select(
                    Contact.id, Contact.email, fn.LOWER(Contact.email)).where(
                    fn.LOWER(Contact.email) << chunk).order_by(Contact.id).tuples():
                known.contacts[key].append((contact_id, address))
        return known

    def forget_interview(self, uid: str) -> None:
        """This UID's interview was just written: read it again when asked."""
        self.interviews.pop(uid, None)

    def forget_contact(self, address: str) -> None:
        """A contact with this address was just made: read its matches again when asked."""
        self.contacts.pop(address.translate(_SQL_LOWER), None)


CHUNK = 500  # keys bound into one statement


def stored_interview(invitation: Invitation, company_id: int | None,
                     known: Known) -> Interview | None:
    """The interview this invitation made before, or one recorded by hand at the same time
    with the same company (so importing the invitation later does not duplicate it)."""
    if invitation.uid in known.interviews:
        found = known.interviews[invitation.uid]
    else:
        found = Interview.select().where(Interview.ical_uid == invitation.uid).order_by(
            Interview.id).first()
    if found is not None or company_id is None:
        return found
    return Interview.select().join(Application).where(
        Interview.ical_uid.is_null(), Interview.start_utc == invitation.start,
        Application.company == company_id).order_by(Interview.id).first()


def open_application(company_id: int, position: str) -> int | None:
    """An application at the company still in progress: the one for this position, else the
    newest (an invitation rarely names the position exactly as it was applied for)."""
    rows = list(Application.select(Application.id, Application.position).where(
        (Application.company == company_id)
        & Application.status.not_in([s.value for s in CLOSED_STATUSES])
    ).order_by(Application.created_utc.desc(), Application.id.desc()).tuples())
    wanted = position.casefold()
    for app_id, stored in rows:
        if wanted and (wanted in stored.casefold() or stored.casefold() in wanted):
            return app_id
    return rows[0][0] if rows and not wanted else None


def matched_contact(person: PersonProposal, company_id: int | None, known: Known) -> PersonProposal:
    """The existing contact with this address (any company), or without an address, with
    this name at the company."""
    if person.email:
        lowered = person.email.lower()
        found = known.contacts[lowered] if lowered in known.contacts else list(
            Contact.select(Contact.id, Contact.email).where(
                fn.LOWER(Contact.email) == lowered).order_by(Contact.id).tuples())
        ids = [i for i, email in found if email.casefold() == person.email.casefold()]
    elif company_id is not None:
        ids = [c.id for c in Contact.select(Contact.id, Contact.name).where(
            Contact.company == company_id).order_by(Contact.id)
            if c.name.casefold() == person.name.casefold()]
    else:
        ids = []
    if not ids:
        return person
    return replace(person, existing_contact_id=ids[0])
