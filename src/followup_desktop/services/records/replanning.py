"""Which applications a change touched, and re-planning them inside the writer's transaction."""

from __future__ import annotations

from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.planning import replan
from followup_desktop.storage.models import Application, Company, Contact


def applications_of_companies(company_ids: list[int]) -> set[int]:
    if not company_ids:
        return set()
    return {a for (a,) in Application.select(Application.id)
            .where(Application.company << company_ids).tuples()}


def replan_all(backend: Backend, application_ids: set[int]) -> None:
    for application_id in sorted(application_ids):
        replan(backend, application_id)


def all_exist(model: type[Company] | type[Contact], ids: list[int] | tuple[int, ...],
              what: str) -> None:
    """Like `existing` for each id, in one query that reads only ids."""
    found = {i for (i,) in model.select(model.id).where(model.id << list(ids)).tuples()}
    for record_id in ids:
        if record_id not in found:
            raise UserError(f"There is no {what} {record_id}.")
