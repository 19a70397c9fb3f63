"""The footers of the Word exports and reports: filled in, in the policy's language, and
marked PREVIEW in a preview build."""

from __future__ import annotations

import datetime as dt
import zipfile

import docx
from conftest import FIXTURES, MINIMAL, NEEDS_SOFFICE, ROOT

from generator.cli.policy import main
from generator.documents.pdfua import check
from generator.register.report import Period, figures, write_report
from generator.sites.build import build
from generator.sites.exports import export_part_a
from generator.source.read import read_policy

REVISION = FIXTURES / "revision"


def _footer(path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).sections[0].footer.paragraphs)


def test_the_approval_reports_footer_is_filled_in(source_copy, tmp_path):
    source = source_copy(REVISION)
    out = tmp_path / "report.docx"
    assert main(["report", "approval", "--from", "1.0", "--to", "1.1", "--source",
                 str(source), "--out", str(out)]) == 0
    footer = _footer(out)
    assert "{{" not in footer
    assert footer.startswith(read_policy(source).policy.title)
    assert "Page 1 of 1" in footer


def test_the_register_reports_footer_is_filled_in(tmp_path):
    rct = read_policy(ROOT / "examples" / "rhondda_cynon_taf")
    out = write_report(rct, figures(rct, [], Period(dt.date(2026, 4, 1), dt.date(2027, 3, 31))),
                       tmp_path / "report.docx")
    footer = _footer(out)
    assert "{{" not in footer and footer.startswith(rct.policy.title)


def test_a_welsh_export_numbers_its_pages_in_welsh(tmp_path):
    from generator.source.translation import welsh_view

    view = welsh_view(read_policy(FIXTURES / "welsh"))
    (word,) = [p for p in export_part_a(view, tmp_path, pdf=False) if p.suffix == ".docx"]
    footer = _footer(word)
    assert "Tudalen 1 o 1" in footer and "Page" not in footer


def test_a_preview_builds_word_and_opendocument_exports_are_marked(source_copy, tmp_path):
    source = source_copy(MINIMAL, [("policy.yaml", "status: published", "status: draft")])
    build(source, tmp_path / "site", preview=True, as_of=dt.date(2025, 5, 1), pdf=False)
    downloads = tmp_path / "site" / "public" / "downloads"
    mark = "PREVIEW: this version has not been approved for publication"
    assert _footer(downloads / "part-a.docx").startswith(mark)
    with zipfile.ZipFile(downloads / "part-a.odt") as odt:
        assert mark in odt.read("styles.xml").decode()


def test_a_published_builds_exports_are_not_marked(tmp_path):
    build(MINIMAL, tmp_path / "site", as_of=dt.date(2025, 5, 1), pdf=False)
    assert "PREVIEW" not in _footer(tmp_path / "site" / "public" / "downloads" / "part-a.docx")


@NEEDS_SOFFICE
def test_both_reports_can_be_written_as_pdf_ua(source_copy, tmp_path):
    source = source_copy(REVISION)
    out = tmp_path / "approval.pdf"
    assert main(["report", "approval", "--from", "1.0", "--to", "1.1", "--source",
                 str(source), "--out", str(out)]) == 0
    rct = read_policy(ROOT / "examples" / "rhondda_cynon_taf")
    register = write_report(rct, figures(rct, [], Period(dt.date(2026, 4, 1),
                                                         dt.date(2027, 3, 31))),
                            tmp_path / "register.pdf")
    for pdf in (out, register):
        assert pdf.suffix == ".pdf" and pdf.with_suffix(".docx").is_file()
        assert check(pdf) == [], pdf.name
