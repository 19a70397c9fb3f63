"""Who may read what: the public view of a policy, with everything internal removed, and
the facts the published policy states.

The public site is rendered from this view, never from the full model, so internal
content cannot reach it by any route: a public fragment that names an internal fact
fails to render. The change log learns here, without rendering a page, which changes are
changes to the published policy.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.source.facts import named_facts
from generator.source.model import Audience, Policy

__all__ = ["internal_strings", "public_facts", "public_view"]

#: What the published policy states whether or not its prose names it: the first public
#: part closes with the appeal rules, ombudsmen and calendar reviews its prose leaves out.
ALWAYS_PUBLIC = frozenset({"rights.appeals", "rights.ombudsmen", "reviews.scheduled"})


def public_view(policy: Policy) -> Policy:
    """The policy as the public may see it: Part A and the facts it states, nothing else.

    Committee reports stay: councils publish them with the meeting's papers.
    """
    parts = {pid: part for pid, part in policy.parts.items() if part.audience == Audience.public}
    fragments = {section.prose for part in parts.values() for section in part.sections}
    return policy.model_copy(update={
        "parts": parts,
        "prose": {name: text for name, text in policy.prose.items() if name in fragments},
        "protocols": {pid: p for pid, p in policy.protocols.items() if p.part in parts},
        "decisions": {did: d.model_copy(update={"notes": None})
                      for did, d in policy.decisions.items()},
        "roles": {rid: r.model_copy(update={"description": None})
                  for rid, r in policy.roles.items()},
        "reviews": policy.reviews.model_copy(update={"registers": {}}),
        "letters": {},
    })


def public_facts(policy: Policy) -> frozenset[str]:
    """The fact paths the published policy states: its public parts, the facts their prose
    names, and :data:`ALWAYS_PUBLIC` where it has a public part at all."""
    view = public_view(policy)
    if not view.parts:
        return frozenset()
    named = (named_facts(view.prose[section.prose]) for part in view.parts.values()
             for section in part.sections if section.prose in view.prose)
    return frozenset().union(ALWAYS_PUBLIC, {f"parts.{pid}" for pid in view.parts}, *named)


def internal_strings(policy: Policy) -> Iterator[str]:
    """Text that only staff may read: what a public build must never contain."""
    public = public_view(policy)
    shared = set(_strings(public.model_dump()))
    for text in _internal_candidates(policy, public):
        if text not in shared:
            yield text


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _internal_candidates(policy: Policy, public: Policy) -> Iterator[str]:
    for name, text in policy.prose.items():
        if name not in public.prose:
            yield from _sentences(text)
    for pid, protocol in policy.protocols.items():
        if pid not in public.protocols:
            yield from (protocol.title, protocol.summary, *protocol.steps, *protocol.rules)
    for letter in policy.letters.values():
        yield from (letter.title, letter.when, *letter.questions)
    yield from (d.notes for d in policy.decisions.values() if d.notes)
    yield from (r.description for r in policy.roles.values() if r.description)
    for register in policy.reviews.registers.values():
        yield from ([register.name] if register.name else [])
        yield from register.records


def _sentences(markdown: str) -> Iterator[str]:
    """Plain sentences of a fragment long enough to be distinctive, without Jinja or markup."""
    for line in markdown.splitlines():
        line = line.strip().lstrip("-*0123456789. ").strip()
        if "{" in line or "<" in line or "*" in line or len(line) < 30:
            continue
        yield line
