"""Read a policy source folder into a validated :class:`~generator.model.Policy`.

The one entry point every command uses: load the files, build the typed model, then
check cross-references. Every problem is collected and raised together.
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.errors import Problem, SourceError
from generator.load import WELSH, RawSource, load_source, locate, outside_problem
from generator.model import Policy, without_optional


def read_policy(root: Path | str) -> Policy:
    """Load, model and validate the source in ``root``; raise SourceError listing all problems."""
    return read_source(root)[0]


def read_source(root: Path | str) -> tuple[Policy, RawSource]:
    """The validated policy and the raw data behind it (for FILE:LINE of later findings)."""
    from generator.validate import validate

    raw = load_source(Path(root))
    policy = build_model(raw)
    problems = validate(policy, raw) or [*public_prose_problems(policy, raw),
                                         *outside_templates(policy, raw)]
    if problems:
        raise SourceError(problems)
    return policy.model_copy(update={"root": raw.root}), raw


def public_prose_problems(policy: Policy, raw: RawSource) -> list[Problem]:
    """Public fragments may name only facts the public view keeps (checked on every load,
    so no command renders Part A with an internal fact in it)."""
    from generator.audience import public_view
    from generator.facts import check_public_prose

    view = public_view(policy)
    return [problem for name in view.prose
            for problem in check_public_prose(policy, view, name, raw.display(f"prose/{name}"))]


def outside_templates(policy: Policy, raw: RawSource) -> list[Problem]:
    """Each letter's template must be a file in a templates folder (the source's own or the
    shared one), not reached through ``..`` or a link out of it."""
    from generator.documents import SHARED_TEMPLATES

    own = policy.policy.letter_templates
    folders = [SHARED_TEMPLATES, *([raw.root / own] if own else [])]
    problems = []
    for letter_id, letter in policy.letters.items():
        name = letter.template or f"{letter_id}.docx"
        for folder in (sub for base in folders for sub in (base, base / WELSH)):
            path = folder / name
            if (path.exists() or ".." in Path(name).parts) and outside_problem(path, folder, ""):
                file, line = locate(raw.data, ("letters", letter_id, "template"))
                problems.append(Problem(file, line, f"letters.{letter_id}.template",
                                        f"'{name}' is outside the templates folder {folder}",
                                        "keep the template in that folder and give its name"))
                break
    return problems


def policy_file(policy: Policy) -> Path:
    return Path(policy.root) / "policy.yaml"


def build_model(raw: RawSource) -> Policy:
    try:
        return Policy.model_validate({**raw.data, "prose": raw.prose,
                                      "welsh_prose": raw.welsh_prose})
    except ValidationError as exc:
        raise SourceError([
            model_problem(error, raw.data, raw.display(f"{error['loc'][0]}.yaml"), Policy)
            for error in exc.errors()
        ]) from None


def model_problem(error: Any, data: Any, fallback_file: str, model: type[BaseModel]) -> Problem:
    """One pydantic error on YAML ``data`` read into ``model``, as a Problem with FILE:LINE."""
    loc = tuple(error["loc"])
    file, line = locate(data, loc)
    file = file or fallback_file
    field = ".".join(str(step) for step in loc)
    kind = error["type"]
    if kind == "missing":
        return Problem(file, line, field, "required field is missing", "add it")
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[:-1])
        hint = f"check the spelling; allowed here: {', '.join(allowed)}" if allowed else \
            "remove it or check its spelling"
        return Problem(file, line, field, "unknown field", hint)
    if kind == "string_pattern_mismatch" and "[a-z]" in str(error.get("ctx", {})):
        return Problem(file, line, field, f"{error['input']!r} is not a valid id",
                       "use lower-case letters, digits and underscores, starting with a letter")
    message = error["msg"].removeprefix("Value error, ")
    got = error.get("input")
    if kind in {"enum", "literal_error"}:
        return Problem(file, line, field, f"{got!r} is not allowed", message.lower())
    if isinstance(got, dict | list) or kind.endswith("_type"):
        return Problem(file, line, field, f"wrong type: {message.lower()}",
                       "see `policy schema` for the expected shape")
    return Problem(file, line, field, message, "" if "; " in message else "correct the value")


def _allowed_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names of the model class found by following ``loc`` from ``model``."""
    annotation: Any = model
    for step in loc:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(step))
            if field is None:
                return []
            annotation = field.annotation
        else:
            args = typing.get_args(annotation)
            annotation = args[-1] if args else None
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip Optional and Annotated so the model class behind a field shows."""
    annotation = without_optional(annotation)
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = without_optional(typing.get_args(annotation)[0])
    return annotation
