"""Older forms of the source format, read as the current form with a warning.

A source written for an earlier version of the toolkit keeps working: each renamed or
restructured key is rewritten here, in memory, before the model is built, and the
warning names the new form. ``policy upgrade DIR`` (:mod:`generator.source.upgrade`) writes the
same changes into the source files.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.source.load import Located, LocatedList, RawSource

__all__ = ["modernise", "modernise_label", "modernise_prose"]


@dataclass(frozen=True)
class Rename:
    """One old form: where it sits, what it becomes, and how prose names it."""

    topic: str
    """The topic file (stem) holding the old key."""
    parent: tuple[str, ...]
    """Mappings from the top of the topic file down to the one holding the old key."""
    old: str
    new: str
    reshape: Callable[[Any], Any]
    """The new value made from the old one."""
    old_fact: str
    """The old fact path as prose and cy/labels.yaml name it."""
    new_fact: str
    """The new fact path, in labels.yaml's dotted form."""
    new_jinja: str
    """The new fact path as prose writes it."""
    example: str
    """The new form, as the warning shows it."""


def _as_list(value: Any) -> Any:
    items = LocatedList([value])
    items.file, items.line = getattr(value, "file", ""), getattr(value, "line", 0)
    items.item_lines = [items.line]
    return items


def _as_entry(key: str) -> Callable[[Any], Any]:
    def reshape(value: Any) -> Any:
        entry = Located({key: value})
        entry.file, entry.line = getattr(value, "file", ""), getattr(value, "line", 0)
        entry.key_lines = {key: entry.line}
        return entry
    return reshape


RENAMES: list[Rename] = [
    Rename("rights", (), "ombudsman", "ombudsmen", _as_list,
           "rights.ombudsman", "rights.ombudsmen.0", "rights.ombudsmen[0]",
           "ombudsmen: [{name: ..., url: ..., applies_when: ...}], a list"),
    Rename("reviews", (), "central_register", "registers", _as_entry("central_register"),
           "reviews.central_register", "reviews.registers.central_register",
           "reviews.registers.central_register",
           "registers: {central_register: {kept_by: ..., records: [...]}}, one entry a register"),
]


def _old_fact(rename: Rename) -> re.Pattern[str]:
    """The old path in prose or a label key, not a longer name that starts the same."""
    return re.compile(re.escape(rename.old_fact) + r"(?![A-Za-z0-9_])")


def modernise(raw: RawSource) -> list[str]:
    """Rewrite every old form in ``raw`` to the current one; a warning for each found."""
    warnings = []
    for rename in RENAMES:
        holder = _holder(raw.data.get(rename.topic), rename.parent)
        if holder is None or rename.old not in holder:
            continue
        line = holder.key_lines.get(rename.old, holder.line)
        if rename.new in holder:
            continue  # both forms: the model reports the old key as unknown
        value = holder.pop(rename.old)
        holder[rename.new] = rename.reshape(value)
        holder.key_lines[rename.new] = line
        warnings.append(f"warning: {holder.file}:{line}: {rename.old}: an older form; write "
                        f"{rename.example} (`policy upgrade` rewrites the source)")
    for name, prose in (("prose", raw.prose), ("cy/prose", raw.welsh_prose)):
        for fragment, text in prose.items():
            new = modernise_prose(text)
            if new != text:
                prose[fragment] = new
                warnings.append(f"warning: {raw.display(f'{name}/{fragment}')}: names facts "
                                "by an older path; `policy upgrade` rewrites them")
    labels = raw.data.get("welsh_text")
    if isinstance(labels, Located):
        for key in list(labels):
            new_key = modernise_label(str(key))
            if new_key != key and new_key not in labels:
                line = labels.key_lines.get(key, 0)
                labels[new_key] = labels.pop(key)
                labels.key_lines[new_key] = line
                warnings.append(f"warning: {labels.file}:{line}: {key}: an older fact path; "
                                f"write {new_key}")
    return warnings


def modernise_prose(text: str) -> str:
    for rename in RENAMES:
        text = _old_fact(rename).sub(rename.new_jinja, text)
    return text


def modernise_label(key: str) -> str:
    for rename in RENAMES:
        key = _old_fact(rename).sub(rename.new_fact, key)
    return key


def _holder(data: Any, parent: tuple[str, ...]) -> Located | None:
    for step in parent:
        data = data.get(step) if isinstance(data, Located) else None
    return data if isinstance(data, Located) else None
