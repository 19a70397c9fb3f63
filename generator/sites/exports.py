"""Part A as Word, OpenDocument and standalone HTML through pandoc (PDF through LibreOffice).

Word exports take their styles from a reference document, so a policy owner restyles them
in Word: ``reference.docx`` in the source folder, or the shared one in letter_templates/.
Its footer is a template: ``{{ footer }}`` becomes the policy's title, version and date,
beside "Page N of M" fields. OpenDocument exports take pandoc's own reference document (or
``reference.odt`` in the source folder) set to A4 with the same footer. The page size, the
footer and the title page that pandoc's title block makes come from these references.
SOURCE_DATE_EPOCH pins every date pandoc writes, so an unchanged source gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator import cache
from generator.languages.interface import PAGE_OF, gettext
from generator.package_data import SHARED_REFERENCE
from generator.sites.pages import export_markdown
from generator.source.model import Policy
from generator.source.wording import text

__all__ = ["convert", "export_part_a", "reference_doc", "source_date"]

FORMATS = ("docx", "odt", "html")


def reference_doc(policy: Policy) -> Path:
    own = Path(policy.root or ".") / "reference.docx"
    return own if own.is_file() else SHARED_REFERENCE


def footer(policy: Policy) -> str:
    """What every exported page says at its foot: "Managed Contact Policy, version 3.0,
    September 2019" (with "Page N of M" beside it), as far as the source gives them."""
    document, _ = policy.policy, gettext(policy.language)
    parts = [document.title,
             *([_("version %(version)s") % {"version": document.version}]
               if document.version else []),
             *([text(policy, document.publication_date)] if document.publication_date else [])]
    return ", ".join(parts)


def references(policy: Policy, folder: Path) -> dict[str, Path]:
    """The reference document of each format that has one, with this version's footer."""
    from docxtpl import DocxTemplate
    from jinja2.sandbox import SandboxedEnvironment

    from generator.letters.wordfile import fixed_zip

    word = DocxTemplate(reference_doc(policy))
    word.render({"footer": footer(policy)}, SandboxedEnvironment(autoescape=True))
    properties = word.docx.core_properties  # pandoc copies them: the same for the same source
    day = dt.datetime.combine(policy.policy.reference_day, dt.time())
    properties.created = properties.modified = properties.last_printed = day
    buffer = io.BytesIO()
    word.save(buffer)
    (folder / "reference.docx").write_bytes(fixed_zip(buffer.getvalue()))
    (folder / "reference.odt").write_bytes(_odt_reference(policy))
    (folder / "title-page.lua").write_text(TITLE_PAGE, encoding="utf-8")
    return {"docx": folder / "reference.docx", "odt": folder / "reference.odt"}


#: A pandoc filter ending the title page: the title block (title, part, council, date)
#: stands alone on the first page and the document starts on the next.
TITLE_PAGE = """
function Pandoc(doc)
  local breaks = {
    docx = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>',
    odt = '<text:p text:style-name="Page_20_Break"/>',
  }
  local raw = breaks[FORMAT]
  if raw then
    table.insert(doc.blocks, 1, pandoc.RawBlock(FORMAT == 'docx' and 'openxml' or
                                                'opendocument', raw))
  end
  return doc
end
"""
#: The paragraph style the filter's OpenDocument page break uses.
ODT_BREAK = ('<style:style style:name="Page_20_Break" style:display-name="Page Break" '
             'style:family="paragraph"><style:paragraph-properties fo:break-before="page"/>'
             "</style:style>")


def _odt_reference(policy: Policy) -> bytes:
    """reference.odt from the source, or pandoc's own set to A4, with the footer filled in."""
    from xml.sax.saxutils import escape

    import pypandoc

    own = Path(policy.root or ".") / "reference.odt"
    data = own.read_bytes() if own.is_file() else subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.odt"],
        capture_output=True, check=True).stdout
    numbers = escape(gettext(policy.language)(PAGE_OF)) % {
        "page": '<text:page-number text:select-page="current">1</text:page-number>',
        "pages": "<text:page-count>1</text:page-count>"}
    foot = (f'<style:footer><text:p text:style-name="Footer">{escape(footer(policy))}. '
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


def export_part_a(policy: Policy, out_dir: Path, pdf: bool = True) -> list[Path]:
    """Every public part in every export format; the files are named part-<id>.<format>.

    An unchanged export is copied from the cache (:mod:`generator.cache`), sparing pandoc
    and LibreOffice; its key holds everything the files are made from.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = [(markdown, fmt, out_dir / f"part-{part_id}.{fmt}")
            for part_id, markdown in export_markdown(policy).items() for fmt in FORMATS]
    entry = _cache_key(policy, jobs, pdf)
    kept = cache.files("exports", entry)
    if kept is not None:
        return [Path(shutil.copyfile(path, out_dir / path.name)) for path in kept]
    with source_date(policy), tempfile.TemporaryDirectory() as folder:
        given = references(policy, Path(folder))
        title_page = Path(folder) / "title-page.lua"
        # One pandoc at a time: each takes about 190 MB (more on a long document), and
        # side by side they would double the build's peak for a few tenths of a second.
        for markdown, fmt, target in jobs:
            convert(markdown, fmt, target, given.get(fmt), title_page)
        written = [target for _, _, target in jobs]
        if pdf:
            written += _pdfs([p for p in written if p.suffix == ".docx"], out_dir, policy)
    cache.keep_files("exports", entry, written)
    return written


def _cache_key(policy: Policy, jobs: list[tuple[str, str, Path]], pdf: bool) -> str:
    """A hash of everything an export is made from: its Markdown and references, the
    code and the tools that make it, and the date it carries."""
    from importlib import metadata

    import pypandoc

    from generator.letters import pdf as pdfs

    own_odt = Path(policy.root or ".") / "reference.odt"
    return cache.key(
        cache.code(sys.modules[__name__], pdfs),
        cache.tool(pypandoc.get_pandoc_path()),
        cache.tool(pdfs.soffice()) if pdf else "no pdf",
        *(metadata.version(name) for name in ("docxtpl", "python-docx")),
        footer(policy), policy.language, str(epoch(policy)),
        reference_doc(policy).read_bytes(),
        own_odt.read_bytes() if own_odt.is_file() else b"",
        *(part for markdown, fmt, target in jobs for part in (markdown, fmt, target.name)))


def convert(markdown: str, fmt: str, target: Path, reference: Path | None,
            title_page: Path | None = None) -> None:
    """One pandoc process for one document (pypandoc's own format checks would start
    more)."""
    import pypandoc

    extra = ["--standalone"]
    if reference:
        extra.append(f"--reference-doc={reference}")
    if title_page and fmt in ("docx", "odt"):
        extra.append(f"--lua-filter={title_page}")
    result = subprocess.run([pypandoc.get_pandoc_path(), "--from=markdown", f"--to={fmt}",
                             f"--output={target}", *extra], input=markdown.encode(),
                            capture_output=True)
    if result.returncode:
        raise RuntimeError(f"pandoc failed on {target.name}: "
                           + result.stderr.decode(errors="replace").strip())


def epoch(policy: Policy) -> int:
    """Seconds since 1970 at the start of the publication date."""
    day = policy.policy.reference_day
    return (day - day.__class__(1970, 1, 1)).days * 86400


@contextmanager
def source_date(policy: Policy) -> Iterator[None]:
    """Date-stamped output (pandoc, the sitemap) takes the publication date, not today."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch(policy))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def _pdfs(documents: list[Path], out_dir: Path, policy: Policy) -> list[Path]:
    from generator.letters.pdf import reproducible, soffice, to_pdf

    if not documents or soffice() is None:
        return []
    pdfs = to_pdf(documents, out_dir)
    for pdf in pdfs:
        reproducible(pdf, epoch(policy))
    return pdfs
