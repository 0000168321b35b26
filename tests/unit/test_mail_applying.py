"""A mailbox check applied to the user's data (services/mail/applying.py) on a real SQLite file:
replies, sent notes, automatic answers, unmatched mail, idempotence and all-or-nothing."""

from __future__ import annotations

from datetime import datetime

import pytest

from followup_desktop.domain.model import ActionKind, ActionState, Channel, Role
from followup_desktop.services import records, undo
from followup_desktop.services.backend import Backend
from followup_desktop.services.changes import Changed
from followup_desktop.services.exchange.transfer import exporting, importing
from followup_desktop.services.guard_facts import touch_facts
from followup_desktop.services.mail import follow_ups
from followup_desktop.services.mail.applying import CheckSummary, apply_check, positions
from followup_desktop.services.mail.message import Folder, FolderPosition
from followup_desktop.services.mail.replies import replies_to_answer
from followup_desktop.services.views.pipeline import application_detail
from followup_desktop.storage.models import Action, Application, MailApplied, Touch
from helpers.backends import berlin, clock_of, db_file, make_backend, table_rows
from helpers.mail_builders import USER, VALIDITY, World, acme, check, mail, pending, sent

NOW = berlin("2026-12-07 09:00")  # Monday after the interview week


@pytest.fixture
def backend_start() -> datetime:
    return berlin("2026-11-30 09:00")


@pytest.fixture
def world(backend: Backend) -> World:
    found = acme(backend)
    clock_of(backend).set(NOW)
    return found


def test_a_reply_is_an_incoming_touch_that_holds_the_decision_call(backend, world):
    summary = apply_check(backend, check(mail(
        11, berlin("2026-12-03 14:30"), "ada@acme.example", subject="Re: Thank you",
        text="Dear candidate,\n\nthank you for your note.   We are still talking to others.")))
    assert summary == CheckSummary(replies=1)
    (touch,) = Touch.select()
    assert (touch.direction, touch.contact_id, touch.company_id, touch.application_id) == (
        "in", world.ada, world.company, world.app)
    assert (touch.at_utc, touch.channel, touch.subject, touch.address) == (
        berlin("2026-12-03 14:30"), Channel.EMAIL, "Re: Thank you", "ada@acme.example")
    assert touch.summary == ("Dear candidate, thank you for your note. We are still talking "
                             "to others.")
    assert (touch.message_id, touch.answer) == ("<inbox-11@mail.example>", "waiting")
    # Held: no decision call while the reply waits; the notes stay; the status is the user's.
    assert pending(world.app, ActionKind.DECISION_CHECK) == []
    assert [a.kind for a in pending(world.app)] == [ActionKind.THANK_YOU,
                                                    ActionKind.KEEP_IN_TOUCH]
    assert Application.get_by_id(world.app).status == "interviewing"
    (waiting,) = replies_to_answer(backend)
    assert (waiting.touch_id, waiting.who, waiting.position, waiting.company) == (
        touch.id, "Ada Lovelace", "Engineer", "Acme")
    detail = application_detail(backend, world.app)
    assert (detail.replied_on, detail.replies_waiting) == (berlin("2026-12-03 14:30"), 1)
    assert detail.touches[0].incoming and detail.touches[0].waiting
    assert summary.changed == Changed.PLAN | Changed.APPLICATIONS


def test_a_reply_is_no_pestering_of_the_users(backend, world):
    apply_check(backend, check(mail(11, berlin("2026-12-03 14:30"), "ada@acme.example")))
    assert touch_facts(backend.connection(), [world.company]) == []


def test_a_reply_from_before_the_interview_is_history_not_news(backend, world):
    apply_check(backend, check(mail(3, berlin("2026-11-30 16:00"), "ada@acme.example",
                                    subject="Directions to our office")))
    (touch,) = Touch.select()
    assert (touch.direction, touch.answer) == ("in", None)
    assert len(pending(world.app, ActionKind.DECISION_CHECK)) == 1
    assert replies_to_answer(backend) == ()


def test_someone_at_the_company_is_matched_by_domain(backend, world):
    summary = apply_check(backend, check(mail(12, berlin("2026-12-04 10:00"),
                                              "carol@jobs.acme.example")))
    assert summary.replies == 1
    (touch,) = Touch.select()
    assert (touch.contact_id, touch.company_id, touch.application_id, touch.address) == (
        None, world.company, world.app, "carol@jobs.acme.example")
    assert replies_to_answer(backend)[0].who == "carol@jobs.acme.example"


def test_free_mail_domains_never_match_by_domain(backend, world):
    # Bob writes from gmail.com: his own address matches, but no other gmail.com sender.
    summary = apply_check(backend, check(
        mail(13, berlin("2026-12-04 10:00"), "stranger@gmail.com"),
        mail(14, berlin("2026-12-04 11:00"), "someone@hotmail.de"),
        mail(15, berlin("2026-12-04 12:00"), "Bob.Recruits@Gmail.com")))
    assert (summary.replies, summary.ignored) == (1, 2)
    (touch,) = Touch.select()
    assert (touch.contact_id, touch.company_id) == (world.bob, world.company)


def test_a_domain_two_companies_share_matches_neither(backend, world):
    other = records.add_company(backend, "Other")
    records.add_contact(backend, other, records.ContactDraft(
        "Dan", role=Role.RECRUITER, email="dan@acme.example"))
    summary = apply_check(backend, check(mail(16, berlin("2026-12-04 10:00"),
                                              "carol@acme.example")))
    assert summary.ignored == 1 and Touch.select().count() == 0
    # An exact address still matches.
    assert apply_check(backend, check(mail(17, berlin("2026-12-04 11:00"),
                                           "ada@acme.example"))).replies == 1


def test_several_open_applications_at_one_company(backend, world):
    carol = records.add_contact(backend, world.company, records.ContactDraft(
        "Carol", "Team lead", Role.INTERVIEWER, email="carol@acme.example"))
    clock_of(backend).set(berlin("2026-11-30 09:00"))
    analyst = records.add_application(backend, world.company, "Analyst")
    records.add_interview(backend, analyst, berlin("2026-12-03 10:00"),
                          berlin("2026-12-03 11:00"), "Europe/Berlin", [carol])
    clock_of(backend).set(NOW)
    apply_check(backend, check(
        mail(21, berlin("2026-12-04 09:00"), "ada@acme.example"),  # on the Engineer panel
        mail(22, berlin("2026-12-04 10:00"), "hr@acme.example"),  # nobody's: the latest
        mail(23, berlin("2026-12-04 11:00"), "carol@acme.example")))
    assert [t.application_id for t in Touch.select().order_by(Touch.at_utc)] == [
        world.app, analyst, analyst]


def test_a_sent_note_marks_the_planned_thank_you_done(backend, world):
    (thanks,) = pending(world.app, ActionKind.THANK_YOU)
    summary = apply_check(backend, check(sent(5, berlin("2026-12-02 08:40"),
                                              "ada@acme.example", subject="Thank you")))
    assert summary == CheckSummary(sent_done=1)
    done = Action.get_by_id(thanks.id)
    assert (done.state, done.done_utc) == (ActionState.DONE, berlin("2026-12-02 08:40"))
    (touch,) = Touch.select()
    assert (touch.action_id, touch.direction, touch.channel, touch.summary) == (
        thanks.id, "out", Channel.EMAIL, "Sent by e-mail: Thank you")
    assert (touch.message_id, touch.address) == ("<sent-5@mail.example>", "ada@acme.example")
    assert undo.last(backend).kind == "done"  # as if done by hand, and undoable the same way


def test_a_card_thank_you_is_done_by_an_e_mail_too(backend, world):
    records.update_company(backend, world.company, "Acme", preferred_channel=Channel.CARD)
    (thanks,) = pending(world.app, ActionKind.THANK_YOU)
    assert thanks.channel == Channel.CARD
    apply_check(backend, check(sent(5, berlin("2026-12-02 15:00"), "ada@acme.example")))
    assert Action.get_by_id(thanks.id).state == ActionState.DONE
    assert Touch.get().channel == Channel.EMAIL  # what was really used


def test_mail_sent_before_the_interview_or_to_no_contact_marks_nothing(backend, world):
    summary = apply_check(backend, check(
        sent(4, berlin("2026-12-01 08:00"), "ada@acme.example", subject="See you at ten"),
        sent(5, berlin("2026-12-02 09:00"), "friend@home.example")))
    assert summary == CheckSummary(ignored=2)
    assert len(pending(world.app, ActionKind.THANK_YOU)) == 1
    assert Touch.select().count() == 0


def test_a_keep_in_touch_note_sent_a_little_early_is_that_note(backend, world):
    apply_check(backend, check(sent(5, berlin("2026-12-02 09:00"), "ada@acme.example")))
    (keep,) = pending(world.app, ActionKind.KEEP_IN_TOUCH)  # due Wed 9 December, 11:00
    summary = apply_check(backend, check(
        sent(6, berlin("2026-12-04 10:00"), "ada@acme.example"),  # five days early: not it
        sent(7, berlin("2026-12-07 08:30"), "ada@acme.example")))  # two days early: it
    assert (summary.sent_done, summary.ignored) == (1, 1)
    assert Action.get_by_id(keep.id).done_utc == berlin("2026-12-07 08:30")


def test_an_out_of_office_answer_moves_the_next_follow_up_past_the_return(backend, world):
    (keep,) = pending(world.app, ActionKind.KEEP_IN_TOUCH)
    summary = apply_check(backend, check(
        sent(5, berlin("2026-12-02 09:00"), "ada@acme.example"),
        mail(31, berlin("2026-12-02 09:01"), "ada@acme.example", subject="Out of office",
             text="I am out of the office until December 11th.", automatic=True)))
    assert summary == CheckSummary(sent_done=1, away_moved=1)
    moved = Action.get_by_id(keep.id)
    # Away through Friday the 11th, back Monday the 14th: the first morning after it.
    assert moved.due_utc == berlin("2026-12-15 09:00") and moved.edited
    assert moved.note.endswith("Moved: Ada Lovelace is away (automatic answer of Wed 02 Dec), "
                               "back on Mon 14 Dec 2026.")
    # Not hearing back: no incoming touch, the decision call not held.
    assert Touch.select().where(Touch.direction == "in").count() == 0
    assert len(pending(world.app, ActionKind.DECISION_CHECK)) == 1


def test_an_automatic_answer_without_a_date_is_ignored(backend, world):
    before = [(a.id, a.due_utc) for a in pending(world.app)]
    summary = apply_check(backend, check(mail(
        32, berlin("2026-12-04 09:00"), "ada@acme.example", subject="Automatic reply",
        text="Thank you for your message. I will answer as soon as I can.", automatic=True)))
    assert summary == CheckSummary(ignored=1)
    assert [(a.id, a.due_utc) for a in pending(world.app)] == before
    assert Touch.select().count() == MailApplied.select().count() == 0


def test_unmatched_mail_stores_nothing_but_the_position(backend, world):
    before = table_rows(db_file(backend.data_dir))
    summary = apply_check(backend, check(
        mail(41, berlin("2026-12-04 09:00"), "news@shop.example", subject="50% off"),
        sent(42, berlin("2026-12-04 10:00"), "mum@home.example")))
    assert summary == CheckSummary(ignored=2)
    after = table_rows(db_file(backend.data_dir))
    assert {k for k in after if after[k] != before[k]} == {"mail_folder"}
    assert positions(backend) == {Folder.INBOX: FolderPosition("INBOX", VALIDITY, 41),
                                  Folder.SENT: FolderPosition("Sent", VALIDITY, 42)}


def test_the_same_check_twice_does_nothing_the_second_time(backend, world):
    result = check(
        sent(5, berlin("2026-12-02 09:00"), "ada@acme.example"),
        mail(11, berlin("2026-12-03 14:30"), "ada@acme.example"),
        mail(31, berlin("2026-12-04 09:01"), "ada@acme.example",
             text="Ich bin ab dem 14.12. wieder im Büro.", automatic=True),
        mail(41, berlin("2026-12-04 09:00"), "news@shop.example"))
    first = apply_check(backend, result)
    assert first == CheckSummary(replies=1, sent_done=1, away_moved=1, ignored=1)
    stored = table_rows(db_file(backend.data_dir))
    second = apply_check(backend, result)
    assert second == CheckSummary(seen_before=4)
    assert second.text == "Mail checked: nothing new."
    assert table_rows(db_file(backend.data_dir)) == stored
    # The server renumbered its folders (a new UIDVALIDITY): the Message-IDs still tell.
    renumbered = check(*(mail(m.uid + 100, m.at, m.sender, m.recipients, folder=m.folder,
                              subject=m.subject, text=m.text, automatic=m.automatic,
                              message_id=m.message_id) for m in result.messages),
                       validity=VALIDITY + 1)
    third = apply_check(backend, renumbered)
    assert (third.seen_before, third.ignored) == (3, 1)  # the unmatched one was never kept
    assert Touch.select().count() == 2
    assert positions(backend)[Folder.INBOX] == FolderPosition("INBOX", VALIDITY + 1, 141)


def test_a_message_without_a_message_id_is_known_by_its_digest(backend, world):
    reply = mail(11, berlin("2026-12-03 14:30"), "ada@acme.example", message_id="")
    apply_check(backend, check(reply))
    again = mail(211, reply.at, reply.sender, reply.recipients, message_id="")
    assert apply_check(backend, check(again, validity=VALIDITY + 1)).seen_before == 1
    assert Touch.select().count() == 1 and Touch.get().message_id is None


def test_a_position_never_moves_back_within_one_uidvalidity(backend, world):
    apply_check(backend, check(mail(50, berlin("2026-12-04 09:00"), "news@shop.example")))
    apply_check(backend, check(mail(20, berlin("2026-12-04 09:00"), "news@shop.example")))
    assert positions(backend)[Folder.INBOX].last_uid == 50


def test_an_error_in_one_message_leaves_everything_as_it_was(backend, world, monkeypatch):
    apply_check(backend, check(mail(1, berlin("2026-11-29 09:00"), "news@shop.example")))
    before = table_rows(db_file(backend.data_dir))

    def broken(*args: object, **kwargs: object) -> list[str]:
        raise RuntimeError("the disk said no")

    monkeypatch.setattr(follow_ups.actions, "edit", broken)  # the move of the third message
    with pytest.raises(RuntimeError, match="disk"):
        apply_check(backend, check(
            sent(5, berlin("2026-12-02 09:00"), "ada@acme.example"),
            mail(11, berlin("2026-12-03 14:30"), "ada@acme.example"),
            mail(31, berlin("2026-12-04 09:01"), "ada@acme.example",
                 text="I will be back on 14 December.", automatic=True)))
    assert table_rows(db_file(backend.data_dir)) == before  # positions included
    assert positions(backend)[Folder.INBOX].last_uid == 1


def test_the_summary_line(backend, world):
    assert CheckSummary().text == "Mail checked: nothing new."
    assert CheckSummary(replies=2, sent_done=1, away_moved=1, ignored=5,
                        unreadable=1).text == (
        "Mail checked: 2 replies, 1 follow-up marked done, 1 follow-up moved for an absence, "
        "5 messages ignored, 1 message unreadable.")
    assert CheckSummary(ignored=3, seen_before=2).changed == Changed.NOTHING
    # The fetching side's report says what was read and skipped; this says what it did.
    assert CheckSummary(replies=1, ignored=2, unreadable=4).describe() == (
        "1 reply, 2 messages ignored")
    assert CheckSummary(seen_before=3).describe() == "nothing to apply"


def test_the_users_own_sent_mail_is_not_a_reply(backend, world):
    summary = apply_check(backend, check(mail(60, berlin("2026-12-04 09:00"), USER,
                                              ("ada@acme.example",))))
    assert summary.ignored == 1 and Touch.select().count() == 0


def test_a_reply_moved_by_a_json_export_stays_waiting_and_is_not_applied_again(
        backend, world, tmp_path):
    result = check(mail(11, berlin("2026-12-03 14:30"), "ada@acme.example"))
    apply_check(backend, result)
    path = tmp_path / "all.json"
    exporting.export_file(backend, path)
    with make_backend(tmp_path / "copy", start=NOW) as copy:
        importing.import_file(copy, path)
        (touch,) = Touch.select()
        assert (touch.direction, touch.answer, touch.message_id) == (
            "in", "waiting", "<inbox-11@mail.example>")
        assert pending(world.app, ActionKind.DECISION_CHECK) == []  # still held
        # The new folder has no positions and no ledger: the touch itself tells.
        assert apply_check(copy, result) == CheckSummary(seen_before=1)
        assert Touch.select().count() == 1
