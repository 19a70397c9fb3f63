"""The `policy` command: parse arguments, call one library function, print its result.

Heavy libraries (MkDocs, docxtpl, pandoc) are imported inside the commands that use them,
so `policy check` stays quick.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import Problem, SourceError

if TYPE_CHECKING:
    from generator.load import RawSource
    from generator.model import Policy

DEFAULT_SOURCE = Path("policy_src")


def _check(args: argparse.Namespace) -> int:
    from generator.load import locate
    from generator.readability import readability_findings
    from generator.source import read_source
    from generator.standing import approval_findings, review_findings
    from generator.unsaid import unsaid

    policy, raw = read_source(args.source)
    warnings, problems = review_findings(policy, args.as_of, args.strict,
                                         locate(raw.data, ("policy", "next_review_date")))
    approval_warnings, wrong = approval_findings(policy, args.as_of, lambda n: locate(
        raw.data, ("policy", "approvals", n, "date")))
    warnings, problems = warnings + approval_warnings, problems + wrong
    problems += _rendering_checks(policy, args.source, raw)
    score, unreadable = readability_findings(
        policy, locate(raw.data, ("policy", "readability_minimum")))
    problems += unreadable
    for warning in [*policy.warnings, *warnings, *unsaid(policy, raw)]:
        print(warning, file=sys.stderr)
    if problems:
        print(score, file=sys.stderr)
        raise SourceError(problems)
    forms = sum(1 for letter in policy.letters.values() if letter.kind == "form")
    version = f" v{policy.policy.version}" if policy.policy.version else ""
    print(f"OK: {policy.policy.council.name}, {policy.policy.title}{version} "
          f"({policy.policy.status}): {len(policy.stages)} stages, {len(policy.measures)} "
          f"measures, {len(policy.roles)} roles, {len(policy.decisions)} decisions, "
          f"{len(policy.letters) - forms} letters, {forms} forms")
    print(score)
    return 0


def _rendering_checks(policy: Policy, source: Path, raw: RawSource) -> list[Problem]:
    """The checks that render the source's outputs (its letter templates for sample cases,
    its Welsh pages), which depend on nothing but the source and the generator: remembered
    by a hash of both, so an unchanged source is not rendered again."""
    from generator import cache
    from generator.package_data import SHARED_TEMPLATES

    entry = cache.key(str(source), str(raw.root), cache.files_of(Path(raw.root)),
                      cache.generator_code(), cache.files_of(SHARED_TEMPLATES),
                      *(metadata.version(name) for name in ("docxtpl", "python-docx", "jinja2")))
    kept = cache.value("checks", entry)
    if kept is not None:
        return [Problem(*fields) for fields in kept]
    from generator.letter_check import check_letters

    problems = check_letters(policy, source, raw.data)
    if policy.policy.welsh:
        from generator.translation_check import check_welsh

        problems += check_welsh(policy, raw.data)
    cache.keep_value("checks", entry, [dataclasses.astuple(p) for p in problems])
    return problems


def _build(args: argparse.Namespace) -> int:
    from generator.site import build

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
                       engine=args.engine)
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
    from generator.serve import serve

    serve(args.source, port=args.port)
    return 0


def _letter(args: argparse.Namespace) -> int:
    return _write_letters(args, [args.case], args.letter_id)


def _letters(args: argparse.Namespace) -> int:
    cases = sorted(p for p in Path(args.cases).glob("*.y*ml") if p.is_file())
    return _write_letters(args, cases, args.letter, progress=_progress)


def _write_letters(args: argparse.Namespace, cases: list[Path], letter_id: str | None,
                   progress: Callable[[int, int], None] | None = None) -> int:
    from generator.case_letters import letters_for_cases
    from generator.source import read_policy

    results = letters_for_cases(read_policy(args.source), args.source, cases, letter_id,
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


def _diff(args: argparse.Namespace) -> int:
    from generator.changelog import changes_between
    from generator.diff import render
    from generator.source import read_policy
    from generator.versions import locate

    current = read_policy(args.source).policy.version
    old = read_policy(locate(args.source, args.old, current))
    new = read_policy(locate(args.source, args.new, current))
    changes, prose = changes_between(old, new)
    title = f"Changes from version {old.policy.version} to version {new.policy.version}"
    print(render(changes, prose, args.format, title), end="")
    return 0


def _revise(args: argparse.Namespace) -> int:
    from generator.revise import revise

    revision = revise(args.source, args.version, args.date)
    review = (f" Proposed next review date: {revision.next_review}." if revision.next_review
              else " policy.yaml gives no review_interval, so the next review date is unchanged.")
    print(f"Version {revision.version} started as a draft; the previous version is kept in "
          f"{revision.kept}.{review} Add a summary "
          "of what changed to its version_history entry before it is approved.")
    return 0


def _report(args: argparse.Namespace) -> int:
    from generator.report import approval_report

    out = args.out or Path("out") / f"approval-report-{args.new}.docx"
    print(approval_report(args.source, args.old, args.new, out))
    return 0


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD") from None


def _upgrade(args: argparse.Namespace) -> int:
    from generator.upgrade import upgrade

    changed = upgrade(args.source)
    for path in changed:
        print(f"upgraded {path}")
    if not changed:
        print(f"{args.source} already uses the current source format")
    return 0


def _new(args: argparse.Namespace) -> int:
    from generator.new_source import new_source

    new_source(args.folder, args.name, args.nation, args.title)
    print(f"Wrote a new source in {args.folder}; fill it in from your document, then run "
          f"`policy check {args.folder}`")
    return 0


def _schema(args: argparse.Namespace) -> int:
    """The JSON Schema of a source (``policy schema``) or of a case file (``schema case``)."""
    from generator.case import Case
    from generator.model import Documented, Policy

    model = Case if args.kind == "case" else Policy
    print(json.dumps(model.model_json_schema(schema_generator=Documented), indent=2,
                     sort_keys=True))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy",
        description="Build a council's unacceptable customer behaviour policy from its source.",
    )
    parser.add_argument("--version", action="version",
                        version=f"%(prog)s {metadata.version('council-policy-generator')}")
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
    build.add_argument("--out", type=Path, default=Path("site"), help="output folder")
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
        sub.add_argument("--as-of", type=_date, default=dt.date.today(), metavar="YYYY-MM-DD",
                         help="judge review dates as on this day (default: today)")
    serve = command("serve", _serve, "Serve the internal site on localhost, rebuilt on save.",
                    positional=True)
    serve.add_argument("--port", type=int, default=8000)
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
    report.add_argument("--out", type=Path, help="the .docx to write (default: "
                        "out/approval-report-NEW.docx)")
    schema = command("schema", _schema, "Print the JSON Schema of the source format, or with "
                     "`case` of a case file.", source=False)
    schema.add_argument("kind", nargs="?", choices=("source", "case"), default="source",
                        help="source (default) or case")
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
