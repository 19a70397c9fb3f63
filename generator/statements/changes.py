"""The change log (``policy diff``, "What changed", the approval report): how a change to
a fact is said to the committee and to staff. Each topic's own changes (an appeal brought
in or taken away) are worded by its module; these are the words for any field.
"""

from __future__ import annotations

from typing import Any

from generator.languages.catalogues import N_
from generator.languages.interface import gettext, translations

__all__ = ["approval_summary", "said"]

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


def said(message: str, language: str = "en", **values: Any) -> str:
    """A change in the reader's language (the change log is kept in English)."""
    words = gettext(language)(message)
    return words % values if values else words


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
