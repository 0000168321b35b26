"""The calendar's plain text (never HTML: a company named "<b>Acme</b>" is shown as typed),
its item roles, and the drag data of an action."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from followup_desktop.domain.fields import CHANNEL_LABELS
from followup_desktop.domain.model import ActionState
from followup_desktop.services.views.calendar import CalendarEntry
from followup_desktop.ui.widgets.common import person_line, tooltip, when

Index = QModelIndex | QPersistentModelIndex
ACTION_MIME = "application/x-followup-desktop-action"
# Custom roles of both models.
DAY_ROLE = Qt.ItemDataRole.UserRole + 1  # the date of a grid cell
CHIPS_ROLE = Qt.ItemDataRole.UserRole + 2  # a cell's chips, in time order (the first ones)
IN_RANGE_ROLE = Qt.ItemDataRole.UserRole + 3  # False for the dimmed days of the next month
TODAY_ROLE = Qt.ItemDataRole.UserRole + 4
SELECTED_ROLE = Qt.ItemDataRole.UserRole + 5
WORKING_DAY_ROLE = Qt.ItemDataRole.UserRole + 6
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 7  # an agenda row's CalendarEntry
COUNT_ROLE = Qt.ItemDataRole.UserRole + 8  # how many items a day holds, chips or not
CELL_ROLE = Qt.ItemDataRole.UserRole + 9  # all a cell's painting needs, in one CellView
MUTED_STATES = (ActionState.DONE, ActionState.SKIPPED)
AGENDA_PAGE = 64  # the agenda reads a busy day's items this many at first, then twice as many


# -- plain text (never HTML: a company named "<b>Acme</b>" is shown as typed)

# What a chip calls its item where room is short: two chips to one person on one day must
# still say which is which ("Thank-you · Anna Kowalski", "Decision call · Anna Kowalski").
CHIP_KINDS = {"interview": "Interview", "thank_you": "Thank-you",
              "keep_in_touch": "Keep in touch", "decision_check": "Decision call",
              "ask_about_decision": "Decision question"}
TINY_KINDS = {"interview": "Interview", "thank_you": "Thanks", "keep_in_touch": "Touch",
              "decision_check": "Call", "ask_about_decision": "Ask"}


def relative_day(day: date, today: date) -> str:
    """"Today", "Tomorrow", "In 3 days", "5 days ago"; far-off days get their year."""
    offset = (day - today).days
    named = {0: "Today", 1: "Tomorrow", -1: "Yesterday"}
    if offset in named:
        return named[offset]
    if abs(offset) <= 30:
        return f"In {offset} days" if offset > 0 else f"{-offset} days ago"
    return str(day.year)


def who(entry: CalendarEntry) -> str:
    """Whom a chip is about: the contact of an action, the company of an interview."""
    if entry.is_interview or not entry.people:
        return entry.company
    return entry.people[0].name


def clock_time(entry: CalendarEntry, zone: ZoneInfo) -> str:
    return entry.at.astimezone(zone).strftime("%H:%M")


def mark(entry: CalendarEntry) -> str:
    """The state at a glance, for readers who cannot tell the chip colours apart."""
    if entry.overdue:
        return "! "
    if entry.state == ActionState.DONE:
        return "✓ "
    return ""


def chip_text(entry: CalendarEntry, zone: ZoneInfo) -> str:
    """A chip's label, such as "15:00 Thank-you · Amara Okafor"."""
    return f"{mark(entry)}{clock_time(entry, zone)} {entry.label} · {who(entry)}"


def time_span(entry: CalendarEntry, zone: ZoneInfo) -> str:
    if entry.end is None:
        return when(entry.at, zone)
    return f"{when(entry.at, zone)}–{entry.end.astimezone(zone).strftime('%H:%M')}"


def state_text(entry: CalendarEntry) -> str:
    if entry.is_interview or entry.state is None:
        return ""
    if entry.overdue:
        return "Overdue"
    return {ActionState.PLANNED: "Planned", ActionState.SNOOZED: "Snoozed",
            ActionState.DONE: "Done", ActionState.SKIPPED: "Skipped",
            ActionState.CANCELLED: "Cancelled"}[entry.state]


def what_text(entry: CalendarEntry) -> str:
    """The kind and, for an action, how it is delivered: "Thank-you · E-mail"."""
    if entry.is_interview:
        return f"Interview, round {entry.round}" if entry.round > 1 else "Interview"
    channel = CHANNEL_LABELS.get(entry.channel or "", entry.channel or "")
    return f"{entry.label} · {channel}" if channel else entry.label


def people_text(entry: CalendarEntry) -> str:
    return "; ".join(person_line(p.name, p.title) for p in entry.people)


def where_text(entry: CalendarEntry) -> str:
    return f"{entry.company} – {entry.position}"


def agenda_lines(entry: CalendarEntry, zone: ZoneInfo) -> tuple[str, str, str]:
    """The agenda's three lines: when and what; who; where and how."""
    if entry.is_interview:
        end = entry.end.astimezone(zone).strftime("%H:%M") if entry.end else ""
        first = f"{clock_time(entry, zone)}–{end}  {what_text(entry)}"
        people = ", ".join(p.name for p in entry.people)
        return first, f"With {people}" if people else "", where_text(entry)
    channel = CHANNEL_LABELS.get(entry.channel or "", entry.channel or "")
    third = " · ".join(p for p in (entry.company, channel) if p)
    return f"{clock_time(entry, zone)}  {entry.label}", people_text(entry), third


def entry_lines(entry: CalendarEntry, zone: ZoneInfo) -> list[str]:
    """Everything worth knowing about an entry, one fact per line (plain text)."""
    people = people_text(entry)
    lines = [what_text(entry), time_span(entry, zone)]
    if people:
        lines.append(("With " if entry.is_interview else "To ") + people)
    lines.append(where_text(entry))
    lines.append(state_text(entry))
    if entry.note:
        first = entry.note.strip().splitlines()[0] if entry.note.strip() else ""
        lines.append(first if len(first) <= 120 else first[:119] + "…")
    if entry.is_pending:
        lines.append("Drag it to another day to move it.")
    return [line for line in lines if line]


def entry_tooltip(entry: CalendarEntry, zone: ZoneInfo) -> str:
    return tooltip(entry_lines(entry, zone))


def agenda_text(entry: CalendarEntry, zone: ZoneInfo) -> str:
    """One line for screen readers and copying: time, kind, who, company, state."""
    parts = [clock_time(entry, zone), what_text(entry), people_text(entry) or who(entry),
             where_text(entry), state_text(entry)]
    return " · ".join(p for p in parts if p)


# -- drag and drop of actions

def action_mime(action_id: int) -> QMimeData:
    data = QMimeData()
    data.setData(ACTION_MIME, QByteArray(str(action_id).encode("ascii")))
    return data


def action_id_from(data: QMimeData | None) -> int | None:
    """The action a drag carries, or None for anything else (text from another app, say)."""
    if data is None or not data.hasFormat(ACTION_MIME):
        return None
    raw = bytes(data.data(ACTION_MIME).data()).decode("ascii", "replace")
    return int(raw) if raw.isdigit() and len(raw) < 19 else None
