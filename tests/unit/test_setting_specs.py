"""Every setting declared once (services/settings.py): the validator keeps numbers within the
range Preferences offers, so an imported file cannot set what the dialog could not."""

import pytest

from followup_desktop.domain.validation import ValidationError
from followup_desktop.services import settings


@pytest.mark.parametrize("key", settings.NUMBER_KEYS)
def test_a_number_outside_its_range_is_refused_in_plain_words(key):
    spec = settings.BY_KEY[key]
    for value in (spec.low - 1, spec.high + 1):
        with pytest.raises(ValidationError) as raised:
            settings.validate({key: value})
        assert f"must be from {spec.low} to {spec.high}" in str(raised.value)
    settings.validate({key: spec.low})
    settings.validate({key: spec.high})


def test_every_default_is_valid_and_every_setting_has_a_label():
    settings.validate(dict(settings.DEFAULTS))
    assert all(spec.label.strip() for spec in settings.SPECS)
