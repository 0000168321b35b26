"""Fixtures for widget tests: a real database in a temporary folder, a fixed clock."""

import gc

import pytest
from gui_helpers import NOW

from followup_desktop.domain.clock import FixedClock
from followup_desktop.services import settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.demo import load_demo


@pytest.fixture
def backend(tmp_path):
    from followup_desktop.ui.background.worker import wait_for_background_work

    with Backend(tmp_path / "data", clock=FixedClock(NOW)) as backend:
        with backend.write():
            settings.save("time_zone", "Europe/Berlin")
        yield backend
        wait_for_background_work()


@pytest.fixture
def demo_backend(backend):
    load_demo(backend)
    return backend


@pytest.fixture(autouse=True)
def no_leftovers(qapp):
    """After each test: its widgets really gone (deferred deletes done, cycles collected), so
    none of them queries later, through the models bound to another test's database."""
    yield
    from PySide6.QtCore import QEvent

    from followup_desktop.ui.background.worker import wait_for_background_work

    wait_for_background_work()
    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


@pytest.fixture(autouse=True)
def _past_interviews_not_thanked(request, monkeypatch) -> None:
    """An import of an old fixture asks "Already thanked?" in a modal box; tests about
    something else answer No without a box. The modules that walk the question itself
    (REAL_PAST_QUESTION = True) meet the real box."""
    if getattr(request.module, "REAL_PAST_QUESTION", False):
        return
    from followup_desktop.ui.dialogs import past_question

    monkeypatch.setattr(past_question, "ask_sent", lambda parent, past, zone: False)
