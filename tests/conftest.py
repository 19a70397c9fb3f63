"""Shared fixtures: the sources in the repository, a way to break a copy of one, and what
tests in several folders need (LibreOffice, Chromium, a local server)."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.documents.pdf import soffice

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MINIMAL = FIXTURES / "minimal"
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*") if (p / "policy.yaml").exists())
SOURCES = [ROOT / "policy_src", *EXAMPLES]
#: Cheshire West and Chester's policy (v3.0, 2019) as policy_src encoded it, kept still for
#: the tests that name its facts: policy_src is the live source its owners revise, and a
#: routine revision (a new monitoring period, say) must not turn the tests red.
CHESHIRE = FIXTURES / "cheshire_west"


def _case_source(case: Path) -> Path:
    """The source an example case is for, from the command in its opening comment."""
    found = re.search(r"--source (\S+)", case.read_text(encoding="utf-8"))
    assert found, f"{case} names no --source in its comment"
    return ROOT / found.group(1)


#: Each made-up case in examples/cases/ with the source it is written for.
EXAMPLE_CASES = [(case, _case_source(case))
                 for case in sorted((ROOT / "examples" / "cases").glob("*.yaml"))]

# No cache of exports or checks: every test (and every command it runs) does the work
# itself, so reproducibility is tested on the tools, not on copies. Tests of the cache
# name their own folder.
os.environ["POLICY_CACHE_DIR"] = ""
os.environ["POLICY_PDF_SERVER"] = "off"  # each run its own LibreOffice, unless a test asks
# Every command a test runs runs in its own process: a build server the developer keeps
# would run the code it was started with. The build server's own tests start their own.
os.environ["POLICY_BUILD_SERVER"] = "off"
# The tests' letters, case files and registers go in pytest's folders in /tmp (owner-only):
# the suite alone lets personal data into the temporary folder (tests/test_private.py
# turns it off to see the refusal). A site or a git work tree stays refused.
os.environ["POLICY_ALLOW_TEMP_OUTPUT"] = "1"

NEEDS_SOFFICE = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not "
                                   "installed; .ci/run installs libreoffice-writer")

# The browser tests (axe-core, keyboard, reading): Chromium and axe-core, or a skip saying why.
BROWSER_DIR = ROOT / "tests" / "browser"
AXE = BROWSER_DIR / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def chromium() -> str | None:
    """Debian's Chromium (or the browser named by $CHROMIUM), if it is installed."""
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return found if Path(found).is_file() else None


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    if not chromium():
        return "Chromium is not installed (apt-get install chromium)"
    if not AXE.exists():
        return "axe-core is not installed (npm ci in tests/browser; make test does it)"
    return None


def require_browser() -> None:
    reason = missing()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"the browser tests must run in CI, but {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


# A local server that a test starts, and waits for.
#: The WCAG 2.0, 2.1 and 2.2 levels A and AA that axe-core checks.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: Any request a page makes to somewhere other than the local server.
FOREIGN = re.compile(r"^(?!(http://127\.0\.0\.1[:/]|data:|blob:|about:))")


@pytest.fixture(scope="module")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode()
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def source_copy(tmp_path: Path):
    """Copy a source to a temporary folder, replace text in one of its files, return it."""

    def make(base: Path = MINIMAL, edits: list[tuple[str, str, str]] = ()) -> Path:
        target = tmp_path / "src"
        shutil.copytree(base, target)
        for file, old, new in edits:
            path = target / file
            text = path.read_text(encoding="utf-8")
            assert old in text, f"{old!r} not in {file}"
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return target

    return make


@pytest.fixture
def welsh_intranet_source(source_copy) -> Path:
    """The Welsh fixture asking for a Welsh intranet, every missing text given a stand-in."""
    import yaml

    from generator.source.read import read_policy
    from generator.source.translation import translatable

    src = source_copy(FIXTURES / "welsh", [("policy.yaml", "sites: [public]",
                                            "sites: [public, internal]")])
    policy = read_policy(src)
    labels = {key: f"CY {english}" for key, english in translatable(policy).items()}
    (src / "cy" / "labels.yaml").write_text(yaml.safe_dump({**labels, **policy.welsh_text},
                                                           allow_unicode=True))
    for name, english in policy.prose.items():
        if not (src / "cy" / "prose" / name).exists():
            (src / "cy" / "prose" / name).write_text(english)
    return src


_FONT_PROGRAM = re.compile(rb"<<[^<>]*/Length1 [^<>]*>>\s*stream\r?\n.*?\r?\nendstream", re.S)
_OFFSETS = re.compile(rb"\d{10} \d{5} [nf]|startxref\s+\d+")


def without_font_programs(pdf: bytes) -> bytes:
    """A PDF with its embedded font programs, and the offsets that follow from their size,
    blanked out.

    Under heavy load LibreOffice now and then writes a font subset with other bytes for the
    same glyphs; everything else (text, layout, dates, ids) must still match to the byte.
    """
    return _OFFSETS.sub(b"OFFSET", _FONT_PROGRAM.sub(b"FONT", pdf))


def pdf_standing(pdf: bytes) -> tuple[int, bytes]:
    """What a rebuilt PDF must keep: its number of pages, and the creation date pinned
    from the source.

    Now and then LibreOffice writes a stream (a font subset, once a page's content) with
    other bytes for the same document; that is outside this project's control, so a
    rebuild's PDF is held to these, and a letter's to :func:`without_font_programs`.
    """
    date = re.search(rb"/CreationDate \(D:(\d{14})", pdf)
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)), date.group(1) if date else b""


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def engine(request) -> str:
    """Each site engine in turn (generator.source.model.SiteEngine), for a test of what a
    built site shows."""
    return request.param


@pytest.fixture(params=["sqlite", "postgresql"])
def register_url(request, tmp_path: Path) -> Iterator[str]:
    """An empty register's URL: a SQLite file, and a schema of its own (dropped afterwards)
    on the PostgreSQL server that $POLICY_TEST_DATABASE_URL names (tests/pg_cluster.sh
    starts one). Without that variable the PostgreSQL runs skip, except in CI, where they
    fail."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'register.sqlite'}"
        return
    base = os.environ.get("POLICY_TEST_DATABASE_URL")
    if not base:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must set POLICY_TEST_DATABASE_URL to a PostgreSQL database")
        pytest.skip("POLICY_TEST_DATABASE_URL is not set (tests/pg_cluster.sh starts a server)")
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"test_{secrets.token_hex(6)}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {name}")
    try:
        url = make_url(base).update_query_dict({"options": f"-csearch_path={name}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {name} CASCADE")
        admin.dispose()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output (review the diff)")


#: Test files that open Chromium throughout (`make quick` leaves them out).
_BROWSER_FILES = ("test_accessibility.py", "_browser.py", "test_reading.py")
#: What makes a test slow: it builds a site (MkDocs, pandoc, D2), renders many letters or
#: every template, runs over every source or example case, or starts a process (a server,
#: the installed command, a wheel build, pybabel).
_SLOW = re.compile(
    r"""["'](build|letters|serve|desk)["']|build_sites|\bbuild\(|_build|subprocess|Popen|"""
    r"""wheel|policy_cli|POLICY_CLI|golden|export|pandoc|render_fill_in|fill_ins|"""
    r"""\bSOURCES\b|EXAMPLE_CASES|EXAMPLES|check_letters|make_templates|extract|"""
    r"""_reference\(|\.pages\(\)|example_cases\(\)|\bLETTERS\b|@given\(|nested lists""")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark what needs Chromium (`browser`) or LibreOffice (`libreoffice`), from the fixtures
    and skip conditions a test already declares, and what is `slow` from what its code
    calls, so `pytest -m "not browser and not libreoffice and not slow"` (`make quick`)
    runs the rest."""
    import inspect

    def code(function: object) -> str:
        try:
            return inspect.getsource(function)  # type: ignore[arg-type]
        except (OSError, TypeError):
            return ""

    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        fixtures = [d.func for defs in (info.name2fixturedefs.values() if info else [])
                    for d in defs]
        if any(_SLOW.search(code(f)) for f in [getattr(item, "function", None), *fixtures]):
            item.add_marker(pytest.mark.slow)
        if "browser" in getattr(item, "fixturenames", ()) or item.path.name.endswith(
                _BROWSER_FILES):
            item.add_marker(pytest.mark.browser)
        reasons = " ".join(str(mark.kwargs.get("reason", ""))
                           for mark in item.iter_markers("skipif"))
        if "LibreOffice" in reasons or "soffice" in reasons:
            item.add_marker(pytest.mark.libreoffice)
