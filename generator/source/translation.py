"""The Welsh view of a policy, made from the English model and the source's Welsh text.

Every human-readable string in the model is named by its fact path
(``stages.stage_1.name``); ``cy/labels.yaml`` gives its Welsh, and ``cy/prose/`` holds a
Welsh copy of each prose fragment. A string with no Welsh is replaced by a marker
(⟦stages.stage_1.name⟧) rather than the English, so a Welsh output can never fall back to
English silently: whatever carries a marker names the translation it is missing.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.languages import catalogues, interface
from generator.languages.catalogues import marker, missing
from generator.source.errors import Problem
from generator.source.facts import NOT_FACTS
from generator.source.load import WELSH
from generator.source.model import Approval, Policy, ReportAuthor, without_optional

__all__ = ["missing_translations", "translatable", "welsh_view"]

#: Strings that are the same in any language: people's names, addresses, links, versions.
NOT_TEXT = frozenset({"url", "website", "phone", "email", "version", "template", "letter_templates",
                      "prose", "address", "author", "options", "minute"})
PEOPLE = frozenset({(Approval, "name"), (ReportAuthor, "name")})


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


def missing_translations(policy: Policy, texts: Iterable[str]) -> list[Problem]:
    """One problem per translation the texts show a marker for, saying where it belongs."""
    root = Path(policy.root or ".")
    ids = dict.fromkeys(key for text in texts for key in missing(text))
    return [_problem(root, key) for key in ids]


def _problem(root: Path, key: str) -> Problem:
    if key.startswith(f"{WELSH}/prose/"):
        return Problem(str(root / key), 0, "welsh", "no Welsh version of this fragment",
                       f"write it, naming the same facts as prose/{key.split('/', 2)[2]}")
    if key.startswith("ui: "):
        return _catalogue_problem(key[4:])
    return Problem(str(root / WELSH / "labels.yaml"), 0, key, "no Welsh translation",
                   f"add `{key}: ...` to {WELSH}/labels.yaml")


def _catalogue_problem(msgid: str) -> Problem:
    """The generator's own catalogue lacks a message: its entry's line, if it has one."""
    path = catalogues.po_path(interface.LOCALE, interface.DOMAIN, WELSH)
    gap = next(iter(catalogues.gaps(catalogues.read(path, WELSH), {msgid})),
               catalogues.Gap(0, msgid, "no translation"))
    todo = ("re-extract and update the catalogue, then translate it" if gap.line == 0 else
            "translate it" + (" and remove the fuzzy mark" if "fuzzy" in gap.what else ""))
    return Problem(str(path), gap.line, "msgstr", f"no Welsh for the generator's words "
                   f"{msgid!r} ({gap.what})", f'{todo} (see the documentation, '
                   'How-to: "Translate into Welsh")')


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
