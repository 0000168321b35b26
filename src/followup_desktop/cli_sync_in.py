"""`followup-desktop sync calendars|proposals`: interviews from the user's own calendars
(docs/sync.md, "Interviews from your calendars").

    sync calendars [--pick CALENDAR...] [--unpick CALENDAR...] [--me ADDRESS...]
                                      the account's calendars, which are read for interviews
    sync proposals [--accept ID... | --reject ID...] [--company NAME] [--position TEXT]
                                      what a sync found there, for you to confirm

A calendar is named by its name or its address. `sync calendars` asks the server; `sync
proposals` does not (a sync kept each event as it was).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup_desktop.services.backend import Backend
    from followup_desktop.services.sync.calendars_in import Listed
    from followup_desktop.services.sync.proposals_in import Held

COMMANDS = ("calendars", "proposals")


def add_commands(subjects: argparse._SubParsersAction) -> None:
    calendars = subjects.add_parser(
        "calendars", help="list the account's calendars; pick those whose invitations are "
                          "interviews")
    calendars.add_argument("--pick", metavar="CALENDAR", nargs="+", default=[],
                           help="read these calendars (a name or an address) at each sync")
    calendars.add_argument("--unpick", metavar="CALENDAR", nargs="+", default=[],
                           help="stop reading these; their proposals not yet confirmed go")
    calendars.add_argument("--me", metavar="ADDRESS", nargs="+", default=[],
                           help="your own e-mail address, as invitations name you (kept with "
                                "the addresses the invitation import knows)")
    calendars.add_argument("--password-file", metavar="FILE", type=Path,
                           help="read the password from the first line of FILE")
    proposals = subjects.add_parser(
        "proposals", help="the interviews a sync found in your calendars, to accept or "
                          "reject")
    proposals.add_argument("--accept", metavar="ID", nargs="+", default=[],
                           help="make these interviews, and plan their follow-ups")
    proposals.add_argument("--reject", metavar="ID", nargs="+", default=[],
                           help="not interviews: never proposed again")
    proposals.add_argument("--company", metavar="NAME",
                           help="with one --accept: the company, where the guess is wrong")
    proposals.add_argument("--position", metavar="TEXT",
                           help="with one --accept: the position applied for")


def run(backend: Backend, args: argparse.Namespace) -> int:
    return _calendars(backend, args) if args.sync_command == "calendars" \
        else _proposals(backend, args)


def _calendars(backend: Backend, args: argparse.Namespace) -> int:
    from followup_desktop.cli_password import read_password
    from followup_desktop.services.sync import calendars_in
    from followup_desktop.services.sync.account import load_account, no_account_error
    from followup_desktop.services.sync.server import Server
    from followup_desktop.services.sync.syncing import stored_password

    account = load_account()
    if account is None:
        raise no_account_error()
    if args.me:
        _remember_me(backend, args.me)
    password = read_password(args.password_file, "Calendar password (not shown): ") \
        if args.password_file else stored_password(account)
    chosen = calendars_in.picks()
    with Server(account, password) as server:
        listed = calendars_in.list_calendars(server, chosen)
        for wanted in args.unpick:
            chosen = _unpick(backend, listed, chosen, wanted)
        for wanted in args.pick:
            found = calendars_in.resolve(listed, wanted)
            if not any(calendars_in.matches(p, found.name, found.url) for p in chosen):
                chosen.append(found.url)  # the address: renaming it does not unpick it
        if args.pick or args.unpick:
            calendars_in.save_picks(backend, chosen)
            listed = calendars_in.list_calendars(server, chosen)
    print(f"Calendars of {account.user} on {account.url} ([x]: read for interviews at each "
          "sync):")
    for calendar in listed:
        mark = "   " if calendar.own else ("[x]" if calendar.picked else "[ ]")
        note = "  (this app's follow-ups: never read as interviews)" if calendar.own else ""
        print(f"  {mark} {calendar.name}  {calendar.url}{note}")
    print(_addresses_line())
    return 0


def _unpick(backend: Backend, listed: list[Listed], chosen: list[str], wanted: str) -> list[str]:
    from followup_desktop.services.errors import UserError
    from followup_desktop.services.sync import calendars_in
    from followup_desktop.services.sync import interviews_ledger as seen_ledger

    hits = [c for c in listed if calendars_in.matches(wanted, c.name, c.url)]
    kept = [p for p in chosen if p != wanted and not any(
        calendars_in.matches(p, c.name, c.url) for c in hits)]
    if kept == chosen:
        raise UserError(f"{wanted!r} is not among the picked calendars.")
    for calendar in hits:  # what waits from it goes with it; the interviews stay
        seen_ledger.forget(backend, [href for href in seen_ledger.load()
                                     if href.startswith(calendar.path)])
    return kept


def _remember_me(backend: Backend, addresses: list[str]) -> None:
    from followup_desktop.domain import validation as check
    from followup_desktop.services import settings

    stored = settings.load()["own_addresses"]
    known = {a.casefold() for a in stored}
    new = [check.email(a.strip(), "--me") for a in addresses
           if a.strip() and a.strip().casefold() not in known]
    with backend.write():
        settings.save("own_addresses", [*stored, *dict.fromkeys(new)])


def _addresses_line() -> str:
    from followup_desktop.services import settings

    own = settings.load()["own_addresses"]
    if not own:
        return ("Your addresses: none known; an event is yours to attend when one of them is "
                "invited: add them with --me ADDRESS.")
    return f"Your addresses (an invitation to one of them is yours): {', '.join(own)}."


def _proposals(backend: Backend, args: argparse.Namespace) -> int:
    from followup_desktop.services.errors import UserError
    from followup_desktop.services.exchange.invitations.proposal import Choice
    from followup_desktop.services.sync import proposals_in

    if (args.company or args.position) and len(args.accept) != 1:
        raise UserError("--company and --position go with one --accept ID.")
    if not args.accept and not args.reject:
        _list(backend, proposals_in.held(backend))
        return 0
    choice = Choice(company_name=args.company, position=args.position) \
        if args.company or args.position else None
    for wanted in args.accept:
        result = proposals_in.accept(backend, wanted, choice)
        print(f"Accepted {wanted}: {result.describe()}.")
    for wanted in args.reject:
        seen = proposals_in.reject(backend, wanted)
        print(f"Rejected {wanted} ({seen.summary!r}): it will not be proposed again.")
    return 0


def _list(backend: Backend, waiting: list[Held]) -> None:
    from followup_desktop.domain.counts import counted

    if not waiting:
        print("No interviews from your calendars are waiting to be confirmed.")
        return
    zone = backend.rules().zone
    print(f"{counted(len(waiting), 'interview')} from your calendars to confirm:")
    for item in waiting:
        invitation = item.proposal.invitation
        start, end = invitation.start.astimezone(zone), invitation.end.astimezone(zone)
        print(f"  {item.id}  {start:%a %d %b %Y %H:%M}-{end:%H:%M}  {invitation.summary}  "
              f"[{item.seen.calendar}]")
        print(f"            {_what(item)}")
    print("Accept with `followup-desktop sync proposals --accept ID` (--company NAME, "
          "--position TEXT where the guess is wrong), or --reject ID.")


def _what(item: Held) -> str:
    proposal = item.proposal
    company = proposal.company_name or "no company told (accept with --company NAME)"
    new = " (new)" if proposal.existing_company_id is None and proposal.company_name else ""
    people = ", ".join(p.name for p in proposal.people if p.interviewer) or "nobody named"
    if proposal.action == "update":
        return f"the interview you recorded at {company} for this time, linked to it"
    position = f", {proposal.position}" if proposal.position else ""
    return f"a new interview at {company}{new}{position}; interviewers: {people}"
