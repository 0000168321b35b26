"""The composer service on a real database: drafts from templates and interview facts, ideas
used once, the check against notes sent to other companies, and delivery that records the touch
and re-plans."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import ActionKind, ActionState, Channel, IdeaKind, Role
from followup_desktop.services import actions, composer, records, sender, settings
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.services.exchange.transfer import exporting, importing
from followup_desktop.storage.models import Action, Idea, Note, Touch

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # Tuesday 10:00 in Berlin


class World:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        with backend.write():
            settings.save("sender_name", "Sam Rivera")
        self.acme = records.add_company(backend, "Acme Robotics",
                                        postal_address="1 Gear Street\n10115 Berlin")
        self.ada = records.add_contact(backend, self.acme, records.ContactDraft(
            "Ada Lovelace", "Head of Robotics", Role.INTERVIEWER, email="ada@acme.example",
            name_verified=True, title_verified=True))
        # A decision date is known: the thank-you is only a thank-you (without one, it also asks).
        self.application = records.add_application(backend, self.acme, "Robotics Engineer",
                                                   decision_date=(NOW + timedelta(days=30)).date())
        start = NOW - timedelta(days=1)
        records.add_interview(backend, self.application, start, start + timedelta(hours=1),
                              "Europe/Berlin", [self.ada],
                              discussed="The gripper prototype and its force sensors")
        self.thank_you = Action.get((Action.application == self.application)
                                    & (Action.kind == ActionKind.THANK_YOU)).id

    def keep_in_touch(self) -> int:
        action_id, _ = actions.plan_by_hand(self.backend, self.application,
                                            ActionKind.KEEP_IN_TOUCH, NOW + timedelta(days=7),
                                            Channel.EMAIL, self.ada)
        return action_id


@pytest.fixture
def backend_start() -> datetime:
    return NOW


@pytest.fixture
def world(backend: Backend):
    return World(backend)


def codes(findings, level: str) -> set[str]:
    return {f.code for f in findings if f.level == level}


def test_a_fresh_draft_is_personal_and_passes_the_check(world: World) -> None:
    c = composer.compose(world.backend, world.thank_you)
    assert c.template.key == "thank_you/email" and not c.saved
    assert c.draft.body.startswith("Dear Ada,\n") and "Acme Robotics" in c.draft.body
    assert "stayed with me: the gripper prototype" in c.draft.body  # not "The gripper"
    assert "[add" not in c.draft.body
    assert c.draft.subject
    findings = composer.check_text(world.backend, world.thank_you, c.draft.body)
    assert codes(findings, "problem") == set(), findings


def test_a_saved_draft_comes_back_as_written(world: World) -> None:
    composer.save_draft(world.backend, world.thank_you, "thank_you/email", "Thanks!",
                        "Dear Ada Lovelace,\nMy own words about the gripper at Acme Robotics.")
    c = composer.compose(world.backend, world.thank_you)
    assert c.saved and c.draft.subject == "Thanks!"
    assert c.draft.body.startswith("Dear Ada Lovelace,\nMy own words")


def test_another_channel_gives_that_channels_template(world: World) -> None:
    c = composer.compose(world.backend, world.thank_you, "thank_you/card")
    assert c.template.channel is Channel.CARD and c.draft.subject == ""
    with pytest.raises(UserError):
        composer.compose(world.backend, world.thank_you, "no_such/email")


def test_a_keep_in_touch_note_offers_an_idea_and_uses_it_once(world: World) -> None:
    idea = composer.add_idea(world.backend, world.application, IdeaKind.INPUT,
                             "An article on soft grippers for food handling")
    first = world.keep_in_touch()
    c = composer.compose(world.backend, first)
    assert c.idea_id == idea
    assert "soft grippers" in c.draft.body
    composer.deliver(world.backend, first, c.template.key, c.draft.subject, c.draft.body,
                     Channel.EMAIL, idea_id=c.idea_id)
    assert Idea.get_by_id(idea).used_action_id == first
    second = world.keep_in_touch()
    assert composer.compose(world.backend, second).idea_id is None
    with pytest.raises(UserError, match="already brought"):
        composer.deliver(world.backend, second, c.template.key, c.draft.subject, c.draft.body,
                         Channel.EMAIL, idea_id=idea, force=True)


def test_delivering_records_the_touch_keeps_the_text_and_replans(world: World) -> None:
    c = composer.compose(world.backend, world.thank_you)
    composer.deliver(world.backend, world.thank_you, c.template.key, c.draft.subject,
                     c.draft.body, Channel.EMAIL)
    action = Action.get_by_id(world.thank_you)
    assert action.state == ActionState.DONE
    touch = Touch.get(Touch.action == world.thank_you)
    assert touch.channel == "email" and touch.summary.startswith("Email sent: ")
    note = Note.get(Note.action == world.thank_you)
    assert note.body == c.draft.body and note.delivered_channel == "email"
    assert composer.sent_notes(world.application)[0][2] == c.draft.body


def test_a_note_with_problems_is_refused_unless_the_user_insists(world: World) -> None:
    body = "Dear {name}, thanks for the chat."
    with pytest.raises(UserError, match="not ready"):
        composer.deliver(world.backend, world.thank_you, "thank_you/email", "Hi", body,
                         Channel.EMAIL)
    assert Action.get_by_id(world.thank_you).state == ActionState.PLANNED
    composer.deliver(world.backend, world.thank_you, "thank_you/email", "Hi", body,
                     Channel.EMAIL, force=True)
    assert Action.get_by_id(world.thank_you).state == ActionState.DONE


def test_a_call_is_logged_with_its_outcome(world: World) -> None:
    c = composer.compose(world.backend, world.thank_you, "thank_you/phone")
    composer.deliver(world.backend, world.thank_you, c.template.key, "", c.draft.body,
                     Channel.PHONE, outcome="They decide on Friday; no second round.")
    touch = Touch.get(Touch.action == world.thank_you)
    assert (touch.channel, touch.summary) == ("phone",
                                              "Called. They decide on Friday; no second round.")
    assert Action.get_by_id(world.thank_you).channel == "phone"


def test_the_same_text_sent_to_another_company_is_flagged(world: World) -> None:
    c = composer.compose(world.backend, world.thank_you)
    composer.deliver(world.backend, world.thank_you, c.template.key, c.draft.subject,
                     c.draft.body, Channel.EMAIL)
    globex = records.add_company(world.backend, "Globex")
    grace = records.add_contact(world.backend, globex, records.ContactDraft(
        "Grace Hopper", "CTO", Role.INTERVIEWER, name_verified=True, title_verified=True))
    application = records.add_application(world.backend, globex, "Engineer")
    records.add_interview(world.backend, application, NOW - timedelta(days=1),
                          NOW - timedelta(hours=23), "Europe/Berlin", [grace],
                          discussed="Their warehouse robots on the night shift")
    other = Action.get((Action.application == application)
                       & (Action.kind == ActionKind.THANK_YOU)).id
    copied = (c.draft.body.replace("Ada Lovelace", "Grace Hopper")
              .replace("Acme Robotics", "Globex"))
    assert "not_a_copy" in codes(composer.check_text(world.backend, other, copied), "problem")
    own = composer.compose(world.backend, other).draft.body
    assert "not_a_copy" not in codes(composer.check_text(world.backend, other, own), "problem")


def test_user_templates_override_the_defaults_and_are_checked(world: World) -> None:
    composer.save_template(world.backend, "thank_you/email", "Thanks, {name}",
                           "Dear {name},\nThank you for {specific} at {company}.\n{sender}")
    c = composer.compose(world.backend, world.thank_you)
    assert c.draft.subject == "Thanks, Ada Lovelace"
    assert c.draft.body.endswith("Sam Rivera")
    with pytest.raises(UserError):
        composer.save_template(world.backend, "thank_you/email", "", "Dear {nmae}")
    composer.reset_template(world.backend, "thank_you/email")
    assert composer.compose(world.backend, world.thank_you).draft.subject != "Thanks, Ada Lovelace"


def test_ideas_notes_and_templates_survive_export_and_import(world: World,
                                                             tmp_path: Path) -> None:
    composer.add_idea(world.backend, world.application, IdeaKind.FEEDBACK, "Their onboarding")
    composer.save_template(world.backend, "thank_you/card", "", "Dear {name}, thank you! {sender}")
    c = composer.compose(world.backend, world.thank_you)
    composer.deliver(world.backend, world.thank_you, c.template.key, c.draft.subject,
                     c.draft.body, Channel.EMAIL)
    first = exporting.export_document(world.backend)
    assert [len(first[name]) for name in ("ideas", "notes", "note_templates")] == [1, 1, 1]
    exporting.export_file(world.backend, tmp_path / "all.json")
    with Backend(tmp_path / "other", clock=FixedClock(NOW)) as other:
        importing.import_file(other, tmp_path / "all.json")
        again = exporting.export_document(other)
    assert {k: v for k, v in again.items() if k != "exported_utc"} == \
        {k: v for k, v in first.items() if k != "exported_utc"}


def test_split_greeting() -> None:
    assert composer.split_greeting("Dear Ada Lovelace,\nThank you.", "Ada Lovelace") == (
        "Dear Ada Lovelace,", "Thank you.")
    assert composer.split_greeting("Thank you for the chat.", "Ada Lovelace") == (
        "Dear Ada,", "Thank you for the chat.")


def test_without_the_senders_name_nothing_can_be_delivered(world: World) -> None:
    with world.backend.write():
        settings.save("sender_name", "")
    c = composer.compose(world.backend, world.thank_you)
    assert composer.unfinished(c.draft.body) == ["[add your name]"]
    with pytest.raises(UserError, match="Your name is not set"):
        composer.deliver(world.backend, world.thank_you, c.template.key, c.draft.subject,
                         c.draft.body, Channel.EMAIL, force=True)  # not even when insisting
    with pytest.raises(UserError, match="Your name is not set"):
        composer.require_finished(c.draft.body)
    assert Action.get_by_id(world.thank_you).state == ActionState.PLANNED
    sender.set_sender_name(world.backend, "  Sam   Rivera ")
    again = composer.compose(world.backend, world.thank_you)
    assert again.draft.body.endswith("Best regards,\nSam Rivera")
    composer.require_finished(again.draft.body)


def test_a_missing_email_is_added_through_the_contact(world: World) -> None:
    with pytest.raises(UserError, match="not a plain e-mail address"):
        composer.add_recipient_email(world.backend, world.thank_you, "ada at acme")
    composer.add_recipient_email(world.backend, world.thank_you, "ada.l@acme.example")
    c = composer.compose(world.backend, world.thank_you)
    assert c.recipient is not None and c.recipient.email == "ada.l@acme.example"
    assert c.recipient.title == "Head of Robotics" and c.contact_id == world.ada


def test_with_no_decision_date_the_thank_you_asks_when_they_decide(world: World) -> None:
    records.set_decision_date(world.backend, world.application, None)
    c = composer.compose(world.backend, world.thank_you)
    assert c.template.key == "ask_about_decision/email"
    assert c.draft.body.startswith("Dear ") and "Thank you for meeting with me" in c.draft.body
    assert "when you expect to decide" in c.draft.body and "second round" in c.draft.body


def test_a_past_interview_is_named_by_its_date_not_a_weekday(world: World) -> None:
    later = NOW + timedelta(days=60)
    assert isinstance(world.backend.clock, FixedClock)
    world.backend.clock.set(later)
    c = composer.compose(world.backend, world.thank_you)
    day = (NOW - timedelta(days=1)).astimezone(ZoneInfo("Europe/Berlin"))
    assert f"on {day.day} {day:%B}" in c.draft.body
    assert f"on {day:%A}" not in c.draft.body
