"""Problems in a policy source, collected as values and printed in one form at the edge."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Name", "Problem", "Said", "SourceError"]


class Said(str):
    """Words of the toolkit that another language may say: the English text itself, which
    keeps its message id (static, with %(name)s placeholders, extracted by pybabel from the
    calls ``Said("...")``) and its values, so the desk can say it in Welsh."""

    id: str
    values: dict[str, object]

    def __new__(cls, id: str, /, **values: object) -> Said:
        said = super().__new__(cls, id % values if values else id)
        said.id, said.values = id, values
        return said

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled as its id and values: a batch worker's problem reaches the parent."""
        return _said, (self.id, self.values)


class Name(str):
    """The name of a policy thing in a message, with the fact path of its name, so a
    translation can use the source's own Welsh for it."""

    path: str

    def __new__(cls, english: str, path: str) -> Name:
        name = super().__new__(cls, english)
        name.path = path
        return name

    def __reduce__(self) -> tuple[object, ...]:
        return Name, (str(self), self.path)


def _said(id: str, values: dict[str, object]) -> Said:
    return Said(id, **values)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the source: where it is, what is wrong, and what to do."""

    file: str
    line: int
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        head = f"{where}: {self.field}" if self.field else where
        text = f"{head}: {self.message}"
        return f"{text}; {self.hint}" if self.hint else text


class SourceError(Exception):
    """Raised with every problem found, never only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        self.locs: list[tuple[object, ...]] = []
        """Where in the model each problem was found, when the model found it."""
        super().__init__("\n".join(str(p) for p in self.problems))
