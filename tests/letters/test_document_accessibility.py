"""Word and PDF outputs are accessible: headings, table header rows, title and language."""

from __future__ import annotations

import datetime as dt
import shutil

import docx
import pytest
from conftest import CHESHIRE, SOURCES
from docx.oxml.ns import qn

from generator.letters.documents import render_fill_in
from generator.sites.exports import export_part_a
from generator.source.read import read_policy


def assert_accessible(path):
    document = docx.Document(str(path))
    assert document.core_properties.title, path
    assert document.core_properties.language == "en-GB", path
    styles = {p.style.name for p in document.paragraphs}
    assert any(name.startswith(("Heading", "Title")) for name in styles), path
    for table in document.tables:
        first_row = table.rows[0]._tr
        assert first_row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None, path


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_letters_forms_and_exports_are_accessible(source, tmp_path):
    policy = read_policy(source)
    for path in render_fill_in(policy, tmp_path / "letters"):
        assert_accessible(path)
    for path in export_part_a(policy, tmp_path / "exports", pdf=False):
        if path.suffix == ".docx":
            assert_accessible(path)


def test_a_table_without_header_row_is_caught(tmp_path):
    document = docx.Document()
    document.core_properties.title, document.core_properties.language = "T", "en-GB"
    document.add_heading("Heading", 1)
    document.add_table(rows=2, cols=2)
    document.save(tmp_path / "bad.docx")
    with pytest.raises(AssertionError):
        assert_accessible(tmp_path / "bad.docx")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_pdf_export_is_tagged(tmp_path):
    policy = read_policy(CHESHIRE)
    pdf = next(p for p in export_part_a(policy, tmp_path, pdf=True) if p.suffix == ".pdf")
    import pikepdf

    with pikepdf.open(pdf) as document:
        assert "/StructTreeRoot" in document.Root
        assert document.Root.MarkInfo.Marked is True
        assert str(document.Root.Lang) == "en-GB"
        assert str(document.docinfo.CreationDate).startswith(f"D:{dt.date(2019, 9, 1):%Y%m%d}")
