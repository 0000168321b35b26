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

from followup_desktop import APP_SLUG, __version__, cli_mail
from followup_desktop.domain.counts import counted
from followup_desktop.system import datadir

if TYPE_CHECKING:  # the window's start-up imports as little as it can
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from followup_desktop.services.backend import Backend
    from followup_desktop.services.views.due import DueItem

EXIT_BAD_INPUT = 2
EXIT_BUG = 1  # as an uncaught exception would; the traceback goes to the log file instead


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=APP_SLUG,
        description="Follow up after every job interview. With no command, opens the window.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--data-dir", metavar="DIR",
                        help=f"data folder (default: ${datadir.ENV_VAR}, else the platform's "
                             "application-data folder)")
    parser.add_argument("--quit-after-shown", action="store_true",
                        help="quit as soon as the window is shown (start-up timing)")
    parser.add_argument("--quit-when-ready", action="store_true",
                        help="quit once the window shows the due list from the database "
                             "(smoke tests, start-up timing)")
    parser.add_argument("--quit-when-listed", action="store_true",
                        help="quit once the window lists what is due, from the first screen "
                             "when it can (start-up timing)")
    parser.add_argument("--hidden", action="store_true",
                        help="start with the window hidden in the system tray, if there is one "
                             "(start at login)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    due = commands.add_parser("due", help="list follow-ups that are due or overdue")
    due.add_argument("--at", metavar="ISO-8601",
                     help="instant to judge at (default now); without an offset it is read in "
                          "your time zone")
    due.add_argument("--json", action="store_true", help="machine-readable output")
    export = commands.add_parser(
        "export", help="write data to a file: everything (json), the calendar (ics), contacts "
                       "(vcf) or a table (csv)")
    export.add_argument("--format", choices=["json", "ics", "vcf", "csv"], default="json")
    export.add_argument("--what", choices=["applications", "contacts", "touches"],
                        default="touches", help="with --format csv: which table")
    export.add_argument("-o", "--output", metavar="FILE", required=True, type=Path)
    imp = commands.add_parser(
        "import", help="read calendar invitations (.ics), contacts (.vcf) or a JSON export "
                       "(into an empty data folder), all or nothing")
    imp.add_argument("file", metavar="FILE", type=Path)
    imp.add_argument("--me", metavar="ADDRESS", action="append", default=[],
                     help="your own e-mail address in invitations (never a contact); "
                          "repeatable, remembered")
    commands.add_parser("backup", help="back up the database now (data-folder/backups)")
    restore = commands.add_parser("restore", help="replace the data with a backup (the "
                                                  "current data is backed up first)")
    restore.add_argument("file", metavar="FILE", type=Path)
    commands.add_parser("demo", help="fill an empty data folder with sample data")
    _add_follow_up_commands(commands)
    card = commands.add_parser("card", help="write the handwritten-card template of a "
                                            "follow-up's note as a PDF")
    card.add_argument("action_id", metavar="ACTION_ID", type=int,
                      help="the follow-up's id (as `due` lists it)")
    card.add_argument("-o", "--output", metavar="FILE", required=True, type=Path)
    card.add_argument("--size", choices=["a6", "5x7", "a2"], default="a6",
                      help="a6 (105 x 148 mm), 5x7 (inches) or a2 (folded A2, 4.25 x 5.5 in)")
    card.add_argument("--envelope", action="store_true", help="add an envelope page")
    cli_mail.add_mail_commands(commands)
    return parser


def _add_follow_up_commands(commands: argparse._SubParsersAction) -> None:
    """done, snooze, skip, undo, decision: for scripts and notification buttons. Ids, times and
    outcomes are read as text and checked by the command, so a bad one is one line on stderr."""
    done = commands.add_parser("done", help="mark a follow-up done and record the touch")
    done.add_argument("id", metavar="ID", help="the follow-up's id (as `due` lists it)")
    done.add_argument("--note", metavar="TEXT", default="", help="what you sent or said")
    snooze = commands.add_parser("snooze", help="put a follow-up off until a later time")
    snooze.add_argument("id", metavar="ID", help="the follow-up's id")
    snooze.add_argument("--until", metavar="ISO-8601", required=True,
                        help="when it is due again; without an offset, in your time zone")
    skip = commands.add_parser("skip", help="skip a follow-up (nothing is sent)")
    skip.add_argument("id", metavar="ID", help="the follow-up's id")
    commands.add_parser("undo", help="undo the last done, skip, snooze, move or decision")
    decision = commands.add_parser(
        "decision", help="log a decision call's outcome; the next check is planned from it")
    decision.add_argument("id", metavar="ID", help="the decision check's id")
    decision.add_argument("--outcome", metavar="OUTCOME", required=True,
                          help="open (still open), filled, offer or rejected")
    decision.add_argument("--next-date", metavar="YYYY-MM-DD",
                          help="with --outcome open: the date they now expect to decide by")
    decision.add_argument("--note", metavar="TEXT", default="", help="what they said")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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


HANDLERS: dict[str, Callable[[Backend, argparse.Namespace], int]] = {
    "due": _due, "export": _export, "import": _import, "demo": _demo, "card": _card,
    "backup": _backup, "restore": _restore, "done": _done_command, "snooze": _snooze_command,
    "skip": _skip_command, "undo": _undo_command, "decision": _decision_command,
    "mail": cli_mail.run,
}

if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
