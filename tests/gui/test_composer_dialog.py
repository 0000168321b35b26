"""The composer dialog: the draft, the findings next to it as you type, delivery by channel."""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, Qt, QUrl, QUrlQuery
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

from followup_desktop.domain.model import ActionKind, ActionState, Channel, Role
from followup_desktop.services import records, settings
from followup_desktop.storage.models import Action, Contact, Note, Touch
from followup_desktop.ui.composer.dialog import ComposerDialog
from followup_desktop.ui.composer.parts import FILE_NAME_LIMIT, safe_file_name
from followup_desktop.ui.widgets import links
from helpers.gui_constants import NOW
from helpers.robotics import thank_you_to_ada


@pytest.fixture
def thank_you(backend) -> int:
    return thank_you_to_ada(backend, NOW, sender="Sam Rivera",
                            postal_address="1 Gear Street\n10115 Berlin", phone="+49 30 1234567",
                            discussed="The gripper prototype and its force sensors")


@pytest.fixture
def dialog(qtbot, backend, thank_you) -> ComposerDialog:
    dialog = ComposerDialog(backend, thank_you)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog



def levels(dialog: ComposerDialog) -> dict[str, str]:
    return {code: finding.level.value for code, finding in dialog.findings_by_code().items()}


def test_the_draft_is_personal_and_ready(dialog: ComposerDialog) -> None:
    assert dialog.heading.text() == ("Thank-you to Ada Lovelace (Head of Robotics), "
                                     "Acme Robotics")
    assert dialog.body.toPlainText().startswith("Dear Ada,\n")
    assert "stayed with me: the gripper prototype" in dialog.body.toPlainText()
    assert dialog.subject.isEnabled() and dialog.subject.text()
    assert not dialog.sender_row.isVisibleTo(dialog)  # the name is known
    assert dialog.deliver_button.isDefault() and dialog.mail_button.isEnabled()
    assert "problem" not in levels(dialog).values()
    assert dialog.verdict.text() == "Ready to send."
    assert dialog.findings.count() == 6


def test_findings_follow_the_text_as_it_is_edited(qtbot, dialog: ComposerDialog) -> None:
    dialog.body.setPlainText("Dear {name}, thanks for the chat.")
    qtbot.waitUntil(lambda: levels(dialog)["placeholders"] == "problem")
    assert levels(dialog)["addressed_by_name"] == "problem"
    assert levels(dialog)["specific"] == "problem"
    assert dialog.verdict.text().startswith("Not ready")
    dialog.body.setPlainText("Dear Ada Lovelace,\nThank you for showing me the gripper "
                             "prototype at Acme Robotics.\nSam")
    qtbot.waitUntil(lambda: "problem" not in levels(dialog).values())


def test_open_in_mail_app_builds_the_mailto_link(dialog: ComposerDialog, monkeypatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(links.QDesktopServices, "openUrl", lambda url: opened.append(url))
    dialog.subject.setText("Thank you & next steps?")
    dialog.body.setPlainText("Dear Ada Lovelace,\nline & two=2")
    dialog.mail_button.click()
    [url] = opened
    query = QUrlQuery(url)
    decoded = QUrl.ComponentFormattingOption.FullyDecoded
    assert (url.scheme(), url.path()) == ("mailto", "ada@acme.example")
    assert query.queryItemValue("subject", decoded) == "Thank you & next steps?"
    assert query.queryItemValue("body", decoded) == "Dear Ada Lovelace,\r\nline & two=2"


def test_copy_text_puts_subject_and_body_on_the_clipboard(dialog: ComposerDialog) -> None:
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(f"Subject: {dialog.subject.text()}\n\n")
    assert copied.endswith(dialog.body.toPlainText())


def test_delivering_marks_done_and_keeps_the_note(dialog: ComposerDialog, thank_you: int,
                                                   answers: list[str]) -> None:
    text = dialog.body.toPlainText()
    dialog.deliver_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert Action.get_by_id(thank_you).state == ActionState.DONE
    assert Note.get(Note.action == thank_you).body == text
    assert Touch.get(Touch.action == thank_you).channel == "email"


def test_a_note_with_problems_asks_before_it_is_delivered(dialog: ComposerDialog,
                                                          thank_you: int, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.No)
    dialog.body.setPlainText("Dear [Name], thanks.")
    dialog.run_check()
    dialog.deliver_button.click()
    assert Action.get_by_id(thank_you).state == ActionState.PLANNED


def test_the_phone_channel_gives_a_call_script_and_logs_the_call(
        dialog: ComposerDialog, thank_you: int, answers: list[str], monkeypatch) -> None:
    dialog.channel.setCurrentIndex(dialog.channel.findData(Channel.PHONE.value))
    dialog._switch_template()
    assert dialog.call_button.text() == "Call +49 30 1234567"
    assert not dialog.subject.isEnabled()
    assert dialog.deliver_button.text() == "Log the call"
    opened: list[str] = []
    monkeypatch.setattr(links.QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toString()))
    dialog.call_button.click()
    assert opened == ["tel:+49301234567"]
    dialog.outcome.setText("They decide on Friday.")
    dialog.deliver_button.click()
    touch = Touch.get(Touch.action == thank_you)
    assert (touch.channel, touch.summary) == ("phone", "Called. They decide on Friday.")


def test_a_card_is_saved_as_a_pdf_with_the_note(dialog: ComposerDialog, tmp_path: Path,
                                                 monkeypatch) -> None:
    dialog.channel.setCurrentIndex(dialog.channel.findData(Channel.CARD.value))
    dialog._switch_template()
    assert dialog.pdf_button.isVisibleTo(dialog) and dialog.card_size.isVisibleTo(dialog)
    target = tmp_path / "card.pdf"
    suggested: list[str] = []

    def save_as(parent, title, path, filters):
        suggested.append(path)
        return str(target), ""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    monkeypatch.setattr(QInputDialog, "getMultiLineText",  # no return address yet: asked
                        lambda *a, **k: ("Apartment 3\n2 Quiet Lane\n\n10405 Berlin", True))
    dialog.card_size.setCurrentIndex(dialog.card_size.findData("a2"))
    dialog.envelope.setChecked(True)
    dialog.pdf_button.click()
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    assert suggested == [str(Path(documents) / "Card for Ada Lovelace - Acme Robotics.pdf")]
    assert dialog.saved_note.text() == f"Saved “card.pdf” in {tmp_path}."
    assert settings.load()["sender_address"] == "Apartment 3\n2 Quiet Lane\n10405 Berlin"
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"^Pages:\s+2$", info, re.MULTILINE), info
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Ada Lovelace" in text and "1 Gear Street" in text
    assert "Sam Rivera\nApartment 3\n2 Quiet Lane" in text  # the return address


def test_switching_channel_keeps_edited_text_unless_the_user_agrees(
        dialog: ComposerDialog, monkeypatch) -> None:
    dialog.body.setPlainText("My own careful words.")
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.No)
    dialog.channel.setCurrentIndex(dialog.channel.findData(Channel.LETTER.value))
    dialog._switch_template()
    assert dialog.body.toPlainText() == "My own careful words."
    assert dialog.channel.currentData() == Channel.EMAIL.value


def test_a_saved_draft_reopens_as_written(qtbot, backend, dialog: ComposerDialog,
                                          thank_you: int) -> None:
    dialog.body.setPlainText("Dear Ada Lovelace,\nDraft in progress about the gripper.")
    dialog.save_draft()
    again = ComposerDialog(backend, thank_you)
    qtbot.addWidget(again)
    assert again.body.toPlainText() == "Dear Ada Lovelace,\nDraft in progress about the gripper."


def test_hostile_text_stays_text(qtbot, backend) -> None:
    company = records.add_company(backend, "<b>Acme</b><img src=x>")
    person = records.add_contact(backend, company, records.ContactDraft(
        "=HYPERLINK(\"http://x\")", "<i>CTO</i>", Role.INTERVIEWER))
    application = records.add_application(backend, company, "Engineer")
    records.add_interview(backend, application, NOW - timedelta(days=1),
                          NOW - timedelta(hours=23), "Europe/Berlin", [person])
    action = Action.get(Action.application == application).id
    dialog = ComposerDialog(backend, action)
    qtbot.addWidget(dialog)
    assert dialog.heading.textFormat().name == "PlainText"
    assert "<b>Acme</b><img src=x>" in dialog.heading.text()
    assert "<b>Acme</b><img src=x>" in dialog.body.toPlainText()


def test_a_template_is_edited_checked_and_restored(qtbot, backend, dialog: ComposerDialog,
                                                   thank_you: int) -> None:
    from followup_desktop.ui.composer.template_editor import TemplateEditor

    editor = TemplateEditor(backend, dialog.c.template, dialog)
    qtbot.addWidget(editor)
    editor.body.setPlainText("Dear {nmae}, thank you.")
    editor.accept()
    assert "nmae" in editor.error.text() and editor.result() != QDialog.DialogCode.Accepted
    editor.subject.setText("With thanks, {name}")
    editor.body.setPlainText("Dear {name},\nThank you for {specific} at {company}.\n{sender}")
    editor.accept()
    assert editor.result() == QDialog.DialogCode.Accepted
    again = ComposerDialog(backend, thank_you)
    qtbot.addWidget(again)
    assert again.subject.text() == "With thanks, Ada Lovelace"
    TemplateEditor(backend, again.c.template, again).restore_default()
    assert ComposerDialog(backend, thank_you).subject.text() != "With thanks, Ada Lovelace"


def test_file_names_are_safe_on_any_system() -> None:
    assert safe_file_name('Card for A/B: "x" <y>|z?*') == "Card for A B x y z"
    assert safe_file_name("..hidden\x00name") == "hidden name"
    assert safe_file_name("/") == "Note"
    assert len(safe_file_name("x" * 500)) == FILE_NAME_LIMIT


def test_without_the_users_name_the_note_asks_for_it_and_goes_nowhere(
        qtbot, backend, thank_you: int) -> None:
    with backend.write():
        settings.save("sender_name", "")
    dialog = ComposerDialog(backend, thank_you)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.sender_row.isVisibleTo(dialog)
    assert "[add your name]" in dialog.body.toPlainText()
    assert dialog.blocked.isVisibleTo(dialog)
    assert dialog.blocked.text().startswith("Your name is not set")
    for button in (dialog.mail_button, dialog.copy_button, dialog.deliver_button):
        assert not button.isEnabled()
        assert "Your name is not set" in button.toolTip()
    assert not dialog.deliver_button.isDefault() and dialog.save_button.isDefault()
    qtbot.keyClicks(dialog.sender_row.name, "Sam Rivera")
    qtbot.keyClick(dialog.sender_row.name, Qt.Key.Key_Return)  # stores it, sends nothing
    assert dialog.isVisible() and Action.get_by_id(thank_you).state == ActionState.PLANNED
    assert settings.load()["sender_name"] == "Sam Rivera"
    assert not dialog.sender_row.isVisibleTo(dialog)
    assert dialog.body.toPlainText().endswith("Best regards,\nSam Rivera")
    assert not dialog.blocked.isVisibleTo(dialog)
    assert dialog.deliver_button.isEnabled() and dialog.deliver_button.isDefault()


def test_an_edited_note_is_signed_where_it_says_so(qtbot, backend, thank_you: int) -> None:
    with backend.write():
        settings.save("sender_name", "")
    dialog = ComposerDialog(backend, thank_you)
    qtbot.addWidget(dialog)
    dialog.body.setPlainText("Dear Ada,\nThe gripper, Acme Robotics.\n[add your name]")
    dialog.sender_row.name.setText("Sam")
    dialog.sender_row.save.click()
    assert dialog.body.toPlainText() == "Dear Ada,\nThe gripper, Acme Robotics.\nSam"


def test_open_in_mail_app_says_why_it_is_greyed_out_until_there_is_an_address(
        qtbot, backend, monkeypatch) -> None:
    with backend.write():
        settings.save("sender_name", "Sam Rivera")
    company = records.add_company(backend, "Acme Robotics")
    anna = records.add_contact(backend, company, records.ContactDraft("Anna Kowalski", "CTO"))
    application = records.add_application(backend, company, "Engineer")
    records.add_interview(backend, application, NOW - timedelta(days=1),
                          NOW - timedelta(hours=23), "Europe/Berlin", [anna],
                          discussed="Robot arms")
    action = Action.get((Action.application == application)
                        & (Action.kind == ActionKind.THANK_YOU)).id
    dialog = ComposerDialog(backend, action)
    qtbot.addWidget(dialog)
    dialog.show()
    reason = "There is no e-mail address for Anna Kowalski"
    assert not dialog.mail_button.isEnabled()
    assert reason in dialog.mail_button.toolTip()
    assert dialog.delivery_note.text().startswith(reason)
    assert dialog.delivery_note.textFormat() == Qt.TextFormat.PlainText
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("anna@acme.example", True))
    dialog.add_email_button.click()
    assert dialog.mail_button.isEnabled()
    assert not dialog.add_email_button.isVisibleTo(dialog)
    assert not dialog.delivery_note.isVisibleTo(dialog)
    assert Contact.get_by_id(anna).email == "anna@acme.example"


def test_mark_as_delivered_is_not_the_default_while_the_note_is_not_ready(
        dialog: ComposerDialog) -> None:
    dialog.body.setPlainText("Dear Ada, thanks.")
    dialog.run_check()
    assert dialog.verdict.text().startswith("Not ready yet")
    assert not dialog.deliver_button.isDefault() and dialog.save_button.isDefault()
