"""Which application the debrief is about, typed: the company and the position, each completed
from what is on record, new ones welcome. A line under them says what saving will do."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from followup_desktop.services.first_interview import (
    KnownCompany,
    Names,
    OpenApplication,
    matching,
    positions_at,
)
from followup_desktop.ui.widgets.common import hint_label

SETTLE_MS = 150  # typing pauses this long before the application is looked up


def _completer(parent: QWidget) -> tuple[QCompleter, QStringListModel]:
    model = QStringListModel(parent)
    completer = QCompleter(model, parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return completer, model


class ApplicationFields(QWidget):
    """The company and position line edits and the hint under them (the dialog lays them out).

    `settled` fires once typing pauses: with the open application the two name, or None for
    a new one.
    """

    settled = Signal(object)  # OpenApplication | None
    editing = Signal()  # the text changed; what it names is not known yet

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.hide()  # only a holder of the fields' logic
        self._names = Names((), ())
        self.company = QLineEdit(parent)
        self.company.setPlaceholderText("e.g. Acme Robotics")
        self.company.setAccessibleName("Company")
        self.position = QLineEdit(parent)
        self.position.setPlaceholderText("e.g. Data Engineer")
        self.position.setAccessibleName("Position")
        completer, self._companies = _completer(self.company)
        self.company.setCompleter(completer)
        completer, self._positions = _completer(self.position)
        self.position.setCompleter(completer)
        self.hint = hint_label("", parent)
        self._timer = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._timer.timeout.connect(self._settle)
        for line in (self.company, self.position):
            line.textChanged.connect(self._changed)
        self.company.textChanged.connect(self._offer_positions)

    def set_names(self, names: Names) -> None:
        self._names = names
        self._companies.setStringList(list(names.companies))
        self._offer_positions()

    def set_texts(self, company: str, position: str) -> None:
        for line, text in ((self.company, company), (self.position, position)):
            line.blockSignals(True)
            line.setText(text)
            line.blockSignals(False)
        self._offer_positions()
        self._timer.stop()

    def texts(self) -> tuple[str, str]:
        return " ".join(self.company.text().split()), " ".join(self.position.text().split())

    def matched(self) -> OpenApplication | None:
        return matching(self._names.applications, *self.texts())

    def pending(self) -> bool:
        return self._timer.isActive()

    def describe(self, application: OpenApplication | None,
                 company: KnownCompany | None) -> None:
        """Say what saving will do with what is typed."""
        name, position = self.texts()
        if application is not None:
            text = f"Your application: {application.company} – {application.position}."
        elif not name or not position:
            text = "Type the company and the position; new ones are added."
        elif company is not None:
            text = f"A new application at {company.name}, for {position}."
        else:
            text = f"A new company and application: {name}, {position}."
        self.hint.setText(text)

    def _changed(self, *_: object) -> None:
        self.editing.emit()
        self._timer.start()

    def _settle(self) -> None:
        self.settled.emit(self.matched())

    def _offer_positions(self, *_: object) -> None:
        company = self.texts()[0]
        offered = positions_at(self._names.applications, company) if company else \
            list(dict.fromkeys(a.position for a in self._names.applications))
        self._positions.setStringList(offered)
