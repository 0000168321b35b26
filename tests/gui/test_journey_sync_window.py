"""Journey: the real window syncing with a real Radicale (tests/helpers/radicale.py) on its own.
The account is set up through Preferences, Your servers; the first sync follows by itself and
the status bar says "Synced just now", then "Synced 2 min ago" as the app's clock moves on. A
follow-up ticked off on the phone is gone from the due list after Sync now (Shift+F9); two
changes made in the app go out in one sync once they settle; with the server stopped, Sync now
(from the File menu, by mouse) gives the one line of what failed, the app keeps working, and
the retry syncs once the server is back.

The clock is the data folder's pinned one (tests/helpers/backends.py) and the delays are
shortened (ui/sync/hookup.py DELAYS): nothing here waits for 30 seconds or reads the real clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from followup_desktop.services.sync.schedule import Delays, Kind, Outcome
from followup_desktop.ui.due.model import loaded_rows
from followup_desktop.ui.focus_ring import FocusRingStyle
from followup_desktop.ui.sync import hookup, session
from followup_desktop.ui.sync.account_dialog import NOT_KEPT, SyncAccountDialog
from followup_desktop.ui.theme import readable_palette
from helpers.layout_checks import dark_palette, layout_problems, save_shot
from helpers.radicale import Radicale
from helpers.sync_world import (
    AFTER_INTERVIEW,
    THANK_YOU_DUE,
    Phone,
    make_world,
    thank_you,
    uid_of,
)
from helpers.window_driver import answer, back_to, open_window

SHORT = Delays(start_ms=50, every_ms=10 * 60_000, settle_ms=400, first_retry_ms=300,
               account_ms=50, tick_ms=100)
SHIFT = Qt.KeyboardModifier.ShiftModifier
SIZES = ((1000, 700), (1366, 768))


@pytest.fixture
def backend_start() -> datetime:
    return AFTER_INTERVIEW


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[Radicale]:
    with Radicale(tmp_path / "radicale") as server:
        yield server


def check_looks(qtbot, qapp, window, widget, name: str) -> None:
    """At 1000x700 and 1366x768, in a light and a dark palette: no layout problem, and a
    screenshot of each when $FOLLOWUP_SCREENSHOTS names a folder."""
    original, style = qapp.palette(), qapp.style().name()
    qapp.setStyle(FocusRingStyle(style))
    try:
        for mode in ("light", "dark"):
            qapp.setPalette(readable_palette(dark_palette() if mode == "dark" else original))
            for width, height in SIZES:
                window.resize(width, height)
                qtbot.wait(30)
                assert layout_problems(window) == [], (mode, width)
                save_shot(widget, f"sync-{mode}-{width}-{name}")
    finally:
        qapp.setStyle(style)
        qapp.setPalette(original)
        window.resize(*SIZES[0])


@pytest.fixture(autouse=True)
def short_delays(monkeypatch) -> Iterator[None]:
    monkeypatch.setattr(hookup, "DELAYS", SHORT)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    yield
    session._typed.clear()  # the typed password lives until "quit": this test's end


def due_ids(window) -> set[int]:
    page = window.page("Due")
    return {page.model.item_at(index).id for index in loaded_rows(page.model)}


def set_up_in_preferences(qtbot, window, server: Radicale) -> list[str]:
    from followup_desktop.ui.dialogs.preferences import PreferencesDialog

    told: list[str] = []

    def fill(dialog: SyncAccountDialog) -> None:
        qtbot.keyClicks(dialog.url, server.url)
        qtbot.keyClicks(dialog.user, server.user)
        qtbot.keyClicks(dialog.password, server.password)
        answer(QMessageBox, lambda box: (told.append(box.text()), box.accept()))
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    def set_up(dialog: PreferencesDialog) -> None:
        row = dialog.accounts.rows[1]
        assert row.button.text() == "Set up…"
        answer(SyncAccountDialog, fill)
        qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
        assert row.button.text() == "Change…"
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    seen = answer(PreferencesDialog, set_up)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(seen) and bool(told), timeout=10_000)
    back_to(qtbot, window)
    return told


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")  # the menu
def test_the_window_syncs_by_itself_and_when_asked(qtbot, qapp, backend, tmp_path, radicale):
    world = make_world(backend)
    clock = backend.clock
    clock.set(THANK_YOU_DUE + timedelta(hours=1))  # the thank-yous are due now
    window = open_window(qtbot, backend, tmp_path)
    window.resize(*SIZES[0])
    sync = window.sync
    reports: list = []  # the syncs that went to the server (not a change with nothing new)
    sync.watch.reported.connect(lambda report: report.outcome is Outcome.NOTHING_TO_SEND
                                or reports.append(report))
    retries: list[int] = []  # the wait before each retry, as each failure set it
    sync.watch.reported.connect(lambda report: report.outcome is Outcome.OFFLINE
                                and retries.append(sync.watch.retry_ms))
    assert not sync.line.isVisible()  # no account: nothing said, nothing tried
    ada, bob = thank_you(backend, world.ada), thank_you(backend, world.bob)
    qtbot.waitUntil(lambda: {ada.id, bob.id} <= due_ids(window))

    # Preferences, Your servers, Calendar server: the first sync follows by itself.
    assert set_up_in_preferences(qtbot, window, radicale) == [NOT_KEPT]
    qtbot.waitUntil(lambda: sync.line.text() == "Synced just now", timeout=20_000)
    assert [r.outcome for r in reports] == [Outcome.SYNCED]
    assert reports[0].result.created == 3
    phone = Phone(radicale)
    assert set(phone.items()) == {uid_of(a) for a in (ada, bob)} | {
        uid for uid in phone.items() if uid.startswith("followup-")}
    assert len(phone.items()) == 3
    check_looks(qtbot, qapp, window, window, "synced-just-now")

    # Kept current by the minute's tick, with no sync: the app's clock moves on.
    clock.set(clock.now() + timedelta(minutes=2, seconds=5))
    qtbot.waitUntil(lambda: sync.line.text() == "Synced 2 min ago", timeout=5000)
    assert len(reports) == 1

    # Ticked off on the phone: gone from the due list after Sync now, by keyboard.
    phone.complete(uid_of(ada), THANK_YOU_DUE + timedelta(minutes=30))
    qtbot.keyClick(window, Qt.Key.Key_F9, SHIFT)
    qtbot.waitUntil(lambda: len(reports) == 2, timeout=20_000)
    assert reports[1].outcome is Outcome.SYNCED and reports[1].result.applied.completed == 1
    qtbot.waitUntil(lambda: ada.id not in due_ids(window) and bob.id in due_ids(window))
    assert window.statusBar().currentMessage().startswith("Synced with ")
    assert sync.line.text() == "Synced just now"
    save_shot(window, "sync-light-1000-after-sync-now")

    # Two changes in a burst: one sync, once they have settled.
    page = window.page("Due")
    changes_before = len(reports)
    page.mark_done(bob.id, "Sent the thank-you.")
    qtbot.waitUntil(lambda: bob.id not in due_ids(window))
    check = world_decision_check(backend)
    page.snooze_until(check.id, clock.now() + timedelta(days=2))
    qtbot.waitUntil(lambda: str(phone.items()[uid_of(bob)]["status"]) == "COMPLETED",
                    timeout=20_000)
    qtbot.waitUntil(lambda: not sync.watch.busy and not sync.watch.settle.isActive())
    qtbot.wait(SHORT.settle_ms * 2)  # the sync's own ledger writes: seen, nothing sent
    sent = reports[changes_before:]
    assert len(sent) == 1, [r.outcome for r in sent]
    assert (sent[0].result.marked_done, sent[0].result.updated) == (1, 1)
    assert phone.items()[uid_of(check)]["due"].dt == clock.now() + timedelta(days=2)

    # The server stopped: Sync now from the File menu, by mouse; the one line of what failed.
    radicale.stop()
    window.file_menu.popup(window.mapToGlobal(window.rect().topLeft()))
    qtbot.waitUntil(window.file_menu.isVisible)
    item = next(a for a in window.file_menu.actions() if a.text() == "S&ync now")
    assert item.shortcut().toString() == "Shift+F9"
    save_shot(window.file_menu, "sync-light-file-menu")
    qtbot.mouseClick(window.file_menu, Qt.MouseButton.LeftButton,
                     pos=window.file_menu.actionGeometry(item).center())
    qtbot.waitUntil(lambda: sync.line.text().startswith("Sync failed: "), timeout=20_000)
    assert sync.line.text() == (f"Sync failed: the calendar server {radicale.url} cannot be "
                                "reached while looking for the calendars — retrying in 1 min")
    assert "looking for the calendars (HTTPConnectionPool" in sync.line.toolTip()
    check_looks(qtbot, qapp, window, window, "failed")
    back_to(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # still working
    assert window.current_page_name() == "Calendar"
    qtbot.waitUntil(lambda: len(retries) >= 2, timeout=10_000)  # retried by itself
    assert retries[:2] == [SHORT.first_retry_ms, SHORT.first_retry_ms * 2]  # later each time

    # Back: the retry syncs, and the line says so.
    radicale.start()
    qtbot.waitUntil(lambda: sync.line.text() == "Synced just now", timeout=20_000)
    assert reports[-1].outcome is Outcome.SYNCED and reports[-1].result.written == 0
    assert QApplication.activeModalWidget() is None


def world_decision_check(backend):
    from followup_desktop.domain.model import ActionKind
    from followup_desktop.storage.models import Action

    return Action.get(Action.kind == ActionKind.DECISION_CHECK)


def test_without_a_password_it_is_asked_once_and_a_refused_one_stops_the_syncs(
        qtbot, backend, tmp_path, radicale, monkeypatch):
    """No keyring and no password typed this session (the account saved on the command line):
    asked once; a wrong one typed is refused, said with what to do, and not tried again by
    itself; Sync now asks again, and the right one syncs."""
    from PySide6.QtWidgets import QInputDialog

    from followup_desktop.services.sync.account import SyncAccount, save_account

    monkeypatch.setattr(hookup, "DELAYS", replace(SHORT, start_ms=1500))  # the window first
    make_world(backend)
    save_account(backend, SyncAccount(radicale.url, radicale.user))
    typed: list[str] = ["not the password"]

    def type_password(dialog: QInputDialog) -> None:
        dialog.setTextValue(typed.pop(0))
        dialog.accept()

    asked = answer(QInputDialog, type_password)
    window = open_window(qtbot, backend, tmp_path)
    sync = window.sync
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    qtbot.waitUntil(lambda: sync.line.text().startswith("Sync stopped: "), timeout=20_000)
    assert "refused the user name 'jo' or its password" in sync.line.text()
    assert sync.line.text().endswith("Change them in Preferences › Your servers, then File › "
                                     "Sync now (Shift+F9).")
    assert not sync.watch.timer.isActive()  # no retry with a refused password
    sync.watch.changed()
    assert not sync.watch.settle.isActive()
    assert not sync.watch.sync(Kind.FULL)
    typed.append(radicale.password)
    asked_again = answer(QInputDialog, type_password)
    back_to(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F9, SHIFT)
    qtbot.waitUntil(lambda: bool(asked_again), timeout=10_000)
    qtbot.waitUntil(lambda: sync.line.text() == "Synced just now", timeout=20_000)
    assert len(Phone(radicale).items()) == 3


def test_a_contact_edit_goes_out_once_it_has_settled(qtbot, backend, tmp_path, radicale):
    """With the contacts on, a new phone number is something to send: the settle sync after
    the change writes the card, without waiting for the period's sync."""
    from followup_desktop.services.changes import Changed
    from followup_desktop.services.sync.account import SyncAccount, save_account
    from followup_desktop.services.sync.contacts import save_enabled
    from helpers.card_phone import CardPhone, edit, uid

    world = make_world(backend)
    account = SyncAccount(radicale.url, radicale.user)
    save_account(backend, account)
    save_enabled(backend, True)
    session.remember(account, radicale.password)
    window = open_window(qtbot, backend, tmp_path)
    sync = window.sync
    kinds: list[Kind] = []
    reports: list = []
    sync.watch.started.connect(kinds.append)
    sync.watch.reported.connect(reports.append)
    qtbot.waitUntil(lambda: sync.line.text() == "Synced just now", timeout=20_000)
    assert reports[0].result.contacts.created == 2
    edit(backend, world.ada, phone="+49 30 1234")
    window.apply_changes(Changed.PEOPLE)  # as the contact editor's save does
    qtbot.waitUntil(lambda: len(reports) == 2, timeout=20_000)
    assert kinds[-1] is Kind.CHANGE  # the settle's sync, not the period's
    assert reports[1].outcome is Outcome.SYNCED
    assert reports[1].result.contacts.updated == 1
    assert CardPhone(radicale).cards()[uid(world.ada)].tel.value == "+49 30 1234"
