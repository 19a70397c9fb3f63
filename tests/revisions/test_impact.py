"""A draft revision measured on the register's open cases (issue 27, item 2), on SQLite and
PostgreSQL: the fixture ``tests/fixtures/impact`` (version 1.1, a draft of 1.0) reviews
restricted contact every 4 months instead of 6, shortens Letters only's maximum from 12
months to 6, removes Telephone at set times and lengthens the warning's monitoring.

Each case's effects are worked out by hand below; the counts are read back from
`policy diff` and from the approval report (.docx and its Markdown); nothing in the
register changes until the revision is published."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from docx import Document
from impact_cases import DRAFT, NAME, PUBLISHED, kept
from sqlalchemy import select

from generator.cases.case import Case
from generator.cli.policy import main
from generator.register import schema
from generator.register.impact import measure
from generator.register.lists import due_list
from generator.register.store import Register
from generator.revisions.changelog import changes_between
from generator.revisions.impact import counts
from generator.sites.approval_report import _report_for, report_markdown
from generator.source.read import read_policy


def snapshot(url: str) -> dict[str, list]:
    """Every row the register holds, table by table."""
    with Register.open(url) as register, register.engine.connect() as connection:
        return {table.name: sorted(map(tuple, connection.execute(select(table))), key=repr)
                for table in schema.metadata.sorted_tables}


def test_each_case_is_measured_by_the_registers_own_rules(register_url):
    kept(register_url)
    with Register.open(register_url) as register:
        impact = measure(register, read_policy(PUBLISHED), read_policy(DRAFT))
    assert impact.measured == 3
    found = {case.reference: [(e.kind, e.text) for e in case.effects] for case in impact.cases}
    assert found == {
        "T/1": [("earlier", "case review every 4 months from the last review, else the "
                 "decision: 10 July 2026 → 10 May 2026"),
                ("over_maximum", "Letters only: 9 months is longer than the new maximum of "
                 "6 months")],
        "T/2": [("earlier", "case review every 4 months from the last review, else the "
                 "decision: 10 July 2026 → 10 May 2026"),
                ("measure_gone", "the measure Telephone at set times is removed")],
        "T/3": [("later", "monitoring of 6 months ends: 12 April 2026 → 12 July 2026"),
                ("wording", "Warning letter (last sent) would be worded differently where it "
                 "states: monitoring, monitoring.ends, monitoring.period")]}
    assert dict(counts(impact)) == {
        "Open cases in the register": 3, "Cases the revision would change": 3,
        "Cases where a review or an end falls due earlier": 2,
        "Cases where a review or an end falls due later": 1,
        "Cases where a review or an end falls due that no rule set before": 0,
        "Cases where a review or an end no longer falls due by any rule": 0,
        "Cases where a measure is imposed for longer than the new maximum": 1,
        "Cases where the stage the case is at is removed": 0,
        "Cases where a measure the case has is removed": 1,
        "Cases where the last or next letter would be worded differently": 1}


def test_a_version_measured_against_itself_changes_nothing(register_url):
    kept(register_url)
    with Register.open(register_url) as register:
        impact = measure(register, read_policy(DRAFT), read_policy(DRAFT))
    assert impact.measured == 3 and impact.cases == []


def test_nothing_in_the_register_changes_until_the_revision_is_published(register_url,
                                                                         capsys):
    kept(register_url)
    before = snapshot(register_url)
    assert main(["diff", "1.0", "1.1", "--source", str(DRAFT), "--db", register_url,
                 "--cases", "--by", "keeper"]) == 0
    with Register.open(register_url) as register:
        measure(register, read_policy(PUBLISHED), read_policy(DRAFT))
    assert snapshot(register_url) == before
    on = dt.date(2026, 6, 1)
    with Register.open(register_url) as register:
        # the register still reads by the version in force: T/1's review falls in July
        assert [i.reference for i in due_list(register, read_policy(PUBLISHED), on).items] == \
            ["T/3"]
        # published, the draft's rules take over at the next read: May
        published = due_list(register, read_policy(DRAFT), on).items
    assert {(i.reference, i.due.isoformat()) for i in published} == {
        ("T/1", "2026-05-10"), ("T/2", "2026-05-10")}


def test_policy_diff_counts_for_anyone_who_reads_the_report_and_lists_for_case_readers(
        register_url, capsys):
    kept(register_url)
    args = ["diff", "1.0", "1.1", "--source", str(DRAFT), "--db", register_url]
    assert main([*args, "--by", "keeper"]) == 0
    out = capsys.readouterr().out
    assert "What it would do to the cases in the register:" in out
    assert "- Cases where a review or an end falls due earlier: 2" in out
    assert "- Cases where a measure the case has is removed: 1" in out
    assert "T/1" not in out and "Madeupson" not in out  # counts only
    assert main([*args, "--by", "reviewer", "--cases"]) == 0
    out = capsys.readouterr().out
    assert "- T/2, Alex Madeupson, at restricted" in out
    assert "    - the measure Telephone at set times is removed" in out
    assert main([*args, "--by", "reviewer"]) == 1  # may read cases, not the report
    assert "your roles may not open the register's report" in capsys.readouterr().err
    assert main([*args, "--by", "other", "--cases"]) == 1
    assert "your roles may not open the cases a draft revision would change" in \
        capsys.readouterr().err
    assert main([*args, "--by", "keeper", "--cases", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["impact"]["counts"] == {
        "measured": 3, "changed": 3, "earlier": 2, "later": 1, "new_date": 0, "no_date": 0,
        "over_maximum": 1, "stage_gone": 0, "measure_gone": 1, "wording": 1}
    assert [c["reference"] for c in data["impact"]["cases"]] == ["T/1", "T/2", "T/3"]
    assert data["changes"]  # the diff itself is still there


def test_cases_need_a_register(capsys):
    assert main(["diff", "1.0", "1.1", "--source", str(DRAFT), "--cases"]) == 1
    assert "--cases: the cases are read from a register; give --db URL too" in \
        capsys.readouterr().err


def report_counts(rows: list[list[str]]) -> dict[str, str]:
    return {row[0]: row[1] for row in rows[1:]}


@pytest.mark.parametrize("register_url", ["sqlite"], indirect=True)
def test_the_approval_report_counts_the_cases_for_the_committee(register_url, tmp_path):
    kept(register_url)
    out = tmp_path / "report.docx"
    assert main(["report", "approval", "--from", "1.0", "--to", "1.1", "--source",
                 str(DRAFT), "--out", str(out), "--db", register_url, "--by", "keeper"]) == 0
    document = Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "What the revision would do to the cases in the register" in headings
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "What")
    figures = report_counts([[c.text for c in row.cells] for row in table.rows])
    assert figures["Cases where a review or an end falls due earlier"] == "2"
    assert figures["Cases where a measure is imposed for longer than the new maximum"] == "1"
    assert figures["Cases where a measure the case has is removed"] == "1"
    assert figures["Open cases in the register"] == "3"
    text = "\n".join([p.text for p in document.paragraphs] + [
        c.text for t in document.tables for row in t.rows for c in row.cells])
    assert "T/1" not in text and "Madeupson" not in text  # no personal data


@pytest.mark.parametrize("register_url", ["sqlite"], indirect=True)
def test_the_approval_reports_markdown_carries_the_same_counts(register_url):
    kept(register_url)
    old, new = read_policy(PUBLISHED), read_policy(DRAFT)
    with Register.open(register_url) as register:
        impact = measure(register, old, new)
    markdown = report_markdown(old, new, _report_for(new), *changes_between(old, new), impact)
    assert "Of the 3 open cases in the register, it would change 3." in markdown
    section = markdown.split("# What the revision would do to the cases in the register")[1]
    section = section.split("\n# ")[0]
    assert "| Cases where a review or an end falls due earlier | 2 |" in section
    assert "| Cases where a measure is imposed for longer than the new maximum | 1 |" in section
    assert "| Cases where a measure the case has is removed | 1 |" in section
    without = report_markdown(old, new, _report_for(new), *changes_between(old, new))
    assert "would do to the cases" not in without


def test_the_desk_is_told_which_draft_to_measure(tmp_path: Path, capsys):
    from generator.cli.policy import _parser

    args = _parser().parse_args(["desk", "--draft", str(DRAFT)])
    assert args.draft == DRAFT
    # a draft that is not a source is refused before the desk starts
    assert main(["desk", "--source", str(PUBLISHED), "--draft", str(tmp_path / "none")]) == 1
    assert f"{tmp_path / 'none'}: no such folder" in capsys.readouterr().err


PERSISTENCE = ("behaviours.yaml", "abuse:", "persistence:\n  name: Persistence\n"
               "  definition: Contact far more often than needed.\n"
               "  for_customer: \"You contacted us far more often than you needed to.\"\nabuse:")


@pytest.mark.parametrize("register_url", ["sqlite"], indirect=True)
def test_a_letter_changes_for_the_cases_whose_own_behaviour_is_reworded(register_url,
                                                                       source_copy, tmp_path):
    current = source_copy(PUBLISHED, [PERSISTENCE])
    draft = tmp_path / "draft"
    shutil.copytree(current, draft)
    path = draft / "behaviours.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "You contacted us far more often than you needed to.",
        "You got in touch with us far more often than you needed to."), encoding="utf-8")
    with Register.open(register_url) as register:
        for reference, behaviour in (("W/1", "persistence"), ("W/2", "abuse")):
            register.add(Case.model_validate({
                "reference": reference, "stage": "warning", "decision_date": "2026-01-10",
                "letter_date": "2026-01-12", "behaviours": [behaviour], **NAME}), by="setup")
            register.record_letter(reference, "warning_letter", docx_sha256="0" * 64,
                                   pdf_sha256=None, sent_on=dt.date(2026, 1, 12), by="setup")
        impact = measure(register, read_policy(current), read_policy(draft))
    assert [(c.reference, [e.text for e in c.effects]) for c in impact.cases] == [
        ("W/1", ["Warning letter (last sent) would be worded differently where it states: "
                 "behaviours.persistence"])]


@pytest.mark.parametrize("register_url", ["sqlite"], indirect=True)
def test_a_welsh_letter_changes_for_the_customers_written_to_in_welsh(register_url,
                                                                     source_copy):
    rct = ROOT / "examples" / "rhondda_cynon_taf"
    draft = source_copy(rct, [(
        "cy/labels.yaml", "Rydych wedi cysylltu â ni mor aml,", "Rydych wedi cysylltu mor aml,")])
    with Register.open(register_url) as register:
        for reference, language in (("R/1", "welsh"), ("R/2", "english"),
                                    ("R/3", "bilingual")):
            register.add(Case.model_validate({
                "reference": reference, "stage": "stage_1", "decision_date": "2026-01-10",
                "behaviours": ["unreasonable_persistence"], "language": language, **NAME}),
                by="setup")
            register.record_letter(reference, "stage_1_warning_letter", docx_sha256="0" * 64,
                                   pdf_sha256=None, sent_on=dt.date(2026, 1, 12), by="setup")
        impact = measure(register, read_policy(rct), read_policy(draft))
    said = ("Stage 1 warning letter (last sent) would be worded differently where it states: "
            "behaviours.unreasonable_persistence")
    assert [(c.reference, [e.text for e in c.effects]) for c in impact.cases] == [
        ("R/1", [said]), ("R/3", [said])]  # not R/2, written to in English


NO_DORMANT = [("stages.yaml", "      to: dormant\n", ""),
              ("stages.yaml", "      to: dormant\n", ""),
              ("stages.yaml", "dormant:\n  name: Dormant\n  summary: Closed.\n  kind: dormant\n"
               "  retention: 12 months\n", "")]


@pytest.mark.parametrize("register_url", ["sqlite"], indirect=True)
def test_a_case_at_a_stage_the_draft_removes(register_url, source_copy):
    draft = source_copy(PUBLISHED, NO_DORMANT)
    with Register.open(register_url) as register:
        register.add(Case.model_validate({"reference": "D/1", "stage": "dormant",
                                          "decision_date": "2026-01-10", **NAME}), by="setup")
        impact = measure(register, read_policy(PUBLISHED), read_policy(draft))
    assert [(c.reference, c.kinds, [e.text for e in c.effects]) for c in impact.cases] == [
        ("D/1", ["stage_gone"], ["the stage Dormant is removed"])]


@pytest.mark.parametrize("register_url", ["sqlite"], indirect=True)
def test_a_review_the_draft_adds_or_drops(register_url, source_copy):
    widened = read_policy(source_copy(PUBLISHED, [
        ("reviews.yaml", "stages: [restricted]", "stages: [restricted, warning]")]))
    with Register.open(register_url) as register:
        register.add(Case.model_validate({"reference": "W/1", "stage": "warning",
                                          "decision_date": "2026-01-10", **NAME}), by="setup")
        added = measure(register, read_policy(PUBLISHED), widened)
        dropped = measure(register, widened, read_policy(PUBLISHED))
    # every 6 months from the decision of 10 January 2026
    assert [(e.kind, e.text) for e in added.cases[0].effects] == [
        ("new_date", "case review every 6 months from the last review, else the decision: "
                     "now due 10 July 2026")]
    assert [(e.kind, e.text) for e in dropped.cases[0].effects] == [
        ("no_date", "case review every 6 months from the last review, else the decision: "
                    "no longer due (was 10 July 2026)")]


class _Tagged:
    """A catalogue that marks every message it says: «message»."""

    def gettext(self, message: str) -> str:
        return f"«{message}»"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"«{singular if n == 1 else plural}»"


def test_the_approval_report_words_nothing_outside_the_statements(monkeypatch):
    """Every heading, label and line of the approval report's own is a message of
    generator.statements.changes: with a catalogue that marks what it says, none is left
    unmarked (a heading or line written as an f-string in the report would be)."""
    from generator.statements import changes as said_changes
    monkeypatch.setattr(said_changes, "gettext", lambda language: _Tagged().gettext)
    monkeypatch.setattr(said_changes, "translations", lambda language: _Tagged())
    old, new = read_policy(PUBLISHED), read_policy(DRAFT)
    from generator.revisions.impact import CaseImpact, Effect, Impact
    impact = Impact(3, [CaseImpact("T/1", None, None, [Effect("earlier", "x", "y")])])
    markdown = report_markdown(old, new, _report_for(new), *changes_between(old, new), impact)
    body = markdown.split("\n---\n", 1)[1]
    headings = [line for line in body.splitlines() if line.startswith("# ")]
    assert headings and all(line.startswith("# «") for line in headings), headings
    groups = [line for line in body.splitlines() if line.startswith("## ")
              and line[3:] in ("Document control", "The published policy", "Staff guidance")]
    assert groups == []  # the groups' headings are catalogue messages too
    assert "«Of the %(num)s open cases in the register" not in body  # filled in
    assert "«Of the 3 open cases in the register, it would change 1.»" in body
    assert "| «What» | «Cases» |" in body
    assert "| «Cases where «a review or an end falls due earlier»» | 1 |" in body
    assert "| «Open cases in the register» | 3 |" in body
    assert "- «Appendix B: the changes in full»" in body
    assert "author: \"«Report of the" in markdown
