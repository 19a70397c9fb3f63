"""What changed between two versions of a policy: fact by fact in plain English, then prose.

Both versions are typed models, so the comparison walks the model: entries added or
removed by id, then every value that differs, each said the way a committee reads it
("Stage 1 monitoring period: 3 months → 6 months").
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from pydantic import BaseModel

from generator.facts import NOT_FACTS, resolve
from generator.model import Policy
from generator.timescales import FIELD_LABELS
from generator.values import Duration, PolicyDate
from generator.wording import deciders, join, text

#: Collections of entries by id, and what one entry is called.
COLLECTIONS = {
    "parts": "part", "roles": "role", "decisions": "decision", "behaviours": "behaviour",
    "stages": "stage", "measures": "measure", "protocols": "protocol",
    "letters": "letter or form", "reports": "committee report",
    "rights.appeals": "appeal rule", "reviews.case_reviews": "case review",
    "reviews.scheduled": "scheduled review", "reviews.reporting": "report",
}
#: Fields whose changes are said by a rule of their own, not field by field.
SPECIAL = {"taken_by", "jointly", "available"}
#: Document control that changes with every revision: recorded elsewhere, not a change of rule.
BOOKKEEPING = {"policy.version", "policy.status", "policy.publication_date",
               "policy.next_review_date", "policy.version_history", "policy.approvals"}


@dataclass(frozen=True)
class Change:
    path: str
    text: str
    old: Any = None
    new: Any = None


@dataclass(frozen=True)
class ProseChange:
    fragment: str
    words: str
    """The changed wording, removals as [-...-] and additions as {+...+}."""


def compare(old: Policy, new: Policy) -> tuple[list[Change], list[ProseChange]]:
    """Every fact that differs between two versions, and every fragment whose wording does."""
    changes = list(_entries(old, new)) + list(_values(old, new, old, new, ""))
    return changes, list(_prose(old, new))


def _entries(old: Policy, new: Policy) -> Iterator[Change]:
    for path, kind in COLLECTIONS.items():
        before, after = _get(old, path) or {}, _get(new, path) or {}
        for key in after.keys() - before.keys():
            yield Change(f"{path}.{key}", _added(new, path, kind, after[key]), None,
                         _name(new, after[key]))
        for key in before.keys() - after.keys():
            yield Change(f"{path}.{key}", f"Removed {kind}: {_name(old, before[key])}",
                         _name(old, before[key]), None)


def _added(policy: Policy, path: str, kind: str, entry: Any) -> str:
    if path == "measures":
        stages = join(policy.stages[s].name for s in entry.allowed_at if s in policy.stages)
        return f"New measure at {stages}: {entry.name}"
    return f"New {kind}: {_name(policy, entry)}"


def _values(old_policy: Policy, new_policy: Policy, old: Any, new: Any,
            path: str) -> Iterator[Change]:
    if isinstance(new, BaseModel) and type(old) is type(new):
        if hasattr(new, "taken_by") and (old.taken_by, old.jointly) != (new.taken_by,
                                                                        new.jointly):
            yield _decider_change(old_policy, new_policy, path, old, new)
        if hasattr(new, "available") and old.available != new.available:
            yield _appeal_change(new_policy, path, new)
            return  # its window, receiver and reason come with it
        for field in type(new).model_fields:
            child = f"{path}.{field}" if path else field
            if field in NOT_FACTS or field in SPECIAL or child in BOOKKEEPING:
                continue
            yield from _values(old_policy, new_policy, getattr(old, field), getattr(new, field),
                               child)
    elif isinstance(new, dict) and isinstance(old, dict):
        for key in new.keys() & old.keys():
            yield from _values(old_policy, new_policy, old[key], new[key], f"{path}.{key}")
    elif old != new and not _is_entry_list(new):
        yield _value_change(old_policy, new_policy, path, old, new)


def _is_entry_list(value: Any) -> bool:
    return isinstance(value, list) and any(isinstance(item, BaseModel) for item in value)


def _decider_change(old_policy: Policy, new_policy: Policy, path: str, old: Any,
                    new: Any) -> Change:
    decision_id = path.rsplit(".", 1)[-1]
    stages = [s.name for s in new_policy.stages.values() if s.entry_decision == decision_id]
    subject = join(stages) if stages else new.title
    return Change(f"{path}.taken_by",
                  f"{subject} is now decided by the {deciders(new_policy, new)} "
                  f"(was: {deciders(old_policy, old)})",
                  deciders(old_policy, old), deciders(new_policy, new))


def _appeal_change(policy: Policy, path: str, new: Any) -> Change:
    if new.available:
        to = f" to the {policy.roles[new.to].name}" if new.to in policy.roles else ""
        within = f" within {new.window}" if new.window else ""
        return Change(f"{path}.available",
                      f"Appeal introduced: customers may appeal{within}{to}", False, True)
    names = [o.name for o in policy.rights.ombudsmen]
    signpost = (f"customers are now signposted to the {join(names, 'or')}"
                if names else "there is no longer an appeal")
    return Change(f"{path}.available", f"Appeal removed: {signpost}", True, False)


def _value_change(old_policy: Policy, new_policy: Policy, path: str, old: Any,
                  new: Any) -> Change:
    field = path.rsplit(".", 1)[-1]
    subject = f"{_owner(new_policy, path)}{FIELD_LABELS.get(field, field.replace('_', ' '))}"
    if isinstance(new, list) and isinstance(old, list) and all(
            isinstance(v, str) for v in old + new):
        added, removed = [v for v in new if v not in old], [v for v in old if v not in new]
        said = [f"added {_quote(new_policy, field, v)}" for v in added] + [
            f"removed {_quote(old_policy, field, v)}" for v in removed]
        return Change(path, f"{subject}: {'; '.join(said) or 'reordered'}", old, new)
    before, after = _said(old_policy, old, field), _said(new_policy, new, field)
    return Change(path, f"{subject}: {before} → {after}", _plain(old), _plain(new))


def _owner(policy: Policy, path: str) -> str:
    """"Stage 1, warning and monitoring " for a path inside that stage; "" at the top."""
    steps = path.split(".")
    for depth in range(len(steps) - 1, 0, -1):
        entry = _get(policy, ".".join(steps[:depth]))
        name = _name(policy, entry) if isinstance(entry, BaseModel) else ""
        if name:
            return f"{name}, "
    return ""


def _name(policy: Policy, entry: Any) -> str:
    for field in ("name", "title", "label"):
        if isinstance(entry, BaseModel) and field in type(entry).model_fields:
            return str(getattr(entry, field))
    if isinstance(entry, BaseModel) and "against" in type(entry).model_fields:
        return "appeal against " + join(policy.decisions[d].title.lower()
                                        for d in entry.against if d in policy.decisions)
    return ""


def _said(policy: Policy, value: Any, field: str) -> str:
    if value is None or value == "" or value == []:
        return "(none)"
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
    for name in sorted(old.prose.keys() | new.prose.keys()):
        before, after = old.prose.get(name, "").split(), new.prose.get(name, "").split()
        if before != after:
            yield ProseChange(name, _word_diff(before, after))


def _word_diff(before: list[str], after: list[str], context: int = 6) -> str:
    pieces = []
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


def marked_up(words: str) -> str:
    """A word diff in Markdown: removals struck through, additions in bold."""
    return words.replace("[-", "~~").replace("-]", "~~").replace("{+", "**").replace("+}", "**")


def render(changes: list[Change], prose: list[ProseChange], fmt: str, title: str) -> str:
    """The comparison as text, Markdown or JSON."""
    if fmt == "json":
        return json.dumps({"changes": [asdict(c) for c in changes],
                           "prose": [asdict(p) for p in prose]}, indent=2, default=str)
    if fmt == "markdown":
        lines = [f"# {title}", "", "## What changed", "",
                 *([f"- {c.text}" for c in changes] or ["No facts changed."])]
        if prose:
            lines += ["", "## Changed wording", ""]
            for p in prose:
                lines += [f"**{p.fragment}**", "", marked_up(p.words), ""]
        return "\n".join(lines).rstrip() + "\n"
    lines = [title, "", *([f"- {c.text}" for c in changes] or ["No facts changed."])]
    if prose:
        lines += ["", "Changed wording:"]
        for p in prose:
            lines += ["", f"{p.fragment}:", f"  {p.words}"]
    return "\n".join(lines) + "\n"
