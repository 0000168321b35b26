"""The sync tests' world: a data folder with an interview planned (two interviewers thanked
by e-mail, a decision check), a CalDAV account on a test server, and a "phone": the caldav
client editing the server's items as a phone's calendar would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import icalendar
from caldav import DAVClient

from followup_desktop.domain.model import ActionKind, ActionState, Channel, Role
from followup_desktop.services import records
from followup_desktop.services.backend import Backend
from followup_desktop.services.records import ContactDraft
from followup_desktop.services.sync.account import SyncAccount, save_account
from followup_desktop.services.sync.items import hand_uid, plan_uid
from followup_desktop.services.sync.syncing import SyncResult, sync
from followup_desktop.storage.models import Action
from helpers.backends import berlin, clock_of
from helpers.dav_server import DavServer

# Friday 13 March 2026, 16:00-17:00 in Berlin; the thank-yous are due on Monday 16 March at
# 09:00 (the next working morning after a day), the decision check on Tuesday 24 March 10:00.
INTERVIEW_START = berlin("2026-03-13 16:00")
INTERVIEW_END = berlin("2026-03-13 17:00")
THANK_YOU_DUE = berlin("2026-03-16 09:00")
DECISION_DATE = date(2026, 3, 23)
AFTER_INTERVIEW = INTERVIEW_END + timedelta(minutes=30)


@dataclass(frozen=True)
class World:
    backend: Backend
    company: int
    ada: int
    bob: int
    application: int
    interview: int


def make_world(backend: Backend) -> World:
    company = records.add_company(backend, "Acme Robotics", preferred_channel=Channel.EMAIL)
    ada = records.add_contact(backend, company, ContactDraft(
        "Ada Lovelace", "CTO", Role.HIRING_MANAGER, "ada@acme.example"))
    bob = records.add_contact(backend, company, ContactDraft(
        "Bob Byte", "Engineer", Role.INTERVIEWER, "bob@acme.example"))
    application = records.add_application(backend, company, "Firmware Engineer")
    clock_of(backend).set(AFTER_INTERVIEW)
    interview = records.add_interview(backend, application, INTERVIEW_START, INTERVIEW_END,
                                      "Europe/Berlin", [ada, bob],
                                      discussed="Motor controllers.")
    records.set_decision_date(backend, application, DECISION_DATE)
    return World(backend, company, ada, bob, application, interview)


def connect(backend: Backend, server: DavServer, as_events: bool = False) -> SyncAccount:
    account = SyncAccount(server.url, server.user, as_events)
    save_account(backend, account)
    return account


def run(backend: Backend, server: DavServer) -> SyncResult:
    return sync(backend, password=server.password)


def pending(backend: Backend) -> list[Action]:
    return list(Action.select().where(Action.state.in_(
        [ActionState.PLANNED, ActionState.SNOOZED])).order_by(Action.id))


def uid_of(action: Action) -> str:
    return plan_uid(action.plan_key) if action.plan_key else hand_uid(action.id,
                                                                      action.created_utc)


def thank_you(backend: Backend, contact_id: int) -> Action:
    return Action.get((Action.kind == ActionKind.THANK_YOU) & (Action.contact == contact_id))


class Phone:
    """The server seen by another client: what a phone's calendar reads and changes."""

    def __init__(self, server: DavServer) -> None:
        self.server = server

    @contextmanager
    def calendar(self) -> Iterator[object]:
        with DAVClient(self.server.url, username=self.server.user,
                       password=self.server.password) as client:
            found = [c for c in client.principal().calendars()
                     if c.get_display_name() == "Follow-ups"]
            assert len(found) == 1, found
            yield found[0]

    def items(self) -> dict[str, icalendar.cal.Component]:
        """UID -> the task or event, for every item in the Follow-ups calendar."""
        with self.calendar() as calendar:
            found = {}
            for item in self._objects(calendar):
                for component in icalendar.Calendar.from_ical(item.data).walk():
                    if component.name in ("VTODO", "VEVENT"):
                        found[str(component["uid"])] = component
            return found

    def etags(self) -> dict[str, str]:
        with self.calendar() as calendar:
            return {str(o.url): o.props.get("{DAV:}getetag") for o in self._objects(calendar)}

    @staticmethod
    def _objects(calendar) -> list:
        """Every item, listed by PROPFIND and read by calendar-multiget (not by a sync
        token, whose answer also names what was deleted)."""
        urls = [calendar.url.join(url) for url, *_rest in calendar.children()]
        return calendar.multiget(urls) if urls else []

    def change(self, uid: str, edit) -> None:
        """Apply `edit(component)` to the item and save it, as a phone would."""
        with self.calendar() as calendar:
            item = calendar.object_by_uid(uid)
            parsed = icalendar.Calendar.from_ical(item.data)
            for component in parsed.walk():
                if component.name in ("VTODO", "VEVENT"):
                    edit(component)
            item.data = parsed.to_ical().decode()
            item.save()

    def complete(self, uid: str, at: datetime) -> None:
        def done(component) -> None:
            for name in ("status", "completed", "percent-complete"):
                component.pop(name, None)
            component.add("status", "COMPLETED")
            component.add("completed", at)
            component.add("percent-complete", 100)
        self.change(uid, done)

    def move(self, uid: str, due: datetime) -> None:
        def moved(component) -> None:
            key = "due" if component.name == "VTODO" else "dtstart"
            component.pop(key, None)
            component.add(key, due)
            if component.name == "VEVENT":
                component.pop("dtend", None)
                component.add("dtend", due + timedelta(minutes=15))
        self.change(uid, moved)

    def add_own(self, uid: str = "phone-own-1@example.org") -> None:
        """A task the user made on the phone: none of the app's business."""
        with self.calendar() as calendar:
            calendar.save_todo(summary="Buy stamps", uid=uid)
