"""The text check every way data comes in shares: controls and bidi controls are refused."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_desktop.domain import validation
from followup_desktop.domain.validation import ValidationError

BIDI_CONTROLS = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]


@pytest.mark.parametrize("control", BIDI_CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_every_bidi_embedding_override_and_isolate_is_refused(control):
    with pytest.raises(ValidationError, match="direction of text"):
        validation.text(f"Ac{control}me", "name")
    with pytest.raises(ValidationError, match="direction of text"):
        validation.text(f"notes {control}", "notes", limit=validation.LONG_TEXT)


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u061c"])
def test_direction_marks_which_disguise_nothing_are_kept(mark):
    assert validation.text(f"Ada{mark}", "name") == f"Ada{mark}"


def test_an_e_mail_address_with_an_isolate_is_refused():
    with pytest.raises(ValidationError, match="direction of text"):
        validation.email("ada\u2066@example.org", "email")


@given(st.text(alphabet=st.characters(blacklist_categories=["Cc", "Cs"],
                                      blacklist_characters=BIDI_CONTROLS), max_size=60))
def test_text_without_controls_is_kept_as_it_is(value):
    assert validation.text(value, "name") == value


@given(st.text(max_size=30), st.sampled_from(BIDI_CONTROLS), st.text(max_size=30))
def test_text_with_a_bidi_control_anywhere_is_refused(before, control, after):
    with pytest.raises(ValidationError):
        validation.text(before + control + after, "name")
