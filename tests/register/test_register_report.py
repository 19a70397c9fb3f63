"""The periodic report's figures against a register seeded with known cases, read back from
the .docx and the HTML page; no seeded person's name or address reaches either."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup
from register_cases import D, Review, record

from generator.register.report import Period, default_period, figures, write_report
from generator.source.read import read_policy

ROOT = Path(__file__).resolve().parents[2]
RCT = read_policy(ROOT / "examples" / "rhondda_cynon_taf")
PERIOD = Period(D("2026-04-01"), D("2027-03-31"))
PEOPLE = [("Quentin", "Zarkovski", "7 Imaginary Lane"), ("Rowena", "Yelverton", "9 Fable Row"),
          ("Ssilvia", "Xanthopoulou", "2 Nowhere Court")]


def seeded():
    person = [{"given_names": g, "family_name": f, "address": [a, "Exampletown", "CF1 1AA"]}
              for g, f, a in PEOPLE]
    first = record("R/1", "2026-05-03", stage="stage_2", decision_date="2026-05-03",
                   behaviours=["unreasonable_persistence", "covert_recording"],
                   measures={"time_limits": {"duration": "12 months"}},
                   appeal={"received": "2026-05-10", "decided": "2026-06-01",
                           "outcome": "not upheld"}, **person[0])
    # reviewed within 12 months of the decision (3 May 2027): on time
    first.reviews = [Review(D("2027-02-01"), "continue")]
    late = record("R/2", "2025-01-10", stage="stage_2", decision_date="2025-01-10",
                  behaviours=["unreasonable_persistence"], **person[1])
    # due 10 January 2026 (before the period); the next window ends 10 January 2027, and the
    # review of 20 January 2027 came after it: late
    late.reviews = [Review(D("2026-01-05"), "continue"), Review(D("2027-01-20"), "amend")]
    warned = record("R/3", "2026-09-01", stage="stage_1", decision_date="2026-09-01",
                    behaviours=["threatening_conduct"], **person[2])
    before = record("R/4", "2024-01-01", closed="2025-06-30", stage="stage_1")  # out of it
    return [first, late, warned, before]


def test_figures():
    fig = figures(RCT, seeded(), PERIOD, deleted_on=[D("2026-07-01"), D("2025-07-01")])
    assert (fig.open_cases, fig.new_cases, fig.decisions) == (3, 2, 2)
    assert fig.by_stage == {"stage_2": 2, "stage_1": 1}
    assert fig.by_behaviour == {"unreasonable_persistence": 2, "covert_recording": 1,
                                "threatening_conduct": 1}
    assert fig.by_measure == {"time_limits": 1}
    assert (fig.reviews_held, fig.reviews_on_time, fig.reviews_unmeasured) == (2, 1, 0)
    assert fig.review_outcomes == {"continue": 1, "amend": 1}
    assert (fig.appeals_received, fig.appeals_decided) == (1, 1)
    assert fig.appeal_outcomes == {"not upheld": 1}
    assert fig.deletions == 1


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("name", ["report.docx", "report.html"])
def test_report_holds_the_figures_and_no_personal_data(tmp_path, name):
    out = write_report(RCT, figures(RCT, seeded(), PERIOD), tmp_path / name)
    if name.endswith(".html"):
        soup = BeautifulSoup(out.read_text(), "html.parser")
        assert not soup.find_all(["script", "link", "img", "iframe"])
        text = soup.get_text(" ")
        rows = {tr.find_all("td")[0].get_text(strip=True): tr.find_all("td")[1].get_text()
                for tr in soup.find_all("tr") if len(tr.find_all("td")) == 2}
        assert rows["Reviews held on time"] == "1"
        assert rows["Cases open during the period"] == "3"
        assert rows[RCT.behaviours["unreasonable_persistence"].name] == "2"
    else:
        text = _docx_text(out)
    assert "Cases under the" in text and "Standards Committee" in text
    assert "1 April 2026 to 31 March 2027" in text
    for given, family, street in PEOPLE:
        for word in (given, family, street, "CF1 1AA"):
            assert word not in text
    for reference in ("R/1", "R/2", "R/3"):
        assert reference not in text


def test_default_period_from_the_policy():
    # Rhondda reports every 12 months: the 12 months up to the day
    assert default_period(RCT, D("2027-05-03")) == Period(D("2026-05-04"), D("2027-05-03"))
    flint = read_policy(ROOT / "examples" / "flintshire")
    # Flintshire reviews at the end of March (financial year end): the last financial year
    assert default_period(flint, D("2027-05-03")) == Period(D("2026-04-01"), D("2027-03-31"))
    assert default_period(read_policy(ROOT / "examples" / "district_council_2014"),
                          D("2027-05-03")) is None


def test_period_parse():
    assert Period.parse("2026-04-01..2027-03-31") == PERIOD
    with pytest.raises(ValueError, match=r"START\.\.END"):
        Period.parse("2027-03-31..2026-04-01")
