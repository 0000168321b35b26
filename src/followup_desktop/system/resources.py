"""Files the app ships beside its code (icons, desktop entry), found in a source checkout and in
the PyInstaller bundle alike.

A checkout keeps them in <repository>/resources; the bundle copies that folder into its
_internal directory, which PyInstaller exposes as sys._MEIPASS. A plain `pip install` has
neither, so the window icon then comes from the icon theme, where packaging/install.sh puts it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from followup_desktop import APP_ID

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon


def resources_dir() -> Path | None:
    """The resources folder, or None when the app runs without one (a wheel install)."""
    candidates = [Path(__file__).resolve().parents[3] / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "resources")
    return next((path for path in candidates if path.is_dir()), None)


def icon_files() -> dict[int, Path]:
    """The app icon's PNG renderings by pixel size, from the hicolor tree under resources/."""
    folder = resources_dir()
    if folder is None:
        return {}
    found = {}
    for path in (folder / "icons" / "hicolor").glob(f"*/apps/{APP_ID}.png"):
        size = re.fullmatch(r"(\d+)x\1", path.parent.parent.name)
        if size:
            found[int(size.group(1))] = path
    return dict(sorted(found.items()))


def app_icon() -> QIcon:
    """The window icon: the bundled PNGs (no SVG plugin load at start-up), else the theme's."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for size, path in icon_files().items():
        icon.addFile(str(path), QSize(size, size))  # loaded lazily, when a size is painted
    return icon if not icon.isNull() else QIcon.fromTheme(APP_ID)
