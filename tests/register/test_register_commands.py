"""`policy cases due|review|purge|access|report|audit` on a SQLite register of made-up
cases, read back from what they print, write and keep."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import stat
from pathlib import Path

import docx
import pytest
from officers import add_officers

from generator.cases.case import Case
from generator.cli.policy import main
from generator.register.store import Register
from generator.source.load import read_yaml
from generator.source.workdays import add_months, long_date

ROOT = Path(__file__).resolve().parents[2]
FLINT = ROOT / "examples" / "flintshire"
CHESHIRE_LIKE = ROOT / "tests" / "fixtures" / "minimal"
TODAY = dt.date.today()


def _case(name: str, **changes) -> Case:
    data = dict(read_yaml(ROOT / "examples" / "cases" / name, name))
    return Case.model_validate({**_plain(data), **changes})


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@pytest.fixture
def register(register_url):
    url = register_url
    decided = TODAY - dt.timedelta(days=200)
    with Register.open(url) as kept:
        kept.add(_case("flintshire_review.yaml", outcome=None,
                       decision_date=decided.isoformat(),
                       letter_date=(decided + dt.timedelta(days=1)).isoformat()), by="tester")
    add_officers(url, FLINT, ROOT / "examples" / "district_council_2014", logins=("reviewer",))
    return url, decided


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_due_review_and_letter(register, capsys, tmp_path):
    url, decided = register
    code, out, _ = run(capsys, "cases", "due", "--source", str(FLINT), "--db", url)
    assert code == 0
    # six months from the decision: overdue by now (200 days on)
    assert f"CC/2026/0107  Mr Alex Enghraifft  case review every 6 months from the decision: " \
           f"overdue since {long_date(add_months(decided, 6))}" in out
    assert "One form of contact ends (the case's duration, 3 months): ended " in out
    assert "no rule of the policy ends a restriction when its review date passes" in out
    held = (TODAY - dt.timedelta(days=2)).isoformat()
    code, out, err = run(capsys, "cases", "review", "CC/2026/0107", "--held-on", held,
                         "--outcome", "amend", "--notes", "Fewer letters now.", "--letter",
                         "--out", str(tmp_path / "out"), "--source", str(FLINT), "--db", url,
                         "--by", "reviewer")
    assert code == 0, err
    letter = tmp_path / "out" / "CC-2026-0107_review_outcome_letter.docx"
    assert str(letter) in out
    text = "\n".join(p.text for p in docx.Document(str(letter)).paragraphs)
    assert "Alex" in text or "Enghraifft" in text
    with Register.open(url) as kept:
        stored = kept.get("CC/2026/0107")
        assert [(r.outcome, r.by) for r in stored.reviews] == [("amend", "reviewer")]
        assert [x.letter_id for x in stored.letters] == ["review_outcome_letter"]
        assert stored.case.outcome == "amend"
        actions = [e.action for e in kept.audit("CC/2026/0107")]
    assert actions[-3:] == ["review", "save", "letter"]
    code, out, _ = run(capsys, "cases", "due", "--source", str(FLINT), "--db", url)
    assert "case review every 6 months" not in out  # the next is months away
    code, out, _ = run(capsys, "cases", "audit", "CC/2026/0107", "--db", url)
    assert "reviewer  review  CC/2026/0107  reviews" in out
    assert "Enghraifft" not in out


def test_an_outcome_the_review_cannot_reach_is_refused(register, capsys):
    url, _ = register
    code, _, err = run(capsys, "cases", "review", "CC/2026/0107", "--held-on",
                       TODAY.isoformat(), "--outcome", "escalate", "--source", str(FLINT),
                       "--db", url)
    assert code == 1
    assert "'escalate' is not an outcome of this review; give one of: continue, amend" in err


def test_purge_lists_then_deletes_and_logs_without_personal_data(register_url, capsys,
                                                                tmp_path):
    url = register_url
    source = tmp_path / "source"  # the minimal source, with a register its keeper purges
    shutil.copytree(CHESHIRE_LIKE, source)
    with (source / "reviews.yaml").open("a", encoding="utf-8") as file:
        file.write("registers:\n  cases:\n    kept_by: monitoring_officer\n")
    add_officers(url, source, logins=("dpo",))
    with Register.open(url) as kept:
        for reference, stage in (("M/1", "dormant"), ("M/2", "restricted")):
            kept.add(Case(reference=reference, given_names="Pat", family_name="Madeup",
                          stage=stage), by="tester")
    later = (TODAY + dt.timedelta(days=400)).isoformat()  # past 12 months of quiet
    args = ["--source", str(source), "--db", url, "--as-of", later, "--by", "dpo"]
    code, out, _ = run(capsys, "cases", "purge", "--dry-run", *args)
    assert code == 0 and "would delete: M/1  at dormant" in out and "M/2" not in out
    with Register.open(url) as kept:
        assert kept.get("M/1") is not None
    code, out, _ = run(capsys, "cases", "purge", *args)
    assert "deleted: M/1" in out and "1 case deleted." in out
    with Register.open(url) as kept:
        assert kept.get("M/1") is None and kept.get("M/2") is not None
        entry = kept.audit("M/1")[-1]
    assert (entry.action, entry.by) == ("delete", "dpo")
    assert entry.note.startswith("stages.dormant.retention: no activity since ")
    assert "Madeup" not in repr(kept.audit())


def test_access_writes_everything_owner_only(register, capsys, tmp_path):
    url, _ = register
    target = tmp_path / "sar" / "alex.json"
    code, out, _ = run(capsys, "cases", "access", "mr alex  enghraifft", "--to", str(target),
                       "--source", str(FLINT), "--db", url)
    assert code == 0 and "CC/2026/0107" in out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    data = json.loads(target.read_text())
    assert data["subject_access_export"]["cases"] == ["CC/2026/0107"]
    held = data["cases"][0]
    assert held["case"]["family_name"] == "Enghraifft"
    assert held["case"]["address"][0] == "7 Example Street"
    assert held["stage_changes"][0]["to_stage"] == "managed_contact"
    assert [a["action"] for a in data["audit"]] == ["add"]
    code, _, err = run(capsys, "cases", "access", "Nobody Known", "--to",
                       str(tmp_path / "nobody.json"), "--source", str(FLINT), "--db", url)
    assert code == 1 and "no case in the register has this reference or name" in err


def test_report_writes_docx_and_page(register, capsys, tmp_path):
    url, _ = register
    code, out, _ = run(capsys, "cases", "report", "--period", "2026-04-01..2027-03-31",
                       "--out", str(tmp_path / "reports"), "--source", str(FLINT), "--db", url)
    assert code == 0
    page = tmp_path / "reports" / "register-report-2026-04-01-2027-03-31.html"
    assert str(page) in out and page.with_suffix(".docx").is_file()
    html = page.read_text()
    assert "Enghraifft" not in html and "7 Example Street" not in html
    # The district's policy names no one who reports or keeps a register: no one may.
    code, _, err = run(capsys, "cases", "report", "--source",
                       str(ROOT / "examples" / "district_council_2014"), "--db", url)
    assert code == 1 and "your roles may not open the register's report" in err


def test_the_facts_read_from_columns_match_the_cases_kept_whole(register_url):
    from generator.register.kept import all_cases, all_facts

    with Register.open(register_url) as kept:
        kept.add(_case("flintshire_review.yaml"), by="tester")
        kept.add(_case("flintshire_appeal_outcome.yaml", reference="CC/2026/0999"), by="tester")
        kept.record_review("CC/2026/0107", held_on=dt.date(2027, 5, 25), outcome="amend",
                           notes="", by="tester")
        whole, facts = all_cases(kept), all_facts(kept)
    assert [f.reference for f in facts] == [w.reference for w in whole]
    for fact, stored in zip(facts, whole, strict=True):
        case = stored.case
        assert (fact.case.full_name, fact.case.stage, fact.case.decision_date,
                fact.case.letter_date, sorted(fact.case.behaviours)) == (
            case.full_name, case.stage, case.decision_date, case.letter_date,
            sorted(case.behaviours))
        assert {k: m.duration for k, m in fact.case.measures.items()} == {
            k: m.duration for k, m in case.measures.items()}
        assert (fact.case.appeal is None) == (case.appeal is None)
        if case.appeal:
            assert (fact.case.appeal.received, fact.case.appeal.decided,
                    fact.case.appeal.outcome) == (case.appeal.received, case.appeal.decided,
                                                  case.appeal.outcome)
        assert fact.reviews == stored.reviews and fact.stage_changes == stored.stage_changes
        assert (fact.opened, fact.closed, fact.last_activity) == (
            stored.opened, stored.closed, stored.last_activity)
