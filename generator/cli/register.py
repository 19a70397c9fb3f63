"""`policy cases due|review|purge|access|report|audit|confirmations|disclose|disclosures|feed`:
the register's duties on the command line. Each parses its arguments, calls one function of
:mod:`generator.register.actions` (or a pure duty) and prints the result. The CLI adds
them to `policy cases`, handing over how it opens the register (a problem, not a
traceback, for a bad URL or a stale save) and finds the officer's login, so both are the
same as for import and export."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from generator.source.errors import Problem, SourceError

__all__ = ["add_duty_commands"]

if TYPE_CHECKING:
    from generator.register.store import Officer, Register
    from generator.source.model import Policy


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD") from None


@contextmanager
def _opened(args: argparse.Namespace) -> Iterator[tuple[Policy, Register]]:
    from generator.source.read import read_policy

    policy = read_policy(args.source)
    with args.open_register(args.db) as register:
        yield policy, register


def _by(args: argparse.Namespace) -> str:
    return args.by or args.login()


def _allowed(args: argparse.Namespace, policy: Policy, register: Register,
             what: str | None = None) -> Officer:
    """The officer running the command (--by, else the user's login), refused unless their
    account is enabled and (given ``what``) their roles may read it."""
    from generator.register.actions import officer_of, require

    officer = officer_of(register, _by(args))
    if what:
        require(policy, officer, what)
    return officer


def _due(args: argparse.Namespace) -> int:
    from generator.register.due import parse_within
    from generator.register.lists import due_list
    from generator.source.workdays import long_date

    try:
        within = parse_within(args.within) if args.within else None
    except ValueError as exc:
        raise SourceError([Problem("--within", 0, "", str(exc), "or 30d, 2w or 3m")]) \
            from None
    with _opened(args) as (policy, register):
        _allowed(args, policy, register, "due")
        due = due_list(register, policy, args.as_of, within)
    for item in due.items:
        print(item.describe(args.as_of))
    if not due.items:
        print(f"Nothing is due by {long_date(due.until)}.")
    print("\nNot due by any rule, as the policy does not say:")
    for note in due.unsaid:
        print(f"  {note}")
    return 0


def _review(args: argparse.Namespace) -> int:
    from generator.private import refuse_shared
    from generator.register.actions import make_review_letter, record_review

    if args.letter:  # refused before the review is recorded, so a second try records it
        refuse_shared(args.out, "--out", folder=True)
    with _opened(args) as (policy, register):
        record_review(register, policy, args.reference, held_on=args.held_on,
                      outcome=args.outcome, notes=args.notes,
                      by=_allowed(args, policy, register))
        print(f"Recorded the review of {args.reference} held on {args.held_on.isoformat()}: "
              f"{args.outcome}")
        if args.letter:
            print(make_review_letter(register, policy, args.reference,
                                     out_dir=args.out, by=_by(args), force=args.force))
    return 0


def _purge(args: argparse.Namespace) -> int:
    from generator.register.actions import purge

    with _opened(args) as (policy, register):
        due = purge(register, policy, args.as_of, by=_allowed(args, policy, register),
                    dry_run=args.dry_run)
    for expired in due.expired:
        print(f"{'would delete' if args.dry_run else 'deleted'}: {expired.describe()}")
    count = len(due.expired)
    print(f"{count} case{'s' if count != 1 else ''} "
          f"{'would be ' if args.dry_run else ''}deleted.")
    for note in due.unsaid:
        print(f"  {note}")
    return 0


def _access(args: argparse.Namespace) -> int:
    from generator.register.actions import subject_access

    with _opened(args) as (policy, register):
        _allowed(args, policy, register, "access")
        path, references = subject_access(register, policy, args.who, args.to, args.as_of,
                                          postcode=args.postcode, force=args.force)
    print(f"{path}: everything held on {', '.join(references)} (readable by you only)")
    return 0


def _report(args: argparse.Namespace) -> int:
    from generator.register.actions import report, write_reports
    from generator.register.report import Period, default_period

    if args.period and (args.start or args.end):
        raise SourceError([Problem("--period", 0, "", "give either --period or --from and "
                                   "--to, not both", "")])
    if bool(args.start) != bool(args.end):
        raise SourceError([Problem("--from" if args.end else "--to", 0, "",
                                   "the period needs both its first and last day",
                                   "give --from YYYY-MM-DD and --to YYYY-MM-DD")])
    with _opened(args) as (policy, register):
        _allowed(args, policy, register, "report")
        try:
            period = (Period.parse(args.period) if args.period
                      else Period.between(args.start, args.end) if args.start
                      else default_period(policy, args.as_of))
        except ValueError as exc:
            raise SourceError([Problem("--period" if args.period else "--to", 0, "", str(exc),
                                       "")]) from None
        if period is None:
            raise SourceError([Problem(str(args.source / "reviews.yaml"), 0,
                                       "reviews.reporting", "the policy names no periodic "
                                       "report or calendar review to set the period",
                                       "give --from YYYY-MM-DD --to YYYY-MM-DD")])
        fig = report(register, policy, period)
    for path in write_reports(policy, fig, args.out):
        print(path)
    return 0


def _audit(args: argparse.Namespace) -> int:
    with _opened(args) as (policy, register):
        _allowed(args, policy, register, "audit")
        for entry in register.audit(args.reference):
            print(f"{entry.at.isoformat(timespec='seconds')}  {entry.by}  {entry.action}  "
                  f"{entry.reference or ''}  {', '.join(entry.fields)}"
                  + (f"  ({entry.note})" if entry.note else ""))
    return 0


def _confirmations(args: argparse.Namespace) -> int:
    from generator.register.confirmations import roll, version_of

    with _opened(args) as (policy, register):
        _allowed(args, policy, register, "reading")
        standing = roll(register, policy)
    version, day = version_of(policy)
    print(f"Who has read the policy{f' (version {version})' if version else ''}"
          f"{f' of {day.isoformat()}' if day else ''}, by role:")
    for role, people in standing.items():
        if not people:
            continue
        print(f"\n{policy.roles[role].name}:")
        for s in people:
            last = s.confirmation
            when = f"last confirmed {last.confirmed_at.date().isoformat()}" + (
                f" (version {last.version})" if last.version else "") if last else "never confirmed"
            print(f"  {'confirmed  ' if s.current else 'OUTSTANDING'}  {s.login}  ({when})")
    counts = [s.current for people in standing.values() for s in people]
    print(f"\n{sum(counts)} confirmed, {len(counts) - sum(counts)} outstanding.")
    return 0


def _disclose(args: argparse.Namespace) -> int:
    from generator.register.disclosures import Told, record

    with _opened(args) as (policy, register):
        done = record(register, policy, args.reference, _allowed(args, policy, register),
                      Told(args.to, args.person, args.rule, args.told_on, args.how,
                           args.reason), args.as_of)
    whom = ", ".join(filter(None, (done.name, done.role)))
    print(f"Recorded: {args.reference} told to {whom} on {done.told_on.isoformat()}, "
          + (f"outside the policy's roles ({done.reason})" if done.outside
             else f"under {done.rule}"))
    return 0


def _disclosures(args: argparse.Namespace) -> int:
    from generator.register.disclosures import last_decided, listed, to_tell

    with _opened(args) as (policy, register):
        officer = _allowed(args, policy, register)
        kept = listed(register, policy, [args.reference], officer)
        stored = register.get(args.reference)
        assert stored is not None  # listed refuses a reference not kept
        due = to_tell(policy, stored, last_decided(register, args.reference), kept)
    print("Whom the policy says to tell:" if due else
          "The policy names no one to tell of this case's decision.")
    for item in due:
        told = ", ".join(d.told_on.isoformat() for d in item.told) or "NOT YET TOLD"
        print(f"  {item.role} ({item.rule.path}): {told}\n    {item.said}")
    print("Tellings recorded:" if kept else "No telling is recorded.")
    for d in kept:
        whom = ", ".join(filter(None, (d.name, d.role)))
        under = f"outside the policy's roles: {d.reason}" if d.outside else d.rule
        print(f"  {d.told_on.isoformat()}  {whom}  {d.how or ''}  {under}  (by {d.by})")
    return 0


def _feed(args: argparse.Namespace) -> int:
    from generator.output import write_private_bytes
    from generator.register.markers import feed_bytes, feed_target, make_feed

    target = feed_target(args.to, args.force) if args.to else None
    with _opened(args) as (policy, register):
        officer = _allowed(args, policy, register, "markers")
        body = feed_bytes(policy, make_feed(register, policy, args.as_of, by=officer.login),
                          args.format, args.changes)
    if target:
        print(f"{write_private_bytes(target, body)}: the marker feed (readable by you only)")
    else:
        sys.stdout.buffer.write(body)
    return 0


def add_duty_commands(command: Callable[..., argparse.ArgumentParser],
                      open_register: Callable[[str | None], AbstractContextManager[Register]],
                      login: Callable[[], str]) -> None:
    """Add the duty commands to `policy cases` with ``command`` (which gives each --db and
    --source); ``open_register`` and ``login`` are the CLI's own."""

    def duty(name: str, handler: Callable[[argparse.Namespace], int],
             help_text: str) -> argparse.ArgumentParser:
        sub = command(name, handler, help_text, source=True)
        sub.add_argument("--as-of", type=_day, default=dt.date.today(), metavar="YYYY-MM-DD",
                         help="as on this day (default: today)")
        sub.set_defaults(open_register=open_register, login=login)
        sub.add_argument("--by", metavar="LOGIN", help="your login at the desk: its roles "
                         "say what you may do, and the audit log names it (default: your "
                         "user name)")
        return sub

    due = duty("due", _due, "List every review and end falling due, by the policy's "
                  "rules, and what the policy leaves unsaid.")
    due.add_argument("--within", metavar="PERIOD",
                     help="also what falls due within this period, such as 30d or 3m")
    review = duty("review", _review, "Record a review's outcome and, with --letter, make "
                     "the letter telling the customer.")
    review.add_argument("reference")
    review.add_argument("--held-on", type=_day, required=True, metavar="YYYY-MM-DD")
    review.add_argument("--outcome", required=True, help="continue, escalate, close...")
    review.add_argument("--notes", default="", help="what the review considered")
    review.add_argument("--letter", action="store_true", help="write the review outcome letter")
    review.add_argument("--out", type=Path, default=Path("out"), help="letters folder (out/)")
    review.add_argument("--force", action="store_true", help="replace an existing letter")
    purge = duty("purge", _purge, "Delete the cases kept as long as the policy allows, "
                    "each deletion in the audit log.")
    purge.add_argument("--dry-run", action="store_true", help="list them, delete nothing")
    access = duty("access", _access, "Write everything held about one person to one "
                     "JSON file (a subject access request).")
    access.add_argument("who", metavar="REFERENCE-or-name")
    access.add_argument("--to", type=Path, required=True, metavar="FILE")
    access.add_argument("--postcode", help="the person's postcode, where several people of "
                        "the name are kept")
    access.add_argument("--force", action="store_true", help="replace the file if it exists")
    report = duty("report", _report, "Write the periodic report on the register (.docx "
                     "and an HTML page), numbers only.")
    report.add_argument("--from", dest="start", type=_day, metavar="YYYY-MM-DD",
                        help="the period's first day (with --to; default: from the policy's "
                             "reporting rule)")
    report.add_argument("--to", dest="end", type=_day, metavar="YYYY-MM-DD",
                        help="the period's last day")
    report.add_argument("--period", metavar="START..END",
                        help="the period in one, such as 2026-04-01..2027-03-31")
    report.add_argument("--out", type=Path, default=Path("out"),
                        help="a .docx, .pdf (with its .docx) or .html file, or a folder "
                             "for .docx and .html (out/)")
    disclose = duty("disclose", _disclose, "Record that you told someone of a case's "
                    "decided restriction: a role the policy names, or anyone else with a "
                    "reason.")
    disclose.add_argument("reference", help="the case's reference")
    disclose.add_argument("--to", metavar="ROLE", help="the role told (a roles.yaml id)")
    disclose.add_argument("--person", metavar="NAME", help="the person told, by name")
    disclose.add_argument("--rule", metavar="FACT", help="the policy's rule you told them "
                          "under, as `policy cases disclosures` lists it")
    disclose.add_argument("--reason", help="why, for anyone the rule does not name")
    disclose.add_argument("--how", help="how you told them, such as by email")
    disclose.add_argument("--on", dest="told_on", type=_day, metavar="YYYY-MM-DD",
                          help="the day you told them (default: today)")
    told = duty("disclosures", _disclosures, "List whom the policy says to tell of a "
                "case's decision, and every telling recorded.")
    told.add_argument("reference", help="the case's reference")
    feed = duty("feed", _feed, "Write the marker feed for a CRM: every live restriction, "
                "or with --changes those added, changed and ended since the last feed.")
    feed.add_argument("--format", choices=("json", "csv"), default="json",
                      help="the file's format: JSON (default) or CSV.")
    feed.add_argument("--changes", action="store_true",
                      help="only what was added, changed or ended since the last feed")
    feed.add_argument("--to", type=Path, metavar="FILE",
                      help="write it to this file, readable by you only (default: print it)")
    feed.add_argument("--force", action="store_true", help="replace the file if it exists")
    audit = duty("audit", _audit, "Print the audit log, of one case or of the register.")
    audit.add_argument("reference", nargs="?")
    duty("confirmations", _confirmations, "List who has confirmed reading the policy as it "
         "applies to their roles, as it stands now, by role, and who is outstanding.")
