"""What the user's sent mail and the automatic answers to it do to planned follow-ups, through
the one writer of each change (services/actions.py: `complete` marks done, `edit` moves), so a
change from the mailbox is recorded and undoable like one made by hand.
"""

from __future__ import annotations

from datetime import datetime

from peewee import JOIN

from followup_desktop.domain import validation as check
from followup_desktop.domain.hearing_back import SENT_KINDS, morning_after, sent_fulfils
from followup_desktop.domain.model import CLOSED_STATUSES, ActionState, Channel
from followup_desktop.domain.rules import Rules
from followup_desktop.services import actions, undo
from followup_desktop.services.backend import Backend
from followup_desktop.services.mail.matching import AddressBook, Who
from followup_desktop.services.mail.message import MailMessage
from followup_desktop.services.mail.out_of_office import return_day
from followup_desktop.storage.models import Action, Application, Interview, Touch, effective_due

PENDING = (ActionState.PLANNED.value, ActionState.SNOOZED.value)
SUBJECT_IN_SUMMARY = 300  # characters of a subject quoted in a touch's summary


def mark_sent(backend: Backend, book: AddressBook, message: MailMessage) -> int:
    """Mark done, for each contact the message went to, the follow-up it was (the earliest
    pending one it may be: domain/hearing_back.py); returns how many were marked. A message to
    a contact with no such follow-up changes nothing."""
    marked = 0
    seen: set[int] = set()
    for address in message.recipients:
        who = book.person(address)
        if who is None or who.contact_id is None or who.contact_id in seen:
            continue
        seen.add(who.contact_id)
        action_id = _fulfilled(who.contact_id, message.at)
        if action_id is None:
            continue
        subject = message.subject[:SUBJECT_IN_SUMMARY]
        actions.complete(backend, action_id, summary=f"Sent by e-mail: {subject}".strip(),
                         at=message.at, channel=Channel.EMAIL)
        # The limits are the JSON transfer's (services/exchange/transfer/sections.py).
        Touch.update(subject=message.subject[:1000], address=who.address[:check.SHORT_TEXT],
                     message_id=message.message_id.strip()[:check.LONG_TEXT] or None).where(
            Touch.id == undo.touch_of(action_id)).execute()
        marked += 1
    return marked


def _fulfilled(contact_id: int, sent: datetime) -> int | None:
    """The earliest pending note to this person that a message sent at `sent` can be."""
    rows = (Action.select(Action.id, Action.snoozed_until_utc, Action.due_utc,
                          Interview.end_utc)
            .join(Application, on=(Action.application == Application.id))
            .switch(Action).join(Interview, JOIN.LEFT_OUTER,
                                 on=(Action.interview == Interview.id))
            .where((Action.contact == contact_id) & (Action.state << PENDING)
                   & (Action.kind << [k.value for k in SENT_KINDS])
                   & Application.status.not_in([s.value for s in CLOSED_STATUSES]))
            .order_by(effective_due, Action.id).tuples())
    for action_id, snoozed, due, interview_end in rows:
        if sent_fulfils(snoozed or due, interview_end, sent):
            return action_id
    return None


def move_for_absence(backend: Backend, who: Who, message: MailMessage, rules: Rules,
                     now: datetime) -> int:
    """Move the next follow-up to this person to the first working morning after the return
    date an automatic answer gives (the subject counts too: "Out of office until 11.12.");
    returns 1 when one moved. Nothing moves for an answer with no date, a return already
    past, or a follow-up already due after that morning."""
    if who.contact_id is None:
        return 0
    sent_on = message.at.astimezone(rules.zone).date()
    back = return_day(f"{message.subject}\n{message.text}", sent_on, rules)
    if back is None:
        return 0
    morning = morning_after(back, rules)
    if morning <= now:
        return 0
    action = (Action.select().join(Application, on=(Action.application == Application.id))
              .where((Action.contact == who.contact_id) & (Action.state << PENDING)
                     & Application.status.not_in([s.value for s in CLOSED_STATUSES]))
              .order_by(effective_due, Action.id).first())
    if action is None or (action.snoozed_until_utc or action.due_utc) >= morning:
        return 0
    local = message.at.astimezone(rules.zone)
    why = (f"Moved: {who.name} is away (automatic answer of {local:%a %d %b}), back on "
           f"{back:%a %d %b %Y}.")
    note = f"{action.note}\n{why}" if action.note else why
    actions.edit(backend, action.id, due=morning, channel=Channel(action.channel),
                 contact_id=action.contact_id,
                 note=note if len(note) <= check.LONG_TEXT else action.note)
    return 1
