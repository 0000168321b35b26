"""Calendar invitations (.ics) turned into interviews, with their company, application and people.

`propose` says what importing would do and writes nothing; `apply` writes all of it in one
transaction, or nothing; `import_ics` does both for the command line. An invitation is known
again by its UID: a higher SEQUENCE moves or cancels the interview it made, a lower one is
outdated, and importing the same file twice changes nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

from peewee import DatabaseError, fn

from followup_desktop.domain import validation as check
from followup_desktop.domain.counts import counted
from followup_desktop.domain.model import (
    CLOSED_STATUSES,
    ActionKind,
    ActionState,
    InterviewFormat,
    Role,
)
from followup_desktop.domain.validation import ValidationError
from followup_desktop.io.ics_import import MAX_BYTES, IcsError, Invitation, read_invitations
from followup_desktop.io.ics_import import Person as InvitedPerson
from followup_desktop.services import settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.editing import MAX_ROUND
from followup_desktop.services.errors import UserError
from followup_desktop.services.exchange.invitation_people import organiser_attended, titles_in
from followup_desktop.services.lookup import existing
from followup_desktop.services.planning import catch_up, replan, replanning_once
from followup_desktop.services.records import (
    ContactDraft,
    add_application,
    add_company,
    add_contact,
    add_interview,
)
from followup_desktop.storage.models import (
    Action,
    Application,
    BaseModel,
    Company,
    Contact,
    Interview,
    InterviewContact,
)

ProposedAction = Literal["create", "update", "cancel", "unchanged", "outdated", "skip"]
NO_POSITION = "(position not named in the invitation)"
# Messages that answer or negotiate an invitation rather than make one.
NOT_INVITATIONS = frozenset({"REPLY", "COUNTER", "DECLINECOUNTER", "REFRESH"})


@dataclass(frozen=True)
class PersonProposal:
    """Someone from the invitation who would be a contact."""

    name: str
    email: str
    role: Role
    interviewer: bool  # on the interview's panel, so thanked afterwards
    existing_contact_id: int | None = None
    title: str = ""  # written next to the name in the description; for a new contact


@dataclass(frozen=True)
class Proposal:
    """What importing one invitation would do."""

    invitation: Invitation
    action: ProposedAction
    reason: str = ""  # why, for unchanged, outdated and skip; what changes, for update
    interview_id: int | None = None  # the interview it updates or cancels
    company_name: str = ""
    existing_company_id: int | None = None
    company_domain: str = ""  # where the name came from, kept as the company's website
    position: str = ""
    existing_application_id: int | None = None
    people: tuple[PersonProposal, ...] = ()
    needs_own_addresses: bool = False  # nobody said which attendee is the user
    own_addresses: tuple[str, ...] = ()
    format: InterviewFormat = InterviewFormat.ONSITE
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Choice:
    """The user's answer for one invitation (by UID) where the proposal guessed wrong."""

    skip: bool = False
    company_id: int | None = None
    company_name: str | None = None
    position: str | None = None


@dataclass(frozen=True)
class Skipped:
    uid: str
    summary: str
    reason: str


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    cancelled: int = 0
    unchanged: int = 0
    skipped: tuple[Skipped, ...] = ()
    interview_ids: tuple[int, ...] = ()
    created_ids: tuple[int, ...] = ()  # the interviews this import added
    companies_created: int = 0
    contacts_created: int = 0
    notes: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line for the user: what the import did."""
        parts = [counted(self.created, "new interview")] if self.created else []
        parts += [f"{count} {word}" for count, word in (
            (self.updated, "updated"), (self.cancelled, "cancelled"),
            (self.unchanged, "unchanged"), (len(self.skipped), "skipped")) if count]
        return ", ".join(parts) or "nothing to import"


# ------------------------------------------------------------------ reading

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


def import_ics(backend: Backend, path: Path, own_addresses: list[str] | None = None,
               choices: dict[str, Choice] | None = None) -> ImportResult:
    """Read, propose and apply in one go (the command line's import of a .ics file)."""
    return apply(backend, propose(backend, read(backend, path), own_addresses), choices)


# ------------------------------------------------------------------ proposing

def propose(backend: Backend, invitations: list[Invitation],
            own_addresses: list[str] | None = None) -> list[Proposal]:
    """What importing each invitation would do; nothing is written. `own_addresses` add to
    the ones in the settings."""
    own = _own_addresses(own_addresses)
    newest = _newest_by_uid(invitations)
    with backend.db.atomic("DEFERRED"):  # one consistent reading
        companies = _Companies(list(Company.select(Company.id, Company.name, Company.website)
                                    .order_by(Company.id).tuples()))
        known = _Known.read(invitations, [p.email for i in invitations for p in _everyone(i)])
        return [_propose(invitation, own, companies, known) if newest[invitation.uid] == index
                else _duplicate(invitation, invitations[newest[invitation.uid]])
                for index, invitation in enumerate(invitations)]


# SQLite's own lower(): ASCII letters only.
_SQL_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclass
class _Known:
    """Rows one propose or apply needs for many invitations, read with one query each rather
    than one per invitation or person. A key that is missing is simply read when asked."""

    interviews: dict[str, Interview | None] = field(default_factory=dict)  # by UID
    # Contacts by the lowered address they were asked for: (id, address), by id.
    contacts: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    @classmethod
    def read(cls, invitations: list[Invitation], addresses: list[str]) -> _Known:
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
             companies: _Companies, known: _Known) -> Proposal:
    people, people_notes = _people(invitation, own)
    guess = _guess_company(invitation, people, own, companies, known)
    stored = _stored_interview(invitation, guess.company_id, known)
    action, reason = _decide(invitation, stored)
    proposal = Proposal(
        invitation, action, reason, interview_id=stored.id if stored else None,
        company_name=guess.name, existing_company_id=guess.company_id,
        company_domain=guess.domain, position=guess.position,
        people=tuple(_matched(p, guess.company_id, known) for p in people),
        needs_own_addresses=not own and bool(people), own_addresses=own,
        format=_format(invitation), notes=(*invitation.notes, *people_notes, *guess.notes))
    if stored is not None:
        return _about_stored(proposal, stored)
    if action == "create" and guess.company_id is not None:
        app_id = _open_application(guess.company_id, guess.position)
        return replace(proposal, existing_application_id=app_id)
    return proposal


def _about_stored(proposal: Proposal, stored: Interview) -> Proposal:
    """An interview already imported keeps its application; say which one."""
    app = Application.get_by_id(stored.application_id)
    return replace(proposal, company_name=app.company.name, existing_company_id=app.company_id,
                   company_domain="", position=app.position, existing_application_id=app.id)


def _stored_interview(invitation: Invitation, company_id: int | None,
                      known: _Known) -> Interview | None:
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


def _decide(invitation: Invitation, stored: Interview | None) -> tuple[ProposedAction, str]:
    if invitation.method in NOT_INVITATIONS:
        return "skip", f"a {invitation.method} message answers an invitation; it is not one"
    if stored is None:
        if invitation.cancelled:
            return "skip", "it cancels an interview that was never imported"
        return _too_long(invitation) or ("create", "")
    if stored.ical_uid is None:
        return ("cancel", "") if invitation.cancelled else ("update", "matches the interview "
                                                            "you recorded for this time")
    return _decide_known(invitation, stored)


def _decide_known(invitation: Invitation, stored: Interview) -> tuple[ProposedAction, str]:
    known = stored.ical_sequence or 0
    if invitation.sequence < known:
        return "outdated", (f"its SEQUENCE {invitation.sequence} is older than the "
                            f"{known} already imported")
    if invitation.cancelled:
        return ("unchanged", "already cancelled") if stored.cancelled_utc else ("cancel", "")
    if stored.cancelled_utc is not None:
        if invitation.sequence == known:  # the cancellation came after this version
            return "outdated", "the interview was cancelled after this version"
        return _too_long(invitation) or ("update", "invited again after the cancellation")
    same_time = (stored.start_utc, stored.end_utc) == (invitation.start, invitation.end)
    if same_time and invitation.sequence == known:
        return "unchanged", "already imported"
    if same_time:
        return "update", f"a newer version (SEQUENCE {invitation.sequence}), same time"
    return _too_long(invitation) or ("update", f"moved from {stored.start_utc:%Y-%m-%d %H:%M} "
                                               f"to {invitation.start:%Y-%m-%d %H:%M} UTC")


def _too_long(invitation: Invitation) -> tuple[ProposedAction, str] | None:
    """A conference, a holiday or a trip is no interview, and the planner needs one that ends
    within a day."""
    if invitation.all_day_days > 1:
        return "skip", f"an all-day event of {invitation.all_day_days} days is not an interview"
    if invitation.end - invitation.start >= timedelta(days=1):
        return "skip", "it lasts a day or more: not an interview"
    return None


def _open_application(company_id: int, position: str) -> int | None:
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


# ------------------------------------------------------------------ people

def _people(invitation: Invitation, own: tuple[str, ...]
            ) -> tuple[list[PersonProposal], list[str]]:
    """Organizer and attendees who would be contacts: never the user, a group, a room or a
    calendar system; one person per address (the organizer is often an attendee too)."""
    groups: dict[str, list[InvitedPerson]] = {}
    notes: list[str] = []
    for person in _everyone(invitation):
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


def _everyone(invitation: Invitation) -> list[InvitedPerson]:
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


def _matched(person: PersonProposal, company_id: int | None, known: _Known) -> PersonProposal:
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


def _name_from_address(address: str) -> str:
    """"charles.babbage@…" -> "Charles Babbage"; single letters become initials."""
    local = address.partition("@")[0].partition("+")[0]
    words = [w for w in re.split(r"[._\-]+", local) if w]
    return " ".join(f"{w.upper()}." if len(w) == 1 else w.capitalize() for w in words) or address


# ------------------------------------------------------------------ company and position

FREE_MAIL = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
    "yahoo.com", "ymail.com", "rocketmail.com", "icloud.com", "me.com", "mac.com", "aol.com",
    "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "gmx.com", "web.de", "t-online.de", "freenet.de",
    "posteo.de", "mailbox.org", "proton.me", "protonmail.com", "pm.me", "tutanota.com",
    "fastmail.com", "hey.com", "zoho.com", "mail.com", "mail.ru", "yandex.ru", "yandex.com",
    "qq.com", "163.com", "126.com", "naver.com", "orange.fr", "free.fr", "laposte.net",
    "libero.it", "seznam.cz", "wp.pl", "o2.pl", "interia.pl", "btinternet.com", "comcast.net",
    "verizon.net", "att.net", "sbcglobal.net",
})
# Brands with a free-mail domain in many countries (yahoo.co.uk, hotmail.fr, gmx.es, ...).
FREE_MAIL_BRANDS = frozenset({"yahoo", "hotmail", "live", "outlook", "gmx", "yandex", "aol",
                              "icloud", "protonmail"})
# A second-level label under a country code: acme.co.uk is "acme", not "co".
SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ltd", "plc", "or",
                          "ne", "go", "gv"})
_NO_REPLY = re.compile(r"^(?:no-?reply|do-?not-?reply|notifications?|calendar-notification|"
                       r"unknownorganizer|mailer-daemon)(?:[._+-]|$)", re.IGNORECASE)
# What an interview is called in a title ("Phone screen", "2nd round interview", German too).
_KIND = (r"(?:(?:first|second|third|final|1st|2nd|3rd|technical|tech|phone|video|virtual|"
         r"onsite|on-site|panel|hr|culture|intro(?:ductory)?|hiring manager|team|round)\s+)*"
         r"(?:interviews?|screen(?:ing)?|call|chat|meeting|conversation|assessment(?: day| "
         r"cent(?:er|re))?|vorstellungsgespräch|bewerbungsgespräch|entretien)"
         r"(?:\s+(?:round\s*)?\d+)?")
_KIND_RE = re.compile(rf"\b{_KIND}\b", re.IGNORECASE)
# "(round 2)", "[video]": short remarks in brackets, not a formula's arguments
_ROUND_MARK = re.compile(r"\s*[(\[][^)\]]{0,25}[)\]]\s*")
_SEPARATORS = re.compile(r"\s+[-–—|]\s+|\s*[–—|:]\s+|\s*:\s*$")
_WITH_AT = re.compile(r"^(?P<before>.*?)\b(?:with|at|bei|mit)\s+(?P<company>.+)$",
                      re.IGNORECASE)
_FOR = re.compile(r"\s+(?:for|about|re)\s+(?:the\s+)?(?P<position>.+)$", re.IGNORECASE)
_FOR_PREFIX = re.compile(r"^(?:for|about|re)\s+(?:the\s+)?", re.IGNORECASE)
_ROLE_SUFFIX = re.compile(r"\s+(?:role|position|job|opening)$", re.IGNORECASE)
# The last word of a job title, to tell "Interview: Robotics Engineer" from a company name.
POSITION_WORDS = frozenset({
    "engineer", "developer", "manager", "designer", "analyst", "scientist", "intern",
    "internship", "lead", "director", "consultant", "specialist", "architect", "administrator",
    "officer", "coordinator", "assistant", "associate", "technician", "researcher", "head",
    "representative", "accountant", "writer", "editor", "programmer", "tester", "owner",
    "recruiter", "advisor", "executive", "president", "vp", "cto", "ceo", "cfo", "sre",
    "devops", "trainee", "apprentice", "nurse", "teacher", "operator", "planner", "buyer",
})


@dataclass(frozen=True)
class _Guess:
    name: str = ""
    company_id: int | None = None
    domain: str = ""
    position: str = ""
    notes: tuple[str, ...] = field(default=())


def _guess_company(invitation: Invitation, people: list[PersonProposal], own: tuple[str, ...],
                   companies: _Companies, known: _Known) -> _Guess:
    """The company from the people's e-mail domain or from the title, an existing one first."""
    domain = _company_domain(people, own)
    from_title, position = read_title(invitation.summary, {p.name for p in people})
    notes = () if position else ("The title names no position.",)
    for found in (_company_by_domain(domain, companies, known) if domain else None,
                  _company_in_title(invitation.summary, companies),
                  _company_named(from_title, companies) if from_title else None):
        if found is not None:
            return _Guess(found[1], found[0], "", position, notes)
    if from_title:  # the domain is its website only where the two agree
        agree = bool(domain) and _squash(_domain_label(domain)) in _squash(from_title)
        return _Guess(from_title, None, domain if agree else "", position, notes)
    if domain:  # the domain becomes the new company's website
        return _Guess(_name_from_domain(domain), None, domain, position, notes)
    return _Guess("", None, "", position,
                  ("No company could be told from the invitation; choose one.", *notes))


def read_title(summary: str, person_names: set[str] | None = None) -> tuple[str, str]:
    """(company, position) as far as an invitation's title tells them, "" where it does not:
    "Acme Robotics - Robotics Engineer interview", "Interview with Acme Robotics",
    "Interview for Data Engineer at Initech", "Interview: Backend Engineer @ Globex"."""
    title = " ".join(_ROUND_MARK.sub(" ", summary).split())
    if not _KIND_RE.search(title) or len(title) > check.SHORT_TEXT:
        return "", ""  # not about an interview ("Lunch at Luigi's"), or not a title at all
    company, position = _title_parts(title)
    if _looks_like_position(company):  # "Interview: Robotics Engineer"
        company, position = "", position or company
    if company.casefold() in {n.casefold() for n in (person_names or set()) if n}:
        company = ""  # "Interview with Jane Doe" names a person
    return _clean(company), _clean(position)


def _title_parts(title: str) -> tuple[str, str]:
    if "@" in title:  # "Backend Engineer @ Globex"
        before, _, after = title.rpartition("@")
        return after, _strip_kind(before.split(":")[-1])
    parts = [p for p in _SEPARATORS.split(title) if p.strip()]
    if len(parts) > 1:
        return _from_parts(parts)
    match = _WITH_AT.match(title)
    if match is None:
        return "", _position_in(title)
    company, position = match.group("company"), _position_in(match.group("before"))
    trailing = _FOR.search(company)
    if trailing:  # "Interview with Acme for the Data Engineer role"
        company, position = company[:trailing.start()], trailing.group("position")
    return company, position


def _from_parts(parts: list[str]) -> tuple[str, str]:
    """Separated parts: those without the interview word name the company, unless they read
    like a job title; the interview part, less that word, names the position."""
    company, position = "", ""
    for part in parts:
        rest = _strip_kind(part)
        if _KIND_RE.search(part) or _looks_like_position(part):
            position = position or rest
        elif not company:
            company = part
            match = _WITH_AT.match(part)
            if match and _looks_like_position(match.group("before")):  # "Analyst at Initech"
                company, position = match.group("company"), position or match.group("before")
    return company, position


def _position_in(text: str) -> str:
    """What is left of "Robotics Engineer interview" or "Interview for Data Engineer", but
    not of "Quick chat": without more structure only a job title counts."""
    rest = " ".join(_KIND_RE.sub(" ", text).split())
    return _strip_kind(text) if _FOR_PREFIX.match(rest) or _looks_like_position(rest) else ""


def _strip_kind(text: str) -> str:
    return _FOR_PREFIX.sub("", " ".join(_KIND_RE.sub(" ", text).split()))


def _looks_like_position(text: str) -> bool:
    words = text.split()
    return bool(words) and words[-1].casefold().strip(".,") in POSITION_WORDS


def _clean(text: str) -> str:
    text = _ROLE_SUFFIX.sub("", text.strip(" \t\"'“”„«»()[]{}.,;:!?-–—"))
    return text if 0 < len(text) <= check.SHORT_TEXT and "\n" not in text else ""


def _company_domain(people: list[PersonProposal], own: tuple[str, ...]) -> str:
    """The commonest company domain among the people; the organizer's first on a tie."""
    own_domains = {a.rpartition("@")[2] for a in own}
    domains = [_domain(p.email) for p in people if p.email]
    usable = [d for d in domains if d not in own_domains and not _is_free_mail(d)]
    if not usable:
        return ""
    counts = Counter(usable)
    return max(usable, key=lambda d: counts[d])  # max keeps the first of equals


def _domain(address: str) -> str:
    return address.rpartition("@")[2].casefold().rstrip(".")


def _is_free_mail(domain: str) -> bool:
    labels = domain.split(".")
    brand = labels[-3] if len(labels) >= 3 and labels[-2] in SECOND_LEVEL else \
        labels[-2] if len(labels) >= 2 else ""
    return domain in FREE_MAIL or brand in FREE_MAIL_BRANDS


def _is_system_address(address: str) -> bool:
    local, _, domain = address.casefold().rpartition("@")
    return domain.endswith("calendar.google.com") or bool(_NO_REPLY.match(local))


def _domain_label(domain: str) -> str:
    labels = domain.split(".")
    if len(labels) >= 3 and labels[-2] in SECOND_LEVEL and len(labels[-1]) == 2:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]


def _name_from_domain(domain: str) -> str:
    """"acme-robotics.com" -> "Acme Robotics"."""
    return " ".join(w.capitalize() for w in re.split(r"[-_]+", _domain_label(domain)) if w)


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


class _Companies:
    """The companies one propose reads, with what matching invitations against them needs
    worked out once, not again for every invitation (a user may have thousands)."""

    def __init__(self, rows: list[tuple[int, str, str]]) -> None:
        self.rows = rows  # (id, name, website), by id
        self.names = {company_id: name for company_id, name, _ in rows}
        self.squashed: dict[str, tuple[int, str]] = {}  # the first company of each
        for company_id, name, _ in rows:
            self.squashed.setdefault(_squash(name), (company_id, name))
        # "X" or "AB" would be found in any title
        self.in_titles = [(name.casefold(), len(name), company_id, name)
                          for company_id, name, _ in rows if len(name.strip()) >= 3]
        self.by_domain: dict[str, tuple[int, str] | None] = {}
        self._hosts: list[tuple[str, int, str]] | None = None

    def hosts(self) -> list[tuple[str, int, str]]:
        """(host of the website, id, name) of each company with a website, by id."""
        if self._hosts is None:
            self._hosts = []
            for company_id, name, website in self.rows:
                host = re.sub(r"^[a-z]+://", "", website.casefold()).split("/")[0]
                if host.removeprefix("www."):
                    self._hosts.append((host.removeprefix("www."), company_id, name))
        return self._hosts


def _company_by_domain(domain: str, companies: _Companies, known: _Known
                       ) -> tuple[int, str] | None:
    """A company known by a contact's address there, its website, or a name matching the
    domain ("acmerobotics.com" is "Acme Robotics"). Nothing is written while proposing, so
    each domain is looked up once."""
    if domain not in companies.by_domain:
        companies.by_domain[domain] = _find_by_domain(domain, companies)
    return companies.by_domain[domain]


def _find_by_domain(domain: str, companies: _Companies) -> tuple[int, str] | None:
    counts = Counter(c for (c,) in Contact.select(Contact.company).where(
        Contact.email.endswith(f"@{domain}")  # LIKE: case-insensitive
        & Contact.company.is_null(False)).tuples())
    if counts:
        company_id = counts.most_common(1)[0][0]
        return company_id, companies.names[company_id]
    for host, company_id, name in companies.hosts():
        if host == domain or domain.endswith(f".{host}") or host.endswith(f".{domain}"):
            return company_id, name
    return companies.squashed.get(_squash(_domain_label(domain)))


def _company_in_title(summary: str, companies: _Companies) -> tuple[int, str] | None:
    """An existing company named in the title; the longest name wins ("Acme Robotics" over
    "Acme")."""
    folded = summary.casefold()
    hits = [(length, company_id, name)
            for name_folded, length, company_id, name in companies.in_titles
            if name_folded in folded  # most names are not: skip the search for a whole word
            and re.search(rf"(?<!\w){re.escape(name_folded)}(?!\w)", folded)]
    return (max(hits)[1], max(hits)[2]) if hits else None


def _company_named(name: str, companies: _Companies) -> tuple[int, str] | None:
    return companies.squashed.get(_squash(name))


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


# ------------------------------------------------------------------ applying

@dataclass
class _Batch:
    """What one apply has done so far: records made earlier in it are reused, not repeated."""

    backend: Backend
    known: _Known = field(default_factory=_Known)
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
        batch.known = _Known.read(
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
    stored = _stored_interview(proposal.invitation, proposal.existing_company_id, batch.known)
    action, _ = _decide(proposal.invitation, stored)
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
    Interview.update(ical_uid=invitation.uid, ical_sequence=invitation.sequence).where(
        Interview.id == interview_id).execute()
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
    found = _open_application(company_id, position)
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
            matched = person.existing_contact_id or _matched(
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
    start, end = check.moment(invitation.start, "start"), check.moment(invitation.end, "end")
    check.interval(start, end, "interview")
    app = Application.get_by_id(interview.application_id)
    people = _contacts_for(batch, proposal.people, app.company_id)
    fields = {"start_utc": start, "end_utc": end, "zone": check.zone(invitation.zone, "zone"),
              "ical_uid": invitation.uid, "ical_sequence": invitation.sequence,
              "cancelled_utc": None}
    if invitation.location:
        fields["location"] = check.text(invitation.location, "location", limit=1000)
    Interview.update(**fields).where(Interview.id == interview.id).execute()
    batch.known.forget_interview(invitation.uid)
    _join_panel(interview.id, [people[key] for key, p in _keyed(proposal.people)
                               if p.interviewer])
    replan(batch.backend, app.id)
    batch.counts["updated"] += 1
    batch.interview_ids.append(interview.id)


def _join_panel(interview_id: int, contact_ids: list[int]) -> None:
    present = {c for (c,) in InterviewContact.select(InterviewContact.contact).where(
        InterviewContact.interview == interview_id).tuples()}
    new = [c for c in dict.fromkeys(contact_ids) if c not in present]
    if new:
        InterviewContact.insert_many([(interview_id, c) for c in new],
                                     fields=[InterviewContact.interview,
                                             InterviewContact.contact]).execute()


def _cancel(batch: _Batch, proposal: Proposal) -> None:
    """The interview stays, marked cancelled; its pending follow-ups are cancelled, done ones
    kept as history, and the rest of the application is planned again."""
    invitation = proposal.invitation
    interview = existing(Interview, proposal.interview_id, "interview")
    # Its follow-ups are cancelled as they stand after this import's earlier changes.
    catch_up(batch.backend, interview.application_id)
    now = batch.backend.clock.now()
    Interview.update(cancelled_utc=now, ical_uid=invitation.uid,
                     ical_sequence=max(invitation.sequence, interview.ical_sequence or 0)).where(
        Interview.id == interview.id).execute()
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
