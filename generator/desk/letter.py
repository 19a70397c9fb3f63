"""A case's letter at the desk: the .docx (the same one ``policy letter`` writes), its PDF,
and a preview in the page read back from that .docx, so the officer sees what they send.

Letters are made in a private folder under the data folder (never /tmp, never the source
or site/), removed as soon as the response is built.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from markupsafe import Markup, escape

from generator.cases.case import Case, letter_dates
from generator.letters.documents import case_letter
from generator.output import temporary_folder
from generator.source.errors import SourceError
from generator.source.model import Letter, Policy

__all__ = ["letter_day", "letter_docx", "letter_pdf", "preview", "printed_pages"]


def letter_day(policy: Policy, letter_id: str, case: Case) -> dt.date:
    """The date the letter carries (the case check insists there is one)."""
    _, day = letter_dates(policy, policy.letters[letter_id], case)
    assert day is not None
    return day.first_day


def letter_docx(policy: Policy, letter_id: str, case: Case) -> bytes:
    return case_letter(policy, letter_id, case, letter_day(policy, letter_id, case))


def letter_pdf(docx: bytes, day: dt.date, data_dir: Path, letter: Letter) -> bytes:
    """The PDF of a letter, made by LibreOffice aside and given the letter's date; raise
    SourceError, saying where and why, if the print house would refuse it."""
    from generator.documents.preflight import check, print_rules, problems

    with _pdf(docx, day, data_dir) as pdf:
        findings = check(pdf, *print_rules(letter))
        if findings:
            raise SourceError(problems(findings, "the letter's PDF"))
        return pdf.read_bytes()


def printed_pages(docx: bytes, day: dt.date, data_dir: Path,
                  letter: Letter) -> tuple[list[str], list[str]]:
    """The letter's PDF pages as PNG data URLs with the bands the print house keeps blank
    drawn in red, as GOV.UK Notify's preview shows them; and what the print house would
    refuse, in plain words (none: it would print it)."""
    import base64

    from generator.documents.preflight import check, marked_pages, print_rules

    posted, address = print_rules(letter)
    with _pdf(docx, day, data_dir) as pdf:
        findings = [str(finding) for finding in check(pdf, posted, address)]
        images = []
        for page in marked_pages(pdf, posted):
            buffer = io.BytesIO()
            page.save(buffer, "PNG", optimize=True)
            images.append("data:image/png;base64," + base64.b64encode(
                buffer.getvalue()).decode())
    return images, findings


@contextlib.contextmanager
def _pdf(docx: bytes, day: dt.date, data_dir: Path) -> Iterator[Path]:
    """The letter's PDF in a private folder, removed on leaving."""
    from generator.documents.pdf import dated_pdf

    with temporary_folder(data_dir, ".desk-") as folder:
        folder.chmod(0o700)
        document = folder / "letter.docx"  # no case detail in any file name
        document.write_bytes(docx)
        yield dated_pdf(document, folder / "pdf", day)  # as a batch makes it


def preview(docx: bytes) -> Markup:
    """The letter's text as HTML: first page header, body (tables too) and footer."""
    document = Document(io.BytesIO(docx))
    section = document.sections[0]
    first = section.different_first_page_header_footer
    parts = [*_blocks(section.first_page_header if first else section.header),
             *_blocks(document),
             *_blocks(section.first_page_footer if first else section.footer)]
    return Markup("\n".join(parts))


def _blocks(container: object) -> list[str]:
    """Each paragraph as <p> (a heading style as <h3>), each table as a table."""
    out: list[str] = []
    for block in container.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Paragraph):
            text = block.text.strip()
            if not text:
                continue
            style = (block.style.name if block.style is not None else "") or ""
            tag = "h3" if style.startswith(("Heading", "Title")) else "p"
            out.append(f"<{tag}>{_lines(block.text)}</{tag}>")
        elif isinstance(block, Table):
            rows = []
            for row in block.rows:
                cells = list(dict.fromkeys(row.cells))  # a merged cell once
                rows.append("<tr>" + "".join(
                    f"<td>{''.join(_blocks(cell))}</td>" for cell in cells) + "</tr>")
            out.append(f'<table class="letter-table">{"".join(rows)}</table>')
    return out


def _lines(text: str) -> str:
    return "<br>".join(str(escape(line)) for line in text.split("\n"))
