"""The print house's checks on a letter PDF, made before it leaves the council.

These are the checks GOV.UK Notify makes on a precompiled letter (its letter
specification, and ``app/precompiled.py`` in alphagov/notifications-template-preview),
with its numbers: every page A4 portrait, at most 10 pages, at most 2 MB, every font
embedded and none of Type 3; ink only where the printer allows it (each page is rendered,
the allowed areas blanked out, and any mark left over is ink in a band the printer keeps
blank, with 1 mm of slack); and the address read back out of the window and checked
against the rules the case check already applies (:func:`generator.cases.case.postcode`).

A form, or any document that is not posted in a window envelope, is checked as Notify
checks a letter's attachment: every page as a later page of a letter.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.cases.case import BAD_LINE_START, bfpo, postcode
from generator.source.errors import Problem
from generator.source.model import CaseField

if TYPE_CHECKING:
    from generator.source.model import Letter

__all__ = [
    "BODY_TOP", "MAX_BYTES", "MAX_PAGES", "METRIC_COMPATIBLE", "WINDOW", "Finding", "FontUse",
    "address_lines", "bands", "check", "fonts", "marked_pages", "print_rules", "problems",
]

#: A box on the page in millimetres from its top left corner: (left, top, right, bottom).
Box = tuple[float, float, float, float]

A4_WIDTH, A4_HEIGHT = 210.0, 297.0
#: Notify refuses a letter of more pages than this (``notifications_utils.pdf``).
MAX_PAGES = 10
#: Notify's largest precompiled letter, in bytes.
MAX_BYTES = 2 * 1024 * 1024
#: Side margins and top and bottom margins that every page keeps blank (mm).
SIDE, END = 15.0, 5.0
#: Where the body of the first page starts (mm from the top).
BODY_TOP = 95.0
#: Notify's allowed areas on the first page.
LOGO: Box = (SIDE, END, 125.0, 30.0)
CONTACT: Box = (125.0, END, A4_WIDTH - SIDE, BODY_TOP)
WINDOW: Box = (24.6, 39.5, 120.0, 66.3)
BODY: Box = (SIDE, BODY_TOP, A4_WIDTH - SIDE, A4_HEIGHT - END)
PAGE: Box = (SIDE, END, A4_WIDTH - SIDE, A4_HEIGHT - END)
#: How far the allowed areas are widened before ink counts (anti-aliased edges).
SLACK = 1.0
#: Rendering resolution for the ink check (dots per inch): a pixel is a quarter millimetre.
DPI = 100
#: How far beyond the ink the report reads the text, to name the words cut through (mm).
WORD = 8.0
#: A pixel counts as ink when it is darker than this (255 is white): any mark at all, as
#: Notify counts it.
INK = 255


def bands(first: bool) -> list[tuple[str, Box]]:
    """The bands the printer keeps blank, named as a report says them (Notify's red
    overlay): the margins of every page, and around the address window on the first."""
    margins = [
        ("the left margin (15 mm)", (0.0, 0.0, SIDE, A4_HEIGHT)),
        ("the right margin (15 mm)", (A4_WIDTH - SIDE, 0.0, A4_WIDTH, A4_HEIGHT)),
        ("the top margin (5 mm)", (SIDE, 0.0, A4_WIDTH - SIDE, END)),
        ("the bottom margin (5 mm)", (SIDE, A4_HEIGHT - END, A4_WIDTH - SIDE, A4_HEIGHT)),
    ]
    if not first:
        return margins
    left, top, right, bottom = WINDOW
    return [*margins,
            ("the band left of the address window", (SIDE, LOGO[3], left, BODY_TOP)),
            ("the band above the address window", (left, LOGO[3], right, top)),
            ("the band between the address window and the contact block",
             (right, LOGO[3], CONTACT[0], BODY_TOP)),
            ("the band below the address window, above the body (which starts 95 mm "
             "down)", (left, bottom, right, BODY_TOP))]


def _allowed(first: bool) -> list[Box]:
    return [LOGO, CONTACT, WINDOW, BODY] if first else [PAGE]


@dataclass(frozen=True)
class Finding:
    """One reason the printer would refuse the letter: the page (0: the whole file), the
    area of the page, and the reason in plain words."""

    page: int
    area: str
    reason: str

    def __str__(self) -> str:
        where = f"page {self.page}, {self.area}" if self.page else self.area
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class FontUse:
    """A font the PDF uses: its name without the subset prefix, its kind, and whether
    the font program is in the file."""

    name: str
    subtype: str
    embedded: bool


def print_rules(letter: Letter) -> tuple[bool, bool]:
    """How a letter's PDF is checked: whether it is posted in a window envelope (a letter
    to the customer; forms and notices to staff are not), and whether the customer's
    address is in its window (the letter asks the case for it)."""
    posted = letter.kind == "letter" and letter.recipient == "customer"
    return posted, posted and CaseField.address in letter.case_fields


def check(pdf: Path, posted: bool = True, address: bool = True) -> list[Finding]:
    """Everything the print house would refuse in ``pdf``; an empty list passes.

    ``posted``: a letter in a window envelope (the first page's areas apply), else a form
    or enclosure (every page is a later page). ``address``: read the address back out of
    the window and check it (a letter with a customer's address)."""
    import pikepdf

    size = pdf.stat().st_size
    findings = []
    if size > MAX_BYTES:
        findings.append(Finding(0, "the file", f"it is {size / 1048576:.1f} MB; the printer "
                                "takes at most 2 MB (make the logo image smaller)"))
    try:
        document = pikepdf.open(pdf)
    except pikepdf.PdfError:
        return [*findings, Finding(0, "the file", "it is not a PDF that can be read")]
    with document:
        count = len(document.pages)
        if count > MAX_PAGES:
            findings.append(Finding(0, "the file", f"it has {count} pages; the printer takes "
                                    f"at most {MAX_PAGES} (shorten the letter, or send its "
                                    "enclosures separately)"))
        for number, page in enumerate(document.pages, 1):
            findings += _page_size(number, page)
        findings += _font_findings(document)
    if not any(f.area == "the page size" for f in findings):
        import pypdfium2

        try:
            findings += _ink(pdf, posted)
            if posted and address:
                findings += _address(pdf)
        except pypdfium2.PdfiumError:
            findings.append(Finding(0, "the file", "its pages cannot be drawn"))
    return findings


def problems(findings: list[Finding], shown_as: str) -> list[Problem]:
    """The findings as problems of the letter ``shown_as`` (the file an officer knows)."""
    return [Problem(shown_as, 0, "printing", str(finding), "the print house would refuse "
                    "this letter; move or shorten what is named, or fix the template")
            for finding in findings]


def _page_size(number: int, page: Any) -> list[Finding]:
    left, bottom, right, top = (float(v) for v in page.mediabox)
    width, height = (right - left) * 25.4 / 72, (top - bottom) * 25.4 / 72
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    if rotate in (90, 270):
        width, height = height, width
    if math.isclose(width, A4_WIDTH, abs_tol=2) and math.isclose(height, A4_HEIGHT, abs_tol=2):
        return []
    return [Finding(number, "the page size", f"the page is {width:.0f} × {height:.0f} mm; "
                    "the printer takes A4 portrait (210 × 297 mm)")]


def fonts(pdf: Path) -> list[FontUse]:
    """Every font the PDF's pages use (forms inside them too), each once."""
    import pikepdf

    with pikepdf.open(pdf) as document:
        return _fonts(document)


def _fonts(document: Any) -> list[FontUse]:
    import pikepdf

    found: dict[str, FontUse] = {}
    seen: set[tuple[int, int]] = set()

    def visit(resources: Any) -> None:
        if not isinstance(resources, pikepdf.Dictionary):
            return
        for font in (resources.get("/Font") or {}).values():
            use = _font_use(font)
            found.setdefault(f"{use.name}/{use.subtype}", use)
        for xobject in (resources.get("/XObject") or {}).values():
            key = xobject.objgen
            if key in seen or xobject.get("/Subtype") != "/Form":
                continue
            seen.add(key)
            visit(xobject.get("/Resources"))

    for page in document.pages:
        visit(page.obj.get("/Resources"))
    return sorted(found.values(), key=lambda use: use.name)


def _font_use(font: Any) -> FontUse:
    subtype = str(font.get("/Subtype", "/Unknown"))[1:]
    name = re.sub(r"^[A-Z]{6}\+", "", str(font.get("/BaseFont", "/(unnamed)"))[1:])
    if subtype == "Type3":
        return FontUse(name, subtype, True)
    described = font.DescendantFonts[0] if subtype == "Type0" else font
    descriptor = described.get("/FontDescriptor")
    embedded = descriptor is not None and any(
        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return FontUse(name, subtype, embedded)


def _font_findings(document: Any) -> list[Finding]:
    findings = []
    for use in _fonts(document):
        if use.subtype == "Type3":
            findings.append(Finding(0, f"the font {use.name}", "it is a Type 3 font, which "
                                    "the printer cannot print; use a TrueType or OpenType "
                                    "font"))
        elif not use.embedded:
            findings.append(Finding(0, f"the font {use.name}", "it is not embedded in the "
                                    "PDF; install the font on the machine that makes the "
                                    "PDF"))
    return findings


#: Fonts a template may ask for, with the fonts of the same metrics that may stand in for
#: them (the same width for every character, so lines break where Word breaks them).
METRIC_COMPATIBLE = {
    "Arial": ("Arial", "LiberationSans", "Arimo"),
    "Calibri": ("Calibri", "Carlito"),
    "Cambria": ("Cambria", "Caladea"),
    "Times New Roman": ("TimesNewRoman", "LiberationSerif", "Tinos"),
    "Courier New": ("CourierNew", "LiberationMono", "Cousine"),
    "Symbol": ("Symbol", "OpenSymbol"),
}


def _render(document: Any, number: int) -> Any:
    """Page ``number`` as a greyscale array at :data:`DPI`."""
    bitmap = document[number - 1].render(scale=DPI / 72, grayscale=True)
    return bitmap.to_numpy().reshape(bitmap.height, -1)[:, :bitmap.width]


def _pages(pdf: Path) -> Any:
    import pypdfium2

    return pypdfium2.PdfDocument(str(pdf))


def _pixels(box: Box, shape: tuple[int, ...]) -> tuple[slice, slice]:
    left, top, right, bottom = (round(v * DPI / 25.4) for v in box)
    return (slice(max(0, top), min(shape[0], bottom)), slice(max(0, left), min(shape[1], right)))


def _ink(pdf: Path, posted: bool) -> list[Finding]:
    findings = []
    document = _pages(pdf)
    try:
        for number in range(1, len(document) + 1):
            first = posted and number == 1
            stray = _render(document, number) < INK
            for left, top, right, bottom in _allowed(first):
                stray[_pixels((left - SLACK, top - SLACK, right + SLACK, bottom + SLACK),
                              stray.shape)] = False
            if not stray.any():
                continue
            for name, box in bands(first):
                found = _extent(stray, box)
                if found is not None:  # the text, with the words the band cuts through
                    left, top, right, bottom = found
                    text = _text_in(document, number, (left - WORD, top, right + WORD, bottom))
                    findings.append(Finding(number, name, _ink_reason(text, found)))
    finally:
        document.close()
    return findings


def _extent(stray: Any, box: Box) -> Box | None:
    """The extent (mm) of the stray ink inside ``box``, or None when there is none."""
    import numpy

    rows, columns = _pixels(box, stray.shape)
    part = stray[rows, columns]
    if not part.any():
        return None
    ys, xs = numpy.nonzero(part)
    mm = 25.4 / DPI
    return ((columns.start + xs.min()) * mm, (rows.start + ys.min()) * mm,
            (columns.start + xs.max() + 1) * mm, (rows.start + ys.max() + 1) * mm)


def _ink_reason(text: str, found: Box) -> str:
    left, top, right, bottom = found
    text = " ".join(text.split())
    what = f"the text “{text[:60]}”" if text else "a mark"
    return (f"{what} is printed {top:.0f}–{bottom:.0f} mm down and {left:.0f}–{right:.0f} mm "
            "across, where the printer keeps the paper blank")


def _text_in(document: Any, number: int, box: Box) -> str:
    """The text of page ``number`` inside ``box`` (mm from the top left)."""
    page = document[number - 1]
    height = page.get_height()
    to_pt = 72 / 25.4
    left, top, right, bottom = box
    text = page.get_textpage().get_text_bounded(
        left=left * to_pt, bottom=height - bottom * to_pt, right=right * to_pt,
        top=height - top * to_pt)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def address_lines(pdf: Path) -> list[str]:
    """The lines of text in the first page's address window (1 mm of slack around it)."""
    left, top, right, bottom = WINDOW
    document = _pages(pdf)
    try:
        text = _text_in(document, 1, (left - SLACK, top - SLACK, right + SLACK,
                                      bottom + SLACK))
    finally:
        document.close()
    return [line.strip() for line in text.split("\n") if line.strip()]


def _address(pdf: Path) -> list[Finding]:
    """Notify's postal address rules on the address read back out of the window."""
    lines = address_lines(pdf)
    area = "the address window"
    if not lines:
        return [Finding(1, area, "there is no address in the window")]
    findings = []
    if not 3 <= len(lines) <= 7:
        findings.append(Finding(1, area, f"the address has {len(lines)} lines; the printer "
                                "takes 3 to 7, the name included"))
    for line in lines[:2]:
        if not re.search(r"[^\W_]", line):
            findings.append(Finding(1, area, f"the line “{line}” has no letter or digit"))
    for line in lines:
        if line[0] in BAD_LINE_START:
            findings.append(Finding(1, area, f"the line “{line}” starts with “{line[0]}”, "
                                    "which the printer refuses"))
    if postcode(lines[-1]) is None and bfpo(lines[-1]) is None:
        findings.append(Finding(1, area, f"the last line “{lines[-1]}” is not a UK postcode "
                                "(the postcode may have run out of the window)"))
    return findings


#: The colour of the bands on a page image: Notify's red, at a fifth of its strength.
BAND_RGB, BAND_ALPHA = (255, 0, 0), 0.2


def marked_pages(pdf: Path, posted: bool = True) -> list[Any]:
    """Each page as a PIL image with the bands the printer keeps blank drawn over it in
    red, as Notify's own preview shows them."""
    from PIL import Image

    pages = []
    document = _pages(pdf)
    try:
        for number in range(1, len(document) + 1):
            grey = _render(document, number).astype(float)
            shown = grey[:, :, None].repeat(3, axis=2)
            for _name, box in bands(posted and number == 1):
                part = shown[_pixels(box, shown.shape)]
                part[...] = part * (1 - BAND_ALPHA) + [v * BAND_ALPHA for v in BAND_RGB]
            pages.append(Image.fromarray(shown.round().astype("uint8"), "RGB"))
    finally:
        document.close()
    return pages
