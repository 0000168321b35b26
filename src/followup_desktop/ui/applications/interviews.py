"""One interview in an application's detail pane: when, round and format, where, who and
what was discussed."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from followup_desktop.domain.fields import FORMAT_LABELS
from followup_desktop.services.views.pipeline import InterviewInfo
from followup_desktop.ui.widgets.common import person_line, plain_label, tooltip
from followup_desktop.ui.widgets.detail_parts import (
    FactsForm,
    LinkButton,
    long_when,
    set_muted,
    set_value,
)


class InterviewBox(QFrame):
    """One interview: when, round and format, where, who (each a link), what was discussed."""

    def __init__(self, interview: InterviewInfo, zone: ZoneInfo, on_person: object,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("interviewBox")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.setSpacing(4)
        self.title = plain_label(f"Round {interview.round} · "
                                 f"{FORMAT_LABELS.get(interview.format, interview.format)}", self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.time = set_muted(plain_label(_interview_time(interview, zone), self))
        self.time.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.time)
        form = FactsForm()
        set_value(form.add("Where", self), interview.location)
        layout.addLayout(form)
        people = QVBoxLayout()
        people.setSpacing(0)
        self.people: list[LinkButton] = []
        for person in interview.interviewers:
            link = LinkButton(person_line(person.name, person.title), self)
            link.setToolTip(tooltip([f"Open {person.name}"]))
            link.clicked.connect(lambda _=False, i=person.id: on_person(i))  # type: ignore[operator]
            self.people.append(link)
            people.addWidget(link)
        if not interview.interviewers:
            people.addWidget(set_muted(plain_label("No interviewers recorded", self)))
        form.addRow(set_muted(plain_label("Interviewers", self)), people)
        self.discussed = form.add("Discussed", self)
        set_value(self.discussed, interview.discussed, "Nothing noted yet")


def _interview_time(interview: InterviewInfo, zone: ZoneInfo) -> str:
    end = interview.end.astimezone(zone)
    text = f"{long_when(interview.start, zone)}–{end:%H:%M}"
    if interview.zone != zone.key:  # entered in another zone: say what the clock said there
        there = ZoneInfo(interview.zone)
        text += f" ({interview.start.astimezone(there):%H:%M} {interview.zone})"
    return text
