"""The window asks about a past interview: one entered or imported more than 3 days after it
ended gets no thank-you in the past, so the user is asked, once, whether one was sent.

The rule and the answer are services/past_interviews': yes records the thank-yous as done (a
touch at the rule's time); no, or no answer at all (the box closed), leaves them planned from
now. What happened is said in the status bar."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from followup_desktop.services import past_interviews
from followup_desktop.services.changes import Changed
from followup_desktop.services.debrief import DebriefResult
from followup_desktop.services.past_interviews import PastInterview
from followup_desktop.services.views import pipeline
from followup_desktop.ui.widgets.common import when
from followup_desktop.ui.window.port import DataWindow

if TYPE_CHECKING:
    from followup_desktop.services.backend import Backend

TITLE = "Already thanked?"
STATUS_MS = 10_000


def names_text(names: Iterable[str]) -> str:
    """'Anna Kowalski', 'Anna Kowalski and Jonas Weber', 'A, B and C'."""
    names = list(names)
    if not names:
        return "the interviewers"
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"


def long_date(instant: datetime, zone: ZoneInfo) -> str:
    """'Tuesday 10 March 2026': a date, never a weekday alone, for an interview months ago."""
    local = instant.astimezone(zone)
    return f"{local:%A} {local.day} {local:%B %Y}"


def question(past: PastInterview, zone: ZoneInfo) -> str:
    return (f"Did you already thank {names_text(past.names)} for the interview on "
            f"{long_date(past.start, zone)}?")


def ask_sent(parent: QWidget | None, past: PastInterview, zone: ZoneInfo) -> bool:
    """Yes or No in plain text; closing the box is No (the thank-you stays planned)."""
    box = QMessageBox(QMessageBox.Icon.Question, TITLE, question(past, zone),
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(f"{past.company} – {past.position}. If you did, it is recorded as "
                           "sent the day after the interview; if not, it is due now.")
    # Buttons that say what they do, not a bare Yes and No.
    box.button(QMessageBox.StandardButton.Yes).setText("Yes, I thanked them")
    box.button(QMessageBox.StandardButton.No).setText("Not yet")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def outcome(past: PastInterview, sent: bool, now: datetime, zone: ZoneInfo) -> str:
    """What the answer did, for the status bar."""
    thanks = "Thank-you" if len(past.thank_you_ids) == 1 else "Thank-yous"
    who = names_text(past.names)
    if sent:
        return f"{thanks} to {who} recorded as sent."
    if past.due is None or past.due <= now:
        return f"{thanks} to {who} due now."
    return f"{thanks} to {who} planned for {when(past.due, zone)}."


def ask_about_past(parent: QWidget, backend: Backend, interview_ids: Iterable[int],
                   then: Callable[[str, bool], None]) -> None:
    """Ask about each past interview of these (none: nothing is asked), record the yeses in
    one write, then `then(status text, whether anything was written)`; never called when no
    interview is a past one."""
    from followup_desktop.ui.background.writes import WriteRunner

    found = past_interviews.past_interviews(backend, interview_ids)
    if not found:
        return
    zone, now = backend.rules().zone, backend.clock.now()
    answers = [(past, ask_sent(parent, past, zone)) for past in found]
    said = " ".join(outcome(past, sent, now, zone) for past, sent in answers)
    yes = [past.interview_id for past, sent in answers if sent]
    if not yes:
        then(said, False)
        return

    def record() -> int:
        return sum(past_interviews.answer(backend, interview_id, True) for interview_id in yes)

    runner = WriteRunner(backend, main_window_of(parent) or parent)
    runner.run(record, lambda _done: then(said, True))


def main_window_of(widget: QWidget | None) -> QMainWindow | None:
    while widget is not None and not isinstance(widget, QMainWindow):
        widget = widget.parentWidget()
    return widget


def show_status(widget: QWidget, text: str, refresh: bool) -> None:
    """In the main window's status bar; the plan's pages read again when something was
    written."""
    window = main_window_of(widget)
    if window is None:
        return
    window.statusBar().showMessage(text, STATUS_MS)
    if refresh and isinstance(window, DataWindow):
        window.apply_changes(Changed.PLAN)


def replanned(backend: Backend, result: DebriefResult) -> DebriefResult:
    """A debrief's result with its plan read again (after a yes: without the thank-yous)."""
    plan = pipeline.application_plan(backend, result.application_id)
    return replace(result, plan=tuple(p for p in plan if p.state.is_pending))
