"""The main window's size and place: restored from the settings, kept within the screen."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtWidgets import QApplication, QMainWindow

DEFAULT_SIZE = QSize(1180, 720)
MINIMUM_SIZE = QSize(900, 600)  # every page fits from here up (the screen permitting)


def restore_geometry(window: QMainWindow, settings: QSettings) -> None:
    """The saved size and place, kept within the screen and never below the minimum (a
    geometry saved on another screen, or by a version without a minimum, can be tiny or
    off-screen); the default size when none was saved."""
    screen = (window.screen() or QApplication.primaryScreen()).availableGeometry()
    window.setMinimumSize(MINIMUM_SIZE.boundedTo(screen.size()))
    geometry = settings.value("window/geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty() \
            and window.restoreGeometry(geometry):
        window.resize(window.size().expandedTo(window.minimumSize()).boundedTo(screen.size()))
        if not any(s.availableGeometry().intersects(window.frameGeometry())
                   for s in QApplication.screens()):
            window.move(screen.topLeft())
    else:
        window.resize(DEFAULT_SIZE.boundedTo(screen.size()))
