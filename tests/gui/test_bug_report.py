"""A bug no one caught, in a real slot or a thread: its traceback in the data folder's log, one
plain-text box titled "Something went wrong" that names the log and says the data is safe, at
most one box for a storm of them, and the window running on."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from followup_desktop.services.errorlog import log_path
from followup_desktop.services.errors import DiskFullError
from followup_desktop.ui.dialogs import bug_report
from followup_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_no_exception_capture  # the app's own hook is what is tested


@pytest.fixture
def window(qtbot, backend, tmp_path) -> MainWindow:
    window = MainWindow(backend, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def reporter(window, backend) -> Iterator[bug_report.BugReporter]:
    before = sys.excepthook, threading.excepthook
    reporter = bug_report.install(window, backend.data_dir)
    yield reporter
    if reporter.box is not None:
        reporter.box.done(0)
    bug_report.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()]


def broken_slot() -> None:
    raise ValueError("a <b>bug</b> in a slot")


def test_a_bug_in_a_slot_is_logged_and_told_once_and_the_app_runs_on(
        qtbot, window, backend, reporter):
    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: reporter.box is not None and reporter.box.isVisible())
    log = log_path(backend.data_dir).read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log and "in broken_slot" in log
    assert "ValueError: a <b>bug</b> in a slot" in log
    [box] = boxes()
    assert box.windowTitle() == "Something went wrong"
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert str(log_path(backend.data_dir)) in box.text()
    assert "Your data is safe" in box.text() and "a <b>bug</b> in a slot" in box.text()
    box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: reporter.box is None and not boxes())
    assert window.isVisible()
    fired: list[bool] = []
    QTimer.singleShot(0, lambda: fired.append(True))  # the event loop still runs
    qtbot.waitUntil(lambda: fired == [True])


def test_a_storm_of_the_same_bug_shows_one_box_and_logs_one_traceback(
        qtbot, window, backend, reporter):
    for _ in range(20):
        QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: sum(reporter.seen.values()) == 20)
    qtbot.wait(50)  # the queued requests for boxes are all delivered
    assert len(boxes()) == 1
    log = log_path(backend.data_dir).read_text(encoding="utf-8")
    assert log.count("Traceback (most recent call last)") == 1
    assert "the same unexpected error again (20 times)" in log
    reporter.box.done(0)
    qtbot.waitUntil(lambda: reporter.box is None)
    QTimer.singleShot(0, broken_slot)  # after the box is closed, the next one is told
    qtbot.waitUntil(lambda: reporter.box is not None)
    assert len(boxes()) == 1


def test_a_bug_in_a_thread_is_told_on_the_gui_thread(qtbot, window, backend, reporter):
    def work() -> None:
        raise RuntimeError("broken in the background")

    thread = threading.Thread(target=work, name="sync")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: reporter.box is not None)
    assert "RuntimeError: broken in the background" in reporter.box.text()
    log = log_path(backend.data_dir).read_text(encoding="utf-8")
    assert "while in sync" in log and "in work" in log


def test_an_expected_condition_that_slipped_through_is_told_in_its_own_words(
        qtbot, window, backend, reporter):
    def full() -> None:
        raise DiskFullError("The disk is full; nothing was changed. Free some space on it "
                            "and try again.")

    QTimer.singleShot(0, full)
    qtbot.waitUntil(lambda: reporter.box is not None)
    assert reporter.box.text().startswith("The disk is full; nothing was changed.")
    assert str(log_path(backend.data_dir)) in reporter.box.text()
