"""The composer's small world: Ada Lovelace of Acme Robotics interviewed the user a day before
`at`, so a thank-you to her is planned."""

from __future__ import annotations

from datetime import datetime, timedelta

from followup_desktop.domain.model import ActionKind, Role
from followup_desktop.services import records, settings
from followup_desktop.services.backend import Backend
from followup_desktop.storage.models import Action


def thank_you_to_ada(backend: Backend, at: datetime, *, sender: str = "", postal_address: str = "",
                     phone: str = "", discussed: str = "") -> int:
    """The planned thank-you's id; `sender` is the user's name, when the note is to be signed."""
    if sender:
        with backend.write():
            settings.save("sender_name", sender)
    company = records.add_company(backend, "Acme Robotics", postal_address=postal_address)
    ada = records.add_contact(backend, company, records.ContactDraft(
        "Ada Lovelace", "Head of Robotics", Role.INTERVIEWER, email="ada@acme.example",
        phone=phone, name_verified=True, title_verified=True))
    application = records.add_application(backend, company, "Robotics Engineer")
    start = at - timedelta(days=1)
    records.add_interview(backend, application, start, start + timedelta(hours=1),
                          "Europe/Berlin", [ada], discussed=discussed)
    return Action.get((Action.application == application)
                      & (Action.kind == ActionKind.THANK_YOU)).id
