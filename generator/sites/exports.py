"""Part A as Word, OpenDocument and standalone HTML through pandoc (PDF through LibreOffice).

Word exports take their styles from a reference document, so a policy owner restyles them
in Word: ``reference.docx`` in the source folder, or the shared one in letter_templates/.
Its footer is a template: ``{{ footer }}`` becomes the policy's title, version and date
(after a PREVIEW mark in a preview build), and ``{{ page_before }}``, ``{{ page_between }}``
and ``{{ page_after }}`` the words around the "Page N of M" fields in the policy's language.
OpenDocument exports take pandoc's own reference document (or ``reference.odt`` in the
source folder) set to A4 with the same footer. The page size, the
footer and the title page that pandoc's title block makes come from these references.
SOURCE_DATE_EPOCH pins every date pandoc writes, so an unchanged source gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager
from pathlib import Path

import jinja2

from generator import cache
from generator.documents import pandoc
from generator.languages.interface import PAGE_OF, gettext
from generator.output import dated
from generator.package_data import SHARED_REFERENCE
from generator.sites.pages import export_markdown
from generator.source.audience import public_view
from generator.source.errors import Problem, SourceError
from generator.source.load import within
from generator.source.model import Policy
from generator.source.sandbox import StandaloneSandbox, bounded
from generator.source.wording import text

__all__ = ["Exporter", "convert", "epoch", "export_names", "export_part_a", "reference_doc",
           "reference_problems", "references", "report_pdf", "source_date", "start_export",
           "unexported"]

FORMATS = ("docx", "odt", "html")


def reference_doc(policy: Policy) -> Path:
    """The source's own reference.docx (checked: inside the source, bounded and linking
    to nothing outside it), or the shared one; SourceError if the source's is refused."""
    own = within(policy.root or ".", "reference.docx")
    if own is None or not own.is_file():
        return SHARED_REFERENCE
    _safe(own)
    return own


def _safe(path: Path) -> None:
    from generator.documents.wordfile import UnsafeWordFile, safe_package

    try:
        safe_package(path)
    except (UnsafeWordFile, zipfile.BadZipFile, OSError) as exc:
        raise SourceError([_reference_problem(path, exc)]) from None


def _reference_problem(path: Path, exc: Exception) -> Problem:
    from generator.documents.wordfile import UnsafeWordFile
    from generator.letters.documents import LIMIT_HINT
    from generator.source.sandbox import Limit

    if isinstance(exc, UnsafeWordFile):
        return Problem(str(path), 0, path.name, f"the reference document is refused: {exc}",
                       exc.hint)
    if isinstance(exc, zipfile.BadZipFile | KeyError | ValueError):
        return Problem(str(path), 0, path.name, "not a Word document",
                       "open it in Word and save it as a Word Document (.docx)")
    if isinstance(exc, Limit):
        return Problem(str(path), 0, path.name, f"the footer template breaks a limit: {exc}",
                       LIMIT_HINT)
    message = getattr(exc, "message", None) or str(exc)
    return Problem(str(path), 0, path.name,
                   f"the reference document cannot be rendered: {message}",
                   "it may print only {{ footer }} (see the documentation, Explanation: "
                   "'The two sites')")


def reference_problems(policy: Policy) -> list[Problem]:
    """What is wrong with the source's own reference documents, found by rendering them
    as a build does: refused files, and templates that fail or break a limit."""
    try:
        if reference_doc(policy) != SHARED_REFERENCE:
            _rendered_reference(policy)
        _own_odt(policy)
    except SourceError as exc:
        return exc.problems
    return []


def _rendered_reference(policy: Policy, mark: str = "") -> bytes:
    """reference.docx with the footer (``mark`` first, a preview's) and the page numbers'
    words filled in, as bytes; SourceError if it fails."""
    from docxtpl import DocxTemplate

    from generator.documents.wordfile import fixed_zip

    path = reference_doc(policy)
    try:
        word = DocxTemplate(path)
        word.init_docx()
        with bounded():
            word.render({"footer": footer(policy, mark), **page_words(policy.language)},
                        _environment())
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, jinja2.TemplateError) as exc:
        raise SourceError([_reference_problem(path, exc)]) from None
    properties = word.docx.core_properties  # pandoc copies them: the same for the same source
    day = dt.datetime.combine(policy.policy.reference_day, dt.time())
    properties.created = properties.modified = properties.last_printed = day
    buffer = io.BytesIO()
    word.save(buffer)
    return fixed_zip(buffer.getvalue())


@functools.cache
def _environment() -> jinja2.Environment:
    """The bounded sandbox a reference document's footer renders in, as a letter does."""
    return StandaloneSandbox(autoescape=True)


def footer(policy: Policy, mark: str = "") -> str:
    """What every exported page says at its foot: "Managed Contact Policy, version 3.0,
    September 2019" (with "Page N of M" beside it), as far as the source gives them;
    ``mark`` (a preview's) first."""
    document, _ = policy.policy, gettext(policy.language)
    parts = [*([mark] if mark else []), document.title,
             *([_("version %(version)s") % {"version": document.version}]
               if document.version else []),
             *([text(policy, document.publication_date)] if document.publication_date else [])]
    return ", ".join(parts)


def references(policy: Policy, folder: Path, mark: str = "") -> dict[str, Path]:
    """The reference document of each format that has one, with this version's footer,
    written into ``folder``: from the cache when this footer and these references were
    made before (an edit to the prose changes neither), else made with docxtpl."""
    entry = _reference_key(policy, mark)
    kept = cache.files("export-references", entry)
    if kept is None:
        _make_references(policy, folder, mark)
        cache.keep_files("export-references", entry,
                         [folder / f"reference.{fmt}" for fmt in REFERENCED])
    else:
        for path in kept:
            shutil.copyfile(path, folder / path.name)
    return {fmt: folder / f"reference.{fmt}" for fmt in REFERENCED}


#: The formats that take their styles from a reference document.
REFERENCED = ("docx", "odt")


def page_words(language: str) -> dict[str, str]:
    """The words before, between and after the page number and count ("Page ", " of ")."""
    before, rest = gettext(language)(PAGE_OF).split("%(page)s")
    between, after = rest.split("%(pages)s")
    return {"page_before": before, "page_between": between, "page_after": after}


def _make_references(policy: Policy, folder: Path, mark: str) -> None:
    (folder / "reference.docx").write_bytes(_rendered_reference(policy, mark))
    (folder / "reference.odt").write_bytes(_odt_reference(policy, mark))


def _reference_key(policy: Policy, mark: str = "") -> str:
    """A hash of everything the reference documents are made from: the references the
    source gives (or the shared one and pandoc's own), the footer and its page numbers,
    the date they carry, and the code and libraries that make them."""
    from generator.documents import wordfile

    own_odt = _own_odt(policy)
    return cache.key(
        cache.code(sys.modules[__name__], wordfile), cache.tool(pandoc.path()),
        cache.library("docxtpl"), cache.library("docx"),
        footer(policy, mark), gettext(policy.language)(PAGE_OF),
        str(policy.policy.reference_day),
        reference_doc(policy).read_bytes(), own_odt.read_bytes() if own_odt else b"")


def _own_odt(policy: Policy) -> Path | None:
    """The source's own reference.odt, if it has one."""
    own = within(policy.root or ".", "reference.odt")
    if own is None or not own.is_file():
        return None
    _safe(own)
    return own


#: The paragraph style of the page break after an OpenDocument title page.
ODT_BREAK = ('<style:style style:name="Page_20_Break" style:display-name="Page Break" '
             'style:family="paragraph"><style:paragraph-properties fo:break-before="page"/>'
             "</style:style>")


def _odt_reference(policy: Policy, mark: str) -> bytes:
    """reference.odt from the source, or pandoc's own set to A4, with the footer filled in."""
    from xml.sax.saxutils import escape

    own = _own_odt(policy)
    data = own.read_bytes() if own else subprocess.run(
        [pandoc.path(), "--print-default-data-file", "reference.odt"],
        capture_output=True, check=True).stdout
    numbers = escape(gettext(policy.language)(PAGE_OF)) % {
        "page": '<text:page-number text:select-page="current">1</text:page-number>',
        "pages": "<text:page-count>1</text:page-count>"}
    foot = (f'<style:footer><text:p text:style-name="Footer">{escape(footer(policy, mark))}. '
            f"{numbers}</text:p></style:footer>")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "styles.xml":
                styles = content.decode()
                styles = re.sub(r'fo:page-width="[^"]*"', 'fo:page-width="21cm"', styles)
                styles = re.sub(r'fo:page-height="[^"]*"', 'fo:page-height="29.7cm"', styles)
                styles = re.sub(r"<style:footer>.*?</style:footer>", foot, styles, flags=re.S)
                styles = styles.replace("</office:styles>", ODT_BREAK + "</office:styles>", 1)
                content = styles.encode()
            dst.writestr(info, content)
    return out.getvalue()


def export_part_a(policy: Policy, out_dir: Path, pdf: bool = True,
                  mark: str = "") -> list[Path]:
    """Every public part in every export format; the files are named part-<id>.<format>.
    ``mark`` (a preview build's PREVIEW line) heads the footer of every page."""
    return start_export(policy, out_dir, pdf, mark).result()


#: What writes a policy's exports into a folder (PDFs too, if asked), with a footer mark.
Exporter = Callable[[Policy, Path, bool, str], Future[list[Path]]]


def export_names(policy: Policy, pdf: bool) -> list[str]:
    """The names of the files :func:`start_export` writes, in its order, known before
    they are written (so the pages that link to them are made meanwhile): each public
    part in every format, then a PDF of each Word file where LibreOffice is installed."""
    from generator.documents.pdf import soffice

    parts = list(public_view(policy).parts)  # as export_markdown's, without rendering
    return [*(f"part-{part_id}.{fmt}" for part_id in parts for fmt in FORMATS),
            *(f"part-{part_id}.pdf" for part_id in parts if pdf and soffice() is not None)]


def unexported(policy: Policy, out_dir: Path, pdf: bool = False,
               mark: str = "") -> Future[list[Path]]:
    """The files :func:`start_export` would write (PDFs aside), for a check that needs
    their names and words but not pandoc's work: each HTML file holds the Markdown it
    would be made from (the words the translation check reads), the others nothing."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for part_id, markdown in export_markdown(policy).items():
        for fmt in FORMATS:
            path = out_dir / f"part-{part_id}.{fmt}"
            path.write_text(markdown if fmt == "html" else "", encoding="utf-8")
            paths.append(path)
    named: Future[list[Path]] = Future()
    named.set_result(paths)
    return named


#: Exports are written one at a time, beside whatever the build does meanwhile.
_WRITER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="export")


def start_export(policy: Policy, out_dir: Path, pdf: bool = True,
                 mark: str = "") -> Future[list[Path]]:
    """:func:`export_part_a` begun: pandoc (and LibreOffice) write the files in another
    thread while the caller goes on; the future holds the files.

    Everything that renders a template (the Markdown, the reference documents) is done
    here, in the caller's thread. An unchanged export is copied from the cache
    (:mod:`generator.cache`), sparing pandoc and LibreOffice; its key holds everything the
    files are made from. One pandoc writes them all, holding one document at a time, so a
    long policy costs one process's memory.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = [(markdown, fmt, out_dir / f"part-{part_id}.{fmt}")
            for part_id, markdown in export_markdown(policy).items() for fmt in FORMATS]
    entry = _cache_key(policy, jobs, pdf, mark)
    kept = cache.files("exports", entry)
    if kept is not None:
        copied: Future[list[Path]] = Future()
        copied.set_result([Path(shutil.copyfile(path, out_dir / path.name)) for path in kept])
        return copied
    folder = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}-references-"))
    with source_date(policy):  # pandoc's own reference.odt is dated
        given = references(policy, folder, mark)
    batch = [pandoc.Job(markdown, fmt, target, given.get(fmt), title_page=True)
             for markdown, fmt, target in jobs]

    def write() -> list[Path]:
        try:
            pandoc.convert(batch, epoch(policy))
            written = [job.output for job in batch]
            if pdf:
                written += _pdfs([p for p in written if p.suffix == ".docx"], out_dir, policy)
        except RuntimeError as exc:  # pandoc said no, or ran too long: on the source's prose
            raise SourceError([Problem(str(Path(policy.root or ".") / "prose"), 0, "export",
                                       str(exc), "simplify the prose the published parts "
                                       "show, then build again")]) from None
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        cache.keep_files("exports", entry, written)
        return written

    return _WRITER.submit(write)


def _cache_key(policy: Policy, jobs: list[tuple[str, str, Path]], pdf: bool,
               mark: str) -> str:
    """A hash of everything an export is made from: its Markdown and references, the
    code and the tools that make it, and the date it carries."""
    from generator.documents import pdf as pdfs

    return cache.key(
        _reference_key(policy, mark), cache.code(sys.modules[__name__], pandoc, pdfs),
        cache.tool(pdfs.soffice()) if pdf else "no pdf", str(epoch(policy)),
        *(part for markdown, fmt, target in jobs for part in (markdown, fmt, target.name)))


def convert(markdown: str, fmt: str, target: Path, reference: Path | None) -> None:
    """One standalone document (a report) in ``fmt``, styled by ``reference``."""
    pandoc.convert([pandoc.Job(markdown, fmt, target, reference)])


def epoch(policy: Policy) -> int:
    """Seconds since 1970 at the start of the publication date."""
    day = policy.policy.reference_day
    return (day - day.__class__(1970, 1, 1)).days * 86400


def source_date(policy: Policy) -> AbstractContextManager[None]:
    """Date-stamped output (pandoc, the sitemap) takes the publication date, not today."""
    return dated(epoch(policy))


def report_pdf(document: Path, policy: Policy) -> Path:
    """A report's PDF beside its .docx (PDF/UA-1, dated by the policy, the same bytes for
    the same report); SourceError if LibreOffice is not installed or fails."""
    from generator.documents.pdf import reproducible, to_pdf
    from generator.output import temporary_folder

    with temporary_folder(document.parent, ".pdf-") as aside:
        (pdf,) = to_pdf([document], Path(aside))
        reproducible(pdf, epoch(policy))
        return Path(shutil.move(pdf, document.with_suffix(".pdf")))


def _pdfs(documents: list[Path], out_dir: Path, policy: Policy) -> list[Path]:
    from generator.documents.pdf import reproducible, soffice, to_pdf

    if not documents or soffice() is None:
        return []
    pdfs = to_pdf(documents, out_dir)
    for pdf in pdfs:
        reproducible(pdf, epoch(policy))
    return pdfs
