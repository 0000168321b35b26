"""Builders for the mailbox tests: one check's messages as the fetching side hands them, and a
small world of a company, its people and an application with an interview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from followup_desktop.domain.model import ActionKind, ActionState, Role
from followup_desktop.services import records
from followup_desktop.services.backend import Backend
from followup_desktop.services.mail.message import (
    CheckResult,
    Folder,
    FolderPosition,
    MailMessage,
)
from followup_desktop.storage.models import Action
from helpers.backends import berlin

USER = "me@home.example"
VALIDITY = 7001


def mail(uid: int, at: datetime, sender: str = USER, to: tuple[str, ...] = (USER,), *,
         folder: Folder = Folder.INBOX, subject: str = "Re: Our conversation",
         text: str = "Thank you, it was good to meet you.", automatic: bool = False,
         message_id: str | None = None) -> MailMessage:
    return MailMessage(folder, uid, f"<{folder}-{uid}@mail.example>" if message_id is None
                       else message_id, at, sender, to, subject, text, automatic)


def sent(uid: int, at: datetime, *to: str, subject: str = "Thank you") -> MailMessage:
    return mail(uid, at, USER, to, folder=Folder.SENT, subject=subject,
                text="Dear Ada, thank you for your time yesterday.")


def check(*messages: MailMessage, validity: int = VALIDITY) -> CheckResult:
    """A check with these messages; each folder's position is its highest UID."""
    last = {folder: max((m.uid for m in messages if m.folder == folder), default=0)
            for folder in Folder}
    names = {Folder.INBOX: "INBOX", Folder.SENT: "Sent"}
    return CheckResult(tuple(messages), {f: FolderPosition(names[f], validity, last[f])
                                         for f in Folder})


@dataclass(frozen=True)
class World:
    company: int
    ada: int  # hiring manager, ada@acme.example, on the panel
    bob: int  # recruiter at Acme writing from a free-mail address
    app: int  # Engineer, decision by Friday 11 December 2026


# The interview: Tuesday 1 December 2026, 10:00 to 11:00 in Berlin.
INTERVIEW_END = berlin("2026-12-01 11:00")
DECISION = date(2026, 12, 11)


def acme(backend: Backend) -> World:
    company = records.add_company(backend, "Acme")
    ada = records.add_contact(backend, company, records.ContactDraft(
        "Ada Lovelace", "CTO", Role.HIRING_MANAGER, email="Ada@Acme.example"))
    bob = records.add_contact(backend, company, records.ContactDraft(
        "Bob Recruiter", "Recruiter", Role.RECRUITER, email="bob.recruits@gmail.com"))
    app = records.add_application(backend, company, "Engineer", decision_date=DECISION)
    records.add_interview(backend, app, berlin("2026-12-01 10:00"), INTERVIEW_END,
                          "Europe/Berlin", [ada])
    return World(company, ada, bob, app)


def pending(app: int, kind: ActionKind | None = None) -> list[Action]:
    query = Action.select().where((Action.application == app) & (
        Action.state << [ActionState.PLANNED, ActionState.SNOOZED]))
    if kind is not None:
        query = query.where(Action.kind == kind)
    return list(query.order_by(Action.due_utc, Action.id))
