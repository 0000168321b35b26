"""Peewee models. They mirror the newest schema in `schema.py`, which creates the tables."""

from __future__ import annotations

from peewee import (
    AutoField,
    BooleanField,
    CompositeKey,
    DateField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
    fn,
)

from followup_desktop.storage.fields import InstantField


class BaseModel(Model):
    class Meta:
        legacy_table_names = False


class Company(BaseModel):
    id = AutoField()
    name = TextField()
    website = TextField(default="")
    postal_address = TextField(default="")
    preferred_channel = TextField(null=True)
    reach_notes = TextField(default="")
    created_utc = InstantField()


class Contact(BaseModel):
    id = AutoField()
    company = ForeignKeyField(Company, null=True, backref="contacts", on_delete="SET NULL")
    name = TextField()
    title = TextField(default="")
    role = TextField()
    email = TextField(default="")
    phone = TextField(default="")
    postal_address = TextField(default="")
    name_verified = BooleanField(default=False)
    title_verified = BooleanField(default=False)
    verified_source = TextField(default="")
    notes = TextField(default="")
    created_utc = InstantField()


class Application(BaseModel):
    id = AutoField()
    company = ForeignKeyField(Company, backref="applications", on_delete="CASCADE")
    position = TextField()
    status = TextField()
    posting_url = TextField(default="")
    decision_date = DateField(null=True)
    second_round_expected = BooleanField(null=True)
    notes = TextField(default="")
    created_utc = InstantField()


class StatusChange(BaseModel):
    id = AutoField()
    application = ForeignKeyField(Application, backref="status_changes", on_delete="CASCADE")
    old_status = TextField(null=True)
    new_status = TextField()
    at_utc = InstantField()
    note = TextField(default="")


class Interview(BaseModel):
    id = AutoField()
    application = ForeignKeyField(Application, backref="interviews", on_delete="CASCADE")
    start_utc = InstantField()
    end_utc = InstantField()
    zone = TextField()
    round = IntegerField(default=1)
    format = TextField()
    location = TextField(default="")
    discussed = TextField(default="")
    created_utc = InstantField()
    ical_uid = TextField(null=True)  # set when it came from a calendar invitation
    ical_sequence = IntegerField(null=True)
    cancelled_utc = InstantField(null=True)


class InterviewContact(BaseModel):
    interview = ForeignKeyField(Interview, backref="panel", on_delete="CASCADE")
    contact = ForeignKeyField(Contact, backref="panels", on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("interview", "contact")


class Action(BaseModel):
    id = AutoField()
    application = ForeignKeyField(Application, backref="actions", on_delete="CASCADE")
    interview = ForeignKeyField(Interview, null=True, backref="actions", on_delete="SET NULL")
    contact = ForeignKeyField(Contact, null=True, backref="actions", on_delete="SET NULL")
    kind = TextField()
    due_utc = InstantField()
    zone = TextField()
    channel = TextField()
    state = TextField()
    state_changed_utc = InstantField()
    snoozed_until_utc = InstantField(null=True)
    done_utc = InstantField(null=True)
    note = TextField(default="")
    plan_key = TextField(null=True, unique=True)
    edited = BooleanField(default=False)
    created_utc = InstantField()


# When an action is due now: the end of its snooze, if it is snoozed (indexed with its state).
effective_due = fn.COALESCE(Action.snoozed_until_utc, Action.due_utc)


class Touch(BaseModel):
    id = AutoField()
    company = ForeignKeyField(Company, null=True, backref="touches", on_delete="SET NULL")
    contact = ForeignKeyField(Contact, null=True, backref="touches", on_delete="SET NULL")
    application = ForeignKeyField(Application, null=True, backref="touches",
                                  on_delete="SET NULL")
    action = ForeignKeyField(Action, null=True, backref="touches", on_delete="SET NULL")
    at_utc = InstantField()
    zone = TextField()
    channel = TextField()
    summary = TextField(default="")
    created_utc = InstantField()
    # Schema 9 (hearing back from the mailbox): 'in' for a reply from them, with its subject,
    # the address it came from and its Message-ID; `answer` is 'waiting' until the user says
    # what a reply said (domain/hearing_back.py ReplyAnswer), None for everything else.
    direction = TextField(default="out")
    subject = TextField(default="")
    address = TextField(default="")
    message_id = TextField(null=True)
    answer = TextField(null=True)
    answered_utc = InstantField(null=True)


class Reminder(BaseModel):
    """A reminder shown for one due instant of an action (a snooze gives a new instant)."""

    action = ForeignKeyField(Action, backref="reminders", on_delete="CASCADE")
    due_utc = InstantField()
    shown_utc = InstantField()
    reason = TextField()

    class Meta:
        primary_key = CompositeKey("action", "due_utc")


class Idea(BaseModel):
    """Something worth bringing to a keep-in-touch note; used once."""

    id = AutoField()
    application = ForeignKeyField(Application, backref="ideas", on_delete="CASCADE")
    kind = TextField()
    text = TextField()
    created_utc = InstantField()
    used_action = ForeignKeyField(Action, null=True, backref="ideas_used", on_delete="SET NULL")
    used_utc = InstantField(null=True)


class Note(BaseModel):
    """The note for an action: its draft, then what was delivered."""

    id = AutoField()
    action = ForeignKeyField(Action, unique=True, backref="notes", on_delete="CASCADE")
    template_key = TextField()
    subject = TextField(default="")
    body = TextField()
    idea = ForeignKeyField(Idea, null=True, backref="notes", on_delete="SET NULL")
    updated_utc = InstantField()
    delivered_utc = InstantField(null=True)
    delivered_channel = TextField(null=True)


class NoteTemplate(BaseModel):
    """A template the user edited (the defaults live in domain/templates/defaults.py)."""

    id = AutoField()
    key = TextField(unique=True)
    subject = TextField(default="")
    body = TextField()
    updated_utc = InstantField()


class Setting(BaseModel):
    key = TextField(primary_key=True)
    value = TextField()


class SearchEntry(BaseModel):
    """Derived: a person's or company's folded name and haystack for search (schema 7). Only
    services/views/search_index.py writes it; exports leave it out."""

    name_key = TextField()
    kind = TextField()  # "person" or "company"
    ref = IntegerField()  # the contact's or company's id
    haystack = TextField()

    class Meta:
        primary_key = CompositeKey("name_key", "kind", "ref")
        without_rowid = True


class SearchWord(BaseModel):
    """Derived: a folded name from one of its later words on ("bronte" of "zoe bronte")."""

    word_key = TextField()
    kind = TextField()
    ref = IntegerField()
    name_key = TextField()

    class Meta:
        primary_key = CompositeKey("word_key", "kind", "ref")
        without_rowid = True


class SearchGram(BaseModel):
    """Derived: how many search entries' names hold a three-letter sequence."""

    gram = TextField(primary_key=True)
    names = IntegerField()

    class Meta:
        without_rowid = True


class SearchStale(BaseModel):
    """Search entries to re-fold before the next search; the schema's triggers add them."""

    kind = TextField()
    ref = IntegerField()

    class Meta:
        primary_key = CompositeKey("kind", "ref")
        without_rowid = True


class UndoEntry(BaseModel):
    """One change the user can undo (schema 8): what it was, and the rows before it."""

    id = AutoField()
    at_utc = InstantField()
    kind = TextField()  # done, skip, snooze, move, decision
    label = TextField()
    action_id = IntegerField(null=True)  # the action it was about (not a reference: kept)
    payload = TextField()  # JSON, see services/undo.py
    undone_utc = InstantField(null=True)


class MailFolder(BaseModel):
    """Where the last mailbox check stopped in one folder (schema 9)."""

    folder = TextField(primary_key=True)  # services/mail/message.py Folder
    name = TextField()  # the folder's name on the server
    uid_validity = IntegerField()
    last_uid = IntegerField()
    checked_utc = InstantField()

    class Meta:
        without_rowid = True


class MailApplied(BaseModel):
    """A message that changed something (schema 9), so it never changes it twice."""

    key = TextField(primary_key=True)  # the Message-ID, or a digest when it has none
    folder = TextField()
    uid_validity = IntegerField()
    uid = IntegerField()
    at_utc = InstantField()
    effect = TextField()  # reply, sent, away
    applied_utc = InstantField()

    class Meta:
        without_rowid = True


class SyncItem(BaseModel):
    """What the CalDAV sync last wrote or saw of one item on the server (schema 10)."""

    uid = TextField(primary_key=True)
    href = TextField(null=True)  # None: removed on the server
    etag = TextField(null=True)
    written_hash = TextField()
    synced_utc = InstantField()

    class Meta:
        without_rowid = True


class SyncCard(BaseModel):
    """What the contacts' sync last wrote or saw of one vCard on the server (schema 11)."""

    uid = TextField(primary_key=True)
    contact_id = IntegerField(null=True)  # no foreign key: a removed contact's card is removed
    href = TextField(null=True)  # None: removed on the server
    etag = TextField(null=True)
    written_hash = TextField()
    synced_utc = InstantField()

    class Meta:
        without_rowid = True


ALL_MODELS: tuple[type[BaseModel], ...] = (
    Company, Contact, Application, StatusChange, Interview, InterviewContact, Action, Touch,
    Reminder, Idea, Note, NoteTemplate, Setting, SearchEntry, SearchWord,
    SearchGram, SearchStale, UndoEntry, MailFolder, MailApplied, SyncItem,
    SyncCard,
)
