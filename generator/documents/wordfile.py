"""Word files as bytes: each declares its language, and the same document always gives the
same bytes (zip entry times and attributes fixed).

Shared by the letters, the templates' first versions, bilingual letters and the Part A
Word export, none of which need the rest of the rendering to write a file.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # python-docx loads only when a document is made (not for a cached build)
    from docx.document import Document

__all__ = ["LANGUAGE_TAGS", "MAX_MEMBERS", "MAX_UNPACKED", "UnsafeWordFile", "fixed_zip",
           "safe_package", "set_language"]

#: The most a Word file (a zip) may hold unpacked, in bytes, and in files: a letter
#: template with a logo holds well under 1 MB in a few dozen files.
MAX_UNPACKED = 50_000_000
MAX_MEMBERS = 1000


class UnsafeWordFile(OSError):
    """A Word file refused before it is opened: too large unpacked (a zip bomb), or one
    that links to something outside itself that Word or LibreOffice would fetch; ``hint``
    says what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint

    def __str__(self) -> str:
        return str(self.args[0])


#: What to do about a Word file too large unpacked.
_SMALLER = ("save it again from Word, with fewer or smaller pictures (see the documentation, "
            "Explanation: 'Source text is code')")
#: What to do about a Word file that links out.
_INSERTED = ("insert pictures into the file rather than linking them, and remove linked "
             "objects, fields and attached templates (see the documentation, Explanation: "
             "'Source text is code')")


#: Relationships Word may follow to the outside and that are only ever followed when a
#: reader chooses to: a hyperlink in the text. Every other external relationship (a linked
#: image, an attached template, an OLE object, a frame, a sub-document) is fetched on
#: opening or printing, and refused.
_FOLLOWED_BY_READER = ("/hyperlink",)
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>", re.S)
_EXTERNAL = re.compile(rb"""TargetMode\s*=\s*["']External["']""")
_TYPE = re.compile(rb"""Type\s*=\s*["']([^"']*)["']""")
_TARGET = re.compile(rb"""Target\s*=\s*["']([^"']*)["']""")
#: Field codes that fetch a file or talk to another program when the document updates.
_FETCHING_FIELD = re.compile(rb"\b(INCLUDEPICTURE|INCLUDETEXT|DDEAUTO|DDE|IMPORT)\b")
#: An OpenDocument file's parts that may link out (a reference.odt's styles and text).
_ODF_PARTS = frozenset({"content.xml", "styles.xml"})
_ODF_HREF = re.compile(rb"""<([\w.-]+:[\w.-]+)\b[^>]*?\bxlink:href\s*=\s*["']([^"']*)["']""")
_ODF_DDE = re.compile(rb"<(?:office:dde-source|text:dde-connection-decl)\b")
#: A link target outside the file: a scheme (http:, file:, smb:...), a rooted or parent path.
_OUTSIDE = re.compile(rb"\s*(?:[A-Za-z][\w+.-]*:|/|\\|\.\.)")
#: The parts that hold a document's text, and so its fields.
_TEXT_PART = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")


def safe_package(path: Path) -> None:
    """Raise UnsafeWordFile if the Word file at ``path`` is too large unpacked or links
    to anything outside itself but a hyperlink; zipfile.BadZipFile if it is not a zip.

    Sizes are read from the zip's directory, which bounds what reading a member can give
    (Python stops at the declared size), so nothing large is unpacked to find out.
    """
    with zipfile.ZipFile(path) as package:
        members = package.infolist()
        if len(members) > MAX_MEMBERS:
            raise UnsafeWordFile(f"it holds {len(members):,} files; a Word file may hold "
                                 f"at most {MAX_MEMBERS:,}", _SMALLER)
        unpacked = sum(member.file_size for member in members)
        if unpacked > MAX_UNPACKED:
            raise UnsafeWordFile(f"it unpacks to {unpacked:,} bytes; a Word file may unpack "
                                 f"to at most {MAX_UNPACKED:,} (is it a zip bomb?)", _SMALLER)
        for member in members:
            if member.filename.endswith(".rels"):
                _external(package.read(member), member.filename)
            elif _TEXT_PART.fullmatch(member.filename) and \
                    _FETCHING_FIELD.search(package.read(member)):
                raise UnsafeWordFile(f"{member.filename} holds a field that fetches another "
                                     "file (INCLUDEPICTURE, INCLUDETEXT, IMPORT or DDE)",
                                     _INSERTED)
            elif member.filename in _ODF_PARTS:
                _odf_links(package.read(member), member.filename)


def _odf_links(xml: bytes, name: str) -> None:
    """An OpenDocument part's links out: only a hyperlink (text:a, draw:a) may point
    outside the file; a linked picture, object, section or DDE link is refused."""
    if _ODF_DDE.search(xml):
        raise UnsafeWordFile(f"{name} holds a DDE link to another program", _INSERTED)
    for element, target in _ODF_HREF.findall(xml):
        if element not in (b"text:a", b"draw:a") and _OUTSIDE.match(target):
            address = target.decode(errors="replace")[:80]
            raise UnsafeWordFile(f"{name} links to {address} outside the file (its "
                                 f"{element.decode(errors='replace')}), which LibreOffice "
                                 "would fetch", _INSERTED)


def _external(rels: bytes, name: str) -> None:
    for relationship in _RELATIONSHIP.findall(rels):
        if not _EXTERNAL.search(relationship):
            continue
        kind = _TYPE.search(relationship)
        kind_name = kind.group(1).decode(errors="replace") if kind else ""
        if kind_name.endswith(_FOLLOWED_BY_READER):
            continue
        target = _TARGET.search(relationship)
        address = target.group(1).decode(errors="replace")[:80] if target else "?"
        raise UnsafeWordFile(f"{name} links to {address} outside the file (its "
                             f"{kind_name.rsplit('/', 1)[-1] or 'relationship'}), which Word "
                             "would fetch", _INSERTED)

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
