"""A calendar with thousands of items, most of them not the app's (the issue's "a calendar with
50,000 items"; the 50,000 case itself is measured by benchmarks/sync_large.py, as it takes the
server minutes): the sync finishes, leaves every item it did not write alone, writes each of its
own once, reads none of the others, and a second sync writes and reads nothing.

FOLLOWUP_SYNC_ITEMS sets the calendar's size (2,000 by default: about 15 s here, most of it the
server listing items it has never listed and checking each new UID against all of them)."""

from __future__ import annotations

import os
from datetime import timedelta

from followup_desktop.domain.model import ActionKind, Channel
from followup_desktop.services import actions
from helpers.big_calendar import fill, make_calendar
from helpers.radicale import Radicale
from helpers.sync_world import (
    THANK_YOU_DUE,
    World,
    connect,
    pending,
    run,
)

ITEMS = int(os.environ.get("FOLLOWUP_SYNC_ITEMS", "2000"))
OURS = 40
OTHER_MACHINES = 50


def plan_many(world: World, count: int) -> None:
    for number in range(count):
        actions.plan_by_hand(world.backend, world.application, ActionKind.KEEP_IN_TOUCH,
                             THANK_YOU_DUE + timedelta(days=3, hours=number),
                             Channel.EMAIL, world.ada, note=f"Idea {number}")


def test_a_calendar_of_thousands_of_items_mostly_not_ours(world: World, radicale: Radicale):
    backend = world.backend
    plan_many(world, OURS - len(pending(backend)))
    assert len(pending(backend)) == OURS
    folder = make_calendar(radicale)
    theirs = ITEMS - OURS - OTHER_MACHINES
    fill(folder, theirs, OTHER_MACHINES)
    before = {path.name: path.read_bytes() for path in folder.glob("*.ics")}
    connect(backend, radicale)
    puts, reads = radicale.requests("PUT"), radicale.requests("REPORT")
    first = run(backend, radicale)
    assert (first.created, first.written, first.recorded) == (OURS, OURS, 0)
    assert not first.calendar_made and first.unreadable == []
    assert radicale.requests("PUT") - puts == OURS  # each of ours once, nothing twice
    assert radicale.requests("REPORT") == reads  # none of the others read
    after = {path.name: path.read_bytes() for path in folder.glob("*.ics")}
    assert len(after) == ITEMS
    assert {name: after[name] for name in before} == before  # theirs untouched
    second = run(backend, radicale)
    assert second.written == 0 and second.recorded == 0
    assert radicale.requests("PUT") - puts == OURS
    assert radicale.requests("REPORT") == reads
    assert second.describe().endswith("nothing to send; nothing new from it.")
