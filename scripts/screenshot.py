"""Take docs/screenshot.png: the main window over fresh sample data.

Run under a real X server so it looks like a user's screen:
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshot.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from followup_desktop import APP_NAME
from followup_desktop.services.backend import Backend
from followup_desktop.services.demo import load_demo
from followup_desktop.ui.main_window import MainWindow

OUTPUT = Path(__file__).resolve().parents[1] / "docs" / "screenshot.png"


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setApplicationDisplayName(APP_NAME)
    with tempfile.TemporaryDirectory() as folder, Backend(Path(folder)) as backend:
        load_demo(backend)
        window = MainWindow(backend)
        window.show()

        def shoot() -> None:
            window.grab().save(str(OUTPUT))
            app.quit()

        QTimer.singleShot(1000, shoot)
        app.exec()
    print(f"Saved {OUTPUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
