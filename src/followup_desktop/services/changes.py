"""What a write changed, so that each page reads again only when what it shows changed (as
Anki's OpChanges). A write returns one of these; the window hands it to every page, and a page
whose `SHOWS` has none of it stays as it is (it is not even marked stale)."""

from __future__ import annotations

import enum


class Changed(enum.Flag):
    NOTHING = 0
    PLAN = enum.auto()  # follow-ups, touches and decision checks: done, skipped, moved, re-planned
    APPLICATIONS = enum.auto()  # an application's role, status or history
    INTERVIEWS = enum.auto()  # an interview's time, people or debrief
    PEOPLE = enum.auto()  # contacts and companies: names, addresses, channels
    SETTINGS = enum.auto()  # preferences that change what is shown (working hours, zone)
    DRAFTS = enum.auto()  # what only the composer shows: a note not yet delivered, ideas
    EVERYTHING = PLAN | APPLICATIONS | INTERVIEWS | PEOPLE | SETTINGS | DRAFTS


def affects(shows: Changed, changed: Changed) -> bool:
    return bool(shows & changed)
