"""How an interview's time is shown, wherever it is shown: in the user's zone, with what the
clock said where it was entered when that zone is another one (an invitation from an organiser
abroad), so that one interview never shows two different times on two screens."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from followup_desktop.ui.widgets.common import when


def interview_when(start: datetime, end: datetime, entered_in: str, zone: ZoneInfo) -> str:
    """'Tue 24 Nov, 17:00 to 18:00' in `zone`, the user's; '… (10:00 America/New_York)' added
    when the interview was entered in another zone."""
    text = f"{when(start, zone)}–{end.astimezone(zone):%H:%M}"
    if entered_in and entered_in != zone.key:
        try:
            there = ZoneInfo(entered_in)
        except (ValueError, KeyError):  # a zone this machine's tz database lacks: say nothing
            return text
        text += f" ({start.astimezone(there):%H:%M} {entered_in})"
    return text
