"""Markdown structure that a prose loop broke, found in the rendered page.

A loop that prints a list and then the next entry's paragraph with no blank line between
them makes Markdown carry that paragraph into the last list item ("shouting
**Unreasonably persistent conduct.** Contact that..."). Facts carry their path, so the
break shows in the HTML: one list item states an item of one entry's list
(``behaviours.aggressive.examples.3``) and a fact of another entry of the same collection
(``behaviours.persistent.name``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from generator.sites.verify import ARCHIVE
from generator.source.errors import Problem
from generator.source.model import Policy

__all__ = ["check_structure"]

#: A fact that is one item of a list field: its entry, and the collection the entry is in.
_LIST_ITEM = re.compile(r"^((.+)\.[a-z0-9_]+)\.[a-z_]+\.\d+$")


class _ListItems(HTMLParser):
    """The fact paths inside each innermost list item, with the section heading above it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, list[tuple[str, str]]]] = []
        self._open: list[list[tuple[str, str]]] = []
        self._section = ""
        self._fact: list[str] = []  # [path, text so far] of the fact being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("h1", "h2") and found.get("id"):
            self._section = found["id"] or ""
        elif tag == "li":
            self._open.append([])
        if found.get("data-fact") and self._open:
            self._fact = [found["data-fact"] or "", ""]

    def handle_data(self, data: str) -> None:
        if self._fact:
            self._fact[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag in ("span", "a") and self._fact:
            self._open[-1].append((self._fact[0], " ".join(self._fact[1].split())))
            self._fact = []
        elif tag == "li" and self._open:
            self.items.append((self._section, self._open.pop()))


def check_structure(policy: Policy, site: Path, skip: tuple[Path, ...] = (),
                    pages: list[Path] | None = None) -> list[Problem]:
    """Every list item on a built site (or on ``pages`` of it) that holds facts of two
    entries of one collection."""
    problems = []
    for page in sorted(site.rglob("*.html")) if pages is None else pages:
        if {ARCHIVE, *skip} & set(page.relative_to(site).parents):
            continue  # earlier versions, and the other languages' sites
        parser = _ListItems()
        parser.feed(page.read_text(encoding="utf-8"))
        for section, facts in parser.items:
            broken = _run_on(facts)
            if broken:
                (item, said), (other, other_said) = broken
                file, line = _fragment(policy, section, page)
                problems.append(Problem(
                    file, line, "prose",
                    f"on {page.name}, the list item {said!r} ({item}) runs on into "
                    f"{other_said!r} ({other})",
                    "leave a blank line after the list, before the loop's next entry "
                    "(put one before {% endfor %})"))
    return problems


Stated = tuple[str, str]  # a fact's path, and its text on the page


def _run_on(facts: list[Stated]) -> tuple[Stated, Stated] | None:
    """(list item's fact, other entry's fact) where one list item holds both; else None."""
    for fact in facts:
        match = _LIST_ITEM.match(fact[0])
        if not match:
            continue
        entry, collection = match.group(1), match.group(2)
        for other in facts:
            if other[0].startswith(collection + ".") and not other[0].startswith(entry + "."):
                return fact, other
    return None


def _fragment(policy: Policy, section_id: str, page: Path) -> tuple[str, int]:
    """The prose file of the section, and the line of its first loop; else the page."""
    for part in policy.parts.values():
        for section in part.sections:
            if section.id == section_id:
                text = policy.prose.get(section.prose, "")
                loops = [n for n, line in enumerate(text.splitlines(), start=1)
                         if "{% for" in line or "{%- for" in line]
                prose = "prose" if policy.language == "en" else f"{policy.language}/prose"
                return (str(Path(policy.root or ".") / prose / section.prose),
                        loops[0] if loops else 1)
    return str(page), 0
