"""Letters say only what the policy and the case say: each fixture's letters and forms are
made, read back, and held against the statements (:mod:`generator.statements`).

Every sentence of a letter is either a statement (a value of the letter's context, whose
facts the source and the case hold) or the template's own words; the shared templates'
own words state no policy fact (no number, no period, no version).
"""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path

import docx
import pytest
from conftest import CHESHIRE, FIXTURES, MINIMAL, SOURCES

from generator.cases.case import Case
from generator.letters.documents import document_text, paragraphs, render, template_path
from generator.letters.letter_check import sample_case
from generator.letters.letter_context import letter_context, values
from generator.package_data import SHARED_TEMPLATES
from generator.source.model import Element, Policy
from generator.source.read import read_policy
from generator.statements import reasons
from generator.statements.said import Words

THIN, COMMISSION, UNSAID = FIXTURES / "thin", FIXTURES / "commission", FIXTURES / "unsaid"
FIXTURE_SOURCES = [THIN, COMMISSION, UNSAID, MINIMAL, CHESHIRE, FIXTURES / "scottish",
                   FIXTURES / "welsh"]
POLICIES = {source: read_policy(source) for source in [*FIXTURE_SOURCES, *SOURCES]}
LETTERS = [(source, letter_id) for source in [*FIXTURE_SOURCES, *SOURCES]
           for letter_id in POLICIES[source].letters]

#: Sentences the generator once printed whatever the source said (issue 21).
INVENTED = ["This applies to all council services", "This decision ends our own process",
            "upheld or not upheld", "continue, amend, escalate or close", "version None",
            "to all council services"]

_TAGS = re.compile(r"\{[{%].*?[}%]\}", re.S)
_PRINTS = re.compile(r"\{\{.*?\}\}", re.S)
_QUOTED = re.compile(r"'([^']*)'")
#: A template's own words that would state a policy fact: a number or a length of time.
_PAGE_FIELDS = re.compile(r"(?:Page|Tudalen) 1 (?:of|o) 1")  # the page number fields
_FACT_WORDS = re.compile(r"\b\d+\b|\b(?:day|week|month|year)s?\b|\bversion\b", re.I)


def _text(policy: Policy, source: Path, letter_id: str, case: Case | None) -> str:
    data = render(template_path(policy, letter_id),
                  letter_context(policy, letter_id, case), "t", "a",
                  policy.policy.reference_day)
    return document_text(docx.Document(io.BytesIO(data)))


def _case(policy: Policy, letter_id: str, **changes) -> Case:
    data = sample_case(policy, letter_id).model_dump(mode="json", exclude_none=True)
    return Case.model_validate({**data, **changes})


def template_words(template: Path, furniture: bool = True) -> list[str]:
    """The template's own words: its text between tags, and the quoted words it prints;
    with ``furniture``, those of its headers and footers too."""
    document = docx.Document(template)
    texts = [p.text for p in paragraphs(document)]
    for section in document.sections if furniture else []:
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer):
            texts += [p.text for p in part.paragraphs]
    pieces = []
    for text in texts:
        pieces += [piece.strip() for piece in _TAGS.split(text) if piece.strip()]
        pieces += [q for tag in _PRINTS.findall(text) for q in _QUOTED.findall(tag) if q.strip()]
    return pieces


def unmapped(policy: Policy, source: Path, letter_id: str, case: Case | None) -> list[str]:
    """The pieces of the letter's text that are neither a statement (a value of its
    context) nor the template's own words."""
    context = letter_context(policy, letter_id, case)
    said = sorted({str(v) for v in values(context) if str(v).strip()}, key=len, reverse=True)
    own = template_words(template_path(policy, letter_id))
    found = []
    for line in _text(policy, source, letter_id, case).splitlines():
        rest = line
        for value in said:
            rest = rest.replace(value, "\0")
        for chunk in (c.strip() for c in rest.split("\0")):
            if chunk and re.search(r"[^\W\d_]", chunk) and not _pieced(chunk, own):
                found.append(chunk)
    return found


def _pieced(chunk: str, own: list[str]) -> bool:
    """Whether the chunk is the template's words: within one piece, or the end of one piece,
    whole pieces, then the start of another (as an ``if`` joins them)."""
    if any(chunk in w for w in own):
        return True
    ends = {0}
    for start in range(len(chunk)):
        for stop in range(start + 1, len(chunk) + 1) if start in ends else ():
            part = chunk[start:stop].strip()
            first, last = start == 0, stop == len(chunk)
            if part and any(w == part or (first and not last and w.endswith(part)) or
                            (last and not first and w.startswith(part)) for w in own):
                ends.add(stop)
    return len(chunk) in ends


@pytest.mark.parametrize(("source", "letter_id"), LETTERS,
                         ids=[f"{s.name}-{lid}" for s, lid in LETTERS])
def test_every_sentence_of_a_letter_is_a_statement_or_the_templates_own_words(source, letter_id):
    policy = POLICIES[source]
    for case in (sample_case(policy, letter_id), None):  # the case's letter and the fill-in
        assert unmapped(policy, source, letter_id, case) == []
        text = _text(policy, source, letter_id, case)
        held = {Words(policy).either(a.outcomes) for a in policy.rights.appeals.values()}
        assert [s for s in INVENTED if s in text and s not in held] == []


def test_the_mapping_finds_words_that_are_neither(tmp_path):
    own = tmp_path / "templates"
    own.mkdir()
    document = docx.Document(SHARED_TEMPLATES / "warning_monitoring.docx")
    document.add_paragraph("{{ states|join(' ') }}")  # names, not statements
    document.save(own / "warning_monitoring.docx")
    minimal = POLICIES[MINIMAL]
    policy = minimal.model_copy(update={"root": tmp_path, "policy": minimal.policy.model_copy(
        update={"letter_templates": "templates"})})
    found = unmapped(policy, tmp_path, "warning_letter", sample_case(policy, "warning_letter"))
    assert found == [" ".join(letter_context(policy, "warning_letter")["states"])]


@pytest.mark.parametrize("template", sorted(SHARED_TEMPLATES.glob("**/*.docx")),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_shared_templates_hold_no_fixed_sentence_stating_a_policy_fact(template):
    if template.name == "reference.docx":
        return
    words = template_words(template, furniture=False)
    assert [w for w in words if _FACT_WORDS.search(w) and not _PAGE_FIELDS.fullmatch(w)] == []


# --- the thin source: what it lacks is never said ---------------------------------------------


def test_a_maximum_is_said_as_a_maximum_and_the_day_the_measures_end():
    policy = POLICIES[THIN]
    case = _case(policy, "decision_letter", measures={
        "no_names": {"scope": "council", "duration": "6 months"}, "one_letter": {}})
    text = _text(policy, THIN, "decision_letter", case)
    assert "These arrangements last for" not in text
    assert "They cannot last longer than 12 months." in text
    assert "These arrangements end on" not in text  # the one-off measure has no end
    case = _case(policy, "decision_letter",
                 measures={"no_names": {"scope": "council", "duration": "6 months"}})
    text = _text(policy, THIN, "decision_letter", case)
    assert "These arrangements end on 21 June 2027. They cannot last longer than 12 months." \
        in text


def test_a_one_off_measure_takes_effect_and_has_no_end():
    policy = POLICIES[THIN]
    case = _case(policy, "decision_letter", measures={"one_letter": {}})
    text = _text(policy, THIN, "decision_letter", case)
    assert ("A final reply on the matter: We will send you one final reply on the matter and "
            "will not answer further letters about it. It takes effect on 21 December 2026."
            ) in text  # and no scope: neither the case nor the policy gives one


def test_a_measure_withholding_staff_names_has_the_team_sign_and_names_no_one():
    policy = POLICIES[THIN]
    case = _case(policy, "decision_letter", service="Customer Service Team")
    assert policy.measures["no_names"].withholds_staff_names and "no_names" in case.measures
    text = _text(policy, THIN, "decision_letter", case)
    assert "Sam Decider" not in text and "Pat Contact" not in text
    assert "Please ask for: Customer Service Team" in text
    assert "Yours sincerely\n\nCustomer Service Team" in text
    assert "still contact us" not in text
    case = _case(policy, "appeal_received", service="Customer Service Team")
    text = _text(policy, THIN, "appeal_received", case)
    assert "Your appeal will be decided by the Director of Corporate Services." in text


def test_the_appeal_right_without_an_address_gives_the_window_and_its_start():
    policy = POLICIES[THIN]
    text = _text(policy, THIN, "decision_letter", sample_case(policy, "decision_letter"))
    assert ("You may appeal within 10 working days of the date of our letter. The last day to "
            "appeal is 8 January 2027.") in text  # 2 January is a Scottish holiday
    assert "Please send your appeal to" not in text and "Send it to" not in text
    assert "Your appeal is decided by the Director of Corporate Services." in text
    assert "in writing" not in text and "ombudsman" not in text.lower()


def test_the_letter_explains_only_what_it_states():
    words = Words(POLICIES[THIN])
    assert reasons.explains(words, [Element.measures]) == \
        "This letter explains what the arrangements are."
    assert reasons.explains(words, [Element.reasons, Element.measures, Element.appeal_right]) \
        == "This letter explains why, what the arrangements are and what you can do if you " \
           "disagree."
    assert reasons.explains(words, [Element.decision_maker]) is None
    policy = POLICIES[COMMISSION]  # no appeal and no ombudsman: nothing about disagreeing
    text = _text(policy, COMMISSION, "decision_letter", sample_case(policy, "decision_letter"))
    assert "This letter explains why and what the arrangements are." in text


def test_the_incidents_of_the_case_reach_a_letter_that_gives_reasons():
    policy = POLICIES[THIN]
    text = _text(policy, THIN, "decision_letter", sample_case(policy, "decision_letter"))
    assert "In particular:" in text and "A sample incident" in text


def test_fill_ins_offer_the_policys_own_outcomes():
    policy = POLICIES[THIN]
    assert "[close or extend]" in _text(policy, THIN, "review_letter", None)
    assert "[confirmed, varied or quashed]" in _text(policy, THIN, "appeal_result", None)
    text = _text(policy, THIN, "review_letter", _case(policy, "review_letter", outcome="extend"))
    assert "The arrangements will last longer." in text


def test_the_acknowledgement_does_not_date_a_decision_still_to_come():
    policy = POLICIES[THIN]
    case = _case(policy, "appeal_received", measures={})
    text = _text(policy, THIN, "appeal_received", case)
    assert "Your appeal will be decided by Sam Decider, Director of Corporate Services." in text
    assert "18 December 2026" not in text


def test_a_form_names_the_policy_without_a_version_it_lacks():
    policy = POLICIES[THIN]
    text = _text(policy, THIN, "incident_form", None)
    assert "Unacceptable Actions Policy. Internal: handle as personal information." in text


def test_a_commission_is_named_as_itself_in_a_scope():
    policy = POLICIES[COMMISSION]
    text = _text(policy, COMMISSION, "decision_letter", sample_case(policy, "decision_letter"))
    assert "This applies to your contact with any part of the Commission." in text
    assert "council" not in text.lower()


# --- pages: the same facts, the same words ----------------------------------------------------


def test_the_part_a_export_has_the_contact_section_the_page_has():
    from generator.sites.pages import export_markdown

    policy = POLICIES[CHESHIRE]
    [markdown] = export_markdown(policy).values()
    assert "# Contact us about this policy" in markdown
    assert policy.policy.council.address[0] in markdown.split("Contact us about this policy")[1]
    [markdown] = export_markdown(POLICIES[THIN]).values()  # the source gives no address
    assert "Contact us" not in markdown


def test_a_new_fact_reaches_the_letter_and_both_pages_from_one_module(source_copy, tmp_path):
    from generator.sites.pages import export_markdown, internal_tree

    src = source_copy(THIN, [("rights.yaml", "    window_from: letter\n", "    window_from: "
                              "letter\n    acknowledged_within: 5 working days\n")])
    policy = read_policy(src)
    text = _text(policy, src, "decision_letter", sample_case(policy, "decision_letter"))
    assert "We will acknowledge your appeal within 5 working days." in text
    [public] = export_markdown(policy).values()
    assert "We will acknowledge your appeal within" in public
    staff = "\n".join(p.text for p in internal_tree(policy, {}, None, "").pages)
    assert "The appeal is acknowledged within" in staff


def test_the_change_log_words_an_appeal_rule_in_the_appeals_module():
    from generator.statements import appeals

    policy = POLICIES[THIN]
    rule = policy.rights.appeals["restriction_appeal"]
    assert appeals.change_text(policy, rule) == \
        "Appeal introduced: customers may appeal within 10 working days"
    closed = rule.model_copy(update={"available": False})
    assert appeals.change_text(policy, closed) == "Appeal removed: there is no longer an appeal"
    from generator.statements import changes
    with changes.in_language("cy"):  # the desk's Welsh, through the policy catalogue
        assert appeals.change_text(policy, closed) == \
            "Hawl i apelio wedi’i dileu: nid oes hawl i apelio mwyach"
    assert appeals.change_text(policy, closed) == "Appeal removed: there is no longer an appeal"


def test_an_appeal_rule_without_a_window_still_gives_the_right(source_copy, capsys):
    from generator.cli.policy import main

    src = source_copy(THIN, [("rights.yaml", "    window: 10 working days\n    window_from: "
                              "letter\n", "")])
    assert main(["check", str(src)]) == 1  # a decision letter must give the last day
    assert "a restriction_decision letter must state 'appeal_deadline', but its appeal rule " \
           "gives no window; add window:" in capsys.readouterr().err
    letters = src / "letters.yaml"
    letters.write_text(letters.read_text().replace(
        "    ombudsman: The policy names no ombudsman.\n",
        "    ombudsman: The policy names no ombudsman.\n"
        "    appeal_deadline: The policy sets no time limit.\n", 1))
    code, err = main(["check", str(src)]), capsys.readouterr().err
    assert code == 0, err
    assert "will not say how long the customer has to appeal" in err
    policy = read_policy(src)
    text = _text(policy, src, "decision_letter", sample_case(policy, "decision_letter"))
    assert "You may appeal. Your appeal is decided by the Director of Corporate Services." \
        not in text  # two paragraphs: the right, then who decides
    assert "\nYou may appeal.\nYour appeal is decided by the Director" in text
    assert "last day" not in text


# --- pages and Part A exports: every sentence a statement or the council's own words ----------

PAGE_SOURCES = [*sorted(p for p in FIXTURES.iterdir() if (p / "policy.yaml").exists()), *SOURCES]
PAGE_TEMPLATES = Path(__file__).resolve().parents[2] / "generator" / "sites" / "templates"
STATEMENTS = Path(__file__).resolve().parents[2] / "generator" / "statements"
SITES = Path(__file__).resolve().parents[2] / "generator" / "sites"
#: A page's own words that would state a policy fact: a number or a length of time.
_PAGE_FACT_WORDS = re.compile(r"\b\d+\b|\b(?:day|week|month|year)s?\b", re.I)
_JINJA = re.compile(r"\{[{%#].*?[}%#]\}", re.S)
_STRING = r'"(?:[^"\\]|\\.)*"'
_MESSAGE = re.compile(rf"\b(?:_|ngettext)\(\s*({_STRING})(?:\s*,\s*({_STRING}))?")
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"\*\*|^\s*(?:#+|-|\d+\.|!!!\s*\w+)\s|\|\s*-+\s*|\{ #[^}]*\}|<[^>]+>|\|", re.M)
_FILE = re.compile(r"[\w-]+\.(?:docx|odt|pdf|html)\b")
_BLOCKS = ["p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "pre",
           "figcaption", "caption", "summary", "br", "tr", "div", "blockquote"]


def _messages_of_statements() -> list[str]:
    """Every message the statements modules word a fact with (their ``N_`` and ``NP_``
    strings)."""
    import ast

    found = []
    for module in sorted(STATEMENTS.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("N_", "NP_"):
                found += [a.value for a in node.args if isinstance(a, ast.Constant)]
    return found


def _template_pieces() -> tuple[list[str], list[str]]:
    """The page templates' own words (text between tags) and the messages they print."""
    import ast

    text, messages = [], []
    for template in sorted(PAGE_TEMPLATES.glob("*.md")):
        source = template.read_text(encoding="utf-8")
        text += [" ".join(_MARKUP.sub(" ", _LINK.sub(r"\1", piece)).split())
                 for piece in _JINJA.split(source)]
        for match in _MESSAGE.finditer(source):
            messages += [ast.literal_eval(m) for m in match.groups() if m]
    for module in sorted(SITES.glob("*.py")):  # the pages' labels, worded in their code
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("_", "N_") \
                    and node.args and isinstance(node.args[0], ast.Constant) and \
                    isinstance(node.args[0].value, str):
                messages.append(node.args[0].value)
    return [t for t in text if t], messages


def _pieces(messages: list[str], language: str) -> list[str]:
    """Messages in the language, cut where their values go."""
    from generator.languages.interface import gettext

    said = gettext(language)
    return [piece.strip() for message in messages for piece in _PLACEHOLDER.split(said(message))
            if piece.strip()]


def _choices(language: str) -> list[str]:
    """The words the generator names a source's choices with (status, scope...)."""
    from generator.languages.interface import CHOICES, gettext

    said = gettext(language)
    return [said(word) for words in CHOICES.values() for word in words.values()]


def _source_text(policy: Policy) -> list[str]:
    """The council's own words: every text field of the source and its prose, as read."""
    from enum import Enum

    import bs4
    import markdown
    from pydantic import BaseModel

    from generator.source.facts import render_prose
    from generator.source.values import Duration, PolicyDate
    from generator.source.wording import text

    def walk(value: object) -> list[str]:
        if isinstance(value, Enum):  # a choice: printed in the generator's words for it
            return []
        if isinstance(value, str):
            return [value]
        if isinstance(value, BaseModel):
            return [t for name in type(value).model_fields for t in walk(getattr(value, name))]
        if isinstance(value, dict):
            return [t for v in value.values() for t in walk(v)]
        if isinstance(value, list | tuple):
            return [t for v in value for t in walk(v)]
        if isinstance(value, Duration | PolicyDate):
            return [text(policy, value)]
        return []

    texts = walk(policy)
    for name in policy.prose:  # its paragraphs, apart where a fact is filled in
        html = markdown.markdown(render_prose(policy, name), extensions=["attr_list", "tables"])
        texts += [piece for line in _lines(bs4.BeautifulSoup(html, "html.parser"))
                  for piece in line.split("\0")]
    return [t.strip() for t in texts if t.strip()]


def _lines(root) -> list[str]:
    """The text of an HTML tree, one line per block; a fact (``data-fact``) as ``\\0``."""
    for fact in root.select("[data-fact], code"):  # a fact, or an id of the source
        fact.replace_with("\0")
    for tag in root.select("script, style, svg, .headerlink, .md-source-file, nav, del"):
        tag.decompose()
    for tag in root.find_all(_BLOCKS):
        tag.insert_before("\x01")
        tag.insert_after("\x01")
    return [" ".join(line.split()) for line in root.get_text().split("\x01") if line.strip()]


def _plain(text: str) -> str:
    """Straight quotes for curly ones (pandoc makes them curly) and single spaces."""
    return " ".join(text.translate(_QUOTES).split())


_QUOTES = str.maketrans("‘’“”", "''\"\"")


def unmapped_sentences(lines: list[str], values: list[str], own: list[str]) -> list[str]:
    """The pieces of ``lines`` (facts already ``\\0``) that are neither a value the source
    holds (a whole word or words of it, in any case) nor pieced from ``own`` words."""
    held = sorted({v for v in (_plain(v).strip(" .,;:") for v in values)
                   if len(v) > 3 or re.search(r"\d", v)}, key=len, reverse=True)
    value = re.compile("|".join((r"(?<!\w)" if re.match(r"\w", v) else "") + re.escape(v) +
                                (r"(?!\w)" if re.search(r"\w$", v) else "") for v in held), re.I)
    own = [_plain(w) for w in own]
    found = []
    for line in lines:
        rest = value.sub("\0", _FILE.sub("\0", _plain(line)))
        for chunk in (c.strip(" .,;:()[]|-–*") for c in rest.split("\0")):
            if chunk and re.search(r"[^\W\d_]", chunk) and not _pieced(chunk, own):
                found.append(chunk)
    return found


def _page_words(policy: Policy) -> list[str]:
    """The words a page may say besides the source's: the statements' messages and the
    templates' own words that state no fact."""
    text, messages = _template_pieces()
    own = [w for w in [*(" ".join(t.split()) for t in text), *_pieces(messages, policy.language)]
           if not _PAGE_FACT_WORDS.search(w)]
    said = [*own, *_pieces(_messages_of_statements(), policy.language), *_choices(policy.language)]
    return [*said, *(w[:1].upper() + w[1:] for w in said)]


_BUILT: dict[Path, Path] = {}


def _built(source: Path, tmp_path_factory) -> Path:
    """The source built once (both sites, with its exports), for every test that reads it."""
    from generator.sites.build import build

    if source not in _BUILT:
        out = tmp_path_factory.mktemp(source.name) / "out"
        build(source, out, as_of=read_policy(source).policy.reference_day, preview=True,
              pdf=False)
        _BUILT[source] = out
    return _BUILT[source]


def page_unmapped(source: Path, out: Path) -> dict[str, list[str]]:
    """Each built page and Part A export of the source with what it says that is neither a
    statement nor the council's own words (a Welsh page's against the Welsh view)."""
    import bs4

    from generator.revisions.versions import FOLDER, kept
    from generator.sites.pages import export_markdown
    from generator.source.translation import welsh_view

    english = POLICIES.get(source) or read_policy(source)
    views = {"en": english, **({"cy": welsh_view(english)} if english.policy.welsh else {})}
    earlier = [t for version in kept(source)  # what changed since, and the archive
               for t in _source_text(read_policy(source / FOLDER / version))]
    known = {}
    for language, policy in views.items():
        facts = [f.get_text() for text in export_markdown(policy).values()
                 for f in bs4.BeautifulSoup(text, "html.parser").select("[data-fact]")]
        known[language] = ([*_source_text(policy), *earlier], facts, _page_words(policy))
    found = {}
    for page in sorted(out.rglob("*.html")) + sorted(out.rglob("part-*.docx")):
        if page.name == "404.html" or (page.suffix == ".html" and "downloads" in page.parts):
            continue
        values, facts, own = known["cy" if "cy" in page.relative_to(out).parts else "en"]
        if page.suffix == ".docx":
            document = docx.Document(page)
            lines = [p.text for p in document.paragraphs] + \
                [c.text for t in document.tables for r in t.rows for c in r.cells]
            values = [*values, *facts]
        else:
            soup = bs4.BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            article = soup.find("article") or soup.find("main")
            if article is None:
                continue
            lines = _lines(copy.copy(article))
            if article.select("del, ins"):  # a word diff: the words before, then after
                for mark in article.select("ins"):
                    mark.decompose()
                for mark in article.select("del"):
                    mark.unwrap()
                lines += _lines(article)
        if said := unmapped_sentences(lines, values, own):
            found[str(page.relative_to(out))] = list(dict.fromkeys(said))
    return found


@pytest.mark.parametrize("source", PAGE_SOURCES, ids=lambda p: p.name)
def test_every_sentence_of_a_page_and_an_export_is_a_statement_or_the_councils_words(
        source, tmp_path_factory):
    out = _built(source, tmp_path_factory)
    assert list(out.rglob("*.html")), "the build wrote no page"
    found = page_unmapped(source, out)
    count = sum(len(v) for v in found.values())
    assert found == {}, f"{count} unmapped sentences"


def _worded_facts(template: str) -> list[str]:
    """The messages of a page template that hold a value (``%(name)s``): a fact the
    template words itself, where its statements module should word it (placed with
    ``said``)."""
    import ast

    return [ast.literal_eval(m) for match in _MESSAGE.finditer(template)
            for m in match.groups() if m and re.search(r"%\(\w+\)[sd]", ast.literal_eval(m))]


def test_the_page_templates_word_no_fact_themselves():
    found = {t.name: _worded_facts(t.read_text(encoding="utf-8"))
             for t in sorted(PAGE_TEMPLATES.glob("*.md"))}
    found = {name: messages for name, messages in found.items() if messages}
    assert found == {}, f"{sum(map(len, found.values()))} template messages word a fact"


def test_a_template_message_wording_a_fact_is_found():
    assert _worded_facts('{{ said(limit_said(m)) }} {{ _("Measures") }}') == []
    assert _worded_facts('- {{ _("kept by the %(keeper)s", keeper=r.kept_by) }}') == \
        ["kept by the %(keeper)s"]


def _home_unmapped(monkeypatch, added: str) -> list[str]:
    """The staff home page of the thin fixture, with ``added`` put in its template, read
    back as a page is: what of it is neither a statement nor the council's words."""
    import bs4
    import jinja2
    import markdown

    from generator.sites import pages

    home = (PAGE_TEMPLATES / "home.md").read_text(encoding="utf-8") + added
    original = pages._templates.__wrapped__

    def patched(language: str) -> jinja2.Environment:
        env = original(language)
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({"home.md": home}), env.loader])
        return env

    patched.__wrapped__ = original  # type: ignore[attr-defined]
    monkeypatch.setattr(pages, "_templates", patched)
    policy = POLICIES[THIN]
    [page] = [p for p in pages.internal_tree(policy, {}, None, "").pages if p.path == "index.md"]
    body = page.text.split("---", 2)[2]
    root = bs4.BeautifulSoup(markdown.markdown(body, extensions=["attr_list", "tables"]),
                             "html.parser")
    text, messages = _template_pieces()
    own = [w for w in [*text, " ".join(_MARKUP.sub(" ", added).split()),
                       *_pieces(messages, "en")] if not _PAGE_FACT_WORDS.search(w)]
    own += [*_pieces(_messages_of_statements(), "en"), *_choices("en")]
    return unmapped_sentences(_lines(root), _source_text(policy), own)


def test_a_fixed_fact_sentence_in_a_page_template_is_found(monkeypatch):
    assert _home_unmapped(monkeypatch, "") == []
    found = _home_unmapped(monkeypatch, "\nAn appeal is decided within 20 working days.\n")
    assert len(found) == 1 and found[0].endswith("is decided within 20 working days")


def test_evidence_within_reaches_both_pages_and_both_letters_from_the_appeals_module(
        source_copy, capsys):
    from generator.cli.policy import main
    from generator.sites.pages import export_markdown

    def said(src: Path) -> tuple[str, str, str, str]:
        policy = read_policy(src)
        [public] = export_markdown(policy).values()
        staff = "\n".join(p.text for p in internal_tree(policy, {}, None, "").pages)
        return (public, staff,
                _text(policy, src, "decision_letter", sample_case(policy, "decision_letter")),
                _text(policy, src, "appeal_received", sample_case(policy, "appeal_received")))

    from generator.sites.pages import internal_tree

    src = source_copy(THIN, [("rights.yaml", "    window_from: letter\n", "    window_from: "
                              "letter\n    evidence_within: 5 working days\n")])
    assert main(["check", str(src)]) == 0
    public, staff, decision, received = said(src)
    assert "You may send us further evidence within" in public
    assert 'data-fact="rights.appeals.restriction_appeal.evidence_within">5 working days' in public
    assert "The customer may send further evidence within" in staff
    assert "further evidence accepted within" in staff.lower()  # the timescales page
    for letter in (decision, received):
        assert "You may send us further evidence within 5 working days of appealing." in letter
    capsys.readouterr()
    assert main(["check", str(THIN)]) == 0  # absent: unsaid, and nothing to add
    assert "evidence" not in capsys.readouterr().err
    assert not any("evidence" in text for text in said(THIN))


def _placed(lines: list, language: str) -> str:
    """Lines of a statements module as a page template places them (the ``said`` macro)."""
    from generator.sites import pages

    return pages._templates(language).from_string(
        '{% from "_macros.md" import said %}{{ said(lines) }}').render(lines=lines)


def test_the_measures_page_names_the_whole_body_from_its_scope_statement():
    from generator.source.facts import resolve
    from generator.statements import measures

    commission = resolve(POLICIES[COMMISSION], "policy.council", html=True)
    council = resolve(POLICIES[MINIMAL], "policy.council", html=True)
    assert 'the whole <span data-fact="policy.council.kind">commission</span>.' in \
        _placed(measures.scope_lines(commission), "en")
    assert _placed(measures.scope_lines(council), "en").endswith(
        "a service or the whole council.")
    assert _placed(measures.scope_lines(council), "cy").endswith(
        "gwasanaeth neu’r cyngor cyfan.")


def test_the_contact_section_gives_each_way_the_source_gives_as_a_fact():
    from generator.source.facts import resolve
    from generator.statements import contact

    policy = POLICIES[CHESHIRE]
    body = policy.policy.council.model_copy(update={"email": "help@example.org"})
    policy = policy.model_copy(update={"policy": policy.policy.model_copy(
        update={"council": body})})
    placed = [_placed([line], "en") for line in
              contact.body_lines(resolve(policy, "policy.council", html=True))]
    assert len(placed) == sum(map(bool, (body.address, body.phone, body.email, body.website)))
    assert 'Email: [<span data-fact="policy.council.email">help@example.org</span>]' \
        '(mailto:help@example.org)' in placed
    assert all(p.startswith(("By post: ", "Telephone: ", "Email: ", "Website: ")) and
               'data-fact="policy.council.' in p for p in placed)
    assert contact.body_lines(resolve(POLICIES[MINIMAL], "policy.council", html=True)) == []
