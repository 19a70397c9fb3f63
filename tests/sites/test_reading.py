"""The intranet as staff read it: role pages, the process flow, the 404 page and print;
with each site engine."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from conftest import CHROMIUM_ARGS, MINIMAL, chromium, require_browser

from generator.sites.build import build
from generator.sites.flow import d2_source
from generator.source.model import OutcomeKind
from generator.source.read import read_policy

AS_OF = dt.date(2026, 4, 2)  # the minimal source is overdue for review from this day


@pytest.fixture(scope="module")
def site(tmp_path_factory, engine):
    out = tmp_path_factory.mktemp(f"reading-{engine}") / "site"
    build(MINIMAL, out, pdf=False, as_of=AS_OF, engine=engine)
    return out


def soup(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def sections(page: BeautifulSoup) -> dict[str, list[str]]:
    """The list items under each second-level heading of a page's article."""
    found: dict[str, list[str]] = {}
    for heading in page.select("article h2"):
        items = heading.find_next_sibling("ul")
        found[heading.get_text(strip=True)] = [
            " ".join(li.get_text().split()) for li in items.select("li")]
    return found


def test_a_role_page_lists_everything_the_role_does(site):
    head = sections(soup(site / "internal" / "roles" / "head_of_service.html"))
    assert head["Decides"] == ["Issue a warning",
                               "Restrict contact (jointly: Head of Service and Monitoring "
                               "Officer)", "Review a restriction"]
    assert head["Signs"] == ["Warning letter"]
    appeals = sections(soup(site / "internal" / "roles" / "appeals_officer.html"))
    assert appeals["Receives appeals"] == ["Appeals against: Issue a warning"]


def test_role_names_start_with_a_capital_as_titles(source_copy, tmp_path, engine):
    src = source_copy(MINIMAL, [("roles.yaml", "name: Appeals Officer", "name: appeals officer")])
    build(src, tmp_path / "site", pdf=False, as_of=AS_OF, engine=engine)
    page = soup(tmp_path / "site" / "internal" / "roles" / "appeals_officer.html")
    assert page.select_one("article h1").get_text(strip=True) == "Appeals officer"
    nav = [a.get_text(strip=True) for a in page.select(".md-nav__link")]
    assert "Appeals officer" in nav


def test_the_process_flow_says_only_what_the_source_says():
    source = d2_source(read_policy(MINIMAL))
    assert "extreme conduct" not in source
    assert '"conduct reported" -> "restricted": "straight here"' in source
    # a stage's outcomes each lead somewhere, so no stage looks like a dead end
    assert '"restricted" -> "dormant": "close"' in source
    policy = read_policy(MINIMAL)
    stayed = policy.model_copy(update={"stages": {
        **policy.stages, "restricted": policy.stages["restricted"].model_copy(update={
            "outcomes": [o.model_copy(update={"kind": OutcomeKind.continue_, "to": None})
                         for o in policy.stages["restricted"].outcomes]})}})
    assert '"restricted" -> "restricted": "continue"' in d2_source(stayed)


def test_the_process_page_offers_the_diagram_full_size(site):
    page = soup(site / "internal" / "process.html")
    assert page.select_one('article a[href="process.svg"]').get_text(strip=True) == \
        "Open the diagram full size"
    frame = page.select_one(".process-flow-frame")
    assert frame["tabindex"] == "0" and frame.select_one("img")


def test_the_internal_404_page_carries_the_marking(site):
    page = soup(site / "internal" / "404.html")
    assert page.select_one(".policy-marking").get_text(strip=True) == \
        "OFFICIAL: internal use only"
    assert page.select_one("article h1").get_text(strip=True) == "Page not found"
    public = soup(site / "public" / "404.html")
    assert public.select_one(".policy-marking") is None


def test_the_welsh_404_page_is_in_welsh(welsh_intranet_source, tmp_path, engine):
    build(welsh_intranet_source, tmp_path / "site", pdf=False, as_of=dt.date(2025, 6, 1),
          engine=engine)
    for audience in ("public", "internal"):
        page = soup(tmp_path / "site" / audience / "cy" / "404.html")
        assert page.select_one("article h1").get_text(strip=True) == \
            "Heb ddod o hyd i’r dudalen"


def test_printed_pages_keep_the_marking_notices_and_version_and_fit_a4(site):
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 794, "height": 1123})  # A4 at 96 dpi
        page.goto((site / "internal" / "decision-matrix.html").as_uri())
        page.emulate_media(media="print")
        assert page.locator(".policy-marking").is_visible()
        assert page.locator(".policy-notice--overdue").is_visible()
        version = page.locator(".policy-print-only")
        assert version.is_visible()
        assert version.inner_text().startswith("Version 1.0, published.")
        table = page.locator(".decision-matrix__table").bounding_box()
        width = page.evaluate("document.documentElement.clientWidth")
        assert table["x"] >= 0 and table["x"] + table["width"] <= width
        page.emulate_media(media="screen")
        assert not version.is_visible()  # on screen the footer says it
        browser.close()


BRANDED = [("policy.yaml", "  nation: england", "  nation: england\n  logo: logo.png\n"
            "  colour: \"#1d4f91\"\n  address: [Town Hall, Testham, TE1 1AA]\n"
            "  phone: 01234 567890\n  email: contact@testshire.example")]


def test_both_sites_carry_the_bodys_logo_and_colour(source_copy, tmp_path, engine):
    src = source_copy(MINIMAL, BRANDED)
    (src / "logo.png").write_bytes(_tiny_png())
    build(src, tmp_path / "site", pdf=False, as_of=dt.date(2025, 6, 1), engine=engine)
    for audience in ("public", "internal"):
        page = soup(tmp_path / "site" / audience / "index.html")
        logo = page.select_one(".md-header .md-logo img")["src"]
        assert logo.removeprefix("./") == "assets/logo.png"  # Zensical writes "./"
        assert (tmp_path / "site" / audience / "assets" / "logo.png").is_file()
        assert "--md-primary-fg-color:#1d4f91" in page.head.style.get_text()
    require_browser()  # the header is drawn in it (Zensical sets no palette on the page)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        for audience in ("public", "internal"):
            page.goto((tmp_path / "site" / audience / "index.html").as_uri())
            assert page.eval_on_selector(".md-header", "e => getComputedStyle(e)"
                                         ".backgroundColor") == "rgb(29, 79, 145)"
        browser.close()


def test_a_colour_too_light_for_white_text_is_refused(source_copy, capsys):
    from generator.cli.policy import main

    src = source_copy(MINIMAL, [("policy.yaml", "  nation: england",
                                 "  nation: england\n  colour: \"#ffcc00\"")])
    assert main(["check", "--source", str(src)]) == 1
    assert (f"{src}/policy.yaml:4: policy.council.colour: white text on #ffcc00 has a contrast "
            "of 1.5:1, under the 4.5:1 that WCAG 2.2 AA needs; choose a darker shade") in \
        capsys.readouterr().err


def test_the_public_page_says_how_to_contact_the_body(source_copy, tmp_path, engine):
    src = source_copy(MINIMAL, BRANDED)
    (src / "logo.png").write_bytes(_tiny_png())
    build(src, tmp_path / "site", pdf=False, as_of=dt.date(2025, 6, 1), engine=engine)
    page = soup(tmp_path / "site" / "public" / "index.html")
    contact = page.select_one("#contact-us").find_next("ul")
    assert [" ".join(li.get_text().split()) for li in contact.select("li")] == [
        "By post: Town Hall, Testham, TE1 1AA", "Telephone: 01234 567890",
        "Email: contact@testshire.example"]
    assert contact.select_one("a")["href"] == "mailto:contact@testshire.example"


def test_no_contact_section_where_the_source_gives_no_contact(site):
    assert soup(site / "public" / "index.html").select_one("#contact-us") is None


def _tiny_png() -> bytes:
    """A 2 by 2 pixel PNG, standing in for a body's logo."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    raw = b"".join(b"\x00" + bytes((29, 79, 145)) * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_the_404_page_finds_its_styles_below_the_sites_address(source_copy, tmp_path, engine):
    src = source_copy(MINIMAL, [("policy.yaml", 'version: "1.0"', 'version: "1.0"\nsite_urls:\n'
                                 "  internal: https://intranet.example/policy/")])
    build(src, tmp_path / "site", pdf=False, as_of=dt.date(2025, 6, 1), engine=engine)
    page = soup(tmp_path / "site" / "internal" / "404.html")
    sheets = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    assert sheets and all(href.startswith("/policy/assets/") for href in sheets)
    public = soup(tmp_path / "site" / "public" / "404.html")
    assert all(link["href"].startswith("/assets/")
               for link in public.select('link[rel="stylesheet"]'))
