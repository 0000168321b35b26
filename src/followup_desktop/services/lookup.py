"""Finding the records a request names, with a clear message when one is gone."""

from __future__ import annotations

from typing import TypeVar

from followup_desktop.services.errors import UserError
from followup_desktop.storage.models import BaseModel

M = TypeVar("M", bound=BaseModel)


def existing(model: type[M], record_id: int | None, what: str) -> M:
    row = None if record_id is None else model.get_or_none(model.id == record_id)
    if row is None:
        raise UserError(f"There is no {what} {record_id}.")
    return row


def existing_or_none(model: type[M], record_id: int | None, what: str) -> M | None:
    return None if record_id is None else existing(model, record_id, what)
