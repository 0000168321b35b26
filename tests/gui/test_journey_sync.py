"""The calendar server in Preferences: "Set up…" beside it opens its own dialog, typed into
with the keyboard; back in Preferences its line says what is set up. Where no keyring keeps the
password, the user is told how to sync without one; the password is in none of the app's
files."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from followup_desktop.services.sync.account import load_account
from followup_desktop.services.sync.contacts import enabled as contacts_enabled
from followup_desktop.ui.sync.account_dialog import NOT_KEPT, SyncAccountDialog
from helpers.layout_checks import layout_problems, save_shot
from helpers.mail_cli import files_hold
from helpers.window_driver import answer, open_window


@pytest.mark.parametrize("size", [(1000, 700), (1366, 768)])
def test_preferences_sets_up_the_calendar_server(qtbot, backend, tmp_path, monkeypatch, size):
    from followup_desktop.ui.dialogs.preferences import PreferencesDialog

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    window = open_window(qtbot, backend, tmp_path)
    window.resize(*size)
    monkeypatch.setattr(window.mail.watch, "check_now", lambda: True)
    lines: list[tuple[str, str]] = []
    told: list[str] = []

    def fill(dialog: SyncAccountDialog) -> None:
        qtbot.keyClicks(dialog.url, "http://192.168.1.9:5232/")
        qtbot.keyClicks(dialog.user, "jo")
        qtbot.keyClicks(dialog.password, "cal-s3cret")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        assert dialog.isVisible()  # refused: no TLS to another machine
        assert dialog.error.text().startswith("Address: an http:// address (no TLS) is "
                                              "allowed only for this machine")
        dialog.url.clear()
        qtbot.keyClicks(dialog.url, "http://localhost:5232/")
        dialog.as_events.setChecked(True)
        assert not dialog.contacts.isChecked()  # off unless the user asks for it
        qtbot.mouseClick(dialog.contacts, Qt.MouseButton.LeftButton,
                         pos=dialog.contacts.rect().bottomLeft() + QPoint(8, -4))
        assert dialog.contacts.isChecked()
        answer(QMessageBox, lambda box: (told.append(box.text()), box.accept()))
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    def set_up(dialog: PreferencesDialog) -> None:
        row = dialog.accounts.rows[1]
        assert dialog.accounts.rows[0].state.text().startswith("Not set up. Replies")
        lines.append((row.state.text(), row.button.text()))
        dialog.scroll.ensureWidgetVisible(row.button)
        assert layout_problems(dialog) == []
        answer(SyncAccountDialog, fill)
        qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
        lines.append((row.state.text(), row.button.text()))
        save_shot(dialog, f"preferences-calendar-server-{size[0]}")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    seen = answer(PreferencesDialog, set_up)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(lines) == 2)
    assert seen
    assert lines[0] == ("Not set up. Your follow-ups on your phone and your other computers, "
                        "through your own CalDAV server (run `followup-desktop sync`).",
                        "Set up…")
    assert lines[1] == ("jo on http://localhost:5232/; follow-ups go out as short events with "
                        "an alarm.", "Change…")
    assert told == [NOT_KEPT]
    account = load_account()
    assert account is not None and account.as_events
    assert contacts_enabled()
    assert files_hold(backend.data_dir, "cal-s3cret") == []
