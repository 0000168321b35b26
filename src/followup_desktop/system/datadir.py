"""Where the user's data lives: --data-dir, then $FOLLOWUP_DESKTOP_DATA_DIR, then the platform's
application-data folder as Qt's QStandardPaths names it."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from pathlib import Path

from followup_desktop import APP_SLUG, ORG_DOMAIN, ORG_NAME, __version__

ENV_VAR = "FOLLOWUP_DESKTOP_DATA_DIR"
OLD_ORGANIZATION = "Unknown Organization"  # what Qt filed the settings under before ORG_NAME


def set_application_names() -> None:
    """QStandardPaths and QSettings derive their folders from these names."""
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setOrganizationDomain(ORG_DOMAIN)
    QCoreApplication.setApplicationName(APP_SLUG)
    QCoreApplication.setApplicationVersion(__version__)


def default_data_dir() -> Path:
    """The platform's application-data folder, named after the application alone (such as
    ~/.local/share/followup-desktop): the data folder is older than the organization name,
    and stays where it was."""
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    set_application_names()
    QCoreApplication.setOrganizationName("")
    try:
        location = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.AppDataLocation)
    finally:
        QCoreApplication.setOrganizationName(ORG_NAME)
    return Path(location)


def resolve(option: str | None) -> Path:
    if option:
        return Path(option).expanduser().absolute()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser().absolute()
    return default_data_dir()


def move_old_settings(config_home: Path | None = None) -> Path | None:
    """Once: the settings file Qt wrote under "Unknown Organization" (before the app named its
    organization) moves to the organization's folder; the new one, if any, is kept. Linux and
    other XDG systems only (macOS and Windows keep settings elsewhere). The new path if moved.
    """
    if sys.platform in ("darwin", "win32"):
        return None
    if config_home is None:
        config_home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    old = config_home / OLD_ORGANIZATION / f"{APP_SLUG}.conf"
    new = config_home / ORG_NAME / f"{APP_SLUG}.conf"
    if not old.is_file() or new.exists():
        return None
    new.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    shutil.move(old, new)
    with contextlib.suppress(OSError):
        old.parent.rmdir()  # only when nothing else is left in it
    return new
