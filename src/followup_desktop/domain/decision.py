"""The decision loop: when to call and ask whether the job is still open, and what a call's
outcome changes.

- A decision date is known: the check is at 10:00 (a setting) on the first working day after it.
- No date is known: the thank-you asks for one; if none comes, the check is at 10:00 on the first
  working day two weeks (a setting) after the latest interview.
- A check ends with an outcome. Still open with a new date: the date is stored and its own check
  follows. Still open with no date: again a week after the call (a setting), at most three
  times in a row. Filled, offer, rejected: the application's status changes (with history) and
  the plan ends. A skipped check ends the loop until a new decision date is entered.

Every check is keyed so that each one, once done, stays in the history and the next one gets a
key of its own: ``decision_check:<app>:<date>`` for a date, ``:asked`` for the first undated one,
``:again:<n>`` for the re-checks (n: how many checks were finished before it).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum

from followup_desktop.domain.model import ActionState, ApplicationStatus, CheckFacts
from followup_desktop.domain.rules import Rules
from followup_desktop.domain.workcal import is_working_day, local_instant, next_working_day

CHECK_PREFIX = "decision_check"


class DecisionOutcome(StrEnum):
    OPEN = "open"  # still open: with a new date, or none yet
    FILLED = "filled"  # the position went to someone else
    OFFER = "offer"
    REJECTED = "rejected"

    @property
    def status(self) -> ApplicationStatus | None:
        """The application's status after this outcome; None: it stays as it is."""
        return _STATUS[self]

    @property
    def label(self) -> str:
        return _LABELS[self]


_STATUS = {DecisionOutcome.OPEN: None, DecisionOutcome.FILLED: ApplicationStatus.REJECTED,
           DecisionOutcome.OFFER: ApplicationStatus.OFFER,
           DecisionOutcome.REJECTED: ApplicationStatus.REJECTED}
_LABELS = {DecisionOutcome.OPEN: "Still open", DecisionOutcome.FILLED: "Position filled",
           DecisionOutcome.OFFER: "Offer", DecisionOutcome.REJECTED: "Rejected"}


def check_due(decision_date: date, rules: Rules) -> datetime:
    """10:00 on the first working day after the decision date."""
    return local_instant(next_working_day(decision_date, rules), rules.decision_check_time, rules)


def check_on_or_after(day: date, rules: Rules) -> datetime:
    """10:00 on `day`, or on the first working day after it."""
    if not is_working_day(day, rules):
        day = next_working_day(day, rules)
    return local_instant(day, rules.decision_check_time, rules)


def date_key(application_id: int, decision_date: date) -> str:
    return f"{CHECK_PREFIX}:{application_id}:{decision_date.isoformat()}"


def next_check(application_id: int, decision_date: date | None, last_interview_end: datetime | None,
               finished: Iterable[CheckFacts], rules: Rules) -> tuple[str, datetime] | None:
    """The key and due time of the next decision check, or None when the loop has ended."""
    done = sorted(finished, key=lambda c: c.at)
    if decision_date is not None and not _checked_for(decision_date, done, rules):
        return date_key(application_id, decision_date), check_due(decision_date, rules)
    if not done:
        if decision_date is not None or last_interview_end is None:
            return None
        day = last_interview_end.astimezone(rules.zone).date() + rules.undated_check_after
        return f"{CHECK_PREFIX}:{application_id}:asked", check_on_or_after(day, rules)
    last = done[-1]
    if last.state != ActionState.DONE or _trailing_rechecks(done) >= rules.recheck_cap:
        return None
    day = last.at.astimezone(rules.zone).date() + rules.recheck_every
    return f"{CHECK_PREFIX}:{application_id}:again:{len(done)}", check_on_or_after(day, rules)


def _checked_for(decision_date: date, done: list[CheckFacts], rules: Rules) -> bool:
    """A check for this date was done or skipped: its key names the date, or (a check without a
    date in its key: an older one, or one added by hand) it was planned for the date's check or
    later."""
    key_tail = decision_date.isoformat()
    for check in done:
        tail = _tail(check.key)
        if tail == key_tail:
            return True
        if tail == "" and check.due >= check_due(decision_date, rules):
            return True
    return False


def _trailing_rechecks(done: list[CheckFacts]) -> int:
    count = 0
    for check in reversed(done):
        if not _tail(check.key).startswith("again:"):
            break
        count += 1
    return count


def _tail(key: str | None) -> str:
    """What follows ``decision_check:<app>:`` in a key; "" for an old key or one by hand."""
    if key is None:
        return ""
    parts = key.split(":", 2)
    return parts[2] if len(parts) == 3 else ""


def outcome_summary(outcome: DecisionOutcome, next_date: date | None, note: str = "",
                    heading: str = "Decision call") -> str:
    """The touch's summary for a logged decision call (or, with another heading, for what a
    reply said)."""
    if outcome == DecisionOutcome.OPEN:
        head = (f"Still open; they expect to decide by {next_date:%a %d %b %Y}." if next_date
                else "Still open; no decision date yet.")
    else:
        head = f"{outcome.label}."
    return f"{heading}: {head} {note.strip()}".strip()


def check_next_date(outcome: DecisionOutcome, next_date: date | None, today: date) -> str | None:
    """What is wrong with an outcome and its date, or None when they go together."""
    if next_date is not None and outcome != DecisionOutcome.OPEN:
        return "a new decision date goes only with the outcome 'open'"
    if next_date is not None and next_date < today:
        return f"the new decision date {next_date.isoformat()} is in the past"
    return None
