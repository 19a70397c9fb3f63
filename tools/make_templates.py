"""Write the first version of each shared Word template in letter_templates/.

    python -m tools.make_templates [FOLDER]

It writes the English templates to FOLDER and the Welsh ones, with the same names and
variables, to FOLDER/cy/ (their Welsh is in the policy catalogue,
:mod:`generator.languages.interface`,
whose message ids are the English texts with their tags; :func:`extract` lists them).
The templates are then authored documents: policy owners reword and restyle them in Word,
so this script never overwrites a file that exists; it only adds missing ones. Every
policy fact is a variable (see README, "Letter templates"); paragraphs for what a letter
must state are conditional on ``states``, so one template serves councils with and
without an appeal, a monitoring period or a single point of contact.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor

from generator.documents.wordfile import LANGUAGE_TAGS, fixed_zip, set_language
from generator.languages.interface import PAGE_OF, gettext
from generator.letters.letter_check import DETAIL_LABELS
from generator.package_data import SHARED_TEMPLATES

__all__ = ["TEMPLATES", "make_templates"]

Block = tuple[str, str]  # (paragraph style, text); style "" marks a docxtpl {%p %} tag line

BODY, BULLET, H1, H2 = "Body Text", "List Bullet", "Heading 1", "Heading 2"


def tag(text: str) -> Block:
    return ("", text)


def when(condition: str, *blocks: Block) -> list[Block]:
    return [tag(f"{{%p if {condition} %}}"), *blocks, tag("{%p endif %}")]


def each(loop: str, *blocks: Block) -> list[Block]:
    return [tag(f"{{%p for {loop} %}}"), *blocks, tag("{%p endfor %}")]


def states(element: str, *blocks: Block) -> list[Block]:
    return when(f"'{element}' in states", *blocks)


# --- what a letter must state: one block per element ---------------------------------------

CONTACT = ("{{ single_point_of_contact.name }}"
           "{% if single_point_of_contact.job_title %}, {{ single_point_of_contact.job_title }}"
           "{% endif %}{% if single_point_of_contact.phone %}, telephone "
           "{{ single_point_of_contact.phone }}{% endif %}{% if single_point_of_contact.email %}"
           ", email {{ single_point_of_contact.email }}{% endif %}")


ASK_FOR = ("{{ contact.name }}{% if contact.phone %} on {{ contact.phone }}{% endif %}"
           "{% if contact.email %} or by email at {{ contact.email }}{% endif %}")

APPEAL_ROUTE = "'appeal_right' in states or 'appeal_deadline' in states or 'no_appeal' in states"


def customer_elements(decision_sentence: str = "This decision was taken by",
                      decision: str = "said") -> list[Block]:
    """Paragraphs for each element a customer letter may have to state, in a sensible order.

    They print only the policy's customer wording (``for_customer``), never its staff
    descriptions, and say "you" to the customer. A sentence that states a policy fact is a
    statement (:mod:`generator.statements`) the paragraph places; the template's own
    words are only headings and lead-ins. ``decision`` is ``"undated"`` where the decision
    is still to come.
    """
    return [
        *states("reasons",
                (BODY, "The conduct that concerns us is:"),
                *each("b in behaviours", (BULLET, "{{ b.name }}: {{ b.for_customer }}")),
                *when("incidents", (BODY, "In particular:"),
                      *each("i in incidents",
                            (BULLET, "{{ i.date }} ({{ i.channel }}): {{ i.summary }}")))),
        *states("expectations", (BODY, "From now on we ask you to keep to the following:"),
                *each("e in expectations", (BULLET, "{{ e }}"))),
        *when("'measures' in states and measures",
              (H2, "How you may contact us"),
              (BODY, "These arrangements apply to your contact with us:"),
              *each("m in measures", (BULLET, "{{ m.name }}: {{ m.said }}")),
              *when("contact.still and 'single_point_of_contact' not in states",
                    (BODY, "{{ contact.still }}"))),
        *states("single_point_of_contact",
                (BODY, "From the date of this letter, please contact us only through " + CONTACT
                 + ".")),
        *states("monitoring_period",
                (BODY, "{{ monitoring.said }}")),
        *states("duration", (BODY, "{{ length }}")),
        *states("review_date", (BODY, "{{ review.said }}")),
        *states("potential_outcome",
                (BODY, "What happens next depends on how you contact us from now on. It may be "
                       "that:"),
                *each("o in outcomes", (BULLET, "{{ o.for_customer }}"))),
        *states("retention",
                (BODY, "When a case closes we keep its records for {{ retention.period }} "
                       "after the last contact and then delete them.")),
        *states("statutory_rights",
                (BODY, "Nothing in these arrangements takes away your right:"),
                *each("r in statutory_rights", (BULLET, "{{ r }}"))),
        *states("policy_enclosed",
                (BODY, "We enclose a copy of our {{ policy.title }}, which explains how and why "
                       "we manage contact like this.")),
        *states("decision_maker",
                (BODY, decision_sentence + " {{ decision_maker." + decision + " }}.")),
        *when("adjusted", (BODY, "We have changed the way we write to you:"),
              *each("a in adjusted", (BULLET, "{{ a }}"))),
        *when(APPEAL_ROUTE, (H2, "If you disagree")),
        *when("'appeal_right' in states or 'appeal_deadline' in states",
              (BODY, "{{ appeal.right }}"),
              *when("appeal.address", (BODY, "Please send your appeal to:"),
                    *each("line in appeal.address", ("Address Line", "{{ line }}"))),
              *when("appeal.decided", (BODY, "{{ appeal.decided }}"))),
        *states("no_appeal", (BODY, "{{ appeal.none }}")),
        *states("ombudsman",
                (BODY, "If you are unhappy with the way we have dealt with this, you can ask an "
                       "independent ombudsman to look into it:"),
                *each("o in ombudsmen",
                      (BULLET, "{{ o.name }}{% if o.applies_when %} ({{ o.applies_when }})"
                               "{% endif %}{% if o.url %}, {{ o.url }}{% endif %}"
                               "{% if o.phone %}, telephone {{ o.phone }}{% endif %}"
                               "{% if o.email %}, email {{ o.email }}{% endif %}"
                               "{% if o.address %}, {{ o.address|join(', ') }}{% endif %}"))),
    ]


def staff_elements() -> list[Block]:
    """The same elements, written for colleagues rather than for the customer."""
    return [
        *states("reasons", (BODY, "Conduct that led to this:"),
                *each("b in behaviours", (BULLET, "{{ b.name }}"))),
        *states("measures", (H2, "What applies"),
                *each("m in measures", (BULLET, "{{ m.name }}. {{ m.description }}"
                                                "{% for d in m.details %} {{ d }}.{% endfor %}"))),
        *states("single_point_of_contact",
                (BODY, "Pass any contact from the customer to " + CONTACT + ".")),
        *states("expectations", (BODY, "The customer has been asked to keep to the following:"),
                *each("e in expectations", (BULLET, "{{ e }}"))),
        *states("monitoring_period",
                (BODY, "Contact is monitored for {{ monitoring.period }}, until "
                       "{{ monitoring.ends }}.")),
        *states("duration", (BODY, "{{ length }}")),
        *states("review_date", (BODY, "They will be reviewed by {{ review.due }}.")),
        *states("retention",
                (BODY, "Records of the case are kept for {{ retention.period }} after the last "
                       "contact, then deleted.")),
        *states("decision_maker",
                (BODY, "Decided by {{ decision_maker.name }}, {{ decision_maker.role }}"
                       "{% if decision_date %}, on {{ decision_date }}{% endif %}.")),
    ]


# --- page furniture ------------------------------------------------------------------------

ADDRESS, REFERENCE = "Recipient Address", "Reference Block"

LETTER_OPENING: list[Block] = [
    *when("customer_name", (ADDRESS, "{{ customer_name }}")),
    *when("address", *each("line in address", (ADDRESS, "{{ line }}"))),
    *when("reference", (REFERENCE, "Our reference: {{ reference }}")),
    *when("your_reference", (REFERENCE, "Your reference: {{ your_reference }}")),
    *when("contact.name", (REFERENCE, "Please ask for: {{ contact.name }}")),
    *when("contact.phone", (REFERENCE, "Direct line: {{ contact.phone }}")),
    *when("contact.email", (REFERENCE, "Email: {{ contact.email }}")),
    (REFERENCE, "Date: {{ date }}"),
    ("Salutation", "Dear {{ salutation if salutation else 'Sir or Madam' }}"),
    *when("letter.subject", (H1, "{{ letter.subject }}")),
]

LETTER_CLOSING: list[Block] = [
    *states("keep_in_touch",
            ("Closing Text", "If you have any questions about this letter, please contact "
                             + ASK_FOR + ", quoting our reference.")),
    ("Closing", "Yours sincerely"),
    *each("s in signatories", ("Signature Space", ""), ("Signature Name", "{{ s.name }}"),
          *when("s.role", ("Signature Role", "{{ s.role }}"))),
    (BODY, "{{ council.name }}"),
    *when("policy_enclosed", ("Enclosure", "Enclosed: {{ policy.title }}")),
]

MEMO_OPENING: list[Block] = [
    (H1, "{{ letter.title }}"),
    ("Memo Field", "To: {% if notify.entry %}{{ notify.entry }}{% else %}all staff who deal "
                   "with the customer{% endif %}"),
    ("Memo Field", "From: {{ signatory.role }}"),
    ("Memo Field", "Date: {{ date }}"),
    *when("reference", ("Memo Field", "Case reference: {{ reference }}")),
    *when("customer_name", ("Memo Field", "Customer: {{ customer_name }}")),
    ("Form Note", "Internal: not for the customer. Handle under the {{ policy.title }}."),
]


# --- the templates -------------------------------------------------------------------------

def _letters() -> dict[str, list[Block]]:
    return {
        "warning_monitoring.docx": [
            (BODY, "We are writing to you under our {{ policy.title }} about the way you have "
                   "been in contact with us.{% if stage_for_customer %} "
                   "{{ stage_for_customer }}{% endif %}"),
            *customer_elements(),
            (BODY, "We would much rather not restrict how you contact us, and we hope this "
                   "letter helps us to go on working with you."),
        ],
        "restriction_decision.docx": [
            (BODY, "We have decided to manage the way you contact us.{% if letter.explains %} "
                   "{{ letter.explains }}{% endif %}"),
            *customer_elements(),
        ],
        "monitoring_ended.docx": [
            (BODY, "We have been monitoring your contact with us under our {{ policy.title }}. "
                   "We have looked at how you contacted us during that time and are satisfied "
                   "with it, so we will not monitor your contact any longer."),
            (BODY, "Thank you for your co-operation. You may contact us in the usual way."),
            *customer_elements(),
        ],
        "sanctions.docx": [
            (BODY, "We wrote to you earlier to say that your contact with us would be "
                   "monitored. Your contact has not changed enough during that time, so "
                   "{% if decision %}the {{ decision.by }} has{% else %}we have{% endif %} "
                   "decided to put the arrangements below in place."),
            *customer_elements(),
        ],
        "review_outcome.docx": [
            (BODY, "We have reviewed the arrangements for managing your contact with us."),
            (BODY, "{{ outcome.review_said }}"),
            *customer_elements("The review was decided by"),
        ],
        "appeal_acknowledgement.docx": [
            (BODY, "Thank you for your appeal, which we received on "
                   "{{ outcome.appeal_received }}."),
            *when("appeal.received", (BODY, "{{ appeal.received }}")),
            *customer_elements("Your appeal will be decided by", "undated"),
        ],
        "appeal_outcome.docx": [
            (BODY, "We have now considered your appeal{% if outcome.appeal_received %}, "
                   "which we received on {{ outcome.appeal_received }}{% endif %}."),
            (BODY, "The outcome of your appeal: {{ outcome.appeal }}."),
            (BODY, "{{ outcome.reasons }}"),
            *customer_elements("Your appeal was decided by"),
        ],
        "anonymous_correspondence_reply.docx": [
            (BODY, "We have received correspondence{% if channels %} by "
                   "{{ channels|join(' and ') }}{% endif %} that does not tell us who sent it. "
                   "We do not act on correspondence when we do not know who it comes from."),
            *customer_elements(),
            (BODY, "If you do not tell us who you are, we will not take the matter further, "
                   "and further correspondence without a name will be filed without a reply."),
        ],
    }


def _notices() -> dict[str, list[Block]]:
    return {
        "telephone_restriction.docx": [
            *when("restriction",
                  (BODY, "Do not accept telephone calls from this customer for "
                         "{{ restriction.period }}, from {{ date }} until "
                         "{{ restriction.ends }}.")),
            (BODY, "A call from the customer was ended under our {{ policy.title }}, and they "
                   "called again without changing their conduct."),
            *staff_elements(),
        ],
        "contact_managed_notice.docx": [
            (BODY, "From {{ date }}, contact from this customer is managed under our "
                   "{{ policy.title }}{% if stage_name %} ({{ stage_name }}){% endif %}."),
            *staff_elements(),
            (BODY, "Tell your manager straight away if the customer contacts you in another way."),
        ],
        "contact_ended_notice.docx": [
            (BODY, "The arrangements for managing contact from this customer ended on "
                   "{{ date }}. Deal with their contact in the usual way from now on."),
            *staff_elements(),
        ],
    }


FORM_NOTES = {
    "chief_officer_referral.docx": "Use this form to ask a Chief Officer for advice on a case "
                                   "before a formal decision is taken.",
    "business_case.docx": "{% if decision %}Complete this form to ask for the decision: "
                          "{{ decision.title }}.{% if decision.prepared_by %} It is prepared by "
                          "the {{ decision.prepared_by }}.{% endif %}{% if decision.recommended_by"
                          " %} The {{ decision.recommended_by }} makes a recommendation.{% endif %}"
                          " The decision is taken by the {{ decision.by }}.{% endif %}",
    "incident_report.docx": "Complete this form as soon as you can after an incident in which "
                            "you felt threatened, and give it to your manager.",
    "behaviour_agreement.docx": "This agreement sets out how you and {{ council.name }} will "
                                "be in contact from now on.",
}

#: Rows of a form's case details table: (variable, label, cell text); the labels are the
#: generator's (:data:`generator.letters.letter_check.DETAIL_LABELS`), which ``policy check``
#: also reads.
DETAIL_ROWS = [(variable, DETAIL_LABELS[variable], cell) for variable, cell in [
    ("reference", "{{ reference }}"),
    ("customer_name", "{{ customer_name }}"),
    ("address", "{{ address|join(', ') }}"),
    ("channels", "{{ channels|join(', ') }}"),
    ("behaviours", "{% for b in behaviours %}{{ b.name }}"
                   "{% if not loop.last %}; {% endif %}{% endfor %}"),
    ("incidents", "{% for i in incidents %}{{ i.date }}, {{ i.channel }}: "
                  "{{ i.summary }}{% if not loop.last %}; {% endif %}{% endfor %}"),
    ("stage", "{{ stage.name }}"),
    ("measures", "{% for m in measures %}{{ m.name }}{% for d in m.details %} "
                 "({{ d }}){% endfor %}{% if not loop.last %}; {% endif %}"
                 "{% endfor %}"),
    ("decision_date", "{{ decision_date }}"),
    ("decision_maker", "{{ decision_maker.name }}, {{ decision_maker.role }}"),
    ("single_point_of_contact", CONTACT),
    ("adjustments", "{{ adjustments|join('; ') }}"),
]]


# --- writing the .docx ---------------------------------------------------------------------

#: The address's type size and line pitch (points): seven lines within the window.
ADDRESS_SIZE, ADDRESS_LINE = 10, 10.5
#: The space above the salutation (mm below the top margin), which puts it below 95 mm.
SALUTATION_GAP = 66

def _styles(document: DocumentType, language: str) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    for name in ("Heading 1", "Heading 2", "Title"):
        styles[name].font.name, styles[name].font.color.rgb = "Arial", RGBColor(0, 0, 0)
        fonts = styles[name].element.rPr.rFonts  # the theme's heading font (Calibri) would
        for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):  # win
            fonts.attrib.pop(qn(f"w:{theme}"), None)
    styles["Heading 1"].font.size, styles["Heading 2"].font.size = Pt(14), Pt(12)
    set_language(document, LANGUAGE_TAGS[language])

    def paragraph_style(name: str, size: float = 11, bold: bool = False,
                        align: WD_ALIGN_PARAGRAPH | None = None, after: float = 0,
                        keep: bool = False):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size, style.font.bold = Pt(size), bold
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = keep
        if align is not None:
            style.paragraph_format.alignment = align
        return style

    paragraph_style("Letterhead", 16, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph_style("Letterhead Details", 9, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph_style("Page Number", 9, align=WD_ALIGN_PARAGRAPH.CENTER)
    # Seven lines of address fit the window (26.8 mm): 10 point on lines 10.5 points apart.
    address = paragraph_style(ADDRESS, ADDRESS_SIZE)
    address.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    address.paragraph_format.line_spacing = Pt(ADDRESS_LINE)
    paragraph_style(REFERENCE, 10)
    paragraph_style("Address Line").paragraph_format.left_indent = Mm(10)
    # The salutation starts where the print house lets the body start (95 mm down), below
    # the address window and the reference block.
    paragraph_style("Salutation", after=6).paragraph_format.space_before = Mm(SALUTATION_GAP)
    # The signature stays with the paragraph before it: each keeps with the next.
    paragraph_style("Closing Text", after=6, keep=True)
    paragraph_style("Closing", keep=True).paragraph_format.space_before = Pt(12)
    paragraph_style("Signature Space", after=30, keep=True)
    paragraph_style("Signature Name", bold=True, keep=True)
    paragraph_style("Signature Role", keep=True)
    paragraph_style("Enclosure", 10).paragraph_format.space_before = Pt(12)
    paragraph_style("Memo Field", after=2)
    paragraph_style("Form Note", 10, after=12).font.italic = True
    paragraph_style("Answer Box", after=0)
    paragraph_style("Question", bold=True, after=0, keep=True)


def frame(x: float, y: float, width: float, height: float | None = None) -> BaseOxmlElement:
    """A frame at a fixed place on the page, in millimetres; Word and LibreOffice group
    consecutive paragraphs with the same frame into one box. It grows rather than cut off
    an address in large print."""
    element = OxmlElement("w:framePr")
    sizes = {"w": width, "x": x, "y": y, **({"h": height} if height else {})}
    for key, value in sizes.items():
        element.set(qn(f"w:{key}"), str(Mm(value).twips))
    for key, setting in {"hRule": "atLeast" if height else "auto", "wrap": "notBeside",
                         "vAnchor": "page", "hAnchor": "page"}.items():
        element.set(qn(f"w:{key}"), setting)
    return element


#: Where each framed paragraph style sits on the first page. The address block follows
#: GOV.UK Notify's letter specification (A4; 24.6 mm from the left edge and 39.5 mm from
#: the top, 95.6 by 26.8 mm), so a window envelope shows it; the reference block is level
#: with it on the right.
FRAMES = {ADDRESS: (24.6, 39.5, 95.6, 26.8), REFERENCE: (125.0, 39.5, 65.0, None)}


def field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the word processor fills in when it lays out."""
    for tag, value in (("fldChar", "begin"), ("instrText", f" {instruction} "),
                       ("fldChar", "separate"), ("t", "1"), ("fldChar", "end")):
        element = OxmlElement(f"w:{tag}")
        if tag == "fldChar":
            element.set(qn("w:fldCharType"), value)
        else:
            element.set(qn("xml:space"), "preserve")
            element.text = value
        paragraph.add_run()._r.append(element)


def page_numbers(paragraph: Any, language: str) -> None:
    """ "Page N of M", with N and M as fields."""
    before, rest = gettext(language)(PAGE_OF).split("%(page)s")
    between, after = rest.split("%(pages)s")
    paragraph.add_run(before)
    field(paragraph, "PAGE")
    paragraph.add_run(between)
    field(paragraph, "NUMPAGES")
    if after:
        paragraph.add_run(after)


def _page(document: DocumentType, letterhead: bool, language: str) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(25), Mm(20)
    section.header_distance = section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True
    first = section.first_page_header
    heading = first.paragraphs[0]
    heading.style = "Letterhead"
    heading.text = "{% if logo %}{{ logo }} {% endif %}{{ council.name }}" if letterhead else \
        "{{ council.name }}"
    if letterhead:
        for text in LETTERHEAD:
            first.add_paragraph(say(text, language), "Letterhead Details")
    later = section.header.paragraphs[0]
    later.style = "Letterhead Details"
    later.text = say("{{ council.name }}{% if reference %}. Our reference: {{ reference }}"
                     "{% endif %}. {{ letter.title if not letter.for_customer else date }}",
                     language)
    for footer in (section.footer, section.first_page_footer):
        footer.paragraphs[0].style = "Page Number"
        page_numbers(footer.paragraphs[0], language)


#: The letterhead's lines below the council's name (right-aligned, small).
LETTERHEAD = [
    "{{ council.address|join(', ') }}",
    "{% if council.phone %}Telephone {{ council.phone }}{% endif %}"
    "{% if council.phone and council.email %}. {% endif %}"
    "{% if council.email %}Email {{ council.email }}{% endif %}",
    "{% if council.website %}{{ council.website }}{% endif %}",
]


_TAGS = re.compile(r"\{[{%].*?[}%]\}")


#: While :func:`extract` runs, the texts :func:`say` is asked to translate.
_heard: list[str] | None = None


def say(text: str, language: str) -> str:
    """A template text in ``language``: English as written, else from its catalogue.

    Text with no words outside its {{ }} and {% %} tags is the same in every language.
    """
    if language == "en" or not re.search(r"[^\W\d_]", _TAGS.sub("", text)):
        return text
    if _heard is not None:
        _heard.append(text)
    return gettext(language)(text)


def extract(fileobj: Any, keywords: Any, comment_tags: Any,
            options: Any) -> Iterator[tuple[int, str, str, list[str]]]:
    """pybabel's extractor for this module (see babel.cfg): every text a Welsh template
    says. Most are joined from shared pieces (CONTACT, ASK_FOR), so they are found by
    building each template rather than by reading the code."""
    global _heard
    _heard = []
    try:
        for name in TEMPLATES:
            build(name, "cy")
        texts = list(dict.fromkeys(_heard))
    finally:
        _heard = None
    for text in texts:
        yield 0, "gettext", text, []


def _add(document: DocumentType, blocks: Iterable[Block], language: str = "en") -> None:
    for style, english in blocks:
        paragraph = document.add_paragraph(say(english, language), style or "Normal")
        if style in FRAMES:  # on the paragraph: LibreOffice ignores frames set on styles
            paragraph._p.get_or_add_pPr().append(frame(*FRAMES[style]))


def _table(document: DocumentType, heading: tuple[str, str], rows: list[tuple[str, str]],
           language: str = "en") -> None:
    """A two-column table whose first row is a header row, repeated on every page."""
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text in zip(header.cells, heading, strict=True):
        cell.paragraphs[0].add_run(say(text, language)).bold = True
    for left, right in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = say(left, language), say(right, language)
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Mm(60), Mm(110)


def _header_row(table, text: str, language: str) -> None:
    """A first row across the whole table, marked as its header row (repeated on each page)."""
    row = table.add_row()
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    cell = row.cells[0].merge(row.cells[-1]) if len(row.cells) > 1 else row.cells[0]
    cell.paragraphs[0].add_run(say(text, language)).bold = True


def _questions(document: DocumentType, language: str) -> None:
    """Each question across the page, with an answer box below it that the renderer
    sizes to the question (see documents.size_answer_boxes). The last question has a table
    of its own, kept with the sign-off boxes after it, so a form never ends with the
    signature boxes alone on a page."""
    table = document.add_table(rows=0, cols=1)
    table.style = "Table Grid"
    _header_row(table, "Each question, with room for the answer below it", language)
    for text, style in (("{%tr for q in letter.questions[:-1] %}", None),
                        ("{{ q }}", "Question"), ("", "Answer Box"), ("{%tr endfor %}", None)):
        _question_row(table, text, style, language)
    # the header row never ends a page alone (with one question, nothing else follows it)
    table.rows[0].cells[0].paragraphs[0].paragraph_format.keep_with_next = True
    # tables that touch become one in LibreOffice
    document.add_paragraph("", "Normal").paragraph_format.keep_with_next = True
    last = document.add_table(rows=0, cols=1)
    last.style = "Table Grid"
    _question_row(last, "{{ letter.questions[-1] if letter.questions else '' }}", "Question",
                  language)
    last.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    _question_row(last, "", "Answer Box", language)
    for row in last.rows:
        row.cells[0].paragraphs[0].paragraph_format.keep_with_next = True
    document.add_paragraph("", "Normal").paragraph_format.keep_with_next = True


def _question_row(table: Any, text: str, style: str | None, language: str) -> None:
    cell = table.add_row().cells[0]
    cell.text = say(text, language)
    if style:
        cell.paragraphs[0].style = style
    cell.width = Mm(170)


#: The boxes where a form is signed, with the least height of each (mm).
SIGN_OFF = {"Signature": 15.0, "Date": 9.0, "Name": 9.0, "Job title": 9.0}
CUSTOMER_FORMS = {"behaviour_agreement.docx"}


def _signature_table(document: DocumentType, heading: str, rows: list[tuple[str, str]],
                     language: str, more: bool = False) -> None:
    """Boxes to sign, kept together on one page (with the next boxes, if ``more``)."""
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    _header_row(table, heading, language)
    for label, value in rows:
        row = table.add_row()
        row.cells[0].text, row.cells[1].text = say(label, language), say(value, language)
        row.height, row.height_rule = Mm(SIGN_OFF[label]), WD_ROW_HEIGHT_RULE.AT_LEAST
        row.cells[0].width, row.cells[1].width = Mm(60), Mm(110)
    for row in table.rows if more else table.rows[:-1]:
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True
    document.add_paragraph("", "Normal").paragraph_format.keep_with_next = more


def _sign_off(document: DocumentType, name: str, language: str) -> None:
    """Signature and date boxes: the customer's and the council's on an agreement the
    customer signs, the officer's on an internal form."""
    council = [("Name", ""), ("Job title", ""), ("Signature", ""), ("Date", "")]
    if name in CUSTOMER_FORMS:
        _signature_table(document, "Signed by the customer",
                         [("Name", "{{ customer_name }}"), ("Signature", ""), ("Date", "")],
                         language, more=True)
        _signature_table(document, "Signed for {{ council.name }}", council, language)
    else:
        _signature_table(document, "Completed by", council, language)


def _form(document: DocumentType, name: str, language: str) -> None:
    marking = ("{% if letter.for_customer %}Please sign both copies: you keep one and "
               "{{ council.name }} keeps the other.{% else %}{{ policy.document }}. Internal: "
               "handle as personal information.{% endif %}")
    _add(document, [(H1, "{{ letter.title }}"), ("Form Note", FORM_NOTES[name]),
                    ("Form Note", marking), (H2, "Case details")], language)
    rows: list[tuple[str, str]] = []
    for variable, label, cell in DETAIL_ROWS:
        rows += [(f"{{%tr if {variable} %}}", ""), (label, cell), ("{%tr endif %}", "")]
    _table(document, ("Detail", "Entry"), rows, language)
    _add(document, customer_elements(), language)
    _add(document, [(H2, "Questions")], language)
    _questions(document, language)
    _sign_off(document, name, language)


def blocks(name: str) -> list[Block]:
    """The paragraphs of a letter or notice template, in English (a form also has tables)."""
    letters, notices = _letters(), _notices()
    if name in letters:
        return [*LETTER_OPENING, *letters[name], *LETTER_CLOSING]
    return [*MEMO_OPENING, *notices[name]]


def build(name: str, language: str = "en") -> DocumentType:
    """The first version of one shared template, in English or (``"cy"``) Welsh."""
    document = Document()
    _styles(document, language)
    _page(document, letterhead=name in _letters() or name in CUSTOMER_FORMS, language=language)
    if name in FORM_NOTES:
        _form(document, name, language)
    else:
        _add(document, blocks(name), language)
    properties = document.core_properties
    properties.title, properties.author = name.removesuffix(".docx"), "Council policy generator"
    properties.created = properties.modified = properties.last_printed = dt.datetime(2026, 1, 1)
    properties.revision = 1
    return document


TEMPLATES = [*_letters(), *_notices(), *FORM_NOTES]


def reference_document() -> DocumentType:
    """The first version of the reference document for the Part A Word export: pandoc's
    own styles on A4, with "{{ footer }}" (title, version, date) and "Page N of M" at the
    foot of every page (generator.sites.exports fills in the footer, and the words around
    the page numbers in the policy's language)."""
    import subprocess

    from generator.documents import pandoc

    data = subprocess.run([pandoc.path(), "--print-default-data-file",
                           "reference.docx"], capture_output=True, check=True).stdout
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(25)
    section.footer_distance = Mm(10)
    document.styles["Title"].paragraph_format.space_before = Mm(60)  # a title page
    for name in ("Subtitle", "Author", "Date"):  # based on Title: 60 mm each would spill over
        document.styles[name].paragraph_format.space_before = Pt(12)
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("{{ footer }}. {{ page_before }}")  # the words in the policy's language
    field(paragraph, "PAGE")
    paragraph.add_run("{{ page_between }}")
    field(paragraph, "NUMPAGES")
    paragraph.add_run("{{ page_after }}")
    return document


def make_templates(folder: Path = SHARED_TEMPLATES, language: str = "en") -> list[Path]:
    """Write each shared template (and the export's reference.docx) that does not exist
    yet; return the new files.

    ``language="cy"`` writes the Welsh templates (put them in the cy/ folder).
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    if language == "en" and not (folder / "reference.docx").exists():
        buffer = io.BytesIO()
        reference_document().save(buffer)
        (folder / "reference.docx").write_bytes(fixed_zip(buffer.getvalue()))
        written.append(folder / "reference.docx")
    for name in TEMPLATES:
        path = folder / name
        if path.exists():
            continue  # an authored document: never overwritten
        buffer = io.BytesIO()
        build(name, language).save(buffer)
        path.write_bytes(fixed_zip(buffer.getvalue()))
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED_TEMPLATES
    for created in [*make_templates(target), *make_templates(target / "cy", "cy")]:
        print(f"created {created}")
