"""Fixtures for widget tests: a real database in a temporary folder, a fixed clock."""

import gc
from datetime import datetime

import pytest

from followup_desktop.services.demo import load_demo
from helpers.gui_constants import NOW


@pytest.fixture
def backend_start() -> datetime:
    return NOW


@pytest.fixture
def backend(backend):
    """The shared backend (tests/helpers/fixtures.py) at NOW; the widgets' background work
    done before it closes."""
    from followup_desktop.ui.background.worker import wait_for_background_work

    yield backend
    wait_for_background_work()


@pytest.fixture
def demo_backend(backend):
    load_demo(backend)
    return backend


@pytest.fixture(autouse=True)
def no_leftovers(qapp):
    """After each test: its widgets really gone (deferred deletes done, cycles collected), so
    none of them queries later, through the models bound to another test's database.

    The collector waits for that moment: run at a random allocation while a finished test's
    page is still alive in Qt, it cleared the Python half of the page's models and widgets
    (their attributes gone) before Qt had deleted them, and Qt, still painting and laying
    them out, then crashed the process (about one run of tests/gui in three)."""
    gc.disable()
    try:
        yield
    finally:
        from PySide6.QtCore import QEvent

        from followup_desktop.ui.background.worker import wait_for_background_work

        wait_for_background_work()
        qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.enable()
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


@pytest.fixture
def answers(monkeypatch) -> list[str]:
    """Message boxes answer Yes at once; their texts are kept."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box.text())
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown
