"""Start-up of the window: check the display, create the QApplication, open the data, show."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from followup_desktop import APP_ID, APP_NAME, APP_SLUG

EXIT_NO_DISPLAY = 1


def display_problem() -> str | None:
    """One sentence saying why no window can open here, or None if one probably can.

    Qt aborts the process when it cannot reach a display; this says it kindly first.
    """
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("WAYLAND_DISPLAY"):
        return None
    display = os.environ.get("DISPLAY", "")
    if not display:
        return (f"No display found (DISPLAY and WAYLAND_DISPLAY are unset): start {APP_SLUG} "
                f"from a desktop session, or use a command such as '{APP_SLUG} due'.")
    local = re.fullmatch(r":(\d+)(?:\.\d+)?", display)
    if local and not Path(f"/tmp/.X11-unix/X{local.group(1)}").exists():
        return f"The display {display} is not running: start {APP_SLUG} from a desktop session."
    return None


def run_gui(data_dir: Path, quit_after_shown: bool = False) -> int:
    problem = display_problem()
    if problem:
        print(f"{APP_SLUG}: {problem}", file=sys.stderr)
        return EXIT_NO_DISPLAY
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    from followup_desktop.datadir import set_application_names
    from followup_desktop.resources import app_icon
    from followup_desktop.services.backend import Backend
    from followup_desktop.services.errors import UserError

    set_application_names()
    app = QApplication(sys.argv[:1])
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    try:
        backend = Backend(data_dir)
    except UserError as error:
        box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, str(error))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()
        return 2
    from followup_desktop.ui.main_window import MainWindow

    window = MainWindow(backend)
    window.show()
    if quit_after_shown:  # queued behind the window's first fill, so that runs first
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, app.quit)
    try:
        return app.exec()
    finally:
        backend.close()
