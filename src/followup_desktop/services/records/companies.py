"""Writing companies: a new one, a change (its applications re-planned), one found by name."""

from __future__ import annotations

from peewee import fn

from followup_desktop.domain import fields
from followup_desktop.domain.model import Channel
from followup_desktop.services.backend import Backend
from followup_desktop.services.lookup import existing
from followup_desktop.services.records.replanning import applications_of_companies, replan_all
from followup_desktop.services.records.rows import company_row
from followup_desktop.storage.models import Company


def add_company(backend: Backend, name: str, *, website: str = "", postal_address: str = "",
                preferred_channel: Channel | None = None, reach_notes: str = "") -> int:
    row = company_row(name, website, postal_address, preferred_channel, reach_notes)
    with backend.write():
        return Company.create(created_utc=backend.clock.now(), **row).id


def update_company(backend: Backend, company_id: int, name: str, *, website: str = "",
                   postal_address: str = "", preferred_channel: Channel | None = None,
                   reach_notes: str = "") -> None:
    """Change a company; its applications are re-planned (the channel of their follow-ups)."""
    row = company_row(name, website, postal_address, preferred_channel, reach_notes)
    with backend.write():
        existing(Company, company_id, "company")
        Company.update(**row).where(Company.id == company_id).execute()
        replan_all(backend, applications_of_companies([company_id]))


def new_company_name(company: int | str) -> str | None:
    """The name of a company to find or create, when `company` is a name and not an id."""
    if isinstance(company, str):
        return fields.COMPANY_NAME.check(company).strip()
    return None


def company_id(backend: Backend, company: int | str, new_name: str | None) -> int:
    """The id of an existing company, or of the one named `new_name` (created if needed);
    inside a transaction."""
    if new_name is None:
        return existing(Company, company, "company").id
    for found, name in Company.select(Company.id, Company.name).where(
            fn.LOWER(Company.name) == new_name.lower()).tuples():
        if name.casefold() == new_name.casefold():
            return found
    return Company.create(name=new_name, created_utc=backend.clock.now()).id
