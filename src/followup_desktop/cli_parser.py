"""The `followup-desktop` command's options and commands, for argparse (cli.py runs them).

The usual start, the window with its options alone, is read by a parser of those options only
(`window_only`): building every command's parser is about 5 ms of the window's start-up.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from followup_desktop import APP_SLUG, __version__
from followup_desktop.system import datadir


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=APP_SLUG,
        description="Follow up after every job interview. With no command, opens the window.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_window_options(parser)
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
    from followup_desktop import cli_mail, cli_sync  # not for the window's own options

    cli_mail.add_mail_commands(commands)
    cli_sync.add_sync_commands(commands)
    return parser


def _add_window_options(parser: argparse.ArgumentParser) -> None:
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


def window_only(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The usual start, the window's options and nothing else, read without building every
    command's parser (about 5 ms of the start-up); None for anything else (a command, --help,
    an abbreviation, an error), which the full parser reads and answers as ever."""
    parser = argparse.ArgumentParser(prog=APP_SLUG, add_help=False, allow_abbrev=False,
                                     exit_on_error=False)
    _add_window_options(parser)
    try:
        args, rest = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    except argparse.ArgumentError:
        return None
    if rest:
        return None
    args.command = None
    return args


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
