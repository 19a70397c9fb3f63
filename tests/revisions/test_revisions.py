"""Annual revisions: keep the old version, compare fact by fact, report for approval.

The fixture ``tests/fixtures/revision`` is version 1.1 (a draft) of the minimal source, with
version 1.0 kept in ``versions/``. Between them: a longer warning period that Part A states
(with its reason), new Part A wording (with its reason), a new measure, a new decider, a
shorter review interval, a new review date and a committee report asking approval.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import docx
import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, MINIMAL

from generator.cli.policy import main
from generator.revisions.revise import revise
from generator.source.errors import SourceError
from generator.source.read import read_policy

REVISION = FIXTURES / "revision"
DOCUMENT = [
    "The policy: status: published → draft",
    "The policy: next review due by: 1 April 2026 → 1 April 2027",
    "The policy: approvals: removed Test Approver, Head of Customer Services, 20 March 2025",
    "New committee report: Customer Contact Policy, version 1.1",
]
PUBLIC = ["Warning: monitoring period: 3 months → 6 months"]
INTERNAL = [
    "New measure at Restricted contact: Telephone at set times",
    "Restricted contact is now decided by the Monitoring Officer (was: Head of Service and "
    "Monitoring Officer)",
    "Review of cases at Restricted contact: review at least every: 6 months → 4 months",
]
WHY_MONITORING = "Three months proved too short to see a change."
WHY_WORDING = "Residents asked for plainer words."


@pytest.fixture
def revision(source_copy):
    return source_copy(REVISION)


def _groups(lines: list[str]) -> dict[str, list[str]]:
    """The changes listed under each group heading of the text output."""
    groups: dict[str, list[str]] = {}
    heading = ""
    for line in lines:
        if line in ("Document control:", "The published policy:", "Staff guidance:"):
            heading = line[:-1]
        elif line.startswith("- ") and heading:
            groups.setdefault(heading, []).append(line[2:])
    return groups


def test_diff_groups_changes_and_gives_each_its_subject(revision, capsys):
    assert main(["diff", "1.0", "1.1", "--source", str(revision)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Changes from version 1.0 to version 1.1"
    groups = _groups(lines)
    assert set(DOCUMENT) <= set(groups["Document control"])
    assert groups["The published policy"] == PUBLIC
    assert groups["Staff guidance"] == INTERNAL
    # document control, then the public policy, then staff guidance
    assert lines.index("Document control:") < lines.index("The published policy:") < \
        lines.index("Staff guidance:")
    assert lines[lines.index("- " + PUBLIC[0]) + 1] == f"  Why: {WHY_MONITORING}"


def test_diff_compares_the_wording_readers_see_by_section(revision, capsys):
    assert main(["diff", "1.0", "1.1", "--source", str(revision)]) == 0
    out = capsys.readouterr().out
    assert "Wording of Part A: Overview:" in out
    assert "{{" not in out and ".md" not in out  # neither template source nor file names
    wording = out.split("Wording of Part A: Overview:\n", 1)[1].splitlines()
    assert "[-customer; monitoring lasts 3-] {+customer a warning, and then we watch their " \
           "contact for 6+} months" in wording[1]
    assert f"Why: {WHY_WORDING}" in wording[3]
    # a decider's change shows in the staff guidance that prints it
    assert "Wording of Part B: Procedure:" in out


def test_diff_as_json_and_markdown(revision, capsys):
    assert main(["diff", "1.0", "1.1", "--source", str(revision), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    monitoring = [c for c in data["changes"] if c["path"] == "stages.warning.monitoring.default"]
    assert monitoring == [{"path": "stages.warning.monitoring.default", "text": PUBLIC[0],
                           "old": "3 months", "new": "6 months", "group": "public",
                           "reason": WHY_MONITORING}]
    assert [p["section"] for p in data["prose"]] == ["Part A: Overview", "Part B: Procedure"]
    assert main(["diff", "1.0", "1.1", "--source", str(revision), "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# Changes from version 1.0 to version 1.1\n\n"
                               "## Document control")
    assert "~~customer; monitoring lasts 3~~ **customer a warning" in markdown


def test_unknown_version_is_a_clear_error(revision, capsys):
    assert main(["diff", "0.9", "1.1", "--source", str(revision)]) == 1
    assert (f"{revision}/versions: version: no version '0.9' is kept; use one of: 1.0, 1.1, "
            "or the path of a source folder") in capsys.readouterr().err


def test_approval_report_counts_rule_changes_and_gives_reasons(revision, tmp_path):
    out = tmp_path / "report.docx"
    assert main(["report", "approval", "--from", "1.0", "--to", "1.1", "--source",
                 str(revision), "--out", str(out)]) == 0
    document = docx.Document(str(out))
    text = [p.text for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in ("Purpose of the report", "Recommendations", "Executive summary",
                    "What has changed and why", "Report author", "Appendices",
                    "Appendix B: the changes in full", "The published policy",
                    "Staff guidance", "Document control"):
        assert heading in headings
    summary = next(t for t in text if t.startswith("The report asks the Cabinet"))
    # four rules changed; the committee report and the review date are not rules
    assert "It makes 4 changes to the policy’s rules and rewords 2 sections." in summary
    for line in PUBLIC + INTERNAL:
        assert text.count(line) == 2  # in the body and in appendix B
    assert text.count(f"Why: {WHY_MONITORING}") == 2
    assert "In short: A longer warning period and plainer wording" in text
    assert "Appendix A: Customer Contact Policy, version 1.1 (the draft put forward for " \
           "approval)" in text


def test_approval_report_needs_a_report_entry(revision, capsys):
    (revision / "reports.yaml").unlink()
    assert main(["report", "approval", "--from", "1.0", "--to", "1.1", "--source",
                 str(revision)]) == 1
    assert f'{revision}/reports.yaml: reports: no report has approves_version: "1.1"' in \
        capsys.readouterr().err


def test_intranet_shows_what_changed_where_and_why(revision, tmp_path):
    from generator.sites.build import build

    build(revision, tmp_path / "site", pdf=False, as_of=dt.date(2026, 3, 1))
    internal = tmp_path / "site" / "internal"
    page = BeautifulSoup((internal / "changes.html").read_text(), "html.parser")
    article = page.select_one("article")
    headings = [h.get_text(strip=True) for h in article.select("h2")]
    assert headings == ["Document control", "The published policy", "Staff guidance",
                        "Where staff will see the changes"]
    text = " ".join(article.get_text(" ").split())
    assert "In short: A longer warning period and plainer wording" in text
    listed = [" ".join(li.get_text(" ", strip=True).split()) for li in article.select("li")]
    assert f"{PUBLIC[0]} Why: {WHY_MONITORING}" in listed
    for line in INTERNAL:
        assert line in listed
    marks = article.select_one("p.word-diff")
    assert [d.get_text() for d in marks.select("del")] == ["warn", "customer; monitoring lasts 3"]
    assert marks.select("ins")[0].get_text() == "give"
    links = {a["href"] for a in article.select("li a")}
    assert {"part-a.html", "stages/warning.html", "timescales.html"} <= links
    assert "Warning letter" in listed


def test_cli_and_intranet_list_changes_in_the_same_order(revision, tmp_path, capsys):
    from generator.sites.build import build

    assert main(["diff", "1.0", "1.1", "--source", str(revision)]) == 0
    cli = [line[2:] for line in capsys.readouterr().out.splitlines() if line.startswith("- ")]
    build(revision, tmp_path / "site", pdf=False, as_of=dt.date(2026, 3, 1))
    page = BeautifulSoup((tmp_path / "site" / "internal" / "changes.html").read_text(),
                         "html.parser")
    listed = [" ".join(li.get_text(" ", strip=True).split()).split(" Why: ")[0]
              for li in page.select("article li") if not li.select("a")]
    assert listed[:len(cli)] == cli


def test_approvals_dated_in_the_future_are_refused(source_copy, capsys):
    src = source_copy(MINIMAL, [("policy.yaml", "date: 2025-03-20", "date: 2027-01-12")])
    assert main(["check", str(src), "--as-of", "2026-12-01"]) == 1
    assert (f"{src}/policy.yaml:21: policy.approvals.date: the approval by Test Approver is "
            "dated 12 January 2027, which has not come yet; record an approval once it has "
            "been given") in capsys.readouterr().err


def test_approvals_older_than_the_last_version_are_warned_of(revision, capsys):
    path = revision / "policy.yaml"
    path.write_text(path.read_text().replace("approvals: []", "approvals:\n  - name: Cabinet\n"
                                             "    role: Cabinet\n    date: 2024-01-10"))
    assert main(["check", str(revision), "--as-of", "2026-03-01"]) == 0
    assert (f"warning: {revision}/policy.yaml:28: the approval by Cabinet is dated 10 January "
            "2024, before version 1.0 (1 April 2025), which this version replaces") in \
        capsys.readouterr().err


def test_an_approval_by_a_body_names_it_once(revision, tmp_path):
    from generator.sites.build import build

    approved = [("policy.yaml", "approvals: []", "approvals:\n  - name: Cabinet\n"
                 "    role: Cabinet\n    date: 2026-03-12"),
                ("policy.yaml", "status: draft", "status: approved")]
    src = revision
    for file, old, new in approved:
        path = src / file
        path.write_text(path.read_text().replace(old, new, 1))
    build(src, tmp_path / "site", pdf=False, as_of=dt.date(2026, 3, 20))
    archive = (tmp_path / "site" / "internal" / "versions.html").read_text()
    text = " ".join(BeautifulSoup(archive, "html.parser").get_text(" ").split())
    assert "Approved by: Cabinet, 12 March 2026" in text
    assert "Cabinet, Cabinet" not in text


def test_revise_keeps_the_old_version_and_opens_a_draft(source_copy):
    src = source_copy(MINIMAL)
    before = (src / "policy.yaml").read_text()
    revision = revise(src, "1.1", dt.date(2026, 11, 23))
    assert revision.next_review == dt.date(2027, 11, 23)
    assert (src / "versions" / "1.0" / "policy.yaml").read_text() == before
    doc = read_policy(src).policy
    assert (doc.version, doc.status, str(doc.next_review_date)) == (
        "1.1", "draft", "23 November 2027")
    assert doc.version_history[-1].version == "1.1"
    assert doc.version_history[-1].summary == ""
    assert doc.approvals == []
    assert doc.publication_date is None  # a draft is not published yet
    assert "publication_date" not in (src / "policy.yaml").read_text()


def test_revise_refuses_an_older_number(source_copy):
    src = source_copy(MINIMAL)
    with pytest.raises(SourceError, match=re.escape("'0.9' does not follow version 1.0")):
        revise(src, "0.9", dt.date(2026, 11, 23))
    assert not (src / "versions").exists()


def test_a_kept_version_can_be_rebuilt(revision, tmp_path):
    from generator.sites.build import build

    result = build(revision / "versions" / "1.0", tmp_path / "site", pdf=False,
                   as_of=dt.date(2025, 6, 1))
    assert result.policy.policy.version == "1.0"
    page = (tmp_path / "site" / "public" / "index.html").read_text()
    assert "monitoring lasts 3 months" in re.sub(r"<[^>]+>", "", page)


def test_the_public_site_offers_each_published_version_in_every_format(revision, tmp_path):
    from generator.sites.build import build

    path = revision / "policy.yaml"
    path.write_text(path.read_text().replace("status: draft", "status: approved").replace(
        "approvals: []", "approvals:\n  - name: Cabinet\n    role: Cabinet\n"
                         "    date: 2026-03-12"))
    build(revision, tmp_path / "site", pdf=False, as_of=dt.date(2026, 3, 20))
    public = tmp_path / "site" / "public"
    page = BeautifulSoup((public / "index.html").read_text(), "html.parser")
    # a resident meets the policy by its own name, not as "Part A"
    assert page.select_one("article h1").get_text(strip=True) == "Customer Contact Policy"
    earlier = page.select_one("#earlier-versions").find_next("ul")
    links = {a.get_text(): a["href"] for a in earlier.select("a")}
    assert links == {name: f"downloads/archive/version-1.0-part-a.{ext}" for name, ext in
                     (("Word", "docx"), ("OpenDocument", "odt"), ("a single web page", "html"))}
    for href in links.values():
        assert (public / href).is_file()
    kept = BeautifulSoup((public / links["a single web page"]).read_text(), "html.parser")
    assert "monitoring lasts 3 months" in " ".join(kept.get_text().split())


def test_a_draft_kept_version_stays_off_the_public_site(revision, tmp_path):
    from generator.sites.build import build

    kept = revision / "versions" / "1.0" / "policy.yaml"
    kept.write_text(kept.read_text().replace("status: published", "status: draft"))
    path = revision / "policy.yaml"
    path.write_text(path.read_text().replace("status: draft", "status: approved").replace(
        "approvals: []", "approvals:\n  - name: Cabinet\n    role: Cabinet\n"
                         "    date: 2026-03-12"))
    build(revision, tmp_path / "site", pdf=False, as_of=dt.date(2026, 3, 20))
    assert not (tmp_path / "site" / "public" / "downloads" / "archive").exists()
    assert (tmp_path / "site" / "internal" / "downloads" / "archive" /
            "version-1.0-part-a.docx").is_file()
