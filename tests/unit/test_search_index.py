"""The stored search index (schema 7): kept current on every write path through the triggers'
stale list, ranked as the contacts page always ranked, and left out of exports."""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from peewee import SqliteDatabase

from followup_desktop.services import records
from followup_desktop.services.backend import Backend
from followup_desktop.services.demo import load_demo
from followup_desktop.services.exchange.contacts_import import import_vcards
from followup_desktop.services.exchange.invitations.applying import import_ics
from followup_desktop.services.exchange.transfer.exporting import export_document, export_file
from followup_desktop.services.exchange.transfer.importing import import_file
from followup_desktop.services.records import ContactDraft, update_company, update_contact
from followup_desktop.services.safekeeping.backups import backup_now, restore
from followup_desktop.services.views import people, search_index
from followup_desktop.services.views.people import HitKind
from followup_desktop.storage import schema
from followup_desktop.storage.database import open_database
from helpers.backends import db_file, make_backend, row_counts, tables

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def backend_start() -> datetime:
    return NOW


def found(backend: Backend, query: str, limit: int = people.SEARCH_LIMIT
          ) -> list[tuple[HitKind, str]]:
    return [(hit.kind, hit.name) for hit in people.search(backend, query, limit).hits]


def stale(backend: Backend) -> set[tuple[str, int]]:
    return set(backend.db.execute_sql("SELECT kind, ref FROM search_stale").fetchall())


def raw(backend: Backend, foreign_keys: bool = True) -> closing[sqlite3.Connection]:
    """A second, plain sqlite3 connection, as the sqlite3 shell or another tool would write:
    no app code, no Python functions, autocommit."""
    conn = sqlite3.connect(db_file(backend.data_dir), isolation_level=None)
    conn.execute(f"PRAGMA foreign_keys = {int(foreign_keys)}")
    return closing(conn)


# ---------------------------------------------------------------- folding

@pytest.mark.parametrize(("name", "words"), [
    ("zoe bronte", ["bronte"]), ("ana de la cruz", ["de la cruz", "la cruz", "cruz"]),
    ("madonna", []), ("trailing ", []), ("a  b", [" b", "b"]),
])
def test_later_words_start_after_each_space(name: str, words: list[str]) -> None:
    assert search_index.later_words(name) == words


def test_entries_fold_every_field_and_keep_them_apart() -> None:
    assert search_index.entry("person", "Zoë Brontë", "Größenplanerin", "Müller & Söhne",
                              "Zoe.Bronte@Example.DE") == (
        "zoe bronte", "zoe bronte\x1fgrossenplanerin\x1fmuller & sohne\x1fzoe.bronte@example.de")
    assert search_index.entry("company", "ﬁnance AG") == ("finance ag", "finance ag")


@pytest.mark.parametrize(("prefix", "end"), [
    ("ab", "ac"), ("a", "b"), ("x\U0010ffff", "y"), ("\U0010ffff", None), ("", None),
    ("a\ud7ff", "a\ue000"),  # the surrogates, which cannot be stored, are skipped
])
def test_prefix_end_is_the_least_text_above_the_prefix(prefix: str, end: str | None) -> None:
    assert search_index.prefix_end(prefix) == end


# ---------------------------------------------------------------- kept current

def test_new_people_and_companies_are_found_at_once(backend: Backend) -> None:
    company = records.add_company(backend, "Fjord & Pine")
    records.add_contact(backend, company, ContactDraft("Ola Nordmann", "BIM Lead",
                                                       email="ola@fjord.example"))
    assert stale(backend) == {("company", company), ("person", 1)}
    assert found(backend, "fjord") == [(HitKind.COMPANY, "Fjord & Pine"),
                                       (HitKind.PERSON, "Ola Nordmann")]
    assert stale(backend) == set()  # the search re-folded them
    assert found(backend, "bim lead") == [(HitKind.PERSON, "Ola Nordmann")]


def test_editing_a_person_or_renaming_a_company_is_searchable(backend: Backend) -> None:
    acme = records.add_company(backend, "Acme")
    globex = records.add_company(backend, "Globex")
    ada = records.add_contact(backend, acme, ContactDraft("Ada Lovelace", "CTO"))
    assert found(backend, "ada") == [(HitKind.PERSON, "Ada Lovelace")]
    update_contact(backend, ada, globex, ContactDraft("Ada King", "Countess",
                                                      email="ada@globex.example"))
    assert found(backend, "lovelace") == []
    assert found(backend, "king countess globex ada@globex") == [(HitKind.PERSON, "Ada King")]
    assert found(backend, "acme") == [(HitKind.COMPANY, "Acme")]  # she left it
    update_company(backend, globex, "Initech")
    assert found(backend, "globex") == [(HitKind.PERSON, "Ada King")]  # her e-mail still says so
    assert found(backend, "initech") == [(HitKind.COMPANY, "Initech"), (HitKind.PERSON, "Ada King")]


def test_writes_from_another_plain_connection_are_found(backend: Backend) -> None:
    acme = records.add_company(backend, "Acme")
    ada = records.add_contact(backend, acme, ContactDraft("Ada Lovelace"))
    assert found(backend, "ada") == [(HitKind.PERSON, "Ada Lovelace")]
    with raw(backend) as conn:
        conn.execute("INSERT INTO company (id, name, created_utc) "
                     "VALUES (7, 'Brontë Bücher', '2026-01-01T00:00:00Z')")
        conn.execute("INSERT INTO contact (id, company_id, name, role, created_utc) "
                     "VALUES (9, 7, 'Zoë Weiß', 'other', '2026-01-01T00:00:00Z')")
        conn.execute("UPDATE contact SET title = 'Gräfin' WHERE id = ?", (ada,))
        conn.execute("UPDATE company SET name = 'Acme Söhne' WHERE id = ?", (acme,))
    assert found(backend, "BUCHER") == [(HitKind.COMPANY, "Brontë Bücher"),
                                        (HitKind.PERSON, "Zoë Weiß")]
    assert found(backend, "weiss") == [(HitKind.PERSON, "Zoë Weiß")]
    assert found(backend, "grafin sohne") == [(HitKind.PERSON, "Ada Lovelace")]
    with raw(backend) as conn:
        conn.execute("DELETE FROM contact WHERE id = 9")
        conn.execute("DELETE FROM company WHERE id = ?", (acme,))  # Ada's company: set null
    assert found(backend, "weiss") == []
    assert found(backend, "acme") == []
    assert people.search(backend, "ada").hits[0].company == ""
    assert row_counts(db_file(backend.data_dir))["search_entry"] == 2  # Ada, Brontë Bücher


def test_a_company_deleted_without_foreign_keys_leaves_no_stale_company_name(
        backend: Backend) -> None:
    acme = records.add_company(backend, "Acme")
    records.add_contact(backend, acme, ContactDraft("Ada Lovelace"))
    assert found(backend, "acme") == [(HitKind.COMPANY, "Acme"), (HitKind.PERSON, "Ada Lovelace")]
    with raw(backend, foreign_keys=False) as conn:  # the sqlite3 shell's default
        conn.execute("DELETE FROM company WHERE id = ?", (acme,))
    assert found(backend, "acme") == []
    assert found(backend, "ada") == [(HitKind.PERSON, "Ada Lovelace")]


def test_a_changed_id_moves_the_entry(backend: Backend) -> None:
    records.add_contact(backend, None, ContactDraft("Ada Lovelace"))
    assert people.search(backend, "ada").hits[0].id == 1
    with raw(backend) as conn:
        conn.execute("UPDATE contact SET id = 5 WHERE id = 1")
    assert [hit.id for hit in people.search(backend, "ada").hits] == [5]


def test_what_the_search_does_not_show_changes_nothing(backend: Backend) -> None:
    records.add_contact(backend, None, ContactDraft("Ada Lovelace", phone="+49 1"))
    people.search(backend, "")
    with raw(backend) as conn:
        conn.execute("UPDATE contact SET phone = '+49 2', notes = 'x', postal_address = 'y'")
    assert stale(backend) == set()


def test_the_sample_data_is_searchable(backend: Backend) -> None:
    load_demo(backend)
    assert people.search(backend, "").total == 16
    assert found(backend, "jonas") == [(HitKind.PERSON, "Jonas Weber")]


def test_imported_cards_are_searchable(backend: Backend) -> None:
    import_vcards(backend, FIXTURES / "vcard" / "google.vcf")
    assert found(backend, "zoe angstrom") == [(HitKind.PERSON, "Zoë Ångström")]
    assert (HitKind.COMPANY, "Dragon Systems") in found(backend, "dragon")


def test_imported_invitations_are_searchable(backend: Backend) -> None:
    import_ics(backend, FIXTURES / "ics" / "google_request.ics",
               ["jane.candidate@gmail.com"])
    assert found(backend, "babbage") == [(HitKind.PERSON, "Charles Babbage")]
    assert (HitKind.PERSON, "Ada Lovelace") in found(backend, "acme")


def test_a_json_import_is_searchable_and_the_export_leaves_the_index_out(
        backend: Backend, tmp_path: Path) -> None:
    load_demo(backend)
    people.search(backend, "")
    document = export_document(backend)
    assert not [key for key in document if "search" in key]
    assert "search_entry" not in json.dumps(document)
    export_file(backend, tmp_path / "all.json")
    with make_backend(tmp_path / "other", start=NOW) as other:
        import_file(other, tmp_path / "all.json")
        assert len(stale(other)) == 16
        assert found(other, "amara") == [(HitKind.PERSON, "Amara Okafor")]
        assert people.search(other, "").total == 16
        check = other.db.execute_sql("PRAGMA integrity_check").fetchall()
        assert check == [("ok",)]


def test_a_restored_backup_is_searchable_as_it_was(backend: Backend) -> None:
    records.add_company(backend, "Acme")
    saved = backup_now(backend, "manual")  # Acme not yet folded: listed as stale in the copy
    records.add_company(backend, "Globex")
    assert found(backend, "") == [(HitKind.COMPANY, "Acme"), (HitKind.COMPANY, "Globex")]
    restore(backend, saved)
    assert found(backend, "") == [(HitKind.COMPANY, "Acme")]
    assert found(backend, "globex") == []


def counted_grams(backend: Backend) -> dict[str, int]:
    return dict(backend.db.execute_sql("SELECT gram, names FROM search_gram").fetchall())


def recounted_grams(backend: Backend) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for (name_key,) in backend.db.execute_sql("SELECT name_key FROM search_entry"):
        counts.update(search_index.grams(name_key))
    return dict(counts)


def test_the_sequence_counts_follow_every_change(backend: Backend) -> None:
    acme = records.add_company(backend, "Acme")
    ada = records.add_contact(backend, acme, ContactDraft("Ada Lovelace"))
    records.add_contact(backend, acme, ContactDraft("Ada Lovelace"))  # a namesake: counted twice
    people.search(backend, "")
    assert counted_grams(backend) == recounted_grams(backend)
    assert counted_grams(backend)["lov"] == 2
    update_contact(backend, ada, acme, ContactDraft("Ada King"))
    update_company(backend, acme, "Initech")
    people.search(backend, "")
    assert counted_grams(backend) == recounted_grams(backend)
    assert counted_grams(backend)["lov"] == 1 and "acm" not in counted_grams(backend)
    with raw(backend) as conn:
        conn.execute("DELETE FROM contact")
        conn.execute("DELETE FROM company")
    people.search(backend, "")
    assert counted_grams(backend) == {}


def test_a_word_in_no_name_skips_the_scan_of_the_names(backend: Backend,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "REST_LIMIT", 2)
    company = records.add_company(backend, "Initech")
    for name in ("Ada King", "Bo Engel", "Cy Dengler", "Di Moe", "Ed Roe", "Fa Poe", "Gu Loe"):
        records.add_contact(backend, company, ContactDraft(name, "Engineer"))
    scans: list[str] = []
    real = search_index._Query._rows

    def rows(query: search_index._Query, sql: str, params: list[object]) -> list[tuple]:
        scans.append(sql)
        return real(query, sql, params)

    monkeypatch.setattr(search_index._Query, "_rows", rows)
    # "eng": Bo Engel's word starts with it, Cy Dengler's name has it within, the others
    # match on their title; more than four matches beyond the names are "many" here.
    assert found(backend, "eng", limit=2) == [(HitKind.PERSON, "Bo Engel"),
                                              (HitKind.PERSON, "Cy Dengler")]
    assert found(backend, "engineer", limit=2) == [(HitKind.PERSON, "Ada King"),
                                                   (HitKind.PERSON, "Bo Engel")]
    assert sum("instr(e.name_key, ?) > 1" in sql for sql in scans) == 1  # "eng" only


def test_a_search_while_another_writer_holds_the_lock_reads_the_index_as_it_is(
        backend: Backend) -> None:
    records.add_company(backend, "Acme")
    assert found(backend, "acme") == [(HitKind.COMPANY, "Acme")]
    records.add_company(backend, "Acme Söhne")  # listed, not yet folded
    with raw(backend) as conn:
        conn.execute("BEGIN IMMEDIATE")  # an import writing for seconds
        conn.execute("INSERT INTO company (name, created_utc) VALUES ('Acme Uncommitted', '')")
        start = time.perf_counter()
        assert found(backend, "acme") == [(HitKind.COMPANY, "Acme")]
        assert time.perf_counter() - start < 2  # not the usual five seconds' wait, no error
        conn.execute("COMMIT")
    assert backend.db.execute_sql("PRAGMA busy_timeout").fetchone() == (5000,)
    assert found(backend, "acme") == [(HitKind.COMPANY, "Acme"), (HitKind.COMPANY, "Acme Söhne"),
                                      (HitKind.COMPANY, "Acme Uncommitted")]


def test_refresh_works_in_chunks(backend: Backend, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "REFRESH_CHUNK", 2)
    for number in range(5):
        records.add_company(backend, f"Company {number}")
    assert search_index.refresh(backend.db) == 5
    assert search_index.refresh(backend.db) == 0
    assert people.search(backend, "company").total == 5


# ---------------------------------------------------------------- the upgrade from version 6

def test_the_upgrade_from_version_6_lists_every_row_and_search_builds_the_index(
        tmp_path: Path) -> None:
    path = tmp_path / "data" / "followup.sqlite3"
    path.parent.mkdir()
    old = SqliteDatabase(str(path))  # bound to no model
    old.connect()
    assert schema.upgrade(old, target=6) == 6
    old.execute_sql("INSERT INTO company (id, name, created_utc) "
                    "VALUES (1, 'Müller & Söhne', '2026-01-01T00:00:00Z')")
    old.execute_sql("INSERT INTO contact (id, company_id, name, title, role, email, "
                    "created_utc) VALUES (1, 1, 'Zoë Brontë', 'Größenplanerin', 'other', "
                    "'zoe@example.de', '2026-01-01T00:00:00Z')")
    old.close()
    open_database(path).close()
    assert {"search_entry", "search_word", "search_gram", "search_stale"} <= set(tables(path))
    with make_backend(path.parent, start=NOW) as backend:
        assert stale(backend) == {("company", 1), ("person", 1)}
        assert found(backend, "GROSSENPLANERIN") == [(HitKind.PERSON, "Zoë Brontë")]
        assert found(backend, "sohne") == [(HitKind.COMPANY, "Müller & Söhne"),
                                           (HitKind.PERSON, "Zoë Brontë")]
        assert stale(backend) == set()
        triggers = {name for (name,) in backend.db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert {"contact_search_insert", "contact_search_update", "contact_search_delete",
                "company_search_insert", "company_search_update",
                "company_search_delete"} <= triggers


# ---------------------------------------------------------------- ranking

def reference(entries: list[tuple[str, int, str, str]], terms: list[str]) -> list[tuple[str, int]]:
    """Today's ranking, by brute force: every term in the haystack; the name starts with the
    first term, then a word of it does, then it contains it, then the rest; ties by name,
    people first, then id."""
    def tier(name_key: str) -> int:
        first = terms[0] if terms else ""
        if name_key.startswith(first):
            return 0
        if " " + first in name_key:
            return 1
        return 2 if first in name_key else 3

    matching = [(tier(name_key), name_key, kind != "person", ref, kind)
                for kind, ref, name_key, haystack in entries
                if all(term in haystack for term in terms)]
    return [(kind, ref) for *_, ref, kind in sorted(matching)]


def random_text(rng: random.Random, words: int) -> str:
    syllables = ["an", "na", "ma", "ar", "ö", "e", "o", "b", "ab", "A", " "]
    text = " ".join("".join(rng.choice(syllables) for _ in range(rng.randint(1, 3)))
                    for _ in range(words)).strip()
    return text or "x" if words else text


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    """Two hundred people and companies with names from a few syllables: every tier crowded."""
    rng = random.Random(7)
    backend = make_backend(tmp_path_factory.mktemp("crowded"), start=NOW)
    with backend.write():
        companies = [records.add_company(backend, random_text(rng, rng.randint(1, 3)))
                     for _ in range(60)]
        for _ in range(140):
            records.add_contact(backend, rng.choice([*companies, None]), ContactDraft(
                random_text(rng, rng.randint(1, 3)), random_text(rng, rng.randint(0, 2)),
                email=f"{random_text(rng, 1).replace(' ', '')}@x.example"))
    yield backend
    backend.close()


@pytest.mark.parametrize("rest_limit", [1_000, 4])
@pytest.mark.parametrize("limit", [200, 25, 3, 1])
@pytest.mark.parametrize("query", ["", "a", "an", "na", "ma", "ab", "o", "ar an", "b", "nab",
                                   "x", "e o", "anan", "mab", "@", "an @x", "ö", "@x.", "x.ex",
                                   "ple", "ana", "rma"])
def test_ranking_matches_the_brute_force_reference(crowded: Backend, query: str, limit: int,
                                                   rest_limit: int,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "REST_LIMIT", rest_limit)
    search_index.refresh(crowded.db)
    entries = crowded.db.execute_sql(
        "SELECT kind, ref, name_key, haystack FROM search_entry").fetchall()
    terms = people.search_terms(query)
    expected = reference(entries, terms)
    with crowded.db.atomic("DEFERRED"):
        matches = search_index.find(crowded.db, terms, limit)
    assert list(matches.keys) == expected[:limit]
    if matches.more:
        assert len(expected) > limit and matches.total > limit
    else:
        assert matches.total == len(expected)
