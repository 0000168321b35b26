"""The "no form letters" check: each finding triggered and cleared."""

from __future__ import annotations

import random
import time
import unicodedata
from dataclasses import replace

import pytest

from followup_desktop.domain.model import Channel
from followup_desktop.domain.notecheck.check import CODES, check_note
from followup_desktop.domain.notecheck.findings import Finding, Level, NoteContext, is_ready
from followup_desktop.domain.templates.defaults import default_templates
from followup_desktop.domain.templates.filling import fill
from followup_desktop.domain.templates.kinds import NoteFacts, NoteKind, Template
from followup_desktop.domain.templates.specific import specific_from

DISCUSSED = ("- Talked about moving the nightly batch jobs to Kafka before the Q3 launch\n"
             "- Team of six, on-call every six weeks; Leipzig warehouse opens in spring")
CONTEXT = NoteContext(
    name="Anna Weber", title="Head of Data", company="Acme Robotics GmbH", discussed=DISCUSSED,
    name_verified=True, title_verified=True, sent_to_others=(),
)
GOOD = ("Dear Anna Weber,\n\nThank you for meeting with me on Tuesday. I keep thinking about "
        "the move from nightly batch jobs to Kafka, and how much of it has to land before the "
        "Q3 launch. It made me even more excited about the data engineering role at Acme "
        "Robotics.\n\nBest regards,\nJordan")


def finding(code: str, text: str = GOOD, **changes: object) -> Finding:
    findings = check_note(text, replace(CONTEXT, **changes))
    return next(f for f in findings if f.code == code)


def level(code: str, text: str = GOOD, **changes: object) -> Level:
    return finding(code, text, **changes).level


def test_a_good_note_passes_every_check_in_a_stable_order():
    findings = check_note(GOOD, CONTEXT)

    assert [f.code for f in findings] == list(CODES)
    assert [f.level for f in findings] == [Level.OK] * len(CODES)
    assert is_ready(findings)


def test_is_ready_allows_warnings_but_not_problems():
    ok = Finding("a", Level.OK, "fine")
    warning = Finding("b", Level.WARNING, "hm")
    problem = Finding("c", Level.PROBLEM, "no")

    assert is_ready([ok, warning])
    assert not is_ready([ok, warning, problem])


def test_every_code_is_always_reported():
    findings = check_note("", replace(CONTEXT, name="", company="", discussed=""))

    assert [f.code for f in findings] == list(CODES)
    assert not is_ready(findings)


# --- addressed_by_name ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Dear Weber,", "Only part of the name"),
    ("Dear Ms Weber,", "Only part of the name"),
    ("Dear Ana,", "“Ana” looks like a misspelling of “Anna”"),
    ("Dear anna weber,", "written “anna weber”"),
    ("Dear Ana Weber,", "“Ana Weber” looks like a misspelling"),
    ("Dear Annabelle Weberling,", "does not address"),
    ("Dear Anna Weber-Schmidt,", "“Anna Weber-Schmidt” is not the name on record"),
    ("Dear Anna Schmidt,", "greet them as “Anna” or write “Anna Weber” in full"),
    ("Dear team,", "does not address"),
])
def test_a_wrong_or_partial_name_is_a_problem(text, expected):
    found = finding("addressed_by_name", f"{text} thank you, Acme.")

    assert found.level == Level.PROBLEM
    assert expected in found.message


@pytest.mark.parametrize("text", [
    "Dear Anna,",  # the form people greet with
    "Dear Anna Weber,",
    "Thanks again,\nAnna\nWeber",  # a line break between the words is still the name
    "(Anna Weber)",
])
def test_the_name_as_stored_clears_the_problem(text):
    assert level("addressed_by_name", text) == Level.OK


def test_names_match_across_unicode_forms_and_typographic_apostrophes():
    composed = "José O'Brien-Núñez"
    decomposed = unicodedata.normalize("NFD", "Dear José O’Brien-Núñez,")

    assert level("addressed_by_name", decomposed, name=composed) == Level.OK
    assert level("addressed_by_name", "Dear Jose O'Brien-Nunez,", name=composed) == Level.PROBLEM


def test_names_with_regex_characters_are_matched_literally():
    name = "A.B. (Sam) Lee+"

    assert level("addressed_by_name", f"Dear {name},", name=name) == Level.OK
    assert level("addressed_by_name", "Dear AxBx (Sam) Lee,", name=name) == Level.PROBLEM


def test_no_name_on_record_is_a_problem():
    assert level("addressed_by_name", name="  ") == Level.PROBLEM


def test_a_huge_name_is_not_echoed_in_the_message():
    found = finding("addressed_by_name", "Dear nobody", name="Z" * 10_000)

    assert found.level == Level.PROBLEM
    assert len(found.message) < 200


# --- company_named -------------------------------------------------------------------------------


def test_a_note_without_the_company_is_a_problem():
    found = finding("company_named", GOOD.replace("Acme Robotics", "your company"))

    assert found.level == Level.PROBLEM
    assert "Acme Robotics GmbH" in found.message


@pytest.mark.parametrize("written", ["Acme Robotics GmbH", "ACME robotics", "Acme\nRobotics"])
def test_the_company_in_any_case_and_without_its_legal_form_clears_it(written):
    text = GOOD.replace("Acme Robotics", written)

    assert level("company_named", text) == Level.OK


def test_a_company_inside_a_longer_word_does_not_count():
    assert level("company_named", "Dear Anna Weber, greetings to Acmeville.",
                 company="Acme") == Level.PROBLEM


def test_no_company_on_record_is_a_warning():
    assert level("company_named", company="") == Level.WARNING


# --- specific ------------------------------------------------------------------------------------


def test_a_note_with_nothing_from_the_interview_is_a_problem():
    generic = ("Dear Anna Weber,\n\nThank you for the interview and the conversation about the "
               "role and the team at Acme Robotics. I am very interested in the position.\n\n"
               "Best regards,\nJordan")

    found = finding("specific", generic)

    assert found.level == Level.PROBLEM
    assert "interview notes" in found.message


@pytest.mark.parametrize("detail", ["the Leipzig warehouse", "your on-call rotation",
                                    "those batches", "the Q3 plans", "KAFKA"])
def test_one_detail_from_the_notes_clears_it(detail):
    text = f"Dear Anna Weber, I enjoyed hearing about {detail} at Acme Robotics."

    assert level("specific", text) == Level.OK


@pytest.mark.parametrize(("notes", "written", "expected"), [
    ("the Kafka migration", "migrating to Kafka", Level.OK),
    ("migrations", "we migrated everything", Level.OK),
    ("batches of orders", "one batch", Level.OK),
    ("conversion rates", "the conversation", Level.PROBLEM),
    ("A/B experiments", "your experience", Level.PROBLEM),
])
def test_specifics_match_other_forms_of_a_word_but_not_lookalikes(notes, written, expected):
    text = f"Dear Anna Weber, thank you for talking about {written} at Acme Robotics."

    assert level("specific", text, discussed=notes) == expected


def test_the_name_and_company_are_not_specifics():
    text = "Dear Anna Weber, thank you. Acme Robotics GmbH is great."

    assert level("specific", text, discussed="Anna Weber of Acme Robotics GmbH") == Level.WARNING


def test_no_interview_notes_is_a_warning():
    found = finding("specific", discussed=" \n ")

    assert found.level == Level.WARNING
    assert found.message == "No interview notes to draw a specific from."


# --- placeholders --------------------------------------------------------------------------------

FLAGGED = [
    "{name}", "{{x}}", "{{ first_name }}", "${company}", "{__class__.__mro__}", "[Company]",
    "[Job Title]", "[add a specific from the interview]", "[your name]", "[Insert date]",
    "<title>", "<Interviewer Name>", "<<name>>", "XXX", "the XXXX team", "TODO", "FIXME",
    "Dear ____,", "*|FNAME|*", "%FIRSTNAME%",
]
NOT_FLAGGED = [
    "as shown in [1]", "[sic]", "it was [...] great", "see [my portfolio](https://x.example)",
    "<3", "a<b and c>d", "Jordan <jordan@example.com>", "<https://example.com/talk>", "line<br>",
    "start date TBD", "todo bien", "xxx", "{}", "a set {1, 2}", "50% or 60%", "snake_case",
    "=HYPERLINK(\"https://x\")",
]


@pytest.mark.parametrize("leftover", FLAGGED)
def test_an_unfilled_placeholder_is_a_problem(leftover):
    found = finding("placeholders", f"{GOOD}\n{leftover}")

    assert found.level == Level.PROBLEM
    assert "Fill in or remove" in found.message


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_normal_text_with_brackets_is_not_a_placeholder(text):
    assert level("placeholders", f"{GOOD}\n{text}") == Level.OK


def test_placeholder_messages_list_a_few_and_count_the_rest():
    text = GOOD + " {a} {b} {c} {d} {e} {" + "z" * 500 + "}"

    found = finding("placeholders", text)

    assert "“{a}”, “{b}”, “{c}” and 3 more" in found.message
    assert len(found.message) < 200


# --- not_a_copy ----------------------------------------------------------------------------------

SENT_ELSEWHERE = GOOD.replace("Anna Weber", "Bob Smith").replace("Acme Robotics", "Globex")


def test_the_same_note_sent_to_another_company_is_a_problem():
    found = finding("not_a_copy", sent_to_others=("A short unrelated note.", SENT_ELSEWHERE))

    assert found.level == Level.PROBLEM
    assert "100%" in found.message
    assert "Globex" not in found.message  # the other note is not echoed
    assert len(found.message) < 200


def test_lowercase_names_of_this_company_are_ignored_too():
    mine = GOOD.replace("Acme Robotics", "bol.com")

    assert level("not_a_copy", mine, company="bol.com",
                 sent_to_others=(SENT_ELSEWHERE,)) == Level.PROBLEM


CUSTOM = ("Dear Anna Weber,\n\nIt was a real pleasure to walk through the Leipzig warehouse "
          "with you. Seeing the pick robots handle fragile parcels made the challenge concrete, "
          "and I have been sketching how a streaming pipeline could feed their sensor data "
          "into the Q3 dashboards. I would love to help Acme Robotics build that.\n\n"
          "Warmly,\nJordan")


def test_a_mostly_reused_note_is_a_warning():
    reused = (CUSTOM.replace("Anna Weber", "Bob Smith").replace("Acme Robotics", "Globex")
              .replace("It was a real pleasure to walk through the Leipzig warehouse with you.",
                       "Thanks for the tour of your returns line.")
              .replace("pick robots handle fragile parcels", "arms sort returned orders"))

    found = finding("not_a_copy", CUSTOM, sent_to_others=(reused,))

    assert found.level == Level.WARNING
    assert "consider making it more personal" in found.message


def test_a_custom_note_with_only_the_names_changed_is_a_copy():
    copied = CUSTOM.replace("Anna Weber", "Bob Smith").replace("Acme Robotics", "Globex")

    assert level("not_a_copy", CUSTOM, sent_to_others=(copied,)) == Level.PROBLEM


def test_a_different_note_clears_it():
    other = ("Hello Bob Smith, it was a pleasure to hear how Globex plans its spring hiring for "
             "the pharmacy robots. I have attached the article on gripper calibration I "
             "mentioned.\n\nAll the best,\nJordan")

    assert level("not_a_copy", sent_to_others=(other,)) == Level.OK
    assert level("not_a_copy", sent_to_others=()) == Level.OK


def test_short_notes_are_not_compared():
    assert level("not_a_copy", "Thank you, Anna Weber!",
                 sent_to_others=("Thank you, Bob Smith!",)) == Level.OK


def _thank_you(template: str = "thank_you/email", **changes: str) -> str:
    facts = NoteFacts(NoteKind.THANK_YOU, Channel.EMAIL, "Anna Weber", "CTO", "Acme Robotics",
                      "Data Engineer", "Tuesday", "the Kafka migration before Q3", "", "",
                      "Jordan")
    return fill(default_templates()[template], replace(facts, **changes)).body


OTHER_CONVERSATION = {"name": "bob smith", "company": "globex", "interview_day": "Friday",
                      "specific": "their plan to split the monolith into services"}


@pytest.mark.parametrize("key", ["thank_you/email", "thank_you/card", "thank_you/letter"])
def test_two_fresh_drafts_of_one_template_are_not_copies(key):
    """The template's own wording is set aside: the notes differ in what was filled in."""
    sent = _thank_you(key, **OTHER_CONVERSATION)

    assert level("not_a_copy", _thank_you(key), sent_to_others=(sent,)) == Level.OK


@pytest.mark.parametrize("key", ["thank_you/email", "thank_you/card", "thank_you/letter"])
def test_a_draft_sent_elsewhere_with_only_the_names_changed_is_a_copy(key):
    sent = _thank_you(key, name="Bob Smith", company="Globex", interview_day="Friday")

    assert level("not_a_copy", _thank_you(key), sent_to_others=(sent,)) == Level.PROBLEM


def test_the_wording_of_the_users_own_templates_is_set_aside_too():
    own = ("Hello {name}! Our chat about {specific} was the highlight of my week, and I keep "
           "telling friends about {company} and the way your team works together. See you "
           "soon, {sender}")
    template = Template(NoteKind.THANK_YOU, Channel.EMAIL, "", own)
    facts = NoteFacts(NoteKind.THANK_YOU, Channel.EMAIL, "Anna Weber", "CTO", "Acme Robotics",
                      "", "", "the Kafka migration before Q3", "", "", "Jordan")
    mine = fill(template, facts).body
    sent = fill(template, replace(facts, name="Bob Smith", company="Globex",
                                  specific="their plan to split the monolith")).body

    assert level("not_a_copy", mine, sent_to_others=(sent,)) == Level.PROBLEM
    assert level("not_a_copy", mine, sent_to_others=(sent,), templates=(own,)) == Level.OK


def _note(words: list[str]) -> str:
    return "Dear Person Name,\n\n" + " ".join(words) + ".\n\nBest regards,\nJordan"


def test_similarity_is_fast_for_200_notes_of_300_words(capsys):
    """Reports the time (it is not asserted): 200 notes sent before, 300 words each."""
    rng = random.Random(20261127)
    vocabulary = [f"word{i}" for i in range(3000)] + GOOD.lower().split() * 20
    mine = [rng.choice(vocabulary) for _ in range(300)]
    distinct = tuple(_note([rng.choice(vocabulary) for _ in range(300)])
                     for _ in range(200))
    # The worst case: every note so close that difflib must compare it in full.
    near = tuple(_note([w if rng.random() > 0.27 else rng.choice(vocabulary) for w in mine])
                 for _ in range(200))
    timings = []
    for label, others, expected in (("distinct", distinct, Level.OK),
                                    ("near copies", near, Level.WARNING)):
        context = replace(CONTEXT, sent_to_others=others)
        for attempt in ("first", "again"):
            started = time.perf_counter()
            found = check_note(_note(mine), context)[CODES.index("not_a_copy")]
            timings.append(f"{label}, {attempt}: {1000 * (time.perf_counter() - started):.1f} ms")
            assert found.level == expected
    with capsys.disabled():
        print("\nnote check with 200 notes of 300 words:", "; ".join(timings))


# --- verified ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name_ok", "title_ok", "named"), [
    (False, True, "The name is not verified"),
    (True, False, "The title is not verified"),
    (False, False, "The name and the title are not verified"),
])
def test_an_unverified_name_or_title_is_a_warning_naming_which(name_ok, title_ok, named):
    found = finding("verified", name_verified=name_ok, title_verified=title_ok)

    assert found.level == Level.WARNING
    assert found.message.startswith(named)


def test_verified_name_and_title_clear_it():
    assert level("verified", name_verified=True, title_verified=True) == Level.OK


# --- with the templates --------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(default_templates()))
def test_every_default_template_filled_from_the_notes_is_ready(key):
    template = default_templates()[key]
    facts = NoteFacts(template.kind, template.channel, CONTEXT.name, CONTEXT.title,
                      CONTEXT.company, "Data Engineer", "Tuesday", specific_from(DISCUSSED),
                      "a talk on backfilling Kafka topics", "input", "Jordan Example")

    findings = check_note(fill(template, facts).body, CONTEXT)

    assert [f.level for f in findings] == [Level.OK] * len(CODES), findings
    assert is_ready(findings)


@pytest.mark.parametrize("key", sorted(default_templates()))
def test_a_default_template_without_a_specific_is_not_ready(key):
    template = default_templates()[key]
    facts = NoteFacts(template.kind, template.channel, CONTEXT.name, CONTEXT.title,
                      CONTEXT.company, "Data Engineer", "", "", "", "", "Jordan Example")

    findings = check_note(fill(template, facts).body, CONTEXT)

    assert {f.code for f in findings if f.level == Level.PROBLEM} >= {"placeholders", "specific"}
    assert not is_ready(findings)
