"""The sync tests' servers: a real Radicale per test (tests/helpers/radicale.py), and for the
core cases Xandikos too (tests/helpers/xandikos.py), both on loopback. The data folders' clocks
are pinned (tests/helpers/backends.py); no test reads the real clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_desktop.services.backend import Backend
from helpers.dav_server import DavServer
from helpers.radicale import Radicale
from helpers.sync_world import Phone, World, make_world
from helpers.xandikos import Xandikos


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[Radicale]:
    with Radicale(tmp_path / "radicale") as server:
        yield server


@pytest.fixture(params=[Radicale, Xandikos], ids=["radicale", "xandikos"])
def dav(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DavServer]:
    with request.param(tmp_path / request.param.name) as server:
        yield server


@pytest.fixture
def world(backend: Backend) -> World:
    return make_world(backend)


@pytest.fixture
def phone(dav: DavServer) -> Phone:
    return Phone(dav)
