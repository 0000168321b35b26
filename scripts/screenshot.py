"""Take screenshots of the main window over fresh sample data, one per page.

Run under a real X server so it looks like a user's screen:
    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshot.py [PAGE ...]
Writes docs/screenshot.png (the due page) and docs/screenshot-<page>.png for the others;
"Composer" shows the note composer on the sample card (docs/screenshot-composer.png).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from followup_desktop import APP_NAME
from followup_desktop.services import settings as user_settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.demo import load_demo
from followup_desktop.storage.models import Action
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.window.pages import PAGES

DOCS = Path(__file__).resolve().parents[1] / "docs"


def output_for(page: str) -> Path:
    return DOCS / ("screenshot.png" if page == "Due" else f"screenshot-{page.lower()}.png")


def main(pages: list[str]) -> int:
    app = QApplication(sys.argv[:1])
    app.setApplicationDisplayName(APP_NAME)
    with tempfile.TemporaryDirectory() as folder, Backend(Path(folder)) as backend:
        load_demo(backend)
        with backend.write():
            user_settings.save("sender_name", "Sam Rivera")
        settings = QSettings(str(Path(folder) / "window.ini"), QSettings.Format.IniFormat)
        window = MainWindow(backend, settings)
        window.resize(1280, 760)
        window.show()
        queue = list(pages)

        def shoot() -> None:
            if not queue:
                app.quit()
                return
            page = queue.pop(0)
            if page == "Composer":
                shoot_composer(window, backend, output_for(page))
                shoot()
                return
            window.go_to(page)
            QTimer.singleShot(1200, lambda: (window.grab().save(str(output_for(page))),
                                             print(f"Saved {output_for(page)}"), shoot()))

        QTimer.singleShot(300, shoot)
        app.exec()
        window.close()
    return 0


def shoot_composer(window: MainWindow, backend: Backend, path: Path) -> None:
    from followup_desktop.ui.composer.dialog import ComposerDialog

    card = Action.get((Action.channel == "card") & (Action.state == "planned"))
    dialog = ComposerDialog(backend, card.id, window)
    dialog.show()
    QApplication.processEvents()
    dialog.grab().save(str(path))
    print(f"Saved {path}")
    dialog.reject()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:] or [*PAGES, "Composer"]))
