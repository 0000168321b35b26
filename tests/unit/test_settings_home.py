"""Settings live under the app's organization, not "Unknown Organization"; an old settings
file is moved there once; the data folder stays where it always was."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from followup_desktop import APP_SLUG, ORG_NAME
from followup_desktop.system import datadir

pytestmark = pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="XDG folders")


def old_file(config: Path) -> Path:
    return config / "Unknown Organization" / f"{APP_SLUG}.conf"


def new_file(config: Path) -> Path:
    return config / ORG_NAME / f"{APP_SLUG}.conf"


def test_an_old_settings_file_is_moved_once(tmp_path, monkeypatch):
    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    old_file(config).parent.mkdir(parents=True)
    old_file(config).write_text("[window]\npage=Calendar\n")
    assert datadir.move_old_settings() == new_file(config)
    assert new_file(config).read_text() == "[window]\npage=Calendar\n"
    assert not old_file(config).parent.exists()  # the empty old folder went too
    assert datadir.move_old_settings() is None  # once


def test_newer_settings_are_never_overwritten(tmp_path):
    config = tmp_path / "config"
    for path, text in ((old_file(config), "old"), (new_file(config), "new")):
        path.parent.mkdir(parents=True)
        path.write_text(text)
    assert datadir.move_old_settings(config) is None
    assert new_file(config).read_text() == "new"
    assert old_file(config).read_text() == "old"


def test_nothing_to_move_creates_nothing(tmp_path):
    assert datadir.move_old_settings(tmp_path / "config") is None
    assert not (tmp_path / "config").exists()


SCRIPT = """
from PySide6.QtCore import QSettings
from followup_desktop.system import datadir
datadir.set_application_names()
datadir.move_old_settings()
settings = QSettings()
print(settings.fileName())
print(settings.value("window/page"))
print(datadir.default_data_dir())
"""


def test_the_app_reads_its_moved_settings_and_keeps_its_data_folder(tmp_path):
    """In a process of its own: Qt reads $XDG_CONFIG_HOME once per process."""
    config, data = tmp_path / "config", tmp_path / "data"
    old_file(config).parent.mkdir(parents=True)
    old_file(config).write_text("[window]\npage=Contacts\n")
    env = {**os.environ, "XDG_CONFIG_HOME": str(config), "XDG_DATA_HOME": str(data)}
    result = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True,
                            text=True, check=True, timeout=60)
    name, page, folder = result.stdout.splitlines()
    assert Path(name) == new_file(config)
    assert page == "Contacts"
    assert Path(folder) == data / APP_SLUG  # not data/ORG_NAME/APP_SLUG
