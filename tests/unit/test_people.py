"""The contacts page's reads: search as you type, a person's panel, a company's panel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from followup_desktop.domain.model import (
    ActionKind,
    ActionState,
    ApplicationStatus,
    Channel,
    Role,
)
from followup_desktop.services import actions, records
from followup_desktop.services.backend import Backend
from followup_desktop.services.demo import load_demo
from followup_desktop.services.errors import UserError
from followup_desktop.services.records import ContactDraft
from followup_desktop.services.views import people
from followup_desktop.services.views.people import HitKind
from helpers.backends import clock_of

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
HOSTILE = '<b>Acme</b><img src=x>'


@pytest.fixture
def backend_start() -> datetime:
    return NOW


@pytest.fixture
def zoe(backend: Backend) -> int:
    """Zoë Brontë, Größenplanerin at Müller & Söhne, and a colleague."""
    company = records.add_company(backend, "Müller & Söhne")
    records.add_contact(backend, company, ContactDraft("Paul Schmidt", "Einkäufer"))
    return records.add_contact(backend, company, ContactDraft(
        "Zoë Brontë", "Größenplanerin", Role.HIRING_MANAGER, "zoe.bronte@example.de"))


def names(result: people.SearchResult) -> list[str]:
    return [hit.name for hit in result.hits]


@pytest.mark.parametrize(("text", "folded"), [
    ("Zoë", "zoe"), ("ZOË", "zoe"), ("zoe\u0308", "zoe"), ("Straße", "strasse"),
    ("ﬁnance", "finance"), ("Ålesund", "alesund"), ("İstanbul", "istanbul"), ("", ""),
])
def test_fold_ignores_case_accents_and_compatibility_forms(text: str, folded: str) -> None:
    assert people.fold(text) == folded


@pytest.mark.parametrize("query", ["zoë", "ZOË", "Zoe", "zoe\u0308", "BRONTË", "bronte",
                                   "größenplanerin", "GROSSENPLANERIN", "zoe.bronte@",
                                   "zoë brontë", "brontë zoë"])
def test_search_finds_a_person_whatever_the_case_and_accents(backend: Backend, zoe: int,
                                                             query: str) -> None:
    result = people.search(backend, query)
    assert [(h.kind, h.id) for h in result.hits] == [(HitKind.PERSON, zoe)]
    assert result.total == 1


def test_search_by_company_name_finds_the_company_and_its_people(backend: Backend,
                                                                 zoe: int) -> None:
    result = people.search(backend, "MÜLLER")
    assert [(h.kind, h.name) for h in result.hits] == [
        (HitKind.COMPANY, "Müller & Söhne"),  # its name starts with the query: first
        (HitKind.PERSON, "Paul Schmidt"), (HitKind.PERSON, "Zoë Brontë")]
    person = result.hits[2]
    assert (person.title, person.company) == ("Größenplanerin", "Müller & Söhne")
    assert result.hits[0].company_id is None


def test_search_narrows_as_you_type(backend: Backend) -> None:
    load_demo(backend)
    totals = [people.search(backend, text).total for text in ("", "a", "am", "ama", "amar")]
    assert totals == sorted(totals, reverse=True)
    assert totals[0] == 16  # 10 people and 6 companies
    assert names(people.search(backend, "amar")) == ["Amara Okafor"]


def test_search_ranks_names_that_start_with_the_query_first(backend: Backend) -> None:
    company = records.add_company(backend, "Annex")
    for name in ("Joanna Berg", "Anna Lind", "Bo Anders"):
        records.add_contact(backend, company, ContactDraft(name))
    assert names(people.search(backend, "an")) == [
        "Anna Lind", "Annex", "Bo Anders", "Joanna Berg"]


def test_every_word_must_match(backend: Backend, zoe: int) -> None:
    assert names(people.search(backend, "paul söhne")) == ["Paul Schmidt"]
    assert names(people.search(backend, "paul zoe")) == []


@pytest.mark.parametrize("query", ["%", "_", "'", '"', "\\", "'; DROP TABLE contact; --",
                                   "<img", "*", "[", "\x00", "\u202e", "🙂"])
def test_hostile_queries_match_literally(backend: Backend, query: str) -> None:
    records.add_company(backend, HOSTILE)
    records.add_company(backend, "100% Remote_Work")
    records.add_company(backend, "O'Brien \"Quotes\" \\ Co")
    result = people.search(backend, query)
    expected = [name for name in (HOSTILE, "100% Remote_Work", "O'Brien \"Quotes\" \\ Co")
                if people.fold(query).strip() in people.fold(name)] if query.strip() else None
    if expected is not None:
        assert sorted(names(result)) == sorted(expected)
    assert people.search(backend, "").total == 3  # nothing was harmed


def test_hostile_company_name_is_found_and_returned_verbatim(backend: Backend) -> None:
    records.add_company(backend, HOSTILE)
    (hit,) = people.search(backend, "<IMG SRC").hits
    assert hit.name == HOSTILE


def test_search_stops_at_the_limit_and_says_more_matched(backend: Backend) -> None:
    company = records.add_company(backend, "Big Corp")
    for number in range(250):
        records.add_contact(backend, company, ContactDraft(f"Person {number:03d}"))
    result = people.search(backend, "person")
    assert len(result.hits) == people.SEARCH_LIMIT
    # Counting every match of a query would read every entry: past a page it says "more".
    assert result.more and result.truncated
    assert result.total > people.SEARCH_LIMIT
    assert names(people.search(backend, "person", limit=3)) == [
        "Person 000", "Person 001", "Person 002"]
    narrower = people.search(backend, "person 01")  # fewer than a page: counted exactly
    assert (narrower.total, narrower.more, narrower.truncated) == (13, False, False)
    assert names(narrower)[:2] == ["Person 001", "Person 010"]
    everyone = people.search(backend, "")  # the empty query is a table count: exact
    assert (everyone.total, everyone.more, everyone.truncated) == (251, False, True)


def test_search_in_an_empty_database(backend: Backend) -> None:
    result = people.search(backend, "anything")
    assert (result.hits, result.total, result.truncated) == ((), 0, False)


def test_person_panel_has_identity_channels_and_verification(backend: Backend) -> None:
    load_demo(backend)
    (hit,) = people.search(backend, "Jonas").hits
    person = people.person_detail(backend, hit.id)
    assert (person.name, person.title, person.role) == (
        "Jonas Weber", "Senior Data Engineer", Role.INTERVIEWER)
    assert (person.name_verified, person.title_verified) == (True, False)
    assert person.verified_source == "Business card"
    assert person.company == "Northwind Analytics"
    assert person.email == "jonas.weber@example.com"


def test_person_timeline_is_newest_first_and_sets_last_contacted(backend: Backend,
                                                                 zoe: int) -> None:
    company = people.person_detail(backend, zoe).company_id
    assert company is not None
    app = records.add_application(backend, company, "Planner")
    start = NOW - timedelta(days=10)
    records.add_interview(backend, app, start, start + timedelta(hours=1), "Europe/Berlin", [zoe])
    before = people.person_detail(backend, zoe)
    assert before.last_contacted is None and before.touches == ()
    pending = [u.id for u in before.upcoming]
    assert before.upcoming[0].kind == ActionKind.THANK_YOU
    assert [u.due for u in before.upcoming] == sorted(u.due for u in before.upcoming)
    actions.complete(backend, pending[0], "Thanked her by e-mail.", at=NOW - timedelta(days=9))
    actions.complete(backend, pending[1], "Asked about timing.", at=NOW - timedelta(days=2))
    person = people.person_detail(backend, zoe)
    assert [(t.summary, t.position) for t in person.touches] == [
        ("Asked about timing.", "Planner"), ("Thanked her by e-mail.", "Planner")]
    assert person.last_contacted == NOW - timedelta(days=2)
    assert all(u.state == ActionState.PLANNED for u in person.upcoming)
    assert pending[0] not in [u.id for u in person.upcoming]
    assert person.upcoming[0].position == "Planner"
    assert person.upcoming[0].company == "Müller & Söhne"


def test_upcoming_leaves_out_what_a_rejection_cancelled(backend: Backend, zoe: int) -> None:
    company = people.person_detail(backend, zoe).company_id
    app = records.add_application(backend, company, "Planner")  # type: ignore[arg-type]
    start = NOW - timedelta(days=1)
    records.add_interview(backend, app, start, start + timedelta(hours=1), "Europe/Berlin", [zoe])
    assert people.person_detail(backend, zoe).upcoming
    records.set_status(backend, app, ApplicationStatus.REJECTED)
    assert people.person_detail(backend, zoe).upcoming == ()


def test_company_panel_has_people_applications_and_last_contact(backend: Backend) -> None:
    company = records.add_company(backend, "Fjord & Pine", website="https://fjord.example",
                                  postal_address="Bryggen 4\n5003 Bergen",
                                  preferred_channel=Channel.CARD, reach_notes="A card fits.")
    ola = records.add_contact(backend, company, ContactDraft("Ola", "BIM Lead"))
    records.add_contact(backend, company, ContactDraft("Ingrid", "Partner", Role.HIRING_MANAGER))
    first = records.add_application(backend, company, "Intern")
    clock_of(backend).advance(timedelta(hours=1))
    second = records.add_application(backend, company, "BIM Coordinator")
    start = NOW - timedelta(days=3)
    records.add_interview(backend, second, start, start + timedelta(hours=1), "Europe/Berlin",
                          [ola])
    detail = people.company_detail(backend, company)
    assert (detail.name, detail.website, detail.postal_address) == (
        "Fjord & Pine", "https://fjord.example", "Bryggen 4\n5003 Bergen")
    assert (detail.preferred_channel, detail.reach_notes) == (Channel.CARD, "A card fits.")
    assert [p.name for p in detail.people] == ["Ingrid", "Ola"]
    assert [(a.id, a.status) for a in detail.applications] == [
        (second, ApplicationStatus.INTERVIEWING), (first, ApplicationStatus.APPLIED)]
    assert detail.last_contact is None
    thank = people.person_detail(backend, ola).upcoming[0]
    actions.complete(backend, thank.id, "Card.", at=NOW - timedelta(hours=5))
    assert people.company_detail(backend, company).last_contact == NOW - timedelta(hours=5)


def test_panels_of_missing_records_are_clear_errors(backend: Backend) -> None:
    with pytest.raises(UserError, match="no contact 5"):
        people.person_detail(backend, 5)
    with pytest.raises(UserError, match="no company 5"):
        people.company_detail(backend, 5)


def test_a_person_without_a_company(backend: Backend) -> None:
    loner = records.add_contact(backend, None, ContactDraft("Freelance Fay"))
    person = people.person_detail(backend, loner)
    assert (person.company_id, person.company) == (None, "")
    (hit,) = people.search(backend, "fay").hits
    assert (hit.company_id, hit.company) == (None, "")
