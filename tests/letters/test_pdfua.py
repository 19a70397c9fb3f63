"""PDF/UA-1: every PDF the project writes passes generator.documents.pdfua's check, and each
rule of the check fails on a PDF made wrong on purpose."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import docx
import pikepdf
import pytest
from conftest import CHESHIRE, EXAMPLE_CASES, FIXTURES, NEEDS_SOFFICE

from generator.cases.case import read_case
from generator.documents.pdf import reproducible, to_pdf
from generator.documents.pdfua import RULES, check, mend
from generator.letters.documents import case_letter, render_fill_in
from generator.letters.links import link_addresses
from generator.sites.exports import export_part_a
from generator.source.read import read_policy


def _case_letters(folder: Path) -> list[Path]:
    """Each example case's letter (the one its stage sends, or the one its comment names)."""
    import re

    written = []
    for case_path, source in EXAMPLE_CASES:
        policy = read_policy(source)
        case = read_case(case_path, policy).case
        named = re.search(r"policy letter (\S+)", case_path.read_text(encoding="utf-8"))
        assert named, case_path
        day = (case.letter_date or case.decision_date).first_day
        path = folder / f"{case_path.stem}.docx"
        path.write_bytes(case_letter(policy, named.group(1), case, day))
        written.append(path)
    return written


@pytest.fixture(scope="module")
def example_pdfs(tmp_path_factory) -> list[Path]:
    """Every example case's letter and every fill-in letter and form of two sources
    (English and Welsh), as PDFs made the way `policy letter` makes them; made once."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    folder = tmp_path_factory.mktemp("pdfua")
    documents = _case_letters(folder)
    for source in (CHESHIRE, FIXTURES / "welsh"):
        documents += render_fill_in(read_policy(source),
                                    folder / f"fill-in-{source.name}")
    pdfs = to_pdf(documents, folder / "pdf")
    for pdf in pdfs:
        reproducible(pdf, 0)
    return pdfs


def test_every_example_letter_and_form_passes(example_pdfs):
    failures = {pdf.name: check(pdf) for pdf in example_pdfs}
    assert not {name: found for name, found in failures.items() if found}
    assert len(example_pdfs) > 19


def test_the_title_is_the_letters_and_shown_as_the_window_title(example_pdfs):
    with pikepdf.open(example_pdfs[0]) as document:
        meta = document.open_metadata()
        assert str(meta["pdfuaid:part"]) == "1"
        assert str(meta["dc:title"]) == str(document.docinfo.Title)
        assert "letter" in str(meta["dc:title"]).lower()
        assert document.Root.ViewerPreferences.DisplayDocTitle is True


def test_addresses_are_links_with_their_text_as_description(example_pdfs):
    found = {}
    for pdf in example_pdfs:
        with pikepdf.open(pdf) as document:
            for page in document.pages:
                for annotation in page.get("/Annots", []):
                    found[str(annotation.A.URI)] = str(annotation.Contents)
    assert found["mailto:ask@ombudsman.wales"] == "ask@ombudsman.wales"
    assert found["https://www.lgo.org.uk/"] == "https://www.lgo.org.uk"


@NEEDS_SOFFICE
def test_part_a_export_passes(tmp_path):
    pdfs = [p for p in export_part_a(read_policy(FIXTURES / "welsh"), tmp_path) if
            p.suffix == ".pdf"]
    assert pdfs
    for pdf in pdfs:
        assert check(pdf) == []


# --- each rule fails on a PDF made wrong on purpose --------------------------------------------

@pytest.fixture(scope="module")
def unmended(tmp_path_factory) -> Path:
    """A letter's PDF as LibreOffice writes it: frames tagged inside the greeting, painted
    after the page, and an empty paragraph where the signature goes."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    folder = tmp_path_factory.mktemp("unmended")
    policy = read_policy(CHESHIRE)
    case = read_case(FIXTURES / "cases" / "stage_1.yaml", policy).case
    letter = folder / "letter.docx"
    letter.write_bytes(case_letter(policy, "stage_1_warning_letter", case,
                                   dt.date(2026, 3, 11)))
    (pdf,) = to_pdf([letter], folder / "pdf")
    return pdf


def _rules(found: list[str]) -> set[str]:
    return {line.split(":", 1)[0] for line in found}


def test_libreoffices_own_pdf_is_caught_and_mended_without_changing_the_page(unmended,
                                                                             tmp_path):
    found = check(unmended)
    assert any("frame is tagged inside" in line for line in found), found
    assert any("painted in another order" in line for line in found), found
    assert any(line.startswith("7.1:") for line in found), found
    mended = Path(shutil.copyfile(unmended, tmp_path / "mended.pdf"))
    reproducible(mended, 0)
    assert check(mended) == []
    if shutil.which("pdftoppm"):
        for pdf in (unmended, mended):
            subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf),
                            str(tmp_path / pdf.stem)], check=True)
        assert (tmp_path / f"{unmended.stem}-1.png").read_bytes() == \
            (tmp_path / "mended-1.png").read_bytes()


def test_the_address_is_read_before_the_greeting(unmended, tmp_path):
    mended = Path(shutil.copyfile(unmended, tmp_path / "mended.pdf"))
    reproducible(mended, 0)
    with pikepdf.open(mended) as document:
        kinds = [str(kid.S) for kid in document.Root.StructTreeRoot.K[0].K]
    greeting = kinds.index("/Salutation")
    assert kinds[0] == "/Div"  # the address, in its frame (large print: the reference follows)
    assert "/Reference Block" in kinds[1:greeting] or kinds[1] == "/Div"


def _broken(source: Path, folder: Path, change) -> list[str]:
    target = folder / "broken.pdf"
    with pikepdf.open(source) as document:
        mend(document)
        change(document)
        document.save(target)
    return check(target)


def _no_metadata(document):
    del document.Root["/Metadata"]


def _not_ua(document):
    with document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        del meta["pdfuaid:part"]


def _no_title(document):
    with document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        del meta["dc:title"]


def _title_hidden(document):
    document.Root.ViewerPreferences.DisplayDocTitle = False


def _no_preference(document):
    del document.Root["/ViewerPreferences"]


def _no_language(document):
    del document.Root["/Lang"]


def _not_marked(document):
    document.Root.MarkInfo.Marked = False


def _link_undescribed(document):
    for page in document.pages:
        for annotation in page.get("/Annots", []):
            del annotation["/Contents"]


def _link_untagged(document):
    tree = document.Root.StructTreeRoot
    for element in _walk(tree):
        if element.get("/S") == "/Link":
            element.K = pikepdf.Array([kid for kid in element.K
                                       if not isinstance(kid, pikepdf.Dictionary)])


def _heading_skips(document):
    for element in _walk(document.Root.StructTreeRoot):
        if element.get("/S") == "/H2":
            element.S = pikepdf.Name("/H4")
            return


def _walk(node):
    kids = node.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _walk(kid)


def _font_not_embedded(document):
    for page in document.pages:
        for name in list(page.Resources.Font.keys()):
            font = page.Resources.Font[name]
            descriptor = font.DescendantFonts[0].FontDescriptor \
                if font.Subtype == "/Type0" else font.FontDescriptor
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                if key in descriptor:
                    del descriptor[key]
            return


@pytest.mark.parametrize(("rule", "change"), [
    ("06-001", _no_metadata), ("06-002", _not_ua), ("06-003", _no_title),
    ("07-001", _no_preference), ("07-002", _title_hidden), ("11-006", _no_language),
    ("01-002", _not_marked), ("28-012", _link_undescribed), ("28-011", _link_untagged),
    ("14-003", _heading_skips), ("31-009", _font_not_embedded)])
def test_each_rule_catches_its_failure(unmended, tmp_path, rule, change):
    assert rule in RULES
    assert rule in _rules(_broken(unmended, tmp_path, change))


def test_links_keep_their_text_and_leave_the_full_stop_out():
    document = docx.Document()
    paragraph = document.add_paragraph("Write to help@example.org or see www.example.org.")
    link_addresses(document)
    assert paragraph.text == "Write to help@example.org or see www.example.org."
    assert [(link.address, link.text) for link in paragraph.hyperlinks] == [
        ("mailto:help@example.org", "help@example.org"),
        ("https://www.example.org", "www.example.org")]


def test_a_letter_run_reports_what_keeps_its_pdf_from_pdf_ua(unmended):
    from generator.letters.case_letters import inaccessible

    problems = inaccessible(unmended)
    assert problems and all(p.field == "PDF/UA" for p in problems)
    assert any(p.message.startswith("09-001:") for p in problems)
