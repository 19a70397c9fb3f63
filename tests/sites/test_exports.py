"""Part A exports are A4 with a title page and a footer giving the version, date and page."""

from __future__ import annotations

import shutil
import subprocess
import zipfile

import docx
import pytest
from conftest import CHESHIRE

from generator.sites.exports import export_names, export_part_a
from generator.source.read import read_policy


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    return export_part_a(read_policy(CHESHIRE), out,
                         pdf=shutil.which("soffice") is not None)


def test_the_export_names_are_known_before_the_files_are_written(exported, tmp_path,
                                                                   monkeypatch):
    """The pages linking to the exports are made while pandoc writes them, from their names."""
    policy = read_policy(CHESHIRE)
    assert export_names(policy, pdf=shutil.which("soffice") is not None) == [
        path.name for path in exported]
    unexported = export_part_a(policy, tmp_path, pdf=False)
    assert export_names(policy, pdf=False) == [path.name for path in unexported]
    monkeypatch.setattr("generator.documents.pdf.soffice", lambda: None)
    assert export_names(policy, pdf=True) == [path.name for path in unexported]


def test_word_export_is_a4_with_version_date_and_page_numbers(exported):
    document = docx.Document(str(next(p for p in exported if p.suffix == ".docx")))
    section = document.sections[-1]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer
    assert footer.paragraphs[0].text.startswith("Managed Contact Policy, version 3.0, "
                                                "September 2019. Page ")
    assert " PAGE " in footer._element.xml and " NUMPAGES " in footer._element.xml
    titles = [p.style.name for p in document.paragraphs[:4]]
    assert titles[0] == "Title"  # the title block, then a page break: a title page
    assert any('w:type="page"' in p._p.xml for p in document.paragraphs[:8])


def test_opendocument_export_is_a4_with_the_footer(exported):
    with zipfile.ZipFile(next(p for p in exported if p.suffix == ".odt")) as odt:
        styles = odt.read("styles.xml").decode()
    assert 'fo:page-width="21cm"' in styles and 'fo:page-height="29.7cm"' in styles
    assert "Managed Contact Policy, version 3.0, September 2019" in styles
    assert "<text:page-number" in styles and "<text:page-count" in styles


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_pdf_export_is_a4_and_numbered(exported):
    pdf = next(p for p in exported if p.suffix == ".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "(A4)" in info
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages")).split()[1])
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text


def test_an_unchanged_export_comes_from_the_cache_and_a_changed_one_does_not(
        tmp_path, monkeypatch, source_copy):
    """The second export of the same source starts no pandoc and gives the same bytes; an
    edit to the prose is a new cache entry, though its reference documents (the footer
    is unchanged) come from the cache."""
    import generator.documents.pandoc
    import generator.sites.exports

    monkeypatch.setenv("POLICY_CACHE_DIR", str(tmp_path / "cache"))
    policy = read_policy(CHESHIRE)
    first = export_part_a(policy, tmp_path / "first", pdf=False)
    calls, made = [], []
    monkeypatch.setattr(generator.documents.pandoc, "convert", lambda *args: calls.append(args))
    monkeypatch.setattr(generator.sites.exports, "_make_references",
                        lambda *args: made.append(args))
    second = export_part_a(policy, tmp_path / "second", pdf=False)
    assert not calls
    assert [p.name for p in second] == [p.name for p in first]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second, strict=True))
    src = source_copy(CHESHIRE, [("prose/part_a/purpose.md", "\n", "\nAn edit.\n")])
    export_part_a(read_policy(src), tmp_path / "third", pdf=False)
    assert calls and not made


def test_the_word_title_page_holds_the_whole_title_block(exported):
    """Title, part, council and date on the first page: the styles pandoc gives the part,
    council and date are based on Title, and must not each take its 60 mm above."""
    def space_before(style):  # as Word works it out: the nearest style that sets it
        while style is not None and style.paragraph_format.space_before is None:
            style = style.base_style
        return style.paragraph_format.space_before if style is not None else 0

    styles = docx.Document(str(next(p for p in exported if p.suffix == ".docx"))).styles
    below = sum(space_before(styles[name]) for name in ("Subtitle", "Author", "Date"))
    assert space_before(styles["Title"]) > below
    assert below < docx.shared.Mm(30)
