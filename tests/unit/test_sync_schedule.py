"""When the window syncs (services/sync/schedule.py), without Qt and without waiting: one sync
at a time, what is asked meanwhile runs after it, backoff on network faults up to the period,
nothing automatic after a refused password until the user acts; and the status bar's words."""

from __future__ import annotations

from followup_desktop.services.sync.schedule import (
    Delays,
    Kind,
    Next,
    Outcome,
    Turns,
    failed_line,
    short_fault,
    synced_ago,
)

DELAYS = Delays(start_ms=20_000, every_ms=15 * 60_000, settle_ms=30_000, first_retry_ms=60_000)


def test_one_sync_at_a_time_and_what_was_asked_meanwhile_runs_after_it():
    turns = Turns(DELAYS)
    assert turns.ask(Kind.FULL)
    assert not turns.ask(Kind.CHANGE)  # a change settled while the sync ran
    assert not turns.ask(Kind.CHANGE)  # and another: still one sync after it
    assert turns.finished(Outcome.SYNCED) == Next(DELAYS.every_ms, Kind.CHANGE)
    assert turns.ask(Kind.CHANGE)
    assert turns.finished(Outcome.SYNCED) == Next(DELAYS.every_ms, None)


def test_a_full_sync_asked_meanwhile_wins_over_a_change():
    turns = Turns(DELAYS)
    assert turns.ask(Kind.CHANGE)
    assert not turns.ask(Kind.CHANGE)
    assert not turns.ask(Kind.FULL)
    assert not turns.ask(Kind.CHANGE)
    assert turns.finished(Outcome.SYNCED).run_now is Kind.FULL


def test_a_change_sync_with_nothing_to_send_leaves_the_servers_turn_alone():
    turns = Turns(DELAYS)
    assert turns.ask(Kind.CHANGE)
    assert turns.finished(Outcome.NOTHING_TO_SEND) == Next(None, None)


def test_network_faults_back_off_to_the_period_and_a_success_resets_it():
    turns = Turns(DELAYS)
    waits = []
    for _ in range(6):
        assert turns.ask(Kind.FULL)
        after = turns.finished(Outcome.OFFLINE)
        assert after.retry_ms == after.wait_ms and not after.stop
        waits.append(after.wait_ms)
    assert waits == [60_000, 120_000, 240_000, 480_000, 900_000, 900_000]
    assert turns.ask(Kind.FULL)
    turns.finished(Outcome.SYNCED)
    assert turns.ask(Kind.FULL)
    assert turns.finished(Outcome.OFFLINE).wait_ms == 60_000


def test_a_change_asked_during_a_failing_sync_waits_for_the_retry():
    """Offline changes are not a queue of their own: the retry sends what the app holds."""
    turns = Turns(DELAYS)
    assert turns.ask(Kind.FULL)
    assert not turns.ask(Kind.CHANGE)
    assert turns.finished(Outcome.OFFLINE) == Next(60_000, None, 60_000)
    assert turns.changed()  # changes still settle and try, and fail, or succeed


def test_a_refused_password_stops_the_automatic_syncs_until_the_user_asks():
    turns = Turns(DELAYS)
    assert turns.ask(Kind.FULL)
    assert turns.finished(Outcome.REFUSED) == Next(None, None, stop=True)
    assert not turns.ask(Kind.FULL)  # the period, a retry: not tried with a refused password
    assert not turns.ask(Kind.CHANGE)
    assert not turns.changed()
    assert turns.ask(Kind.FULL, by_user=True)  # Sync now: tried again
    assert turns.finished(Outcome.SYNCED) == Next(DELAYS.every_ms, None)
    assert turns.changed()


def test_a_missing_password_stops_until_it_is_typed_and_a_new_account_starts_afresh():
    turns = Turns(DELAYS)
    assert turns.ask(Kind.FULL)
    assert turns.finished(Outcome.NO_PASSWORD).stop
    assert not turns.ask(Kind.FULL)
    turns.reset()
    assert turns.ask(Kind.FULL)
    assert turns.finished(Outcome.NO_ACCOUNT).stop
    assert turns.ask(Kind.FULL)  # no account is not a halt: a new one syncs at once


def test_synced_ago_words():
    assert [synced_ago(s) for s in (0, 59, 60, 150, 3599, 3600, 7300, 86_400 * 2)] == [
        "Synced just now", "Synced just now", "Synced 1 min ago", "Synced 2 min ago",
        "Synced 59 min ago", "Synced 1 h ago", "Synced 2 h ago", "Synced 2 days ago"]
    assert synced_ago(-30) == "Synced just now"  # a clock set back does not say "-1 min"


def test_the_failure_line_is_short_and_says_when_it_is_tried_again():
    fault = ("the calendar server http://127.0.0.1:5232/ cannot be reached while listing the "
             "follow-ups ([Errno 111] Connection refused); the next sync tries again.")
    assert short_fault(fault) == ("the calendar server http://127.0.0.1:5232/ cannot be "
                                  "reached while listing the follow-ups")
    assert failed_line(fault, 120_000) == (
        "Sync failed: the calendar server http://127.0.0.1:5232/ cannot be reached while "
        "listing the follow-ups — retrying in 2 min")
    cut = ("the calendar server http://h/ cannot be reached while writing a follow-up "
           "(HTTPConnectionPool(host='h', port=1): Max retries exceeded (Caused by New…); "
           "the next sync tries again.")
    assert short_fault(cut) == ("the calendar server http://h/ cannot be reached while "
                                "writing a follow-up")
    assert short_fault("it answered 500 (an error) while listing (x)") == (
        "it answered 500 while listing")
    slow = ("the calendar server http://h/ cannot be reached while listing the follow-ups "
            "(HTTPConnectionPool(host='h', port=1): Read timed out. (read timeout=30)); the "
            "next sync tries again.")
    assert failed_line(slow, 60_000) == ("Sync failed: the calendar server http://h/ did not "
                                         "answer in time while listing the follow-ups — "
                                         "retrying in 1 min")
    assert failed_line("the server answered 500", None) == (
        "Sync failed: the server answered 500")
