"""Word files as bytes: each declares its language, and the same document always gives the
same bytes (zip entry times and attributes fixed).

Shared by the letters, the templates' first versions, bilingual letters and the Part A
Word export, none of which need the rest of the rendering to write a file.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # python-docx loads only when a document is made (not for a cached build)
    from docx.document import Document

__all__ = ["LANGUAGE_TAGS", "fixed_zip", "set_language"]

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

#: The language screen readers and spelling checkers are told the letters are in.
LANGUAGE = "en-GB"
#: The language tag of a document in each language a policy's model may be in.
LANGUAGE_TAGS = {"en": LANGUAGE, "cy": "cy"}


def set_language(document: Document, language: str) -> None:
    """Declare the language in the properties and as the default for every run of text."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document.core_properties.language = language
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    properties = run.find(qn("w:rPr")) if run is not None else None
    if properties is None:
        return
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), language)


def fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry's time and attributes fixed, for repeatable output."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
