"""Writes the reference pages of the documentation site from the project itself.

- ``reference/source-format.md`` and ``reference/case-file.md``: every field of the model
  (its JSON Schema, as ``policy schema`` prints it, with the docstring under each field),
  with its type, an example from the test fixtures, and the sites that state it (the
  ``data-fact`` tags of the golden Markdown trees in ``tests/golden/``);
- ``reference/commands.md``: every command and option, from the command line's parser;
- ``reference/errors.md``: every message of the bad-input corpus (``tests/bad_sources/``,
  ``tests/bad_cases/``), each ending in what to do.

Run it after changing any of those (``make reference``); ``tests/test_docs.py`` fails while
a page differs from what this script writes.

    python docs/reference.py            # rewrite the pages
    python docs/reference.py --check    # name each stale page, exit 1 if any
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parent.parent
PAGES = Path(__file__).resolve().parent / "pages" / "reference"
FIXTURES = ROOT / "tests" / "fixtures"
#: The fixtures whose values serve as examples, the fullest first.
EXAMPLE_SOURCES = ("cheshire_west", "welsh", "joint_renewal", "scottish", "commission",
                   "revision", "minimal", "unsaid")
GOLDEN = ROOT / "tests" / "golden"
#: Which file of a source holds each topic of the model.
FILES = {"policy": "policy.yaml", "parts": "parts.yaml", "roles": "roles.yaml",
         "decisions": "decisions.yaml", "behaviours": "behaviours.yaml",
         "stages": "stages.yaml", "measures": "measures.yaml", "rights": "rights.yaml",
         "reviews": "reviews.yaml", "protocols": "protocols.yaml", "letters": "letters.yaml",
         "reports": "reports.yaml"}
SITES = {"public": "public site", "internal": "intranet"}
HEADER = "<!-- Written by docs/reference.py (make reference) from {what}; do not edit. -->\n\n"

__all__ = ["main", "pages"]


# --- fields ------------------------------------------------------------------------------


def _ref(schema: dict[str, Any]) -> str | None:
    return schema["$ref"].rsplit("/", 1)[1] if "$ref" in schema else None


def _plain(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema without its ``null`` alternative (an optional field)."""
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    return {**schema, **options[0]} if len(options) == 1 else schema


def _type(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    """How a field is written, in words."""
    schema = _plain(schema)
    ref = _ref(schema)
    if ref and "enum" in defs[ref]:
        return "one of " + ", ".join(f"`{v}`" for v in defs[ref]["enum"])
    if ref:
        return f"[{ref}](#{ref.lower()})"
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    if "anyOf" in schema:
        return " or ".join(_type(s, defs) for s in schema["anyOf"] if s.get("type") != "null")
    kind = schema.get("type")
    if kind == "array":
        return "list of " + _type(schema.get("items", {}), defs)
    if kind == "object":
        values = next(iter(schema.get("patternProperties", {}).values()), None) or \
            schema.get("additionalProperties")
        keys = "id" if "patternProperties" in schema else "name"
        return f"{keys} → " + _type(values, defs) if isinstance(values, dict) else "mapping"
    if kind == "string":
        pattern = schema.get("pattern", "")
        if "working" in pattern:
            return "period (`6 months`, `15 working days`)"
        if pattern.startswith("^[a-z]"):
            return "id"
        if "date" in schema.get("format", "") or "\\d{4}" in pattern:
            return "date (`YYYY-MM-DD` or `YYYY-MM`)"
        return "text"
    return {"boolean": "true or false", "integer": "whole number", "number": "number"}.get(
        str(kind), "any")


def _models(schema: dict[str, Any], start: dict[str, Any]) -> Iterator[str]:
    """The models a schema reaches, depth first, each once."""
    defs, seen = schema.get("$defs", {}), set()

    def visit(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            ref = _ref(node)
            if ref and ref not in seen and "properties" in defs[ref]:
                seen.add(ref)
                yield ref
                yield from visit(defs[ref]["properties"])
            for key, value in node.items():
                if key != "$ref":
                    yield from visit(value)
        elif isinstance(node, list):
            for value in node:
                yield from visit(value)

    yield from visit(start)


def _short(value: Any) -> str:
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    text = text.strip().removesuffix("...").strip()
    return text if len(text) <= 70 else text[:67].rstrip() + "…"


def _examples(models: dict[str, type[BaseModel]]) -> dict[tuple[str, str], str]:
    """A value of each (model, field), from the first fixture source that gives it."""
    from generator.source.read import read_policy

    found: dict[tuple[str, str], str] = {}

    def walk(value: Any) -> None:
        if isinstance(value, BaseModel):
            name = type(value).__name__
            dumped = value.model_dump(mode="json", exclude_defaults=True)
            for field, item in dumped.items():
                if (item not in (None, [], {}, "") and not isinstance(item, dict | list)) or (
                        isinstance(item, list) and item and not isinstance(item[0], dict)):
                    found.setdefault((name, field), _short(item))
            for field in type(value).model_fields:
                walk(getattr(value, field))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for name in EXAMPLE_SOURCES:
        policy = read_policy(FIXTURES / name)
        walk(policy.model_copy(update={"prose": {}, "welsh_text": {}, "welsh_prose": {}}))
    for case in sorted((FIXTURES / "cases").glob("*.yaml")):
        if "Case" in models:
            walk(models["Case"].model_validate(yaml.safe_load(case.read_text("utf-8"))))
    return found


def _field_type(model: type[BaseModel], name: str) -> Any:
    from generator.source.model import without_optional

    return without_optional(model.model_fields[name].annotation)


def _step(annotation: Any) -> Any:
    """The model inside dict[Id, X] and list[X]."""
    import typing

    while typing.get_origin(annotation) in (dict, list):
        annotation = typing.get_args(annotation)[-1]
    return annotation


def _sites() -> dict[tuple[str, str], set[str]]:
    """Which sites state each (model, field): every fact tagged in the golden trees."""
    from generator.source.model import Policy

    found: dict[tuple[str, str], set[str]] = {}
    for page in sorted(GOLDEN.rglob("*.md")):
        site = SITES.get(page.relative_to(GOLDEN).parts[1])
        for path in set(re.findall(r'data-fact="([^"]+)"', page.read_text("utf-8"))):
            model: Any = Policy
            steps = path.split(".")
            for number, step in enumerate(steps):
                if not (isinstance(model, type) and issubclass(model, BaseModel)):
                    break
                if step not in model.model_fields:
                    continue  # an id or a position in a list
                if number == len(steps) - 1 or not issubclass_model(
                        _step(_field_type(model, step))):
                    if site:
                        found.setdefault((model.__name__, step), set()).add(site)
                    break
                model = _step(_field_type(model, step))
    return found


def issubclass_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _field_rows(name: str, schema: dict[str, Any], defs: dict[str, Any],
                examples: dict[tuple[str, str], str],
                sites: dict[tuple[str, str], set[str]]) -> list[str]:
    required = set(schema.get("required", []))
    rows = ["| field | type | meaning | example | stated on |", "| --- | --- | --- | --- | --- |"]
    for field, prop in sorted(schema["properties"].items()):
        meaning = " ".join(prop.get("description", "").split()).replace("``", "`")
        if field in required:
            meaning = "**Required.** " + meaning
        example = examples.get((name, field))
        shown = "`" + example.replace("|", "\\|").replace("`", "'") + "`" if example else ""
        where = ", ".join(sorted(sites.get((name, field), ())))
        rows.append(f"| `{field}` | {_type(prop, defs)} | {meaning.replace('|', chr(92) + '|')} "
                    f"| {shown} | {where} |")
    return rows


def _model_section(name: str, defs: dict[str, Any], examples: dict[tuple[str, str], str],
                   sites: dict[tuple[str, str], set[str]]) -> list[str]:
    schema = defs[name]
    about = " ".join(schema.get("description", "").split()).replace("``", "`")
    return [f"### {name} {{ #{name.lower()} }}", "", *([about, ""] if about else []),
            *_field_rows(name, schema, defs, examples, sites), ""]


def _source_format() -> str:
    from generator.cases.case import Case
    from generator.source.model import Documented, Policy

    schema = Policy.model_json_schema(schema_generator=Documented)
    defs = schema["$defs"]
    examples = _examples({"Case": Case})
    sites = _sites()
    lines = [HEADER.format(what="the model (`policy schema`), the fixtures and the golden "
                           "trees"), "# Source format", "",
             "A source is a folder: one YAML file per topic below, and Markdown prose in "
             "`prose/`. Only `policy.yaml` and `parts.yaml` are required. An unknown key "
             "anywhere is an error, so a misspelling is never silently ignored. A field "
             "left out is unsaid: no output states it or a default for it, and `policy "
             "check` says which outputs need it.", "",
             "Each table gives every field of one kind of entry: its type, its meaning (from "
             "the model), an example (from the test fixtures) and the sites that state it, "
             "read from the fact tags of the built pages. Letters use a field through the "
             "names listed in [Letter templates](letter-templates.md). "
             "`policy schema` prints the same as JSON Schema.", "",
             "Ids are lower-case letters, digits and underscores, starting with a letter. "
             "Periods are a number and a unit (`6 months`, `15 working days`, `2 weeks`, "
             "`1 day`, `1 year`); dates are `YYYY-MM-DD`, or `YYYY-MM` where the document "
             "gives only a month.", ""]
    placed: set[str] = set()
    for topic, file in FILES.items():
        prop = schema["properties"][topic]
        names = [n for n in _models(schema, prop) if n not in placed]
        placed.update(names)
        shape = "a mapping from id to entry" if "patternProperties" in prop else "one entry"
        lines += [f"## `{file}`", "", f"Holds {shape}"
                  f" ({_type(prop, defs)}).", ""]
        for name in names:
            lines += _model_section(name, defs, examples, sites)
    return "\n".join(lines).rstrip() + "\n"


def _case_file() -> str:
    from generator.cases.case import Case
    from generator.source.model import Documented

    schema = Case.model_json_schema(schema_generator=Documented)
    defs = {**schema.get("$defs", {}), "Case": schema}
    examples = _examples({"Case": Case})
    lines = [HEADER.format(what="the case model (`policy schema case`) and the fixtures"),
             "# Case file", "",
             "A case file is YAML, one per case, kept out of git and out of `site/` (it is "
             "personal data). Only `reference` is always needed; each letter needs the "
             "`case_fields` it lists. `policy letter` checks it against the policy before "
             "writing anything. `policy schema case` prints the same as JSON Schema.", "",
             *_model_section("Case", defs, examples, {})]
    for name in _models(schema, schema["properties"]):
        lines += _model_section(name, defs, examples, {})
    return "\n".join(lines).rstrip() + "\n"


# --- commands ----------------------------------------------------------------------------


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _command(name: str, parser: argparse.ArgumentParser) -> list[str]:
    usage = " ".join(parser.format_usage().removeprefix("usage: ").split())
    lines = [f"## `{name}`", "", " ".join((parser.description or "").split()), "",
             "```text", usage, "```", ""]
    options = [a for a in parser._actions
               if not isinstance(a, argparse._HelpAction | argparse._SubParsersAction)
               and a.help != argparse.SUPPRESS]
    if options:
        lines += ["| argument | what it does |", "| --- | --- |"]
        for action in options:
            flags = ", ".join(f"`{o}`" for o in action.option_strings) or f"`{action.dest}`"
            if action.metavar and action.option_strings:
                flags += f" `{action.metavar}`"
            what = " ".join((action.help or "").split())
            if action.choices and not isinstance(action.choices, dict):
                what += " One of: " + ", ".join(f"`{c}`" for c in action.choices) + "."
            lines.append(f"| {flags} | {what.replace('|', chr(92) + '|')} |")
        lines.append("")
    for sub, subparser in _subparsers(parser).items():
        lines += _command(f"{name} {sub}", subparser)
    return lines


def _commands() -> str:
    from generator.cli.policy import _parser

    parser = _parser()
    lines = [HEADER.format(what="the command line's parser (generator/cli/policy.py)"),
             "# Commands", "",
             "Every command that reads a source takes it as `--source DIR` (default "
             "`policy_src` in the current folder). `policy COMMAND --help` prints the same.",
             ""]
    for name, subparser in _subparsers(parser).items():
        lines += _command(f"policy {name}", subparser)
    return "\n".join(lines).rstrip() + "\n"


# --- errors ------------------------------------------------------------------------------


def _message(text: str) -> str:
    text = re.sub(r"\{(edit|append)[+\d]*\}", "LINE", text)
    return text.replace("{src}", "SOURCE").replace("{outside}", "OUTSIDE").replace(
        "{root}", "PROJECT")


def _plain_text(text: str) -> str:
    """Text that Markdown prints as it is: no markup, no HTML."""
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", html.escape(text, quote=False))


def _said(message: str) -> str:
    """A message as a paragraph: where, in code; what is wrong; then what to do."""
    where = re.match(r"(\S+?(?::(?:LINE|\d+))?: (?:[\w.\[\]-]*: )?)", message)
    head = where.group(1) if where else ""
    rest = message[len(head):]
    wrong, _, todo = rest.rpartition("; ") if "; " in rest else (rest, "", "")
    said = (f"`{head.strip()}` " if head else "") + _plain_text(wrong)
    return said + (f"<br>**What to do:** {_plain_text(todo)}" if todo else "")


def _errors() -> str:
    lines = [HEADER.format(what="the bad-input corpus (tests/bad_sources, tests/bad_cases)"),
             "# Errors", "",
             "Every message names the file and line, the field, what is wrong and, after "
             "the last semicolon, what to do: `FILE:LINE: field: what is wrong; what to do`. "
             "`policy check` prints every problem of a source in one run and exits 1; "
             "nothing is built or written while one remains. Below is every message the "
             "test corpus holds, exactly as printed (SOURCE is the source folder, LINE the "
             "line of the entry), grouped as the corpus groups them.", ""]
    titles = {"fields": "Fields of the wrong kind or value", "files": "Files and folders",
              "prose": "Prose fragments", "cases": "Case files (`policy letter`, the desk)"}
    for folder in ("bad_sources", "bad_cases"):
        for path in sorted((ROOT / "tests" / folder).glob("*.yaml")):
            lines += [f"## {titles.get(path.stem, path.stem)}", ""]
            for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
                expect = entry["expect"]
                messages = expect if isinstance(expect, list) else [expect]
                lines += [f"### {entry['about'][0].upper()}{entry['about'][1:]}", ""]
                for message in messages:
                    lines += [_said(_message(message)), ""]
    return "\n".join(lines).rstrip() + "\n"


# --- pages -------------------------------------------------------------------------------


def pages() -> dict[str, str]:
    """Each generated page, by its path below docs/pages/reference/."""
    return {"source-format.md": _source_format(), "case-file.md": _case_file(),
            "commands.md": _commands(), "errors.md": _errors()}


def main(argv: list[str] | None = None) -> int:
    check = "--check" in (argv if argv is not None else sys.argv[1:])
    stale = []
    for name, text in pages().items():
        path = PAGES / name
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for name in stale:
        print(f"{'stale' if check else 'wrote'}: {PAGES.relative_to(ROOT) / name}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
