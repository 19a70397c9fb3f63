"""The letter desk end to end in headless Chromium, as an officer uses it: sign in, start a
case, pick the letter, meet the errors, type the case in, preview, download the .docx and
read it back; once for each example source, and once in Welsh. axe-core checks every page
(WCAG 2.2 A and AA), and no page asks anything of another host.

The desk runs on waitress on 127.0.0.1 with its own register in a temporary folder. Needs
Chromium and axe-core as tests/sites/test_accessibility.py does: skipped without them, failed in
CI. With DESK_SCREENSHOTS=FOLDER each page is also saved there at 1280 and 390 px wide.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES
from desk_support import PASSWORD, Officer, desk, example_cases, fill_every_step, form_data, serving
from docx import Document

from generator.letters.documents import document_text

#: One journey for each example source: the example case typed in (None: no letters).
JOURNEYS = {source.name: next((e for e in example_cases() if e.source == source), None)
            for source in EXAMPLES}
WELSH = next(e for e in example_cases() if e.id == "rhondda_warning_welsh")


@pytest.fixture(scope="module")
def servers(tmp_path_factory) -> Iterator[dict[str, tuple[str, Any, Any]]]:
    """A desk for each example source, served by waitress on a free local port: its
    address, app and policy, by the source's folder name."""

    desks = {}
    with ExitStack() as running:
        for source in EXAMPLES:
            app, _, policy = desk(source, tmp_path_factory.mktemp(source.name))
            desks[source.name] = (running.enter_context(serving(app)), app, policy)
        yield desks


def journey(officer: Officer, example, welsh: bool = False) -> str:
    """From an empty desk to a downloaded letter; the letter's text."""
    page = officer.page
    page.goto(officer.base + "/")
    assert page.url.startswith(officer.base + "/sign-in")
    if welsh:
        page.click("a[hreflang=cy]")
        assert page.get_attribute("html", "lang") == "cy"
    officer.check("sign-in")
    page.fill("#login", "pat")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    officer.check("cases")
    if example is None:  # no role of a policy without decisions may start a case
        return ""
    page.click("a.button")
    officer.check("choose-letter")
    if example is None:
        assert page.locator("input[name=letter]").count() == 0
        return ""
    page.check(f"input[name=letter][value={example.letter_id}]")
    page.click("main button[type=submit]")
    officer.check("case-form")
    page.click("main button[type=submit]")  # nothing typed in: the errors
    summary = page.locator(".error-summary")
    assert summary.evaluate("e => e === document.activeElement"), "summary not focused"
    links = summary.locator("a")
    assert links.count() > 0
    for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert page.locator(href).count() == 1, f"{href} names no one field"
        assert page.locator(f"{href}-error").count() == 1, f"no message beside {href}"
    officer.check("errors")
    target = links.first.get_attribute("href")
    links.first.click()
    assert page.evaluate("() => '#' + document.activeElement.id") == target or \
        page.locator(target).is_visible()
    policy = officer.policy
    fill_every_step(officer, form_data(officer.app, policy, example.letter_id,
                                       example.case(policy)),
                    "Cadw a rhagweld" if welsh else "Save and preview")
    officer.check("preview")
    with page.expect_download() as download:
        page.click("form[action$='/docx'] button")
    data = Path(download.value.path()).read_bytes()
    page.goto(officer.base + f"/cases/{example.case(policy).reference}")
    officer.check("case")
    assert not officer.foreign, officer.foreign
    return document_text(Document(io.BytesIO(data)))


@pytest.fixture
def officer_at(browser, servers):
    opened = []

    def open_desk(source_name: str, name: str) -> Officer:
        base, app, policy = servers[source_name]
        officer = Officer(browser, base, name, app, policy)
        opened.append(officer)
        return officer

    yield open_desk
    for officer in opened:
        officer.context.close()


@pytest.mark.parametrize("source_name", sorted(JOURNEYS))
def test_a_new_case_to_a_downloaded_letter(officer_at, source_name):
    example = JOURNEYS[source_name]
    officer = officer_at(source_name, source_name)
    text = journey(officer, example)
    if example is None:  # a source without roles or letters: no one may start a case
        assert "Your account does not allow this" in officer.page.inner_text("main")
        return
    case = example.case(officer.policy)
    assert (case.family_name or case.customer_name or case.reference) in text
    assert officer.checked == 7


def test_the_same_journey_in_welsh(officer_at):
    officer = officer_at(WELSH.source.name, "welsh")
    text = journey(officer, WELSH, welsh=True)
    assert "Annwyl" in text and "Dear " not in text
    assert officer.page.get_attribute("html", "lang") == "cy"
