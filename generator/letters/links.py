"""Web addresses and email addresses in a rendered letter made Word hyperlinks, so that the
PDF LibreOffice makes of it holds a Link annotation for each (tagged as a Link, for screen
readers) and a reader can follow it. The text and its look stay as they were: a printed
letter shows the address as written.

Each link's text takes the character style "Hyperlink" (the template's own, else a plain
one added): LibreOffice reads a Word hyperlink without a character style as one in its
"Default Style", and then writes no link annotation to the PDF."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph

__all__ = ["ADDRESS", "link_addresses", "target"]

#: A web address (with its scheme, or starting www.) or an email address.
ADDRESS = re.compile(r"(?:https?://|www\.)[^\s<>()\"]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: What may end a sentence after an address but is not part of it.
_TRAILING = ".,;:!?'’"


def target(address: str) -> str:
    """Where a link to ``address`` goes: mailto: for an email, https:// for a bare www."""
    if "@" in address and "://" not in address:
        return "mailto:" + address
    return address if "://" in address else "https://" + address


def link_addresses(document: Document) -> None:
    """Make every address in the body (paragraphs and tables, not headers and footers,
    which a PDF marks as page furniture) a hyperlink to itself."""
    style: str | None = None
    for paragraph in body_paragraphs(document):
        for run in list(paragraph.runs):
            if ADDRESS.search(run.text):
                style = style or _link_style(document)
                _link_run(paragraph, run, style)


#: The character style of a link's text.
LINK_STYLE = "Hyperlink"


def _link_style(document: Document) -> str:
    """The id of the document's character style for links, added (plain) if it has none."""
    from docx.enum.style import WD_STYLE_TYPE

    for style in document.styles:
        if style.type == WD_STYLE_TYPE.CHARACTER and style.name == LINK_STYLE:
            return style.style_id
    return document.styles.add_style(LINK_STYLE, WD_STYLE_TYPE.CHARACTER).style_id


def body_paragraphs(container: Any) -> Iterator[Paragraph]:
    """Every paragraph of a document or a table cell, tables (nested too) included."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    yield from body_paragraphs(cell)


def _link_run(paragraph: Paragraph, run: Any, style: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.text.run import Run

    text = run.text
    found = [(m.start(), m.start() + len(m.group().rstrip(_TRAILING))) for m in
             ADDRESS.finditer(text)]
    if not found:
        return
    pieces, at = [], 0
    for start, end in found:
        pieces += [(text[at:start], False), (text[start:end], True)]
        at = end
    pieces.append((text[at:], False))
    anchor = run._r
    for index, (piece, is_address) in enumerate(p for p in pieces if p[0]):
        element = run._r if index == 0 else copy.deepcopy(run._r)
        Run(element, paragraph).text = piece
        placed = element
        if is_address:
            link = OxmlElement("w:hyperlink")
            link.set(qn("r:id"), paragraph.part.relate_to(
                target(piece), RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
            if index == 0:
                element.addprevious(link)
            link.append(element)
            element.style = style
            placed = link
        if index:
            anchor.addnext(placed)
        anchor = placed
