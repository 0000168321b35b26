"""The stored search index behind search as you type (schema 7).

Per person and company, `search_entry` holds the folded name (the ranking key) and the folded
haystack (name, title, company name, e-mail) the words of a query are looked for in, and
`search_word` the name from each later word on; `search_gram` counts the names that hold each
three-letter sequence. Folding is Python (casefold, compatibility
forms, accents dropped): SQLite's LIKE and NOCASE fold ASCII only, so "ZOË" would miss "Zoë".
Python cannot run in a trigger on every connection that writes (the sqlite3 shell, another
tool), so the schema's triggers only list changed people and companies in `search_stale`;
`refresh` re-folds what is listed before a search reads. When nothing changed that is one look
at an empty table.

A search reads the ranking tiers in order and stops once the page is full, so it never sorts a
large match set: names that start with the first word (a range of `search_entry`, which is
stored in name order), names with a later word that does (a range of `search_word`), then the
rest in name order, where a full scan is needed only when the first tiers hold fewer than a
page. Names that contain the word elsewhere rank before the rest but can be anywhere in name
order; when the rest are many, only a scan of the names finds them, so it is skipped when a
three-letter sequence of the word is in no name at all (a title, a company, an e-mail domain).
Counting every match of a short query would scan everything too, so when the page is
full the total is only "more than a page"; the empty query, a table count, stays exact.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

from peewee import OperationalError, SqliteDatabase

SEPARATOR = "\x1f"  # between fields, so that no word of a query matches across two of them
REFRESH_CHUNK = 5_000  # entries re-folded per write transaction: other writers wait no longer
REST_LIMIT = 1_000  # rows of the last tiers read in name order before they count as many
LOCK_WAIT_MS = 100  # how long a search waits for another writer before it reads as it is
PERSON, COMPANY = "person", "company"
GRAM = 3  # letters in a sequence of `search_gram`
_NAME_ORDER = "ORDER BY name_key, kind DESC, ref"  # the table's own order; people first on ties
_CHUNK = "SELECT kind, ref FROM search_stale ORDER BY kind, ref LIMIT ?"
_STALE_SOURCES = f"""
    SELECT s.kind, s.ref, ifnull(p.name, c.name), p.title, pc.name, p.email
    FROM ({_CHUNK}) AS s
    LEFT JOIN contact AS p ON s.kind = 'person' AND p.id = s.ref
    LEFT JOIN company AS pc ON pc.id = p.company_id
    LEFT JOIN company AS c ON s.kind = 'company' AND c.id = s.ref
"""

Key = tuple[str, int]  # (kind, id)


def fold(text: str | None) -> str:
    """Text as search compares it: case folded ("ß" is "ss"), compatibility forms unified
    ("ﬁ" is "fi") and accents dropped, so "zoe", "Zoë" and "ZOË" are all the same."""
    if not text:
        return ""
    if text.isascii():  # most names, titles and addresses: nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if decomposed.isascii():
        return decomposed
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def entry(kind: str, name: str, title: str = "", company: str = "",
          email: str = "") -> tuple[str, str]:
    """(name key, haystack) of a person or a company."""
    name_key = fold(name)
    if kind == COMPANY:
        return name_key, name_key
    return name_key, SEPARATOR.join((name_key, fold(title), fold(company), fold(email)))


def grams(text: str) -> set[str]:
    """The three-letter sequences of a text: a text contains another only if it holds all of
    the other's."""
    return {text[i:i + GRAM] for i in range(len(text) - GRAM + 1)}


def later_words(name_key: str) -> list[str]:
    """The name from each word after the first on: "ana de la cruz" gives "de la cruz",
    "la cruz" and "cruz" (a word starts after a space, as the ranking has it)."""
    return [name_key[i + 1:] for i, char in enumerate(name_key)
            if char == " " and i + 1 < len(name_key)]


# ---------------------------------------------------------------- keeping it current

def is_stale(db: SqliteDatabase) -> bool:
    return bool(db.execute_sql("SELECT EXISTS (SELECT 1 FROM search_stale)").fetchone()[0])


def refresh(db: SqliteDatabase) -> int:
    """Re-fold every listed entry, in short write transactions; returns how many were done."""
    done = 0
    while is_stale(db):
        with db.atomic():  # immediate: the list cannot change under us
            done += _refresh_chunk(db)
    return done


def refresh_unless_busy(db: SqliteDatabase, wait_ms: int = LOCK_WAIT_MS) -> bool:
    """Refresh, but wait at most `wait_ms` for another writer: an import holds the write lock
    for seconds, and a search should rather read the index as it is than stall or fail (what
    is listed stays listed for the next search). False when it could not refresh."""
    if not is_stale(db):
        return True
    (usual,) = db.execute_sql("PRAGMA busy_timeout").fetchone()
    db.execute_sql(f"PRAGMA busy_timeout = {int(wait_ms)}")
    try:
        refresh(db)
    except OperationalError as error:
        if "locked" not in str(error) and "busy" not in str(error):
            raise
        return False
    finally:
        db.execute_sql(f"PRAGMA busy_timeout = {int(usual)}")
    return True


def _refresh_chunk(db: SqliteDatabase) -> int:
    """Re-fold the first REFRESH_CHUNK listed entries (the same ones for every statement: the
    list cannot change inside the transaction)."""
    sources = db.execute_sql(_STALE_SOURCES, [REFRESH_CHUNK]).fetchall()
    entries, words = [], []
    for kind, ref, name, title, company, email in sources:
        if name is None:  # the person or company is gone
            continue
        name_key, haystack = entry(kind, name, title or "", company or "", email or "")
        entries.append((name_key, kind, ref, haystack))
        words += [(word, kind, ref, name_key) for word in later_words(name_key)]
    _count_grams(db, [name_key for name_key, *_ in entries])
    for table in ("search_entry", "search_word"):
        db.execute_sql(f"DELETE FROM {table} WHERE (kind, ref) IN ({_CHUNK})", [REFRESH_CHUNK])
    cursor = db.cursor()
    cursor.executemany("INSERT INTO search_entry (name_key, kind, ref, haystack) "
                       "VALUES (?, ?, ?, ?)", entries)
    cursor.executemany("INSERT INTO search_word (word_key, kind, ref, name_key) "
                       "VALUES (?, ?, ?, ?)", words)
    db.execute_sql(f"DELETE FROM search_stale WHERE (kind, ref) IN ({_CHUNK})",
                   [REFRESH_CHUNK])
    return len(sources)


def _count_grams(db: SqliteDatabase, new_names: list[str]) -> None:
    """Count the sequences of the chunk's new names in, and of their old names out."""
    counts: Counter[str] = Counter()
    for (old,) in db.execute_sql(
            f"SELECT name_key FROM search_entry WHERE (kind, ref) IN ({_CHUNK})",
            [REFRESH_CHUNK]):
        counts.subtract(grams(old))
    for name_key in new_names:
        counts.update(grams(name_key))
    cursor = db.cursor()
    cursor.executemany("INSERT INTO search_gram (gram, names) VALUES (?, ?) ON CONFLICT (gram) "
                       "DO UPDATE SET names = names + excluded.names",
                       [(gram, count) for gram, count in counts.items() if count])
    cursor.executemany("DELETE FROM search_gram WHERE gram = ? AND names <= 0",
                       [(gram,) for gram, count in counts.items() if count < 0])


# ---------------------------------------------------------------- finding

@dataclass(frozen=True)
class Matches:
    keys: tuple[Key, ...]  # best first, at most the limit
    total: int  # how many matched; with `more`, only how many were seen
    more: bool = False  # more matched than `keys` holds, and they were not counted


def find(db: SqliteDatabase, terms: Sequence[str], limit: int) -> Matches:
    """The best `limit` entries whose haystack holds every one of the folded `terms` (all
    entries when there are none). Ranking: the name starts with the first term, then a later
    word of the name does, then the name contains it, then the rest; ties by name. Run it in
    one read transaction with whatever reads the keys."""
    if not terms:
        keys = db.execute_sql(f"SELECT kind, ref FROM search_entry {_NAME_ORDER} LIMIT ?",
                              [limit]).fetchall()
        total = db.execute_sql("SELECT count(*) FROM search_entry").fetchone()[0]
        return Matches(tuple(keys), total)
    query = _Query(db, terms)
    found = query.starts(limit + 1)
    if len(found) <= limit:
        found += query.word_starts(limit + 1 - len(found))
    if len(found) > limit:
        return Matches(tuple(found[:limit]), len(found), more=True)
    rest = query.rest(max(REST_LIMIT, 2 * limit) + 1)
    if len(rest) <= max(REST_LIMIT, 2 * limit):  # every match seen: an exact total
        found += [(kind, ref) for _, kind, ref in sorted(rest, key=itemgetter(0))]
        return Matches(tuple(found[:limit]), len(found))
    # Many matches beyond the names. The first `rest` rows in name order hold the first of the
    # last tier: had they held fewer than the page still needs, the names containing the term
    # (the tier before) would have filled it.
    found += query.contains(limit + 1 - len(found))
    found += [(kind, ref) for elsewhere, kind, ref in rest if elsewhere]
    return Matches(tuple(found[:limit]), len(found), more=True)


class _Query:
    """The SQL of each tier for one query's terms."""

    def __init__(self, db: SqliteDatabase, terms: Sequence[str]) -> None:
        self._db = db
        self._first = terms[0]
        end = prefix_end(self._first)
        self._range = ("{0} >= ? AND {0} < ?", [self._first, end]) if end is not None \
            else ("{0} >= ?", [self._first])
        # The first term is in every name the name tiers find; the others are looked for.
        self._others = "".join(" AND instr(e.haystack, ?) > 0" for _ in terms[1:])
        self._other_terms = list(terms[1:])
        self._all = " AND ".join("instr(e.haystack, ?) > 0" for _ in terms)
        self._terms = list(terms)

    def _in_range(self, column: str) -> tuple[str, list[str]]:
        return self._range[0].format(column), list(self._range[1])

    def _rows(self, sql: str, params: Sequence[object]) -> list[tuple]:
        return self._db.execute_sql(sql, list(params)).fetchall()

    def starts(self, limit: int) -> list[Key]:
        """Names that start with the first term."""
        in_range, bounds = self._in_range("e.name_key")
        return self._rows(
            f"SELECT e.kind, e.ref FROM search_entry AS e WHERE {in_range}{self._others} "
            f"ORDER BY e.name_key, e.kind DESC, e.ref LIMIT ?",
            [*bounds, *self._other_terms, limit])

    def word_starts(self, limit: int) -> list[Key]:
        """Names that do not, but where a later word starts with the first term."""
        word_range, word_bounds = self._in_range("w.word_key")
        name_range, name_bounds = self._in_range("w.name_key")
        join = "JOIN search_entry AS e ON e.kind = w.kind AND e.ref = w.ref " \
            if self._others else ""  # the other terms are looked for in the haystack
        rows = self._rows(
            f"SELECT DISTINCT w.name_key, w.kind, w.ref FROM search_word AS w {join}"
            f"WHERE {word_range} AND NOT ({name_range}){self._others} "
            f"ORDER BY 1, 2 DESC, 3 LIMIT ?",
            [*word_bounds, *name_bounds, *self._other_terms, limit])
        return [(kind, ref) for _, kind, ref in rows]

    def rest(self, limit: int) -> list[tuple[int, str, int]]:
        """(only outside the name?, kind, id) of the other matches, in name order: the name
        contains the first term within a word, or only the title, company or e-mail do."""
        name_range, name_bounds = self._in_range("e.name_key")
        return self._rows(
            f"SELECT instr(e.name_key, ?) = 0, e.kind, e.ref FROM search_entry AS e "
            f"WHERE {self._all} AND instr(e.name_key, ' ' || ?) = 0 AND NOT ({name_range}) "
            f"ORDER BY e.name_key, e.kind DESC, e.ref LIMIT ?",
            [self._first, *self._terms, self._first, *name_bounds, limit])

    def contains(self, limit: int) -> list[Key]:
        """Names that contain the first term, but not at the start of a word."""
        if not self._in_some_name():
            return []
        return self._rows(
            f"SELECT e.kind, e.ref FROM search_entry AS e WHERE instr(e.name_key, ?) > 1 "
            f"AND instr(e.name_key, ' ' || ?) = 0{self._others} "
            f"ORDER BY e.name_key, e.kind DESC, e.ref LIMIT ?",
            [self._first, self._first, *self._other_terms, limit])

    def _in_some_name(self) -> bool:
        """False when a name containing the first term cannot exist: one of its sequences is
        in no name (a term shorter than a sequence could be anywhere)."""
        wanted = sorted(grams(self._first))[:64]  # any of them tells: a pasted page is many
        if not wanted:
            return True
        marks = ", ".join("?" * len(wanted))
        held = self._db.execute_sql(
            f"SELECT count(*) FROM search_gram WHERE gram IN ({marks})", list(wanted))
        return held.fetchone()[0] == len(wanted)


def prefix_end(prefix: str) -> str | None:
    """The least text above every text that starts with `prefix` (SQLite compares text as
    UTF-8 bytes, which is code point order); None when there is none."""
    while prefix:
        last = ord(prefix[-1]) + 1
        if 0xD800 <= last <= 0xDFFF:  # surrogates cannot be stored; the next is U+E000
            last = 0xE000
        if last <= 0x10FFFF:
            return prefix[:-1] + chr(last)
        prefix = prefix[:-1]
    return None
