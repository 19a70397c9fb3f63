"""Every example case letter, read back as an officer would post it: written to the
customer, complete, signed, on A4 with page numbers; one per source through LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from conftest import ROOT
from docx.oxml.ns import qn
from docx.shared import Mm

from generator.cases.case import read_case
from generator.cli.policy import main
from generator.letters.documents import PAPER_STYLES, document_text, letter_file
from generator.source.floor import letter_states
from generator.source.model import Element
from generator.source.read import read_policy
from generator.source.workdays import add_period, long_date

CASES = sorted((ROOT / "examples" / "cases").glob("*.yaml"))
COMMAND = re.compile(r"^# policy letter (\S+) --case \S+ --source (\S+)$", re.M)
ABOUT_THE_CUSTOMER = re.compile(r"\bthe customer\b|\bcustomer[’']s\b|\bcustomers\b", re.I)
PLACEHOLDER = re.compile(r"\[[^\]]*\]|⟦|\{\{|\{%")


def _command(case: Path) -> tuple[str, Path]:
    """The letter and source a case file's second comment line names."""
    found = COMMAND.search(case.read_text(encoding="utf-8"))
    assert found, f"{case.name}: add '# policy letter LETTER --case ... --source DIR'"
    return found.group(1), ROOT / found.group(2)


LETTERS = [(case, *_command(case)) for case in CASES]


def test_every_customer_letter_of_every_example_source_has_an_example_case():
    covered = {(source.resolve(), letter) for _, letter, source in LETTERS}
    for source in {source for _, _, source in LETTERS}:
        policy = read_policy(source)
        for letter_id, letter in policy.letters.items():
            if letter.recipient == "customer" and letter.kind == "letter":
                assert (source.resolve(), letter_id) in covered, f"{source.name}: {letter_id}"
    assert any("large_print" in case.read_text() for case in CASES)
    assert any("signatories:\n- name" in case.read_text() and
               case.read_text().count("- name:") == 2 for case in CASES)


def _write(case: Path, letter_id: str, source: Path, out: Path, pdf: bool = False) -> Path:
    args = ["letter", letter_id, "--case", str(case), "--source", str(source), "--out", str(out)]
    assert main([*args] if pdf else [*args, "--no-pdf"]) == 0
    policy = read_policy(source)
    return out / letter_file(read_case(case, policy), letter_id)


def _sizes(document: docx.document.Document) -> list[tuple[str, float]]:
    """The point size of every run of the body, through its paragraph style."""
    def style_size(style) -> float | None:
        while style is not None:
            if style.font.size is not None:
                return style.font.size.pt
            style = style.base_style
        return None

    sizes = []
    for paragraph in document.paragraphs:
        if paragraph.style.name in PAPER_STYLES:
            continue
        for run in paragraph.runs:
            if run.text.strip():
                size = run.font.size.pt if run.font.size else style_size(paragraph.style)
                sizes.append((run.text, size or 11))
    return sizes


@pytest.mark.parametrize(("case", "letter_id", "source"), LETTERS,
                         ids=[case.stem for case, _, _ in LETTERS])
def test_case_letter_is_ready_to_post(case, letter_id, source, tmp_path):
    policy = read_policy(source)
    loaded = read_case(case, policy).case
    path = _write(case, letter_id, source, tmp_path)
    document = docx.Document(str(path))
    text = document_text(document)
    lines = text.splitlines()
    letter = policy.letters[letter_id]
    states = letter_states(policy, letter)
    welsh = loaded.language == "welsh"
    # Addressed to the customer by the usual forms, never "Dear Ms Jordan Example".
    words = {"english": {"Dear": "Sir or Madam"}, "welsh": {"Annwyl": "Syr/Madam"},
             "bilingual": {"Dear": "Sir or Madam", "Annwyl": "Syr/Madam"}}[loaded.language]
    for word, nobody in words.items():
        assert f"{word} {loaded.greeting or nobody}" in lines, f"{case.name}: {word}"
    if loaded.title and loaded.family_name:
        assert f"{loaded.title} {loaded.given_names} {loaded.family_name}" in lines  # address
        assert f"Dear {loaded.title} {loaded.given_names} {loaded.family_name}" not in lines
    # Written to the customer: none of the staff's third-person wording.
    english = text if loaded.language == "english" else ""
    assert not ABOUT_THE_CUSTOMER.search(english), ABOUT_THE_CUSTOMER.search(english)
    assert not PLACEHOLDER.search(text), PLACEHOLDER.search(text)
    # Complete: each measure's scope and end date.
    nation = policy.policy.council.nation
    start = (loaded.letter_date or loaded.decision_date).first_day
    if Element.measures in states:
        for imposed in loaded.measures.values():
            ends = add_period(imposed.starts.first_day if imposed.starts else start,
                              imposed.duration, nation)
            assert long_date(ends) in text or welsh, f"{case.name}: no end date"
            body = policy.policy.council
            assert (imposed.applies_to or body.called or body.name) in text
    # The appeal route, or the ombudsman with contact details.
    if Element.appeal_right in states:
        assert "You may appeal" in text or "Gallwch apelio" in text
    if Element.ombudsman in states:
        for ombudsman in policy.rights.ombudsmen:
            assert ombudsman.phone is None or ombudsman.phone in text
            assert ombudsman.url is None or ombudsman.url in text
    # Signed by a person: every signatory, by name and role.
    for person in loaded.signatories or [loaded.decision_maker]:
        assert person.name in lines
    # The council's paper: A4 and "Page N of M" fields in every section.
    for section in document.sections:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        footer = section.first_page_footer._element.xml + section.footer._element.xml
        assert " PAGE " in footer and " NUMPAGES " in footer
        assert loaded.reference in section.header.paragraphs[0].text
    # Large print when asked, at least 16 point throughout the letter.
    sizes = _sizes(document)
    if loaded.large_print:
        assert min(size for _, size in sizes) >= 16, min(sizes, key=lambda s: s[1])
    else:
        assert min(size for _, size in sizes) < 16


def test_signature_stays_with_the_paragraph_before_it():
    document = docx.Document(str(ROOT / "letter_templates" / "warning_monitoring.docx"))
    for name in ("Closing Text", "Closing", "Signature Space", "Signature Name",
                 "Signature Role"):
        assert document.styles[name].paragraph_format.keep_with_next, name
    address = next(p for p in document.paragraphs if p.style.name == "Recipient Address")
    frame = address._p.pPr.find(qn("w:framePr"))
    assert (frame.get(qn("w:x")), frame.get(qn("w:y"))) == (str(Mm(24.6).twips),
                                                           str(Mm(39.5).twips))


NEEDS_SOFFICE = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext")
                                   is None, reason="LibreOffice and poppler are not installed")


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]


ONE_PER_SOURCE = list({source: (case, letter, source)
                       for case, letter, source in LETTERS}.values())


@NEEDS_SOFFICE
@pytest.mark.parametrize(("case", "letter_id", "source"), ONE_PER_SOURCE,
                         ids=[source.name for _, _, source in ONE_PER_SOURCE])
def test_letter_as_pdf_is_a4_and_the_signature_is_not_alone(case, letter_id, source,
                                                            tmp_path):
    path = _write(case, letter_id, source, tmp_path, pdf=True)
    pdf = path.with_suffix(".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    assert "(A4)" in info
    pages = _pages(pdf)
    loaded = read_case(case, read_policy(source)).case
    signer = (loaded.signatories or [loaded.decision_maker])[0].name
    closings = [(page, word) for page in pages for word in ("Yours sincerely", "Yn gywir")
                if word in page]
    assert len(closings) == (2 if loaded.language == "bilingual" else 1)
    for page, word in closings:
        before, after = page.split(word)
        assert signer in after, "the signature is not on the closing's page"
        assert len(before.strip().splitlines()) > 2, "the closing starts a page on its own"
    for number, text in enumerate(pages, 1):
        assert re.search(rf"(Page|Tudalen) {number} (of|o) {len(pages)}", text), text


def _png(path: Path) -> None:
    """A small red square, as a council's logo."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\xcc\x00\x00" * 40 for _ in range(20))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 40, 20, 8, 2,
                                                                        0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def test_letterhead_from_the_source_with_its_logo(source_copy, tmp_path, capsys):
    src = source_copy(edits=[("policy.yaml", "  nation: england\n",
                              "  nation: england\n  logo: logo.png\n  address: [Town Hall, "
                              "Testham, TE1 1ST]\n  phone: 01000 000000\n  email: "
                              "contact@example.org\n  website: https://www.example.org\n")])
    assert main(["check", str(src)]) == 1
    assert (f"{src}/policy.yaml:4: policy.council.logo: 'logo.png' is not an image file inside "
            "the source folder; put the logo (PNG or JPEG) in the source folder and give its "
            "path from there, such as logo.png") in capsys.readouterr().err
    _png(src / "logo.png")
    assert main(["check", str(src)]) == 0
    case = tmp_path / "case.yaml"
    case.write_text("reference: T/1\ntitle: Dr\nfamily_name: Example\naddress: [1 Road, Town, "
                    "SW1A 2AA]\nbehaviours: [abuse]\nletter_date: 2026-05-01\nsignatories: "
                    "[{name: Sam Head, role: head_of_service}]\n", encoding="utf-8")
    path = _write(case, "warning_letter", src, tmp_path / "out")
    document = docx.Document(str(path))
    header = document.sections[0].first_page_header
    assert header._element.xpath(".//pic:pic")  # the logo
    assert [p.text.strip() for p in header.paragraphs][1:] == [
        "Town Hall, Testham, TE1 1ST", "Telephone 01000 000000. Email contact@example.org",
        "https://www.example.org"]
    assert "Dear Dr Example" in document_text(document).splitlines()
