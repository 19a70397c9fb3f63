"""Rendered pages read back and held against the model, fact by fact.

Every fact a page states carries its path (``data-fact``), so the check is exact: the
text on the page must be the fact's canonical text from the model.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from generator.errors import Problem
from generator.facts import resolve
from generator.model import Policy

#: A stated fact as pages render it: its text is escaped, so it holds no further tags.
_FACT = re.compile(r'<(span|a)\b[^>]*?\bdata-fact="([^"]+)"[^>]*>([^<]*)</\1>')


#: Where a site keeps earlier versions' published policy.
ARCHIVE = Path("downloads/archive")


def page_facts(html: str) -> list[tuple[str, str]]:
    """(path, text) for every fact a page states."""
    return [(path, " ".join(unescape(text).split())) for _, path, text in _FACT.findall(html)]


def verify_site(policy: Policy, site: Path, skip: tuple[Path, ...] = ()) -> list[Problem]:
    """Every fact stated on every page of a built site that differs from the model."""
    problems = []
    for page in sorted(site.rglob("*.html")):
        if {ARCHIVE, *skip} & set(page.relative_to(site).parents):
            continue  # earlier versions, and other languages, state their own facts
        for path, shown in page_facts(page.read_text(encoding="utf-8")):
            fact = resolve(policy, path)
            expected = " ".join(str(fact).split()) if fact is not None else None
            if shown != expected:
                problems.append(Problem(str(page), 0, path,
                                        f"the page states {shown!r} but the source says "
                                        f"{expected!r}", "rebuild from the source"))
    return problems
