"""What changed between two versions of a policy: fact by fact in plain English, then wording.

Both versions are typed models, so the comparison walks the model: entries added or
removed by id, then every value that differs, each said the way a committee reads it
("Stage 1, warning and monitoring: monitoring period: 3 months → 6 months"). Wording is
compared as the reader sees it, section by section: each fragment rendered with its
version's facts, never the template source.

Every change belongs to one group, so a committee sees what the public will read apart
from staff guidance and from document control: see :data:`GROUPS`.
"""

from __future__ import annotations

import difflib
import html
import json
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel

from generator.languages.catalogues import N_
from generator.languages.interface import CHOICES
from generator.source.facts import NOT_FACTS, render_prose, resolve
from generator.source.model import Appeal, Audience, CaseReview, Decision, Policy, Reporting
from generator.source.values import Duration, PolicyDate
from generator.source.wording import approval_text, deciders, join, text
from generator.statements import appeals
from generator.statements import changes as say
from generator.statements.timescales import LABELS

__all__ = [
    "GROUPS", "Change", "ProseChange", "compare", "marked_up", "render", "rule_changes",
    "unplaced_reasons",
]

Group = Literal["document", "public", "internal"]
#: The groups in the order every output lists them, with their headings.
GROUPS: dict[Group, str] = {
    "document": N_("Document control"),
    "public": N_("The published policy"),
    "internal": N_("Staff guidance"),
}

#: Collections of entries by id, and what one entry is called.
COLLECTIONS = say.KINDS
#: Fields whose changes are said by a rule of their own, not field by field.
SPECIAL = {"taken_by", "jointly", "available"}
#: Compared as wording, section by section, not as facts.
WORDING = {"parts.sections"}
#: The version number heads the comparison; it is not a change of its own.
UNSAID = {"policy.version"}


@dataclass(frozen=True)
class Change:
    path: str
    text: str
    old: Any = None
    new: Any = None
    group: Group = "internal"
    reason: str = ""
    """Why it changed, from the version history entry's ``reasons``."""


@dataclass(frozen=True)
class ProseChange:
    path: str
    """``parts.<part id>.<section id>``, the key a reason is given under."""
    section: str
    """The section as a reader finds it: "Part A: Reviews and complaints"."""
    words: str
    """The changed wording, removals as [-...-] and additions as {+...+}."""
    group: Group = "internal"
    reason: str = ""


def compare(old: Policy, new: Policy, public_facts: frozenset[str] = frozenset()
            ) -> tuple[list[Change], list[ProseChange]]:
    """Every fact and every section's wording that differs, in the order of :data:`GROUPS`.

    ``public_facts`` are the fact paths the public site states in either version; a change
    to one of them is a change to the published policy.
    """
    found = [*_entries(old, new), *_values(old, new, old, new, "")]
    changes = [replace(c, group=_group(c.path, public_facts)) for c in found]
    reasons = _reasons(new)
    changes = [replace(c, reason=_reason_for(c.path, reasons)) for c in changes]
    prose = [replace(p, reason=_reason_for(p.path, reasons)) for p in _prose(old, new)]
    order = list(GROUPS)
    return (sorted(changes, key=lambda c: order.index(c.group)),
            sorted(prose, key=lambda p: order.index(p.group)))


def rule_changes(changes: list[Change]) -> list[Change]:
    """The changes to what the policy says, without document control."""
    return [c for c in changes if c.group != "document"]


def _group(path: str, public_facts: frozenset[str]) -> Group:
    if path.startswith(("policy.", "reports.")):
        return "document"
    if any(fact == path or fact.startswith(path + ".") or path.startswith(fact + ".")
           for fact in public_facts):
        return "public"
    return "internal"


def _reasons(policy: Policy) -> dict[str, str]:
    doc = policy.policy
    entry = next((e for e in doc.version_history if e.version == doc.version), None)
    return dict(entry.reasons) if entry else {}


def unplaced_reasons(new: Policy, old: Policy | None) -> list[tuple[int, str]]:
    """(version history index, key) of each reason whose key names no fact or section of
    either version, so that no change could ever show it."""
    versions = [new, *([old] if old else [])]

    def names_something(key: str) -> bool:
        return any(resolve(policy, key) is not None or key in _sections(policy)
                   for policy in versions)
    return [(index, key) for index, entry in enumerate(new.policy.version_history)
            for key in entry.reasons if not names_something(key)]


def _reason_for(path: str, reasons: dict[str, str]) -> str:
    """The reason given for the path or the nearest entry above it."""
    keys = [k for k in reasons if path == k or path.startswith(k + ".")]
    return reasons[max(keys, key=len)] if keys else ""


def _entries(old: Policy, new: Policy) -> Iterator[Change]:
    for path, kind in COLLECTIONS.items():
        before, after = _get(old, path) or {}, _get(new, path) or {}
        for key in after.keys() - before.keys():
            yield Change(f"{path}.{key}", _added(new, path, kind, after[key]), None,
                         _name(new, after[key]))
        for key in before.keys() - after.keys():
            name = _name(old, before[key])
            yield Change(f"{path}.{key}", say.said(say.REMOVED, kind=say.said(kind), name=name),
                         name, None)


def _added(policy: Policy, path: str, kind: str, entry: Any) -> str:
    if path == "measures":
        stages = join(policy.stages[s].name for s in entry.allowed_at if s in policy.stages)
        return say.said(say.NEW_MEASURE, stages=stages, name=entry.name)
    return say.said(say.NEW, kind=say.said(kind), name=_name(policy, entry))


def _values(old_policy: Policy, new_policy: Policy, old: Any, new: Any,
            path: str) -> Iterator[Change]:
    if isinstance(new, BaseModel) and type(old) is type(new):
        if isinstance(old, Decision) and isinstance(new, Decision) and (
                old.taken_by, old.jointly) != (new.taken_by, new.jointly):
            yield _decider_change(old_policy, new_policy, path, old, new)
        if isinstance(old, Appeal) and isinstance(new, Appeal) and old.available != new.available:
            yield _appeal_change(new_policy, path, new)
            return  # its window, receiver and reason come with it
        for field in type(new).model_fields:
            child = f"{path}.{field}" if path else field
            if field in NOT_FACTS or field in SPECIAL or child in UNSAID or \
                    _unkeyed(child) in WORDING:
                continue
            yield from _values(old_policy, new_policy, getattr(old, field), getattr(new, field),
                               child)
    elif isinstance(new, dict) and isinstance(old, dict):
        for key in new.keys() & old.keys():
            yield from _values(old_policy, new_policy, old[key], new[key], f"{path}.{key}")
    elif _is_entry_list(new) or _is_entry_list(old):
        yield from _entry_list_change(old_policy, new_policy, path, old or [], new or [])
    elif old != new:
        yield _value_change(old_policy, new_policy, path, old, new)


def _unkeyed(path: str) -> str:
    """``parts.part_a.sections`` as ``parts.sections``: the field, whatever the entry."""
    steps = path.split(".")
    return ".".join(steps[::2]) if len(steps) == 3 else path


def _is_entry_list(value: Any) -> bool:
    return isinstance(value, list) and any(isinstance(item, BaseModel) for item in value)


def _entry_list_change(old_policy: Policy, new_policy: Policy, path: str, old: list,
                       new: list) -> Iterator[Change]:
    """Entries of a list (outcomes, notifications, approvals) said as added or removed."""
    before = [_entry_text(old_policy, item) for item in old]
    after = [_entry_text(new_policy, item) for item in new]
    said = [say.said(say.ADDED_ITEM, item=t) for t in after if t not in before] + [
        say.said(say.REMOVED_ITEM, item=t) for t in before if t not in after]
    if said:
        yield Change(path, say.said(say.LISTED, subject=_subject(new_policy, path),
                                    changes="; ".join(said)), before, after)


def _entry_text(policy: Policy, item: Any) -> str:
    """One entry of a list as a committee reads it."""
    fields = type(item).model_fields
    if "role" in fields and "date" in fields:  # an approval
        return approval_text(item)
    if "version" in fields and "summary" in fields:  # a version history entry
        named = say.said(say.VERSION, version=item.version) if item.version else \
            say.said(say.REVISION, date=item.date)
        return named + (f" ({item.summary})" if item.summary else "")
    if "kind" in fields and "to" in fields:  # an outcome
        target = policy.stages[item.to].name if item.to in policy.stages else ""
        return say.said(say.OUTCOME_TO, outcome=item.kind.value, stage=target) if target \
            else say.said(say.OUTCOME, outcome=item.kind.value)
    if "event" in fields:  # a notification
        return say.said(say.TELL, event=item.event,
                        roles=join(text(policy, r, "roles") for r in item.roles))
    words = [str(getattr(item, f)) for f in fields if isinstance(getattr(item, f), str)]
    return "“" + ", ".join(w for w in words if w) + "”"


def _decider_change(old_policy: Policy, new_policy: Policy, path: str, old: Any,
                    new: Any) -> Change:
    decision_id = path.rsplit(".", 1)[-1]
    stages = [s.name for s in new_policy.stages.values() if s.entry_decision == decision_id]
    subject = join(stages) if stages else new.title
    return Change(f"{path}.taken_by",
                  say.said(say.DECIDER, subject=subject, new=deciders(new_policy, new),
                           old=deciders(old_policy, old)),
                  deciders(old_policy, old), deciders(new_policy, new))


def _appeal_change(policy: Policy, path: str, new: Any) -> Change:
    return Change(f"{path}.available", appeals.change_text(policy, new), not new.available,
                  new.available)


def _value_change(old_policy: Policy, new_policy: Policy, path: str, old: Any,
                  new: Any) -> Change:
    field = path.rsplit(".", 1)[-1]
    subject = _subject(new_policy, path)
    if isinstance(new, list) and isinstance(old, list) and all(
            isinstance(v, str) for v in old + new):
        added, removed = [v for v in new if v not in old], [v for v in old if v not in new]
        said = [say.said(say.ADDED_ITEM, item=_quote(new_policy, field, v)) for v in added] + [
            say.said(say.REMOVED_ITEM, item=_quote(old_policy, field, v)) for v in removed]
        return Change(path, say.said(say.LISTED, subject=subject,
                                     changes="; ".join(said) or say.said(say.REORDERED)),
                      old, new)
    before, after = _said(old_policy, old, field), _said(new_policy, new, field)
    return Change(path, say.said(say.VALUE, subject=subject, before=before, after=after),
                  _plain(old), _plain(new))


def _subject(policy: Policy, path: str) -> str:
    """What a changed field belongs to, then the field: "Stage 1: monitoring period"."""
    field = path.rsplit(".", 1)[-1]
    label = say.said(LABELS[field]) if field in LABELS else field.replace("_", " ")
    owner = _owner(policy, path)
    return f"{owner}: {label}" if owner else label[:1].upper() + label[1:]


def _owner(policy: Policy, path: str) -> str:
    """The readable name of the nearest entry above a path; "" where there is none."""
    steps = path.split(".")
    if steps[0] == "policy":
        return say.said(say.THE_POLICY) if len(steps) == 2 else say.said(
            say.THE_POLICYS, part=" ".join(s.replace("_", " ") for s in steps[1:-1]))
    for depth in range(len(steps) - 1, 0, -1):
        entry = _get(policy, ".".join(steps[:depth]))
        name = _name(policy, entry) if isinstance(entry, BaseModel) else ""
        if name:
            return name
    return say.said(say.TOPICS[steps[0]]) if steps[0] in say.TOPICS else ""


def _name(policy: Policy, entry: Any) -> str:
    if not isinstance(entry, BaseModel):
        return ""
    fields = type(entry).model_fields
    for field in ("name", "title", "label"):
        if field in fields:
            return str(getattr(entry, field))
    if isinstance(entry, Appeal):
        return say.said(say.APPEAL_AGAINST, decisions=join(
            policy.decisions[d].title.lower() for d in entry.against if d in policy.decisions))
    if isinstance(entry, CaseReview):
        return say.said(say.REVIEW_AT, stages=join(policy.stages[s].name for s in entry.stages
                                                      if s in policy.stages))
    if isinstance(entry, Reporting):
        return say.said(say.REPORT_TO, role=text(policy, entry.to, "to"))
    if "kept_by" in fields:
        return say.said(say.REGISTER)
    return ""


def _said(policy: Policy, value: Any, field: str) -> str:
    if value is None or value == "" or value == []:
        return say.said(say.NONE)
    if isinstance(value, Enum) and field in CHOICES:  # a choice, in the words for it
        return say.said(CHOICES[field][str(value.value)])
    return text(policy, value, field)


def _quote(policy: Policy, field: str, value: str) -> str:
    if value in policy.roles:
        return text(policy, value, field)
    return f"“{value.replace('_', ' ') if value.isidentifier() else value}”"


def _plain(value: Any) -> Any:
    if isinstance(value, Duration | PolicyDate):
        return str(value)
    return value.value if hasattr(value, "value") else value


def _get(policy: Policy, path: str) -> Any:
    """The model's value at a fact path, or None where there is none."""
    fact = resolve(policy, path)
    return fact.value if fact is not None else None


def _prose(old: Policy, new: Policy) -> Iterator[ProseChange]:
    """Each section whose wording, as its readers see it, differs between the versions."""
    before, after = _sections(old), _sections(new)
    for key in [*after, *(k for k in before if k not in after)]:
        old_section, new_section = before.get(key), after.get(key)
        title, audience, _ = new_section or old_section or ("", Audience.internal, "")
        old_words = old_section[2].split() if old_section else []
        new_words = new_section[2].split() if new_section else []
        if old_words != new_words:
            group: Group = "public" if audience == Audience.public else "internal"
            yield ProseChange(key, title, _word_diff(old_words, new_words), group)


def _sections(policy: Policy) -> dict[str, tuple[str, Audience, str]]:
    """(title, audience, plain text) of every section, by ``parts.<part>.<section>``."""
    found: dict[str, tuple[str, Audience, str]] = {}
    for part_id, part in policy.parts.items():
        for section in part.sections:
            if section.prose in policy.prose:
                found[f"parts.{part_id}.{section.id}"] = (
                    f"{part.label}: {section.title}", part.audience,
                    _reader_words(render_prose(policy, section.prose, html=False)))
    return found


_MARKDOWN = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # a link or image: its text
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])"), r"\2"),  # emphasis
    (re.compile(r"`([^`]*)`"), r"\1"),  # code
    (re.compile(r"(?m)^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)"), ""),  # blocks
]


def _reader_words(markdown: str) -> str:
    """Markdown as a reader sees its words: no ``**``, link targets or list marks."""
    for pattern, replacement in _MARKDOWN:
        markdown = pattern.sub(replacement, markdown)
    return markdown


def _word_diff(before: list[str], after: list[str], context: int = 6) -> str:
    pieces: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            words = before[i1:i2]
            if len(words) > 2 * context:
                words = [*words[:context], "…", *words[-context:]] if pieces else words[-context:]
            pieces.append(" ".join(words))
            continue
        if i2 > i1:
            pieces.append(f"[-{' '.join(before[i1:i2])}-]")
        if j2 > j1:
            pieces.append(f"{{+{' '.join(after[j1:j2])}+}}")
    return " ".join(piece for piece in pieces if piece)


def marked_up(words: str, html_marks: bool = True) -> str:
    """A word diff for a page: removals struck through, additions marked.

    For the web, ``<del>`` and ``<ins>`` (a screen reader announces both); for pandoc's
    Word output, its own strike-out and bold, since raw HTML is dropped there.
    """
    if not html_marks:
        return (words.replace("[-", "~~").replace("-]", "~~")
                .replace("{+", "**").replace("+}", "**"))
    return (html.escape(words, quote=False).replace("[-", "<del>").replace("-]", "</del>")
            .replace("{+", "<ins>").replace("+}", "</ins>"))


def render(changes: list[Change], prose: list[ProseChange], fmt: str, title: str) -> str:
    """The comparison as text, Markdown or JSON, grouped and ordered as :data:`GROUPS`."""
    if fmt == "json":
        return json.dumps({"changes": [asdict(c) for c in changes],
                           "prose": [asdict(p) for p in prose]}, indent=2, default=str)
    markdown = fmt == "markdown"
    lines = [f"# {title}" if markdown else title]
    for group, message in GROUPS.items():
        heading = say.said(message)
        lines += ["", f"## {heading}" if markdown else f"{heading}:", ""]
        said = [c for c in changes if c.group == group]
        lines += [line for c in said for line in _change_lines(c)] or ["No changes."]
        wording = [p for p in prose if p.group == group]
        for p in wording:
            lines += ["", f"### Wording of {p.section}" if markdown else f"Wording of {p.section}:",
                      "", marked_up(p.words, html_marks=False) if markdown else f"  {p.words}"]
            if p.reason:
                lines += ["", f"Why: {p.reason}" if markdown else f"  Why: {p.reason}"]
    return "\n".join(lines).rstrip() + "\n"


def _change_lines(change: Change) -> list[str]:
    return [f"- {change.text}", *([f"  Why: {change.reason}"] if change.reason else [])]
