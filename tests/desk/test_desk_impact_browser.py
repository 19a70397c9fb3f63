"""The desk's Draft revision page in headless Chromium (issue 27, item 2): an officer who
reads the cases follows the header's link, reads the counts, narrows the list to one kind
and opens a case from it; axe-core on each page (WCAG 2.2 A, AA), nothing asked of another
host, and the register left as it was. Screenshots with DESK_SCREENSHOTS, as
test_desk_browser."""

from __future__ import annotations

import pytest
from desk_support import PASSWORD, Officer, serving
from impact_cases import DRAFT, OFFICERS, PUBLISHED, kept
from sqlalchemy import func, select

from generator.desk.app import create_app
from generator.register import schema
from generator.register.store import Register
from generator.source.read import read_policy


@pytest.fixture
def served(register_url, tmp_path):
    register = Register.open(register_url)
    for login, roles in OFFICERS.items():
        register.add_officer(login, login.title(), roles, PASSWORD)
    kept(register_url)
    policy = read_policy(PUBLISHED)
    app = create_app(policy, register, data_dir=tmp_path, draft=read_policy(DRAFT))
    with serving(app) as base:
        yield base, app, register, policy
    register.close()


def kept_dates(register) -> list[tuple]:
    cases = schema.cases
    with register.engine.connect() as connection:
        return sorted(connection.execute(select(cases.c.reference, cases.c.next_due,
                                                cases.c.version)).all())


def test_draft_revision_page(browser, served):
    base, app, register, policy = served
    before = kept_dates(register)
    officer = Officer(browser, base, "impact", app, policy)
    page = officer.page
    try:
        officer.sign_in("keeper")
        with page.expect_navigation():
            page.click("header a[href='/register/impact']")
        main = page.inner_text("main")
        assert "held against version 1.0" in main
        counts = page.inner_text("#counts")
        assert "A review or an end falls due earlier\t2" in counts
        assert "A measure the case has is removed\t1" in counts
        assert page.locator("#cases .summary-list-row").count() == 3
        officer.check("impact")
        with page.expect_navigation():
            page.click("#counts a[href='/register/impact?kind=over_maximum']")
        assert page.locator("#cases .summary-list-row").count() == 1
        assert "9 months is longer than the new maximum of 6 months" in \
            page.inner_text("#cases")
        officer.check("impact-over-maximum")
        page.click("#cases a")
        assert "T/1" in page.inner_text("main")
        assert not officer.foreign, officer.foreign
    finally:
        officer.context.close()
    assert kept_dates(register) == before
    with register.engine.connect() as connection:  # opened once: the case page's own entry
        assert connection.scalar(select(func.count()).select_from(schema.audit).where(
            schema.audit.c.action == "open")) == 1
