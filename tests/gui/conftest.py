"""Fixtures for widget tests: a real database in a temporary folder, a fixed clock."""

import pytest
from gui_helpers import NOW

from followup_desktop.domain.clock import FixedClock
from followup_desktop.services import settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.demo import load_demo


@pytest.fixture
def backend(tmp_path):
    from followup_desktop.ui.worker import wait_for_background_work

    with Backend(tmp_path / "data", clock=FixedClock(NOW)) as backend:
        with backend.write():
            settings.save("time_zone", "Europe/Berlin")
        yield backend
        wait_for_background_work()


@pytest.fixture
def demo_backend(backend):
    load_demo(backend)
    return backend
