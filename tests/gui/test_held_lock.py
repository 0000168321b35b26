"""Done in the window while a real `sqlite3` shell holds the write lock: the GUI thread is not
frozen, the user is told who holds the data and asked to retry, and the retry saves the change."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest

from followup_desktop.domain.model import ActionState
from followup_desktop.storage.models import Action
from followup_desktop.ui.background import writes
from followup_desktop.ui.due.page import DuePage

SQLITE3 = shutil.which("sqlite3")


@pytest.mark.skipif(SQLITE3 is None, reason="the sqlite3 shell is not installed (scripts/setup.sh"
                    " test installs it)")
def test_done_while_another_program_holds_the_lock(qtbot, demo_backend, monkeypatch):
    page = DuePage(demo_backend)
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: not page._loader.busy)
    item = page.selected_item()
    monkeypatch.setattr(writes, "BACKGROUND_LOCK_WAIT_S", 1.0)
    shell = subprocess.Popen([SQLITE3, str(demo_backend.database_path)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    shell.stdin.write("BEGIN IMMEDIATE;\nSELECT 'held';\n")
    shell.stdin.flush()
    assert shell.stdout.readline().strip() == "held"
    asked: list[str] = []

    def answer(_parent, text: str) -> bool:
        asked.append(text)
        shell.communicate("COMMIT;\n.quit\n", timeout=10)  # the other program lets go
        return True  # Retry

    monkeypatch.setattr(writes, "ask_retry", answer)
    try:
        started = time.monotonic()
        page.mark_done(item.id, "Called")
        assert time.monotonic() - started < 1.0  # the GUI thread waited 0.1 s, not 5 s
        assert Action.get_by_id(item.id).state != ActionState.DONE
        qtbot.waitUntil(lambda: bool(asked), timeout=15_000)
        assert f"sqlite3 (process {shell.pid}) holds the data" in asked[0]
        qtbot.waitUntil(lambda: Action.get_by_id(item.id).state == ActionState.DONE,
                        timeout=15_000)
    finally:
        if shell.poll() is None:
            shell.kill()
            shell.communicate()


@pytest.mark.skipif(SQLITE3 is None, reason="the sqlite3 shell is not installed (scripts/setup.sh"
                    " test installs it)")
def test_an_editor_saves_off_the_gui_thread_while_another_program_holds_the_lock(
        qtbot, demo_backend, monkeypatch):
    """The company editor's Ok: the form keeps what was typed, says who holds the data, and the
    write goes through off the GUI thread once the other program lets go."""
    from PySide6.QtCore import Qt

    from followup_desktop.storage.models import Company
    from followup_desktop.ui.editors.company import CompanyEditor

    company = Company.select().first()
    editor = CompanyEditor(demo_backend, company.id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(lambda: editor.is_loaded)
    editor.reach.setPlainText("Call the front desk first.")
    monkeypatch.setattr(writes, "BACKGROUND_LOCK_WAIT_S", 5.0)
    shell = subprocess.Popen([SQLITE3, str(demo_backend.database_path)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    shell.stdin.write("BEGIN IMMEDIATE;\nSELECT 'held';\n")
    shell.stdin.flush()
    assert shell.stdout.readline().strip() == "held"
    try:
        started = time.monotonic()
        qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
        assert time.monotonic() - started < 1.0  # the GUI thread waited 0.1 s, not 5 s
        assert f"sqlite3 (process {shell.pid}) holds the data" in editor.general_error.text()
        assert editor.isVisible() and Company.get_by_id(company.id).reach_notes != \
            "Call the front desk first."
        shell.communicate("COMMIT;\n.quit\n", timeout=10)  # the other program lets go
        qtbot.waitUntil(lambda: editor.saved_id == company.id, timeout=15_000)
        assert Company.get_by_id(company.id).reach_notes == "Call the front desk first."
        assert not editor.isVisible()
    finally:
        if shell.poll() is None:
            shell.kill()
            shell.communicate()
