"""The marker feed and an end acted on, in headless Chromium, on SQLite and PostgreSQL: the
register's keeper downloads the feed; the measures end; their end letter appears in the due
list; the keeper sends it from there (dated on the end's day); the due list no longer
lists it, and the next feed's changes list both markers as ended. axe-core on every page
(WCAG 2.2 A, AA). Screenshots with DESK_SCREENSHOTS, as test_desk_browser."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import FIXTURES
from desk_support import PASSWORD, Officer, fill_every_step, form_data, serving
from officers import with_end_letter

from generator.cases.case import Case
from generator.desk.app import create_app
from generator.register.store import Register
from generator.source.load import read_yaml
from generator.source.read import read_policy

CASE = FIXTURES / "cases" / "stage_1.yaml"
LETTER = "arrangements_ended_letter"


def at(day: str) -> float:
    return dt.datetime.fromisoformat(f"{day}T12:00:00").timestamp()


@pytest.fixture
def served(tmp_path, register_url):
    source = with_end_letter(FIXTURES / "cheshire_west", tmp_path)
    policy = read_policy(source)
    register = Register.open(register_url)
    register.add_officer("kim", "Kim", ["customer_relations_team"], PASSWORD)
    register.add(Case.model_validate(read_yaml(CASE, "stage_1.yaml")), by="kim")
    now = [at("2026-06-01")]
    app = create_app(policy, register, data_dir=tmp_path, clock=lambda: now[0])
    with serving(app) as base:
        yield base, app, policy, now
    register.close()


def _download(officer: Officer, form: str, changes: bool) -> bytes:
    page = officer.page
    forms = page.locator("main form[action='/register/markers']")
    chosen = forms.filter(has=page.locator(f"input[name=format][value={form}]"))
    chosen = chosen.filter(has=page.locator("input[name=changes]")) if changes else \
        chosen.filter(has_not=page.locator("input[name=changes]"))
    with page.expect_download() as download:
        chosen.locator("button").click()
    return Path(download.value.path()).read_bytes()


def test_feed_end_letter_and_ended_markers(browser, served):
    base, app, policy, now = served
    officer = Officer(browser, base, "markers", app, policy)
    page = officer.page
    try:
        officer.sign_in("kim")
        page.click("header a[href='/register/markers']")
        assert "2 restrictions are in force today." in page.inner_text("main")
        officer.check("markers")
        first = json.loads(_download(officer, "json", False))
        assert [m["id"] for m in first["markers"]] == [
            "CR/2026/0042/limited_calls", "CR/2026/0042/single_point_of_contact"]
        assert first["markers"][0]["ends"] == "2026-09-11"
        # the measures end on 11 September: the next day, their end letter is due
        now[0] = at("2026-09-12")
        officer.sign_in("kim")  # months later the session has long ended
        page.goto(base + "/register/due")
        main = page.inner_text("main")
        assert "Fewer or no telephone calls ends: send Letter ending the arrangements" in main
        officer.check("due-end-letter")
        page.locator(f"main a[href='/cases/CR/2026/0042/letters/{LETTER}']").first.click()
        case = Case.model_validate({**read_yaml(CASE, "stage_1.yaml"),
                                    "letter_date": "2026-09-12"})
        officer.check("end-letter")
        # the case's letter date is its first letter's: the officer dates this one today
        page.click(f"main a[href='/cases/CR/2026/0042/letters/{LETTER}/edit']")
        data = form_data(app, policy, LETTER, case)
        fill_every_step(officer, data, "Save and preview", check=True)
        officer.check("end-letter-preview")
        with page.expect_download():
            page.click("form[action$='/docx'] button")
        page.goto(base + "/register/due")
        assert "send Letter ending the arrangements" not in page.inner_text("main")
        page.goto(base + "/register/markers")
        assert "0 restrictions are in force today." in page.inner_text("main")
        officer.check("markers-after")
        changes = json.loads(_download(officer, "json", True))
        assert changes["since"] == {"feed": 1, "as_of": "2026-06-01"}
        assert [(e["id"], e["how"], e["on"]) for e in changes["ended"]] == [
            ("CR/2026/0042/limited_calls", "ends", "2026-09-11"),
            ("CR/2026/0042/single_point_of_contact", "ends", "2026-09-11")]
        assert not officer.foreign, officer.foreign
    finally:
        officer.context.close()


def test_a_measure_taken_off_by_a_decision_has_its_end_letter_due(browser, served,
                                                                    register_url):
    base, app, policy, now = served
    with Register.open(register_url) as register:  # a decision of 10 June takes one off
        stored = register.get("CR/2026/0042")
        assert stored is not None
        data = stored.case.model_dump(mode="json", exclude_defaults=True)
        data["measures"].pop("limited_calls")
        register.save(Case.model_validate({**data, "decision_date": "2026-06-10"}), by="kim",
                      version=stored.version)
    now[0] = at("2026-06-11")
    officer = Officer(browser, base, "markers-removed", app, policy)
    page = officer.page
    try:
        officer.sign_in("kim")
        page.goto(base + "/register/due")
        main = page.inner_text("main")
        assert ("Fewer or no telephone calls taken off by a decision: send Letter ending "
                "the arrangements") in main
        officer.check("due-removed-end-letter")
        link = page.locator(f"main a[href='/cases/CR/2026/0042/letters/{LETTER}']")
        assert link.count() == 1 and "Send the end letter" in link.inner_text()
        link.click()
        # the letter opens (at its form: the case's letter date is the first letter's)
        assert f"/cases/CR/2026/0042/letters/{LETTER}" in page.url
        page.goto(base + "/register/markers")
        assert "1 restriction is in force today." in page.inner_text("main")
        assert not officer.foreign, officer.foreign
    finally:
        officer.context.close()
