"""`policy cases due|review|purge|access|report|audit`: the register's duties on the command
line. Each parses its arguments, calls one function of :mod:`generator.register.actions`
(or a pure duty) and prints the result; the parser is added to `policy cases` by the CLI."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
from collections.abc import Callable
from pathlib import Path

from generator.errors import Problem, SourceError


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD") from None


def _opened(args: argparse.Namespace):  # -> (Policy, Register)
    from generator.register.store import Register
    from generator.source import read_policy

    return read_policy(args.source), Register.open(args.db)


def _due(args: argparse.Namespace) -> int:
    from generator.register.due import parse_within, reviews_due
    from generator.register.kept import all_facts

    try:
        within = parse_within(args.within) if args.within else None
    except ValueError as exc:
        raise SourceError([Problem("--within", 0, "", str(exc), "such as --within 30d")]) \
            from None
    policy, register = _opened(args)
    with register:
        due = reviews_due(policy, all_facts(register), args.as_of, within)
    for item in due.items:
        print(item.describe(args.as_of))
    if not due.items:
        print(f"Nothing is due by {due.until.isoformat()}.")
    print("\nNot due by any rule, as the policy does not say:")
    for note in due.unsaid:
        print(f"  {note}")
    return 0


def _review(args: argparse.Namespace) -> int:
    from generator.register.actions import make_review_letter, record_review

    policy, register = _opened(args)
    with register:
        record_review(register, policy, args.reference, held_on=args.held_on,
                      outcome=args.outcome, notes=args.notes, by=args.by)
        print(f"Recorded the review of {args.reference} held on {args.held_on.isoformat()}: "
              f"{args.outcome}")
        if args.letter:
            print(make_review_letter(register, policy, args.source, args.reference,
                                     out_dir=args.out, by=args.by, force=args.force))
    return 0


def _purge(args: argparse.Namespace) -> int:
    from generator.register.actions import purge

    policy, register = _opened(args)
    with register:
        due = purge(register, policy, args.as_of, by=args.by, dry_run=args.dry_run)
    verb = "would delete" if args.dry_run else "deleted"
    for expired in due.expired:
        print(f"{verb}: {expired.describe()}")
    print(f"{len(due.expired)} case{'s' if len(due.expired) != 1 else ''} {verb}.")
    for note in due.unsaid:
        print(f"  {note}")
    return 0


def _access(args: argparse.Namespace) -> int:
    from generator.register.actions import subject_access

    policy, register = _opened(args)
    with register:
        path, references = subject_access(register, policy, args.who, args.to, args.as_of)
    print(f"{path}: everything held on {', '.join(references)} (readable by you only)")
    return 0


def _report(args: argparse.Namespace) -> int:
    from generator.register.actions import report, write_reports
    from generator.register.report import Period, default_period

    policy, register = _opened(args)
    try:
        period = Period.parse(args.period) if args.period else default_period(policy,
                                                                              args.as_of)
    except ValueError as exc:
        raise SourceError([Problem("--period", 0, "", str(exc), "")]) from None
    if period is None:
        raise SourceError([Problem(str(args.source / "reviews.yaml"), 0, "reviews.reporting",
                                   "the policy names no periodic report or calendar review "
                                   "to set the period", "give --period START..END")])
    with register:
        fig = report(register, policy, period)
    for path in write_reports(policy, fig, args.out):
        print(path)
    return 0


def _audit(args: argparse.Namespace) -> int:
    from generator.register.store import Register

    with Register.open(args.db) as register:
        for entry in register.audit(args.reference):
            print(f"{entry.at.isoformat(timespec='seconds')}  {entry.by}  {entry.action}  "
                  f"{entry.reference or ''}  {', '.join(entry.fields)}"
                  + (f"  ({entry.note})" if entry.note else ""))
    return 0


def _plainly(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """A change the register refuses (a stale version, a missing case) as a message."""
    from generator.register.store import RegisterError

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except RegisterError as exc:
            raise SourceError([Problem("register", 0, "", str(exc), "")]) from None

    return run


def add_duty_commands(commands: argparse._SubParsersAction) -> None:
    """Add the duty commands below `policy cases`."""

    def command(name: str, handler: Callable[[argparse.Namespace], int],
                help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--source", type=Path, metavar="DIR",
                         help="policy source folder (default: policy_src)")
        sub.add_argument("--db", metavar="URL", help="the register's database (default: "
                         "the SQLite file in your data folder)")
        sub.add_argument("--as-of", type=_day, default=dt.date.today(), metavar="YYYY-MM-DD",
                         help="as on this day (default: today)")
        sub.set_defaults(handler=_plainly(handler))
        return sub

    def officer(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--by", default=getpass.getuser(),
                         help="your login, for the audit log (default: your user name)")

    due = command("due", _due, "List every review and end falling due, by the policy's "
                  "rules, and what the policy leaves unsaid.")
    due.add_argument("--within", metavar="PERIOD",
                     help="also what falls due within this period, such as 30d or 3m")
    review = command("review", _review, "Record a review's outcome and, with --letter, make "
                     "the letter telling the customer.")
    review.add_argument("reference")
    review.add_argument("--held-on", type=_day, required=True, metavar="YYYY-MM-DD")
    review.add_argument("--outcome", required=True, help="continue, escalate, close...")
    review.add_argument("--notes", default="", help="what the review considered")
    review.add_argument("--letter", action="store_true", help="write the review outcome letter")
    review.add_argument("--out", type=Path, default=Path("out"), help="letters folder (out/)")
    review.add_argument("--force", action="store_true", help="replace an existing letter")
    officer(review)
    purge = command("purge", _purge, "Delete the cases kept as long as the policy allows, "
                    "each deletion in the audit log.")
    purge.add_argument("--dry-run", action="store_true", help="list them, delete nothing")
    officer(purge)
    access = command("access", _access, "Write everything held about one person to one "
                     "JSON file (a subject access request).")
    access.add_argument("who", metavar="REFERENCE-or-name")
    access.add_argument("--to", type=Path, required=True, metavar="FILE")
    report = command("report", _report, "Write the periodic report on the register (.docx "
                     "and an HTML page), numbers only.")
    report.add_argument("--period", metavar="START..END",
                        help="such as 2026-04-01..2027-03-31 (default: from the policy's "
                             "reporting rule)")
    report.add_argument("--out", type=Path, default=Path("out"),
                        help="a .docx or .html file, or a folder for both (out/)")
    audit = command("audit", _audit, "Print the audit log, of one case or of the register.")
    audit.add_argument("reference", nargs="?")
