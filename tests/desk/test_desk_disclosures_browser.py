"""Every disclosure on record, in headless Chromium, on SQLite and on PostgreSQL: a
restriction of the disclosure fixture is approved in the decision maker's queue; the case
page links to whom to tell (the Customer Relations Team, by the stage; reception, by the
letters-only measure); the officer records telling the team; a telling of someone the
policy does not name is refused without a reason, then recorded with one; the record shows
on the case page, and the keeper's subject access file holds it. An officer whose role is
only told of restrictions opens none of it. axe-core checks every page at 1280 and 390 px
(saved with DESK_SCREENSHOTS)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from desk_support import PASSWORD, Officer, serving

from generator.cases.case import Case
from generator.desk.app import create_app
from generator.register import decisions
from generator.register.store import Register
from generator.source.read import read_policy

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "tests" / "fixtures" / "disclosure"
REFERENCE = "TC/2026/0007"
TEAM = "stages.restricted.notify.0|customer_relations"


@pytest.fixture
def served(register_url, tmp_path):
    policy = read_policy(SOURCE)
    register = Register.open(register_url)
    register.add_officer("hana", "Hana Head", ["head_of_service", "monitoring_officer"],
                         PASSWORD)
    register.add_officer("cara", "Cara Relations", ["customer_relations"], PASSWORD)
    register.add_officer("rob", "Rob Reception", ["reception"], PASSWORD)
    register.add(Case.model_validate({
        "reference": REFERENCE, "customer_name": "Mx Alex Example",
        "address": ["1 Test Row", "Testham", "TE1 1AA"], "behaviours": ["abuse"],
        "stage": "warning"}), by="cara")
    decisions.propose(register, REFERENCE, "restriction", None, {
        "stage": "restricted", "measures": {"letter_only": {"scope": "service"}}}, by="cara")
    app = create_app(policy, register, data_dir=tmp_path)
    with serving(app) as base:
        yield base, app, policy, register
    register.close()


def test_approve_tell_refuse_tell_with_reason_and_read_back(browser, served):
    base, app, policy, register = served
    hana = Officer(browser, base, "hana", app, policy)
    cara = Officer(browser, base, "cara", app, policy)
    rob = Officer(browser, base, "rob", app, policy)
    try:
        _journey(hana, cara, rob, register)
    finally:
        for officer in (hana, cara, rob):
            officer.context.close()


def _journey(hana: Officer, cara: Officer, rob: Officer, register: Register) -> None:
    hana.sign_in("hana")
    page = hana.page
    page.goto(hana.base + "/decisions/")
    page.click(f"main tbody a:has-text('{REFERENCE}')")
    with page.expect_navigation():
        page.click("#approve")
    assert page.url.endswith(f"/cases/{REFERENCE}")
    main = page.inner_text("main")
    assert "No telling has been recorded for this case." in main
    assert ("no telling of them is recorded yet: Customer Relations Team, Reception staff"
            in main)
    page.click("text=Whom to tell, and record a telling")
    main = page.inner_text("main")
    assert ("When a case enters the stage 'Restricted contact', the policy says to tell: "
            "Customer Relations Team. They are told by email.") in main
    assert "When the measure 'Letters only' is imposed, the policy says to tell: " \
        "Reception staff." in main
    assert main.count("Not yet") == 2
    hana.check("told-page")

    page.check(f"input[name=to][value='{TEAM}']")
    page.fill("#name", "Jo Team")
    page.fill("#how", "by email")
    page.click("text=Record the telling")
    assert "The telling is recorded." in page.inner_text("main")
    assert page.inner_text("main").count("Not yet") == 1  # reception still to tell

    page.check("input[name=to][value=other]")
    page.fill("#name", "Dana Neighbour")
    page.fill("#how", "by telephone")
    with page.expect_navigation():
        page.click("text=Record the telling")
    assert page.locator("#reason-error").count() == 1
    assert ("telling anyone outside the roles the policy names needs a recorded reason: the "
            "policy names: Customer Relations Team, Reception staff; give the reason you told "
            "this person") in page.inner_text(".error-summary")
    hana.check("told-refused")
    assert page.input_value("#name") == "Dana Neighbour"  # nothing retyped
    page.fill("#reason", "The housing officer visits the customer on Monday.")
    page.click("text=Record the telling")
    assert "The telling is recorded." in page.inner_text("main")
    hana.check("told-recorded")

    page.goto(f"{hana.base}/cases/{REFERENCE}")
    assert "recorded yet: Reception staff" in page.inner_text("main")
    record = page.inner_text("main table:has(caption:has-text('Each telling recorded'))")
    assert "Jo Team, Customer Relations Team" in record
    assert "stages.restricted.notify.0" in record
    assert "Outside the policy's roles: The housing officer visits the customer on Monday." \
        in record
    hana.check("case-told")

    cara.sign_in("cara")  # the register's keeper answers subject access
    cpage = cara.page
    cpage.goto(f"{cara.base}/register/access?who={REFERENCE}")
    assert "Tellings of their decisions recorded, in the file: 2" in cpage.inner_text("main")
    cara.check("access")
    with cpage.expect_download() as download:
        cpage.click("text=Export everything held (JSON)")
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert [(d["role"], d["name"], d["outside"]) for d in data["disclosures"]] == [
        ("customer_relations", "Jo Team", False), (None, "Dana Neighbour", True)]

    today = dt.date.today().isoformat()
    cpage.goto(f"{cara.base}/register/report?from={today}&to={today}")
    figures = cpage.inner_text("main table")
    assert "Tellings of decisions recorded\t2" in figures
    assert "Tellings outside the policy's roles, each with its reason\t1" in figures
    cara.check("report")

    rob.sign_in("rob")  # told of restrictions, never reading the record
    assert rob.page.goto(f"{rob.base}/told/{REFERENCE}").status == 403
    assert [a.note for a in register.audit(REFERENCE) if a.action == "disclose"] == [
        "stages.restricted.notify.0", "outside the policy's roles"]
    assert not hana.foreign and not cara.foreign
