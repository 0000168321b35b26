"""Where the user's data lives: --data-dir, then $FOLLOWUP_DESKTOP_DATA_DIR, then the platform's
application-data folder as Qt's QStandardPaths names it."""

from __future__ import annotations

import os
from pathlib import Path

from followup_desktop import APP_SLUG, __version__

ENV_VAR = "FOLLOWUP_DESKTOP_DATA_DIR"


def set_application_names() -> None:
    """QStandardPaths and QSettings derive their folders from these names."""
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.setApplicationName(APP_SLUG)
    QCoreApplication.setApplicationVersion(__version__)


def resolve(option: str | None) -> Path:
    if option:
        return Path(option).expanduser().absolute()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser().absolute()
    from PySide6.QtCore import QStandardPaths

    set_application_names()
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location)
