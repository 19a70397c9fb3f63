"""Every field of the model reaches an output, or says why not: a field that nothing
renders is accepted from the owner and silently dropped.

The walk reads the renderers (page templates, letters, sites, revisions, the register and
the desk) for a use of each field by name: ``.field``, ``"field"`` or ``field=``.
"""

from __future__ import annotations

import re
import typing
from pathlib import Path

from pydantic import BaseModel

from generator.source.model import Policy, without_optional

ROOT = Path(__file__).resolve().parent.parent / "generator"
#: Fields that reach an output without a renderer naming them, and how.
WHY_NOT = {
    ("Council", "called"): "printed where the source's own prose names it "
                           "({{ policy.council.called }})",
}
#: Modules that read the source rather than render it: a use there is no output.
READERS = {"model.py", "load.py", "read.py", "validate.py", "compat.py", "upgrade.py",
           "new_source.py", "values.py", "errors.py", "plausible.py", "markup.py"}


def _renderers() -> str:
    files = [p for p in ROOT.rglob("*") if p.is_file() and p.suffix in (".py", ".md", ".html")
             and not (p.parent.name == "source" and p.name in READERS)]
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def _models(cls: type[BaseModel], seen: dict[str, type[BaseModel]]) -> None:
    if cls.__name__ in seen:
        return
    seen[cls.__name__] = cls
    for field in cls.model_fields.values():
        for part in _parts(field.annotation):
            if isinstance(part, type) and issubclass(part, BaseModel):
                _models(part, seen)


def _parts(annotation: typing.Any) -> list[typing.Any]:
    annotation = without_optional(annotation)
    return [annotation, *(p for arg in typing.get_args(annotation) for p in _parts(arg))]


def test_every_field_reaches_an_output_or_says_why_not():
    code = _renderers()
    models: dict[str, type[BaseModel]] = {}
    _models(Policy, models)
    unused = [f"{name}.{field}" for name, cls in sorted(models.items())
              for field in cls.model_fields
              if (name, field) not in WHY_NOT and not re.search(
                  rf"\.{field}\b|[\"']{field}[\"']|\b{field}=", code)]
    assert unused == [], "fields no renderer reads: print them, or say why not in WHY_NOT"


def test_why_not_names_real_fields():
    models: dict[str, type[BaseModel]] = {}
    _models(Policy, models)
    assert all(field in models[name].model_fields for name, field in WHY_NOT)
