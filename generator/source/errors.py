"""Problems in a policy source, collected as values and printed in one form at the edge."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Problem", "SourceError"]


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
