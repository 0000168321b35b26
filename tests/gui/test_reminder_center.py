"""The reminder center inside the window, offscreen: with no session bus and no tray, reminders
fall through the chain to the in-window banner, whose buttons do what they say."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QPushButton

from followup_desktop.domain.model import ActionKind, ActionState, Channel, Role
from followup_desktop.notify.center import ReminderCenter
from followup_desktop.notify.freedesktop import DeliveryError
from followup_desktop.services import actions, records
from followup_desktop.services.reminder_messages import Message
from followup_desktop.storage.models import Action
from followup_desktop.system.single_instance import SingleInstance, activate_running
from followup_desktop.ui.main_window import MainWindow
from helpers.gui_constants import HOSTILE, NOW


@pytest.fixture(autouse=True)
def no_session_bus(monkeypatch):
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")


@pytest.fixture
def window(qtbot, backend, tmp_path):
    window = MainWindow(backend, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    return window


def plan(backend, company: str = "Acme Robotics", name: str = "Ada Lovelace",
         due_in: timedelta = -timedelta(minutes=5)) -> int:
    company_id = records.add_company(backend, company)
    person = records.add_contact(backend, company_id, records.ContactDraft(
        name, "CTO", Role.HIRING_MANAGER))
    application = records.add_application(backend, company_id, "Engineer")
    action_id, _ = actions.plan_by_hand(backend, application, ActionKind.THANK_YOU,
                                        NOW + due_in, Channel.EMAIL, person)
    return action_id


def start(window, backend) -> ReminderCenter:
    center = ReminderCenter(window, backend)
    center.start()
    return center


def button(window, label: str) -> QPushButton:
    found = [b for b in window.reminder_banner.findChildren(QPushButton)
             if b.text() == label and b.isVisible()]
    assert found, f"no visible {label!r} button"
    return found[0]


def test_without_bus_or_tray_the_banner_shows_the_reminder(window, backend):
    action_id = plan(backend)
    center = start(window, backend)
    assert [channel.name for channel in center.channels] == ["in-window banner"]
    assert center.tray is None and not window.keep_running_in_tray
    banner = window.reminder_banner
    assert banner.isVisible()
    assert "Ada Lovelace" in banner.summary.text()
    assert "Acme Robotics" in banner.body.text()
    assert banner.queue[0].action_ids == (action_id,)


def test_done_on_the_banner_marks_the_action_done(window, backend):
    action_id = plan(backend)
    start(window, backend)
    button(window, "Done").click()
    assert Action.get_by_id(action_id).state == ActionState.DONE
    assert not window.reminder_banner.isVisible()


def test_snooze_on_the_banner_snoozes_for_an_hour(window, backend):
    action_id = plan(backend)
    start(window, backend)
    button(window, "Snooze 1 hour").click()
    action = Action.get_by_id(action_id)
    assert action.state == ActionState.SNOOZED
    assert action.snoozed_until_utc == (NOW + timedelta(hours=1)).replace(microsecond=0)


def test_open_on_the_banner_shows_the_application(window, backend):
    plan(backend)
    start(window, backend)
    button(window, "Open").click()
    assert window.current_page_name() == "Applications"


def test_a_reminder_done_in_the_window_is_withdrawn(window, backend):
    action_id = plan(backend)
    start(window, backend)
    actions.complete(backend, action_id)
    window.refresh_all()
    assert window.reminder_banner.queue == []
    assert not window.reminder_banner.isVisible()


def test_hostile_names_are_shown_as_text(window, backend):
    plan(backend, company=HOSTILE, name="=HYPERLINK(\"http://x\")")
    start(window, backend)
    banner = window.reminder_banner
    assert HOSTILE in banner.body.text()
    assert banner.body.textFormat().name == "PlainText"
    assert banner.summary.textFormat().name == "PlainText"


class Failing:
    name = "broken channel"

    def __init__(self) -> None:
        self.tries = 0

    def show(self, reminder: Message) -> None:
        self.tries += 1
        raise DeliveryError("the server went away")

    def close(self, reminder: Message) -> None: ...

    def shown(self) -> list[Message]:
        return []


def test_a_failing_channel_is_dropped_and_the_next_one_used(window, backend, qtbot):
    center = ReminderCenter(window, backend)
    broken = Failing()
    center.channels.insert(0, broken)
    plan(backend)
    with qtbot.waitSignal(center.channelDropped) as dropped:
        center.start()
    assert dropped.args[0] == "broken channel"
    assert window.reminder_banner.queue
    plan(backend, company="Globex", name="Grace Hopper")
    center.check()
    assert broken.tries == 1  # not asked again
    assert len(window.reminder_banner.queue) == 2


def test_the_window_closes_the_app_when_there_is_no_tray(window, backend):
    start(window, backend)
    window.close()
    assert not window.isVisible()
    assert not window.keep_running_in_tray


def test_with_a_tray_closing_hides_and_quit_really_closes(window, backend, qtbot):
    window.keep_running_in_tray = True
    with qtbot.waitSignal(window.hiddenToTray):
        window.close()
    assert not window.isVisible()
    window.bring_to_front()
    assert window.isVisible()


def test_a_second_instance_on_the_folder_raises_the_first(qtbot, tmp_path):
    first, second = SingleInstance(tmp_path / "data"), SingleInstance(tmp_path / "data")
    assert first.acquire()
    assert not second.acquire()
    raised = []
    first.listen(lambda: raised.append(True))
    answered = []
    asking = threading.Thread(target=lambda: answered.append(activate_running(tmp_path / "data")))
    asking.start()
    qtbot.waitUntil(lambda: raised == [True], timeout=5000)
    asking.join(5)
    assert answered == [True]
    first.release()
    assert second.acquire()
    second.release()


def test_pausing_from_the_file_menu_holds_reminders_until_resumed(window, backend):
    center = ReminderCenter(window, backend)
    center.pause_action.setChecked(True)
    assert center.pause_action in window.file_menu.actions()
    plan(backend)
    center.check()
    assert window.reminder_banner.queue == []
    center.pause_action.setChecked(False)
    assert len(window.reminder_banner.queue) == 1
    assert "while notifications were paused" in window.reminder_banner.body.text()
