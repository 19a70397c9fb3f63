"""A published policy publishes: the public site follows the policy's status, never the
approvals its document records; `policy check` announces the sites, and the build makes
exactly those; document control and the Part A export state only the recorded approvals."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, MINIMAL

from generator.cli.policy import main

PANEL = FIXTURES / "panel"
AS_OF = "2025-05-01"
PERSON = ("approvals:\n  - name: Test Approver\n    role: Head of Customer Services\n"
          "    date: 2025-03-20\n")
COMMITTEE = ("approvals:\n  - body: Audit and Governance Committee\n    minute: Minute 12/25\n"
             "    date: 2025-03-20\n")


def announced(out: str) -> set[str]:
    """The site folders `policy check`'s summary line says a build makes."""
    line = next(row for row in out.splitlines() if row.startswith("OK: "))
    sites = re.search(r"builds the (.*?) sites?\b", line)
    assert sites, line
    return {name for name in ("public", "internal") if name in sites.group(1)}


def check_then_build(src: Path, out: Path, capsys, as_of: str = AS_OF) -> tuple[str, str]:
    """`policy check` then `policy build`: the check's output, and the build's notes."""
    assert main(["check", str(src), "--as-of", as_of]) == 0
    checked = capsys.readouterr()
    assert main(["build", str(src), "--out", str(out), "--as-of", as_of, "--no-pdf"]) == 0
    built = capsys.readouterr()
    assert {p.name for p in out.iterdir() if p.is_dir()} == announced(checked.out)
    return checked.out + checked.err, built.err


def approvals_table(site: Path) -> list[list[str]]:
    """The rows of document control's Approvals table; [] where it has none."""
    soup = BeautifulSoup((site / "internal" / "document-control.html").read_text(),
                         "html.parser")
    heading = soup.find(id="approvals")
    if heading is None:
        return []
    table = heading.find_next("table")
    return [[" ".join(cell.get_text().split()) for cell in row.find_all(["td", "th"])]
            for row in table.find_all("tr")]


def export_approvals(site: Path) -> list[str]:
    """The Part A Word export's "Approved by" rows, as text."""
    document = docx.Document(str(site / "public" / "downloads" / "part-a.docx"))
    return [" | ".join(cell.text for cell in row.cells) for table in document.tables
            for row in table.rows if row.cells[0].text == "Approved by"]


def test_published_with_a_person_s_approval(tmp_path, capsys):
    said, _ = check_then_build(MINIMAL, tmp_path / "site", capsys)
    assert "builds the public and internal sites: published" in said
    assert "no approval of" not in said
    assert approvals_table(tmp_path / "site") == [
        ["Approved by", "Version", "Date"],
        ["Test Approver, Head of Customer Services", "1.0", "20 March 2025"]]
    assert export_approvals(tmp_path / "site") == [
        "Approved by | Test Approver, Head of Customer Services, 20 March 2025"]


def test_published_without_approvals_publishes_and_says_nothing_of_them(source_copy, tmp_path,
                                                                        capsys):
    src = source_copy(edits=[("policy.yaml", PERSON, "")])
    said, notes = check_then_build(src, tmp_path / "site", capsys)
    assert "builds the public and internal sites: published" in said
    assert (f"note: {src}/policy.yaml:1: no approval of version 1.0 is recorded: document "
            "control shows only the approvals the source records") in said
    assert "not built" not in notes
    page = (tmp_path / "site" / "internal" / "document-control.html").read_text()
    assert approvals_table(tmp_path / "site") == []
    assert "approv" not in BeautifulSoup(page, "html.parser").select_one("article").get_text(
        ).lower().replace("document control", "")
    assert export_approvals(tmp_path / "site") == []
    banner = BeautifulSoup((tmp_path / "site" / "public" / "index.html").read_text(),
                           "html.parser").select(".policy-notice")
    assert banner == []  # no PREVIEW on a policy in force


def test_approved_with_a_future_date_by_a_committee(source_copy, tmp_path, capsys):
    src = source_copy(edits=[("policy.yaml", "status: published", "status: approved"),
                             ("policy.yaml", "publication_date: 2025-04-01",
                              "publication_date: 2025-07-01"),
                             ("policy.yaml", PERSON, COMMITTEE)])
    said, _ = check_then_build(src, tmp_path / "site", capsys)
    assert "builds the public and internal sites: approved, applies from 1 July 2025" in said
    assert approvals_table(tmp_path / "site") == [
        ["Approved by", "Version", "Date"],
        ["Audit and Governance Committee, Minute 12/25", "1.0", "20 March 2025"]]
    assert export_approvals(tmp_path / "site") == [
        "Approved by | Audit and Governance Committee, Minute 12/25, 20 March 2025"]
    control = BeautifulSoup((tmp_path / "site" / "internal" / "document-control.html")
                            .read_text(), "html.parser").select_one("article")
    rows = [row.get_text(" ", strip=True) for row in control.find("table").find_all("tr")]
    assert "Applies from 1 July 2025" in rows and not any(r.startswith("Published") for r in rows)
    public = BeautifulSoup((tmp_path / "site" / "public" / "index.html").read_text(),
                           "html.parser").select_one("article").get_text(" ", strip=True)
    assert "Applies from 1 July 2025 ." in public and "Published" not in public


def test_approved_without_a_date_is_not_published(source_copy, tmp_path, capsys):
    src = source_copy(edits=[("policy.yaml", "status: published", "status: approved"),
                             ("policy.yaml", "publication_date: 2025-04-01\n", "")])
    said, notes = check_then_build(src, tmp_path / "site", capsys)
    assert ("builds the internal site only: version 1.0 is approved but the source gives no "
            "date it applies from; `--preview` adds a public site marked PREVIEW") in said
    assert "the public site is not built: version 1.0 is approved but" in notes


def test_a_draft_is_never_published_without_preview(source_copy, tmp_path, capsys):
    src = source_copy(edits=[("policy.yaml", "status: published", "status: draft")])
    said, _ = check_then_build(src, tmp_path / "site", capsys)
    assert "builds the internal site only: version 1.0 is a draft" in said
    assert "no approval of" not in said  # a draft is not yet approved: nothing to note
    assert main(["build", str(src), "--out", str(tmp_path / "preview"), "--as-of", AS_OF,
                 "--no-pdf", "--preview"]) == 0
    banner = BeautifulSoup((tmp_path / "preview" / "public" / "index.html").read_text(),
                           "html.parser").select_one(".policy-notice").get_text()
    assert banner == "PREVIEW: this version has not been approved for publication"


def test_an_approval_of_an_earlier_version(tmp_path, capsys):
    """The panel fixture records only the committee's approval of version 1.0."""
    said, _ = check_then_build(PANEL, tmp_path / "site", capsys, "2025-10-01")
    assert "builds the public and internal sites: published" in said
    assert "no approval of version 2.0 is recorded" in said
    assert "warning" not in said  # an earlier version's approval is not left over
    assert approvals_table(tmp_path / "site") == [
        ["Approved by", "Version", "Date"],
        ["Audit and Governance Committee, Minute 41/23", "1.0", "5 December 2023"]]
    assert export_approvals(tmp_path / "site") == [
        "Approved by | Audit and Governance Committee, Minute 41/23, 5 December 2023 "
        "(version 1.0)"]


@pytest.mark.parametrize(("approval", "message"), [
    ("  - {name: A. Person, date: 2025-03-20}\n", "needs a person's name and role"),
    ("  - {body: Cabinet, name: A. Person, role: Leader, date: 2025-03-20}\n",
     "by a person (name, role) or by a body"),
    ("  - {name: A. Person, role: Leader, minute: 4/25, date: 2025-03-20}\n", "add body:"),
    ("  - {body: Cabinet, date: 2025-03-20, version: '0.9'}\n",
     "version 0.9 is not in version_history"),
])
def test_an_approval_is_a_person_or_a_body_of_a_listed_version(source_copy, capsys, approval,
                                                              message):
    src = source_copy(edits=[("policy.yaml", PERSON, "approvals:\n" + approval)])
    assert main(["check", str(src), "--as-of", AS_OF]) == 1
    err = capsys.readouterr().err
    assert f"{src}/policy.yaml:" in err and message in err and "Traceback" not in err
