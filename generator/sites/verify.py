"""Rendered pages read back and held against the model, fact by fact.

Every fact a page states carries its path (``data-fact``), so the check is exact: the
text on the page must be the fact's canonical text from the model. Pages are parsed as
HTML, and the check fails closed: a fact holding markup, a fact the parser cannot read
back, and anything hostile (:func:`generator.source.markup.hostile`) are problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from generator.source.errors import Problem
from generator.source.facts import resolve
from generator.source.markup import hostile
from generator.source.model import Policy

__all__ = ["ARCHIVE", "page_facts", "verify_site"]

#: Where a site keeps earlier versions' published policy.
ARCHIVE = Path("downloads/archive")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                   "meta", "source", "track", "wbr"})


@dataclass
class _Fact:
    path: str
    tag: str
    line: int
    text: list[str] = field(default_factory=list)
    nested: bool = False


class _Page(HTMLParser):
    """One page: the facts it states, and whatever it holds that it may not."""

    def __init__(self, content_checked: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.facts: list[_Fact] = []
        self.wrong: list[tuple[int, str]] = []
        """(line, what is wrong) for each thing the page may not hold."""
        self._open: list[_Fact] = []
        self._content = content_checked
        self._article = 0  # depth inside the page's content, 0 outside it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self._content:
            self.wrong += [(self.getpos()[0], message)
                           for message in hostile(tag, attrs, content=self._article > 0)]
        if self._open:
            self._open[-1].nested = True
        if self._article:
            if tag not in _VOID:
                self._article += 1
        elif tag == "article":
            self._article = 1
        if "data-fact" in values:
            fact = _Fact(values["data-fact"] or "", tag, self.getpos()[0])
            self.facts.append(fact)
            if tag not in _VOID:
                self._open.append(fact)

    def handle_endtag(self, tag: str) -> None:
        if self._article and tag not in _VOID:
            self._article -= 1
        if self._open and self._open[-1].tag == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for fact in self._open:
            fact.text.append(data)

    def handle_comment(self, data: str) -> None:
        if self._article and self._content:
            self.wrong.append((self.getpos()[0], "the content holds an HTML comment"))

    def close(self) -> None:
        super().close()
        self.wrong += [(fact.line, f"the fact '{fact.path}' is never closed")
                       for fact in self._open]


def read_page(html: str, content_checked: bool = False) -> _Page:
    page = _Page(content_checked)
    page.feed(html)
    page.close()
    return page


def page_facts(html: str) -> list[tuple[str, str]]:
    """(path, text) for every fact a page states."""
    return [(fact.path, " ".join("".join(fact.text).split())) for fact in read_page(html).facts]


def verify_site(policy: Policy, site: Path, skip: tuple[Path, ...] = (),
                pages: list[Path] | None = None) -> list[Problem]:
    """Every fact stated on every page of a built site (or on ``pages`` of it) that differs
    from the model, and anything on a page that the page may not hold."""
    problems = []
    for page in sorted(site.rglob("*.html")) if pages is None else pages:
        if {ARCHIVE, *skip} & set(page.relative_to(site).parents):
            continue  # earlier versions, and other languages, state their own facts
        try:
            html = page.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(str(page), 0, "page", "the page is not UTF-8 text",
                                    "rebuild from the source"))
            continue
        read = read_page(html, content_checked=True)
        problems += [Problem(str(page), line, "page", wrong, "remove it from the source")
                     for line, wrong in read.wrong]
        if html.count("data-fact=") != len(read.facts):
            problems.append(Problem(str(page), 0, "page", "a fact on the page cannot be read "
                                    "back", "rebuild from the source"))
        for fact in read.facts:
            shown = " ".join("".join(fact.text).split())
            expected = resolve(policy, fact.path)
            expected_text = " ".join(str(expected).split()) if expected is not None else None
            if fact.nested:
                problems.append(Problem(str(page), fact.line, fact.path, "the fact holds markup",
                                        "rebuild from the source"))
            elif shown != expected_text:
                problems.append(Problem(str(page), fact.line, fact.path,
                                        f"the page states {shown!r} but the source says "
                                        f"{expected_text!r}", "rebuild from the source"))
    return problems
