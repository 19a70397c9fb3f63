"""Bodies that did not fit the format: a decision panel, a policy that names no decider, an
unnumbered revision, late appeals and attendance, a renewal every N months; each built
from its fixture and read back from the pages, with each site engine (and the register's
due list)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES
from register_cases import D, record

from generator.cli.policy import main
from generator.register.due import case_dates
from generator.sites.build import build
from generator.source.read import read_policy

PANEL = FIXTURES / "panel"
NO_DECIDER = FIXTURES / "no_decider"


@pytest.fixture(scope="module")
def panel_site(tmp_path_factory, engine) -> Path:
    out = tmp_path_factory.mktemp(f"panel-{engine}") / "site"
    build(PANEL, out, as_of=D("2025-10-01"), pdf=False, engine=engine)
    return out


@pytest.fixture(scope="module")
def no_decider_site(tmp_path_factory, engine) -> Path:
    out = tmp_path_factory.mktemp(f"no_decider-{engine}") / "site"
    build(NO_DECIDER, out, as_of=D("2025-01-10"), pdf=False, engine=engine)
    return out


def article(page: Path) -> str:
    soup = BeautifulSoup(page.read_text(), "html.parser")
    text = soup.select_one("article").get_text(" ", strip=True)
    return text.replace(" )", ")").replace("( ", "(").replace(" ,", ",").replace(" .", ".")


def test_the_panel_page_states_how_it_works(panel_site):
    text = article(panel_site / "internal" / "roles" / "conduct_panel.html")
    assert ("Members: Head of Customer Services, Head of Legal Services, People Business "
            "Partner") in text
    assert "Quorum: 2 members" in text
    assert "Meets: every 1 month" in text
    assert "Where a member has a conflict of interest: the Deputy Chief Fire Officer decides" \
        in text
    assert ("Consults on high-risk cases: Health and Safety Adviser (where a customer has "
            "threatened violence)") in text


@pytest.mark.parametrize("member", ["head_of_customer_services", "head_of_legal",
                                    "people_partner"])
def test_a_member_s_page_lists_the_panel_s_decisions(panel_site, member):
    text = article(panel_site / "internal" / "roles" / f"{member}.html")
    assert "No decisions under this policy" not in text
    assert "Sits on Customer Conduct Panel" in text
    assert "Restrict contact (as a member of the Customer Conduct Panel)" in text
    assert "Renew a restriction (as a member of the Customer Conduct Panel)" in text


def test_who_decides_a_conflict_and_who_advises_see_it_on_their_pages(panel_site):
    deputy = article(panel_site / "internal" / "roles" / "deputy_chief_fire_officer.html")
    assert ("Where a member of the Customer Conduct Panel has a conflict of interest in a "
            "case") in deputy
    adviser = article(panel_site / "internal" / "roles" / "health_and_safety_adviser.html")
    assert ("Advises The Customer Conduct Panel, on high-risk cases (where a customer has "
            "threatened violence)") in adviser


def test_the_renewal_and_the_meetings_reach_the_timescales_page(panel_site):
    text = article(panel_site / "internal" / "timescales.html")
    assert "Restricted contact Renewed at least every 12 months" in text
    assert "Customer Conduct Panel Meets every 1 month" in text


def test_the_renewal_reaches_the_due_list():
    policy = read_policy(PANEL)
    rec = record("N/1", "2025-10-06", stage="restricted", decision_date="2025-10-06",
                 given_names="Alex", family_name="Testperson", title="Mx")
    due = {item.rule: (item.kind, item.what, item.due.isoformat())
           for item in case_dates(policy, rec)}
    # 6 October 2025 + 12 months: 6 October 2026
    assert due["stages.restricted.renew_every"] == (
        "renewal", "Restricted contact: renewed at least every 12 months", "2026-10-06")


def test_late_appeals_and_attendance_are_stated(panel_site):
    public = article(panel_site / "public" / "index.html")
    assert ("We accept a late appeal only in exceptional circumstances. You do not attend the "
            "appeal.") in public
    staff = article(panel_site / "internal" / "stages" / "restricted.html")
    assert ("A late appeal is accepted only in exceptional circumstances. The customer does "
            "not attend the appeal.") in staff


def test_an_unnumbered_revision_keeps_its_history_entry(panel_site):
    soup = BeautifulSoup((panel_site / "internal" / "document-control.html").read_text(),
                         "html.parser")
    table = soup.find(id="version-history").find_next("table")
    rows = [[c.get_text(strip=True) for c in row.find_all("td")] for row in table("tr")[1:]]
    assert rows == [["1.0", "December 2023", "First version", ""],
                    ["", "July 2024", "Contact details brought up to date", ""],
                    ["2.0", "September 2025", "Decisions given to the Customer Conduct Panel; "
                     "restrictions renewed each year", ""]]
    archive = article(panel_site / "internal" / "versions.html")
    assert "Revision of July 2024 Date: July 2024 What changed: Contact details" in archive
    assert "None" not in archive


def test_a_policy_that_names_no_decider_says_nothing_of_who_decides(no_decider_site):
    for page in sorted(no_decider_site.rglob("*.html")):
        text = article(page) if "<article" in page.read_text() else ""
        for words in ("decided by the", "Approved by:", "imposed by", "Decided by:",
                      "refers it to the"):
            assert words not in text, (page, words)
    stage = article(no_decider_site / "internal" / "stages" / "restricted.html")
    assert "Who decides See the decision matrix" in stage


def test_check_notes_each_decision_that_names_no_decider(capsys):
    assert main(["check", str(NO_DECIDER), "--as-of", "2025-01-10"]) == 0
    err = capsys.readouterr().err
    for line, decision, title in ((1, "restrict", "Restrict contact"),
                                  (3, "review_restriction", "Review a restriction")):
        assert (f"note: {NO_DECIDER}/decisions.yaml:{line}: decisions.{decision}: the published "
                f"policy will not say who takes the decision '{title}'; add taken_by: "
                "[role ids], if the policy says it") in err


def test_a_panel_names_only_roles_the_source_has(source_copy, capsys):
    src = source_copy(PANEL, [("roles.yaml", "adviser: health_and_safety_adviser",
                               "adviser: fire_safety_adviser")])
    assert main(["check", str(src), "--as-of", "2025-10-01"]) == 1
    assert f"{src}/roles.yaml:9: roles.conduct_panel.panel.adviser:" in capsys.readouterr().err
