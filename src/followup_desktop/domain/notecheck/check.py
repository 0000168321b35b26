"""The "no form letters" check a note passes before it is marked ready.

Every check gives one finding, always in the order of `CODES`, so the window can show each next
to the text and a change to the text only changes the findings it affects.
"""

from __future__ import annotations

from followup_desktop.domain.notecheck.content import placeholders, specific
from followup_desktop.domain.notecheck.copies import not_a_copy
from followup_desktop.domain.notecheck.findings import Finding, NoteContext, normal
from followup_desktop.domain.notecheck.names import addressed_by_name, company_named, verified

CODES = ("addressed_by_name", "company_named", "specific", "placeholders", "not_a_copy",
         "verified")


def check_note(text: str, context: NoteContext) -> list[Finding]:
    """One finding per code, in the order of `CODES`."""
    text = normal(text)
    return [
        addressed_by_name(text, normal(context.name)),
        company_named(text, normal(context.company)),
        specific(text, context),
        placeholders(text),
        not_a_copy(text, context),
        verified(context),
    ]
