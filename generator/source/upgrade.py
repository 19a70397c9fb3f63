"""`policy upgrade DIR`: write the current form of every older key into the source files.

The files are edited as text, block by block, so the owner's comments, order and layout
survive; only the old keys move. The upgraded copy must load without warnings and validate
before any file is replaced, so an upgrade never breaks a source.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from generator.source.compat import modernise_label, modernise_prose
from generator.source.errors import Problem, SourceError
from generator.source.load import WELSH, load_source, locate
from generator.source.read import read_policy

__all__ = ["upgrade", "upgraded_texts"]


def _block(text: str, key: str) -> re.Match[str] | None:
    """A top-level ``key:`` line with every indented (or blank) line below it."""
    return re.search(rf"(?m)^{re.escape(key)}:([^\n]*)\n((?:(?:[ \t]+[^\n]*|[ \t]*)\n)*)",
                     text if text.endswith("\n") else text + "\n")


def _indent(lines: str, by: str) -> str:
    return "".join(by + line if line.strip() else line for line in lines.splitlines(True))


def _as_list(text: str, old: str, new: str) -> str:
    """``old: {mapping}`` at the top level becomes ``new:`` holding a one-item list."""
    match = _block(text, old)
    if match is None:
        return text
    inline, body = match.group(1).strip(), match.group(2)
    if inline and not inline.startswith("#"):
        replacement = f"{new}:\n  - {inline}\n{body}"
    else:
        rows = body.splitlines(True)
        first = next(i for i, row in enumerate(rows) if row.strip() and
                     not row.lstrip().startswith("#"))
        depth = len(rows[first]) - len(rows[first].lstrip())
        rows = [("  " + row if row.strip() else row) for row in rows]
        rows[first] = " " * depth + "- " + rows[first][depth + 2:]
        replacement = f"{new}:{match.group(1)}\n" + "".join(rows)
    return text[:match.start()] + replacement + text[match.end():]


def _as_entry(entry: str) -> Callable[[str, str, str], str]:
    """``old: value`` at the top level becomes ``new:`` holding ``entry: value``."""
    def rewrite(text: str, old: str, new: str) -> str:
        match = _block(text, old)
        if match is None:
            return text
        replacement = f"{new}:\n  {entry}:{match.group(1)}\n{_indent(match.group(2), '  ')}"
        return text[:match.start()] + replacement + text[match.end():]
    return rewrite


#: (file, old key, new key, rewrite) for each older top-level key (see compat.RENAMES).
REWRITES: list[tuple[str, str, str, Callable[[str, str, str], str]]] = [
    ("rights.yaml", "ombudsman", "ombudsmen", _as_list),
    ("reviews.yaml", "central_register", "registers", _as_entry("central_register")),
]


def _labels(text: str) -> str:
    return "".join(re.sub(r"^([^\s#:][^:]*)(?=:)", lambda m: modernise_label(m.group(1)), row)
                   for row in text.splitlines(True))


#: What an appeal window counted from when the format still had a default for it.
OLD_WINDOW_FROM = "letter"


def _old_defaults(source: Path, text: str) -> str:
    """``window_from:`` written out for each appeal whose window counted from the letter only
    by the old default, so letters that give the deadline keep working."""
    try:
        raw = load_source(source)
    except SourceError:
        return text
    appeals = (raw.data.get("rights") or {}).get("appeals") or {}
    rows = text.splitlines(True)
    for appeal_id in reversed(list(appeals)):
        rule = appeals[appeal_id]
        if not isinstance(rule, dict) or "window" not in rule or "window_from" in rule:
            continue
        _, line = locate(raw.data, ("rights", "appeals", appeal_id, "window"))
        row = rows[line - 1] if 0 < line <= len(rows) else ""
        if not row.lstrip().startswith("window:"):
            continue  # written inline: left for the owner (check names it)
        indent = row[:len(row) - len(row.lstrip())]
        rows.insert(line, f"{indent}window_from: {OLD_WINDOW_FROM}   # the old default: check "
                          "that your policy says so\n")
    return "".join(rows)


def upgraded_texts(source: Path) -> dict[Path, str]:
    """The new text of every file of ``source`` that uses an older form, by its path."""
    changed: dict[Path, str] = {}
    for name, old, new, rewrite in REWRITES:
        path = source / name
        if path.exists():
            text = path.read_text(encoding="utf-8")
            if _block(text, new) is None:  # both forms: leave it for `policy check`
                changed[path] = rewrite(changed.get(path, text), old, new)
    rights = source / "rights.yaml"
    if rights.exists():
        changed[rights] = _old_defaults(source, changed.get(rights, rights.read_text("utf-8")))
    for folder in (source / "prose", source / WELSH / "prose"):
        for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
            changed[path] = modernise_prose(path.read_text(encoding="utf-8"))
    labels = source / WELSH / "labels.yaml"
    if labels.exists():
        changed[labels] = _labels(labels.read_text(encoding="utf-8"))
    return {path: text for path, text in changed.items()
            if text != path.read_text(encoding="utf-8")}


def upgrade(source: Path) -> list[Path]:
    """Rewrite the older forms in ``source``; the files changed, after a trial load."""
    source = Path(source)
    changes = upgraded_texts(source)
    if not changes:
        return []
    with tempfile.TemporaryDirectory() as trial:
        copy = Path(trial, "src")
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns("versions"))
        for path, text in changes.items():
            (copy / path.relative_to(source)).write_text(text, encoding="utf-8")
        policy = read_policy(copy)
        if policy.warnings:
            raise SourceError([Problem(str(source), 0, "", "the upgrade left older forms: "
                                       + "; ".join(policy.warnings),
                                       "edit those by hand (see the documentation, Reference: "
                                       "'Source format')")])
    for path, text in changes.items():
        path.write_text(text, encoding="utf-8")
    return sorted(changes)
