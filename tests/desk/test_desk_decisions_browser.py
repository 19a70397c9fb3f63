"""Prepare, decide, send in headless Chromium, as two officers with different roles of
Rhondda's policy, on SQLite and on PostgreSQL: a member of staff prepares a stage 1 warning
step by step and sends it for decision; the Head of Service finds it in her queue, reads the
draft letter, returns it with a note; the officer changes it and sends it again; she takes
the decision and downloads the letter. Every refusal on the way: pages and actions their
roles do not open, and a cookie replayed after signing out. axe-core checks every page at
1280 and 390 px (saved with DESK_SCREENSHOTS)."""

from __future__ import annotations

import io

import pytest
from conftest import ROOT
from desk_support import PASSWORD, Officer, example_cases, fill_every_step, form_data, serving
from docx import Document

from generator.desk.app import create_app
from generator.letters.documents import document_text
from generator.register.store import Register
from generator.source.read import read_policy

RHONDDA = ROOT / "examples" / "rhondda_cynon_taf"
WARNING = next(e for e in example_cases() if e.id == "rhondda_warning_welsh")


@pytest.fixture
def served(register_url, tmp_path):
    policy = read_policy(RHONDDA)
    register = Register.open(register_url)
    register.add_officer("sam", "Sam Staff", ["all_staff"], PASSWORD)
    register.add_officer("hana", "Hana Head", ["head_of_service"], PASSWORD)
    app = create_app(policy, register, data_dir=tmp_path)
    with serving(app) as base:
        yield base, app, policy, register
    register.close()


def test_prepare_return_send_again_decide_and_send(browser, served):
    base, app, policy, register = served
    sam = Officer(browser, base, "sam", app, policy)
    hana = Officer(browser, base, "hana", app, policy)
    try:
        _journey(sam, hana, policy, register)
    finally:
        sam.context.close()
        hana.context.close()


def _journey(sam: Officer, hana: Officer, policy, register) -> None:
    reference = WARNING.case(policy).reference
    data = form_data(sam.app, policy, WARNING.letter_id, WARNING.case(policy), decides=False)
    data.pop("letter_date")  # dated when the decision is taken
    sam.sign_in("sam")
    sam.check("cases-own")
    page = sam.page
    page.goto(f"{sam.base}/cases/new?letter={WARNING.letter_id}")
    page.click("main button[type=submit]")  # the first step, empty: its errors only
    errors = page.locator(".error-summary a").all_inner_texts()
    assert "Enter family name" in errors
    assert not [e for e in errors if "_" in e], errors  # plain words, no ids
    sam.check("form-errors")
    fill_every_step(sam, data, "Send for decision", check=True)
    assert "waiting in the decision makers' queue" in page.inner_text("main")
    sam.check("case-sent")
    for refused in ("/register/due", "/register/report", "/register/purge", "/accounts/",
                    "/decisions/1"):
        response = page.goto(sam.base + refused)
        assert response.status == 403, refused
        assert "Your account does not allow this" in page.inner_text("main")
    assert page.goto(f"{sam.base}/cases/RCT/2026/0099").status == 403  # not theirs: unsaid

    hana.sign_in("hana")
    hpage = hana.page
    hpage.goto(hana.base + "/decisions/")
    hana.check("queue")
    hpage.click(f"main tbody a:has-text('{reference}')")
    assert "Hana Head" in hpage.inner_text("section.letter")  # the draft, signed by her
    hana.check("draft")
    hpage.click("text=Return with this note")  # no note: refused
    assert hpage.locator("#note-error").count() == 1
    hpage.fill("#note", "Say which calls, please.")
    hpage.click("text=Return with this note")
    assert hpage.url.endswith("/decisions/")
    assert hpage.goto(f"{hana.base}/accounts/").status == 403
    assert hpage.goto(f"{hana.base}/register/purge").status == 403

    page.goto(f"{sam.base}/cases/{reference}")
    assert "Say which calls, please." in page.inner_text("main")
    page.click("text=Change and send again")
    assert page.input_value("#family_name") == WARNING.case(policy).family_name
    fill_every_step(sam, data, "Send for decision")

    hpage.goto(hana.base + "/decisions/")
    hpage.click(f"main tbody a:has-text('{reference}')")
    with hpage.expect_navigation():
        hpage.click("#approve")
    hpage.wait_for_load_state()
    assert hpage.url.endswith(f"/letters/{WARNING.letter_id}")
    hana.check("letter")
    with hpage.expect_download() as download:
        hpage.click("form[action$='/docx'] button")
    text = document_text(Document(io.BytesIO(download.value.path().read_bytes())))
    assert "Hana Head" in text and WARNING.case(policy).family_name in text
    hpage.goto(f"{hana.base}/cases/{reference}")
    assert "Hana Head" in hpage.inner_text("main")
    hana.check("case")
    kept = register.get(reference)
    assert (kept.case.stage, kept.case.decision_maker.name) == ("stage_1", "Hana Head")

    cookies = sam.context.cookies()  # a copy taken before signing out
    page.goto(sam.base + "/")
    page.click("text=Sign out")
    thief = browser_context(sam)
    thief.add_cookies(cookies)
    stolen = thief.new_page()
    stolen.goto(f"{sam.base}/cases/{reference}")
    assert "/sign-in" in stolen.url  # the replayed cookie opens nothing
    thief.close()
    assert not sam.foreign and not hana.foreign


def browser_context(officer: Officer):
    return officer.context.browser.new_context()
