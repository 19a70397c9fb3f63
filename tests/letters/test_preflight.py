"""The print house's pre-flight (generator/documents/preflight.py): every letter and form the
sources make passes it, with the longest address allowed, in every language and in large
print; and each of its checks refuses a letter with that one thing wrong."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
import pikepdf
import pytest
import yaml
from conftest import EXAMPLES, FIXTURES, MINIMAL, NEEDS_SOFFICE, ROOT
from docx.oxml.ns import qn
from docx.shared import Mm

from generator.cases.case import Case
from generator.cli.policy import main
from generator.documents import pdfua
from generator.documents.pdf import day_epoch, reproducible, to_pdf_on
from generator.documents.preflight import (
    MAX_BYTES,
    METRIC_COMPATIBLE,
    Finding,
    address_lines,
    check,
    fonts,
    marked_pages,
    print_rules,
)
from generator.letters.documents import case_letter
from generator.letters.letter_check import sample_case
from generator.letters.welsh_letters import welsh_letters
from generator.source.read import read_policy

SOURCES = [ROOT / "policy_src", *EXAMPLES,
           *sorted(p.parent for p in FIXTURES.glob("*/policy.yaml"))]
#: Seven lines with the customer's name: the most GOV.UK Notify (and the case check) allow.
LONGEST_ADDRESS = ["Flat 12, Riverside House", "123 Long Example Road",
                   "Examplebury Industrial Estate", "Little Examplebury", "Chester", "CH1 1AA"]
NAME = "Alex Sample-Longname"


def _variants(welsh: bool) -> list[tuple[str, bool]]:
    """(language, large print) for a source: a Welsh source's letters in English, Welsh
    and both, and both in large print (the longest there is, which holds each language's
    large print); an English source's in standard and large print."""
    if welsh:
        return [("english", False), ("welsh", False), ("bilingual", False),
                ("bilingual", True)]
    return [("english", False), ("english", True)]


def _case(policy, letter_id: str, language: str, large: bool) -> Case:
    data = sample_case(policy, letter_id).model_dump(mode="json")
    data.update(address=LONGEST_ADDRESS, language=language, customer_name=NAME,
                **({"adjustments": [{"kind": "large_print"}]} if large else {}))
    return Case.model_validate(data)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> list[tuple[str, Path, tuple[bool, bool], Path]]:
    """Every letter and form of every example and fixture source, in each variant, as
    (name, .docx, print rules, .pdf): the PDFs made in one batch."""
    folder = tmp_path_factory.mktemp("letters")
    made = []
    for source in SOURCES:
        policy = read_policy(source)
        for letter_id, letter in policy.letters.items():
            for language, large in _variants(welsh_letters(policy)):
                case = _case(policy, letter_id, language, large)
                name = f"{source.name}-{letter_id}-{language}{'-large' if large else ''}"
                path = folder / f"{name}.docx"
                path.write_bytes(case_letter(policy, letter_id, case,
                                             case.letter_date.first_day))
                made.append((name, path, print_rules(letter)))
    pdfs = to_pdf_on([path for _, path, _ in made], folder / "pdf", jobs=2)
    for pdf in pdfs:  # as every letter's PDF is finished: dated, tags in reading order
        reproducible(pdf, day_epoch(dt.date(2026, 3, 11)))
    return [(*entry, pdf) for entry, pdf in zip(made, pdfs, strict=True)]


@NEEDS_SOFFICE
def test_every_letter_and_form_of_every_source_passes_the_preflight(made):
    assert len(made) > 100
    refused = {name: [str(f) for f in check(pdf, *rules)] for name, _, rules, pdf in made}
    assert {name: found for name, found in refused.items() if found} == {}
    addressed = [(name, pdf) for name, _, (_, address), pdf in made if address]
    assert len(addressed) > 50
    for name, pdf in addressed:  # the whole address is in the window, at every size
        assert address_lines(pdf) == [NAME, *LONGEST_ADDRESS], name
    kinds = {(rules, "large" in name) for name, _, rules, _ in made}
    assert {(True, True), (True, False), (False, False)} <= {(p, a) for (p, a), _ in kinds}


@NEEDS_SOFFICE
def test_every_letter_and_form_of_every_source_is_pdf_ua(made):
    """The same letters and forms, in every variant, pass the PDF/UA checks too."""
    found = {name: pdfua.check(pdf) for name, _, _, pdf in made}
    assert {name: failures for name, failures in found.items() if failures} == {}


def _template_fonts(document: Path) -> set[str]:
    """The fonts a Word document asks for: named in its styles, numbering and text, or
    through its theme."""
    with zipfile.ZipFile(document) as parts:
        xml = "".join(parts.read(name).decode("utf-8") for name in parts.namelist()
                      if name.endswith(".xml"))
    named = set(re.findall(r'w:(?:ascii|hAnsi)="([^"]+)"', xml))
    if re.search(r'w:(?:ascii|hAnsi)Theme="', xml):
        named |= set(re.findall(r'<a:latin typeface="([^"]+)"', xml)) - {""}
    return named


def _family(font: str) -> str:
    return re.sub(r"[-,](Bold|Italic|BoldItalic|Regular|Oblique|BoldOblique)$", "", font)


@NEEDS_SOFFICE
def test_each_pdf_has_the_templates_fonts_or_metric_compatible_ones(made):
    """LibreOffice lays a letter out in the template's fonts, or in fonts of the same
    widths (fonts-liberation, fonts-crosextra-carlito), so lines break as in Word."""
    for name, document, _, pdf in made:
        allowed = {substitute for font in _template_fonts(document)
                   for substitute in METRIC_COMPATIBLE.get(font, (font.replace(" ", ""),))}
        used = {_family(use.name) for use in fonts(pdf)}
        assert used <= allowed, (name, used - allowed)
        assert all(use.embedded and use.subtype != "Type3" for use in fonts(pdf)), name


def test_the_font_check_knows_a_wider_font_is_not_arial(tmp_path):
    """The check above fails on DejaVu Sans standing in for Arial (as without
    fonts-liberation), and in the pre-flight on a font left out of the file."""
    pdf = _drawn(tmp_path, fonts={"/F1": _font("/DejaVuSans")})
    (use,) = fonts(pdf)
    assert _family(use.name) not in METRIC_COMPATIBLE["Arial"]
    assert [f.reason for f in check(pdf, posted=False)] == [
        "it is not embedded in the PDF; install the font on the machine that makes the PDF"]


# --- each check, on a letter with one thing wrong ---------------------------------------------

def _font(name: str, subtype: str = "/TrueType") -> pikepdf.Dictionary:
    return pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name(subtype),
                              BaseFont=pikepdf.Name(name))


def _drawn(tmp_path: Path, boxes: list[tuple[int, tuple[float, float, float, float]]] = (),
           pages: int = 2, size: tuple[float, float] = (210, 297),
           fonts: dict | None = None) -> Path:
    """A PDF of blank pages with black boxes (page, (left, top, right, bottom) in mm from
    the top left) and, if given, text in ``fonts``."""
    to_pt = 72 / 25.4
    width, height = size[0] * to_pt, size[1] * to_pt
    document = pikepdf.new()
    for number in range(1, pages + 1):
        drawing = [f"0 g {left * to_pt:.2f} {height - bottom * to_pt:.2f} "
                   f"{(right - left) * to_pt:.2f} {(bottom - top) * to_pt:.2f} re f"
                   for page, (left, top, right, bottom) in boxes if page == number]
        resources = pikepdf.Dictionary()
        if fonts:
            resources.Font = pikepdf.Dictionary(fonts)
            drawing += [f"BT {key} 11 Tf 60 400 Td (Text) Tj ET" for key in fonts]
        page = pikepdf.Page(pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=[0, 0, width, height], Resources=resources,
            Contents=document.make_stream("\n".join(drawing).encode())))
        document.pages.append(page)
    path = tmp_path / f"drawn-{len(list(tmp_path.glob('drawn-*')))}.pdf"
    document.save(path)
    return path


def test_ink_in_each_no_print_band_is_found_and_named(tmp_path):
    cases = {
        "the band below the address window, above the body (which starts 95 mm down)":
            (1, (30, 80, 60, 84)),
        "the band above the address window": (1, (30, 33, 60, 36)),
        "the band left of the address window": (1, (17, 50, 21, 60)),
        "the band between the address window and the contact block": (1, (121, 50, 123, 60)),
        "the left margin (15 mm)": (2, (8, 100, 12, 110)),
        "the right margin (15 mm)": (2, (199, 100, 205, 110)),
        "the top margin (5 mm)": (2, (50, 1, 80, 3)),
        "the bottom margin (5 mm)": (2, (50, 294, 80, 296)),
    }
    for area, box in cases.items():
        (finding,) = check(_drawn(tmp_path, [box]), address=False)
        assert (finding.page, finding.area) == (box[0], area)
        assert "where the printer keeps the paper blank" in finding.reason
    left, top, right, bottom = cases["the band above the address window"][1]
    assert check(_drawn(tmp_path, [(1, (30, 33, 60, 36))]), address=False)[0].reason == (
        f"a mark is printed {top}–{bottom} mm down and {left}–{right} mm across, where the "
        "printer keeps the paper blank")


def test_ink_in_the_allowed_areas_and_within_the_slack_passes(tmp_path):
    allowed = [(1, (16, 6, 124, 29)), (1, (126, 6, 194, 94)), (1, (25, 40, 119, 66)),
               (1, (16, 96, 194, 291)), (1, (24.6 - 0.7, 39.5, 30, 50)),
               (2, (16, 6, 194, 291))]
    assert check(_drawn(tmp_path, allowed), address=False) == []
    # A form or enclosure: no address window, so page 1 keeps only the margins.
    assert check(_drawn(tmp_path, [(1, (30, 80, 60, 84))]), posted=False) == []


def test_a_page_not_a4_is_refused(tmp_path):
    findings = check(_drawn(tmp_path, size=(216, 279)), posted=False)
    assert [str(f) for f in findings] == [
        "page 1, the page size: the page is 216 × 279 mm; the printer takes A4 portrait "
        "(210 × 297 mm)",
        "page 2, the page size: the page is 216 × 279 mm; the printer takes A4 portrait "
        "(210 × 297 mm)"]


def test_more_than_ten_pages_is_refused(tmp_path):
    assert check(_drawn(tmp_path, pages=10), posted=False) == []
    assert check(_drawn(tmp_path, pages=11), posted=False) == [Finding(
        0, "the file", "it has 11 pages; the printer takes at most 10 (shorten the letter, "
        "or send its enclosures separately)")]


def test_a_file_over_two_megabytes_is_refused(tmp_path):
    pdf = _drawn(tmp_path)
    with pikepdf.open(pdf, allow_overwriting_input=True) as document:
        document.Root.Padding = document.make_stream(bytes(range(256)) * (MAX_BYTES // 200))
        document.save(pdf, compress_streams=False)
    (finding,) = check(pdf, posted=False)
    assert finding.area == "the file" and "the printer takes at most 2 MB" in finding.reason


def test_a_type_3_font_is_refused(tmp_path):
    type3 = _font("/Drawn", "/Type3")
    pdf = _drawn(tmp_path, fonts={"/F1": type3})
    assert [(f.area, f.reason.split(",")[0]) for f in check(pdf, posted=False)] == [
        ("the font Drawn", "it is a Type 3 font")]


# --- letters made through LibreOffice, with one thing misplaced -----------------------------

def _edited(tmp_path: Path, name: str, edit) -> Path:
    """A Testshire warning letter (7-line address) with ``edit`` made to its .docx."""
    policy = read_policy(MINIMAL)
    case = _case(policy, "warning_letter", "english", False)
    document = docx.Document(io.BytesIO(case_letter(policy, "warning_letter", case,
                                                    case.letter_date.first_day)))
    edit(document)
    path = tmp_path / f"{name}.docx"
    document.save(path)
    return path


def _address_paragraphs(document) -> list:
    return [p for p in document.paragraphs if p.style.name == "Recipient Address"]


def _early_greeting(document) -> None:
    document.styles["Salutation"].paragraph_format.space_before = Mm(46)  # the old layout


def _eighth_line(document) -> None:
    last = _address_paragraphs(document)[-1]
    added = last.insert_paragraph_before("Examplebury", "Recipient Address")
    added._p.get_or_add_pPr().append(copy.deepcopy(last._p.pPr.find(qn("w:framePr"))))


def _lost_postcode(document) -> None:
    _address_paragraphs(document)[-1].text = "Cheshire"


def _large_window(document) -> None:
    document.styles["Recipient Address"].font.size = docx.shared.Pt(16)
    document.styles["Recipient Address"].paragraph_format.line_spacing = docx.shared.Pt(19)


def _long(document) -> None:
    for _ in range(160):
        document.add_paragraph("A paragraph that makes the letter run on. " * 8)


@pytest.fixture(scope="module")
def misplaced(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("misplaced")
    edits = {"early_greeting": _early_greeting, "eighth_line": _eighth_line,
             "lost_postcode": _lost_postcode, "large_window": _large_window, "long": _long,
             "as_made": lambda document: None}
    documents = [_edited(folder, name, edit) for name, edit in edits.items()]
    pdfs = to_pdf_on(documents, folder / "pdf", jobs=1)
    return dict(zip(edits, pdfs, strict=True))


@NEEDS_SOFFICE
def test_the_greeting_in_the_band_above_the_body_is_refused(misplaced):
    assert check(misplaced["as_made"]) == []
    found = {f.area.split(",")[0]: f for f in check(misplaced["early_greeting"])}
    assert sorted(found) == ["the band below the address window",
                             "the band left of the address window"]
    below = found["the band below the address window"]
    assert below.page == 1 and below.reason.startswith(
        f"the text “Dear {NAME} A warning about your conduct” is printed 7")


@NEEDS_SOFFICE
def test_an_address_that_does_not_fit_the_window_is_refused(misplaced):
    found = [str(f) for f in check(misplaced["eighth_line"])]
    assert "page 1, the address window: the address has 8 lines; the printer takes 3 to 7, " \
           "the name included" in found
    assert any(f.startswith("page 1, the band below the address window") and "CH1 1AA" in f
               for f in found), found
    found = [str(f) for f in check(misplaced["large_window"])]
    assert any(f.startswith("page 1, the band below the address window") for f in found)
    assert any("is not a UK postcode" in f for f in found), found


@NEEDS_SOFFICE
def test_an_address_without_a_postcode_is_refused(misplaced):
    assert [str(f) for f in check(misplaced["lost_postcode"])] == [
        "page 1, the address window: the last line “Cheshire” is not a UK postcode (the "
        "postcode may have run out of the window)"]


@NEEDS_SOFFICE
def test_a_letter_over_the_page_budget_is_refused(misplaced):
    (finding,) = check(misplaced["long"])
    assert finding.area == "the file" and re.match(r"it has 1\d pages; the printer takes "
                                                   r"at most 10", finding.reason)


@NEEDS_SOFFICE
def test_the_marked_pages_show_the_bands_in_red(misplaced):
    first, *later = marked_pages(misplaced["as_made"])
    assert first.size == (827, 1170)  # A4 at 100 dpi
    red = (255, 204, 204)  # white under Notify's red at a fifth
    assert first.getpixel((20, 600)) == red  # the left margin
    assert first.getpixel((300, 340)) == red  # below the address window
    assert first.getpixel((300, 600)) != red  # the body
    assert later and later[0].getpixel((300, 340)) != red


# --- the commands ---------------------------------------------------------------------------

def test_policy_preflight_says_what_the_printer_would_refuse(tmp_path, capsys):
    good = _drawn(tmp_path, [(1, (126, 6, 194, 94))])
    bad = _drawn(tmp_path, [(2, (8, 100, 12, 110))])
    assert main(["preflight", str(good), "--no-address"]) == 0
    assert capsys.readouterr().out == f"{good}: the print house would accept it\n"
    assert main(["preflight", str(bad), "--no-address"]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: printing: page 2, the left margin (15 mm): a mark is printed " in err
    assert main(["preflight", str(tmp_path / "none.pdf")]) == 1
    assert "there is no such file" in capsys.readouterr().err
    (tmp_path / "letter.pdf").write_text("Dear Sir or Madam")
    assert main(["preflight", str(tmp_path / "letter.pdf")]) == 1
    assert "printing: the file: it is not a PDF that can be read" in capsys.readouterr().err


@NEEDS_SOFFICE
def test_a_councils_own_template_is_held_to_the_same_rules(source_copy, tmp_path, capsys):
    """`policy letter` with the council's own template, whose greeting is too high: the
    letter is refused, with the page, the band and the text, and no PDF is written."""
    source = source_copy(MINIMAL, [("policy.yaml", "review_interval: 1 year",
                                    "review_interval: 1 year\nletter_templates: templates")])
    (source / "templates").mkdir()
    template = docx.Document(str(ROOT / "letter_templates" / "warning_monitoring.docx"))
    _early_greeting(template)
    template.save(source / "templates" / "warning_monitoring.docx")
    case = tmp_path / "case.yaml"
    made = _case(read_policy(source), "warning_letter", "english", False)
    case.write_text(yaml.safe_dump(made.model_dump(mode="json", exclude_defaults=True)))
    out = tmp_path / "out"
    code = main(["letter", "warning_letter", "--case", str(case), "--source", str(source),
                 "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "printing: page 1, the band below the address window, above the body (which " \
           f"starts 95 mm down): the text “Dear {NAME}" in err, err
    assert not list(out.iterdir())


@NEEDS_SOFFICE
def test_policy_letters_refuses_a_letter_whose_address_runs_out_of_the_window(tmp_path,
                                                                              capsys):
    """The case check counts lines, not their length: a long line wraps in the window and
    pushes the postcode out of it. That letter is refused; the rest of the batch is
    written."""
    policy = read_policy(MINIMAL)
    cases = tmp_path / "cases"
    cases.mkdir()
    for name, first in (("good", "Flat 12"), ("long", "Flat 12, Riverside House, on the "
                                                      "corner of Long Example Road and High "
                                                      "Street, opposite the library")):
        data = _case(policy, "warning_letter", "english", False).model_dump(
            mode="json", exclude_defaults=True)
        data.update(reference=f"CR/{name}", address=[first, *LONGEST_ADDRESS[1:]])
        (cases / f"{name}.yaml").write_text(yaml.safe_dump(data))
    out = tmp_path / "out"
    assert main(["letters", "--cases", str(cases), "--letter", "warning_letter", "--source",
                 str(MINIMAL), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["CR-good_warning_letter.docx",
                                                     "CR-good_warning_letter.pdf"]
    assert f"{out / 'CR-long_warning_letter.pdf'}: printing: page 1, the band below the " \
           "address window, above the body (which starts 95 mm down): the text “CH1 1AA”" in err
