"""The `policy` command: parse arguments, call one library function, print its result.

Heavy libraries (MkDocs, docxtpl, pandoc) are imported inside the commands that use them,
so `policy check` stays quick.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from generator.errors import SourceError

DEFAULT_SOURCE = Path("policy_src")


def _check(args: argparse.Namespace) -> int:
    from generator.source import read_policy

    policy = read_policy(args.source)
    forms = sum(1 for letter in policy.letters.values() if letter.kind == "form")
    print(f"OK: {policy.policy.council.name}, {policy.policy.title} v{policy.policy.version} "
          f"({policy.policy.status}): {len(policy.stages)} stages, {len(policy.measures)} "
          f"measures, {len(policy.roles)} roles, {len(policy.decisions)} decisions, "
          f"{len(policy.letters) - forms} letters, {forms} forms")
    return 0


def _build(args: argparse.Namespace) -> int:
    from generator.site import build

    result = build(args.source, args.out, markdown_only=args.markdown_only)
    what = "Markdown" if args.markdown_only else "sites"
    counts = ", ".join(f"{audience} {count} pages" for audience, count in result.pages.items())
    print(f"Built {what} for {result.policy.policy.council.name} into {result.out}: {counts}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from generator.serve import serve

    serve(args.source, port=args.port)
    return 0


def _schema(args: argparse.Namespace) -> int:
    from generator.model import Policy

    print(json.dumps(Policy.model_json_schema(), indent=2, sort_keys=True))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy",
        description="Build a council's unacceptable customer behaviour policy from its source.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Callable[[argparse.Namespace], int], help_text: str,
                source: bool = True) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        if source:
            sub.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE,
                             help="policy source folder (default: policy_src)")
        sub.set_defaults(handler=handler)
        return sub

    command("check", _check, "Load and validate a policy source; print OK or every problem.")
    build = command("build", _build, "Build the public and internal sites into site/.")
    build.add_argument("--out", type=Path, default=Path("site"), help="output folder")
    build.add_argument("--markdown-only", action="store_true",
                       help="write only the generated Markdown trees, to OUT/markdown/")
    serve = command("serve", _serve, "Serve the internal site on localhost, rebuilt on save.")
    serve.add_argument("--port", type=int, default=8000)
    command("schema", _schema, "Print the JSON Schema of the source format.", source=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.handler(args)
    except SourceError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = len(exc.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
