"""The checks of what the note says: something specific from the interview, no placeholders."""

from __future__ import annotations

import re
from functools import lru_cache

from followup_desktop.domain.notecheck.findings import (
    Finding,
    Level,
    NoteContext,
    normal,
    quotes,
)
from followup_desktop.domain.templates.defaults import default_templates

# --- specific ------------------------------------------------------------------------------------

MIN_LETTERS = 4  # shorter words are mostly function words; acronyms and "Q3" are handled apart
_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
_COMMON_ACRONYMS = frozenset({"ok", "it", "us", "hr", "am", "pm", "ceo", "cto", "cv", "faq"})
# Words every note or every set of interview notes uses: finding one proves nothing.
_STOP_TEXT = """
about above across actually after again against ahead almost along also always among another
anything anyway around asked asking back because been before being below best better between
both bring came cannot come comes coming could course does doing done down during each either
else enough even ever every everything fine first from further gave give given going good great
have having hello here hers herself himself into just keep kind know last later least less like
likely little look looked looking made make makes making many maybe mention mentioned might more
most much must myself need needs never next nice none nothing often once only other others ours
over perhaps pretty quite rather really right said same says should since some something soon
still such sure take taken takes tell than thank thanks that their theirs them themselves then
there these they thing things think thinking this those though thought through told took toward
under until upon very want wanted wants well were what whatever when where whether which while
whom whose will with within without would yeah year years your yours okay
talk talked talking spoke speak discuss discussed discussion covered topic topics question
questions answer answered interview interviews interviewed interviewer interviewers meeting meet
met conversation call called role roles position positions job jobs team teams company
companies work working worked works people person candidate candidates hiring hire manager
process step steps week weeks month months today tomorrow yesterday time times opportunity
excited interested interest experience skills skill background culture day days round rounds
second decide decision decisions notes note monday tuesday wednesday thursday friday saturday
sunday morning afternoon evening office onsite remote video phone email letter card regards
dear sincerely glad happy
"""
_STOP_WORDS = frozenset(_STOP_TEXT.split())


@lru_cache(maxsize=1)
def _common_stems() -> frozenset[str]:
    """Stop words and the words the default templates already carry, as stems: a filled
    template alone is not specific, nor is "opens" when the template says "open"."""
    words = set(_STOP_WORDS)
    for template in default_templates().values():
        words |= {word.casefold() for word in _WORD.findall(template.subject + template.body)}
    return frozenset(_stem(word) for word in words)


def specific(text: str, context: NoteContext) -> Finding:
    code = "specific"
    discussed = normal(context.discussed)
    if not discussed.strip():
        return Finding(code, Level.WARNING, "No interview notes to draw a specific from.")
    own = _WORD.findall(normal(f"{context.name} {context.company} {context.title}"))
    terms = _distinctive_terms(discussed, {word.casefold() for word in own})
    if not terms:
        return Finding(code, Level.WARNING,
                       "The interview notes hold nothing distinctive to look for.")
    in_text = {_stem(word) for word in _WORD.findall(text)}
    found = [term for term in terms if _stem(term) in in_text]
    if found:
        return Finding(code, Level.OK, f"Mentions the interview: {quotes(found)}.")
    return Finding(code, Level.PROBLEM,
                   "Nothing from your interview notes appears; mention something you talked "
                   "about.")


def _distinctive_terms(discussed: str, excluded: set[str]) -> list[str]:
    """Words of the notes that could only come from this conversation, in order, once each."""
    terms: dict[str, None] = {}  # a dict keeps the order the notes mention them in
    for word in _WORD.findall(discussed):
        folded = word.casefold()
        if folded in excluded or _stem(folded) in _common_stems():
            continue
        if _is_distinctive(word):
            terms.setdefault(folded, None)
    return list(terms)


def _is_distinctive(word: str) -> bool:
    letters = sum(char.isalpha() for char in word)
    if any(char.isdigit() for char in word):
        return letters > 0  # "Q3", "K8s", "S3"; a bare number is often just a date
    if word.isupper() and len(word) >= 2:
        return word.casefold() not in _COMMON_ACRONYMS  # "AWS", "SRE", "ML"
    return letters >= MIN_LETTERS


# Longest first; a stem keeps at least four letters, so "uses" and "rate" stay whole.
_SUFFIXES = ("ings", "ing", "ions", "ion", "ers", "er", "ed", "es", "e", "s")


def _stem(word: str) -> str:
    """A crude stem: "migrating", "migrated" and "migrations" all find "migration"."""
    folded = word.casefold().removesuffix("'s")
    for suffix in _SUFFIXES:
        if folded.endswith(suffix) and len(folded) - len(suffix) >= 4:
            return folded[: -len(suffix)]
    return folded


# --- placeholders --------------------------------------------------------------------------------

# Kept narrow on purpose: each pattern needs the shape of a placeholder, not just brackets.
# Not flagged: "[1]", "[sic]", "[…]", "[my portfolio](https://…)" (a Markdown link), "<3",
# "a<b", "<anna@example.com>", "<https://example.com>", "<br>", "TBD" (a real answer), "todo".
_PLACEHOLDERS = (
    # {name}, {{ first_name }}, ${name}, {__class__.__mro__}: braces around an identifier
    re.compile(r"\{\{?\s*[A-Za-z_][\w.]*\s*\}\}?"),
    # [add …], [your name], [insert date]: a placeholder word first; or [Company], [Job Title]:
    # one to four capitalised words. Never when "(" follows: that is a Markdown link.
    re.compile(
        r"\[(?:(?i:add|insert|enter|fill|your|their|his|her|name|first\s+name|last\s+name|"
        r"company|title|position|role|job|date|day|specific|interviewer|hiring\s+manager|"
        r"something|x{2,}|todo|tbd)\b[^\[\]\n]{0,80}"
        r"|[A-ZÀ-Þ][\w'’.-]*(?:\s[A-ZÀ-Þ&][\w'’.-]*){0,3})\](?!\()"
    ),
    # <<name>>
    re.compile(r"<<[^<>\n]{1,60}>>"),
    # <title>, <Interviewer Name>: letters and spaces only, so an e-mail address or a URL in
    # angle brackets (they hold "@", ":" or ".") and "<3" are left alone; common HTML tags too.
    re.compile(
        r"(?<![\w<])<(?!(?:a|b|i|u|p|br|hr|em|strong|div|span)>)"
        r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ _'-]{0,40}>(?![\w>])"
    ),
    re.compile(r"\bX{3,}\b"),  # XXX, as in "the XXX team" (case-sensitive: "xxx" is a sign-off)
    re.compile(r"\b(?:TODO|FIXME)\b"),  # upper case only: "todo" is a Spanish word
    re.compile(r"_{3,}"),  # a blank to fill in: "Dear ____,"
    re.compile(r"\*\|[A-Z0-9_]+\|\*|%[A-Z][A-Z0-9_]{2,}%"),  # *|FNAME|* and %FIRSTNAME% merge tags
)


def placeholders(text: str) -> Finding:
    code = "placeholders"
    found = _unfilled(text)
    if found:
        return Finding(code, Level.PROBLEM, f"Fill in or remove: {quotes(found)}.")
    return Finding(code, Level.OK, "No placeholders left.")


def _unfilled(text: str) -> list[str]:
    """Every placeholder in the order of the text, each once."""
    hits = sorted(
        (match.start(), match[0]) for pattern in _PLACEHOLDERS for match in pattern.finditer(text)
    )
    return list(dict.fromkeys(found for _, found in hits))

