"""The `followup-desktop` command: the GUI with no subcommand, headless work with one.

Exit status: 0 done, 1 the GUI cannot start or a bug (its traceback is in the data folder's
logs/followup.log), 2 bad input, a refused request or an expected fault such as a full disk or
data held by another program (nothing changed; one line says what to do).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from followup_desktop import APP_SLUG
from followup_desktop.cli_parser import build_parser, window_only
from followup_desktop.domain.counts import counted
from followup_desktop.system import datadir

if TYPE_CHECKING:  # the window's start-up imports as little as it can
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from followup_desktop.services.backend import Backend
    from followup_desktop.services.views.due import DueItem

EXIT_BAD_INPUT = 2
EXIT_BUG = 1  # as an uncaught exception would; the traceback goes to the log file instead


def main(argv: Sequence[str] | None = None) -> int:
    args = window_only(argv) or build_parser().parse_args(argv)
    data_dir = datadir.resolve(args.data_dir)
    if args.command is None:
        from followup_desktop.app import run_gui

        return run_gui(data_dir, quit_after_shown=args.quit_after_shown,
                       quit_when_ready=args.quit_when_ready, hidden=args.hidden,
                       quit_when_listed=args.quit_when_listed)
    from followup_desktop.domain.validation import ValidationError
    from followup_desktop.services.errors import UserError

    try:
        return _run_headless(args, data_dir)
    except (UserError, ValidationError) as error:
        print(f"{APP_SLUG}: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `followup-desktop due | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # a full disk, a held lock (one line, exit 2), or a bug (logged)
        return _failed(error, data_dir)


def _failed(error: Exception, data_dir: Path) -> int:
    from followup_desktop.services.errorlog import report_bug
    from followup_desktop.services.errors import expected
    from followup_desktop.storage.files import DATABASE_FILE

    known = expected(error, data_dir / DATABASE_FILE)
    if known is not None:
        print(f"{APP_SLUG}: {known}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"{APP_SLUG}: {report_bug(error, data_dir, 'running a command')}", file=sys.stderr)
    return EXIT_BUG


def _run_headless(args: argparse.Namespace, data_dir: Path) -> int:
    from followup_desktop.services.backend import Backend

    if args.command == "import":  # a refused file changes nothing, and makes no data folder
        args.checked = _read_import(args.file)
    with Backend(data_dir) as backend:
        return HANDLERS[args.command](backend, args)


def _read_import(path: Path) -> object:
    """A vCard or JSON file read and checked before the data folder is opened; an .ics file is
    read once the folder is open, in the user's time zone (None here)."""
    from followup_desktop.services.exchange.import_errors import refused

    suffix = path.suffix.lower()
    with refused(path):
        if suffix in (".vcf", ".vcard"):
            from followup_desktop.services.exchange.contacts_import import read_vcards

            return read_vcards(path)
        if suffix != ".ics":
            from followup_desktop.services.exchange.transfer.importing import check_file

            return check_file(path)
    return None


def _export(backend: Backend, args: argparse.Namespace) -> int:
    from followup_desktop.services.exchange import exports
    from followup_desktop.services.exchange.transfer.exporting import export_file

    writers = {"json": lambda: export_file(backend, args.output),
               "ics": lambda: exports.export_calendar(backend, args.output),
               "vcf": lambda: exports.export_vcards(backend, args.output),
               "csv": lambda: exports.export_csv(backend, args.what, args.output)}
    count = writers[args.format]()
    print(f"Exported {counted(count, 'record')} to {args.output}")
    return 0


def _import(backend: Backend, args: argparse.Namespace) -> int:
    from followup_desktop.services.exchange.import_errors import refused

    with refused(args.file):
        return _import_checked(backend, args)


def _import_checked(backend: Backend, args: argparse.Namespace) -> int:
    suffix = args.file.suffix.lower()
    if suffix == ".ics":
        from followup_desktop.services.exchange.invitations.applying import import_ics

        result = import_ics(backend, args.file, own_addresses=args.me or None)
        print(f"{args.file}: {result.describe()}")
    elif suffix in (".vcf", ".vcard"):
        from followup_desktop.services.exchange.contacts_import import write_vcards

        summary = write_vcards(backend, args.checked)
        print(f"{args.file}: {counted(summary.created, 'new contact')}, "
              f"{summary.updated} completed, "
              f"{summary.unchanged} already known")
    else:
        from followup_desktop.services.exchange.transfer.importing import write_checked

        counts = write_checked(backend, args.checked)
        print(f"Imported {counted(sum(counts.values()), 'record')} from {args.file}")
    return 0


def _demo(backend: Backend, args: argparse.Namespace) -> int:
    from followup_desktop.services.demo import load_demo

    print(f"Added {counted(load_demo(backend), 'sample application')} to {backend.data_dir}")
    return 0


def _backup(backend: Backend, args: argparse.Namespace) -> int:
    from followup_desktop.services.safekeeping.backups import backup_now

    print(f"Backed up to {backup_now(backend, 'manual')}")
    return 0


def _restore(backend: Backend, args: argparse.Namespace) -> int:
    from followup_desktop.services.safekeeping.backups import restore

    restore(backend, args.file)
    print(f"Restored {args.file}; the data it replaced was backed up first")
    return 0


def _card(backend: Backend, args: argparse.Namespace) -> int:
    """The card template of the action's note: the saved draft, else the template's text."""
    action_id, output, size, envelope = args.action_id, args.output, args.size, args.envelope
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # fonts and painting, no window
    from PySide6.QtGui import QGuiApplication

    from followup_desktop.io.card_pdf import write_card_pdf
    from followup_desktop.services.composer import compose
    from followup_desktop.services.errors import UserError
    from followup_desktop.services.note_documents import card_content

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # fonts need one
    composition = compose(backend, action_id)
    try:
        result = write_card_pdf(card_content(composition, composition.draft.body), output,
                                size, envelope)
    except OSError as error:
        raise UserError(f"{output}: cannot be written ({error.strerror}).") from error
    print(f"Wrote {output} ({counted(result.pages, 'page')}, {size})")
    if result.warning:
        print(f"warning: {result.warning}", file=sys.stderr)
    return 0


def _due(backend: Backend, args: argparse.Namespace) -> int:
    import json

    from followup_desktop.services.views.due import due_at, due_document, parse_at

    at, as_json = parse_at(args.at, backend), args.json
    items = due_at(backend, at)
    if as_json:
        print(json.dumps(due_document(at, items), ensure_ascii=False, indent=2))
    else:
        print(_due_text(at, items, backend.rules().zone))
    return 0


def _due_text(at: datetime, items: list[DueItem], zone: ZoneInfo) -> str:
    when = at.astimezone(zone).strftime("%a %d %b %Y %H:%M")
    if not items:
        return f"Nothing is due at {when} ({zone.key})."
    lines = [f"{counted(len(items), 'follow-up')} due at {when} ({zone.key}):"]
    for item in items:
        who = f"{item.contact.name} ({item.contact.title})" if item.contact else "the company"
        if item.contact and not item.contact.title:
            who = item.contact.name
        due = item.due.astimezone(zone).strftime("%a %d %b %H:%M")
        lines.append(f"  #{item.id} [{item.timeliness.replace('_', ' ')}] "
                     f"{item.kind.label} by {item.channel} to {who}, {item.company} "
                     f"({item.position}), due {due}")
        lines += [f"      {item.note}"] if item.note else []
        lines += [f"      warning: {w}" for w in item.warnings]
    return "\n".join(lines)


def _action_id(text: str) -> int:
    from followup_desktop.services.errors import UserError

    if not text.isascii() or not text.isdigit() or int(text) == 0:
        raise UserError(f"{text!r} is not a follow-up id (a whole number, as `due` lists it).")
    return int(text)


def _described(action_id: int) -> str:
    from followup_desktop.services.actions import describe
    from followup_desktop.storage.models import Action

    return describe(Action.get_by_id(action_id))


def _with_warnings(line: str, warnings: list[str]) -> str:
    return " ".join([line, *(f"Warning: {w}" for w in warnings)])


def _done_command(backend: Backend, args: argparse.Namespace) -> int:
    from followup_desktop.services import actions

    action_id = _action_id(args.id)
    warnings = actions.complete(backend, action_id, args.note)
    print(_with_warnings(f"Done: {_described(action_id)}; the touch is recorded.", warnings))
    return 0


def _snooze_command(backend: Backend, args: argparse.Namespace) -> int:
    from followup_desktop.services import actions
    from followup_desktop.services.errors import UserError
    from followup_desktop.services.views.due import parse_at

    action_id = _action_id(args.id)
    try:
        until = parse_at(args.until, backend)
    except UserError as error:  # its message names --at
        raise UserError(f"--until: {args.until!r} is not a valid ISO-8601 date and time.") \
            from error
    actions.snooze(backend, action_id, until)
    zone = backend.rules().zone
    print(f"Snoozed: {_described(action_id)} until "
          f"{until.astimezone(zone):%a %d %b %Y %H:%M} ({zone.key}).")
    return 0


def _skip_command(backend: Backend, args: argparse.Namespace) -> int:
    from followup_desktop.services import actions

    action_id = _action_id(args.id)
    actions.skip(backend, action_id)
    print(f"Skipped: {_described(action_id)}.")
    return 0


def _undo_command(backend: Backend, args: argparse.Namespace) -> int:
    from followup_desktop.services.undo import undo_last

    print(f"{undo_last(backend)}.")
    return 0


def _decision_command(backend: Backend, args: argparse.Namespace) -> int:
    from datetime import date

    from followup_desktop.domain.decision import DecisionOutcome
    from followup_desktop.services import actions
    from followup_desktop.services.errors import UserError

    action_id = _action_id(args.id)
    if args.outcome not in {o.value for o in DecisionOutcome}:
        raise UserError(f"--outcome: {args.outcome!r} is not one of: open, filled, offer, "
                        "rejected.")
    next_date = None
    if args.next_date is not None:
        try:
            next_date = date.fromisoformat(args.next_date)
        except ValueError:
            raise UserError(f"--next-date: {args.next_date!r} is not a date (YYYY-MM-DD).") \
                from None
    result = actions.decide(backend, action_id, DecisionOutcome(args.outcome), next_date,
                            args.note)
    zone = backend.rules().zone
    if result.next_check_due is not None:
        after = (f"Next decision check #{result.next_check_id} on "
                 f"{result.next_check_due.astimezone(zone):%a %d %b %Y %H:%M} ({zone.key}).")
    else:
        after = f"Status: {result.status.value}; no further check is planned."
    print(_with_warnings(f"Logged: {result.summary} {after}", result.warnings))
    return 0


def _mail(backend: Backend, args: argparse.Namespace) -> int:
    from followup_desktop import cli_mail  # imported when run: the window's start needs none

    return cli_mail.run(backend, args)


def _sync(backend: Backend, args: argparse.Namespace) -> int:
    from followup_desktop import cli_sync

    return cli_sync.run(backend, args)


HANDLERS: dict[str, Callable[[Backend, argparse.Namespace], int]] = {
    "due": _due, "export": _export, "import": _import, "demo": _demo, "card": _card,
    "backup": _backup, "restore": _restore, "done": _done_command, "snooze": _snooze_command,
    "skip": _skip_command, "undo": _undo_command, "decision": _decision_command,
    "mail": _mail, "sync": _sync,
}

if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
