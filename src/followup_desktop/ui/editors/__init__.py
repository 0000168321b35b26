"""Editor dialogs for companies, contacts, applications, interviews and follow-ups.

Each is a QDialog built as `Editor(backend, record_id=None, ..., parent=None)`: with an id it
edits that record, without one it creates a record. After it is accepted, `saved_id` holds the
record's id; the `saved(int)` signal says the same the moment it is written.
"""

from followup_desktop.ui.editors.action import ActionEditor
from followup_desktop.ui.editors.application import ApplicationEditor
from followup_desktop.ui.editors.company import CompanyEditor
from followup_desktop.ui.editors.contact import ContactEditor
from followup_desktop.ui.editors.interview import InterviewEditor

__all__ = ["ActionEditor", "ApplicationEditor", "CompanyEditor", "ContactEditor",
           "InterviewEditor"]
