"""The generator's own words on pages and in letters, by language: the "policy" catalogue.

English is the text in the templates and code itself (the message ids). Welsh comes from
``locale/cy/LC_MESSAGES/policy.po`` (see :mod:`generator.languages.catalogues`); a message it does
not translate prints as a marker naming it (see
:mod:`generator.source.translation`), so the build
fails rather than show English on a Welsh page.
"""

from __future__ import annotations

import gettext as gnu
from collections.abc import Callable

from markupsafe import Markup

from generator.languages import catalogues
from generator.languages.catalogues import N_, marker
from generator.package_data import LOCALE

__all__ = ["CHOICES", "DOMAIN", "PAGE_OF", "choice", "choice_filter", "gettext", "translations"]

DOMAIN = "policy"

#: "Page N of M" at the foot of a document (the numbers are fields the word processor fills).
PAGE_OF = N_("Page %(page)s of %(pages)s")

#: The words for the model's fixed choices, by field and value. The message ids are
#: written out here, rather than made from the values, so that extraction finds each one.
CHOICES: dict[str, dict[str, str]] = {
    "status": {"draft": N_("draft"), "approved": N_("approved"), "published": N_("published")},
    "audience": {"public": N_("public"), "internal": N_("internal"), "members": N_("members")},
    "nation": {"england": N_("England"), "wales": N_("Wales"), "scotland": N_("Scotland"),
               "northern_ireland": N_("Northern Ireland")},
    "outcome": {"continue": N_("continue"), "amend": N_("amend"), "extend": N_("extend"),
                "renew": N_("renew"), "reimpose": N_("reimpose"), "lift": N_("lift"),
                "escalate": N_("escalate"), "close": N_("close"), "lapse": N_("lapse")},
    "restricts": {"customer": N_("the customer"), "body": N_("us")},
    "acts_on": {"contact": N_("contact"), "telephone": N_("telephone"),
                "correspondence": N_("correspondence"), "premises": N_("premises"),
                "social_media": N_("social media"),
                "complaint_process": N_("complaint process")},
    "scope": {"officer": N_("officer"), "team": N_("team"), "service": N_("service"),
              "council": N_("council")},
    "letter_kind": {"letter": N_("letter"), "form": N_("form")},
    "recipient": {"customer": N_("to the customer"), "staff": N_("to the staff"),
                  "members": N_("to the members"), "officer": N_("to the officer")},
    "element": {"reasons": N_("reasons"), "expectations": N_("expectations"),
                "measures": N_("measures"), "duration": N_("duration"),
                "monitoring_period": N_("monitoring period"), "review_date": N_("review date"),
                "appeal_right": N_("appeal right"), "appeal_deadline": N_("appeal deadline"),
                "no_appeal": N_("no appeal"), "ombudsman": N_("ombudsman"),
                "single_point_of_contact": N_("single point of contact"),
                "policy_enclosed": N_("policy enclosed"),
                "potential_outcome": N_("potential outcome"),
                "decision_maker": N_("decision maker"),
                "statutory_rights": N_("statutory rights"), "retention": N_("retention"),
                "keep_in_touch": N_("keep in touch")},
    "case_field": {"reference": N_("reference"), "customer_name": N_("customer name"),
                   "address": N_("address"), "channels": N_("channels"),
                   "behaviours": N_("behaviours"), "incidents": N_("incidents"),
                   "stage": N_("stage"), "measures": N_("measures"),
                   "decision_date": N_("decision date"), "decision_maker": N_("decision maker"),
                   "single_point_of_contact": N_("single point of contact"),
                   "adjustments": N_("adjustments")},
    "event": {"entry": N_("On entry:"), "exit": N_("On exit:")},
    "adjustment": {"large_print": N_("letters in large print"),
                   "easy_read": N_("letters in easy read"),
                   "another_language": N_("letters in another language"),
                   "by_email": N_("letters by email"), "other": N_("another adjustment")},
    "channel": {"telephone": N_("telephone"), "email": N_("email"), "letter": N_("letter"),
                "in_person": N_("in person"), "social_media": N_("social media"),
                "webform": N_("webform"), "other": N_("other")},
}


class _Marked(gnu.NullTranslations):
    """Answers for a message the catalogue lacks: a marker naming it, never the English."""

    def gettext(self, message: str) -> str:
        return marker(f"ui: {message}")

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return marker(f"ui: {singular}")


_MARKED = _Marked()


def translations(language: str) -> gnu.NullTranslations:
    """The policy catalogue for a language; English ("en") is the message ids."""
    return catalogues.load(LOCALE, DOMAIN, language, _MARKED)


def gettext(language: str) -> Callable[[str], str]:
    """The translation function code and templates call as _()."""
    return translations(language).gettext


def choice(language: str, field: str, value: str) -> str:
    """A fixed choice of the model in words: ``choice("cy", "status", "draft")``, "drafft"."""
    return translations(language).gettext(CHOICES[field][str(value)])


def choice_filter(language: str) -> Callable[[str, str], Markup]:
    """``{{ policy.status|choice("status") }}`` in a page template: safe, as _() is there."""
    return lambda value, field: Markup(choice(language, field, value))
