"""The desk's register pages in headless Chromium for each example source with reviews: the
due list, recording a review (its errors first) and going on to its letter, retention,
the report and its download, the case's history; axe-core on every page (WCAG 2.2 A, AA)
and nothing asked of another host. Screenshots with DESK_SCREENSHOTS, as test_desk_browser.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import ROOT
from desk_support import PASSWORD, Officer, desk, serving
from docx import Document

from generator.cases.case import Case
from generator.register.actions import review_letter
from generator.register.permissions import readers

TODAY = dt.date.today()
#: Each example source whose policy reviews cases, with a stage it reviews and who decides.
SOURCES = {"flintshire": ("managed_contact", {"name": "Morgan Manager", "role": "ccsm"}),
           "rhondda_cynon_taf": ("stage_2", None),
           "district_council_2014": ("monitoring", None)}


@pytest.fixture
def served(tmp_path, request):
    name = request.param
    stage, decider = SOURCES[name]
    app, register, policy = desk(ROOT / "examples" / name, tmp_path)
    decided = TODAY - dt.timedelta(days=400)
    register.add(Case.model_validate({
        "reference": "T/1", "title": "Mx", "given_names": "Sam", "family_name": "Madeupson",
        "address": ["2 Test Road", "Exampletown", "EX1 1AA"], "stage": stage,
        "decision_date": decided.isoformat(),
        **({"decision_maker": decider} if decider else {})}), by="pat")
    with serving(app) as base:
        yield base, app, policy, name


@pytest.mark.parametrize("served", sorted(SOURCES), indirect=True)
def test_register_pages(browser, served):
    base, app, policy, name = served
    officer = Officer(browser, base, f"register-{name}", app, policy)
    page = officer.page
    try:
        page.goto(base + "/sign-in")
        page.fill("#login", "pat")
        page.fill("#password", PASSWORD)
        page.click("main button[type=submit]")
        page.click("header a[href='/register/due']")
        assert "T/1" in page.inner_text("main") and "Overdue" in page.inner_text("main")
        officer.check("due")
        page.click("main a[href='/register/review/T/1']")
        officer.check("review")
        page.fill("#held_on", "")
        page.click("main button[type=submit]")
        assert page.locator(".error-summary a").count() == 2
        officer.check("review-errors")
        page.fill("#held_on", TODAY.isoformat())
        page.check("#outcome")
        page.fill("#notes", "Contact has settled.")
        page.click("main button[type=submit]")
        letter = review_letter(policy, SOURCES[name][0])
        if letter:  # on to the letter: its preview, or its form for what the case lacks
            assert f"/cases/T/1/letters/{letter}" in page.url
            officer.check("review-letter")
        else:  # the policy has no review outcome letter (the district council's)
            assert page.url.endswith("/register/due")
        page.goto(base + "/register/purge")
        officer.check("retention")
        page.goto(base + "/register/report")
        if not readers(policy, "report"):  # the policy names no one who reports: refused
            assert "You cannot do this" in page.inner_text("main")
            assert page.goto(base + "/register/audit/T/1").status == 403
            return
        assert "Cases open during the period" in page.inner_text("main") or \
            "give the period" in page.inner_text("main")
        officer.check("report")
        if page.locator("a[href^='/register/report/docx']").count():
            with page.expect_download() as download:
                page.click("a[href^='/register/report/docx']")
            text = "\n".join(p.text for p in Document(Path(download.value.path())).paragraphs)
            assert "Madeupson" not in text and "Cases under the" in text
        page.goto(base + "/register/audit/T/1")
        assert "review" in page.inner_text("main")
        officer.check("history")
        assert not officer.foreign, officer.foreign
    finally:
        officer.context.close()
