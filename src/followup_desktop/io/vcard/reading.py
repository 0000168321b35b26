"""Reading vCard text (2.1, 3.0 and 4.0) into `Card`s with vobject.

Problems with the file itself raise domain.validation.ValidationError naming the card (counted
from 1) or the line.

What the address books in use write, and what is done with it:
- Google Contacts: 3.0, grouped properties (item1.EMAIL, item1.X-ABLabel), TYPE=INTERNET,WORK.
- Apple Contacts and iCloud: 3.0, lower-case type=pref, X-ABShowAs:COMPANY for a company card,
  large folded PHOTO data.
- Outlook: 2.1, bare parameters (TEL;WORK;VOICE), CHARSET=Windows-1252, quoted-printable with
  soft line breaks, sometimes raw 8-bit text in the declared CHARSET.
- Thunderbird and other 4.0 writers: PREF=1, TEL;VALUE=uri:tel:…, KIND:org, ADR's LABEL
  parameter (newlines as RFC 6868 ^n).
Only the properties a contact is made of are parsed; PHOTO, LOGO, SOUND, KEY and the rest are
skipped undecoded: a broken or huge image must not fail an import of names and addresses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from vobject.base import ContentLine, textLineToContentLine
from vobject.icalendar import stringToTextValues
from vobject.vcard import splitFields

from followup_desktop.domain.validation import ValidationError
from followup_desktop.io.vcard.card import Card

MAX_CARDS = 10_000
MAX_PROPERTIES = 300_000  # the lines read (names, numbers, addresses): 30 a card on average
MAX_LINE = 100_000  # characters in one such line; a note may be 20,000 and escapes add more
# What a contact is made of; everything else (PHOTO above all) is skipped unparsed.
_WANTED = frozenset({"BEGIN", "END", "VERSION", "FN", "N", "ORG", "TITLE", "EMAIL", "TEL", "ADR",
                     "NOTE", "UID", "KIND", "X-ABSHOWAS"})
_PROPERTY = re.compile(r"(?:[A-Za-z0-9_-]++\.)?+([A-Za-z0-9_-]++)[;:]")
VERSIONS = ("2.1", "3.0", "4.0")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # not str.splitlines: U+2028 and friends are text here
# vobject's line pattern nests quantifiers and backtracks exponentially on a line with many
# parameters and no colon (24 of them take seconds). This pattern accepts the same lines (compared
# on random strings) in linear time, with possessive quantifiers; a line it refuses never
# reaches vobject.
_NAME = r"[A-Za-z0-9_-]++"
_PARAM_VALUE = r'(?:"[^"]*+"|[^";:,]*+)'
_LINE_SHAPE = re.compile(
    rf"(?:{_NAME}\.)?+{_NAME}(?:;(?=[;:]))?+(?:;{_NAME}(?:[=,]{_PARAM_VALUE})*+)*+:", re.DOTALL)
_RFC6868 = re.compile(r"\^[n'^]|\\n", re.IGNORECASE)
_RFC6868_CHARS = {"^n": "\n", "^N": "\n", "^'": '"', "^^": "^", "\\n": "\n", "\\N": "\n"}


def parse(text: str, max_cards: int = MAX_CARDS) -> list[Card]:
    """Every card of the file, in order.

    vobject parses each line we need and decodes its quoted-printable in the line's CHARSET.
    Two of its parts are not used. Its logical-line splitter copies the whole line so far for
    every folded piece, so a photo of a megabyte takes minutes; unfolding here is linear. Its
    component reader decodes every text value as a comma-separated list and keeps the first
    item, so an unescaped comma (usual in vCard 2.1, "Müller, Jürgen") would cut text short.
    """
    lines = _LINE_BREAK.split(text)
    _check_shape(lines, max_cards)
    reader = _Reader()
    for logical in _logical_lines(lines):
        reader.feed(logical)
    return reader.cards


def _logical_lines(lines: list[str]) -> Iterator[str]:
    """Unfolded lines (RFC 6350 3.2, and 2.1 quoted-printable soft line breaks), without the
    blank lines that end 2.1 base64 data."""
    parts: list[str] = []
    quoted_printable = False
    for line in lines:
        if parts and quoted_printable and parts[-1].endswith("="):
            parts.append("\n" + line)  # the decoder drops "=\n" with the soft break
        elif parts and line[:1] in (" ", "\t"):
            parts.append(line[1:])
        else:
            if parts:
                yield "".join(parts)
            parts = [line] if line.strip() else []
            quoted_printable = "QUOTED-PRINTABLE" in line.partition(":")[0].upper()
    if parts:
        yield "".join(parts)


@dataclass
class _Reader:
    """Groups the lines into cards (BEGIN:VCARD to END:VCARD), parsing only those it needs."""

    cards: list[Card] = field(default_factory=list)
    properties: list[ContentLine] = field(default_factory=list)
    depth: int = 0
    parsed: int = 0

    @property
    def where(self) -> str:
        return f"card {len(self.cards) + 1}"

    def feed(self, logical: str) -> None:
        line = self._parse(logical)
        if line is None:
            return
        if line.name == "BEGIN":
            self.depth += 1
            if self.depth == 1:
                _check_begin(line, self.where)
        elif line.name == "END":
            self.depth -= 1
            if self.depth == 0:
                self.cards.append(_card(self.properties, len(self.cards) + 1))
                self.properties = []
        elif self.depth == 1:  # deeper is a 2.1 AGENT's embedded card: not a person of ours
            self.properties.append(line)
        if self.depth < 0 or (self.depth == 0 and line.name not in ("BEGIN", "END")):
            raise ValidationError(self.where, "has lines outside BEGIN:VCARD and END:VCARD")

    def _parse(self, logical: str) -> ContentLine | None:
        found = _PROPERTY.match(logical)
        if found is None:
            raise ValidationError(self.where, f"has a line that is not NAME:value or "
                                              f"NAME;PARAMETERS:value: {_quote(logical)}")
        name = found.group(1).upper()
        if name not in _WANTED:
            return None  # PHOTO, X-… and the like: never decoded, never a reason to fail
        self.parsed += 1
        if self.parsed > MAX_PROPERTIES:
            raise ValidationError("file", f"holds more than {MAX_PROPERTIES:,} names, "
                                          f"addresses and numbers; split it")
        if len(logical) > MAX_LINE:
            raise ValidationError(f"{self.where}, {name}", f"is longer than {MAX_LINE:,} "
                                                           "characters")
        if not _LINE_SHAPE.match(logical):
            raise ValidationError(f"{self.where}, {name}", "is not NAME;PARAMETERS:value (a "
                                                           "colon missing, or a quote open?)")
        try:
            return textLineToContentLine(logical)
        # vobject reports a malformed line with ParseError, bad quoted-printable with
        # ValueError (UnicodeDecodeError among them), an unknown CHARSET with LookupError, a
        # CHARSET given twice with TypeError: the line is untrusted, whatever it raises is the
        # file's fault.
        except Exception as error:
            raise ValidationError(f"{self.where}, {name}", _reason(error)) from None


def _check_shape(lines: list[str], max_cards: int) -> None:
    """The mistakes worth naming plainly: not a vCard file at all, a cut-off file, too many."""
    filled = [line.strip().upper() for line in lines if line.strip()]
    if not filled:
        raise ValidationError("file", "is empty")
    if filled[0] != "BEGIN:VCARD":
        raise ValidationError("file", "is not a vCard file (it does not begin with BEGIN:VCARD)")
    if not filled[-1].startswith("END:"):
        raise ValidationError("file", "ends inside a card (no END:VCARD at the end); it may be "
                                      "cut off")
    count = filled.count("BEGIN:VCARD")
    if count > max_cards:
        raise ValidationError("file", f"holds {count:,} cards; the limit is {max_cards:,}")


def _check_begin(line: ContentLine, where: str) -> None:
    if line.value.strip().upper() != "VCARD":
        raise ValidationError(where, f"is a {line.value.strip()[:40]}, not a vCard")


def _quote(line: str) -> str:
    return repr(line if len(line) <= 60 else line[:57] + "...")


def _reason(error: BaseException) -> str:
    if isinstance(error, UnicodeDecodeError):
        return f"cannot be read: its text is not {error.encoding} (is CHARSET right?)"
    if isinstance(error, LookupError):
        return f"cannot be read: {error} (an unknown CHARSET)"
    message = str(getattr(error, "msg", "") or error).strip().splitlines()
    first = message[0] if message else type(error).__name__
    return "cannot be read: " + (first if len(first) <= 120 else first[:117] + "...")


def _card(lines: list[ContentLine], number: int) -> Card:
    where = f"card {number}"
    found: dict[str, list[ContentLine]] = {}
    for line in lines:
        found.setdefault(line.name, []).append(line)
    version = _first(found, "VERSION")
    if version and version not in VERSIONS:
        raise ValidationError(f"{where}, VERSION", f"{version[:20]!r} is not 2.1, 3.0 or 4.0")
    emails = (_unescape(line.value).strip() for line in _ranked(found, "EMAIL"))
    phones = (_phone(line) for line in _ranked(found, "TEL"))
    return Card(
        number=number,
        name=_first(found, "FN") or _name(found),
        title=_first(found, "TITLE"),
        organization=_organization(found),
        emails=tuple(e for e in emails if e),
        phones=tuple(p for p in phones if p),
        address=next((_address(line) for line in _ranked(found, "ADR")), ""),
        note=_first(found, "NOTE", strip=False),
        uid=_first(found, "UID"),
        is_organization=(_first(found, "KIND").lower() == "org"
                         or _first(found, "X-ABSHOWAS").upper() == "COMPANY"),
    )


def _ranked(found: dict[str, list[ContentLine]], name: str) -> list[ContentLine]:
    """Work entries first, then preferred ones, then the rest in file order: a job seeker
    writes to people at work."""
    return sorted(found.get(name, []), key=lambda line: ("work" not in _types(line),
                                                         "pref" not in _types(line)))


def _types(line: ContentLine) -> set[str]:
    """TYPE values (3.0/4.0, also "work,voice" in one) and bare 2.1 parameters (TEL;WORK;PREF);
    4.0 marks preference with PREF=n."""
    found = {t.strip().lower() for value in line.params.get("TYPE", [])
             for t in value.split(",")}
    found |= {p.lower() for p in line.singletonparams}
    if line.params.get("PREF"):
        found.add("pref")
    return found


def _unescape(value: str) -> str:
    """A text value without its backslash escapes; a comma in it stays a comma."""
    return _newlines(stringToTextValues(value, listSeparator=None)[0])


def _fields(value: str) -> list[str]:
    """The parts of a structured value (N, ADR, ORG), each unescaped; commas kept."""
    return [_newlines(",".join(part) if isinstance(part, list) else part)
            for part in splitFields(value)]


def _newlines(text: str) -> str:
    """Line breaks as \\n: quoted-printable values carry the writer's CRLF (=0D=0A)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _first(found: dict[str, list[ContentLine]], name: str, strip: bool = True) -> str:
    lines = found.get(name)
    if not lines:
        return ""
    value = _unescape(lines[0].value)
    return value.strip() if strip else value


def _name(found: dict[str, list[ContentLine]]) -> str:
    """The name from N, for the vCard 2.1 cards that have no FN: prefix, given, additional,
    family, suffix."""
    if not found.get("N"):
        return ""
    family, given, additional, prefix, suffix, *_ = [*_fields(found["N"][0].value), *[""] * 5]
    parts = (prefix, given, additional, family, suffix)
    return " ".join(part.strip() for part in parts if part.strip())


def _organization(found: dict[str, list[ContentLine]]) -> str:
    """The organization's name: ORG's first part (the others are departments)."""
    lines = found.get("ORG")
    return _fields(lines[0].value)[0].strip() if lines else ""


def _phone(line: ContentLine) -> str:
    value = _unescape(line.value).strip()
    return value[4:] if value.lower().startswith("tel:") else value  # 4.0 VALUE=uri


def _address(line: ContentLine) -> str:
    """Multi-line text for letters: the label the address book formatted, if it gave one;
    else the parts, with the locality written "code city" or, where there is a region, the
    North American way "city, region code"."""
    label = line.params.get("LABEL")
    if label and label[0].strip():
        return _newlines(_RFC6868.sub(lambda m: _RFC6868_CHARS[m.group()], label[0])).strip()
    parts = [part.strip() for part in [*_fields(line.value), *[""] * 7][:7]]
    box, extended, street, city, region, code, country = parts
    locality = (f"{city}, {region} {code}".strip(" ,") if region
                else f"{code} {city}".strip())
    return "\n".join(row for row in (box, extended, street, locality, country) if row)
