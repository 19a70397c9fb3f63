"""What the published policy will not tell the public, because the source does not say it.

Absent means unsaid: no output fills a gap with a default. `policy check` lists the gaps
as notes, so an owner can see what their document leaves out and add it where the
document does say it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.sites.pages import names_fact
from generator.source.load import RawSource, locate
from generator.source.model import Audience, Policy
from generator.statements import appeals, disclosure, document_control, ombudsmen, signatories

__all__ = ["unsaid"]


def unsaid(policy: Policy, raw: RawSource) -> list[str]:
    """Notes, each ``note: FILE:LINE: field: what Part A will not say; what to add``."""
    notes = []
    for loc, gap, add in _gaps(policy):
        file, line = locate(raw.data, loc)
        file = file or raw.display(f"{loc[0]}.yaml")
        notes.append(f"note: {file}:{line or 1}: {'.'.join(map(str, loc))}: the published policy "
                     f"will not say {gap}; {add}, if the policy says it")
    notes += _restated_in_words(policy, raw)
    notes += _welsh_commitment(policy, raw)
    notes += _untold(policy, raw)
    return notes


def _untold(policy: Policy, raw: RawSource) -> list[str]:
    """Stages that restrict and name no one to tell: the desk lists no one to tell when a
    case enters them, and every telling there needs a reason of its own."""
    notes = []
    for loc, gap, add in disclosure.gaps(policy):
        file, line = locate(raw.data, loc)
        file = file or raw.display(f"{loc[0]}.yaml")
        notes.append(f"note: {file}:{line or 1}: {'.'.join(map(str, loc))}: the desk will not "
                     f"say {gap}, so every telling there needs a recorded reason; {add}, if "
                     "the policy says whom to tell")
    return notes


def _welsh_commitment(policy: Policy, raw: RawSource) -> list[str]:
    """A Welsh body whose source gives no commitment on correspondence in Welsh: its
    letters cannot carry one, and no sentence is made up for it."""
    document = policy.policy
    if document.council.nation != "wales" or (document.welsh and document.welsh.correspondence):
        return []
    loc: tuple[Any, ...] = ("policy", "welsh") if document.welsh else ("policy",)
    file, line = locate(raw.data, loc)
    file = file or raw.display("policy.yaml")
    return [f"note: {file}:{line or 1}: policy.welsh.correspondence: the letters will not say "
            "that the body welcomes correspondence in Welsh, answers in Welsh and that this "
            "causes no delay (the Welsh Language Standards ask every letter of a Welsh body "
            "to say it); add welsh: correspondence: in the body's own words, if it has made "
            "that commitment"]


def _gaps(policy: Policy) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    """Each topic's own account of what the source leaves unsaid."""
    yield from document_control.gaps(policy)
    yield from signatories.gaps(policy)
    yield from appeals.rights_gaps(policy)
    yield from ombudsmen.gaps(policy)


def _restated_in_words(policy: Policy, raw: RawSource) -> list[str]:
    """Public prose that talks of appeals in its own words while Part A also gets the
    generated statement of the same rule: the reader would be told twice."""
    fragments = [s.prose for p in policy.parts.values() if p.audience == Audience.public
                 for s in p.sections if s.prose in policy.prose]
    prose = "\n".join(policy.prose[name] for name in fragments)
    generated = [aid for aid in policy.rights.appeals
                 if not names_fact(prose, "rights.appeals", aid)]
    notes = []
    for name in fragments if generated else []:
        line = next((n for n, row in enumerate(policy.prose[name].splitlines(), 1)
                     if "appeal" in row.lower()), 0)
        if line:
            notes.append(f"note: {raw.display(f'prose/{name}')}:{line}: speaks of appeals in "
                         f"its own words, and Part A also states {', '.join(generated)} in a "
                         "section of its own; name the rule's facts here (such as "
                         f"{{{{ rights.appeals.{generated[0]}.window }}}}) and that section "
                         "leaves the rule out")
    return notes
