"""Editing a note template: the user's wording for one kind of note on one channel, with the
placeholders it may use; the defaults stay in the code and can be restored."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.templates.filling import PLACEHOLDERS
from followup_desktop.domain.templates.kinds import Template
from followup_desktop.services import composer
from followup_desktop.services.backend import Backend
from followup_desktop.services.errors import UserError
from followup_desktop.ui.widgets.common import plain_label, set_error_style


class TemplateEditor(QDialog):
    def __init__(self, backend: Backend, template: Template,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backend, self._key = backend, template.key
        self.setWindowTitle(f"Template: {template.kind.value.replace('_', ' ')}, "
                            f"{template.channel.value}")
        self.resize(640, 480)
        self.subject = QLineEdit(template.subject, self)
        self.subject.setAccessibleName("Subject")
        self.body = QPlainTextEdit(self)
        self.body.setPlainText(template.body)
        self.body.setAccessibleName("Template")
        hint = plain_label("You can use: " + ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
                           + ". They are filled in from the interview and the contact.", self)
        hint.setWordWrap(True)
        self.error = plain_label("", self)
        self.error.setWordWrap(True)
        set_error_style(self.error)
        form = QFormLayout()
        form.addRow("Subject", self.subject)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            self.restore_default)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.body, 1)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def accept(self) -> None:
        try:
            composer.save_template(self._backend, self._key, self.subject.text(),
                                   self.body.toPlainText())
        except UserError as error:
            self.error.setText(str(error))
            return
        super().accept()

    def restore_default(self) -> None:
        composer.reset_template(self._backend, self._key)
        super().accept()
