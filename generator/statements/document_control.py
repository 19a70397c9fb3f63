"""Document control (``policy``): the policy named as a document, with its version only
where the source gives one."""

from __future__ import annotations

from generator.languages.catalogues import N_
from generator.source.model import Policy
from generator.statements.said import Statement, Value, Words

__all__ = ["document"]


def document(words: Words, policy: Policy) -> Statement:
    """"Managing Customer Relations Policy, version 3.0", or the title alone."""
    title = Value(policy.policy.title, "policy.title")
    if policy.policy.version:
        return words(N_("%(title)s, version %(version)s"), "policy.document", title=title,
                     version=Value(policy.policy.version, "policy.version"))
    return Statement(title, "policy.document", [title])
