"""Note templates: every kind and channel, filled safely, never leaving a form letter behind."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from followup_desktop.domain.model import ActionKind, Channel
from followup_desktop.domain.templates.defaults import default_templates
from followup_desktop.domain.templates.filling import (
    MISSING_IDEA,
    MISSING_SPECIFIC,
    PLACEHOLDERS,
    fill,
    validate_template,
)
from followup_desktop.domain.templates.kinds import Draft, NoteFacts, NoteKind, Template, note_kind
from followup_desktop.domain.templates.specific import SPECIFIC_LIMIT, specific_from
from followup_desktop.domain.wording import greeting_name

TEMPLATES = default_templates()
ALL = sorted(TEMPLATES)
# Long on purpose: a card must stay short enough to write by hand even with these.
FULL = NoteFacts(
    kind=NoteKind.THANK_YOU, channel=Channel.EMAIL,
    name="Dr. Anna-Lena Weber-Schmidt", title="Head of Data Platform",
    company="Acme Robotics GmbH", position="Senior Data Engineer", interview_day="Tuesday",
    specific="moving the nightly batch jobs to streaming with Kafka before the Q3 launch",
    idea="a PyCon talk on backfilling Kafka topics without downtime", idea_kind="input",
    sender="Jordan Example",
)


def facts_for(template: Template, **changes: str) -> NoteFacts:
    return replace(FULL, kind=template.kind, channel=template.channel, **changes)


def filled(key: str, **changes: str) -> Draft:
    template = TEMPLATES[key]
    return fill(template, facts_for(template, **changes))


def words(text: str) -> int:
    return len(text.split())


# --- which note ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("action", "round_", "expected"), [
    (ActionKind.THANK_YOU, 1, NoteKind.THANK_YOU),
    (ActionKind.THANK_YOU, None, NoteKind.THANK_YOU),
    (ActionKind.THANK_YOU, 2, NoteKind.SECOND_ROUND_THANKS),
    (ActionKind.THANK_YOU, 3, NoteKind.SECOND_ROUND_THANKS),
    (ActionKind.KEEP_IN_TOUCH, 2, NoteKind.KEEP_IN_TOUCH),
    (ActionKind.DECISION_CHECK, 1, NoteKind.DECISION_CHECK),
    (ActionKind.ASK_ABOUT_DECISION, 2, NoteKind.ASK_ABOUT_DECISION),
])
def test_note_kind_follows_the_action_and_the_round(action, round_, expected):
    assert note_kind(action, round_) == expected


def test_there_is_a_template_for_every_kind_and_channel():
    assert set(TEMPLATES) == {f"{kind}/{channel}" for kind in NoteKind for channel in Channel}
    assert all(key == template.key for key, template in TEMPLATES.items())


def test_default_templates_are_valid_and_use_only_known_placeholders():
    for template in TEMPLATES.values():
        assert validate_template(template.subject, template.body) == []


def test_only_an_email_has_a_subject():
    for template in TEMPLATES.values():
        assert bool(template.subject) == (template.channel == Channel.EMAIL), template.key
        assert "\n" not in template.subject


def test_templates_never_guess_a_salutation():
    for template in TEMPLATES.values():
        text = template.subject + template.body
        assert not re.search(r"\b(?:Mr|Mrs|Ms|Miss|Sir|Madam)\b", text), template.key
        assert "To whom it may concern" not in text


# --- filled with every fact ----------------------------------------------------------------------


@pytest.mark.parametrize("key", ALL)
def test_every_template_fills_without_leftovers(key):
    draft = filled(key)
    text = draft.subject + "\n" + draft.body

    assert "{" not in text and "}" not in text
    assert "[add" not in text
    assert "  " not in text and " ." not in text and " ," not in text and ".." not in text


@pytest.mark.parametrize("key", ALL)
def test_every_note_greets_as_people_do_and_names_the_company(key):
    body = filled(key).body

    greeting = "Hello Dr. Weber-Schmidt," if key.endswith("/phone") else "Dear Dr. Weber-Schmidt,"
    assert greeting in body
    assert "Dear Dr. Anna-Lena" not in body and "Hello Dr. Anna-Lena" not in body
    if key.endswith(("/letter", "/phone")):  # the address block, the call's heading
        assert "Dr. Anna-Lena Weber-Schmidt" in body
    assert "Acme Robotics GmbH" in body
    assert "moving the nightly batch jobs to streaming with Kafka before the Q3 launch" in body


def test_the_greeting_keeps_the_name_as_spelt():
    body = filled("thank_you/email", name="anne-marie o'neill").body

    assert "Dear anne-marie," in body
    assert "Anne" not in body


@pytest.mark.parametrize(("name", "greeting"), [
    ("Anna Kowalski", "Dear Anna,"),
    ("Ms Anna Kowalski", "Dear Ms Kowalski,"),
    ("Prof. Dr. Ursula von der Leyen", "Dear Prof. Dr. von der Leyen,"),
    ("Anna Kowalski, PhD", "Dear Anna,"),
    ("J. R. Smith", "Dear J. R. Smith,"),  # an initial is no greeting
    ("Madonna", "Dear Madonna,"),
])
def test_the_greeting_uses_the_first_name_or_the_title_and_surname(name, greeting):
    for kind in ("email", "card", "letter"):
        assert greeting in filled(f"thank_you/{kind}", name=name).body


@pytest.mark.parametrize(("specific", "quoted"), [
    ("The gripper prototype and its force sensors", "stayed with me: the gripper prototype"),
    ("Migrating the batch jobs", "stayed with me: migrating the batch jobs"),
    ("Kafka before the Q3 launch", "stayed with me: Kafka before the Q3 launch"),
    ("AWS costs", "stayed with me: AWS costs"),
    ("Jonas asked about Airflow", "stayed with me: Jonas asked about Airflow"),
    ("I suggested a cohort analysis", "stayed with me: I suggested"),
])
def test_a_specific_reads_as_part_of_the_sentence(specific, quoted):
    assert quoted in filled("thank_you/email", specific=specific).body


@pytest.mark.parametrize("kind", list(NoteKind))
def test_a_card_is_short_enough_to_write_by_hand(kind):
    body = filled(f"{kind}/card").body

    assert 35 <= words(body) <= 90


@pytest.mark.parametrize("kind", list(NoteKind))
def test_an_email_is_concise(kind):
    assert words(filled(f"{kind}/email").body) <= 120


@pytest.mark.parametrize("kind", list(NoteKind))
def test_a_letter_is_a_little_more_formal(kind):
    body = filled(f"{kind}/letter").body

    address = "Dr. Anna-Lena Weber-Schmidt\nHead of Data Platform\nAcme Robotics GmbH\n"
    assert body.startswith(address)
    assert "Yours sincerely,\nJordan Example" in body


# --- call scripts --------------------------------------------------------------------------------


def bullets(body: str) -> list[str]:
    return [line[2:] for line in body.splitlines() if line.startswith("- ")]


@pytest.mark.parametrize("kind", list(NoteKind))
def test_a_phone_note_is_a_call_script(kind):
    body = filled(f"{kind}/phone").body
    lines = body.splitlines()

    assert "Greeting:" in lines and "Say:" in lines
    greeting = lines[lines.index("Greeting:") + 1]
    assert greeting.startswith("Hello Dr. Weber-Schmidt, this is Jordan Example.")
    assert lines[0] == "Call Dr. Anna-Lena Weber-Schmidt at Acme Robotics GmbH"
    assert bullets(body)


def test_the_decision_check_call_asks_all_three_questions():
    asked = bullets(filled("decision_check/phone").body)

    assert {"Is the position still open?", "When do you expect to decide?",
            "Is there a second round?"} <= set(asked)


def test_asking_about_the_decision_asks_when_and_whether_there_is_a_second_round():
    asked = bullets(filled("ask_about_decision/phone").body)

    assert {"When do you expect to decide?", "Is there a second round?"} <= set(asked)
    assert "Is the position still open?" not in asked


@pytest.mark.parametrize("channel", [Channel.EMAIL, Channel.CARD, Channel.LETTER])
def test_written_decision_notes_ask_too(channel):
    check = filled(f"decision_check/{channel}").body
    ask = filled(f"ask_about_decision/{channel}").body

    assert "still open" in check and "expect to" in check
    assert "expect to" in ask and "second round" in ask


# --- keep in touch brings something --------------------------------------------------------------


@pytest.mark.parametrize(("idea_kind", "phrase"), [
    ("input", "came across something that might be useful"),
    ("feedback", "share some feedback"),
    ("idea", "had an idea"),
    ("", "pass something along"),
    ("nonsense", "pass something along"),
])
@pytest.mark.parametrize("channel", list(Channel))
def test_keep_in_touch_brings_the_idea_phrased_by_its_kind(channel, idea_kind, phrase):
    body = filled(f"keep_in_touch/{channel}", idea_kind=idea_kind).body

    assert phrase in body
    assert "a PyCon talk on backfilling Kafka topics without downtime." in body


# --- missing facts -------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ALL)
def test_a_missing_specific_leaves_a_visible_marker(key):
    body = filled(key, specific="").body

    assert MISSING_SPECIFIC in body
    assert "about ." not in body and ": ." not in body


@pytest.mark.parametrize("channel", list(Channel))
def test_a_missing_idea_leaves_a_visible_marker(channel):
    assert MISSING_IDEA in filled(f"keep_in_touch/{channel}", idea="").body


@pytest.mark.parametrize("key", ALL)
def test_a_missing_day_leaves_no_dangling_words(key):
    draft = filled(key, interview_day="")
    text = draft.subject + draft.body

    assert "  " not in text and " ." not in text and " ," not in text
    assert not re.search(r"\bon[.,]|\bon about\b", text)


def test_a_missing_title_leaves_no_blank_line_in_the_address():
    body = filled("thank_you/letter", title="").body

    assert body.startswith("Dr. Anna-Lena Weber-Schmidt\nAcme Robotics GmbH\n\nDear ")


def test_missing_name_company_position_and_sender_become_markers():
    body = filled("thank_you/phone", name="", company=" ", position="", sender="").body

    for marker in ("[add their name]", "[add the company]", "[add the position]",
                   "[add your name]"):
        assert marker in body


def test_facts_are_tidied_to_one_line_and_one_sentence_end():
    body = filled("thank_you/email", specific="  the demo\n of the gripper.  ").body

    assert "stayed with me: the demo of the gripper. It made" in body


# --- hostile facts -------------------------------------------------------------------------------

HOSTILE = [
    "{sender}",
    "{__class__.__mro__}",
    "{0}",
    "{{name}}",
    "<a href=x>",
    '=HYPERLINK("https://evil.example","click")',
    r"\1 \g<0> \n",
    "{name.__init__.__globals__}",
    "%(name)s ${name}",
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("field", ["name", "company", "specific", "idea", "sender"])
def test_hostile_facts_pass_through_literally(field, value):
    body = filled(f"keep_in_touch/{Channel.EMAIL}", **{field: value}).body

    assert (greeting_name(value) if field == "name" else value) in body
    # Never evaluated and never filled a second time: no Python object, no other fact.
    assert "<class" not in body and "object" not in body and "function" not in body


@pytest.mark.parametrize("key", ALL)
def test_a_fact_that_looks_like_a_placeholder_is_not_filled_again(key):
    body = filled(key, name="{sender}", company="{name}", sender="Jordan Example").body

    assert "{sender}" in body and "{name}" in body
    assert "Dr. Anna-Lena" not in body


def test_unknown_placeholders_are_left_for_the_check_to_flag():
    template = Template(NoteKind.THANK_YOU, Channel.EMAIL, "Hi {nickname}",
                        "Dear {name}, {__class__} {name.upper} {{name}} {}")

    draft = fill(template, FULL)

    assert draft.subject == "Hi {nickname}"
    assert draft.body == ("Dear Dr. Anna-Lena Weber-Schmidt, {__class__} {name.upper} {{name}} {}")


# --- validate_template ---------------------------------------------------------------------------


def test_a_good_edited_template_is_valid():
    assert validate_template("Thanks, {name}", "Dear {name},\n\nAbout {specific}.\n{sender}") == []


def test_an_empty_body_is_a_problem():
    assert validate_template("Subject", "  \n ") == ["The text is empty."]


def test_unknown_placeholders_are_named():
    problems = validate_template("", "Dear {first_name}, from {__class__} and {name}")

    assert len(problems) == 1
    assert "{__class__}" in problems[0] and "{first_name}" in problems[0]
    assert "{name}" in problems[0]  # the known ones are listed as help


@pytest.mark.parametrize("body", ["Dear {name", "Dear name}", "Dear {{name}}", "{ {name} }"])
def test_unbalanced_or_doubled_braces_are_a_problem(body):
    problems = validate_template("", body)

    assert any("brace" in problem for problem in problems)


def test_problems_in_the_subject_are_found_too():
    problems = validate_template("Thanks {nick}\nsecond line", "Dear {name}")

    assert any("single line" in problem for problem in problems)
    assert any("subject" in problem and "{nick}" in problem for problem in problems)


def test_a_huge_unknown_placeholder_is_not_echoed_whole():
    problems = validate_template("", "{" + "x" * 5000 + "}")

    assert len(problems[0]) < 300


def test_every_placeholder_is_documented_as_known():
    template = Template(NoteKind.THANK_YOU, Channel.CARD, "",
                        " ".join("{" + name + "}" for name in PLACEHOLDERS))

    assert validate_template("", template.body) == []
    assert "{" not in fill(template, FULL).body


# --- specific_from -------------------------------------------------------------------------------


@pytest.mark.parametrize(("notes", "expected"), [
    ("", ""),
    ("\n   \n", ""),
    ("Kafka migration before Q3", "Kafka migration before Q3"),
    ("\n\n  the gripper demo.\nsecond line", "the gripper demo"),
    ("- Talked about the on-call rotation\n- team of 6", "the on-call rotation"),
    ("Discussed: their move to Rust", "their move to Rust"),
    ("We discussed the new warehouse in Leipzig.", "the new warehouse in Leipzig"),
    ("Notes:\n---\n1. pricing page redesign", "pricing page redesign"),
    ("Robot arms for pharmacies. They ship in May.", "Robot arms for pharmacies"),
    ("Tools, e.g. dbt and Airflow; also hiring", "Tools, e.g. dbt and Airflow"),
    ("• ✓ ✓\n* SOC 2 audit in the spring!", "SOC 2 audit in the spring"),
])
def test_specific_from_picks_the_first_concrete_line(notes, expected):
    assert specific_from(notes) == expected


def test_a_long_specific_is_cut_at_a_clause():
    notes = ("the plan to move every nightly batch job to streaming with Kafka, which needs "
             "a new schema registry and a lot of backfilling before the launch")

    specific = specific_from(notes)

    assert len(specific) <= SPECIFIC_LIMIT
    assert specific == "the plan to move every nightly batch job to streaming with Kafka"


def test_a_long_specific_without_commas_is_cut_between_words():
    specific = specific_from("word " * 60)

    assert len(specific) <= SPECIFIC_LIMIT
    assert specific.endswith("word")
