"""The company and position an invitation's title names, as far as it names them: "Acme
Robotics - Robotics Engineer interview", "Interview for Data Engineer at Initech"."""

from __future__ import annotations

import re

from followup_desktop.domain import validation as check

# What an interview is called in a title ("Phone screen", "2nd round interview", German too).
_KIND = (r"(?:(?:first|second|third|final|1st|2nd|3rd|technical|tech|phone|video|virtual|"
         r"onsite|on-site|panel|hr|culture|intro(?:ductory)?|hiring manager|team|round)\s+)*"
         r"(?:interviews?|screen(?:ing)?|call|chat|meeting|conversation|assessment(?: day| "
         r"cent(?:er|re))?|vorstellungsgespräch|bewerbungsgespräch|entretien)"
         r"(?:\s+(?:round\s*)?\d+)?")
_KIND_RE = re.compile(rf"\b{_KIND}\b", re.IGNORECASE)
# "(round 2)", "[video]": short remarks in brackets, not a formula's arguments
_ROUND_MARK = re.compile(r"\s*[(\[][^)\]]{0,25}[)\]]\s*")
_SEPARATORS = re.compile(r"\s+[-–—|]\s+|\s*[–—|:]\s+|\s*:\s*$")
_WITH_AT = re.compile(r"^(?P<before>.*?)\b(?:with|at|bei|mit)\s+(?P<company>.+)$",
                      re.IGNORECASE)
_FOR = re.compile(r"\s+(?:for|about|re)\s+(?:the\s+)?(?P<position>.+)$", re.IGNORECASE)
_FOR_PREFIX = re.compile(r"^(?:for|about|re)\s+(?:the\s+)?", re.IGNORECASE)
_ROLE_SUFFIX = re.compile(r"\s+(?:role|position|job|opening)$", re.IGNORECASE)
# The last word of a job title, to tell "Interview: Robotics Engineer" from a company name.
POSITION_WORDS = frozenset({
    "engineer", "developer", "manager", "designer", "analyst", "scientist", "intern",
    "internship", "lead", "director", "consultant", "specialist", "architect", "administrator",
    "officer", "coordinator", "assistant", "associate", "technician", "researcher", "head",
    "representative", "accountant", "writer", "editor", "programmer", "tester", "owner",
    "recruiter", "advisor", "executive", "president", "vp", "cto", "ceo", "cfo", "sre",
    "devops", "trainee", "apprentice", "nurse", "teacher", "operator", "planner", "buyer",
})


def read_title(summary: str, person_names: set[str] | None = None) -> tuple[str, str]:
    """(company, position) as far as an invitation's title tells them, "" where it does not:
    "Acme Robotics - Robotics Engineer interview", "Interview with Acme Robotics",
    "Interview for Data Engineer at Initech", "Interview: Backend Engineer @ Globex"."""
    title = " ".join(_ROUND_MARK.sub(" ", summary).split())
    if not _KIND_RE.search(title) or len(title) > check.SHORT_TEXT:
        return "", ""  # not about an interview ("Lunch at Luigi's"), or not a title at all
    company, position = _title_parts(title)
    if _looks_like_position(company):  # "Interview: Robotics Engineer"
        company, position = "", position or company
    if company.casefold() in {n.casefold() for n in (person_names or set()) if n}:
        company = ""  # "Interview with Jane Doe" names a person
    return _clean(company), _clean(position)


def _title_parts(title: str) -> tuple[str, str]:
    if "@" in title:  # "Backend Engineer @ Globex"
        before, _, after = title.rpartition("@")
        return after, _strip_kind(before.split(":")[-1])
    parts = [p for p in _SEPARATORS.split(title) if p.strip()]
    if len(parts) > 1:
        return _from_parts(parts)
    match = _WITH_AT.match(title)
    if match is None:
        return "", _position_in(title)
    company, position = match.group("company"), _position_in(match.group("before"))
    trailing = _FOR.search(company)
    if trailing:  # "Interview with Acme for the Data Engineer role"
        company, position = company[:trailing.start()], trailing.group("position")
    return company, position


def _from_parts(parts: list[str]) -> tuple[str, str]:
    """Separated parts: those without the interview word name the company, unless they read
    like a job title; the interview part, less that word, names the position."""
    company, position = "", ""
    for part in parts:
        rest = _strip_kind(part)
        if _KIND_RE.search(part) or _looks_like_position(part):
            position = position or rest
        elif not company:
            company = part
            match = _WITH_AT.match(part)
            if match and _looks_like_position(match.group("before")):  # "Analyst at Initech"
                company, position = match.group("company"), position or match.group("before")
    return company, position


def _position_in(text: str) -> str:
    """What is left of "Robotics Engineer interview" or "Interview for Data Engineer", but
    not of "Quick chat": without more structure only a job title counts."""
    rest = " ".join(_KIND_RE.sub(" ", text).split())
    return _strip_kind(text) if _FOR_PREFIX.match(rest) or _looks_like_position(rest) else ""


def _strip_kind(text: str) -> str:
    return _FOR_PREFIX.sub("", " ".join(_KIND_RE.sub(" ", text).split()))


def _looks_like_position(text: str) -> bool:
    words = text.split()
    return bool(words) and words[-1].casefold().strip(".,") in POSITION_WORDS


def _clean(text: str) -> str:
    text = _ROLE_SUFFIX.sub("", text.strip(" \t\"'“”„«»()[]{}.,;:!?-–—"))
    return text if 0 < len(text) <= check.SHORT_TEXT and "\n" not in text else ""
