"""The `policy` command: parse arguments, call one library function, print its result.

Heavy libraries (MkDocs, docxtpl, pandoc) are imported inside the commands that use them,
so `policy check` stays quick.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import getpass
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from generator.private import SITE
from generator.source.errors import Problem, SourceError

__all__ = ["DEFAULT_SOURCE", "main"]

if TYPE_CHECKING:
    from generator.register.store import Register
    from generator.revisions.impact import Impact
    from generator.source.load import RawSource
    from generator.source.model import Policy

DEFAULT_SOURCE = Path("policy_src")


def _check(args: argparse.Namespace) -> int:
    from generator.letters.letter_check import asked_again
    from generator.revisions.standing import (
        approval_findings,
        approval_notes,
        review_findings,
        sites_line,
        summary_notes,
    )
    from generator.sites.readability import readability_findings
    from generator.sites.unsaid import unsaid
    from generator.source.load import locate
    from generator.source.read import checked_source

    policy, raw, invalid = checked_source(args.source)
    warnings, problems = review_findings(policy, args.as_of, args.strict,
                                         locate(raw.data, ("policy", "next_review_date")))
    problems = invalid + problems
    approval_warnings, wrong = approval_findings(policy, args.as_of, lambda n: locate(
        raw.data, ("policy", "approvals", n, "date")))
    warnings, problems = warnings + approval_warnings, problems + wrong
    problems += _rendering_checks(policy, raw, invalid)
    if invalid:  # the notes and the reading score render the prose: once it is valid
        for warning in [*policy.warnings, *warnings]:
            print(warning, file=sys.stderr)
        raise SourceError(problems)
    score, unreadable = readability_findings(
        policy, locate(raw.data, ("policy", "readability_minimum")))
    problems += unreadable
    notes = approval_notes(policy, locate(raw.data, ("policy", "approvals")))
    notes += summary_notes(policy, locate(raw.data, ("policy", "version_history")))
    notes += _stale_welsh(policy, raw) + _unplaced_reasons(policy, raw)
    notes += asked_again(policy, raw) + _no_end_letter(policy, raw)
    for warning in [*policy.warnings, *warnings, *unsaid(policy, raw), *notes]:
        print(warning, file=sys.stderr)
    if problems:
        print(score, file=sys.stderr)
        raise SourceError(problems)
    forms = sum(1 for letter in policy.letters.values() if letter.kind == "form")
    version = f" v{policy.policy.version}" if policy.policy.version else ""
    print(f"OK: {policy.policy.council.name}, {policy.policy.title}{version} "
          f"({policy.policy.status}): {len(policy.stages)} stages, {len(policy.measures)} "
          f"measures, {len(policy.roles)} roles, {len(policy.decisions)} decisions, "
          f"{len(policy.letters) - forms} letters, {forms} forms; "
          f"{sites_line(policy, args.as_of)}")
    print(score)
    return 0


def _stale_welsh(policy: Policy, raw: RawSource) -> list[str]:
    """Warnings for Welsh left as it was while its English changed since the last kept
    version."""
    if not policy.policy.welsh:
        return []
    from generator.revisions.versions import previous_policy
    from generator.sites.translation_check import stale_welsh

    previous = previous_policy(policy)
    return stale_welsh(previous, policy, raw.data) if previous else []


def _no_end_letter(policy: Policy, raw: RawSource) -> list[str]:
    """A note where measures can end but no letter tells the customer they have."""
    from generator.register.due import no_end_letter
    from generator.source.load import locate

    if not no_end_letter(policy):
        return []
    file, line = locate(raw.data, ("letters",))
    return [f"note: {file or raw.display('letters.yaml')}:{line or 1}: letters: no letter has "
            "the purpose end_of_monitoring, so when a measure ends, lapses or is lifted the "
            "due list can name no letter to tell the customer; add one, if the policy sends "
            "one"]


def _unplaced_reasons(policy: Policy, raw: RawSource) -> list[str]:
    """Warnings for reasons in the version history that name nothing a change can have."""
    if not any(entry.reasons for entry in policy.policy.version_history):
        return []  # nothing to read (and the diff's imports are not needed)
    from generator.revisions.diff import unplaced_reasons
    from generator.revisions.versions import previous_policy
    from generator.source.load import locate

    found = []
    for index, key in unplaced_reasons(policy, previous_policy(policy)):
        file, line = locate(raw.data, ("policy", "version_history", index, "reasons", key))
        found.append(f"warning: {file}:{line}: reasons: '{key}' names no fact or section of "
                     "the policy, so no change shows this reason; name a fact path (such as "
                     "stages.stage_1.monitoring.default) or a section (parts.<part>.<section>)")
    return found


def _rendering_checks(policy: Policy, raw: RawSource,
                      invalid: list[Problem]) -> list[Problem]:
    """The checks that render the source's outputs (its letter templates for sample cases,
    its Welsh pages), which depend on nothing but the source and the generator: remembered
    by a hash of both, so an unchanged source is not rendered again. Of a source with
    problems already (``invalid``), only the letters the problems leave alone are tried."""
    source = policy.folder
    if invalid:
        return _letters_left_alone(policy, raw, invalid)
    from generator import cache
    from generator.package_data import SHARED_TEMPLATES

    entry = cache.key(str(source), str(raw.root), cache.files_of(Path(raw.root)),
                      cache.generator_code(), cache.files_of(SHARED_TEMPLATES),
                      *map(cache.library, ("docxtpl", "docx", "jinja2")))
    kept = cache.value("checks", entry)
    if kept is not None:
        return [Problem(*fields) for fields in kept]
    from generator.letters.letter_check import check_letters
    from generator.sites.build import site_checks
    from generator.sites.exports import reference_problems

    problems = check_letters(policy, source, raw.data) + reference_problems(policy)
    if policy.policy.welsh:
        from generator.sites.translation_check import check_welsh

        problems += check_welsh(policy, raw.data)
    # a letter whose template the letter check found wrong fails the trees' fill-ins too:
    # say it once, as the letter check does
    letters = {".".join(p.field.split(".")[:2]) for p in problems
               if p.field.startswith("letters.")}
    problems = list(dict.fromkeys([*problems, *(
        p for p in site_checks(policy)
        if ".".join(p.field.split(".")[:2]) not in letters)]))
    cache.keep_value("checks", entry, [dataclasses.astuple(p) for p in problems])
    return problems


def _letters_left_alone(policy: Policy, raw: RawSource,
                        invalid: list[Problem]) -> list[Problem]:
    """The rendering checks of the letters no problem names, on a policy that has problems
    elsewhere: a letter whose own entry, stage or decision is wrong waits for the next run,
    so that nothing reported is an echo of another problem."""
    source = policy.folder
    from generator.letters.letter_check import check_letters

    named = " ".join(problem.field for problem in invalid)
    if any(word in named for word in ("roles", "decisions", "stages", "rights", "reviews",
                                      "measures", "behaviours", "protocols")):
        return []  # what every letter states is wrong somewhere: check letters next run
    kept = {letter_id: letter for letter_id, letter in policy.letters.items()
            if f"letters.{letter_id}" not in named}
    return check_letters(policy.model_copy(update={"letters": kept}), source, raw.data)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _build(args: argparse.Namespace) -> int:
    from generator.sites.build import build

    audiences = ("public", "internal") if args.audience == "all" else (args.audience,)
    sources = [args.source, *args.more_sources]
    names = [source.resolve().name for source in sources]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise SourceError([Problem(str(args.out), 0, "", f"two sources would be built into "
                                   f"{args.out / name}", "build them one at a time")
                           for name in twice])
    for source, name in zip(sources, names, strict=True):
        # Several sources share one process: each engine starts, and compiles, only once.
        out = args.out / name if len(sources) > 1 else args.out
        result = build(source, out, markdown_only=args.markdown_only, audiences=audiences,
                       as_of=args.as_of, preview=args.preview, pdf=not args.no_pdf,
                       engine=args.engine, on_wait=_say)
        for warning in result.policy.warnings:
            print(warning, file=sys.stderr)
        for note in result.notes:
            print(f"note: {note}", file=sys.stderr)
        what = "Markdown" if args.markdown_only else "sites"
        counts = ", ".join(f"{audience} {count} pages"
                           for audience, count in result.pages.items())
        print(f"Built {what} for {result.policy.policy.council.name} into {result.out}: "
              f"{counts}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from generator.sites.serve import serve

    serve(args.source, port=args.port)
    return 0


def _build_server(args: argparse.Namespace) -> int:
    from generator.cli import build_server

    if args.action == "start":
        try:
            pid = build_server.start(max(args.idle, 1) * 60)
        except OSError as exc:
            raise SourceError([Problem("build-server", 0, "", f"it did not start: {exc}",
                                       "run the command without it, as before")]) from None
        print(f"The build server runs (process {pid}); `policy build` and `policy check` "
              f"use it until it has been idle {args.idle} minutes.")
    elif args.action == "stop":
        stopped = build_server.stop()
        print(f"Stopped the build server (process {', '.join(map(str, stopped))})."
              if stopped else "No build server was running.")
    elif (running := build_server.running()) is not None:
        print(f"The build server runs (process {running}).")
    else:
        print("No build server runs for this version of the generator.")
    return 0


def _desk(args: argparse.Namespace) -> int:
    from generator.desk.server import add_officer, serve

    if args.add_officer:
        add_officer(args.db, args.add_officer, args.name, args.role or [],
                    None if args.no_password else _password(), args.source, admin=args.admin)
        print(f"Officer {args.add_officer} kept in the register")
        return 0
    serve(args.source, args.db, args.host, args.port, args.identity_header,
          args.trusted_proxy, args.draft)
    return 0


def _password() -> str:
    """A new password: asked twice on a terminal, else read from the first line of stdin."""
    import getpass

    if not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            raise SourceError([Problem("password", 0, "", "the two passwords differ",
                                       "run the command again")])
    if len(password) < 12:
        raise SourceError([Problem("password", 0, "", "the password is shorter than 12 "
                                   "characters", "choose a longer one")])
    return password


def _letter(args: argparse.Namespace) -> int:
    return _write_letters(args, [args.case], args.letter_id)


def _letters(args: argparse.Namespace) -> int:
    cases = sorted(p for p in Path(args.cases).glob("*.y*ml") if p.is_file())
    return _write_letters(args, cases, args.letter, progress=_progress)


def _write_letters(args: argparse.Namespace, cases: list[Path], letter_id: str | None,
                   progress: Callable[[int, int], None] | None = None) -> int:
    from generator.letters.case_letters import letters_for_cases
    from generator.source.read import read_policy

    results = letters_for_cases(read_policy(args.source), cases, letter_id,
                                args.out, force=args.force, pdf=not args.no_pdf,
                                progress=progress)
    for result in results:
        for path in result.files:
            print(path)
    problems = [problem for result in results for problem in result.problems]
    if problems:
        raise SourceError(problems)
    return 0


def _progress(done: int, total: int) -> None:
    filled = 30 * done // total
    print(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} letters", end="",
          file=sys.stderr, flush=True)
    if done == total:
        print(file=sys.stderr)


def _preflight(args: argparse.Namespace) -> int:
    from generator.documents.preflight import check, problems

    found: list[Problem] = []
    for pdf in args.pdfs:
        if not pdf.is_file():
            found.append(Problem(str(pdf), 0, "", "there is no such file",
                                 "give the path of a letter's PDF"))
            continue
        findings = check(pdf, posted=not args.form, address=not args.no_address)
        found += problems(findings, str(pdf))
        if not findings:
            print(f"{pdf}: the print house would accept it")
    if found:
        raise SourceError(found)
    return 0


def _diff(args: argparse.Namespace) -> int:
    from generator.revisions.changelog import changes_between
    from generator.revisions.diff import render
    from generator.revisions.versions import locate
    from generator.source.read import read_policy

    current = read_policy(args.source).policy.version
    old = read_policy(locate(args.source, args.old, current))
    new = read_policy(locate(args.source, args.new, current))
    changes, prose = changes_between(old, new)
    title = f"Changes from version {old.policy.version} to version {new.policy.version}"
    said = render(changes, prose, args.format, title)
    if args.cases and not args.db:
        raise SourceError([Problem("--cases", 0, "", "the cases are read from a register",
                                   "give --db URL too")])
    if args.db:
        from generator.revisions.impact import as_data, render_impact

        impact = _impact(args.db, args.by, old, new, args.cases)
        said = json.dumps({**json.loads(said), "impact": as_data(impact, args.cases)},
                          indent=2) + "\n" if args.format == "json" else \
            said + render_impact(impact, args.format, args.cases)
    print(said, end="")
    return 0


def _impact(db: str, by: str | None, current: Policy, draft: Policy,
            cases: bool) -> Impact:
    """What ``draft`` would do to the register's cases, for an officer whose roles (under
    the policy in force) may read the register's report (counts) or the cases (the list)."""
    from generator.register.actions import officer_of, require
    from generator.register.impact import measure

    with _register(db) as register:
        require(current, officer_of(register, by or _login()), "impact" if cases else "report")
        return measure(register, current, draft)


def _revise(args: argparse.Namespace) -> int:
    from generator.revisions.revise import revise

    revision = revise(args.source, args.version, args.date)
    review = (f" Proposed next review date: {revision.next_review}." if revision.next_review
              else " policy.yaml gives no review_interval, so the next review date is unchanged.")
    print(f"Version {revision.version} started as a draft; the previous version is kept in "
          f"{revision.kept}.{review} Add a summary "
          "of what changed to its version_history entry before it is approved.")
    return 0


def _report(args: argparse.Namespace) -> int:
    from generator.sites.approval_report import approval_report

    out = args.out or Path("out") / f"approval-report-{args.new}.docx"
    measured = (lambda current, draft: _impact(args.db, args.by, current, draft, False)) \
        if args.db else None
    print(approval_report(args.source, args.old, args.new, out, measured))
    return 0


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD") from None


def _upgrade(args: argparse.Namespace) -> int:
    from generator.source.upgrade import upgrade

    changed = upgrade(args.source)
    for path in changed:
        print(f"upgraded {path}")
    if not changed:
        print(f"{args.source} already uses the current source format")
    checklist = _wording_checklist(args.source)
    if checklist:
        print(f"wrote {checklist}: texts the letters print that still need your words")
    return 0


def _wording_checklist(source: Path) -> Path | None:
    """The checklist of customer wording still to write, where the source loads."""
    from generator.letters.letter_check import wording_checklist
    from generator.source.read import read_source

    try:
        policy, raw = read_source(source)
    except SourceError:
        return None  # `policy check` says what is wrong
    return wording_checklist(policy, source, raw.data)


def _new(args: argparse.Namespace) -> int:
    from generator.source.new_source import new_source

    new_source(args.folder, args.name, args.nation, args.title)
    print(f"Wrote a new source in {args.folder}; fill it in from your document, then run "
          f"`policy check {args.folder}`")
    return 0


def _schema(args: argparse.Namespace) -> int:
    """The JSON Schema of a source (``policy schema``) or of a case file (``schema case``)."""
    from generator.cases.case import Case
    from generator.source.model import Documented, Policy

    model = Case if args.kind == "case" else Policy
    print(json.dumps(model.model_json_schema(schema_generator=Documented), indent=2,
                     sort_keys=True))
    return 0


@contextmanager
def _register(url: str | None) -> Iterator[Register]:
    """The register at ``url`` (default: the SQLite file in the data folder), or a problem
    saying why it cannot be opened (the URL's password never printed)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, DBAPIError

    from generator.register.database import default_path
    from generator.register.store import Register, RegisterError

    hint = ("give --db a URL such as postgresql+psycopg://user@host/register or "
            "sqlite:///path/register.sqlite")
    try:
        where = make_url(url).render_as_string() if url else str(default_path())
    except ArgumentError:
        raise SourceError([Problem("--db", 0, "", "not a database URL", hint)]) from None
    try:
        register = Register.open(url)
    except (ArgumentError, DBAPIError, OSError, ValueError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise SourceError([Problem(where, 0, "", f"cannot open the register: {reason}",
                                   hint)]) from None
    with register:
        try:
            yield register
        except RegisterError as exc:  # such as another officer's save in between
            raise SourceError([Problem(where, 0, "", str(exc), "")]) from None


def _cases_import(args: argparse.Namespace) -> int:
    from generator.register.actions import officer_of
    from generator.register.case_files import import_cases
    from generator.source.read import read_policy

    policy = read_policy(args.source)
    with _register(args.db) as register:
        officer = officer_of(register, args.by or _login())
        kept = import_cases(policy, args.files, register, by=officer.login,
                            replace=args.replace, roles=officer.roles)
    for stored in kept:
        print(f"kept {stored.reference} (version {stored.version})")
    return 0


def _login() -> str:
    """Who is running the command, for the audit log."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment or the password file
        raise SourceError([Problem("--by", 0, "", "your login name is not known here",
                                   "give --by LOGIN")]) from None


def _cases_export(args: argparse.Namespace) -> int:
    from generator.register.actions import officer_of, require
    from generator.register.case_files import export_cases
    from generator.source.read import read_policy

    policy = read_policy(args.source)
    with _register(args.db) as register:
        require(policy, officer_of(register, args.by or _login()), "cases")
        written = export_cases(register, args.references, args.to, force=args.force)
    for path in written:
        print(path)
    if not written:
        print("The register holds no cases.", file=sys.stderr)
    return 0


def cases_commands(cases: argparse._SubParsersAction) -> Callable[..., argparse.ArgumentParser]:
    """The `policy cases` group: import and export here; the register's duties add theirs
    with the function returned, which gives each one --db (and --source when asked)."""

    def command(name: str, handler: Callable[[argparse.Namespace], int], help_text: str,
                source: bool = False) -> argparse.ArgumentParser:
        sub = cases.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--db", metavar="URL", help="the register's database (default: "
                         "register.sqlite in $POLICY_DATA_DIR, else in "
                         "$XDG_DATA_HOME/council-policy)")
        if source:
            sub.add_argument("--source", type=Path, metavar="DIR",
                             help="policy source folder (default: policy_src)")
        sub.set_defaults(handler=handler)
        return sub

    imports = command("import", _cases_import, "Check case files against the policy and keep "
                      "them in the register: all of them, or none if any is wrong.", source=True)
    imports.add_argument("files", nargs="+", type=Path, metavar="FILE", help="case files")
    imports.add_argument("--replace", action="store_true", help="save over a case the "
                         "register holds already, as its next version")
    imports.add_argument("--by", metavar="LOGIN",
                         help="who is importing, for the audit log (default: your login)")
    exports = command("export", _cases_export, "Write cases from the register as case files "
                      "that `policy letter` reads.", source=True)
    exports.add_argument("--by", metavar="LOGIN",
                         help="who is exporting: their roles must let them see the cases")
    exports.add_argument("references", nargs="*", metavar="REFERENCE",
                         help="the cases to export (default: all)")
    exports.add_argument("--to", type=Path, required=True, metavar="DIR",
                         help="the folder to write them into")
    exports.add_argument("--force", action="store_true", help="replace files there already")
    return command


class _Version(argparse.Action):
    """--version, asking importlib.metadata (a thirtieth of a second) only when used."""

    def __init__(self, option_strings: Sequence[str], dest: str, **_: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from importlib import metadata

        print(f"{parser.prog} {metadata.version('council-policy-generator')}")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy",
        description="Build a council's unacceptable customer behaviour policy from its source.",
    )
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Callable[[argparse.Namespace], int], help_text: str,
                source: bool = True, positional: bool = False) -> argparse.ArgumentParser:
        """A subcommand; every one that reads a source takes it as ``--source DIR``.

        ``positional`` also accepts the older form ``policy check DIR``, unlisted in help.
        """
        sub = commands.add_parser(name, help=help_text, description=help_text)
        if source:
            sub.add_argument("--source", type=Path, metavar="DIR",
                             help="policy source folder (default: policy_src)")
        if positional:
            sub.add_argument("old_source", nargs="?", type=Path, help=argparse.SUPPRESS)
        sub.set_defaults(handler=handler)
        return sub

    check = command("check", _check,
                    "Load and validate a policy source; print OK or every problem.",
                    positional=True)
    check.add_argument("--strict", action="store_true",
                       help="treat a policy overdue for review as an error")
    build = command("build", _build, "Build the public and internal sites into site/.",
                    positional=True)
    build.add_argument("more_sources", nargs="*", type=Path, metavar="DIR",
                       help="with the source given first as DIR: more sources, all built "
                            "in one process, each into OUT/<its folder name>/")
    build.add_argument("--out", type=Path, default=SITE, help="output folder")
    build.add_argument("--markdown-only", action="store_true",
                       help="write only the generated Markdown trees, to OUT/markdown/")
    build.add_argument("--audience", choices=("all", "public", "internal"), default="all",
                       help="which site to build (default: all the status allows)")
    build.add_argument("--no-pdf", action="store_true",
                       help="skip the PDF export of Part A (LibreOffice is slow to start)")
    build.add_argument("--preview", action="store_true",
                       help="build the public site of an unapproved version, marked PREVIEW")
    build.add_argument("--engine", choices=("mkdocs", "zensical"),
                       help="site engine (default: site_engine in policy.yaml, else mkdocs)")
    for sub in (check, build):
        sub.add_argument("--no-build-server", action="store_true",
                         help="run here, not in the build server (see `policy build-server`)")
        sub.add_argument("--as-of", type=_date, default=dt.date.today(), metavar="YYYY-MM-DD",
                         help="judge review dates as on this day (default: today)")
    serve = command("serve", _serve, "Serve the internal site on localhost, rebuilt on save.",
                    positional=True)
    serve.add_argument("--port", type=int, default=8000)
    desk = command("desk", _desk, "Serve the letter desk: officers make a case's letters in "
                   "the browser, the cases kept in the register.")
    desk.add_argument("--db", metavar="URL", help="the register's database (default: SQLite "
                      "in the data folder; postgresql+psycopg://... for a shared one)")
    desk.add_argument("--host", default="127.0.0.1", help="address to listen on "
                      "(default: 127.0.0.1, this machine only)")
    desk.add_argument("--port", type=int, default=8400)
    desk.add_argument("--identity-header", metavar="HEADER", help="trust the login the "
                      "council's reverse proxy puts in this header (such as X-Remote-User) "
                      "instead of passwords")
    desk.add_argument("--trusted-proxy", action="append", metavar="ADDRESS",
                      help="with --identity-header: the address the proxy connects from; "
                      "the header is refused from any other (give it once for each)")
    desk.add_argument("--add-officer", metavar="LOGIN", help="create or change an officer's "
                      "account, then stop (the password is asked for, or read from stdin)")
    desk.add_argument("--name", help="with --add-officer: the officer's full name")
    desk.add_argument("--role", action="append", metavar="ROLE", help="with --add-officer: "
                      "a role id from roles.yaml; give it once for each role")
    desk.add_argument("--no-password", action="store_true", help="with --add-officer: an "
                      "account that signs in through the reverse proxy only")
    desk.add_argument("--draft", type=Path, metavar="DIR", help="the source folder of a "
                      "draft revision: the desk's Draft revision page shows what it would do to "
                      "the open cases")
    desk.add_argument("--admin", action="store_true", help="with --add-officer: the officer "
                      "manages accounts (lists officers, changes roles, disables accounts)")
    for name, handler, help_text in (
            ("letter", _letter, "Write a ready-to-send letter (.docx, and .pdf with LibreOffice) "
                                "for one case."),
            ("letters", _letters, "Write the letters for every case file in a folder.")):
        sub = command(name, handler, help_text)
        sub.add_argument("--out", type=Path, default=Path("out"), help="output folder (out/)")
        sub.add_argument("--force", action="store_true", help="replace existing letters")
        sub.add_argument("--no-pdf", action="store_true", help="skip the PDF copies")
        if name == "letter":
            sub.add_argument("letter_id", help="letter id from letters.yaml")
            sub.add_argument("--case", type=Path, required=True, help="case file (YAML)")
        else:
            sub.add_argument("--cases", type=Path, required=True, help="folder of case files")
            sub.add_argument("--letter", help="letter id (default: the letter of each "
                                              "case's stage)")
    preflight = command("preflight", _preflight, "Check letter PDFs as the print house "
                        "(GOV.UK Notify) would before posting them: A4, pages, size, fonts, "
                        "ink outside the printable areas, the address in the window.",
                        source=False)
    preflight.add_argument("pdfs", nargs="+", type=Path, metavar="FILE.pdf",
                           help="the PDFs to check")
    preflight.add_argument("--form", action="store_true", help="check them as forms or "
                           "enclosures (no address window: every page as a letter's "
                           "second page)")
    preflight.add_argument("--no-address", action="store_true", help="do not read the "
                           "address back out of the window (a letter sent by hand or email)")
    diff = command("diff", _diff, "Say what changed between two versions, fact by fact.")
    diff.add_argument("old", help="version number (kept in SOURCE/versions/) or folder")
    diff.add_argument("new", help="version number or folder")
    diff.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    revise = command("revise", _revise, "Keep the current version and start the next as a "
                     "draft.", positional=True)
    revise.add_argument("--version", required=True, help="the new version, such as 3.1")
    revise.add_argument("--date", type=_date, default=dt.date.today(), metavar="YYYY-MM-DD",
                        help="date of the revision (default: today)")
    report = command("report", _report, "Write a report; `report approval` takes a revision "
                     "to the body that approves it.")
    report.add_argument("kind", choices=("approval",))
    report.add_argument("--from", dest="old", required=True, help="the version it replaces")
    report.add_argument("--to", dest="new", required=True, help="the version to approve")
    report.add_argument("--out", type=Path, help="the .docx to write, or a .pdf (written "
                        "with its .docx) (default: out/approval-report-NEW.docx)")
    for sub in (diff, report):  # what NEW would do to the register's open cases
        sub.add_argument("--db", metavar="URL", help="also count what NEW would do to the "
                         "open cases of this register (numbers only)")
        sub.add_argument("--by", metavar="LOGIN", help="with --db: your login at the desk, "
                         "whose roles must let you read the register (default: your user name)")
    diff.add_argument("--cases", action="store_true", help="with --db: list each case NEW "
                      "would change, and what changes for it (your roles must let you read "
                      "the cases)")
    server = command("build-server", _build_server, "Keep a process with the generator "
                     "imported, so `policy build` and `policy check` start at once.",
                     source=False)
    server.add_argument("action", choices=("start", "stop", "status"))
    server.add_argument("--idle", type=int, default=180, metavar="MINUTES",
                        help="with start: end after this long unused (default: 180)")
    schema = command("schema", _schema, "Print the JSON Schema of the source format, or with "
                     "`case` of a case file.", source=False)
    schema.add_argument("kind", nargs="?", choices=("source", "case"), default="source",
                        help="source (default) or case")
    from generator.cli.register import add_duty_commands

    about = ("Keep cases in the register: import and export case files, reviews due, "
             "purge, subject access, reports, audit.")
    cases = commands.add_parser("cases", help=about, description=about)
    add_duty_commands(cases_commands(cases.add_subparsers(
        dest="cases_command", required=True, metavar="COMMAND")), _register, _login)
    command("upgrade", _upgrade, "Rewrite the older forms a source still uses into the "
            "current format, keeping comments and layout.", positional=True)
    new = command("new", _new, "Start a new, empty source for your own policy document.",
                  source=False)
    new.add_argument("folder", type=Path, help="the folder to create")
    new.add_argument("--name", required=True, help="the body's full name")
    new.add_argument("--nation", required=True,
                     help="england, wales, scotland or northern_ireland")
    new.add_argument("--title", default="Policy on unacceptable customer behaviour",
                     help="the policy's title, as on your document")
    return parser


def _source(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """The source folder from ``--source``, the older positional form, or the default."""
    old = vars(args).pop("old_source", None)
    if old is not None and args.source is not None:
        parser.error("give the source folder once, as --source DIR")
    if "source" in vars(args):
        args.source = args.source or old or DEFAULT_SOURCE


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM ends the command as Ctrl-C does, so every temporary folder is removed."""
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    _source(parser, args)
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminated) if main_thread else None
    try:
        code = args.handler(args)
        sys.stdout.flush()
        return code
    except SourceError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = len(exc.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C: temporary folders are gone already
        print("Stopped.", file=sys.stderr)
        return 128 + signal.SIGINT
    except BrokenPipeError:  # `policy schema | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
