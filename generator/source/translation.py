"""The Welsh view of a policy, made from the English model and the source's Welsh text.

Every human-readable string in the model is named by its fact path
(``stages.stage_1.name``); ``cy/labels.yaml`` gives its Welsh, and ``cy/prose/`` holds a
Welsh copy of each prose fragment. A string with no Welsh is replaced by a marker
(⟦stages.stage_1.name⟧) rather than the English, so a Welsh output can never fall back to
English silently: whatever carries a marker names the translation it is missing.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from generator.source.facts import NOT_FACTS
from generator.source.model import Approval, Policy, ReportAuthor, without_optional

__all__ = ["marker", "missing", "translatable", "welsh_view"]

_MARK = re.compile(r"⟦([^⟧]+)⟧")
#: Strings that are the same in any language: people's names, addresses, links, versions.
NOT_TEXT = frozenset({"url", "website", "phone", "email", "version", "template", "letter_templates",
                      "prose", "address", "author", "options", "minute"})
PEOPLE = frozenset({(Approval, "name"), (ReportAuthor, "name")})


def marker(key: str) -> str:
    return f"⟦{key}⟧"


def missing(text: str) -> list[str]:
    """The ids of the translations a rendered text lacks, in order, once each."""
    return list(dict.fromkeys(_MARK.findall(text)))


def translatable(policy: Policy) -> dict[str, str]:
    """Every string of the source that Welsh must give, by fact path, with its English."""
    return {".".join(steps): text for steps, text in _texts(policy, ())}


def welsh_view(policy: Policy) -> Policy:
    """The policy in Welsh: the source's Welsh where it has it, a marker where it has not."""
    data = policy.model_dump(mode="python")
    for steps, _ in _texts(policy, ()):  # steps, not the dotted path: a key may hold dots
        path = ".".join(steps)
        _put(data, list(steps), policy.welsh_text.get(path) or marker(path))
    prose = {name: policy.welsh_prose.get(name) or marker(f"cy/prose/{name}")
             for name in policy.prose}
    return Policy.model_validate({**data, "prose": prose, "root": policy.root,
                                  "language": "cy", "welsh_text": policy.welsh_text,
                                  "welsh_prose": policy.welsh_prose})


Steps = tuple[str, ...]


def _texts(value: Any, path: Steps) -> Iterator[tuple[Steps, str]]:
    if not isinstance(value, BaseModel):
        return
    for name, field in type(value).model_fields.items():
        if name in NOT_FACTS or name in NOT_TEXT or (type(value), name) in PEOPLE:
            continue
        if any(getattr(m, "pattern", None) for m in field.metadata):
            continue  # an id (pydantic keeps a field's own constraints apart)
        yield from _field_texts(getattr(value, name), field.annotation, (*path, name))


def _field_texts(value: Any, annotation: Any, path: Steps) -> Iterator[tuple[Steps, str]]:
    annotation = without_optional(annotation)  # Annotated stays: it tells an id from text
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if isinstance(value, BaseModel):
        yield from _texts(value, path)
    elif isinstance(value, str):
        if _is_text(annotation) and value:
            yield path, value
    elif isinstance(value, list) and args:
        for index, item in enumerate(value):
            yield from _field_texts(item, args[0], (*path, str(index)))
    elif isinstance(value, dict) and origin is dict:
        for key, item in value.items():
            yield from _field_texts(item, args[1], (*path, str(key)))


def _is_text(annotation: Any) -> bool:
    """Plain text, not an id (ids are strings with a pattern), an enum or a fixed choice."""
    if typing.get_origin(annotation) is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        return base is str and not any(getattr(m, "pattern", None) for m in metadata)
    return annotation is str


def _put(data: Any, steps: list[str], value: str) -> None:
    for step in steps[:-1]:
        data = data[int(step)] if isinstance(data, list) else data[step]
    last = steps[-1]
    if isinstance(data, list):
        data[int(last)] = value
    else:
        data[last] = value
