"""The checks of who the note is to: the person's name, the company, and whether both are verified.

A wrong name is worse than no note at all, so the name is matched exactly as stored:
case-sensitive, whole words, the same letters after Unicode normalisation.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from followup_desktop.domain.notecheck.findings import (
    Finding,
    Level,
    NoteContext,
    phrase_pattern,
    quote,
)
from followup_desktop.domain.wording import greeting_name

# --- addressed_by_name ---------------------------------------------------------------------------

NEAR_MISS = 0.8  # difflib ratio from which a differently spelled name counts as a misspelling
_EDGE_PUNCTUATION = ".,;:!?\"()[]“”"


def addressed_by_name(text: str, name: str) -> Finding:
    """The note greets them as people do ("Anna", "Dr. Weber") or names them in full; either
    exactly as stored."""
    code = "addressed_by_name"
    forms = _address_forms(name)
    if not forms:
        return Finding(code, Level.PROBLEM, "The contact has no name on record; add it first.")
    full = phrase_pattern(forms[-1])
    wrong: list[str] = []
    for form in forms:
        exact = phrase_pattern(form)
        for found in exact.finditer(text) if exact is not None else ():
            other = _other_surname(text, found, full)
            if other is None:
                return Finding(code, Level.OK, f"Addressed to {quote(form)}, as on record.")
            wrong.append(other)
    if wrong:
        return Finding(code, Level.PROBLEM,
                       f"{quote(wrong[0])} is not the name on record; greet them as "
                       f"{quote(forms[0])} or write {quote(forms[-1])} in full.")
    return Finding(code, Level.PROBLEM, _why_name_missing(text, name, forms))


_NEXT_NAME = re.compile(r"[ \t]+[A-ZÀ-Þ][\w'-]*")


def _other_surname(text: str, found: re.Match[str], full: re.Pattern[str] | None) -> str | None:
    """"Anna Weber-Schmidt" where "Anna Weber" is on record: the first name followed by a name
    that is not theirs. None when the match is the greeting alone or the full name."""
    if full is not None and full.match(text, found.start()):
        return None
    following = _NEXT_NAME.match(text, found.end())
    if following is None:
        return None
    return text[found.start():following.end()]


def _address_forms(name: str) -> list[str]:
    """The greeting form first when it differs, then the full name."""
    full = " ".join(name.split())
    if not full:
        return []
    return list(dict.fromkeys([greeting_name(full), full]))


def _why_name_missing(text: str, name: str, forms: list[str]) -> str:
    for form in reversed(forms):  # "anna weber" is told as the full name written wrongly
        other_case = phrase_pattern(form, re.IGNORECASE)
        found = other_case.search(text) if other_case else None
        if found:
            return f"The name is written {quote(found[0])}; on record it is {quote(form)}."
    for form in reversed(forms):  # the full name is the likelier one to be misspelt whole
        misspelt = _near_miss(text, form)
        if misspelt:
            return f"{quote(misspelt)} looks like a misspelling of {quote(form)}."
    greeting = f"greet them as {quote(forms[0])} or " if len(forms) > 1 else ""
    parts = [part for part in name.split() if len(part) > 1 and phrase_pattern(part).search(text)]
    if parts:
        return f"Only part of the name appears; {greeting}write {quote(name)} in full, as on " \
               "record."
    return f"The note does not address {quote(name)} by name."


def _near_miss(text: str, name: str) -> str | None:
    width = len(name.split())
    words = [word.strip(_EDGE_PUNCTUATION) for word in text.split()[:5000]]
    target = name.casefold()
    for start in range(max(len(words) - width + 1, 0)):
        candidate = " ".join(words[start:start + width])
        if SequenceMatcher(None, candidate.casefold(), target).ratio() >= NEAR_MISS:
            return candidate
    return None


# --- company_named -------------------------------------------------------------------------------

# A note says "Acme", not "Acme Robotics GmbH & Co. KG": the legal form may be left out.
_LEGAL_FORMS = frozenset({
    "&", "ab", "ag", "as", "a/s", "bv", "b.v.", "co", "co.", "corp", "corp.", "corporation",
    "gmbh", "inc", "inc.", "kg", "llc", "llp", "ltd", "ltd.", "limited", "nv", "n.v.", "oy",
    "plc", "pty", "s.a.", "sa", "sarl", "se", "spa", "s.p.a.",
})


def company_named(text: str, company: str) -> Finding:
    code = "company_named"
    if not company.strip():
        return Finding(code, Level.WARNING, "No company on record, so none can be checked.")
    for form in (company, without_legal_form(company)):
        pattern = phrase_pattern(form, re.IGNORECASE)
        if pattern and pattern.search(text):
            return Finding(code, Level.OK, f"Names {quote(company)}.")
    return Finding(code, Level.PROBLEM, f"The note does not name {quote(company)}.")


def without_legal_form(company: str) -> str:
    words = company.replace(",", " ").split()
    while len(words) > 1 and words[-1].casefold() in _LEGAL_FORMS:
        words.pop()
    return " ".join(words)



# --- verified ------------------------------------------------------------------------------------


def verified(context: NoteContext) -> Finding:
    code = "verified"
    missing = [label for label, ok in (("name", context.name_verified),
                                        ("title", context.title_verified)) if not ok]
    if not missing:
        return Finding(code, Level.OK, "Name and title are verified.")
    which = " and the ".join(missing)
    verb = "are" if len(missing) > 1 else "is"
    return Finding(code, Level.WARNING,
                   f"The {which} {verb} not verified yet: check against a business card, "
                   "an e-mail signature or the company's site.")
