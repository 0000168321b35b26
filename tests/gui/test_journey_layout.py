"""Journey: the real main window on the sample data at 1000x700 and 1366x768, in a light and a
dark palette, driven by the keys and clicks a person would use. Every page and every dialog the
menus and pages open must show no button narrower than its text, no pane scrolling sideways,
and no dialog taller than the screen.

With $FOLLOWUP_SCREENSHOTS set to a folder, every screen is saved there to be looked at.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLineEdit, QWidget

from followup_desktop.services.mail.applying import apply_check
from followup_desktop.ui.background.worker import wait_for_background_work
from followup_desktop.ui.dialogs.invitation import InvitationDialog
from followup_desktop.ui.focus_ring import FocusRingStyle
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.theme import readable_palette
from followup_desktop.ui.window.pages import PAGES
from helpers.layout_checks import (
    ModalScript,
    dark_palette,
    dialog_problems,
    layout_problems,
    save_shot,
)
from helpers.mail_builders import check, mail

SIZES = (QSize(1000, 700), QSize(1366, 768))
CTRL = Qt.KeyboardModifier.ControlModifier
PAGE_KEYS = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4)
INVITATION = Path(__file__).resolve().parents[1] / "fixtures" / "journey" / "journey_future.ics"


@pytest.fixture(params=["light", "dark"])
def mode(request, qapp):
    """The app's theme (ui/theme.py) over a light or a dark system palette; put back after."""
    original = qapp.palette()
    style = qapp.style().name()
    qapp.setStyle(FocusRingStyle(style))
    qapp.setPalette(readable_palette(dark_palette() if request.param == "dark" else original))
    yield request.param
    qapp.setStyle(style)
    qapp.setPalette(original)


@pytest.fixture
def window(qtbot, demo_backend, tmp_path, mode) -> MainWindow:
    window = MainWindow(demo_backend, QSettings(str(tmp_path / "window.ini"),
                                                QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    settle(qtbot)
    return window


def settle(qtbot, ms: int = 60) -> None:
    """Let background reads finish and their results arrive."""
    for _ in range(3):
        wait_for_background_work()
        qtbot.wait(ms)


def press(qtbot, window: QWidget, key: Qt.Key, modifiers=CTRL) -> None:
    """A key pressed in the window, which is in front again once a dialog has closed (the
    offscreen platform does not give it back the activation a desktop would)."""
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(window, key, modifiers)


def test_ctrl_1_to_4_and_the_view_menu_open_each_page(qtbot, window):
    for number in (1, 3, 2, 0):  # out of order: each key opens its own page
        press(qtbot, window, PAGE_KEYS[number])
        assert window.current_page_name() == PAGES[number]
        assert window.stack.currentWidget() is window.page(PAGES[number])
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    for number, action in enumerate(view.actions()[:len(PAGES)]):
        action.trigger()
        assert window.current_page_name() == PAGES[number], action.text()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s.width()}x{s.height()}")
def test_every_page_fits(qtbot, window, size, mode):
    window.resize(size)
    problems = []
    for number, name in enumerate(PAGES):
        press(qtbot, window, PAGE_KEYS[number])
        assert window.current_page_name() == name
        settle(qtbot)
        problems += [f"{name}: {problem}" for problem in layout_problems(window)]
        save_shot(window, f"{mode}-{size.width()}-page-{name}")
    assert "\n".join(problems) == ""


# -- dialogs: how each is opened, as a person opens it

def key(k: Qt.Key, modifiers=CTRL) -> Callable[..., None]:
    return lambda qtbot, window: press(qtbot, window, k, modifiers)


def menu(text: str) -> Callable[[object, MainWindow], None]:
    """Choose a menu item (those without a shortcut) by its text."""
    def choose(_qtbot: object, window: MainWindow) -> None:
        for action in window.findChildren(type(window.debrief_action)):
            if action.text().replace("&", "") == text:
                action.trigger()
                return
        raise AssertionError(f"no menu item {text!r}")
    return choose


def click(page: str, button: str) -> Callable[[object, MainWindow], None]:
    """Go to a page by its key and click one of its buttons."""
    def go(qtbot, window: MainWindow) -> None:
        press(qtbot, window, PAGE_KEYS[PAGES.index(page)])
        settle(qtbot)
        target = window.page(page)
        for part in button.split("."):
            target = getattr(target, part)
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
    return go


def open_company_panel(qtbot, window: MainWindow) -> None:
    press(qtbot, window, Qt.Key.Key_4)
    settle(qtbot)
    contacts = window.page("Contacts")
    qtbot.mouseClick(contacts.person.company, Qt.MouseButton.LeftButton)
    settle(qtbot)
    qtbot.mouseClick(contacts.company.edit_button, Qt.MouseButton.LeftButton)


def answer_a_reply(qtbot, window: MainWindow) -> None:
    """A reply from someone at an interviewed company arrives (the mailbox's rules store it);
    the banner names it, and its button asks what it said."""
    backend = window._backend
    sender = sample_reply_sender(backend)
    apply_check(backend, check(mail(90_001, backend.clock.now() - timedelta(hours=1),
                                    sender, subject="Re: Thank you for Tuesday")))
    window.mail.show_replies()
    qtbot.waitUntil(window.mail.banner.isVisible)
    settle(qtbot)
    assert layout_problems(window) == []
    dark = window.palette().window().color().lightness() < 128
    save_shot(window, f"{'dark' if dark else 'light'}-{window.width()}-window-reply-banner")
    qtbot.mouseClick(window.mail.banner.answer_button, Qt.MouseButton.LeftButton)


def sample_reply_sender(backend) -> str:
    """The address of a sample contact whose open application had an interview already."""
    from followup_desktop.domain.model import ApplicationStatus
    from followup_desktop.storage.models import Application, Contact, Interview

    now = backend.clock.now()
    for interview in Interview.select().where(Interview.end_utc < now).order_by(
            Interview.end_utc.desc()):
        app = Application.get_by_id(interview.application_id)
        if ApplicationStatus(app.status).is_closed:
            continue
        for contact in Contact.select().where((Contact.company == app.company_id)
                                              & (Contact.email != "")):
            return contact.email
    raise AssertionError("the sample data has no interviewed contact with an e-mail address")


DIALOGS: dict[str, Callable] = {
    "preferences": key(Qt.Key.Key_Comma),
    "new-application": key(Qt.Key.Key_N),
    "new-company": menu("New company…"),
    "new-contact": menu("New contact…"),
    "add-interview": key(Qt.Key.Key_I),
    "debrief": key(Qt.Key.Key_D),
    "restore": menu("Restore from a backup…"),
    "user-guide": key(Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier),
    "shortcuts": key(Qt.Key.Key_Slash),
    "about": menu("About Follow-up"),
    "export-calendar": menu("Calendar (.ics)…"),
    "composer": click("Due", "write_button"),
    "action-editor": click("Due", "note_button"),
    "mark-done": click("Due", "done_button"),
    "application-editor": click("Applications", "detail.edit_button"),
    "interview-editor": click("Applications", "detail.interview_button"),
    "contact-editor": click("Contacts", "person.edit_button"),
    "company-editor": open_company_panel,
    "mailbox": key(Qt.Key.Key_F9, Qt.KeyboardModifier.NoModifier),  # none set up yet: asks
    "reply-answer": answer_a_reply,
}


def check_dialog(qtbot, problems: list[str], name: str, size: QSize, mode: str,
                 close: Callable[[QWidget], None] | None = None) -> Callable[[QWidget], None]:
    def check(dialog: QWidget) -> None:
        settle(qtbot, 30)
        problems.extend(f"{name}: {p}" for p in dialog_problems(dialog, size))
        save_shot(dialog, f"{mode}-{size.width()}-dialog-{name}")
        (close or _reject)(dialog)
    return check


def _reject(dialog: QWidget) -> None:
    if isinstance(dialog, QDialog):
        dialog.done(QDialog.DialogCode.Rejected)
    else:
        dialog.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s.width()}x{s.height()}")
def test_every_dialog_fits(qtbot, window, size, mode):
    window.resize(size)
    problems: list[str] = []
    opened = []
    for name, opener in DIALOGS.items():
        script = ModalScript([check_dialog(qtbot, problems, name, size, mode)])
        script.run(lambda o=opener: o(qtbot, window), lambda s=script, n=name: qtbot.waitUntil(
            lambda: not s.handlers, timeout=8000) if s.handlers else None)
        assert script.seen, f"{name} opened no dialog"
        opened.append(name)
        QApplication.processEvents()
    assert "\n".join(problems) == ""
    assert opened == list(DIALOGS)


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")  # completer
def test_an_invitation_chosen_in_the_import_dialog_is_shown_for_confirming(qtbot, window,
                                                                           mode):
    size = SIZES[0]
    window.resize(size)
    problems: list[str] = []

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        problems.extend(f"import: {p}" for p in dialog_problems(dialog, size))
        name = dialog.findChild(QLineEdit, "fileNameEdit")  # typed, as a person would
        qtbot.keyClicks(name, str(INVITATION))
        qtbot.keyClick(name, Qt.Key.Key_Return)

    confirm = check_dialog(qtbot, problems, "import-invitation", size, mode)
    script = ModalScript([choose, confirm], [QFileDialog, InvitationDialog])
    script.run(lambda: press(qtbot, window, Qt.Key.Key_O),
               lambda: qtbot.waitUntil(lambda: not script.handlers, timeout=10000))
    assert len(script.seen) == 2
    assert problems == []
