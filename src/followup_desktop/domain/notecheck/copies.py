"""The "not a copy" check: the note is not the same as one sent to another company."""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache

from followup_desktop.domain.notecheck.findings import (
    Finding,
    Level,
    NoteContext,
    normal,
    phrase_pattern,
)
from followup_desktop.domain.notecheck.names import without_legal_form
from followup_desktop.domain.templates.defaults import default_templates
from followup_desktop.domain.wording import greeting_name

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


def not_a_copy(text: str, context: NoteContext) -> Finding:
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
                 without_legal_form(context.company)):
        pattern = phrase_pattern(normal(fact), re.IGNORECASE)
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
    for token in _SHAPE_TOKEN.findall(normal(text)):
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
