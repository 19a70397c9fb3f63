"""PDF/UA-1 (ISO 14289-1) for the PDFs the project writes: a mend and a check, both offline.

LibreOffice writes the PDF/UA identification itself (its export option ``PDFUACompliance``):
the ``pdfuaid:part`` and ``dc:title`` of the XMP metadata, the document's language, and
``DisplayDocTitle`` so a reader's window shows the title. Two things it leaves wrong are
mended here, on the copy :func:`generator.documents.pdf.reproducible` writes again:

- A paragraph placed in a frame (a letter's address and reference block, beside each other
  at the top of page 1) is tagged *inside* the paragraph that follows it in the Word
  document (the frame's anchor) and painted after the whole page, so a screen reader
  reads the greeting before the address. :func:`mend` moves each such frame in front of
  its anchor in the structure tree, and its drawing in front of the anchor's, so the tags,
  the painting and the page read in the Word document's order.
- An empty paragraph (such as the space left for a signature) is a tagged paragraph with
  nothing in it; :func:`mend` removes it from the structure tree (the space stays).

:func:`check` reads a PDF back and names each failure by its Matterhorn Protocol 1.1
checkpoint (the PDF Association's list of PDF/UA-1 failure conditions), or by the clause
of ISO 14289-1 where Matterhorn has no machine check. veraPDF (the reference checker)
needs Java and is not installed; these are the checks a letter can fail, in Python.

=========  ==============================================================================
 Rule       What is checked
=========  ==============================================================================
 06-001     the catalogue has an XMP metadata stream
 06-002     the metadata holds the PDF/UA identifier (``pdfuaid:part`` = 1)
 06-003     the metadata holds a non-empty ``dc:title``
 07-001     the catalogue's ViewerPreferences has DisplayDocTitle
 07-002     DisplayDocTitle is true
 11-006     the catalogue gives the document's natural language (``/Lang``)
 01-002     the catalogue's MarkInfo says the document is tagged (``/Marked true``)
 09-001     reading order: on each page the marked content is painted in the order the
            structure tree lists it, and no frame is tagged inside another paragraph
 14-003     headings do not skip a level (H1 then H3)
 28-011     each link annotation is nested in a ``Link`` structure element
 28-012     each link annotation has a description (``/Contents``)
 31-009     every font is embedded (a font without a font file)
 7.1        (ISO 14289-1) no tagged paragraph is empty
=========  ==============================================================================
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

__all__ = ["RULES", "check", "mend"]

#: Each rule :func:`check` applies, by its Matterhorn checkpoint (or ISO 14289-1 clause).
RULES = {
    "06-001": "the PDF has no XMP metadata",
    "06-002": "the metadata does not say the PDF conforms to PDF/UA-1 (pdfuaid:part)",
    "06-003": "the metadata gives no title (dc:title)",
    "07-001": "the viewer is not told to show the title (no DisplayDocTitle)",
    "07-002": "the viewer is told to show the file name, not the title (DisplayDocTitle false)",
    "11-006": "the PDF does not say which language it is in (/Lang)",
    "01-002": "the PDF is not marked as tagged (MarkInfo /Marked)",
    "09-001": "the tags are not in reading order",
    "14-003": "a heading skips a level",
    "28-011": "a link is not tagged as a Link",
    "28-012": "a link has no description (/Contents)",
    "31-009": "a font is not embedded",
    "7.1": "a tagged paragraph is empty",
}

#: Structure types that are paragraphs (after the role map): nothing may be tagged in them
#: but text, spans and links.
_PARAGRAPHS = frozenset({"/P", "/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/LBody",
                         "/Lbl", "/Caption"})
_HEADING = re.compile(r"^/H([1-6])$")


# --- the structure tree --------------------------------------------------------------------

def _kids(element: Any) -> list[Any]:
    import pikepdf

    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _is_element(node: Any) -> bool:
    import pikepdf

    return isinstance(node, pikepdf.Dictionary) and "/S" in node


def _standard(element: Any, role_map: Any) -> str:
    """The element's standard structure type, through the role map ("Text body" is /P)."""
    kind = str(element.S)
    for _ in range(8):
        mapped = role_map.get(kind) if role_map is not None else None
        if mapped is None:
            return kind
        kind = str(mapped)
    return kind


def _elements(node: Any) -> Iterator[Any]:
    """Every structure element under ``node``, in tree (reading) order."""
    for kid in _kids(node):
        if _is_element(kid):
            yield kid
            yield from _elements(kid)


def _in_order(element: Any) -> Iterator[tuple[Any, Any, int | None, Any]]:
    """The marked content and annotations under ``element`` in reading order, each with
    the element that holds it: (element, page, MCID, annotation)."""
    import pikepdf

    page = element.get("/Pg")
    for kid in _kids(element):
        if _is_element(kid):
            yield from _in_order(kid)
        elif isinstance(kid, int):
            yield element, page, int(kid), None
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            yield element, kid.get("/Pg", page), int(kid.MCID), None
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
            yield element, kid.get("/Pg", page), None, kid.get("/Obj")


def _empty(element: Any) -> bool:
    """An element with no content of its own and no elements under it."""
    return not _kids(element)


# --- painting ------------------------------------------------------------------------------

def _painted(page: Any) -> list[int]:
    """The MCIDs of a page in the order its content stream paints them."""
    import pikepdf

    instructions: list[Any] = pikepdf.parse_content_stream(page)  # no inline images here
    return [mcid for operands, operator in instructions
            if str(operator) == "BDC" and (mcid := _mcid(operands)) is not None]


def _mcid(operands: Any) -> int | None:
    """The MCID of a BDC instruction's properties, if it has one."""
    import pikepdf

    if len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary) \
            and "/MCID" in operands[1]:
        return int(operands[1].MCID)
    return None


def _blocks(instructions: list[Any]) -> dict[int, tuple[int, int]]:
    """Where each MCID's marked content starts and ends (index of BDC, of its EMC)."""
    found: dict[int, tuple[int, int]] = {}
    open_at: list[tuple[int | None, int]] = []
    for index, (operands, operator) in enumerate(instructions):
        name = str(operator)
        if name in ("BDC", "BMC"):
            open_at.append((_mcid(operands) if name == "BDC" else None, index))
        elif name == "EMC" and open_at:
            mcid, start = open_at.pop()
            if mcid is not None:
                found[mcid] = (start, index)
    return found


def _self_contained(block: list[Any]) -> tuple[list[Any], list[Any]] | None:
    """A marked-content block's inside split into what can be drawn elsewhere (every
    instruction inside its own ``q`` ... ``Q``) and the unmatched ``Q`` it starts with
    (LibreOffice ends the page's clip inside the first frame), which stays where the block
    was. None if the block depends on the graphics state it is drawn in."""
    depth, inner, left = 0, list[Any](), list[Any]()
    for operands, operator in block[1:-1]:
        name = str(operator)
        if name == "Q" and depth == 0 and not inner:
            left.append((operands, operator))  # pops a state opened before the block
            continue
        if name == "q":
            depth += 1
        elif name == "Q":
            depth -= 1
            if depth < 0:
                return None
        elif depth == 0:
            return None
        inner.append((operands, operator))
    return None if depth else (inner, left)


# --- the mend ------------------------------------------------------------------------------

def mend(document: Any) -> None:
    """Put framed paragraphs in the Word document's order and drop empty paragraph tags
    (see the module's description); ``document`` is an open pikepdf.Pdf."""
    tree = document.Root.get("/StructTreeRoot")
    if tree is None:
        return
    role_map = tree.get("/RoleMap")
    for element in list(_elements(tree)):
        parent = element.get("/P")
        if parent is None or not _is_element(parent):
            continue
        if _standard(element, role_map) in _PARAGRAPHS and _empty(element):
            _detach(parent, element)
        elif _standard(element, role_map) == "/Div" \
                and _standard(parent, role_map) in _PARAGRAPHS:
            _hoist(document, element, parent)


def _detach(parent: Any, element: Any) -> None:
    import pikepdf

    kids = [kid for kid in _kids(parent)
            if not (_is_element(kid) and kid.objgen == element.objgen)]
    parent.K = pikepdf.Array(kids)


def _hoist(document: Any, frame: Any, anchor: Any) -> None:
    """Move ``frame`` out of ``anchor`` to just before it, in the tree and on the page."""
    import pikepdf

    grand = anchor.P
    _detach(anchor, frame)
    siblings = _kids(grand)
    at = next(i for i, kid in enumerate(siblings)
              if _is_element(kid) and kid.objgen == anchor.objgen)
    grand.K = pikepdf.Array([*siblings[:at], frame, *siblings[at:]])
    frame.P = grand
    first = next((item for item in _in_order(anchor) if item[2] is not None), None)
    moved = [item for item in _in_order(frame) if item[2] is not None]
    if first is None or not moved or first[1] is None:
        return
    if {item[1].objgen for item in moved if item[1] is not None} != {first[1].objgen}:
        return  # a frame across pages: its drawing stays where it is
    _paint_before(document, first[1], cast(int, first[2]), [cast(int, item[2]) for item in moved])


def _paint_before(document: Any, page_object: Any, before: int, mcids: list[int]) -> None:
    """Draw the marked content ``mcids`` just before MCID ``before`` on the page, when
    each block carries its own graphics state (else leave the page as it is)."""
    import pikepdf

    page = pikepdf.Page(page_object)
    instructions = list(pikepdf.parse_content_stream(page))
    blocks = _blocks(instructions)
    if before not in blocks or any(mcid not in blocks for mcid in mcids):
        return
    lifted: list[Any] = []
    removed: dict[int, list[Any]] = {}
    for mcid in mcids:
        start, end = blocks[mcid]
        block = instructions[start:end + 1]
        parts = _self_contained(block)
        if parts is None:
            return
        lifted += [block[0], *parts[0], block[-1]]
        removed[start] = parts[1]
    out: list[Any] = []
    spans = {blocks[mcid][0]: blocks[mcid][1] for mcid in mcids}
    index = 0
    while index < len(instructions):
        if index == blocks[before][0]:
            out += lifted
        if index in spans:
            out += removed[index]
            index = spans[index] + 1
            continue
        out.append(instructions[index])
        index += 1
    page_object.Contents = document.make_stream(pikepdf.unparse_content_stream(out))


# --- the check -----------------------------------------------------------------------------

def check(pdf: Path) -> list[str]:
    """Every PDF/UA failure of ``pdf``, each ``RULE: what is wrong (where)``; [] if none."""
    import pikepdf

    with pikepdf.open(pdf) as document:
        return [*_metadata(document), *_tagged(document), *_fonts(document)]


def _metadata(document: Any) -> Iterator[str]:
    root = document.Root
    if "/Metadata" not in root:
        yield f"06-001: {RULES['06-001']}"
    else:
        meta = document.open_metadata()
        if str(meta.get("pdfuaid:part", "")) != "1":
            yield f"06-002: {RULES['06-002']}"
        if not str(meta.get("dc:title", "")).strip():
            yield f"06-003: {RULES['06-003']}"
    preferences = root.get("/ViewerPreferences")
    if preferences is None or "/DisplayDocTitle" not in preferences:
        yield f"07-001: {RULES['07-001']}"
    elif not bool(preferences.DisplayDocTitle):
        yield f"07-002: {RULES['07-002']}"
    if not str(root.get("/Lang", "")).strip():
        yield f"11-006: {RULES['11-006']}"
    mark = root.get("/MarkInfo")
    if mark is None or not bool(mark.get("/Marked", False)):
        yield f"01-002: {RULES['01-002']}"


def _tagged(document: Any) -> Iterator[str]:
    tree = document.Root.get("/StructTreeRoot")
    if tree is None:
        yield f"01-002: {RULES['01-002']} (no structure tree)"
        return
    role_map = tree.get("/RoleMap")
    pages = {page.objgen: number for number, page in enumerate(document.pages, 1)}
    listed: dict[int, list[int]] = {}
    linked: set[tuple[int, int]] = set()
    level = 0
    for element in _elements(tree):
        kind = _standard(element, role_map)
        parent = element.get("/P")
        if kind in _PARAGRAPHS and _empty(element):
            yield f"7.1: {RULES['7.1']} ({element.S} {_page_of(element, pages)})"
        if kind == "/Div" and parent is not None and _is_element(parent) \
                and _standard(parent, role_map) in _PARAGRAPHS:
            yield (f"09-001: {RULES['09-001']}: a frame is tagged inside the paragraph after "
                   f"it ({parent.S} {_page_of(element, pages)})")
        heading = _HEADING.match(kind)
        if heading:
            if int(heading.group(1)) > level + 1:
                yield f"14-003: {RULES['14-003']} (H{level} then {kind[1:]})"
            level = int(heading.group(1))
    for element, page, mcid, annotation in _in_order(tree):
        number = pages.get(page.objgen, 0) if page is not None else 0
        if mcid is not None:
            listed.setdefault(number, []).append(mcid)
        elif annotation is not None and _standard(element, role_map) == "/Link":
            linked.add(annotation.objgen)
    for number, page in enumerate(document.pages, 1):
        painted = [mcid for mcid in _painted(page) if mcid in set(listed.get(number, []))]
        tagged = [mcid for mcid in listed.get(number, []) if mcid in set(painted)]
        if painted != tagged:
            yield (f"09-001: {RULES['09-001']}: page {number} is painted in another order "
                   "than its tags")
        for annotation in page.get("/Annots", []):
            if annotation.get("/Subtype") != "/Link":
                continue
            if annotation.objgen not in linked:
                yield f"28-011: {RULES['28-011']} (page {number})"
            if not str(annotation.get("/Contents", "")).strip():
                yield f"28-012: {RULES['28-012']} (page {number})"


def _page_of(element: Any, pages: dict[tuple[int, int], int]) -> str:
    page = element.get("/Pg")
    return f"on page {pages.get(page.objgen, '?')}" if page is not None else "on no page"


def _fonts(document: Any) -> Iterator[str]:
    seen: set[tuple[int, int]] = set()
    for number, page in enumerate(document.pages, 1):
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in (fonts[name] for name in list(fonts.keys())):
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            if font.get("/Subtype") == "/Type3":
                continue  # drawn by the PDF's own procedures: nothing to embed
            descriptor = _descriptor(font)
            if descriptor is None or not any(key in descriptor for key in
                                             ("/FontFile", "/FontFile2", "/FontFile3")):
                yield f"31-009: {RULES['31-009']} ({font.get('/BaseFont')}, page {number})"


def _descriptor(font: Any) -> Any:
    if font.get("/Subtype") == "/Type0":
        descendants = font.get("/DescendantFonts")
        return descendants[0].get("/FontDescriptor") if descendants else None
    return font.get("/FontDescriptor")
