"""Rendered pages read back and held against the model, fact by fact.

Every fact a page states carries its path (``data-fact``), so the check is exact: the
text on the page must be the fact's canonical text from the model.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from generator.errors import Problem
from generator.facts import resolve
from generator.model import Policy


class _FactReader(HTMLParser):
    """Collects (path, text) for every element with a data-fact attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts: list[tuple[str, str]] = []
        self._open: list[tuple[str | None, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "img", "hr", "input", "meta", "link"}:
            return
        self._open.append((dict(attrs).get("data-fact"), []))

    def handle_endtag(self, tag: str) -> None:
        if not self._open or tag in {"br", "img", "hr", "input", "meta", "link"}:
            return
        path, parts = self._open.pop()
        text = "".join(parts)
        if path:
            self.facts.append((path, " ".join(text.split())))
        if self._open:
            self._open[-1][1].append(text)

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][1].append(data)


def page_facts(html: str) -> list[tuple[str, str]]:
    reader = _FactReader()
    reader.feed(html)
    return reader.facts


def verify_site(policy: Policy, site: Path) -> list[Problem]:
    """Every fact stated on every page of a built site that differs from the model."""
    problems = []
    for page in sorted(site.rglob("*.html")):
        for path, shown in page_facts(page.read_text(encoding="utf-8")):
            fact = resolve(policy, path)
            expected = " ".join(str(fact).split()) if fact is not None else None
            if shown != expected:
                problems.append(Problem(str(page), 0, path,
                                        f"the page states {shown!r} but the source says "
                                        f"{expected!r}", "rebuild from the source"))
    return problems
