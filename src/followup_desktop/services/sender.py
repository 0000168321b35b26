"""The user as the sender of every note: the name that signs it and the postal address an
envelope or letter carries as the return address. Both are settings (services.settings); these
are the small writes the first-run prompt and the composer make, without re-planning anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from followup_desktop.domain import validation as check
from followup_desktop.services import settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.views.due import is_first_run


@dataclass(frozen=True)
class Sender:
    name: str
    address: str

    @property
    def known(self) -> bool:
        return bool(self.name.strip())


def sender(backend: Backend) -> Sender:
    values = settings.load()
    return Sender(str(values["sender_name"]), str(values["sender_address"]))


def set_sender_name(backend: Backend, name: str) -> str:
    """Store the name that signs the notes (one line, required); returns it as stored."""
    value = " ".join(check.text(name, "your name", required=True).split())
    with backend.write():
        settings.save("sender_name", value)
    return value


def set_sender_address(backend: Backend, address: str) -> str:
    """Store the user's postal address (several lines; empty forgets it)."""
    lines = [line.strip() for line in check.text(address, "your postal address",
                                                  limit=1000).splitlines()]
    value = "\n".join(line for line in lines if line)
    with backend.write():
        settings.save("sender_address", value)
    return value


def needs_name_on_first_run(backend: Backend) -> bool:
    """Nothing entered yet and no name to sign with: the moment to ask for it, once."""
    return is_first_run(backend) and not sender(backend).known
