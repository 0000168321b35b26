"""How a note says a person's name and quotes the interview notes, so it does not read like a
form letter.

- A greeting uses the form people use, never the full name: the first name ("Dear Anna,"),
  or the title and surname when the name on record starts with one ("Dear Dr. Weber-Schmidt,",
  "Dear Ms Kowalski,"). The app never guesses a salutation: the user writes "Ms" into the name
  when they want it used.
- A fact quoted mid-sentence ("…stayed with me: the gripper demo") loses the capital letter it
  had at the start of a line of notes, unless its first word is a name or an acronym.
"""

from __future__ import annotations

import re

# Titles that come before a name and that a greeting keeps: "Dr. Weber", "Prof. Dr. Weber".
HONORIFICS = frozenset({
    "dr", "prof", "professor", "mr", "mrs", "ms", "mx", "miss", "sir", "dame", "lord", "lady",
    "rev", "fr", "herr", "frau", "mme", "mlle", "sr", "sra", "srta", "dott", "ing",
})
# Letters after a name that a greeting drops: "Anna Kowalski, PhD", "John Smith Jr."
_AFTER_NAME = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "mba", "msc", "bsc",
                         "esq", "cpa", "pmp"})
# Lower-case words that belong to a surname: "van Beethoven", "de la Cruz", "von der Leyen".
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "del", "della", "di", "da", "du",
                        "la", "le", "ter", "ten", "zu", "zur", "bin", "binti", "al", "el",
                        "dos", "das", "do", "y", "st.", "mac"})


def _bare(word: str) -> str:
    return word.casefold().rstrip(".")


def _is_initial(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) == 1 or (word.endswith(".") and len(letters) <= 2)


def greeting_name(name: str) -> str:
    """How a note greets `name`: "Anna" for "Anna Kowalski", "Dr. Weber-Schmidt" for
    "Dr. Anna-Lena Weber-Schmidt", "Ms Kowalski" for "Ms Anna Kowalski". The spelling and case
    stay as stored; a name that starts with an initial ("J. Smith") is used whole."""
    whole = " ".join(name.split())
    words = whole.split(",")[0].split()
    titles: list[str] = []
    while words and _bare(words[0]) in HONORIFICS and len(words) > 1:
        titles.append(words.pop(0))
    while len(words) > 1 and _bare(words[-1]) in _AFTER_NAME:
        words.pop()
    if not words:
        return whole
    if titles:
        return " ".join(titles + _surname(words))
    if _is_initial(words[0]):
        return " ".join(words)
    return words[0]


def _surname(words: list[str]) -> list[str]:
    """The last word with the particles before it: ["van", "Beethoven"]."""
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in _PARTICLES:
        start -= 1
    return words[start:]


# Words that start a line of notes and are not names: lower-cased when quoted mid-sentence.
_COMMON_TEXT = """
a an the this that these those their theirs his her hers its our ours my mine your yours we
they them he she it you one some any many much more most each every both all several few no
not only just also even still maybe perhaps very really quite so too how what why when where
which who whom whose whether if as at by for from in into of off on onto out over to up upon
with within without about above after against along among around before behind below beneath
beside besides between beyond during except inside near since through throughout toward
towards under until via and but or nor yet then there here lots lot plenty new next first
second third last other another same own great good big small long short interesting
important possible current recent future shared asked showed told explained mentioned
described suggested offered agreed liked loved enjoyed learned realised realized noticed
found spent got had was were is are be been being do does did can could will would should
may might must need needs plan plans project projects idea ideas question questions problem
problems challenge challenges discussion team teams role work product products customer
customers client clients company data system systems process approach way ways time
"""
_COMMON = frozenset(_COMMON_TEXT.split())
_FIRST_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def mid_sentence(text: str) -> str:
    """`text` as it reads after a colon or inside a sentence: "The gripper demo" becomes
    "the gripper demo"; "Kafka", "AWS", "iPhone", "I" and "Jonas asked about…" stay."""
    match = _FIRST_WORD.match(text)
    if match is None:
        return text
    word = match[0]
    if word == "I" or word[0].islower() or any(c.isupper() for c in word[1:]):
        return text  # already lower case, the pronoun, an acronym or a name like McKinsey
    if re.search(rf"(?<![.!?:]\s)(?<=\s){re.escape(word)}\b", text[match.end():]):
        return text  # written with its capital again mid-sentence: a name
    folded = word.casefold()
    if folded in _COMMON or (folded.endswith("ing") and len(folded) >= 5):
        return word[0].lower() + text[1:]
    return text
