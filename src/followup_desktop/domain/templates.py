"""Note templates by kind and channel, and filling them from the facts of one follow-up.

A template is the user's starting point, never the finished note: every default names the
person exactly as stored, names the company and carries one specific from the conversation.
A fact that is missing becomes a visible ``[add …]`` marker rather than a vaguer sentence, so
the "no form letters" check (``notecheck``) stops the note until the user fills it in.

Filling is a single pass of a regular expression over ``{placeholder}`` tokens: the values are
never scanned again and ``str.format`` is never used, because templates are edited by the user
and facts come from anywhere (a name such as ``{__class__}`` must stay literal text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from followup_desktop.domain.model import ActionKind, Channel
from followup_desktop.domain.wording import greeting_name, mid_sentence


class NoteKind(StrEnum):
    THANK_YOU = "thank_you"
    SECOND_ROUND_THANKS = "second_round_thanks"
    KEEP_IN_TOUCH = "keep_in_touch"
    DECISION_CHECK = "decision_check"
    ASK_ABOUT_DECISION = "ask_about_decision"


def note_kind(action_kind: ActionKind, interview_round: int | None) -> NoteKind:
    """The note an action calls for; thanks after a later round say so."""
    if action_kind == ActionKind.THANK_YOU and interview_round is not None and interview_round >= 2:
        return NoteKind.SECOND_ROUND_THANKS
    return NoteKind(action_kind.value)


def template_key(kind: NoteKind, channel: Channel) -> str:
    """How a template is stored, e.g. ``thank_you/email``."""
    return f"{kind}/{channel}"


@dataclass(frozen=True)
class Template:
    kind: NoteKind
    channel: Channel
    subject: str  # "" for card, letter and phone
    body: str

    @property
    def key(self) -> str:
        return template_key(self.kind, self.channel)


@dataclass(frozen=True)
class NoteFacts:
    kind: NoteKind
    channel: Channel
    name: str
    title: str
    company: str
    position: str
    interview_day: str  # e.g. "Tuesday" or "": the caller formats it
    specific: str  # one specific from the interview notes, "" if none
    idea: str  # something to bring (keep-in-touch), "" if none
    idea_kind: str  # "input" | "feedback" | "idea" | ""
    sender: str  # the user's name, "" if unknown


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str


# `on_interview_day` is "on Tuesday" or nothing, so a sentence reads well either way;
# `idea_intro` is the lead-in for `idea` that suits its kind (see _IDEA_INTROS).
# `greeting_name` is how the note greets them (see `greeting_name`): "Anna", "Dr. Weber".
PLACEHOLDERS: tuple[str, ...] = (
    "name", "greeting_name", "title", "company", "position", "interview_day",
    "on_interview_day", "specific", "idea", "idea_intro", "sender",
)

# Facts the note cannot do without become markers the check flags; all start with "[add ".
MISSING_NAME = "[add their name]"
MISSING_COMPANY = "[add the company]"
MISSING_POSITION = "[add the position]"
MISSING_SPECIFIC = "[add a specific from the interview]"
MISSING_IDEA = "[add something to bring: an article, feedback or an idea]"
MISSING_SENDER = "[add your name]"

_IDEA_INTROS = {
    "input": "I also came across something that might be useful to you and the team",
    "feedback": "I also wanted to share some feedback on what we discussed",
    "idea": "I also had an idea since we spoke that I would like to share",
}
_IDEA_INTRO_DEFAULT = "I also wanted to pass something along"

# A token is {identifier}, not part of {{…}}; the optional leading space or line break goes
# with an empty optional value so that no double space or blank address line is left behind.
_TOKEN = re.compile(r"(?P<lead>[ \n]?)(?<!\{)\{(?P<name>[A-Za-z_]\w*)\}(?!\})")
_ANY_BRACED = re.compile(r"\{([^{}]*)\}")
_SPACES = re.compile(r"\s+")


def fill(template: Template, facts: NoteFacts) -> Draft:
    """The template with every known placeholder replaced; unknown ones stay as written."""
    values = _values(facts)
    return Draft(_substitute(template.subject, values), _substitute(template.body, values))


def _substitute(text: str, values: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        value = values.get(match["name"])
        if value is None:
            return match[0]
        return match["lead"] + value if value else ""

    # A function replacement: values are inserted verbatim (no backslash escapes), once.
    return _TOKEN.sub(replace, text)


def _values(facts: NoteFacts) -> dict[str, str]:
    day = _one_line(facts.interview_day)
    return {
        "name": _one_line(facts.name) or MISSING_NAME,
        "greeting_name": greeting_name(facts.name) or MISSING_NAME,
        "title": _one_line(facts.title),
        "company": _one_line(facts.company) or MISSING_COMPANY,
        "position": _one_line(facts.position) or MISSING_POSITION,
        "interview_day": day,
        "on_interview_day": f"on {day}" if day else "",
        "specific": mid_sentence(_clause(facts.specific)) or MISSING_SPECIFIC,
        "idea": mid_sentence(_clause(facts.idea)) or MISSING_IDEA,
        "idea_intro": _IDEA_INTROS.get(facts.idea_kind.strip().lower(), _IDEA_INTRO_DEFAULT),
        "sender": _one_line(facts.sender) or MISSING_SENDER,
    }


def _one_line(value: str) -> str:
    return _SPACES.sub(" ", value).strip()


def _clause(value: str) -> str:
    # Templates end the sentence themselves; "the demo." must not become "the demo..".
    return _one_line(value).rstrip(" .,;:")


def validate_template(subject: str, body: str) -> list[str]:
    """Plain-text problems of a template the user edited; empty when it can be saved."""
    problems = []
    if not body.strip():
        problems.append("The text is empty.")
    if "\n" in subject or "\r" in subject:
        problems.append("The subject must be a single line.")
    for where, text in (("subject", subject), ("text", body)):
        problems.extend(_placeholder_problems(where, text))
    return problems


def _placeholder_problems(where: str, text: str) -> list[str]:
    problems = []
    unknown = sorted({m[1] for m in _ANY_BRACED.finditer(text) if m[1] not in PLACEHOLDERS})
    if unknown:
        shown = ", ".join("{" + _shorten(name, 30) + "}" for name in unknown[:5])
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        known = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        problems.append(f"Unknown placeholder in the {where}: {shown}{more}. Known: {known}.")
    if "{" in _ANY_BRACED.sub("", text) or "}" in _ANY_BRACED.sub("", text):
        problems.append(
            f"The {where} has a brace that is not part of a placeholder; "
            "write placeholders with single braces, like {name}."
        )
    return problems


# --- a specific from the interview notes ---------------------------------------------------------

SPECIFIC_LIMIT = 100  # characters: one clause that fits a sentence of a handwritten card
_BULLET = re.compile(r"^\s*(?:[-*•·–—>]+|\d+[.)])\s*")
# "Discussed: X" and "We talked about X" are how notes start; the note should say only "X".
_LEAD_IN = re.compile(
    r"^(?:we\s+)?(?:discussed|talked\s+about|spoke\s+about|covered|topics?)\b\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
# A sentence ends at . ! ? before a capital (so "e.g. the" is not cut) or at a semicolon.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Þ\"“‘'(])|;\s*")


def specific_from(discussed: str) -> str:
    """One concrete thing from free-text notes: the first real line's first sentence."""
    for raw in discussed.splitlines():
        line = _BULLET.sub("", raw).strip()
        if line.endswith(":") or not _has_letters(line):
            continue  # headings like "Notes:" and rules like "---" say nothing specific
        sentence = _SENTENCE_END.split(line, maxsplit=1)[0]
        sentence = _LEAD_IN.sub("", sentence).strip().rstrip(".!?,;: ")
        if _has_letters(sentence):
            return _shorten_clause(sentence)
    return ""


def _has_letters(text: str) -> bool:
    return any(char.isalpha() for char in text)


def _shorten_clause(text: str) -> str:
    """Cut a long sentence at a comma or dash when there is one, else between words."""
    if len(text) <= SPECIFIC_LIMIT:
        return text
    head = text[: SPECIFIC_LIMIT + 1]
    for separator in (", ", " – ", " — ", " - ", " ("):
        cut = head.rfind(separator)
        if cut >= SPECIFIC_LIMIT // 2:
            return head[:cut].rstrip(" ,.;:")
    cut = head.rfind(" ")
    return (head[:cut] if cut > 0 else head[:SPECIFIC_LIMIT]).rstrip(" ,.;:")


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- the default texts ---------------------------------------------------------------------------

_K, _C = NoteKind, Channel
_SIGN_OFF = "Best regards,\n{sender}"
_CARD_SIGN_OFF = "Warm regards,\n{sender}"
_LETTER_HEAD = "{name}\n{title}\n{company}\n\nDear {greeting_name},\n\n"
_LETTER_SIGN_OFF = "Yours sincerely,\n{sender}"
_CALL_HEAD = "Call {name} at {company}\n\nGreeting:\n"
_ASK_QUESTIONS = "- When do you expect to decide?\n- Is there a second round?\n"
_CHECK_QUESTIONS = "- Is the position still open?\n" + _ASK_QUESTIONS

# (subject, body) per kind and channel. Style: short, warm, first person, one specific per
# note, no stock phrases about "the opportunity to discuss my qualifications".
_TEXTS: dict[tuple[NoteKind, Channel], tuple[str, str]] = {
    (_K.THANK_YOU, _C.EMAIL): (
        "Thank you for our conversation about the {position} role",
        "Dear {greeting_name},\n\n"
        "Thank you for meeting with me {on_interview_day}. One part of our conversation has "
        "stayed with me: {specific}. It made me even more excited about the {position} role "
        "at {company}.\n\n"
        "If there is anything else I can send you, I would be glad to.\n\n" + _SIGN_OFF,
    ),
    (_K.THANK_YOU, _C.CARD): (
        "",
        "Dear {greeting_name},\n\n"
        "Thank you for meeting with me {on_interview_day}. I keep coming back to one part of "
        "our conversation: {specific}.\n\n"
        "I left even more excited about the {position} role at {company}.\n\n" + _CARD_SIGN_OFF,
    ),
    (_K.THANK_YOU, _C.LETTER): (
        "",
        _LETTER_HEAD
        + "Thank you for the time you gave me {on_interview_day} to talk about the {position} "
        "position at {company}, and for answering my questions so openly.\n\n"
        "One part of our conversation has stayed with me in particular: {specific}. It "
        "confirmed how much I would like to contribute to your team.\n\n"
        "Should you need anything further from me, I would be glad to provide it.\n\n"
        + _LETTER_SIGN_OFF,
    ),
    (_K.THANK_YOU, _C.PHONE): (
        "",
        _CALL_HEAD
        + "Hello {greeting_name}, this is {sender}. "
        "We met {on_interview_day} about the {position} role. "
        "Do you have two minutes?\n\n"
        "Say:\n"
        "- Thank you for your time and the open conversation.\n"
        "- What stayed with me: {specific}.\n"
        "- I am still very interested in the {position} role at {company}.\n\n"
        "Close:\n- Thank them, and note anything they say about next steps.\n",
    ),
    (_K.SECOND_ROUND_THANKS, _C.EMAIL): (
        "Thank you for the second conversation about the {position} role",
        "Dear {greeting_name},\n\n"
        "Thank you for meeting with me again {on_interview_day}. The second round gave me a "
        "much clearer picture of {company}, and one part stood out: {specific}.\n\n"
        "I am now even more sure that I would like to join you in the {position} role. If "
        "anything else would help your decision, please let me know.\n\n" + _SIGN_OFF,
    ),
    (_K.SECOND_ROUND_THANKS, _C.CARD): (
        "",
        "Dear {greeting_name},\n\n"
        "Thank you for meeting with me again {on_interview_day}. The second round showed me "
        "even more of {company}, and one part stood out: {specific}.\n\n"
        "I would love to join you in the {position} role.\n\n" + _CARD_SIGN_OFF,
    ),
    (_K.SECOND_ROUND_THANKS, _C.LETTER): (
        "",
        _LETTER_HEAD
        + "Thank you for meeting with me again {on_interview_day} for the second round of "
        "interviews for the {position} position at {company}.\n\n"
        "This conversation gave me a much clearer picture of the work, and one part stood "
        "out: {specific}. I am now even more certain that I would like to join your team.\n\n"
        "If anything further would help your decision, I would be glad to provide it.\n\n"
        + _LETTER_SIGN_OFF,
    ),
    (_K.SECOND_ROUND_THANKS, _C.PHONE): (
        "",
        _CALL_HEAD
        + "Hello {greeting_name}, this is {sender}. "
        "We met again {on_interview_day} for the second round "
        "for the {position} role. Do you have two minutes?\n\n"
        "Say:\n"
        "- Thank you for meeting me again.\n"
        "- What stood out this time: {specific}.\n"
        "- I would really like to join {company} in this role.\n\n"
        "Close:\n- Thank them, and note anything they say about next steps.\n",
    ),
    (_K.KEEP_IN_TOUCH, _C.EMAIL): (
        "Following up on our conversation about the {position} role",
        "Dear {greeting_name},\n\n"
        "Since we spoke, one part of our conversation has stayed with me: {specific}. "
        "{idea_intro}: {idea}.\n\n"
        "No need to reply; I simply thought it might be useful. I remain very interested in "
        "the {position} role at {company}.\n\n" + _SIGN_OFF,
    ),
    (_K.KEEP_IN_TOUCH, _C.CARD): (
        "",
        "Dear {greeting_name},\n\n"
        "Since we spoke, I keep coming back to {specific}. {idea_intro}: {idea}.\n\n"
        "I remain very interested in the {position} role at {company}.\n\n" + _CARD_SIGN_OFF,
    ),
    (_K.KEEP_IN_TOUCH, _C.LETTER): (
        "",
        _LETTER_HEAD
        + "Since our conversation about the {position} position at {company}, one part of it "
        "has stayed with me: {specific}.\n\n"
        "{idea_intro}: {idea}. There is no need to reply; I thought it might be of use.\n\n"
        "I remain very interested in the position and would be glad to hear from you.\n\n"
        + _LETTER_SIGN_OFF,
    ),
    (_K.KEEP_IN_TOUCH, _C.PHONE): (
        "",
        _CALL_HEAD
        + "Hello {greeting_name}, this is {sender}. We spoke about the {position} role, and I have "
        "something that might be useful to you. Do you have two minutes?\n\n"
        "Say:\n"
        "- Since we spoke, I keep thinking about: {specific}.\n"
        "- {idea_intro}: {idea}.\n"
        "- I am still very interested in the {position} role at {company}.\n\n"
        "Close:\n- Keep it short, and thank them for their time.\n",
    ),
    (_K.ASK_ABOUT_DECISION, _C.EMAIL): (
        "Thank you, and a question about the next steps for the {position} role",
        "Dear {greeting_name},\n\n"
        "Thank you for meeting with me {on_interview_day}. One part of our conversation has "
        "stayed with me: {specific}. It made me even more excited about the {position} role "
        "at {company}.\n\n"
        "May I ask when you expect to decide, and whether there will be a second round?\n\n"
        + _SIGN_OFF,
    ),
    (_K.ASK_ABOUT_DECISION, _C.CARD): (
        "",
        "Dear {greeting_name},\n\n"
        "Thank you for meeting with me {on_interview_day}. I keep coming back to one part of "
        "our conversation: {specific}.\n\n"
        "I would love to join {company} as {position}, and would be grateful to hear when you "
        "expect to decide and whether there will be a second round.\n\n" + _CARD_SIGN_OFF,
    ),
    (_K.ASK_ABOUT_DECISION, _C.LETTER): (
        "",
        _LETTER_HEAD
        + "Thank you for the time you gave me {on_interview_day} to talk about the {position} "
        "position at {company}.\n\n"
        "One part of our conversation has stayed with me in particular: {specific}. It "
        "confirmed how much I would like to contribute to your team.\n\n"
        "May I ask when you expect to reach a decision, and whether there will be a second "
        "round of interviews?\n\n" + _LETTER_SIGN_OFF,
    ),
    (_K.ASK_ABOUT_DECISION, _C.PHONE): (
        "",
        _CALL_HEAD
        + "Hello {greeting_name}, this is {sender}. "
        "We met {on_interview_day} about the {position} role. "
        "Do you have two minutes?\n\n"
        "Say:\n"
        "- Thank you for your time and the open conversation.\n"
        "- What stayed with me: {specific}.\n"
        "- I am very interested in the {position} role at {company}.\n\n"
        "Ask:\n" + _ASK_QUESTIONS + "\n"
        "Close:\n- Thank them, and write down the date they give you.\n",
    ),
    (_K.DECISION_CHECK, _C.EMAIL): (
        "Checking in about the {position} role",
        "Dear {greeting_name},\n\n"
        "I hope you are well. You planned to decide about the {position} role around now, so I "
        "wanted to check in: is the position still open, and when do you expect to decide?\n\n"
        "I am still very interested in joining {company}, and I keep coming back to one part of "
        "our conversation: {specific}.\n\n" + _SIGN_OFF,
    ),
    (_K.DECISION_CHECK, _C.CARD): (
        "",
        "Dear {greeting_name},\n\n"
        "I am still thinking about our conversation, especially {specific}, and I would love "
        "to join {company} as {position}.\n\n"
        "Is the position still open? I would be grateful to hear when you expect to "
        "decide.\n\n" + _CARD_SIGN_OFF,
    ),
    (_K.DECISION_CHECK, _C.LETTER): (
        "",
        _LETTER_HEAD
        + "You mentioned that {company} planned to decide about the {position} position around "
        "now, so I am writing to ask whether the position is still open, and when you expect "
        "to reach a decision.\n\n"
        "I remain very interested in the role. One part of our conversation in particular has "
        "stayed with me: {specific}.\n\n" + _LETTER_SIGN_OFF,
    ),
    (_K.DECISION_CHECK, _C.PHONE): (
        "",
        _CALL_HEAD
        + "Hello {greeting_name}, this is {sender}. We spoke about the {position} role, and I am "
        "calling to ask where things stand. Do you have two minutes?\n\n"
        "Say:\n"
        "- I am still very interested in the {position} role at {company}.\n"
        "- What stayed with me from our conversation: {specific}.\n\n"
        "Ask:\n" + _CHECK_QUESTIONS + "\n"
        "Close:\n- Thank them, and write down what they tell you.\n",
    ),
}


def default_templates() -> dict[str, Template]:
    """A template for every kind and channel, keyed by `Template.key`."""
    templates = (
        Template(kind, channel, subject, body)
        for (kind, channel), (subject, body) in _TEXTS.items()
    )
    return {template.key: template for template in templates}
