"""The checked columns of each entity, built from the field rules (domain/fields.py): the one
copy of the checks every writer in this room runs before it writes anything."""

from __future__ import annotations

from datetime import date

from followup_desktop.domain import fields
from followup_desktop.domain import validation as check
from followup_desktop.domain.model import Channel, InterviewFormat, Role
from followup_desktop.services.records.drafts import ContactDraft, InterviewDraft


def company_row(name: str, website: str, postal_address: str,
                preferred_channel: Channel | None, reach_notes: str) -> dict[str, object]:
    return {
        "name": fields.COMPANY_NAME.check(name),
        "website": fields.WEBSITE.check(website),
        "postal_address": fields.POSTAL_ADDRESS.check(postal_address),
        "preferred_channel": None if preferred_channel is None
        else check.choice(preferred_channel, Channel, "preferred channel"),
        "reach_notes": fields.REACH_NOTES.check(reach_notes),
    }


def contact_row(draft: ContactDraft, prefix: str = "") -> dict[str, object]:
    """`prefix` tells apart several contacts in one form ("new interviewer 2: ")."""
    return {
        "name": fields.CONTACT_NAME.check(draft.name, prefix),
        "title": fields.TITLE.check(draft.title, prefix),
        "role": check.choice(draft.role, Role, prefix + "role"),
        "email": fields.EMAIL.check(draft.email, prefix),
        "phone": fields.PHONE.check(draft.phone, prefix),
        "postal_address": fields.POSTAL_ADDRESS.check(draft.postal_address, prefix),
        "name_verified": bool(draft.name_verified),
        "title_verified": bool(draft.title_verified),
        "verified_source": fields.VERIFIED_SOURCE.check(draft.verified_source, prefix),
        "notes": fields.NOTES.check(draft.notes, prefix),
    }


def new_interviewer_prefix(index: int) -> str:
    """How a ValidationError names a field of the index-th (from 0) new interviewer."""
    return f"new interviewer {index + 1}: "


def new_people_rows(drafts: tuple[ContactDraft, ...]) -> list[dict[str, object]]:
    return [contact_row(d, new_interviewer_prefix(n)) for n, d in enumerate(drafts)]


def second_round(expected: bool | None) -> bool | None:
    if expected not in (True, False, None):
        raise check.ValidationError("second round", "must be yes, no or unknown")
    return expected


def application_row(position: str, posting_url: str, decision_date: date | None,
                    second_round_expected: bool | None, notes: str) -> dict[str, object]:
    return {
        "position": fields.POSITION.check(position),
        "posting_url": fields.POSTING_URL.check(posting_url),
        "decision_date": check.day(decision_date, "decision date"),
        "second_round_expected": second_round(second_round_expected),
        "notes": fields.NOTES.check(notes),
    }


def interview_row(draft: InterviewDraft) -> dict[str, object]:
    start, end = check.moment(draft.start, "start"), check.moment(draft.end, "end")
    check.interval(start, end, "interview")
    if isinstance(draft.round, bool) or not isinstance(draft.round, int) \
            or not 1 <= draft.round <= fields.MAX_ROUND:
        raise check.ValidationError("round",
                                    f"must be a whole number from 1 to {fields.MAX_ROUND}")
    return {
        "start_utc": start,
        "end_utc": end,
        "zone": check.zone(draft.zone, "time zone"),
        "round": draft.round,
        "format": check.choice(draft.format, InterviewFormat, "format"),
        "location": fields.LOCATION.check(draft.location),
        "discussed": fields.DISCUSSED.check(draft.discussed),
    }
