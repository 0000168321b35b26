"""The "no form letters" check a note passes before it is marked ready.

Every check gives one finding, always in the order of `CODES`, so the window can show each next
to the text and a change to the text only changes the findings it affects. A wrong name is
worse than no note at all, so the name is matched exactly as stored: case-sensitive, whole
words, the same letters after Unicode normalisation.

Messages are plain text and quote user data only shortened to `QUOTE_LIMIT` characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from functools import lru_cache

from followup_desktop.domain.templates import default_templates
from followup_desktop.domain.wording import greeting_name


class Level(StrEnum):
    OK = "ok"
    WARNING = "warning"
    PROBLEM = "problem"


@dataclass(frozen=True)
class Finding:
    code: str
    level: Level
    message: str  # one short plain-text sentence for the user


@dataclass(frozen=True)
class NoteContext:
    name: str
    title: str
    company: str
    discussed: str  # the interview notes
    name_verified: bool
    title_verified: bool
    sent_to_others: tuple[str, ...]  # bodies of notes already sent to OTHER companies
    # The user's edited templates (subject and body as one text): like the defaults' wording,
    # theirs is set aside when comparing, so two drafts of one template differ by the facts.
    templates: tuple[str, ...] = ()


CODES = ("addressed_by_name", "company_named", "specific", "placeholders", "not_a_copy",
         "verified")
QUOTE_LIMIT = 40


def check_note(text: str, context: NoteContext) -> list[Finding]:
    """One finding per code, in the order of `CODES`."""
    text = _normal(text)
    return [
        _addressed_by_name(text, _normal(context.name)),
        _company_named(text, _normal(context.company)),
        _specific(text, context),
        _placeholders(text),
        _not_a_copy(text, context),
        _verified(context),
    ]


def is_ready(findings: Iterable[Finding]) -> bool:
    """Warnings are the user's call; a problem must be fixed first."""
    return all(finding.level != Level.PROBLEM for finding in findings)


# --- shared helpers ------------------------------------------------------------------------------

# Typographic apostrophes and hyphens spell the same name to a reader as the plain ones do.
_LOOK_ALIKES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "‐": "-", "‑": "-"})


def _normal(text: str) -> str:
    # NFC: "é" typed as e + combining accent is the same letter as the precomposed one.
    return unicodedata.normalize("NFC", text).translate(_LOOK_ALIKES)


def _quote(text: str) -> str:
    """User data for a message: one line, and short, however long the input."""
    line = " ".join(text.split())
    if len(line) > QUOTE_LIMIT:
        line = line[: QUOTE_LIMIT - 1] + "…"
    return f"“{line}”"


def _quotes(items: list[str], most: int = 3) -> str:
    shown = ", ".join(_quote(item) for item in items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")


def _phrase(phrase: str, flags: int = 0) -> re.Pattern[str] | None:
    """The words of `phrase` as whole words (Unicode \\w), any whitespace between them."""
    words = phrase.split()
    if not words:
        return None
    body = r"\s+".join(re.escape(word) for word in words)
    # A hyphen joins words into another name: "Anna Weber" is not "Anna Weber-Schmidt".
    return re.compile(rf"(?<!\w)(?<!\w-){body}(?!\w|-\w)", flags)


# --- addressed_by_name ---------------------------------------------------------------------------

NEAR_MISS = 0.8  # difflib ratio from which a differently spelled name counts as a misspelling
_EDGE_PUNCTUATION = ".,;:!?\"()[]“”"


def _addressed_by_name(text: str, name: str) -> Finding:
    """The note greets them as people do ("Anna", "Dr. Weber") or names them in full; either
    exactly as stored."""
    code = "addressed_by_name"
    forms = _address_forms(name)
    if not forms:
        return Finding(code, Level.PROBLEM, "The contact has no name on record; add it first.")
    full = _phrase(forms[-1])
    wrong: list[str] = []
    for form in forms:
        exact = _phrase(form)
        for found in exact.finditer(text) if exact is not None else ():
            other = _other_surname(text, found, full)
            if other is None:
                return Finding(code, Level.OK, f"Addressed to {_quote(form)}, as on record.")
            wrong.append(other)
    if wrong:
        return Finding(code, Level.PROBLEM,
                       f"{_quote(wrong[0])} is not the name on record; greet them as "
                       f"{_quote(forms[0])} or write {_quote(forms[-1])} in full.")
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
        other_case = _phrase(form, re.IGNORECASE)
        found = other_case.search(text) if other_case else None
        if found:
            return f"The name is written {_quote(found[0])}; on record it is {_quote(form)}."
    for form in reversed(forms):  # the full name is the likelier one to be misspelt whole
        misspelt = _near_miss(text, form)
        if misspelt:
            return f"{_quote(misspelt)} looks like a misspelling of {_quote(form)}."
    greeting = f"greet them as {_quote(forms[0])} or " if len(forms) > 1 else ""
    parts = [part for part in name.split() if len(part) > 1 and _phrase(part).search(text)]
    if parts:
        return f"Only part of the name appears; {greeting}write {_quote(name)} in full, as on " \
               "record."
    return f"The note does not address {_quote(name)} by name."


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


def _company_named(text: str, company: str) -> Finding:
    code = "company_named"
    if not company.strip():
        return Finding(code, Level.WARNING, "No company on record, so none can be checked.")
    for form in (company, _without_legal_form(company)):
        pattern = _phrase(form, re.IGNORECASE)
        if pattern and pattern.search(text):
            return Finding(code, Level.OK, f"Names {_quote(company)}.")
    return Finding(code, Level.PROBLEM, f"The note does not name {_quote(company)}.")


def _without_legal_form(company: str) -> str:
    words = company.replace(",", " ").split()
    while len(words) > 1 and words[-1].casefold() in _LEGAL_FORMS:
        words.pop()
    return " ".join(words)


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


def _specific(text: str, context: NoteContext) -> Finding:
    code = "specific"
    discussed = _normal(context.discussed)
    if not discussed.strip():
        return Finding(code, Level.WARNING, "No interview notes to draw a specific from.")
    own = _WORD.findall(_normal(f"{context.name} {context.company} {context.title}"))
    terms = _distinctive_terms(discussed, {word.casefold() for word in own})
    if not terms:
        return Finding(code, Level.WARNING,
                       "The interview notes hold nothing distinctive to look for.")
    in_text = {_stem(word) for word in _WORD.findall(text)}
    found = [term for term in terms if _stem(term) in in_text]
    if found:
        return Finding(code, Level.OK, f"Mentions the interview: {_quotes(found)}.")
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


def _placeholders(text: str) -> Finding:
    code = "placeholders"
    found = _unfilled(text)
    if found:
        return Finding(code, Level.PROBLEM, f"Fill in or remove: {_quotes(found)}.")
    return Finding(code, Level.OK, "No placeholders left.")


def _unfilled(text: str) -> list[str]:
    """Every placeholder in the order of the text, each once."""
    hits = sorted(
        (match.start(), match[0]) for pattern in _PLACEHOLDERS for match in pattern.finditer(text)
    )
    return list(dict.fromkeys(found for _, found in hits))


# --- not_a_copy ----------------------------------------------------------------------------------

SIMILAR_PROBLEM = 0.85  # nearly the same note: a form letter
SIMILAR_WARNING = 0.70  # mostly the same wording: worth making more personal
MIN_WORDS = 12  # below this, two thank-you lines look alike without being form letters
MIN_OWN_WORDS = 3  # a note whose own part is shorter than this has nothing to compare
MAX_WORDS = 2000  # bounds the comparison of a pasted novel: difflib is quadratic at worst
TEMPLATE_RUN = 3  # template wording of fewer words ("Dear", "role at") is left in the text
_PROPER = "§"  # stands for any name: a proper noun, a company, a day
_SHAPE_TOKEN = re.compile(r"§|[^\W_]+(?:['-][^\W_]+)*|[.!?:;\n]")
_TEMPLATE_SLOT = re.compile(r"\{[A-Za-z_]\w*\}")
_SIMILAR_OK = "Nothing similar sent to another company."


def _not_a_copy(text: str, context: NoteContext) -> Finding:
    code = "not_a_copy"
    shape = _shape(_masked(text, context))
    if len(shape) < MIN_WORDS or not context.sent_to_others:
        return Finding(code, Level.OK, _SIMILAR_OK)
    runs = _template_runs(context.templates)
    mine = _own_words(shape, runs)
    if _real_words(mine) < MIN_OWN_WORDS:
        return Finding(code, Level.OK, _SIMILAR_OK)
    score = _most_similar(mine, context.sent_to_others, context.templates)
    percent = f"{score:.0%}"
    if score >= SIMILAR_PROBLEM:
        return Finding(code, Level.PROBLEM,
                       f"This note is {percent} the same as one sent to another company (names "
                       "and template wording aside); make it about this conversation.")
    if score >= SIMILAR_WARNING:
        return Finding(code, Level.WARNING,
                       f"{percent} of this note matches one sent to another company (names and "
                       "template wording aside); consider making it more personal.")
    return Finding(code, Level.OK, _SIMILAR_OK)


def _masked(text: str, context: NoteContext) -> str:
    """This note without its own name and company, which a copy would have changed."""
    for fact in (context.name, greeting_name(context.name), context.company,
                 _without_legal_form(context.company)):
        pattern = _phrase(_normal(fact), re.IGNORECASE)
        if pattern:
            text = pattern.sub(_PROPER, text)
    return text


@lru_cache(maxsize=512)
def _shape(text: str) -> tuple[str, ...]:
    """The words of a note, lower case, every run of proper nouns as one `_PROPER`.

    Another company's note names other people, companies and days; masking capitalised words
    that do not start a sentence compares the wording, not the names. Cached: the notes sent
    before do not change while the user types.
    """
    words: list[str] = []
    sentence_start = True
    for token in _SHAPE_TOKEN.findall(_normal(text)):
        if token in ".!?:;\n":
            sentence_start = True
            continue
        is_name = token == _PROPER or token[0].isdigit() or (
            token[0].isupper() and not sentence_start and token != "I")
        _append(words, _PROPER if is_name else token.casefold())
        sentence_start = False
        if len(words) >= MAX_WORDS:
            break
    return tuple(words)


def _append(words: list[str], word: str) -> None:
    """Append, keeping a run of names one `_PROPER`: "Anna Lena Weber" is as long as "Bob"."""
    if word != _PROPER or not words or words[-1] != _PROPER:
        words.append(word)


Runs = dict[str, tuple[tuple[str, ...], ...]]


@lru_cache(maxsize=16)
def _template_runs(extra_templates: tuple[str, ...]) -> Runs:
    """The fixed wording of the templates as word runs, by first word, longest first.

    Two fresh drafts from one template share all of it and differ in what was filled in; a
    note copied from another company shares what was filled in too. Comparing only what is
    not template wording tells the two apart.
    """
    texts = [t.subject + "\n" + t.body for t in default_templates().values()]
    runs: set[tuple[str, ...]] = set()
    for text in (*texts, *extra_templates):
        for literal in _TEMPLATE_SLOT.split(text):
            runs.update(_split_at_names(_shape(literal)))
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for run in runs:
        if len(run) >= TEMPLATE_RUN:
            by_first.setdefault(run[0], []).append(run)
    return {first: tuple(sorted(found, key=len, reverse=True))
            for first, found in by_first.items()}


def _split_at_names(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    runs: list[tuple[str, ...]] = [()]
    for word in words:
        if word == _PROPER:
            runs.append(())
        else:
            runs[-1] += (word,)
    return runs


def _own_words(words: tuple[str, ...], runs: Runs) -> tuple[str, ...]:
    """The words of a note that are not template wording."""
    own: list[str] = []
    at = 0
    while at < len(words):
        run = next((r for r in runs.get(words[at], ()) if words[at:at + len(r)] == r), None)
        if run:
            at += len(run)
        else:
            _append(own, words[at])
            at += 1
    return tuple(own)


@lru_cache(maxsize=512)
def _sent_words(text: str, templates: tuple[str, ...]) -> tuple[str, ...]:
    """A note sent before, as `_own_words`; cached by its text and the user's templates."""
    shape = _shape(text)
    if len(shape) < MIN_WORDS:
        return ()
    return _own_words(shape, _template_runs(templates))


def _real_words(words: tuple[str, ...]) -> int:
    return sum(word != _PROPER for word in words)


def _most_similar(mine: tuple[str, ...], others: Iterable[str],
                  templates: tuple[str, ...]) -> float:
    """The highest difflib ratio against the notes sent before, stopping at a copy."""
    # difflib indexes its second sequence once; the notes sent before take turns as the first.
    # autojunk off: in a 300-word note it would junk "the" and "you", and miss long matches.
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(mine)
    best = 0.0
    for other in others:
        theirs = _sent_words(other, templates)
        if _real_words(theirs) < MIN_OWN_WORDS:
            continue
        matcher.set_seq1(theirs)
        # Cheap upper bounds first: most notes share too few words to come close, and below
        # the warning band the exact figure does not matter.
        floor = max(best, SIMILAR_WARNING)
        if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
            continue
        best = max(best, matcher.ratio())
        if best >= SIMILAR_PROBLEM:
            break
    return best


# --- verified ------------------------------------------------------------------------------------


def _verified(context: NoteContext) -> Finding:
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
