"""One Word document holding a letter in two languages, each version in its own section.

The second version starts on a new page (a next-page section break) with its own
letterhead and headers, and every run of it declares its language, so a screen reader or
spelling checker switches language where the document does. The document's own language
is the first version's.
"""

from __future__ import annotations

import copy
import io
import re
from typing import Any

import docx
from docx.document import Document
from docx.opc.package import OpcPackage
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn

from generator.documents.wordfile import fixed_zip

__all__ = ["combine"]

_R = f"{{{nsmap['r']}}}"
#: Run properties that follow w:lang in a w:rPr (the schema fixes their order).
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def combine(first: bytes, second: bytes, second_language: str) -> bytes:
    """``first`` then ``second`` (two rendered .docx) as one .docx, the second on a new page."""
    document, other = docx.Document(io.BytesIO(first)), docx.Document(io.BytesIO(second))
    _add_missing_styles(document, other)
    body, adopt = document.element.body, _Adopter(document, other)
    last = body.sectPr
    last.addprevious(_section_break(last))
    for block in other.element.body.iterchildren():
        if block.tag != qn("w:sectPr"):
            copied = adopt.element(copy.deepcopy(block))
            mark_language(copied, second_language)
            last.addprevious(copied)
    body.replace(last, adopt.element(copy.deepcopy(other.element.body.sectPr)))
    for part in adopt.headers:
        mark_language(part.element, second_language)
    titles = (document.core_properties.title, other.core_properties.title)
    document.core_properties.title = " / ".join(title for title in titles if title)
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip(buffer.getvalue())


def _section_break(properties: Any) -> Any:
    """A paragraph ending the first version's section: the next version starts a new page."""
    paragraph, paragraph_properties = OxmlElement("w:p"), OxmlElement("w:pPr")
    paragraph_properties.append(copy.deepcopy(properties))
    paragraph.append(paragraph_properties)
    return paragraph


def mark_language(element: Any, language: str) -> None:
    """Declare ``language`` on every run of text inside ``element``."""
    for run in element.iter(qn("w:r")):
        properties = run.get_or_add_rPr()
        lang = properties.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            properties.insert_element_before(lang, *_AFTER_LANG)
        lang.set(qn("w:val"), language)


def _add_missing_styles(document: Document, other: Document) -> None:
    """The second version's styles that the first document lacks (same ids are kept)."""
    styles = document.styles.element
    have = {style.get(qn("w:styleId")) for style in styles.iterchildren(qn("w:style"))}
    for style in other.styles.element.iterchildren(qn("w:style")):
        if style.get(qn("w:styleId")) not in have:
            styles.append(copy.deepcopy(style))


class _Adopter:
    """Moves what copied XML refers to (headers, images, links) into the first document."""

    def __init__(self, document: Document, other: Document):
        self.part, self.other = document.part, other.part
        self.package: OpcPackage = document.part.package
        self.taken = {part.partname for part in self.package.iter_parts()}
        self.done: dict[str, str] = {}
        self.headers: list[XmlPart] = []

    def element(self, element: Any) -> Any:
        """``element`` with every relationship id it holds pointing into the first document."""
        for node in element.iter():
            for name, value in node.attrib.items():
                if name.startswith(_R) and value in self.other.rels:
                    node.set(name, self.relationship(value))
        return element

    def relationship(self, rid: str) -> str:
        if rid not in self.done:
            rel = self.other.rels[rid]
            if rel.is_external:
                self.done[rid] = self.part.relate_to(rel.target_ref, rel.reltype, True)
            else:
                target = self._adopt(rel.target_part, set())
                if rel.reltype.endswith(("/header", "/footer")) and isinstance(target, XmlPart):
                    self.headers.append(target)
                self.done[rid] = self.part.relate_to(target, rel.reltype)
        return self.done[rid]

    def _adopt(self, part: Part, seen: set[int]) -> Part:
        """Give ``part`` (and the parts it refers to) names free in the first document."""
        if id(part) in seen:
            return part
        seen.add(id(part))
        template = re.sub(r"\d*(\.\w+)$", r"%d\1", str(part.partname))
        number = 1
        while PackURI(template % number) in self.taken:
            number += 1
        part.partname = PackURI(template % number)
        self.taken.add(part.partname)
        for rel in part.rels.values():
            if not rel.is_external:
                self._adopt(rel.target_part, seen)
        return part
