"""The case list and the due list in headless Chromium, on SQLite and PostgreSQL: a search
typed and submitted, the next page followed, a column sorted, the due list filtered by
officer and period, subject access finding people of one name apart; axe-core on every
page (WCAG 2.2 A, AA) at 1280 and 390 px, nothing asked of another host. Screenshots
with DESK_SCREENSHOTS, as test_desk_browser."""

from __future__ import annotations

import pytest
from desk_support import PASSWORD, Officer, serving
from officers import with_keeper
from test_desk_lists import NOW, caseload

from generator.desk.app import create_app
from generator.register.store import Register
from generator.source.read import read_policy

from conftest import FIXTURES  # isort: skip

MINIMAL = FIXTURES / "minimal"


@pytest.fixture
def served(register_url, tmp_path):
    source = with_keeper(MINIMAL, tmp_path)  # a keeper answers subject access
    policy = read_policy(source)
    register = Register.open(register_url)
    register.add_officer("pat", "Pat", list(policy.roles), PASSWORD)
    caseload(register)
    app = create_app(policy, register, data_dir=tmp_path, clock=lambda: NOW)
    with serving(app) as base:
        yield base, app, policy
    register.close()


def test_search_pages_sorting_and_the_due_list(browser, served, register_url):
    base, app, policy = served
    database = "postgresql" if register_url.startswith("postgresql") else "sqlite"
    officer = Officer(browser, base, f"lists-{database}", app, policy)
    page = officer.page
    try:
        page.goto(base + "/sign-in")
        page.fill("#login", "pat")
        page.fill("#password", PASSWORD)
        page.click("main button[type=submit]")
        assert "121 cases" in page.inner_text("main .result-count")
        assert page.locator("main tbody tr").count() == 50
        officer.check("case-list")
        page.fill("#q", "smith")
        page.select_option("#stage", "restricted")
        page.click("main form[role=search] button[type=submit]")
        assert "20 cases" in page.inner_text("main .result-count")
        names = page.locator("main tbody tr td:nth-child(2)").all_inner_texts()
        assert set(names) == {"Jo Smith"}
        officer.check("search")
        page.fill("#q", "")
        page.select_option("#stage", "")
        page.click("main form[role=search] button[type=submit]")
        page.click("main a[rel=next]")
        assert "Page 2 of 3" in page.inner_text("main .pagination")
        assert page.locator("main tbody tr td:first-child").first.inner_text() == "ASB/2026/0051"
        page.click("main thead a:text('Customer')")
        assert page.locator("main thead th[aria-sort=ascending]").inner_text() == "Customer"
        assert page.locator("main tbody tr td:nth-child(2)").first.inner_text() == "Jo Evans"
        officer.check("sorted")
        page.click("header a[href='/register/due']")
        page.fill("#within", "3m")
        page.select_option("#officer", "pat")
        page.click("main form[role=search] button[type=submit]")
        assert "cases with something due by" in page.inner_text("main .result-count")
        assert "Page 1 of 3" in page.inner_text("main .pagination")
        officer.check("due-list")
        page.click("main a[rel=next]")
        assert "Page 2 of 3" in page.inner_text("main .pagination")
        page.click("header a[href='/register/access']")
        page.fill("#who", "Jo Smith")
        page.click("main form[role=search] button[type=submit]")
        assert "30 people found" in page.inner_text("main legend")  # one per address
        assert page.locator("main .person input:checked").count() == 0
        officer.check("subject-access")
        assert officer.foreign == []
    finally:
        officer.context.close()
