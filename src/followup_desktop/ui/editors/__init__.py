"""Editor dialogs for companies, contacts, applications, interviews and follow-ups.

Each is a QDialog built as `Editor(backend, record_id=None, ..., parent=None)`: with an id it
edits that record, without one it creates a record. After it is accepted, `saved_id` holds the
record's id; the `saved(int)` signal says the same the moment it is written. Import each from
its module: the package imports none of them, so a widget that needs only `base` (the first-run
band) does not load every editor before the first screen.
"""
