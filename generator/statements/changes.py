"""The change log (``policy diff``, "What changed", the approval report): how a change to
a fact is said to the committee and to staff. Each topic's own changes (an appeal brought
in or taken away) are worded by its module; these are the words for any field.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from generator.languages.catalogues import N_
from generator.languages.interface import gettext, translations

__all__ = ["approval_summary", "impact_line", "in_language", "language", "said"]

#: What each collection's entries are called when one is added or removed.
KINDS = {
    "parts": N_("part"), "roles": N_("role"), "decisions": N_("decision"),
    "behaviours": N_("behaviour"), "stages": N_("stage"), "measures": N_("measure"),
    "protocols": N_("protocol"), "letters": N_("letter or form"),
    "reports": N_("committee report"), "rights.appeals": N_("appeal rule"),
    "reviews.case_reviews": N_("case review"), "reviews.scheduled": N_("scheduled review"),
    "reviews.reporting": N_("report"),
}
#: Whose a changed field is, where no entry above it has a name.
THE_POLICY = N_("The policy")
THE_POLICYS = N_("The policy's %(part)s")
TOPICS = {"rights": N_("Rights"), "reviews": N_("Reviews")}
APPEAL_AGAINST = N_("Appeal against %(decisions)s")
REVIEW_AT = N_("Review of cases at %(stages)s")
REPORT_TO = N_("Report to the %(role)s")
NONE = N_("(none)")
REGISTER = N_("The central register")
NEW = N_("New %(kind)s: %(name)s")
NEW_MEASURE = N_("New measure at %(stages)s: %(name)s")
REMOVED = N_("Removed %(kind)s: %(name)s")
ADDED_ITEM = N_("added %(item)s")
REMOVED_ITEM = N_("removed %(item)s")
REORDERED = N_("reordered")
LISTED = N_("%(subject)s: %(changes)s")
VALUE = N_("%(subject)s: %(before)s → %(after)s")
DECIDER = N_("%(subject)s is now decided by the %(new)s (was: %(old)s)")
VERSION = N_("version %(version)s")
REVISION = N_("the revision of %(date)s")
OUTCOME = N_("“%(outcome)s”")
OUTCOME_TO = N_("“%(outcome)s to %(stage)s”")
TELL = N_("“on %(event)s, tell the %(roles)s”")


#: The reader's language while changes are worded (:func:`in_language`); English
#: otherwise, as the change log is kept.
_LANGUAGE: ContextVar[str] = ContextVar("changes_language", default="en")


@contextmanager
def in_language(language: str) -> Iterator[None]:
    """Word the changes said inside the block in ``language`` (the desk's, for a reader
    of Welsh)."""
    token = _LANGUAGE.set(language)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def language() -> str:
    """The language changes are worded in just now (see :func:`in_language`)."""
    return _LANGUAGE.get()


def said(message: str, language: str | None = None, **values: Any) -> str:
    """A change in the reader's language: ``language``, else the one set by
    :func:`in_language`, else English (the change log is kept in English)."""
    words = gettext(language or _LANGUAGE.get())(message)
    return words % values if values else words


#: What a draft revision does to an open case (:mod:`generator.register.impact`).
NOW_DUE = N_("%(what)s: now due %(day)s")
MOVED = N_("%(what)s: %(before)s → %(after)s")
NO_LONGER_DUE = N_("%(what)s: no longer due (was %(day)s)")
STAGE_GONE = N_("the stage %(name)s is removed")
MEASURE_GONE = N_("the measure %(name)s is removed")
OVER_MAXIMUM = N_("%(name)s: %(duration)s is longer than the new maximum of %(maximum)s")
LAST_SENT = N_("last sent")
NEXT = N_("next")
REWORDED_LETTER = N_("%(title)s (%(when)s) would be worded differently where it states: "
                     "%(facts)s")
#: Changes kept by an older format of the confirmations, said by fact only.
CHANGED = N_("Changed: %(path)s")

#: The approval report's own headings and lines (:mod:`generator.sites.approval_report`).
REPORT = {
    "of": N_("Report of the %(role)s"),
    "agenda": N_("agenda item %(item)s"),
    "purpose": N_("Purpose of the report"),
    "recommendations": N_("Recommendations"),
    "summary": N_("Executive summary"),
    "changed": N_("What has changed and why"),
    "in_short": N_("In short: %(summary)s"),
    "background": N_("Background"),
    "seen": N_("Behaviour officers have seen"),
    "author": N_("Report author"),
    "telephone": N_("telephone %(phone)s"),
    "papers": N_("Background papers"),
    "appendices": N_("Appendices"),
    "appendix_a": N_("Appendix A: %(title)s, version %(version)s"),
    "appendix_a_listed": N_("Appendix A: %(title)s, version %(version)s (%(standing)s)"),
    "appendix_b": N_("Appendix B: the changes in full"),
    "draft": N_("the draft put forward for approval"),
    "published": N_("the published policy"),
    "implications": N_("Implications"),
    "implication": N_("%(topic)s implications"),
    "reworded": N_("The wording of %(section)s has changed"),
    "why": N_("Why:"),
    "no_changes": N_("No changes."),
    "on_cases": N_("What the revision would do to the cases in the register"),
    "measured_when": N_("Measured on the open cases in the register when this report was "
                        "written. Nothing changes in the register until the revision is "
                        "published; the officers see the cases themselves at the desk."),
    "what": N_("What"),
    "cases": N_("Cases"),
}
#: The impact's figures for the committee (:func:`generator.revisions.impact.counts`).
MEASURED = N_("Open cases in the register")
CHANGED_CASES = N_("Cases the revision would change")
CASES_WHERE = N_("Cases where %(meaning)s")


def impact_line(measured: int, changed: int, language: str = "en") -> str:
    """How many of the open cases a revision would change, for the committee."""
    return translations(language).ngettext(
        "Of the %(num)s open case in the register, it would change %(changed)s.",
        "Of the %(num)s open cases in the register, it would change %(changed)s.",
        measured) % {"num": measured, "changed": changed}


ASKS = N_("The report asks the %(body)s to approve version %(new)s of the %(title)s, which "
          "replaces version %(old)s.")


def approval_summary(body: str, title: str, new: str | None, old: str | None, rules: int,
                     reworded: int, language: str = "en") -> str:
    """What an approval report asks the committee to approve, and how much changes (only
    the changes to what the policy says are counted)."""
    catalogue = translations(language)
    asks = said(ASKS, language, body=body, new=new, title=title, old=old)
    if not reworded:
        return asks + " " + catalogue.ngettext(
            "It makes %(num)s change to the policy's rules.",
            "It makes %(num)s changes to the policy's rules.", rules) % {"num": rules}
    sections = catalogue.ngettext("%(num)s section", "%(num)s sections", reworded) % {
        "num": reworded}
    return asks + " " + catalogue.ngettext(
        "It makes %(num)s change to the policy's rules and rewords %(sections)s.",
        "It makes %(num)s changes to the policy's rules and rewords %(sections)s.",
        rules) % {"num": rules, "sections": sections}
