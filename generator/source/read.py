"""Read a policy source folder into a validated :class:`~generator.source.model.Policy`.

The one entry point every command uses: load the files, build the typed model, then
check cross-references. Every problem is collected and raised together.
"""

from __future__ import annotations

import pickle
import re
import sys
import typing
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator import cache
from generator.package_data import SHARED_TEMPLATES
from generator.source.audience import public_view
from generator.source.compat import modernise
from generator.source.errors import Problem, Said, SourceError
from generator.source.facts import check_prose, check_public_prose
from generator.source.load import (
    WELSH,
    Located,
    LocatedList,
    RawSource,
    describe,
    locate,
    outside_problem,
    read_all,
    within,
)
from generator.source.model import Policy, without_optional
from generator.source.plausible import implausible
from generator.source.validate import facts_key, unless_clean, validate
from generator.stamps import files_below, stamp

__all__ = ["checked_source", "model_problem", "policy_file", "read_policy", "read_source"]


def read_policy(root: Path | str) -> Policy:
    """Load, model and validate the source in ``root``; raise SourceError listing all problems.

    A valid source's model is kept in the cache (:mod:`generator.cache`) by everything a
    read depends on (see :func:`_model_key`), so an unchanged source is not read again.
    """
    entry = _model_key(Path(root))
    kept = cache.data("models", entry) if entry else None
    if kept is not None:
        return typing.cast(Policy, pickle.loads(kept))
    policy = read_source(root)[0]
    if entry:
        cache.keep_data("models", entry, pickle.dumps(policy))
    return policy


def _model_key(root: Path) -> str | None:
    """A hash of all a read of ``root`` depends on: the folder, every file below it (where
    it leads, and its size and times of change, which any write changes: no file is read,
    so a pipe, a device or a huge file in the source is left to the read to refuse), the
    shared templates a letter may name, and the code and libraries that read them; None
    if a file cannot be looked at (the read reports it)."""
    try:
        parts = [f"{path.relative_to(root)}>{path.resolve()}:{stamp(path.stat())}"
                 for path in files_below(root, ".git")]
    except OSError:
        return None
    return cache.key(str(root), str(root.resolve()), *parts,
                     cache.files_of(SHARED_TEMPLATES), cache.generator_code(), sys.version,
                     *map(cache.library, ("pydantic", "pydantic_core", "yaml", "babel")))


def read_source(root: Path | str) -> tuple[Policy, RawSource]:
    """The validated policy and the raw data behind it (for FILE:LINE of later findings)."""
    policy, raw, problems = checked_source(root)
    if problems:
        raise SourceError(problems)
    return policy, raw


def checked_source(root: Path | str) -> tuple[Policy, RawSource, list[Problem]]:
    """The policy, the raw data and every problem of its cross-references, prose, template
    paths and plausibility, all of them, so that `policy check` can go on to render the
    letters of a policy with problems and report theirs in the same run. Raises
    SourceError only when no model can be built."""
    raw = read_all(Path(root))
    warnings = modernise(raw)
    try:
        policy = build_model(raw)
    except SourceError as exc:
        unread = {problem.file for problem in raw.problems}
        problems = [*raw.problems, *(p for p in exc.problems if p.file not in unread)]
        beyond = [] if raw.problems else _beyond(raw, exc.locs, validate)
        raise SourceError(problems + beyond) from None
    if raw.problems:
        raise SourceError(raw.problems)
    invalid = validate(policy, raw)
    # the public view's prose and the plausibility checks render every fragment, so they
    # are tried only on a valid model
    found = [*invalid, *outside_templates(policy, raw), *([] if invalid else [
        *public_prose_problems(policy, raw), *implausible(policy, raw)])]
    problems = list(dict.fromkeys(found))  # once each, in the order found
    return policy.model_copy(update={"root": raw.root, "warnings": warnings}), raw, problems


def public_prose_problems(policy: Policy, raw: RawSource) -> list[Problem]:
    """Public fragments may name only facts the public view keeps (checked on every load,
    so no command renders Part A with an internal fact in it); Welsh fragments are held to
    everything English ones are. A fragment found clean before with the same facts is not
    checked again (a prose edit changes one)."""
    facts = facts_key(policy)
    welsh = policy.model_copy(update={"prose": {name: text for name, text in
                                                policy.welsh_prose.items()
                                                if name in policy.prose}})
    problems = [problem for name, text in welsh.prose.items()
                for problem in unless_clean(partial(
                    check_prose, welsh, name, raw.display(f"{WELSH}/prose/{name}")),
                    facts, "welsh", name, text)]
    # the English is held to the public view whatever the Welsh lacks; the Welsh once valid
    checked = [(policy, "prose"), *([] if problems else [(welsh, f"{WELSH}/prose")])]
    for source, folder in checked:
        view = public_view(source)
        problems += [problem for name, text in view.prose.items()
                     for problem in unless_clean(partial(
                         check_public_prose, source, view, name,
                         raw.display(f"{folder}/{name}")), facts, "public", folder, name, text)]
    return sorted(set(problems))


def outside_templates(policy: Policy, raw: RawSource) -> list[Problem]:
    """Each letter's template must be a file in a templates folder (the source's own or the
    shared one), not reached through ``..`` or a link out of it."""
    own = policy.policy.letter_templates
    folders = [SHARED_TEMPLATES, *([raw.root / own] if own else [])]
    problems = [problem for name in ("reference.docx", "reference.odt")
                if (raw.root / name).exists()
                for problem in [outside_problem(raw.root / name, raw.root, name)] if problem]
    if own and within(raw.root, own) is None:
        file, line = locate(raw.data, ("policy", "letter_templates"))
        return [*problems, Problem(file, line, "policy.letter_templates", f"'{own}' is outside the "
                        "source folder", "keep the templates in a folder inside the source "
                        "and give its path from there, such as letter_templates")]
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
    return Path(policy.root or ".") / "policy.yaml"


def build_model(raw: RawSource, data: dict[str, Any] | None = None) -> Policy:
    try:
        return Policy.model_validate({**(raw.data if data is None else data),
                                      "prose": raw.prose, "welsh_prose": raw.welsh_prose,
                                      "root": raw.root})
    except ValidationError as exc:
        error = SourceError([
            model_problem(error, raw.data, raw.display(f"{error['loc'][0]}.yaml"), Policy)
            for error in exc.errors()
        ])
        error.locs = [tuple(e["loc"]) for e in exc.errors()]
        raise error from None


#: Topic files whose entries sit one level down (``rights.appeals.<id>``).
_GROUPED = {"rights": {"appeals"}, "reviews": {"case_reviews", "scheduled", "reporting"}}


def _beyond(raw: RawSource, errors: list[tuple[Any, ...]],
            validate: Callable[[Policy, RawSource], list[Problem]]) -> list[Problem]:
    """The cross-reference problems of what could be read, found in the same run.

    Each entry the model refused (and each file that could not be read) is left out and the
    rest checked; a problem that names a left-out id is dropped, as it may only echo the
    first. Nothing is said when the rest still does not make a model.
    """
    data = {stem: Located(value) for stem, value in raw.data.items()}
    left_out: set[str] = set()
    for _ in range(4):
        for loc in errors:
            stem = loc[0] if loc else None
            depth = 3 if len(loc) > 2 and loc[1] in _GROUPED.get(str(stem), ()) else 2
            container = data.get(str(stem)) if depth == 2 else data[str(stem)].get(loc[1])
            if len(loc) < depth or stem == "policy" or not isinstance(container, dict) or \
                    loc[depth - 1] not in container:
                return []
            container = dict(container)
            del container[loc[depth - 1]]
            if depth == 2:
                data[str(stem)] = Located(container)
            else:
                data[str(stem)] = Located({**data[str(stem)], loc[1]: container})
            left_out.add(str(loc[depth - 1]))
        try:
            policy = build_model(raw, data)
        except SourceError as exc:
            errors = exc.locs
            continue
        try:
            found = validate(policy, raw)
        except Exception:  # a partial model may break what a whole one keeps
            return []
        return [p for p in found if not _may_echo(p, raw, left_out)]
    return []


def _may_echo(problem: Problem, raw: RawSource, left_out: set[str]) -> bool:
    """Whether a problem found without the left-out entries may be caused by leaving them
    out: it names one, is about a whole file, or sits in an entry that refers to one."""
    if any(re.search(rf"\b{re.escape(name)}\b", problem.message) for name in left_out):
        return True
    steps = problem.field.split(".")
    if steps[0] == "prose":
        try:
            text = raw.prose.get(Path(problem.file).relative_to(raw.root / "prose").as_posix(),
                                 "")
        except ValueError:
            return True
        return any(re.search(rf"\b{re.escape(name)}\b", text) for name in left_out)
    if len(steps) < 2 or steps[0] not in raw.data:
        return True
    entry = raw.data[steps[0]].get(steps[1])
    if steps[0] in _GROUPED and len(steps) > 2 and isinstance(entry, dict):
        entry = entry.get(steps[2])
    return entry is None or _refers(entry, left_out)


def _refers(value: Any, names: set[str]) -> bool:
    if isinstance(value, dict):
        return any(_refers(v, names) or str(k) in names for k, v in value.items())
    if isinstance(value, list):
        return any(_refers(v, names) for v in value)
    return str(value) in names


def model_problem(error: Any, data: Any, fallback_file: str, model: type[BaseModel]) -> Problem:
    """One pydantic error on YAML ``data`` read into ``model``, as a Problem with FILE:LINE."""
    loc = tuple(error["loc"])
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]  # a key's own line, not its value's
    file, line = locate(data, loc)
    file = file or fallback_file
    field = ".".join(str(step) for step in loc)
    kind = error["type"]
    got = error.get("input")
    if isinstance(got, Located | LocatedList) and (got.file, got.line) != ("", 0):
        file, line = got.file, got.line if kind.endswith("_type") else line
    if kind == "missing":
        return Problem(file, line, field, Said("required field is missing"), Said("add it"))
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[:-1])
        hint = Said("check the spelling; allowed here: %(fields)s", fields=", ".join(allowed)) \
            if allowed else Said("remove it or check its spelling")
        return Problem(file, line, field, Said("unknown field"), hint)
    if kind == "string_pattern_mismatch" and "[a-z]" in str(error.get("ctx", {})):
        return Problem(file, line, field, Said("%(value)r is not a valid id",
                                               value=error["input"]),
                       Said("use lower-case letters, digits and underscores, starting with a "
                            "letter"))
    raised = error.get("ctx", {}).get("error")
    message = raised.args[0] if isinstance(raised, ValueError) and raised.args and isinstance(
        raised.args[0], Said) else error["msg"].removeprefix("Value error, ")
    if kind == "string_too_short":
        return Problem(file, line, field, Said("is empty"), Said(
            "write the text, or leave the field out where it is optional"))
    if kind in {"enum", "literal_error"}:
        if isinstance(got, bool):
            return Problem(file, line, field, Said("%(got)s is not allowed", got=describe(got)),
                           f"{message.lower()}; put the word in quotes")
        return Problem(file, line, field, Said("%(got)r is not allowed", got=got),
                       message.lower())
    if kind == "bool_parsing":
        return Problem(file, line, field, Said("%(got)r is not true or false", got=got),
                       Said("write true or false (yes and no are read as those too)"))
    if kind == "string_type" and isinstance(got, bool | int | float):
        return Problem(file, line, field, Said("%(got)s where text belongs", got=describe(got)),
                       Said("put the text in quotes, such as \"no\"") if isinstance(got, bool)
                       else Said("put it in quotes"))

    if isinstance(got, dict | list) or kind.endswith("_type"):
        expected = _EXPECTED.get(kind, message.lower().removeprefix("input should be "))
        return Problem(file, line, field, Said("%(got)s where %(expected)s belongs",
                                               got=describe(got), expected=expected),
                       Said("see `policy schema` for the expected shape"))
    return Problem(file, line, field, message,
                   "" if "; " in message else Said("correct the value"))


#: What a pydantic type error expected, in a source author's words.
_EXPECTED = {"dict_type": Said("a mapping (key: value lines)"),
             "model_type": Said("a mapping of fields"), "list_type": Said("a list"),
             "string_type": Said("text"), "int_type": Said("a whole number"),
             "int_parsing": Said("a whole number"), "bool_type": Said("true or false"),
             "bool_parsing": Said("true or false"), "float_type": Said("a number"),
             "float_parsing": Said("a number")}



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
