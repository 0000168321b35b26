"""vCard import (services.contacts_import) and export (services.exports), with io/vcard/."""

from __future__ import annotations

import codecs
import stat
import time
from pathlib import Path

import pytest
from peewee import JOIN

from followup_desktop.domain.model import Role
from followup_desktop.domain.validation import ValidationError
from followup_desktop.io.vcard import reading
from followup_desktop.io.vcard.decoding import decode
from followup_desktop.services import records
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.exchange import contacts_import, exports
from followup_desktop.services.exchange.contacts_import import (
    ImportSummary,
    import_vcards,
    role_for,
)
from followup_desktop.services.records import ContactDraft
from followup_desktop.storage.models import Company, Contact
from helpers.backends import db_file, make_backend, row_counts, table_rows

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "vcard"
HOSTILE = 'Acme, Inc; "x" \\ y'


def people() -> dict[str, dict[str, object]]:
    """Every contact by name, with its company's name."""
    rows = Contact.select(Contact, Company.name.alias("company_name")).join(
        Company, JOIN.LEFT_OUTER).dicts()
    return {row["name"]: row for row in rows}


def companies() -> dict[str, str]:
    return {c.name: c.postal_address for c in Company.select()}


def write(tmp_path: Path, text: str | bytes, name: str = "cards.vcf") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        text = text.replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(text)
    return path


def card(*lines: str) -> str:
    return "\n".join(("BEGIN:VCARD", "VERSION:3.0", *lines, "END:VCARD")) + "\n"


# ---------------------------------------------------------------- the fixtures

def test_google_contacts(backend):
    summary = import_vcards(backend, FIXTURES / "google.vcf")
    assert summary == ImportSummary(created=3, companies_created=3)
    found = people()
    ada = found["Ada Lovelace"]
    assert ada["email"] == "Ada.Lovelace@Acme-Robotics.example"  # the work address
    assert ada["phone"] == "+49 30 1234567"  # the work phone
    assert ada["postal_address"] == "Hauptstraße 1\n10115 Berlin\nGermany"
    assert (ada["title"], ada["role"], ada["company_name"]) == (
        "Head of Robotics", Role.OTHER, "Acme Robotics")
    assert ada["notes"] == ("Met at the robotics meetup in Kreuzberg; asked about the gripper "
                            "project and the Munich office, and promised to send the paper on "
                            "soft actuators.")
    assert not ada["name_verified"] and not ada["title_verified"]
    assert found["Zoë Ångström"]["role"] == Role.RECRUITER  # "Talent Acquisition Partner"
    assert found["Zoë Ångström"]["email"] == "zoe.angstrom@nordic-ai.example"
    assert found["李小龙"]["company_name"] == "Dragon Systems"


def test_apple_contacts_and_icloud(backend):
    summary = import_vcards(backend, FIXTURES / "apple-icloud.vcf")
    assert summary == ImportSummary(created=2, companies_created=2)
    found = people()
    assert set(found) == {"Ada Lovelace", "Dr. Grace Ann Mitchell"}  # the company card is no one
    grace = found["Dr. Grace Ann Mitchell"]
    assert grace["email"] == "grace@brightline-health.example"
    assert grace["phone"] == "(555) 010-2030"
    assert grace["postal_address"] == ("Suite 400\n500 Market Street\nSan Francisco, CA 94105\n"
                                       "United States")
    assert grace["notes"] == "Prefers a short e-mail.\nNo calls before 10."
    assert found["Ada Lovelace"]["company_name"] == "ACME ROBOTICS"  # ORG's first part only
    # The company card gave its company the address.
    assert companies()["Brightline Health"] == ("500 Market Street\nSan Francisco, CA 94105\n"
                                                "United States")


def test_outlook_vcard_2_1(backend):
    summary = import_vcards(backend, FIXTURES / "outlook.vcf")
    assert summary == ImportSummary(created=2, companies_created=1)
    found = people()
    juergen = found["Jürgen Müller"]  # raw Windows-1252 bytes, as declared by CHARSET
    assert juergen["role"] == Role.RECRUITER
    assert juergen["email"] == "Juergen.Mueller@Contoso.example"
    assert juergen["phone"] == "+49 89 1234-0"
    assert juergen["postal_address"] == "Leopoldstraße 5\nHinterhaus\n80802 München\nDeutschland"
    emma = found["Emma Brown"]
    assert emma["role"] == Role.RECEPTIONIST
    assert emma["notes"] == "Grüße an alle: zuerst anrufen, dann schreiben."  # comma kept
    assert juergen["company"] == emma["company"]


def test_thunderbird_vcard_4_0(backend):
    summary = import_vcards(backend, FIXTURES / "thunderbird.vcf")
    assert summary == ImportSummary(created=2, companies_created=1)
    found = people()
    grace = found["Grace Hopper"]
    assert grace["email"] == "Grace.Hopper@Compiler-Works.example"
    assert grace["phone"] == "+1-555-010-0199"  # from tel: URI
    assert grace["postal_address"] == "1 Compiler Way\nSuite 9\nArlington, VA 22202\nUSA"
    assert grace["title"] == "Director of Engineering"
    assert found["Linus Andersson"]["company"] is None
    assert companies() == {"Compiler Works": "1 Compiler Way\nArlington, VA 22202\nUSA"}


@pytest.mark.parametrize("name", ["google.vcf", "apple-icloud.vcf", "outlook.vcf",
                                  "thunderbird.vcf"])
def test_importing_a_file_again_duplicates_nothing(backend, name):
    first = import_vcards(backend, FIXTURES / name)
    counts = row_counts(db_file(backend.data_dir))
    again = import_vcards(backend, FIXTURES / name)
    assert again == ImportSummary(unchanged=first.created)
    assert row_counts(db_file(backend.data_dir)) == counts


def test_the_same_person_from_two_address_books_is_one_contact(backend):
    import_vcards(backend, FIXTURES / "google.vcf")
    summary = import_vcards(backend, FIXTURES / "apple-icloud.vcf")
    # Ada matches by e-mail whatever its case; "ACME ROBOTICS" is the known Acme Robotics.
    assert summary == ImportSummary(created=1, unchanged=1, companies_created=1)
    assert list(people()).count("Ada Lovelace") == 1
    assert Company.select().where(Company.name ** "acme robotics").count() == 1


def test_an_existing_contact_is_completed_never_overwritten(backend, tmp_path):
    company = records.add_company(backend, "Acme Robotics")
    mine = records.add_contact(backend, company, ContactDraft(
        "Ada King, Countess of Lovelace", role=Role.HIRING_MANAGER,
        email="ADA.LOVELACE@acme-robotics.example", phone="+44 20 7946 0000",
        name_verified=True))
    summary = import_vcards(backend, FIXTURES / "google.vcf")
    assert summary.updated == 1 and summary.created == 2
    ada = Contact.get_by_id(mine)
    assert (ada.name, ada.role, ada.email, ada.phone, ada.name_verified) == (
        "Ada King, Countess of Lovelace", Role.HIRING_MANAGER,
        "ADA.LOVELACE@acme-robotics.example", "+44 20 7946 0000", True)
    assert ada.title == "Head of Robotics"  # was empty
    assert ada.postal_address == "Hauptstraße 1\n10115 Berlin\nGermany"


def test_a_matched_contact_keeps_its_company_and_no_company_is_left_empty(backend, tmp_path):
    renamed = records.add_company(backend, "Acme Robotics GmbH")
    records.add_contact(backend, renamed, ContactDraft("Ada", email="ada@acme.example"))
    records.add_contact(backend, None, ContactDraft("Bob", email="bob@acme.example"))
    path = write(tmp_path, card("FN:Ada", "ORG:Acme Robotics", "EMAIL:ada@acme.example")
                 + card("FN:Bob", "ORG:Initech", "EMAIL:bob@acme.example"))
    assert import_vcards(backend, path) == ImportSummary(updated=1, unchanged=1,
                                                         companies_created=1)
    found = people()
    assert found["Ada"]["company_name"] == "Acme Robotics GmbH"
    assert found["Bob"]["company_name"] == "Initech"  # had none
    assert sorted(companies()) == ["Acme Robotics GmbH", "Initech"]


def test_a_card_without_e_mail_matches_by_name_and_company(backend, tmp_path):
    path = write(tmp_path, card("FN:Sam Smith", "ORG:Initech", "TEL:+1 555 0100"))
    assert import_vcards(backend, path).created == 1
    assert import_vcards(backend, path) == ImportSummary(unchanged=1)
    other = write(tmp_path, card("FN:sam  SMITH", "ORG:Initrode"), "other.vcf")
    assert import_vcards(backend, other).created == 1  # same name, another company


def test_a_person_twice_in_one_file_is_one_contact(backend, tmp_path):
    path = write(tmp_path, card("FN:Sam Smith", "EMAIL:sam@initech.example")
                 + card("FN:Samuel Smith", "EMAIL:SAM@initech.example", "TITLE:CTO"))
    assert import_vcards(backend, path) == ImportSummary(created=1, updated=1)
    assert [(c.name, c.title) for c in Contact.select()] == [("Sam Smith", "CTO")]


# ---------------------------------------------------------------- round trip

def hostile_contacts(backend: Backend) -> None:
    company = records.add_company(backend, HOSTILE)
    records.add_contact(backend, company, ContactDraft(
        "Zoë <b>Ångström</b>", title='Head, "Robotics"; R&D \\ Ops', email="zoe@acme.example",
        phone="+49 30 1234567", postal_address="Hauptstraße 1; Hof\n10115 Berlin, DE",
        notes='Line one, with comma; semicolon \\ backslash\nLine two <a href="x">x</a>\n'
              + "Sehr lange Notiz über Äpfel und Bäume, " * 10))
    records.add_contact(backend, company, ContactDraft("Plato", title="Front desk",
                                                       role=Role.RECEPTIONIST))
    records.add_contact(backend, None, ContactDraft("Linus Andersson",
                                                    email="linus@tiny-kernels.example"))


def comparable() -> list[tuple[object, ...]]:
    return sorted((row["name"], row["title"], row["email"], row["phone"], row["postal_address"],
                   row["notes"], row["company_name"]) for row in people().values())


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_an_export_imports_into_an_empty_database_as_the_same_contacts(tmp_path, version):
    with make_backend(tmp_path / "source") as source:
        hostile_contacts(source)
        expected = comparable()
        assert exports.export_vcards(source, tmp_path / "out.vcf", version=version) == 3
    with make_backend(tmp_path / "target") as target:
        summary = import_vcards(target, tmp_path / "out.vcf")
        assert summary == ImportSummary(created=3, companies_created=1)
        assert comparable() == expected


def test_an_export_imported_back_changes_nothing(backend, tmp_path):
    hostile_contacts(backend)
    exports.export_vcards(backend, tmp_path / "out.vcf")
    before = table_rows(db_file(backend.data_dir))
    assert import_vcards(backend, tmp_path / "out.vcf") == ImportSummary(unchanged=3)
    assert table_rows(db_file(backend.data_dir)) == before


def test_the_export_is_vcard_3_with_stable_uids(backend, tmp_path):
    hostile_contacts(backend)
    exports.export_vcards(backend, tmp_path / "a.vcf")
    exports.export_vcards(backend, tmp_path / "b.vcf")
    data = (tmp_path / "a.vcf").read_bytes()
    assert data == (tmp_path / "b.vcf").read_bytes()
    assert stat.S_IMODE((tmp_path / "a.vcf").stat().st_mode) == 0o600
    text = data.decode("utf-8")
    assert text.count("BEGIN:VCARD\r\n") == 3 and text.count("VERSION:3.0\r\n") == 3
    ids = [c.id for c in Contact.select().order_by(Contact.id)]
    assert all(f"UID:contact-{i}@followup-desktop\r\n" in text for i in ids)
    assert 'ORG:Acme\\, Inc\\; "x" \\\\ y\r\n' in text
    assert "N:Andersson;Linus;;;\r\n" in text and "N:Plato;;;;\r\n" in text
    for name in ("FN", "TITLE", "EMAIL", "TEL", "ADR", "NOTE"):
        assert f"\r\n{name}" in text


def test_version_4_marks_its_text_uid(backend, tmp_path):
    hostile_contacts(backend)
    exports.export_vcards(backend, tmp_path / "a.vcf", version="4.0")
    text = (tmp_path / "a.vcf").read_text(encoding="utf-8")
    assert text.count("VERSION:4.0") == 3 and "UID;VALUE=text:contact-" in text
    with pytest.raises(UserError, match=r"2\.1 cannot be written"):
        exports.export_vcards(backend, tmp_path / "b.vcf", version="2.1")  # type: ignore[arg-type]


def test_one_companys_contacts(backend, tmp_path):
    hostile_contacts(backend)
    company = Company.get(Company.name == HOSTILE).id
    assert exports.export_vcards(backend, tmp_path / "a.vcf", company_id=company) == 2
    assert "Linus" not in (tmp_path / "a.vcf").read_text(encoding="utf-8")
    with pytest.raises(UserError, match="no company 999"):
        exports.export_vcards(backend, tmp_path / "b.vcf", company_id=999)
    assert not (tmp_path / "b.vcf").exists()


def test_hostile_values_are_stored_literally(backend, tmp_path):
    path = write(tmp_path, card("FN:<script>alert(1)</script>", "ORG:=cmd|' /C calc'!A0",
                                "TITLE:Robert'); DROP TABLE contact;--",
                                "NOTE:%s %n \\\\ C:\\\\x \\, done"))
    import_vcards(backend, path)
    [row] = people().values()
    assert row["name"] == "<script>alert(1)</script>"
    assert row["company_name"] == "=cmd|' /C calc'!A0"
    assert row["title"] == "Robert'); DROP TABLE contact;--"
    assert row["notes"] == "%s %n \\ C:\\x , done"


# ---------------------------------------------------------------- reading the bytes

def test_a_fold_inside_a_multi_byte_character_is_mended():
    raw = (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zo\xc3\r\n \xab \xc3\x85ngstr\xc3\xb6m\r\n"
           b"END:VCARD\r\n")
    [found] = reading.parse(decode(raw))
    assert found.name == "Zoë Ångström"


@pytest.mark.parametrize("bom, encoding", [(codecs.BOM_UTF8, "utf-8"),
                                           (codecs.BOM_UTF16_LE, "utf-16-le"),
                                           (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_byte_order_marks(bom, encoding):
    raw = bom + card("FN:Zoë").encode(encoding)
    assert [c.name for c in reading.parse(decode(raw))] == ["Zoë"]


def test_lines_ending_in_lf_or_cr_alone():
    for end in ("\n", "\r"):
        text = card("FN:Ada", "EMAIL:ada@x.example").replace("\n", end)
        assert [c.emails for c in reading.parse(text)] == [("ada@x.example",)]


def test_a_card_limit():
    text = card("FN:A") * 3
    assert len(reading.parse(text, max_cards=3)) == 3
    with pytest.raises(ValidationError, match="holds 3 cards; the limit is 2"):
        reading.parse(text, max_cards=2)


def test_a_nested_agent_card_is_not_a_person():
    text = card("FN:Boss", "AGENT:", "BEGIN:VCARD", "FN:Assistant", "END:VCARD", "TITLE:CEO")
    [found] = reading.parse(text)
    assert (found.name, found.title) == ("Boss", "CEO")


@pytest.mark.parametrize("role, title", [
    (Role.RECRUITER, "Recruiter"), (Role.RECRUITER, "Senior Technical Recruiter"),
    (Role.RECRUITER, "Head of Recruiting"), (Role.RECRUITER, "Talent Acquisition Lead"),
    (Role.RECRUITER, "Sourcer"), (Role.RECEPTIONIST, "Receptionist"),
    (Role.RECEPTIONIST, "Front Desk Coordinator"), (Role.RECEPTIONIST, "Reception"),
    (Role.OTHER, ""), (Role.OTHER, "Head of Robotics"), (Role.OTHER, "Talent Manager"),
    (Role.OTHER, "Hiring Manager"), (Role.OTHER, "Unrecruitable Engineer"),
    (Role.OTHER, "Desk Officer")])
def test_roles_only_from_plain_titles(role, title):
    assert role_for(title) == role


# ---------------------------------------------------------------- refusing bad input

@pytest.mark.parametrize("text, message", [
    (card("FN:Ada", "EMAIL:ada@x.example") + card("FN:Bob", "EMAIL:not an address"),
     r"card 2, EMAIL: 'not an address' is not a plain e-mail address"),
    (card("EMAIL:ada@x.example"), r"card 1, FN: must not be empty"),
    (card("N:;;;;", "FN: "), r"card 1, FN: must not be empty"),
    (card("FN:Ada", "TITLE:Head\\nof things"), r"card 1, TITLE: contains control characters"),
    (card("FN:" + "A" * 301), r"card 1, FN: is 301 characters long; the limit is 300"),
    (card("FN:Ada", "NOTE:" + "x" * 20_001), r"card 1, NOTE: is 20,001 characters long"),
    (card("FN:Ada\x00"), r"card 1, FN: contains control characters"),
    (card("FN:Ada").replace("3.0", "5.0"), r"card 1, VERSION: '5.0' is not 2.1, 3.0 or 4.0"),
    ("", r"^cards\.vcf: is empty\.$"),
    ("hello, world\n", r"^cards\.vcf: is not a vCard file"),
    ("BEGIN:VCALENDAR\nEND:VCALENDAR\n", r"not a vCard file"),
    (card("FN:Ada") + "BEGIN:VCALENDAR\nEND:VCALENDAR\n", r"card 2: is a VCALENDAR"),
    (card("FN:Ada") + "BEGIN:VCARD\nVERSION:3.0\nFN:Bo", r"cut off"),
    (card("FN:Ada") + "garbage\n" + card("FN:Bob"), r"card 2: has a line that is not NAME:"),
    (card("FN:Ada", "EMAIL;TYPE=work;TYPE=pref"), r"card 1, EMAIL: is not NAME;PARAMETERS:"),
    (card("FN:Ada", 'EMAIL;TYPE="work:a@b.example'), r"card 1, EMAIL: is not NAME;PARAM"),
    (card("FN:Ada", "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=NO-SUCH-SET:=C3=BC"),
     r"card 1, NOTE: cannot be read: unknown encoding: NO-SUCH-SET \(an unknown CHARSET\)"),
    (card("FN:Ada", "NOTE;ENCODING=QUOTED-PRINTABLE:=FC"),
     r"card 1, NOTE: cannot be read: its text is not utf-8 \(is CHARSET right\?\)"),
    ("BEGIN:VCARD\nFN:Ada\nEND:VCARD\nEND:VCARD\nFN:x\nEND:VCARD\n", r"card 2: has lines outside"),
])
def test_bad_input_is_refused_and_nothing_is_written(backend, tmp_path, text, message):
    records.add_company(backend, "Already here")
    before = table_rows(db_file(backend.data_dir))
    with pytest.raises(UserError, match=message) as raised:
        import_vcards(backend, write(tmp_path, text))
    assert str(raised.value).startswith("cards.vcf: ")
    assert table_rows(db_file(backend.data_dir)) == before


def test_bytes_that_are_not_text(backend, tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\xfd"
    with pytest.raises(UserError, match=r"line 1: is not UTF-8 text"):
        import_vcards(backend, write(tmp_path, png))
    latin1 = card("FN:Zo\xeb").encode("latin-1")  # no CHARSET says so
    with pytest.raises(UserError, match=r"line 3: is not UTF-8 text \(bad byte at column 6\)"):
        import_vcards(backend, write(tmp_path, latin1))
    declared = card("FN;CHARSET=ISO-8859-1:Zo\xeb").encode("latin-1")
    import_vcards(backend, write(tmp_path, declared))
    assert list(people()) == ["Zoë"]


def test_files_too_large_or_unreadable(backend, tmp_path, monkeypatch):
    monkeypatch.setattr(contacts_import, "MAX_BYTES", 100)
    with pytest.raises(UserError, match="larger than the limit"):
        import_vcards(backend, write(tmp_path, card("FN:Ada", "NOTE:" + "x" * 100)))
    with pytest.raises(UserError, match=r"missing\.vcf: cannot be read"):
        import_vcards(backend, tmp_path / "missing.vcf")
    assert Contact.select().count() == 0


def test_big_photos_and_unused_properties_cost_little():
    photo = "PHOTO;ENCODING=b;TYPE=JPEG:" + "\r\n ".join(["QUJD" * 18] * 20_000)  # 1.4 MB
    text = card("FN:Ada", photo, "X-BROKEN;;;=\"", "EMAIL:ada@x.example")
    started = time.perf_counter()
    [found] = reading.parse(text)
    assert time.perf_counter() - started < 2
    assert (found.name, found.emails) == ("Ada", ("ada@x.example",))


def test_a_line_that_would_make_the_parser_backtrack_is_refused_at_once():
    started = time.perf_counter()
    with pytest.raises(ValidationError, match="card 1, EMAIL: is not NAME;PARAMETERS:value"):
        reading.parse(card("FN:Ada", "EMAIL" + ";TYPE=work" * 5_000))
    with pytest.raises(ValidationError, match="card 1, NOTE: is longer than 100,000"):
        reading.parse(card("FN:Ada", "NOTE:" + "x" * reading.MAX_LINE))
    assert time.perf_counter() - started < 1


def test_a_limit_on_the_lines_read(monkeypatch):
    monkeypatch.setattr(reading, "MAX_PROPERTIES", 9)
    assert len(reading.parse(card("FN:A", "X-SKIPPED:1") * 2)) == 2  # 8 lines read
    with pytest.raises(ValidationError, match="more than 9 names, addresses and numbers"):
        reading.parse(card("FN:A", "TITLE:B") * 2)
