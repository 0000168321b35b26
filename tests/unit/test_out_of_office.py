"""The return date in automatic answers (services/mail/out_of_office.py): a table of English
and German phrasings, and the ones that must not yield a date."""

from __future__ import annotations

from datetime import date

import pytest

from followup_desktop.domain.rules import Rules
from followup_desktop.services.mail.out_of_office import Absence, read_absence, return_day

SENT = date(2026, 12, 7)  # a Monday; the 12th and 13th are a weekend
RULES = Rules()  # Monday to Friday

BACK = [
    ("I will be back on 14 December.", date(2026, 12, 14)),
    ("I'll be back in the office on Monday, December 14th.", date(2026, 12, 14)),
    ("I am out of the office until December 11th.", date(2026, 12, 14)),
    ("Returning Monday, 14.12.2026", date(2026, 12, 14)),
    ("Ab dem 14.12. bin ich wieder im Büro.", date(2026, 12, 14)),
    ("Ich bin bis einschließlich 11. Dezember nicht im Büro.", date(2026, 12, 14)),
    ("Ab Montag, den 14.12.2026 bin ich wieder für Sie da.", date(2026, 12, 14)),
    ("Ich bin am 14. Dezember wieder im Haus.", date(2026, 12, 14)),
    ("Vom 1.-11.12. bin ich im Urlaub.", date(2026, 12, 14)),
    ("I am on leave from 1 to 11 December, with no access to e-mail.", date(2026, 12, 14)),
    ("I will not be back until Monday, 14 December.", date(2026, 12, 14)),
    ("I return on 2026-12-14.", date(2026, 12, 14)),
    ("Back on Dec. 15, 2026.", date(2026, 12, 15)),
    ("I am travelling through Friday 11 December.", date(2026, 12, 14)),
    ("Ich bin ab morgen wieder erreichbar.", date(2026, 12, 8)),
    ("Back Wednesday.", date(2026, 12, 9)),
    ("Thank you for your e-mail. I am out of the office until 4 January and will reply "
     "after my return.", date(2027, 1, 5)),
    ("In der Zeit vom 01.12. bis 11.12.2026 bin ich nicht erreichbar.", date(2026, 12, 14)),
    ("Ich bin bis zum 11.12. abwesend und ab dem 15.12. wieder erreichbar.",
     date(2026, 12, 15)),
    ("Out of office: back on 14/12/2026", date(2026, 12, 14)),
    ("From 14 December I am back in the office.", date(2026, 12, 14)),
    ("I'm back on 21 December; until then please write to jane@acme.example.",
     date(2026, 12, 21)),
    ("Zurück am 14.12.", date(2026, 12, 14)),
    ("Ich bin bis 18.12. im Urlaub.\n\nI am on holiday until 18 December.", date(2026, 12, 21)),
    ("Je suis absent. I am away and will return on the 14th of December 2026.",
     date(2026, 12, 14)),
]

NO_DATE = [
    "Thank you for your message. I will reply as soon as possible.",
    "Ich bin derzeit nicht im Büro.",
    "Your message about the meeting on 14 December has been received.",
    "Ab dem 21.12. bin ich im Urlaub.",  # when the absence starts, not when it ends
    "Ich bin ab 21.12. wieder im Urlaub.",
    "Ab dem 21.12. bin ich nicht erreichbar.",
    "Back on 11/12/2026.",  # 11 December or 12 November: no guess
    "I will be back on 31 February.",
    "I'll get back to you about the 14 December interview soon.",
    "Ticket 12345 received on 2026-12-07.",
    "Out of office until further notice.",
    "Back in 5 minutes.",
    "I am out of the office until 11 December 2025.",  # a year ago: left switched on
    "I was away until 4 December.",  # three days before this answer: stale
    "> I will be back on 14 December\nThanks, noted.",  # the user's own words, quoted
    "",
]


@pytest.mark.parametrize(("text", "back"), BACK, ids=[t[:40] for t, _ in BACK])
def test_the_return_day_is_read(text: str, back: date) -> None:
    assert return_day(text, SENT, RULES) == back


@pytest.mark.parametrize("text", NO_DATE, ids=[t[:40] or "empty" for t in NO_DATE])
def test_no_return_day_is_made_up(text: str) -> None:
    assert read_absence(text, SENT) is None


def test_an_until_date_is_the_last_day_away() -> None:
    assert read_absence("away until Friday, 11 December", SENT) == Absence(
        date(2026, 12, 11), until=True)
    # Back on the next working day by the user's own working week (here Monday to Saturday).
    six_days = Rules(working_days=frozenset(range(6)))
    assert return_day("away until Friday, 11 December", SENT, six_days) == date(2026, 12, 12)


def test_an_explicit_return_beats_an_until() -> None:
    text = "Until 11 December I am at a conference, and I am back on 15 December."
    assert read_absence(text, SENT) == Absence(date(2026, 12, 15), until=False)


def test_a_date_without_a_year_is_the_next_one() -> None:
    assert return_day("back on 2 January", date(2026, 12, 20), RULES) == date(2027, 1, 2)
    assert return_day("back on 29 February", date(2027, 12, 20), RULES) == date(2028, 2, 29)
    # Over a year away is a misreading, not an absence: nothing is moved.
    assert return_day("back on 29 February", date(2026, 12, 20), RULES) is None
