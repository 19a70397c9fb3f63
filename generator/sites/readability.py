"""How plain Part A's English is: the Flesch reading ease of its text.

Counting English syllables is done here by vowel groups, the usual approximation: the
libraries that do it better fetch a pronouncing dictionary at run time, and an intranet
build has no network.
"""

from __future__ import annotations

import re

from generator.source.audience import public_view
from generator.source.errors import Problem
from generator.source.facts import render_prose
from generator.source.model import Policy

__all__ = ["flesch_reading_ease", "readability_findings", "syllables"]

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_SENTENCE_END = re.compile(r"[.!?;:]+(?=\s|$)|\n\s*\n|\n\s*(?:[-*]|\d+\.)\s")


def syllables(word: str) -> int:
    word = word.lower().strip("'’")
    count = len(re.findall(r"[aeiouy]+", word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1  # a silent final e
    return max(count, 1)


def flesch_reading_ease(text: str) -> float:
    """206.835 − 1.015 × words per sentence − 84.6 × syllables per word."""
    sentences = [s for s in _SENTENCE_END.split(text) if _WORD.search(s)]
    words = _WORD.findall(text)
    if not words:
        return 100.0
    per_sentence = len(words) / max(len(sentences), 1)
    per_word = sum(syllables(w) for w in words) / len(words)
    return round(206.835 - 1.015 * per_sentence - 84.6 * per_word, 1)


def public_text(policy: Policy) -> str:
    """Part A as a reader sees it: every public fragment with its facts filled in."""
    view = public_view(policy)
    return "\n\n".join(render_prose(view, section.prose, html=False)
                       for part in view.parts.values() for section in part.sections)


def readability_findings(policy: Policy, where: tuple[str, int]) -> tuple[str, list[Problem]]:
    """The figure `policy check` prints, and a problem when it is under the source's minimum."""
    score = flesch_reading_ease(public_text(policy))
    minimum = policy.policy.readability_minimum
    line = f"Part A readability: Flesch reading ease {score}" + (
        f" (minimum {minimum:g})" if minimum is not None else " (no minimum set)")
    if minimum is None or score >= minimum:
        return line, []
    file, number = where
    return line, [Problem(file, number, "policy.readability_minimum",
                          f"Part A scores {score}, under the minimum of {minimum:g}",
                          "use shorter sentences and plainer words in the public prose")]
