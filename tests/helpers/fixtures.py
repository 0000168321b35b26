"""The fixtures every test folder shares, registered from tests/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from followup_desktop.services.backend import Backend
from helpers.backends import START, make_backend


@pytest.fixture
def backend_start() -> datetime:
    """Where the backend's FixedClock stands when it opens. A module or folder whose tests run
    at another instant overrides this fixture rather than `backend`."""
    return START


@pytest.fixture
def backend(tmp_path: Path, backend_start: datetime) -> Iterator[Backend]:
    """A fresh backend on a real SQLite file in tmp_path/"data", its clock fixed at
    `backend_start`, the user's time zone Europe/Berlin."""
    with make_backend(tmp_path / "data", start=backend_start) as opened:
        yield opened
