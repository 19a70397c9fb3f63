"""Annual revisions: keep the old version, compare fact by fact, report for approval."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil

import docx
import pytest
from conftest import ROOT

from generator.cli import main
from generator.errors import SourceError
from generator.revise import revise
from generator.source import read_policy

OLDER = [  # how version 2.0 differed from 3.0, for the test
    ("policy.yaml", 'version: "3.0"', 'version: "2.0"'),
    ("stages.yaml", "default: 6 months", "default: 3 months"),
    ("decisions.yaml", "taken_by: [director_of_governance]", "taken_by: [service_director]"),
    ("rights.yaml", "    available: false\n    reason: Instead, we will tell you the outcome of "
                    "each review, and you may go to the ombudsman.\n",
     "    window: 10 working days\n    window_from: letter\n    to: customer_relations_manager\n"
     "    decision: case_review\n"),
    ("letters.yaml", "no_appeal, ombudsman, statutory_rights]",
     "appeal_deadline, ombudsman, statutory_rights]"),
    ("letters.yaml", "no_appeal, ombudsman, statutory_rights, decision_maker]",
     "appeal_deadline, ombudsman, statutory_rights, decision_maker]"),
    ("prose/part_a/reviews_and_complaints.md",
     "{% if not rights.appeals.no_appeal.available %} There is no right of appeal at either stage.",
     "{% if rights.appeals.no_appeal.available %} You may appeal within "
     "{{ rights.appeals.no_appeal.window }}."),
]
EXPECTED = [
    "- New measure at Stage 2, managed contact business case: Emails diverted to one officer",
    "- Stage 2, managed contact business case is now decided by the Director of Governance "
    "(was: Director of the service affected)",
    "- Stage 1, warning and monitoring, monitoring period: 3 months → 6 months",
    "- Appeal removed: customers are now signposted to the Local Government and Social Care "
    "Ombudsman",
]
REPORT = """\
approval_3_0:
  body: Cabinet
  meeting_date: 2019-09-12
  title: Managed Contact Policy, version 3.0
  report_of: Director of Governance
  author: {name: Test Author, title: Customer Relations Manager, phone: "01234 567890"}
  purpose: To ask Cabinet to approve the revised policy.
  recommendations: [That Cabinet approves version 3.0 of the policy.]
  implications:
    resource: Training is met from existing budgets.
    legal: The policy supports safe systems of work.
    equality: An equality impact assessment is attached.
  appendices: [Equality impact assessment]
  approves_version: "3.0"
"""


@pytest.fixture
def history(source_copy):
    """policy_src as version 3.0, with an older version 2.0 kept in versions/."""
    current = source_copy(ROOT / "policy_src")
    older = current / "versions" / "2.0"
    shutil.copytree(ROOT / "policy_src", older)
    (older / "measures.yaml").write_text(_without_measure(older / "measures.yaml",
                                                          "email_diversion"))
    for file, old, new in OLDER:
        path = older / file
        assert old in path.read_text(), (file, old)
        path.write_text(path.read_text().replace(old, new, 1))
    (current / "reports.yaml").write_text(REPORT)
    return current


def _without_measure(path, measure_id):
    """measures.yaml without one entry: its id line and the indented lines below it."""
    out, skipping = [], False
    for line in path.read_text().splitlines(keepends=True):
        if line.startswith(f"{measure_id}:"):
            skipping = True
        elif line[:1] not in (" ", "\n"):
            skipping = False
        if not skipping:
            out.append(line)
    return "".join(out)


def test_diff_says_each_change_in_plain_english(history, capsys):
    assert main(["diff", "2.0", "3.0", "--source", str(history)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Changes from version 2.0 to version 3.0"
    for line in EXPECTED:
        assert line in lines
    facts = [line for line in lines if line.startswith("- ")]
    # and the two letters' must_state lists, and the report that asks for approval
    assert len(facts) == len(EXPECTED) + 3
    assert "- New committee report: Managed Contact Policy, version 3.0" in lines
    assert "part_a/reviews_and_complaints.md:" in lines
    wording = lines[lines.index("part_a/reviews_and_complaints.md:") + 1]
    assert "[-You may-] {+There is no right of+} appeal" in wording


def test_diff_as_json_and_markdown(history, capsys):
    assert main(["diff", "2.0", "3.0", "--source", str(history), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    monitoring = [c for c in data["changes"] if c["path"] == "stages.stage_1.monitoring.default"]
    assert monitoring == [{"path": "stages.stage_1.monitoring.default",
                           "text": EXPECTED[2][2:], "old": "3 months", "new": "6 months"}]
    assert main(["diff", "2.0", "3.0", "--source", str(history), "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# Changes from version 2.0 to version 3.0\n\n## What changed")
    assert "~~You may~~ **There is no right of** appeal" in markdown


def test_unknown_version_is_a_clear_error(history, capsys):
    assert main(["diff", "1.0", "3.0", "--source", str(history)]) == 1
    assert (f"{history}/versions: version: no version '1.0' is kept; use one of: 2.0, 3.0, or "
            "the path of a source folder") in capsys.readouterr().err


def test_approval_report_lists_every_change(history, tmp_path):
    out = tmp_path / "report.docx"
    assert main(["report", "approval", "--from", "2.0", "--to", "3.0", "--source", str(history),
                 "--out", str(out)]) == 0
    document = docx.Document(str(out))
    text = [p.text for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in ("Purpose of the report", "Recommendations", "Executive summary",
                    "What has changed and why", "Implications", "Resource implications",
                    "Legal implications", "Equality implications", "Report author",
                    "Appendices", "Appendix B: the changes in full"):
        assert heading in headings
    assert any(h.startswith("Appendix A: Managed Contact Policy, version 3.0") for h in headings)
    for line in EXPECTED:
        assert text.count(line[2:]) == 2  # in the body and in appendix B
    assert "That Cabinet approves version 3.0 of the policy." in text
    assert "Test Author, Customer Relations Manager, telephone 01234 567890" in text
    assert document.core_properties.title == "Managed Contact Policy, version 3.0"


def test_approval_report_needs_a_report_entry(history, capsys):
    (history / "reports.yaml").unlink()
    assert main(["report", "approval", "--from", "2.0", "--to", "3.0", "--source",
                 str(history)]) == 1
    assert f'{history}/reports.yaml: reports: no report has approves_version: "3.0"' in \
        capsys.readouterr().err


def test_revise_keeps_the_old_version_and_opens_a_draft(source_copy):
    src = source_copy(ROOT / "policy_src")
    revision = revise(src, "3.1", dt.date(2026, 11, 23))
    assert revision.next_review == dt.date(2027, 11, 23)
    assert (src / "versions" / "3.0" / "policy.yaml").read_text() == (
        ROOT / "policy_src" / "policy.yaml").read_text()
    policy = read_policy(src)
    doc = policy.policy
    assert (doc.version, doc.status, str(doc.next_review_date)) == (
        "3.1", "draft", "23 November 2027")
    assert doc.version_history[-1].version == "3.1"
    assert doc.version_history[-1].summary == ""
    assert doc.approvals == []
    assert "# Document control for the Managed Contact Policy." in (
        src / "policy.yaml").read_text()  # comments survive


def test_revise_refuses_an_older_number(source_copy):
    src = source_copy(ROOT / "policy_src")
    with pytest.raises(SourceError, match=re.escape("'2.9' does not follow version 3.0")):
        revise(src, "2.9", dt.date(2026, 11, 23))
    assert not (src / "versions").exists()


def test_a_kept_version_can_be_rebuilt(history, tmp_path):
    from generator.site import build

    result = build(history / "versions" / "2.0", tmp_path / "site", pdf=False,
                   as_of=dt.date(2019, 1, 1))
    assert result.policy.policy.version == "2.0"
    page = (tmp_path / "site" / "public" / "index.html").read_text()
    assert "within 10 working days" in re.sub(r"<[^>]+>", "", page)


def test_intranet_shows_what_changed_and_the_archive(history, tmp_path):
    from bs4 import BeautifulSoup

    from generator.site import build

    build(history, tmp_path / "site", pdf=False, as_of=dt.date(2019, 10, 1))
    internal = tmp_path / "site" / "internal"
    changes = BeautifulSoup((internal / "changes.html").read_text(), "html.parser")
    listed = [li.get_text(" ", strip=True) for li in changes.select("article li")]
    for line in EXPECTED:
        assert line[2:] in listed
    archive = BeautifulSoup((internal / "versions.html").read_text(), "html.parser")
    text = " ".join(archive.get_text(" ").split())
    assert "Version 2.0" in text and "Version 1.3" in text
    assert "Kept: no; this version cannot be rebuilt" in text
    link = archive.select_one('a[href="downloads/archive/version-2.0-part-a.html"]')
    assert link is not None
    kept = (internal / "downloads" / "archive" / "version-2.0-part-a.html").read_text()
    assert "10 working days" in kept
    assert not (tmp_path / "site" / "public" / "downloads" / "version-2.0-part-a.html").exists()
