"""Filling a template from the facts of one follow-up, and the placeholders an edited one may use.

A fact that is missing becomes a visible ``[add …]`` marker rather than a vaguer sentence, so
the "no form letters" check (``notecheck``) stops the note until the user fills it in.

Filling is a single pass of a regular expression over ``{placeholder}`` tokens: the values are
never scanned again and ``str.format`` is never used, because templates are edited by the user
and facts come from anywhere (a name such as ``{__class__}`` must stay literal text).
"""

from __future__ import annotations

import re

from followup_desktop.domain.templates.kinds import Draft, NoteFacts, Template
from followup_desktop.domain.wording import greeting_name, mid_sentence

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


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
