"""Document control (``policy``): the policy named as a document, with its version only
where the source gives one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.languages.catalogues import N_
from generator.source.model import Policy
from generator.statements.said import Line, Statement, Value, Words

__all__ = ["about_lines", "approval_lines", "archive_lines", "document", "gaps",
           "marking_lines"]


def document(words: Words, policy: Policy) -> Statement:
    """"Managing Customer Relations Policy, version 3.0", or the title alone."""
    title = Value(policy.policy.title, "policy.title")
    if policy.policy.version:
        return words(N_("%(title)s, version %(version)s"), "policy.document", title=title,
                     version=Value(policy.policy.version, "policy.version"))
    return Statement(title, "policy.document", [title])


def about_lines(policy: Any, status: Any, topic: str) -> list[Line]:
    """What a public page says of the document: its title, version and ``status`` (the
    status in words), or (``topic="dates"``) when it applies or was published and when it
    is next reviewed, as far as the source gives them; or (``"staff"``) what the staff
    guidance is, its version or status and its owner. ``policy`` is the page's fact for
    the policy's ``policy`` section."""
    model = policy.value
    if topic == "staff":
        return [Line(N_("This is the internal guidance on the %(title)s of %(council)s."),
                     {"title": policy.title, "council": policy.council.name}),
                Line(N_("Version %(version)s (%(status)s)."),
                     {"version": policy.version, "status": status}) if model.version else
                Line(N_("Status: %(status)s."), {"status": status}),
                *([Line(N_("It is owned by the %(owner)s."), {"owner": policy.owner})]
                  if model.owner else [])]
    if topic != "dates":
        return [Line(N_("%(title)s, version %(version)s (%(status)s)."),
                     {"title": policy.title, "version": policy.version, "status": status})
                if model.version else
                Line(N_("%(title)s (%(status)s)."), {"title": policy.title, "status": status})]
    published, review = model.publication_date, model.next_review_date
    lines = []
    if published and model.status == "approved":
        lines.append(Line(N_("Applies from %(published)s."),
                          {"published": policy.publication_date}))
    elif published and review:
        return [Line(N_("Published %(published)s. Next review due by %(review)s."),
                     {"published": policy.publication_date, "review": policy.next_review_date})]
    elif published:
        lines.append(Line(N_("Published %(published)s."), {"published": policy.publication_date}))
    if review:
        lines.append(Line(N_("Next review due by %(review)s."),
                          {"review": policy.next_review_date}))
    return lines


def approval_lines(policy: Any, approval: Any) -> list[Line]:
    """The version an approval was for (``policy.approvals.*.version``), where it is not
    the version in force; ``policy`` and ``approval`` are the page's facts."""
    version = approval.value.version
    if not version or version == policy.value.version:
        return []
    return [Line(N_("version %(version)s"), {"version": approval.version})]


def archive_lines(version: str) -> list[Line]:
    """An earlier version the site offers (a kept version of the source), named before
    its downloads."""
    return [Line(N_("Version %(version)s:"), {"version": version})]


def marking_lines(part: Any) -> list[Line]:
    """The label of a part's marking (``parts.*.marking``) in document control;
    ``part`` is the page's fact for the part."""
    return [Line(N_("Marking of %(part)s"), {"part": part.label})]


def gaps(policy: Policy) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    """What the published policy will not say of itself: (where, what, what to add)."""
    for field, gap in (("version", "which version it is"),
                       ("publication_date", "when it was published"),
                       ("next_review_date", "when it is next reviewed")):
        if getattr(policy.policy, field) is None:
            yield ("policy",), gap, f"add {field}:"
