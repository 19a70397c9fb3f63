"""Both sites of every source in headless Chromium, as a person using them would meet them.

- axe-core finds no WCAG 2.0, 2.1 or 2.2 level A or AA violation on any page, other than
  those listed, with a reason, in tests/browser/axe-allow.yaml;
- no page asks for anything from another host;
- the main navigation, search and the decision matrix work from the keyboard alone.

The sites are built once per source with MkDocs, and for a Welsh and an English source
with Zensical too (the second engine; see ENGINE_RUNS), and served, with axe.min.js, from
a local server on 127.0.0.1. Needs Debian's ``chromium`` and ``npm ci`` in tests/browser
(``make test`` runs it). Where either is missing the tests skip, saying why; in CI
(CI=true) they fail instead.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import functools
import http.server
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from conftest import (
    AXE,
    BROWSER_DIR,
    FOREIGN,
    ROOT,
    SOURCES,
    WCAG_TAGS,
    missing,
    require_browser,
)

from generator.sites.build import build

ALLOW_LIST = BROWSER_DIR / "axe-allow.yaml"
AXE_PATH = "/__axe__/axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 600, "height": 900}  # the drawer layout, as on a phone or at 200% zoom
AS_OF = dt.date(2026, 11, 23)
MAX_TABS = 200
#: (source, engine) pairs: every source with MkDocs; with Zensical, one English and one
#: Welsh source, which between them show every kind of page, to keep the run short.
ENGINE_RUNS = [*((source, "mkdocs") for source in SOURCES),
               *((source, "zensical") for source in SOURCES
                 if source.name in ("policy_src", "rhondda_cynon_taf"))]


# The allow-list and the summary line ------------------------------------------------------

@dataclass
class Allowed:
    rule: str
    reason: str
    pages: str = "*"
    target: str = ""
    used: int = 0

    def covers(self, page: str, rule: str, target: str) -> bool:
        return (rule == self.rule and fnmatch.fnmatchcase(page, self.pages)
                and self.target in target)


def read_allow_list() -> list[Allowed]:
    data = yaml.safe_load(ALLOW_LIST.read_text(encoding="utf-8")) or {}
    entries = []
    for number, entry in enumerate(data.get("allow") or [], start=1):
        assert isinstance(entry, dict) and entry.get("rule") and entry.get("reason"), (
            f"{ALLOW_LIST}: entry {number} needs a rule and a reason")
        unknown = set(entry) - {"rule", "reason", "pages", "target"}
        assert not unknown, f"{ALLOW_LIST}: entry {number}: unknown keys {sorted(unknown)}"
        entries.append(Allowed(**entry))
    return entries


@dataclass
class Finding:
    page: str
    rule: str
    target: str
    summary: str
    help_url: str


@dataclass
class AxeReport:
    """Counts across the session, printed at the end of the run."""

    allow: list[Allowed]
    pages: int = 0
    narrow: int = 0
    """Pages checked again on a narrow screen."""
    violations: list[Finding] = field(default_factory=list)
    allowed: list[Finding] = field(default_factory=list)

    def pytest_terminal_summary(self, terminalreporter) -> None:
        write = terminalreporter.write_line
        if not self.pages:
            reason = missing()
            if reason:
                write(f"axe: no pages checked, the browser tests were skipped: {reason}")
            return
        where = ALLOW_LIST.relative_to(ROOT)
        write(f"axe: {self.pages} pages checked (and {self.narrow} again on a narrow screen), "
              f"{len(self.violations)} violations, {len(self.allowed)} allowed (see {where})")
        for entry in self.allow:
            if entry.used:
                write(f"  allowed {entry.rule} on {entry.pages} ({entry.used} elements): "
                      f"{entry.reason}")
        for entry in self.allow:
            if not entry.used:
                write(f"  allow-list entry matched nothing, remove it: {entry.rule} on "
                      f"{entry.pages}")
        for rule, count in Counter(v.rule for v in self.violations).most_common():
            write(f"  violation {rule}: {count} elements")


def test_allow_list_entries_name_a_rule_and_a_reason():
    for entry in read_allow_list():
        assert entry.rule and len(entry.reason.split()) >= 3, entry
    entry = Allowed(rule="color-contrast", reason="r", pages="*/internal/*.html", target=".x")
    assert entry.covers("flintshire/internal/decision-matrix.html", "color-contrast", "td .x")
    assert not entry.covers("flintshire/public/index.html", "color-contrast", "td .x")
    assert not entry.covers("flintshire/internal/index.html", "link-name", "td .x")
    assert not entry.covers("flintshire/internal/index.html", "color-contrast", "td .y")


@pytest.fixture(scope="session", autouse=True)
def axe_report(request) -> AxeReport:
    report = AxeReport(read_allow_list())
    request.config.pluginmanager.register(report, "axe-report")
    return report


# Sites, servers, browser -------------------------------------------------------------------

class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves one built site, and axe.min.js beside it."""

    def translate_path(self, path: str) -> str:
        if urlsplit(path).path == AXE_PATH:
            return str(AXE)
        return super().translate_path(path)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Site:
    source: str
    audience: str
    folder: Path
    base: str
    engine: str = "mkdocs"

    def pages(self) -> list[str]:
        return sorted(p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*.html"))

    def url(self, page: str) -> str:
        """The page's address; a link may be written "./page.html" (as Zensical does)."""
        return urljoin(f"{self.base}/", page)


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(folder)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session", params=ENGINE_RUNS, ids=lambda run: "-".join(
    (run[0].name, run[1])))
def sites(request, tmp_path_factory) -> Iterator[dict[str, Site]]:
    """Both sites of one source (the public one as an unapproved preview if need be),
    built once and each served at the root of its own local server."""
    require_browser()
    source, engine = request.param
    out = tmp_path_factory.mktemp(f"a11y-{source.name}-{engine}") / "site"
    build(source, out, preview=True, as_of=AS_OF, engine=engine)
    servers, found = [], {}
    for audience in ("public", "internal"):
        if (out / audience).is_dir():
            server = serve(out / audience)
            servers.append(server)
            host, port = server.server_address[:2]
            found[audience] = Site(source.name, audience, out / audience,
                                   f"http://{host}:{port}", engine)
    yield found
    for server in servers:
        server.shutdown()
        server.server_close()


class Tab:
    """One browser tab, reused from test to test. A request to any other host than the
    local server is refused and noted."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport=DESKTOP)
        self.foreign: list[str] = []
        self.context.route(FOREIGN, self._refuse)
        self.page = self.context.new_page()

    def _refuse(self, route) -> None:
        self.foreign.append(f"{self.page.url} -> {route.request.url}")
        route.abort()

    def open(self, url: str, viewport: dict[str, int] = DESKTOP):
        if self.page.viewport_size != viewport:
            self.page.set_viewport_size(viewport)
        response = self.page.goto(url)
        assert response is not None and response.ok, f"{url}: {response and response.status}"
        return self.page


@pytest.fixture(scope="module")
def tab(browser) -> Iterator[Tab]:
    tab = Tab(browser)
    yield tab
    tab.context.close()


# axe ----------------------------------------------------------------------------------------

RUN_AXE = """async tags => {
    const result = await axe.run(document, {
        runOnly: {type: "tag", values: tags},
        resultTypes: ["violations"],
    });
    const broken = [...performance.getEntriesByType("navigation"),
                    ...performance.getEntriesByType("resource")]
        .filter(entry => entry.responseStatus >= 400)
        .map(entry => `${entry.responseStatus} ${entry.name}`);
    return {violations: result.violations, broken: broken};
}"""


def axe(page, site: Site, where: str, report: AxeReport) -> tuple[list[Finding], list[str]]:
    """Run axe on the page as it stands: the violations not allowed, and missing files."""
    page.add_script_tag(url=site.base + AXE_PATH)
    result = page.evaluate(RUN_AXE, WCAG_TAGS)
    found = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            finding = Finding(where, violation["id"], target,
                              " ".join(node.get("failureSummary", "").split()),
                              violation["helpUrl"])
            entry = next((a for a in report.allow if a.covers(where, finding.rule, target)),
                         None)
            if entry:
                entry.used += 1
                report.allowed.append(finding)
            else:
                found.append(finding)
    report.violations.extend(found)
    return found, result["broken"]


def test_axe_finds_no_violations(sites, tab, axe_report):
    """Every page of both sites, checked against the WCAG A and AA rules; then the home
    page (drawer shut and open) and the decision matrix again on a narrow screen."""
    found: list[Finding] = []
    broken: list[str] = []
    tab.foreign.clear()
    for site in sites.values():
        for name in site.pages():
            page = tab.open(site.url(name))
            axe_report.pages += 1
            more, missing_files = axe(page, site, f"{site.source}/{site.audience}/{name}",
                                      axe_report)
            found += more
            broken += missing_files
        for name in ("index.html", "decision-matrix.html", "index.html#drawer"):
            if not (site.folder / name.split("#")[0]).exists():
                continue
            page = tab.open(site.url(name.split("#")[0]), NARROW)
            if name.endswith("#drawer"):
                page.evaluate("() => document.getElementById('__drawer').click()")
                page.wait_for_timeout(300)  # the drawer slides in
            axe_report.narrow += 1
            more, missing_files = axe(page, site,
                                      f"{site.source}/{site.audience}/{name} (narrow)",
                                      axe_report)
            found += more
            broken += missing_files
    assert not found, "\n".join(
        f"{f.page}: {f.rule} at {f.target}: {f.summary} ({f.help_url})" for f in found)
    assert not tab.foreign, "requests to another host:\n" + "\n".join(tab.foreign)
    assert not broken, "missing files:\n" + "\n".join(broken)


# Keyboard ------------------------------------------------------------------------------------

FOCUSED = """() => {
    const e = document.activeElement;
    if (!e || e === document.body || e === document.documentElement) return null;
    const r = e.getBoundingClientRect();
    const s = getComputedStyle(e);
    return {
        tag: e.tagName.toLowerCase(),
        cls: typeof e.className === "string" ? e.className : "",
        href: e.getAttribute("href") || "",
        text: (e.innerText || e.value || "").trim().replace(/\\s+/g, " ").slice(0, 80),
        name: e.getAttribute("aria-label") || (e.getAttribute("aria-labelledby") || "")
            .split(" ").map(id => document.getElementById(id))
            .filter(Boolean).map(n => n.textContent.trim()).join(" "),
        role: e.getAttribute("role") || "",
        expanded: e.getAttribute("aria-expanded"),
        shown: r.width > 0 && r.height > 0 && e.checkVisibility({visibilityProperty: true}),
        in_view: r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
        outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0,
        nav: !!e.closest(".md-nav--primary"),
        drawer: !!e.closest(".md-sidebar--primary"),
        matrix: !!e.closest(".decision-matrix"),
    };
}"""


def focused(page) -> dict[str, Any] | None:
    return page.evaluate(FOCUSED)


def describe(stop: dict[str, Any] | None) -> str:
    if stop is None:
        return "(nothing)"
    return f"<{stop['tag']} class='{stop['cls']}' href='{stop['href']}'> {stop['text']!r}"


def tab_to(page, wanted, what: str, key: str = "Tab") -> list[dict[str, Any]]:
    """Press Tab until the focused element satisfies ``wanted``; the stops on the way."""
    stops = []
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        stop = focused(page)
        stops.append(stop)
        if stop is not None and wanted(stop):
            return stops
    pytest.fail(f"{what} not reached in {MAX_TABS} presses of {key}; focus went to:\n"
                + "\n".join(describe(s) for s in stops[:60]))


def tab_round(page) -> list[dict[str, Any]]:
    """Every stop of one trip with Tab from the top of the page until focus leaves it."""
    page.reload()
    stops = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop is None or (stops and stop == stops[0]):
            return stops
        stops.append(stop)
    pytest.fail(f"focus did not leave the page after {MAX_TABS} presses of Tab")


def assert_focus_is_visible(stops: list[dict[str, Any]]) -> None:
    for stop in stops:
        assert stop["shown"] and stop["in_view"], f"focus went off screen: {describe(stop)}"
        if "md-search__input" not in stop["cls"]:  # the search field opens when focused
            assert stop["outline"], f"no focus outline on {describe(stop)}"


def nav_links(page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll(
        ".md-sidebar--primary .md-nav--primary a.md-nav__link[href]")]
        .filter(a => a.checkVisibility({visibilityProperty: true}))
        .map(a => a.getAttribute("href"))""")


def test_navigation_works_from_the_keyboard(sites, tab):
    """Tab reaches the skip link and every link of the main navigation, each visibly
    focused; Enter on the skip link moves to the content and on a link opens its page."""
    for site in sites.values():
        page = tab.open(site.url("index.html"))
        stops = tab_round(page)
        assert "md-skip" in stops[0]["cls"], f"the first stop is {describe(stops[0])}"
        assert_focus_is_visible(stops)
        reached = [s["href"] for s in stops if s["nav"]]
        links = nav_links(page)
        assert links and all(link in reached for link in links), (
            f"{site.audience}: navigation links not reached by Tab: "
            f"{[link for link in links if link not in reached]}")

        page.reload()
        page.keyboard.press("Tab")
        assert "md-skip" in focused(page)["cls"]
        page.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'")
        page.keyboard.press("Enter")
        target = stops[0]["href"]
        assert page.evaluate("() => location.hash") == target
        assert page.evaluate(f"""() => {{
            const r = document.getElementById({target[1:]!r}).getBoundingClientRect();
            return r.top >= 0 && r.top < innerHeight; }}""")

        others = [link for link in links if link.split("#")[0] != "index.html"]
        if others:  # the public site may have a single page
            last = others[-1]
            tab_to(page, lambda s, last=last: s["nav"] and s["href"] == last,
                   f"nav link {last}")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert page.url.split("#")[0] == site.url(last).split("#")[0]


def test_navigation_drawer_works_from_the_keyboard(sites, tab):
    """On a narrow screen (or zoomed in) the navigation is a drawer: while it is shut Tab
    never lands in it; the menu button opens it with Enter and Escape shuts it."""
    site = sites["internal"]
    page = tab.open(site.url("index.html"), NARROW)
    stops = tab_to(page, lambda s: s["role"] == "button" and s["expanded"] is not None,
                   "the menu button")
    assert not [s for s in stops if s and s["drawer"]], "Tab went into the shut drawer"
    button = stops[-1]
    assert button["name"] and button["expanded"] == "false" and button["outline"]
    assert_focus_is_visible(tab_round(page))  # the whole page, drawer shut

    page.reload()
    tab_to(page, lambda s: s["role"] == "button" and s["expanded"] is not None, "menu button")
    page.keyboard.press("Enter")
    assert focused(page)["expanded"] == "true"
    links = nav_links(page)
    first = tab_to(page, lambda s: s["drawer"] and s["href"] == links[0], "first drawer link")
    page.wait_for_timeout(300)  # the drawer slides in
    assert_focus_is_visible([focused(page)])
    assert first

    page.keyboard.press("Escape")
    assert page.evaluate("() => document.getElementById('__drawer').checked") is False
    back = focused(page)
    assert back is not None and back["role"] == "button" and back["expanded"] == "false"

    page.keyboard.press("Enter")
    last = links[-1]
    tab_to(page, lambda s: s["drawer"] and s["href"] == last, f"drawer link {last}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("#")[0] == site.url(last).split("#")[0]


def test_search_works_from_the_keyboard(sites, tab):
    """Tab to the search field, type, move through the results with the arrow keys and
    open one with Enter; the slash key opens search and Escape shuts it."""
    for site in sites.values():
        start = "timescales.html" if site.audience == "internal" else "index.html"
        page = tab.open(site.url(start))
        words = page.evaluate("() => document.querySelector('article h1').textContent")
        word = max(words.split(), key=len).strip(",.:;").lower()
        if site.engine == "zensical":
            zensical_search_by_keyboard(page, word)
            continue

        tab_to(page, lambda s: "md-search__input" in s["cls"], "the search field")
        page.keyboard.type(word)
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        page.keyboard.press("ArrowDown")
        result = focused(page)
        assert result is not None and "md-search-result__link" in result["cls"], (
            f"ArrowDown from the search field went to {describe(result)}")
        assert_focus_is_visible([result])
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.split("#")[0] == result["href"].split("#")[0]
        assert word in page.inner_text("article").lower()

        page.keyboard.press("/")
        stop = focused(page)
        assert stop is not None and "md-search__input" in stop["cls"], describe(stop)
        page.wait_for_function("() => document.getElementById('__search').checked",
                               timeout=2_000)
        page.keyboard.press("Escape")
        page.wait_for_function("() => !document.getElementById('__search').checked",
                               timeout=2_000)
        stop = focused(page)
        assert stop is None or "md-search__input" not in stop["cls"]


ZENSICAL_SEARCH = """() => {
    const host = [...document.querySelectorAll("*")]
        .find(e => e.shadowRoot && e.shadowRoot.querySelector("dialog"));
    if (!host) return {open: false};
    const root = host.shadowRoot, input = root.querySelector("input[role=combobox]");
    const id = input && input.getAttribute("aria-activedescendant");
    const option = id && root.getElementById(id);
    return {open: root.querySelector("dialog").open, focused: root.activeElement === input,
            name: input && input.getAttribute("aria-label"), active: id,
            href: option ? option.getAttribute("href") : null,
            results: root.querySelectorAll("[role=option]").length};
}"""


def settled(page) -> dict[str, Any]:
    """The search dialog once its results stop changing (it searches as each key is typed)."""
    state = page.evaluate(ZENSICAL_SEARCH)
    for _ in range(20):
        page.wait_for_timeout(150)
        state, before = page.evaluate(ZENSICAL_SEARCH), state
        if state == before:
            return state
    pytest.fail(f"the search results kept changing: {state}")


def zensical_search_by_keyboard(page, word: str) -> None:
    """Zensical's search is a dialog holding a combobox (in a shadow root): Tab reaches its
    button, Enter opens it with focus in the field, the arrow keys move the active result
    and Enter opens the best one; Escape shuts the dialog and the slash key opens it again."""
    tab_to(page, lambda s: "md-search__button" in s["cls"], "the search button")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => ({ZENSICAL_SEARCH})().focused", timeout=2_000)
    assert page.evaluate(ZENSICAL_SEARCH)["name"]
    page.keyboard.type(word)
    page.wait_for_function(f"() => ({ZENSICAL_SEARCH})().active", timeout=10_000)
    state = settled(page)
    first = state["active"]  # the best result, active at once
    if state["results"] > 1:
        page.keyboard.press("ArrowDown")
        assert page.evaluate(ZENSICAL_SEARCH)["active"] != first, "ArrowDown did not move"
        page.keyboard.press("ArrowUp")
        state = page.evaluate(ZENSICAL_SEARCH)
        assert state["active"] == first, "ArrowUp did not move back to the first result"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("#")[0] == state["href"].split("#")[0]
    assert word in page.inner_text("article").lower()

    page.keyboard.press("/")
    page.wait_for_function(f"() => ({ZENSICAL_SEARCH})().focused", timeout=2_000)
    page.keyboard.press("Escape")
    page.wait_for_function(f"() => !({ZENSICAL_SEARCH})().open", timeout=2_000)


SCROLL = """() => {
    const wrap = document.querySelector(".decision-matrix");
    return {left: wrap.scrollLeft, room: wrap.scrollWidth - wrap.clientWidth,
            focusable: wrap.tabIndex >= 0};
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, NARROW], ids=["desktop", "narrow"])
def test_decision_matrix_works_from_the_keyboard(sites, tab, viewport):
    """A matrix too wide for the screen is a named region that Tab reaches and the arrow
    keys scroll; Tab then goes on to the links after it, and Enter follows one."""
    site = sites["internal"]
    if not (site.folder / "decision-matrix.html").exists():
        pytest.skip("this source has no decision matrix")
    page = tab.open(site.url("decision-matrix.html"), viewport)
    scroll = page.evaluate(SCROLL)
    if scroll["room"] > 1:
        stops = tab_to(page, lambda s: s["matrix"], "the decision matrix")
        region = stops[-1]
        assert region["role"] == "region" and "Decision matrix" in region["name"], region
        assert_focus_is_visible([region])
        for _ in range(scroll["room"] // 20 + 5):  # about 40px a press
            page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => ({SCROLL})().left >= {scroll['room'] - 1}",
                               timeout=5_000)  # the last column is in view
    else:
        assert not scroll["focusable"], "a table that does not scroll takes no Tab stop"
    role = tab_to(page, lambda s: s["href"].startswith("roles/") and not s["nav"],
                  "a role link after the matrix")[-1]
    assert_focus_is_visible([role])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site.url(role["href"])
