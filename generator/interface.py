"""The generator's own words on pages (headings, labels, sentences around facts), by language.

English is the text in the templates itself. Welsh comes from the catalogue below; a
string with no Welsh prints as a marker naming it (see :mod:`generator.translation`), so
the build fails rather than show English on a Welsh page.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.translation import marker

WELSH: dict[str, str] = {
    # Part A and its exports
    "About this document": "Am y ddogfen hon",
    "%(title)s, version %(version)s (%(status)s).": "%(title)s, fersiwn %(version)s (%(status)s).",
    "Published %(published)s. Next review due by %(review)s.":
        "Cyhoeddwyd %(published)s. Yr adolygiad nesaf i’w gynnal erbyn %(review)s.",
    "Download it as:": "Lawrlwythwch hi fel:",
    "Word": "Word",
    "OpenDocument": "OpenDocument",
    "a single web page": "un dudalen we",
    "PDF": "PDF",
    "Asking for a review or going to the ombudsman":
        "Gofyn am adolygiad neu fynd at yr ombwdsmon",
    "draft": "drafft",
    "approved": "wedi’i chymeradwyo",
    "published": "wedi’i chyhoeddi",
    "Detail": "Manylyn",
    "Value": "Gwerth",
    "Council": "Cyngor",
    "Version": "Fersiwn",
    "Published": "Cyhoeddwyd",
    "Next review due by": "Yr adolygiad nesaf erbyn",
    # appeals
    "The customer may appeal within %(window)s of the date of the letter.":
        "Gall y cwsmer apelio o fewn %(window)s i ddyddiad y llythyr.",
    "The customer may appeal within %(window)s of receiving the decision.":
        "Gall y cwsmer apelio o fewn %(window)s i gael y penderfyniad.",
    "The customer may appeal within %(window)s of the date of the decision.":
        "Gall y cwsmer apelio o fewn %(window)s i ddyddiad y penderfyniad.",
    "The appeal must be in writing.": "Rhaid i’r apêl fod yn ysgrifenedig.",
    "Send it to the %(receiver)s.": "Anfonwch hi at: %(receiver)s.",
    "The appeal is decided by the %(decider)s.": "Penderfynir ar yr apêl gan: %(decider)s.",
    "Grounds:": "Seiliau:",
    "There is no right of appeal.": "Nid oes hawl i apelio.",
    "The policy sets no appeal.": "Nid yw’r polisi’n rhoi hawl i apelio.",
    "If you are still unhappy once our process is finished, you can ask the %(ombudsman)s "
    "to look into it: %(link)s.":
        "Os ydych yn dal yn anfodlon ar ôl i’n proses ddod i ben, gallwch ofyn i "
        "%(ombudsman)s ymchwilio: %(link)s.",
    "Telephone: %(phone)s.": "Ffôn: %(phone)s.",
    # every page
    "published policy": "polisi cyhoeddedig",
    "staff guidance": "canllawiau i staff",
    "Version %(version)s, %(status)s. Last revised %(revised)s. Next review due by "
    "%(review)s.": "Fersiwn %(version)s, %(status)s. Diwygiwyd ddiwethaf %(revised)s. "
                   "Yr adolygiad nesaf erbyn %(review)s.",
    "PREVIEW: this version has not been approved for publication":
        "RHAGOLWG: nid yw’r fersiwn hon wedi’i chymeradwyo i’w chyhoeddi",
    "DRAFT: version %(version)s has not been approved":
        "DRAFFT: nid yw fersiwn %(version)s wedi’i chymeradwyo",
    "This policy is overdue for review since %(date)s":
        "Roedd y polisi hwn i fod i gael ei adolygu erbyn %(date)s",
}

CATALOGUES = {"cy": WELSH}


def gettext(language: str) -> Callable[[str], str]:
    """The translation function templates call as _(); English passes through."""
    catalogue = CATALOGUES.get(language)
    if catalogue is None:
        return lambda message: message
    return lambda message: catalogue.get(message) or marker(f"ui: {message}")
