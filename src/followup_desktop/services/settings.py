"""Every user setting, declared once with its type, default and meaning.

Values are stored as JSON in the `setting` table; what is not stored has its default.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from followup_desktop.domain import validation as check
from followup_desktop.domain.model import Channel
from followup_desktop.domain.rules import Rules
from followup_desktop.domain.validation import ValidationError


@dataclass(frozen=True)
class SettingSpec:
    """One setting: its key, default, the label Preferences shows and, for a number, its range
    and unit (the validator checks the range, so an imported file cannot go beyond it)."""

    key: str
    default: Any
    label: str
    low: int | None = None
    high: int | None = None
    unit: str = ""


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("time_zone", "", "Time zone"),  # empty: the system's
    SettingSpec("working_days", [0, 1, 2, 3, 4], "Working days"),  # 0 = Monday
    SettingSpec("day_start", "09:00", "Working day starts"),
    SettingSpec("day_end", "17:00", "Working day ends"),
    SettingSpec("follow_up_delay_hours", 24, "Thank-you after the interview", 1, 168, "hours"),
    SettingSpec("late_after_business_days", 2, "Late after", 0, 10, "business days"),
    SettingSpec("keep_in_touch_every_days", 7, "Keep in touch every", 1, 60, "days"),
    SettingSpec("keep_in_touch_cap", 2, "Keep-in-touch notes at most", 0, 10),
    SettingSpec("pester_gap_days", 4, "Between touches with one company", 0, 30,
                "days at least"),
    SettingSpec("decision_check_time", "10:00", "Decision-check call at"),
    SettingSpec("default_channel", "email", "Channel when a company has no preference"),
    SettingSpec("quiet_hours_start", "21:00", "Quiet hours start"),
    SettingSpec("quiet_hours_end", "08:00", "Quiet hours end"),
    SettingSpec("notifications_paused", False, "Pause notifications"),
    SettingSpec("sender_name", "", "Your name"),
    SettingSpec("sender_address", "", "Your postal address (letters, envelopes)"),
    # Calendar invitations: these attendees are you, never a contact, never thanked.
    SettingSpec("own_addresses", [], "Your e-mail addresses"),
    SettingSpec("calendar_feed", False, "Keep a calendar file up to date"),
    # The read-only mail account (services/mail/account.py); no host, no account. Its password
    # is in the desktop's Secret Service (services/mail/secret.py), never here.
    SettingSpec("mail_host", "", "Mail server (IMAP)"),
    SettingSpec("mail_port", 993, "Mail server port", 1, 65535),
    SettingSpec("mail_user", "", "Mail user name"),
    SettingSpec("mail_security", "ssl", "Mail connection security"),
    SettingSpec("mail_sent_folder", "", "Sent folder (empty: the one the server marks Sent)"),
    # The CalDAV account (services/sync/account.py); no address, no sync. Its password is in
    # the Secret Service as the mail's is.
    SettingSpec("sync_url", "", "Calendar server (CalDAV) address"),
    SettingSpec("sync_user", "", "Calendar server user name"),
    # Some phones' calendars show no tasks: follow-ups go out as short events instead.
    SettingSpec("sync_as_events", False, "Follow-ups as calendar events, not tasks"),
    # The contacts' address book (services/sync/contacts.py): off unless asked for, since it
    # sends the contacts' e-mail addresses and phone numbers to the server.
    SettingSpec("sync_contacts", False, "Contacts to the address book on the same server"),
    # Calendars whose events the user attends become proposed interviews (services/sync/
    # interviews_in.py): each a calendar's address or its name; empty, none is read.
    SettingSpec("sync_calendars", [], "Calendars read for interviews"),
)
DEFAULTS = {spec.key: spec.default for spec in SPECS}
BY_KEY = {spec.key: spec for spec in SPECS}
NUMBER_KEYS = tuple(spec.key for spec in SPECS if spec.low is not None)
# The mailbox's own, set in its dialog (services/mail/account.py), not among the preferences.
MAIL_KEYS = ("mail_host", "mail_port", "mail_user", "mail_security", "mail_sent_folder")
# The calendar server's own, set by `sync account add` (services/sync/account.py).
SYNC_KEYS = ("sync_url", "sync_user", "sync_as_events", "sync_contacts")
# The calendars picked for interviews in, set by `sync calendars --pick` (cli_sync_in.py).
SYNC_IN_KEYS = ("sync_calendars",)


def load(db_values: dict[str, str] | None = None) -> dict[str, Any]:
    """All settings: stored values over defaults."""
    if db_values is None:
        from followup_desktop.storage.models import Setting  # the first screen has no ORM

        db_values = {row.key: row.value for row in Setting.select()}
    stored = db_values
    values = dict(DEFAULTS)
    values.update({k: json.loads(v) for k, v in stored.items() if k in DEFAULTS})
    return values


def save(key: str, value: object) -> None:
    from followup_desktop.storage.models import Setting

    if key not in DEFAULTS:
        raise KeyError(f"unknown setting {key!r}")
    Setting.replace(key=key, value=json.dumps(value)).execute()


TIME_KEYS = ("day_start", "day_end", "decision_check_time", "quiet_hours_start",
             "quiet_hours_end")


def validate(values: Any) -> None:
    """Raise ValidationError naming the first setting that is unknown, mistyped or unusable."""
    if not isinstance(values, dict):
        raise ValidationError("settings", "expected an object")
    for key, value in values.items():
        if key not in DEFAULTS:  # repr: the key is data, it may hold line breaks
            raise ValidationError(f"settings[{key!r}]", "is not a known setting")
        if type(value) is not type(DEFAULTS[key]):
            raise ValidationError(f"settings.{key}", f"has the wrong type ({type(value).__name__})")
    for key in NUMBER_KEYS:
        if key in values:
            _in_range(BY_KEY[key], values[key])
    if values.get("time_zone"):  # ZoneInfo's own errors quote the raw name, line breaks and all
        check.zone(values["time_zone"], "settings.time_zone")
    for key in TIME_KEYS:
        if key in values:
            _time(values[key], f"settings.{key}")
    if "sender_name" in values:
        check.text(values["sender_name"], "settings.sender_name")
    if "sender_address" in values:
        check.text(values["sender_address"], "settings.sender_address", limit=1000)
    for index, address in enumerate(values.get("own_addresses", [])):
        check.email(address, f"settings.own_addresses[{index}]")
    _mail_account(values)
    _sync_account(values)
    try:
        rules_from(load({k: json.dumps(v) for k, v in values.items()}))
    except (ValueError, TypeError, KeyError) as error:
        raise ValidationError("settings", f"not usable: {error}") from None


def _mail_account(values: dict[str, Any]) -> None:
    """A file cannot set what `mail account add` refuses: a bad host, or no TLS over a
    network."""
    from followup_desktop.services.mail import security

    host = values.get("mail_host", "")
    if host:
        host = security.check_host(host, "settings.mail_host")
    for key in ("mail_user", "mail_sent_folder"):
        if key in values:
            check.text(values[key], f"settings.{key}")
    if "mail_security" in values:
        security.check_endpoint(host, values["mail_security"], "settings.mail_security")


def _sync_account(values: dict[str, Any]) -> None:
    """A file cannot set what `sync account add` refuses: a bad address, or http over a
    network."""
    from followup_desktop.services.sync.address import check_url

    if values.get("sync_url"):
        check_url(values["sync_url"], "settings.sync_url")
    if "sync_user" in values:
        check.text(values["sync_user"], "settings.sync_user")
    for index, picked in enumerate(values.get("sync_calendars", [])):
        check.text(picked, f"settings.sync_calendars[{index}]", limit=2000, required=True)


def _in_range(spec: SettingSpec, value: int) -> None:
    assert spec.low is not None and spec.high is not None
    if not spec.low <= value <= spec.high:
        unit = f" {spec.unit}" if spec.unit else ""
        raise ValidationError(f"settings.{spec.key}",
                              f"is {value}; it must be from {spec.low} to {spec.high}{unit}")


def _time(value: str, where: str) -> time:
    try:
        return time.fromisoformat(check.text(value, where))
    except ValueError:
        raise ValidationError(where, f"{value!r} is not a time of day (HH:MM)") from None


def rules_from(values: dict[str, Any]) -> Rules:
    return Rules(
        zone=ZoneInfo(str(values["time_zone"]) or system_zone_name()),
        working_days=frozenset(int(d) for d in values["working_days"]),
        day_start=time.fromisoformat(str(values["day_start"])),
        day_end=time.fromisoformat(str(values["day_end"])),
        follow_up_delay=timedelta(hours=float(values["follow_up_delay_hours"])),
        late_after_business_days=int(values["late_after_business_days"]),
        keep_in_touch_every=timedelta(days=float(values["keep_in_touch_every_days"])),
        keep_in_touch_cap=int(values["keep_in_touch_cap"]),
        pester_gap=timedelta(days=float(values["pester_gap_days"])),
        decision_check_time=time.fromisoformat(str(values["decision_check_time"])),
        default_channel=Channel(values["default_channel"]),
        quiet_start=time.fromisoformat(str(values["quiet_hours_start"])),
        quiet_end=time.fromisoformat(str(values["quiet_hours_end"])),
    )


def system_zone_name() -> str:
    """The IANA name of the machine's zone: $TZ, then /etc/timezone, then /etc/localtime."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    timezone_file = Path("/etc/timezone")
    if timezone_file.is_file():
        candidates.append(timezone_file.read_text(encoding="utf-8").strip())
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    for name in candidates:
        try:
            if name:
                ZoneInfo(name)
                return name
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return "UTC"
