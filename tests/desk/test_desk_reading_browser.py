"""Read and understood in headless Chromium, on SQLite and PostgreSQL (issue 27, item 1):
the Head of Service and the Appeals Officer each read the policy as it applies to their
role and confirm it; version 1.1 is published, changing facts the Head of Service acts on
and none of the Appeals Officer's; she is asked again and shown exactly what changed, he
is not; an administrator reads who has confirmed and who is outstanding. axe-core checks
every page at 1280 and 390 px (saved with DESK_SCREENSHOTS)."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT
from desk_support import PASSWORD, Officer, serving

from generator.desk.app import create_app
from generator.register.store import Register
from generator.source.read import read_policy

REVISION = ROOT / "tests" / "fixtures" / "revision"


@pytest.fixture
def served(register_url, tmp_path):
    """The desk on version 1.0, and how to publish 1.1 to the same address and register."""

    source = tmp_path / "source"
    shutil.copytree(REVISION / "versions" / "1.0", source)
    register = Register.open(register_url)
    register.add_officer("hana", "Hana Head", ["head_of_service"], PASSWORD)
    register.add_officer("aled", "Aled Appeals", ["appeals_officer"], PASSWORD)
    register.add_officer("ada", "Ada Admin", [], PASSWORD, admin=True)
    policy = read_policy(source)
    running = [create_app(policy, register, data_dir=tmp_path)]

    def publish():
        shutil.rmtree(source)
        shutil.copytree(REVISION, source, ignore=shutil.ignore_patterns("versions"))
        running[0] = create_app(read_policy(source), register, data_dir=tmp_path)

    with serving(lambda environ, start: running[0](environ, start)) as base:
        yield base, running[0], policy, publish
    register.close()


def test_confirm_then_a_revision_asks_again_only_the_role_it_changed(browser, served):
    base, app, policy, publish = served
    hana, aled, ada = (Officer(browser, base, name, app, policy)
                       for name in ("hana", "aled", "ada"))
    try:
        for officer, role in ((hana, "head_of_service"), (aled, "appeals_officer")):
            officer.sign_in(officer.name)
            page = officer.page
            assert page.locator("#unread").is_visible()
            with page.expect_navigation():
                page.click("#unread a")
            assert "You have not yet confirmed" in page.inner_text(f"#role-{role}")
            officer.check("policy-unread")
            with page.expect_navigation():
                page.click(f"#confirm-{role}")
            assert "you have read and understood" in page.inner_text(f"#status-{role}")
            officer.check("policy-confirmed")
        publish()
        page = hana.page
        page.goto(base + "/decisions/")
        assert page.locator("#unread").is_visible()
        with page.expect_navigation():
            page.click("#unread a")
        changes = page.locator("#role-head_of_service .changes li").all_inner_texts()
        assert changes[1].startswith("Warning: monitoring period: 3 months → 6 months")
        assert len(changes) == 3
        assert not page.locator("#role-head_of_service details").get_attribute("open")
        hana.check("policy-changed")
        with page.expect_navigation():
            page.click("#confirm-head_of_service")
        assert page.locator("#role-head_of_service .changes").count() == 0
        aled.page.goto(base + "/decisions/")
        assert aled.page.locator("#unread").count() == 0  # nothing of his changed
        aled.page.goto(base + "/policy/")
        assert "nothing this role acts on has changed since" in aled.page.inner_text(
            "#status-appeals_officer")
        assert aled.page.goto(base + "/policy/confirmations").status == 403
        ada.sign_in("ada")
        with ada.page.expect_navigation():
            ada.page.click("text=Who has read it")
        rows = ada.page.locator("tbody tr").all_inner_texts()
        assert any("Hana Head" in r and "Confirmed" in r and "version 1.1" in r for r in rows)
        assert any("Aled Appeals" in r and "Confirmed" in r and "version 1.0" in r
                   for r in rows)
        ada.check("policy-roll")
    finally:
        for officer in (hana, aled, ada):
            officer.context.close()
