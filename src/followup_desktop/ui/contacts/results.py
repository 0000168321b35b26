"""The contacts page's search results: hits as cards, each made only when the list first
shows it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

from followup_desktop.services.views.people import Hit, HitKind
from followup_desktop.ui.widgets.cards import Card, CardModel


def _hit_card(hit: Hit) -> Card:
    """Every hit card has a subtitle, so that all are one height (the list measures one)."""
    if hit.kind == HitKind.COMPANY:
        return Card(hit.id, hit.name, subtitle="Company", avatar=hit.name, company=True,
                    kind=hit.kind.value)
    where = ", ".join(part for part in (hit.title, hit.company) if part)
    return Card(hit.id, hit.name, subtitle=where or "Person", avatar=hit.name,
                kind=hit.kind.value)


class _LazyHitCards(Sequence[Card]):
    """Hits that become cards when first read."""

    def __init__(self, hits: tuple[Hit, ...]) -> None:
        self.hits = hits
        self._made: dict[int, Card] = {}

    def __len__(self) -> int:
        return len(self.hits)

    @overload
    def __getitem__(self, row: int) -> Card: ...

    @overload
    def __getitem__(self, rows: slice) -> list[Card]: ...

    def __getitem__(self, row: int | slice) -> Card | list[Card]:
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self.hits)))]
        if row < 0:
            row += len(self.hits)
        if row not in self._made:
            self._made[row] = _hit_card(self.hits[row])  # IndexError ends iteration
        return self._made[row]


class HitCards(CardModel):
    """Search results as cards, each made when the view first asks for it (the list measures
    one row and draws those on screen), so a reset costs the same for 200 hits as for 2."""

    def set_hits(self, hits: tuple[Hit, ...]) -> None:
        self.beginResetModel()
        self._cards = _LazyHitCards(hits)  # type: ignore[assignment]  # read as a sequence
        self.endResetModel()

    def row_of(self, card_id: int, kind: str = "") -> int:
        if not isinstance(self._cards, _LazyHitCards):  # set as cards after all
            return super().row_of(card_id, kind)
        for row, hit in enumerate(self._cards.hits):  # without making a card of each
            if hit.id == card_id and hit.kind.value == kind:
                return row
        return -1

