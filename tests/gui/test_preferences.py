"""The preferences dialog stores every planner number, re-plans open applications and turns
start at login on and off."""


from datetime import timedelta

from PySide6.QtCore import Qt

from followup_desktop import APP_ID
from followup_desktop.services import autostart, settings
from followup_desktop.storage.models import Action
from followup_desktop.system import datadir
from followup_desktop.ui.dialogs.preferences import PreferencesDialog, _data_dir_for_login


def test_shows_the_stored_values(qtbot, backend):
    dialog = PreferencesDialog(backend)
    qtbot.addWidget(dialog)
    assert [box.isChecked() for box in dialog.days] == [True] * 5 + [False] * 2
    assert dialog.times["day_start"].time().toString("HH:mm") == "09:00"
    assert dialog.numbers["keep_in_touch_cap"].value() == 2
    assert dialog.zone.currentData() == "Europe/Berlin"
    assert dialog.values()["time_zone"] == "Europe/Berlin"


def test_the_mailbox_is_not_among_the_preferences(qtbot, backend):
    """Its server, port and user are set in the Mailbox dialog (ui/mail/account_dialog.py):
    saving preferences never writes them."""
    dialog = PreferencesDialog(backend)
    qtbot.addWidget(dialog)
    assert set(dialog.values()).isdisjoint(settings.MAIL_KEYS)
    labels = {settings.BY_KEY[key].label for key in settings.MAIL_KEYS}
    shown = {label.text() for label in dialog.findChildren(type(dialog.error))}
    assert shown.isdisjoint(labels)


def test_saving_changes_replans_the_open_applications(qtbot, demo_backend):
    before = {a.id: a.due_utc for a in Action.select().where(Action.state == "planned")}
    dialog = PreferencesDialog(demo_backend)
    qtbot.addWidget(dialog)
    dialog.numbers["keep_in_touch_cap"].setValue(3)
    dialog.times["day_start"].setTime(dialog.times["day_start"].time().addSecs(-3600))
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert settings.load()["keep_in_touch_cap"] == 3
    assert settings.load()["day_start"] == "08:00"
    assert dialog.replanned == 4  # the six sample applications less the offer and rejection
    after = {a.id: a.due_utc for a in Action.select().where(Action.state == "planned")}
    # The working day now starts an hour earlier: what was planned for its start moves with it
    # (a third keep-in-touch does not fit: the notes stop before the decision call).
    moved = {key for key in before.keys() & after.keys() if after[key] != before[key]}
    assert moved and all(after[key] == before[key] - timedelta(hours=1) for key in moved)


def test_an_impossible_working_day_is_refused_next_to_the_form(qtbot, backend):
    dialog = PreferencesDialog(backend)
    qtbot.addWidget(dialog)
    dialog.times["day_start"].setTime(dialog.times["day_end"].time().addSecs(3600))
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "working day must start before it ends" in dialog.error.text()
    assert settings.load()["day_start"] == "09:00"


def test_no_working_day_is_refused(qtbot, backend):
    dialog = PreferencesDialog(backend)
    qtbot.addWidget(dialog)
    for box in dialog.days:
        box.setChecked(False)
    dialog.accept()
    assert "working days" in dialog.error.text()
    assert settings.load()["working_days"] == [0, 1, 2, 3, 4]


# Start at login

def login_entry_arguments(path) -> list[str]:
    """The Exec= line's words, split the simple way: the test paths need no quoting."""
    exec_line = next(line for line in path.read_text(encoding="utf-8").splitlines()
                     if line.startswith("Exec="))
    return exec_line.removeprefix("Exec=").split(" ")


def test_ticking_start_at_login_writes_the_entry_and_unticking_removes_it(
        qtbot, backend, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    entry = tmp_path / "config" / "autostart" / f"{APP_ID}.desktop"
    dialog = PreferencesDialog(backend)
    qtbot.addWidget(dialog)
    assert dialog.start_at_login.isEnabled()
    assert not dialog.start_at_login.isChecked()
    assert dialog.start_at_login.accessibleName() == "Start Follow-up when I log in"
    assert "system tray" in dialog.start_at_login_hint.text()
    dialog.start_at_login.setChecked(True)
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    arguments = login_entry_arguments(entry)
    assert "--hidden" in arguments
    # The test's data folder is not the platform's default, so the entry names it.
    assert arguments[-2:] == ["--data-dir", str(backend.data_dir)]

    again = PreferencesDialog(backend)
    qtbot.addWidget(again)
    assert again.start_at_login.isChecked()
    again.start_at_login.setChecked(False)
    again.accept()
    assert again.result() == again.DialogCode.Accepted
    assert not entry.exists()


def test_leaving_start_at_login_alone_touches_nothing(qtbot, backend, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    dialog = PreferencesDialog(backend)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert not (tmp_path / "config").exists()


def test_a_refused_login_entry_is_shown_and_keeps_the_dialog_open(
        qtbot, backend, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "autostart").write_text("a file, not a folder", encoding="utf-8")
    dialog = PreferencesDialog(backend)
    qtbot.addWidget(dialog)
    dialog.start_at_login.setChecked(True)
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.error.text().startswith("Cannot turn on start at login:")
    assert dialog.error.textFormat() == Qt.TextFormat.PlainText


def test_where_login_entries_are_not_managed_the_box_is_off_and_explained(
        qtbot, backend, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(autostart, "is_supported", lambda platform=None: False)
    dialog = PreferencesDialog(backend)
    qtbot.addWidget(dialog)
    assert not dialog.start_at_login.isEnabled()
    assert not dialog.start_at_login.isChecked()
    assert dialog.start_at_login_hint.text() == (
        "Add Follow-up to your login items (see docs/autostart.md)")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert not (tmp_path / "config").exists()


def test_the_default_data_folder_is_not_written_into_the_entry(tmp_path, monkeypatch):
    default = datadir.default_data_dir()
    # $FOLLOWUP_DESKTOP_DATA_DIR does not reach the login session: a folder chosen with it is
    # named in the entry, even though datadir.resolve(None) returns it.
    monkeypatch.setenv(datadir.ENV_VAR, str(tmp_path / "chosen"))
    assert _data_dir_for_login(default) is None
    assert _data_dir_for_login(tmp_path / "chosen") == tmp_path / "chosen"


def test_who_you_are_is_stored_and_bad_addresses_refused(qtbot, backend):
    dialog = PreferencesDialog(backend)
    qtbot.addWidget(dialog)
    dialog.sender_name.setText("Sam Rivera")
    dialog.sender_address.setPlainText("4 Elm Street\nBristol BS1 4DJ")
    dialog.own_addresses.setText("sam@example.org; sam.rivera@work.example")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    stored = settings.load()
    assert (stored["sender_name"], stored["sender_address"]) == (
        "Sam Rivera", "4 Elm Street\nBristol BS1 4DJ")
    assert stored["own_addresses"] == ["sam@example.org", "sam.rivera@work.example"]
    again = PreferencesDialog(backend)
    qtbot.addWidget(again)
    again.own_addresses.setText("sam@example.org?attach=/etc/passwd")
    again.accept()
    assert again.result() != again.DialogCode.Accepted
    assert "own_addresses" in again.error.text()
    assert settings.load()["own_addresses"] == ["sam@example.org", "sam.rivera@work.example"]


def test_the_number_fields_offer_the_declared_ranges(qtbot, backend):
    from followup_desktop.services import settings
    from followup_desktop.ui.dialogs.preferences import PreferencesDialog

    dialog = PreferencesDialog(backend)
    qtbot.addWidget(dialog)
    for key, spin in dialog.numbers.items():
        spec = settings.BY_KEY[key]
        assert (spin.minimum(), spin.maximum(), spin.accessibleName()) == (
            spec.low, spec.high, spec.label)
