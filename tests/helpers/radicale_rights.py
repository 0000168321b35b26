"""A Radicale that lets its user do everything but use the "Follow-up contacts" address book
(Radicale's `from_file` rights): a calendar server where the contacts' step fails while the
follow-ups' step works, as on a server whose address books are locked down."""

from __future__ import annotations

from helpers.radicale import Radicale

RIGHTS = """
[no-follow-up-contacts]
user: .+
collection: {user}/followup-contacts(/.*)?
permissions:

[principal]
user: .+
collection: {user}
permissions: RW

[own-collections]
user: .+
collection: {user}/[^/]+(/.*)?
permissions: rw

[root]
user: .+
collection:
permissions: R
"""


class RadicaleWithoutContacts(Radicale):
    name = "radicale-no-contacts"

    def prepare(self) -> None:
        super().prepare()
        (self.root / "rights").write_text(RIGHTS)

    def command(self) -> list[str]:
        return [*super().command(), "--rights-type", "from_file",
                "--rights-file", str(self.root / "rights")]
