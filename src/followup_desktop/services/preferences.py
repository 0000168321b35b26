"""Changing the preferences: check them all, store them, and re-plan what is in progress."""

from __future__ import annotations

from typing import Any

from followup_desktop.domain.validation import ValidationError
from followup_desktop.services import settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.planning import replan_open


def current(backend: Backend) -> dict[str, Any]:
    return settings.load()


def apply(backend: Backend, values: dict[str, Any]) -> int:
    """Store the changed settings and re-plan open applications in one transaction.

    Returns how many applications were re-planned (none when nothing changed).
    """
    try:
        settings.validate(values)
    except ValidationError as error:
        raise UserError(str(error)) from error
    changed = {k: v for k, v in values.items() if settings.load().get(k) != v}
    if not changed:
        return 0
    with backend.write():
        for key, value in changed.items():
            settings.save(key, value)
        return replan_open(backend)
