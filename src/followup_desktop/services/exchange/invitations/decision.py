"""Whether an invitation creates, updates or cancels an interview, or leaves it be, and why.

An invitation is known again by its UID: a higher SEQUENCE moves or cancels the interview it
made, a lower one is outdated, and importing the same file twice changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from followup_desktop.io.ics_import.invitation import Invitation
from followup_desktop.services.exchange.invitations.proposal import ProposedAction
from followup_desktop.storage.models import Interview

# Messages that answer or negotiate an invitation rather than make one.
NOT_INVITATIONS = frozenset({"REPLY", "COUNTER", "DECLINECOUNTER", "REFRESH"})


def decide(invitation: Invitation, stored: Interview | None) -> tuple[ProposedAction, str]:
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
