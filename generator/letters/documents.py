"""Word letters and forms: docxtpl templates filled with a letter's facts, byte for byte repeatable.

Templates are rendered with autoescaping and strict undefined names, so a value is printed
exactly as typed (``&``, ``<``, ``{{`` included) and a name the source does not declare is
an error rather than silently blank. Blanks (``[Customer name]``) are highlighted. Zip entry
times and core-property dates are fixed, so identical input gives identical bytes.

A Welsh view of the policy (``policy.language == "cy"``) takes the same path with the Welsh
template of the same name, in the ``cy/`` folder beside the English ones; a Welsh document
that would show a missing translation is not written, and the problem names it.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import itertools
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2.exceptions import SecurityError
from markupsafe import Markup, escape

from generator import cache
from generator.documents.wordfile import (
    LANGUAGE_TAGS,
    UnsafeWordFile,
    fixed_zip,
    safe_package,
    set_language,
)
from generator.letters.links import body_paragraphs, link_addresses
from generator.letters.placed import place_commitment
from generator.output import letter_name, pdf_of, write_letter
from generator.package_data import SHARED_TEMPLATES
from generator.source.errors import Problem, SourceError
from generator.source.load import within
from generator.source.model import Policy
from generator.source.sandbox import Limit, StandaloneSandbox, bounded

if TYPE_CHECKING:  # python-docx, docxtpl and the case model load only when a document is
    # made: a build whose fill-ins come from the cache needs none of them
    from docx.document import Document
    from docx.text.paragraph import Paragraph
    from docxtpl import DocxTemplate

    from generator.cases.case import Case, CaseFile

__all__ = [
    "ENVIRONMENT", "LIMIT_HINT", "PAPER_STYLES", "Rendering", "case_letter",
    "document_text", "fill_ins", "letter_file", "logo_path", "missing", "open_template",
    "paragraphs", "render", "render_bilingual_fill_in", "render_fill_in", "template_path",
    "template_problem", "write_case_letter",
]


def template_path(policy: Policy, letter_id: str) -> Path:
    """The letter's template: in the source's own folder if it has one there, else shared.

    A Welsh view of the policy takes the template of the same name in the ``cy/`` folder.
    """
    source_root = policy.folder
    name = policy.letters[letter_id].template or f"{letter_id}.docx"
    folder = "" if policy.language == "en" else policy.language
    own = policy.policy.letter_templates
    templates = within(source_root, own) if own else None  # never a folder outside
    found = within(templates, Path(folder) / name) if templates else None
    if found and found.is_file():
        return found
    return SHARED_TEMPLATES / folder / name


class Rendering:
    """One render: the names of the facts it printed."""

    def __init__(self) -> None:
        self.printed: set[str] = set()
        self.shown: list[str] = []
        """Printed text that holds a missing-translation marker."""
        self.blanks: list[str] = []
        """The blanks printed, left for the officer to fill in."""

    def finalize(self, value: Any) -> Markup:
        from docxtpl import InlineImage

        from generator.letters.letter_context import Blank, Value

        if isinstance(value, InlineImage):
            return Markup(value._insert_image())
        if isinstance(value, Value):  # a statement printed its parts too
            for part in (value, *getattr(value, "parts", ())):
                self.printed.add(part.key)
                if isinstance(part, Blank):
                    self.blanks.append(str(part))
        if "⟦" in str(value):
            self.shown.append(str(value))
        # Braces as character references: docxtpl rewrites "{_{" in its output, and a
        # value must come out exactly as typed.
        text = value.__html__() if isinstance(value, Markup) else str(escape(str(value)))
        return Markup(text.replace("{", "&#123;").replace("}", "&#125;"))


class _Environment(StandaloneSandbox):
    """Jinja's sandbox, bounded (a template is code from whoever sent the file; it may not
    pull in other files), autoescaping, strict, and compiling each template part once per
    process.

    docxtpl compiles every part (body, headers, footers, core properties) on every render;
    compiling is over half the cost of a letter, so compiled parts are kept by their text.
    """

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined,
                         finalize=lambda value: self.rendering.finalize(value))
        self.rendering: Rendering = Rendering()
        self.compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source: Any, globals: Any = None,
                    template_class: Any = None) -> jinja2.Template:
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self.compiled:
            if len(self.compiled) > 512:
                self.compiled.clear()
            self.compiled[source] = self.template_class.from_code(
                self, cache.compiled(self, source, "word"), self.make_globals(None), None)
        return self.compiled[source]


ENVIRONMENT = _Environment()


class NotAWordDocument(OSError):
    """A template file that Word did not save as .docx (a .doc, a PDF, a renamed file)."""


def open_template(template: Path) -> DocxTemplate:
    """A Word template read from disk; OSError when it is missing or not a .docx."""
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate

    if not template.is_file():
        raise FileNotFoundError(template)
    document = DocxTemplate(template)
    try:
        safe_package(template)  # before anything is unpacked
        document.init_docx()
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise NotAWordDocument(template) from exc
    return document


def render(template: Path, context: dict[str, Any], title: str, author: str,
           day: dt.date, rendering: Rendering | None = None, language: str = "en-GB",
           logo: Path | None = None) -> bytes:
    """The filled-in .docx as bytes; raises jinja2.TemplateError for a bad template."""
    from docx.shared import Mm
    from docxtpl import InlineImage

    from generator.letters.letter_context import Blank, values

    rendering = rendering or Rendering()
    document = open_template(template)
    ENVIRONMENT.rendering = rendering
    if logo:
        context = {**context, "logo": InlineImage(document, str(logo), height=Mm(LOGO_HEIGHT))}
    with bounded():  # one budget for the body, headers, footers and properties
        document.render(context, ENVIRONMENT)
    blanks = {str(value) for value in values(context) if isinstance(value, Blank)}
    if blanks:
        highlight(document.docx, blanks)
    size_answer_boxes(document.docx)
    placed = place_commitment(document.docx, context)
    if placed is not None:  # counted as printed, and its Welsh checked, like any value
        rendering.finalize(placed)
    link_addresses(document.docx)
    if context.get("large_print"):
        large_print(document.docx)
    properties = document.docx.core_properties
    moment = dt.datetime.combine(day, dt.time())
    properties.title, properties.author, properties.last_modified_by = title, author, author
    properties.created = properties.modified = properties.last_printed = moment
    properties.revision = 1
    set_language(document.docx, language)
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip(buffer.getvalue())


#: The height of the council's logo on the letterhead, in millimetres.
LOGO_HEIGHT = 15
#: The smallest type of a large-print letter, in points (RNIB's clear print guidance
#: puts large print at 16 to 22 point).
LARGE_PRINT = 16


#: How far below the top margin a large-print letter starts, in millimetres: below the
#: reference block, which is taller in large print.
LARGE_PRINT_GAP = 72
#: Styles of the council's printed paper, which stay as they are in large print: the
#: letterhead must not grow into the address window below it, and the address must fit
#: the envelope's window (large print enlarges the body, not the window).
PAPER_STYLES = frozenset({"Letterhead", "Letterhead Details", "Recipient Address"})


def large_print(document: Document) -> None:
    """Every style and run of the letter at least LARGE_PRINT points, in proportion to the
    normal size; the letterhead keeps its size. The reference block leaves its frame beside
    the address (too narrow for a reference or an email address at this size, which would
    break mid-value) for the full width of the page, below the address, before the
    greeting."""
    from docx.shared import Mm, Pt

    normal = document.styles["Normal"].font.size or Pt(11)
    scale = LARGE_PRINT / normal.pt
    unframed = _unframe(document, REFERENCE_BLOCK)
    if unframed:  # the space that put the greeting below the frames now comes before them
        unframed[0].paragraph_format.space_before = Mm(LARGE_PRINT_GAP)
        if "Salutation" in document.styles:
            document.styles["Salutation"].paragraph_format.space_before = Pt(LARGE_PRINT)
    elif "Salutation" in document.styles:  # below the reference block, which grows
        document.styles["Salutation"].paragraph_format.space_before = Mm(LARGE_PRINT_GAP)
    for style in document.styles:
        font = getattr(style, "font", None)
        if font is not None and style.name not in PAPER_STYLES:
            font.size = Pt(max(LARGE_PRINT, round((font.size or normal).pt * scale)))
    for paragraph in paragraphs(document):
        if paragraph.style is not None and paragraph.style.name in PAPER_STYLES:
            continue
        for run in paragraph.runs:
            if run.font.size is not None:
                run.font.size = Pt(max(LARGE_PRINT, round(run.font.size.pt * scale)))


#: The paragraph style of the reference block beside the address.
REFERENCE_BLOCK = "Reference Block"


def _unframe(document: Document, style: str) -> list[Paragraph]:
    """The body's paragraphs in ``style`` that sit in a frame, taken out of it."""
    from docx.oxml.ns import qn

    taken = []
    for paragraph in document.paragraphs:
        if paragraph.style is None or paragraph.style.name != style:
            continue
        properties = paragraph._p.pPr
        frame = properties.find(qn("w:framePr")) if properties is not None else None
        if properties is not None and frame is not None:
            properties.remove(frame)
            taken.append(paragraph)
    return taken


def size_answer_boxes(document: Document) -> None:
    """Give each form answer box (style "Answer Box") room for the question above it:
    a longer question asks for a longer answer."""
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.shared import Mm

    for table in document.tables:
        rows = list(table.rows)
        for above, row in itertools.pairwise(rows):
            cell = row.cells[0].paragraphs
            if cell and cell[0].style is not None and cell[0].style.name == "Answer Box":
                words = len(above.cells[0].text.split())
                row.height = Mm(min(80, 25 + 3 * words))
                row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


def paragraphs(document: Document) -> Iterator[Paragraph]:
    """Every paragraph: headers, body, tables (nested too) and footers."""
    for section in document.sections:
        for part in (section.header, section.first_page_header):
            if not part.is_linked_to_previous:
                yield from body_paragraphs(part)
    yield from body_paragraphs(document)
    for section in document.sections:
        for foot in (section.footer, section.first_page_footer):
            if not foot.is_linked_to_previous:
                yield from body_paragraphs(foot)


def document_text(document: Document) -> str:
    """All the text of a document, a paragraph a line (merged table cells once each)."""
    lines: list[str] = []
    for paragraph in paragraphs(document):
        if not lines or paragraph.text != lines[-1] or not paragraph.text:
            lines.append(paragraph.text)
    return "\n".join(lines)


def highlight(document: Document, blanks: set[str]) -> None:
    """Give every blank its own yellow-highlighted run, so the officer sees what to fill in."""
    from docx.enum.text import WD_COLOR_INDEX
    from docx.text.run import Run

    pattern = re.compile("(" + "|".join(map(re.escape, sorted(blanks, key=len, reverse=True)))
                         + ")")
    for paragraph in paragraphs(document):
        for run in list(paragraph.runs):
            pieces = [piece for piece in pattern.split(run.text) if piece]
            if not any(piece in blanks for piece in pieces):
                continue
            anchor = run
            for index, piece in enumerate(pieces):
                if index:
                    element = copy.deepcopy(run._r)
                    anchor._r.addnext(element)
                    anchor = Run(element, paragraph)
                anchor.text = piece
                anchor.font.highlight_color = WD_COLOR_INDEX.YELLOW if piece in blanks else None


def render_letter(policy: Policy, letter_id: str, case: Case | None,
                  day: dt.date, rendering: Rendering | None = None) -> bytes:
    """One letter (``case=None``: its fill-in form) in the policy's language, as .docx bytes.

    Raises SourceError if its template is missing or broken.
    """
    from generator.letters.letter_context import letter_context

    template = template_path(policy, letter_id)
    try:
        return render(template, letter_context(policy, letter_id, case),
                      policy.letters[letter_id].title, policy.policy.council.name, day,
                      rendering, LANGUAGE_TAGS[policy.language], logo_path(policy))
    except (OSError, jinja2.TemplateError) as exc:
        raise SourceError([template_problem(template, letter_id, exc)]) from None


def logo_path(policy: Policy) -> Path | None:
    """The council's logo, if the source names one that is a file inside the source."""
    source_root = policy.folder
    logo = policy.policy.council.logo
    if not logo:
        return None
    path = within(source_root, logo)
    return path if path and path.is_file() else None


def render_fill_in(policy: Policy, out_dir: Path) -> list[Path]:
    """Every letter and form of the policy with its facts and highlighted blanks, as .docx.

    The files are named after the letter ids (``stage_1_warning_letter.docx``); the intranet
    offers them for download. Given a Welsh view of the policy (``welsh_view(policy)``) it
    writes the Welsh fill-ins from the Welsh templates. Raises SourceError if a template is
    missing or broken, or if a Welsh letter lacks a translation, whether the fill-in shows
    it or a case could bring it in (a behaviour, a measure, a stage).
    """
    documents, problems = fill_ins(policy)
    if problems:
        raise SourceError(problems)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for letter_id, data in documents.items():
        path = out_dir / f"{letter_id}.docx"
        path.write_bytes(data)
        written.append(path)
    return written


def render_bilingual_fill_in(english: Policy, welsh: Policy, out_dir: Path) -> list[Path]:
    """Every letter and form in both languages in one .docx, in the order the source's
    ``welsh.bilingual`` sets, named ``<letter id>-bilingual.docx``."""
    from generator.documents.bilingual import combine

    versions = [(welsh, fill_ins(welsh)), (english, fill_ins(english))]
    problems = [problem for _, (_, found) in versions for problem in found]
    if problems:
        raise SourceError(problems)
    assert english.policy.welsh is not None  # only a source with Welsh letters has these
    if english.policy.welsh.bilingual == "english_first":
        versions.reverse()
    (_, (first, _)), (second_policy, (second, _)) = versions
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for letter_id in english.letters:
        path = out_dir / f"{letter_id}-bilingual.docx"
        path.write_bytes(combine(first[letter_id], second[letter_id],
                                 LANGUAGE_TAGS[second_policy.language]))
        written.append(path)
    return written


def fill_ins(policy: Policy) -> tuple[dict[str, bytes], list[Problem]]:
    """Each letter's fill-in form by letter id, and every problem found rendering them.

    Forms without problems are kept in the cache, by a hash of all they are made from.
    """
    entry = _fill_ins_key(policy)
    kept = cache.value("fill-ins", entry)
    if kept is not None:
        stored = {letter_id: cache.data("fill-ins", f"{entry}-{letter_id}")
                  for letter_id in kept}
        found = {letter_id: data for letter_id, data in stored.items() if data}
        if len(found) == len(stored):
            return found, []
    documents, problems = _render_fill_ins(policy)
    if not problems:
        for letter_id, data in documents.items():
            cache.keep_data("fill-ins", f"{entry}-{letter_id}", data)
        cache.keep_value("fill-ins", entry, list(documents))
    return documents, problems


def _fill_ins_key(policy: Policy) -> str:
    """A hash of the policy (its language and translations with it; not its prose, which
    no letter prints), every template its letters take, its logo, the generator's code and
    the libraries that render them."""
    source_root = policy.folder
    templates = [template_path(policy, letter_id) for letter_id in policy.letters]
    logo = logo_path(policy)
    return cache.key(policy.model_dump_json(), policy.language,
                     json.dumps(policy.welsh_text, sort_keys=True), str(source_root),
                     *(path.read_bytes() if path.is_file() else str(path) for path in templates),
                     logo.read_bytes() if logo else b"", cache.generator_code(),
                     *map(cache.library, ("docxtpl", "docx", "jinja2")))


def _render_fill_ins(policy: Policy) -> tuple[dict[str, bytes], list[Problem]]:
    from generator.letters.welsh_letters import untranslated

    documents, problems, lacking = {}, [], []
    for letter_id in policy.letters:
        rendering = Rendering()
        try:
            documents[letter_id] = render_letter(policy, letter_id, None,
                                                 policy.policy.reference_day,
                                                 rendering)
        except SourceError as exc:
            problems += exc.problems
            continue
        if policy.language != "en":
            lacking += untranslated(policy, letter_id, rendering.printed, rendering.shown)
    return documents, problems + missing(policy, lacking)


def missing(policy: Policy, texts: list[str]) -> list[Problem]:
    """The translations that texts printed with a marker lack, one problem each."""
    if not texts:
        return []
    from generator.source.translation import missing_translations

    return missing_translations(policy, texts)


def template_problem(template: Path, letter_id: str, exc: Exception) -> Problem:
    """A template that cannot be rendered, said in the Problem form."""
    if isinstance(exc, OSError) and not template.is_file():
        return Problem(str(template), 0, f"letters.{letter_id}.template", "no such template",
                       "correct template: to name a shared template (the documentation's "
                       "'Letters and templates' lists which suits each purpose), or make "
                       "your own: copy the closest shared template into your source's "
                       f"templates folder (letter_templates: in policy.yaml) as "
                       f"{template.name} and reword it in Word")
    if isinstance(exc, NotAWordDocument):
        return Problem(str(template), 0, f"letters.{letter_id}.template",
                       "the template is not a Word .docx document",
                       "open it in Word and save it as a Word Document (.docx)")
    if isinstance(exc, UnsafeWordFile):
        return Problem(str(template), 0, f"letters.{letter_id}.template",
                       f"the template is refused: {exc}", exc.hint)
    if isinstance(exc, Limit):
        return Problem(str(template), getattr(exc, "lineno", 0) or 0, f"letters.{letter_id}",
                       f"the template breaks a limit: {exc}", LIMIT_HINT)
    if isinstance(exc, SecurityError):
        return Problem(str(template), 0, f"letters.{letter_id}", "the template reaches into "
                       f"Python ({exc}), which a template may not do",
                       "use only the names listed in the documentation, Reference: 'Letters "
                       "and templates'")
    if isinstance(exc, jinja2.UndefinedError):
        return Problem(str(template), 0, f"letters.{letter_id}", str(exc),
                       "declare it in the source, or print it only inside {% if ... %}")
    message = getattr(exc, "message", None) or str(exc)
    return Problem(str(template), getattr(exc, "lineno", 0) or 0, f"letters.{letter_id}",
                   f"the template cannot be rendered: {message}",
                   "correct the {{ }} and {% %} tags in Word")


#: What to do about a render that breaks a bound of the sandbox.
LIMIT_HINT = ("loop over and print only what the document needs (see the documentation, "
              "Explanation: 'Source text is code')")


def letter_file(case: CaseFile, letter_id: str) -> str:
    """A case letter's file name: the case reference (slashes made dashes) and the letter id."""
    return letter_name(case.case.reference, letter_id)


def case_letter(policy: Policy, letter_id: str, case: Case,
                day: dt.date) -> bytes:
    """The case's letter in the language it asks for: English, Welsh, or both in one .docx.

    Raises SourceError if a Welsh version would show a missing translation.
    """
    from generator.documents.bilingual import combine
    from generator.letters.welsh_letters import case_in, versions

    parts = []
    for version in versions(policy, case.language):
        rendering = Rendering()
        data = render_letter(version, letter_id, case_in(version, policy, case),
                             day, rendering)
        problems = missing(version, rendering.shown)
        if rendering.blanks:
            problems.append(Problem(f"letters.{letter_id}", 0, "", "the letter would print "
                                    f"{', '.join(dict.fromkeys(rendering.blanks))}",
                                    "give those details in the case file"))
        if problems:
            raise SourceError(problems)
        parts.append((data, LANGUAGE_TAGS[version.language]))
    if len(parts) == 1:
        return parts[0][0]
    (first, _), (second, language) = parts
    return combine(first, second, language)


def write_case_letter(policy: Policy, letter_id: str, case: CaseFile,
                      out_dir: Path, force: bool = False) -> Path:
    """Check the case for the letter, then write the ready-to-send .docx; return its path."""
    from generator.cases.case import check_for_letter, letter_dates

    problems = check_for_letter(policy, letter_id, case)
    path = Path(out_dir) / letter_file(case, letter_id)
    if not force and (path.exists() or pdf_of(path).exists()):
        problems.append(Problem(str(path), 0, "", "the letter already exists",
                                "use --force to replace it, or move it away first"))
    if problems:
        raise SourceError(problems)
    _, day = letter_dates(policy, policy.letters[letter_id], case.case)
    assert day is not None  # check_for_letter insists on a date
    data = case_letter(policy, letter_id, case.case, day.first_day)
    write_letter(path, data, force)
    return path
