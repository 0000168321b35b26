"""Driving the real window as a user does: answering the dialogs it opens with the keys and
clicks a user would make."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from followup_desktop.ui.main_window import MainWindow

ICS = Path(__file__).resolve().parents[1] / "fixtures" / "journey"


def open_window(qtbot, backend, tmp_path: Path, page: str = "Due") -> MainWindow:
    """The window as the app builds it, on `page` (the page saved from the last session)."""
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    settings.setValue("window/page", page)
    window = MainWindow(backend, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # its shortcuts work now
    return window


def answer(kind: type[QWidget], act: Callable[[QWidget], None], *,
           tries: int = 500) -> list[QWidget]:
    """When a modal `kind` opens (the code under test runs its event loop), `act` on it; if it
    is still open after that, or never opens within the tries, any modal left is closed (so a
    test fails rather than hangs). Returns the list the dialog is put in, to check it came."""
    seen: list[QWidget] = []

    def look(left: int = tries) -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and not seen and QTest.qWaitForWindowExposed(widget):
            seen.append(widget)
            act(widget)
            QTimer.singleShot(3000, lambda: _close_if_open(widget))
        elif left:
            QTimer.singleShot(20, lambda: look(left - 1))

    QTimer.singleShot(0, look)
    return seen


def back_to(qtbot, window: QWidget) -> None:
    """A window manager makes the window active again once its dialog closes; offscreen
    Qt does not (and the window's shortcuts need it active)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def sidebar_due(window: MainWindow) -> str:
    return window.nav.item(0).text()


def _close_if_open(widget: QWidget) -> None:
    if isValid(widget) and widget.isVisible():
        widget.close()
