"""Hearing back, in the real window: a reply from the mailbox shows in a banner, the user says
what it said with the keyboard and mouse, and the status changes only then; the mailbox is set
up by typing into its dialog (the password stays in memory where no keyring keeps it)."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from followup_desktop.domain.model import ApplicationStatus
from followup_desktop.services.mail.account import load_account
from followup_desktop.services.mail.applying import apply_check
from followup_desktop.storage.models import Application
from followup_desktop.ui.due.decision import DecisionDialog
from followup_desktop.ui.mail.account_dialog import MailAccountDialog
from helpers.backends import berlin, clock_of
from helpers.layout_checks import layout_problems, save_shot
from helpers.mail_builders import acme, check, mail
from helpers.window_driver import answer, back_to, open_window


@pytest.fixture
def backend_start() -> datetime:
    return berlin("2026-11-30 09:00")


@pytest.mark.parametrize("size", [(1000, 700), (1366, 768)])
def test_a_reply_is_answered_from_its_banner(qtbot, backend, tmp_path, size):
    world = acme(backend)
    clock_of(backend).set(berlin("2026-12-07 09:00"))
    apply_check(backend, check(mail(11, berlin("2026-12-03 14:30"), "ada@acme.example",
                                    subject="Re: Thank you")))
    window = open_window(qtbot, backend, tmp_path)
    window.resize(*size)
    banner = window.mail.banner
    qtbot.waitUntil(banner.isVisible)
    assert "Ada Lovelace (Acme) wrote back on 3 Dec 2026 about Engineer" in banner.message.text()
    qtbot.wait(50)
    assert layout_problems(window) == []
    save_shot(window, f"mail-reply-banner-{size[0]}")

    def rejected(dialog: DecisionDialog) -> None:
        texts.extend(label.text() for label in dialog.findChildren(QLabel))
        dialog.buttons[4].setChecked(True)  # "Rejected"
        dialog.accept()

    texts: list[str] = []
    seen = answer(DecisionDialog, rejected)
    assert Application.get_by_id(world.app).status != ApplicationStatus.REJECTED.value
    qtbot.mouseClick(banner.answer_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen))
    back_to(qtbot, window)
    qtbot.waitUntil(lambda: Application.get_by_id(world.app).status
                    == ApplicationStatus.REJECTED.value)
    qtbot.waitUntil(lambda: not banner.isVisible())
    assert any("Subject: Re: Thank you" in text for text in texts)


def test_the_mailbox_is_set_up_by_typing(qtbot, backend, tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    window = open_window(qtbot, backend, tmp_path)
    checks: list[bool] = []
    monkeypatch.setattr(window.mail.watch, "check_now", lambda: checks.append(True) or True)

    def fill(dialog: MailAccountDialog) -> None:
        assert layout_problems(dialog) == []
        save_shot(dialog, "mail-account-dialog")
        qtbot.keyClicks(dialog.host, "localhost")
        dialog.security.setCurrentIndex(dialog.security.findData("plain"))
        qtbot.keyClicks(dialog.user, "ada")
        qtbot.keyClicks(dialog.password, "s3cret app password")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    seen = answer(MailAccountDialog, fill)
    window.mail.check_now()  # no account yet: the user is asked to set one up
    qtbot.waitUntil(lambda: bool(seen))
    account = load_account()
    assert (account.host, account.user, account.port, account.security) == (
        "localhost", "ada", 143, "plain")
    assert window.mail.session_password == "s3cret app password"  # no keyring: memory only
    assert checks == [True]


def test_f9_checks_and_the_pages_show_the_reply(qtbot, backend, tmp_path):
    """The real check's summary (the server side replaced by what it would have read): F9, the
    status line, the banner, and the application's "Heard back"."""
    from followup_desktop.services.mail.account import make_account, save_account
    from followup_desktop.services.mail.checking import CheckSummary

    world = acme(backend)
    clock_of(backend).set(berlin("2026-12-07 09:00"))
    account = make_account("localhost", "ada", security="plain")
    save_account(backend, account)
    window = open_window(qtbot, backend, tmp_path, page="Applications")
    found = check(mail(11, berlin("2026-12-03 14:30"), "ada@acme.example"))
    window.mail.watch._check = lambda: CheckSummary(account, found, True,
                                                    apply_check(backend, found))
    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.waitUntil(window.mail.banner.isVisible)
    assert window.statusBar().currentMessage().startswith("Mail checked: 1 new message")
    page = window.page("Applications")
    page.show_application(world.app)
    qtbot.waitUntil(lambda: page.detail.heard_back.isVisible())
    assert page.detail.heard_back.text().startswith("Replied on 3 Dec 2026 · waiting")
    qtbot.wait(300)
    save_shot(window, "mail-heard-back")


@pytest.mark.parametrize("size", [(1000, 700), (1366, 768)])
def test_preferences_sets_up_the_mailbox(qtbot, backend, tmp_path, monkeypatch, size):
    """Ctrl+, then "Set up…" beside Mailbox: the mailbox's own dialog, and back in Preferences
    its line says what is set up; Cancel on Preferences keeps the account (it was saved)."""
    from followup_desktop.ui.dialogs.preferences import PreferencesDialog

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    window = open_window(qtbot, backend, tmp_path)
    window.resize(*size)
    monkeypatch.setattr(window.mail.watch, "check_now", lambda: True)
    lines: list[tuple[str, str]] = []

    def fill(dialog: MailAccountDialog) -> None:
        qtbot.keyClicks(dialog.host, "localhost")
        dialog.security.setCurrentIndex(dialog.security.findData("plain"))
        qtbot.keyClicks(dialog.user, "ada")
        qtbot.keyClicks(dialog.password, "s3cret")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    def set_up(dialog: PreferencesDialog) -> None:
        row = dialog.accounts.rows[0]
        lines.append((row.state.text(), row.button.text()))
        dialog.scroll.ensureWidgetVisible(row.button)
        assert layout_problems(dialog) == []
        answer(MailAccountDialog, fill)
        qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
        lines.append((row.state.text(), row.button.text()))
        save_shot(dialog, f"preferences-mailbox-{size[0]}")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    seen = answer(PreferencesDialog, set_up)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(lines) == 2)
    assert seen
    assert lines[0] == ("Not set up. Replies, notes you sent and out-of-office answers are read "
                        "from it (read only).", "Set up…")
    assert lines[1] == ("ada on localhost:143 (no TLS: this machine only); sent mail: the "
                        "folder the server marks Sent", "Change…")
    assert load_account() is not None
