"""`policy upgrade DIR`: write the current form of every older key into the source files.

The files are edited with a round-trip YAML library (ruamel.yaml), which keeps the owner's
comments, quotes, order and layout; only the old keys move. The upgraded copy must load
without warnings and validate before any file is replaced, so an upgrade never breaks a
source.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedBase, CommentedMap, CommentedSeq
from ruamel.yaml.tokens import CommentToken

from generator.source.compat import modernise_label, modernise_prose
from generator.source.errors import Problem, SourceError
from generator.source.load import WELSH
from generator.source.read import read_policy

__all__ = ["upgrade", "upgraded_texts"]


def _yaml(text: str) -> tuple[YAML, Any]:
    """A round-trip reader and writer for ``text``, keeping its comments, quotes and order,
    and what it holds. Blocks are indented as `policy new` writes them (two spaces, list
    items under their key)."""
    yaml = YAML()  # round trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never folds a long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml, yaml.load(text)


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _shift_comments(node: Any, by: int) -> None:
    """Keep end-of-line comments the same distance from their text when ``node`` moves
    ``by`` columns (ruamel places a comment at its old column)."""
    for tokens in node.ca.items.values() if isinstance(node, CommentedBase) else []:
        for token in tokens if isinstance(tokens, list) else []:
            if isinstance(token, CommentToken):
                token.column = max(token.column + by, 0)
    comment = node.ca.comment if isinstance(node, CommentedBase) else None
    for token in comment or []:
        if isinstance(token, CommentToken):
            token.column = max(token.column + by, 0)


def _flow(value: Any) -> bool:
    """A mapping written on one line (``{a: 1, b: 2}``), which carries its own comment."""
    return isinstance(value, CommentedMap) and bool(value.fa.flow_style())


def _replace_key(data: CommentedMap, old: str, new: str, value: Any,
                 comment_moves: bool = True) -> None:
    """``new: value`` where ``old:`` stood, with the comments that went with ``old``."""
    position = list(data).index(old)
    comment = data.ca.items.pop(old, None)
    del data[old]
    data.insert(position, new, value)
    if comment and comment_moves:
        data.ca.items[new] = comment


def _as_list(data: CommentedMap, old: str, new: str) -> None:
    """``old: {mapping}`` at the top level becomes ``new:`` holding a one-item list."""
    value = data[old]
    _shift_comments(value, 4 - (len(old) + 2) if _flow(value) else 2)
    _replace_key(data, old, new, CommentedSeq([value]), comment_moves=not _flow(value))


def _as_entry(entry: str) -> Callable[[CommentedMap, str, str], None]:
    """``old: value`` at the top level becomes ``new:`` holding ``entry: value``."""
    def rewrite(data: CommentedMap, old: str, new: str) -> None:
        value = data[old]
        _shift_comments(value, 2 + len(entry) - len(old))
        _replace_key(data, old, new, CommentedMap([(entry, value)]),
                     comment_moves=not _flow(value))
    return rewrite


#: (file, old key, new key, rewrite) for each older top-level key (see compat.RENAMES).
REWRITES: list[tuple[str, str, str, Callable[[CommentedMap, str, str], None]]] = [
    ("rights.yaml", "ombudsman", "ombudsmen", _as_list),
    ("reviews.yaml", "central_register", "registers", _as_entry("central_register")),
]


def _labels(text: str) -> str:
    """cy/labels.yaml with each fact path in its current form."""
    yaml, data = _yaml(text)
    renames = {key: modernise_label(key) for key in data or {}
               if isinstance(key, str) and modernise_label(key) != key}
    for old, new in renames.items():
        value = data[old]
        comment = data.ca.items.get(old)
        for token in comment or []:
            if isinstance(token, CommentToken):
                token.column = max(token.column + len(new) - len(old), 0)
        _replace_key(data, old, new, value)
    return _dump(yaml, data) if renames else text


#: What an appeal window counted from when the format still had a default for it.
OLD_WINDOW_FROM = "letter"
_OLD_DEFAULT_NOTE = "the old default: check that your policy says so"


def _old_defaults(text: str) -> str:
    """``window_from:`` written out for each appeal whose window counted from the letter only
    by the old default, so letters that give the deadline keep working."""
    yaml, data = _yaml(text)
    appeals = data.get("appeals") if isinstance(data, CommentedMap) else None
    changed = False
    for rule in (appeals or {}).values():
        if not isinstance(rule, CommentedMap) or "window" not in rule or "window_from" in rule:
            continue
        position = list(rule).index("window") + 1
        if rule.fa.flow_style():  # one line: the value alone, no room for a note
            rule.insert(position, "window_from", OLD_WINDOW_FROM)
        else:
            rule.insert(position, "window_from", OLD_WINDOW_FROM, comment=_OLD_DEFAULT_NOTE)
            column = rule.lc.key("window")[1] + len(f"window_from: {OLD_WINDOW_FROM}") + 2
            _shift_comments_to(rule, "window_from", column)
        changed = True
    return _dump(yaml, data) if changed else text


def _shift_comments_to(node: CommentedMap, key: str, column: int) -> None:
    for token in node.ca.items.get(key) or []:
        if isinstance(token, CommentToken):
            token.column = column


def _rewritten(text: str, old: str, new: str,
               rewrite: Callable[[CommentedMap, str, str], None]) -> str:
    yaml, data = _yaml(text)
    if not isinstance(data, CommentedMap) or old not in data or new in data:
        return text  # absent, or both forms: leave it for `policy check`
    rewrite(data, old, new)
    return _dump(yaml, data)


def upgraded_texts(source: Path) -> dict[Path, str]:
    """The new text of every file of ``source`` that uses an older form, by its path."""
    changed: dict[Path, str] = {}
    for name, old, new, rewrite in REWRITES:
        path = source / name
        if path.exists():
            text = changed.get(path) or path.read_text(encoding="utf-8")
            changed[path] = _rewritten(text, old, new, rewrite)
    rights = source / "rights.yaml"
    if rights.exists():
        changed[rights] = _old_defaults(changed.get(rights) or rights.read_text("utf-8"))
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
