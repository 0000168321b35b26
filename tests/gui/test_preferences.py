"""The preferences dialog stores every planner number and re-plans open applications."""

from followup_desktop.services import settings
from followup_desktop.storage.models import Action
from followup_desktop.ui.preferences import PreferencesDialog


def test_shows_the_stored_values(qtbot, backend):
    dialog = PreferencesDialog(backend)
    qtbot.addWidget(dialog)
    assert [box.isChecked() for box in dialog.days] == [True] * 5 + [False] * 2
    assert dialog.times["day_start"].time().toString("HH:mm") == "09:00"
    assert dialog.numbers["keep_in_touch_cap"].value() == 2
    assert dialog.zone.currentData() == "Europe/Berlin"
    assert dialog.values()["time_zone"] == "Europe/Berlin"


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
    assert len(after) > len(before)


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
