"""The debrief's questions after "who" and "what": when they decide, a second round, and how the
company likes to be contacted. Each builder adds its group to the dialog and returns its
buttons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QRadioButton,
    QWidget,
)

from followup_desktop.domain import validation as check
from followup_desktop.domain.fields import CHANNEL_LABELS
from followup_desktop.domain.model import Channel
from followup_desktop.ui.editors.base import date_edit
from followup_desktop.ui.widgets.common import hint_label

if TYPE_CHECKING:
    from followup_desktop.ui.editors.base import EditorDialog

CHANNEL_HINTS = {
    Channel.EMAIL: "Quick and expected: right for most companies.",
    Channel.PHONE: "For people who are hard to reach in writing; call in the morning.",
    Channel.CARD: "Stands out at small, personal companies; post it the day it is due.",
    Channel.LETTER: "For traditional firms: printed, signed and posted.",
}


@dataclass
class NextSteps:
    decision_no: QRadioButton
    decision_yes: QRadioButton
    decision_date: QDateEdit
    round_buttons: dict[bool | None, QRadioButton]

    def decision(self) -> date | None:
        return self.decision_date.date().toPython() if self.decision_yes.isChecked() else None

    def second_round(self) -> bool | None:
        return next(v for v, b in self.round_buttons.items() if b.isChecked())


def _row(parent: QWidget) -> tuple[QWidget, QHBoxLayout]:
    box = QWidget(parent)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    return box, row


def next_steps(dialog: EditorDialog, page: QWidget) -> NextSteps:
    form = dialog.section("What happens next?")
    form.setRowWrapPolicy(form.RowWrapPolicy.WrapAllRows)  # a question above its answers
    decide, row = _row(page)
    no = QRadioButton("&No", decide)
    yes = QRadioButton("&Yes, by", decide)
    day = date_edit(decide, "Decision date")
    group = QButtonGroup(decide)
    for button in (no, yes):
        group.addButton(button)
        row.addWidget(button)
    row.addWidget(day)
    row.addStretch(1)
    no.setChecked(True)
    day.setEnabled(False)
    yes.toggled.connect(day.setEnabled)
    decide.setFocusProxy(no)
    decide.setAccessibleName("Did they say when they will decide?")
    rounds, row = _row(page)
    second = QButtonGroup(rounds)
    buttons: dict[bool | None, QRadioButton] = {}
    for text, value in (("Y&es", True), ("N&o", False), ("Don't &know", None)):
        button = QRadioButton(text, rounds)
        buttons[value] = button
        second.addButton(button)
        row.addWidget(button)
    row.addStretch(1)
    buttons[None].setChecked(True)
    rounds.setFocusProxy(buttons[True])
    rounds.setAccessibleName("Is there a second round?")
    steps = NextSteps(no, yes, day, buttons)
    dialog.add_field(form, "decision", "Did they say when they will decide?", decide,
                     lambda: check.day(steps.decision(), "decision date"),
                     where=("decision date",))
    dialog.add_field(form, "second_round", "Is there a second round?", rounds,
                     where=("second round",))
    return steps


def channels(dialog: EditorDialog, page: QWidget) -> dict[Channel, QRadioButton]:
    form = dialog.section("How do they like to be contacted?")
    box = QWidget(page)
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(12)
    grid.setVerticalSpacing(4)
    group = QButtonGroup(box)
    buttons: dict[Channel, QRadioButton] = {}
    for row, channel in enumerate(Channel):
        button = QRadioButton(CHANNEL_LABELS[channel.value], box)
        button.setAccessibleDescription(CHANNEL_HINTS[channel])
        group.addButton(button)
        buttons[channel] = button
        grid.addWidget(button, row, 0)
        grid.addWidget(hint_label(CHANNEL_HINTS[channel], box), row, 1)
    grid.setColumnStretch(1, 1)
    box.setFocusProxy(buttons[Channel.EMAIL])
    box.setAccessibleName("Preferred channel")
    dialog.add_field(form, "channel", "", box, where=("preferred channel",))
    form.addRow(hint_label("Every thank-you and keep-in-touch note to this company uses it.",
                           page))
    return buttons
