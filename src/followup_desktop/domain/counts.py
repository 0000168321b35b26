"""Counted nouns in user-visible text: "1 application", "2 applications", "1 new interview".

English only, as the rest of the app; an irregular plural is given explicitly.
"""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """`count` and the noun in the number that agrees with it ("1 person", "3 people")."""
    if count == 1:
        return f"{count:,} {singular}"
    return f"{count:,} {plural if plural is not None else singular + 's'}"
