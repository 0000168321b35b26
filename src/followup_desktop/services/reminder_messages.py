"""The words of a reminder: one notification's title, text and buttons, built from what the
scheduler announces. Plain text; each delivery channel escapes it as its medium needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from followup_desktop.domain.model import Channel
from followup_desktop.domain.reminders import Reason
from followup_desktop.services.reminders import Announcement
from followup_desktop.services.views.due import DueItem

DONE, SNOOZE, OPEN = "done", "snooze", "default"  # "default": the click on the notification
SNOOZE_FOR_HOURS = 1
LISTED_AT_MOST = 5
NOTE_AT_MOST = 160

_WHEN = {
    Reason.DUE: "are due now",
    Reason.AWAY: "became due while you were away",
    Reason.QUIET_HOURS: "became due during quiet hours",
    Reason.PAUSED: "became due while notifications were paused",
}


_HOW = {Channel.EMAIL: "By e-mail", Channel.PHONE: "By phone",
        Channel.CARD: "A handwritten card", Channel.LETTER: "A letter"}


@dataclass(frozen=True)
class Message:
    summary: str
    body: str
    action_ids: tuple[int, ...]
    buttons: tuple[tuple[str, str], ...]  # (key, label), in the order they are offered
    overdue: bool = False
    application_id: int | None = None  # what "Open" shows for a single follow-up

    @property
    def single(self) -> bool:
        return len(self.action_ids) == 1 and any(key == DONE for key, _ in self.buttons)


def message_for(announcement: Announcement, zone: ZoneInfo, now: datetime) -> Message | None:
    """The notification for one announcement, or None if its actions are gone meanwhile."""
    items = announcement.items
    if not items:
        return None
    overdue = any(item.due.astimezone(zone).date() < now.astimezone(zone).date()
                  for item in items)
    reason = announcement.batch.reason
    if len(items) == 1:
        return _single(items[0], zone, overdue, reason)
    summary = f"{len(items)} follow-ups {_WHEN[reason]}"
    lines = [headline(item) for item in items[:LISTED_AT_MOST]]
    if len(items) > LISTED_AT_MOST:
        lines.append(f"and {len(items) - LISTED_AT_MOST} more")
    buttons = ((SNOOZE, f"Snooze all {SNOOZE_FOR_HOURS} hour"), (OPEN, "Open"))
    return Message(summary, "\n".join(lines), tuple(item.id for item in items), buttons,
                   overdue)


def _single(item: DueItem, zone: ZoneInfo, overdue: bool, reason: Reason) -> Message:
    due = item.due.astimezone(zone).strftime("%a %d %b, %H:%M")
    lines = [f"{item.company} · {item.position}", f"{_HOW[item.channel]}, due {due}"]
    if reason is not Reason.DUE:
        lines.append(f"It {_WHEN[reason]}.")
    if item.note:
        lines.append(_shorten(item.note))
    lines += item.warnings[:1]
    buttons = ((DONE, "Done"), (SNOOZE, f"Snooze {SNOOZE_FOR_HOURS} hour"), (OPEN, "Open"))
    return Message(f"{item.kind.label}: {_who(item)}", "\n".join(lines), (item.id,), buttons,
                   overdue, item.application_id)


def headline(item: DueItem) -> str:
    """One line naming the follow-up: what, to whom, where."""
    return f"{item.kind.label}: {_who(item)}, {item.company}"


def _who(item: DueItem) -> str:
    if item.contact is None:
        return item.company
    if item.contact.title:
        return f"{item.contact.name} ({item.contact.title})"
    return item.contact.name


def _shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= NOTE_AT_MOST else flat[:NOTE_AT_MOST - 1].rstrip() + "…"
