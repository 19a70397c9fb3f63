"""The documentation site (docs/): its generated reference pages are current, and it
builds strictly (no broken link, no missing page, nothing loaded from another host)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from conftest import ROOT

DOCS = ROOT / "docs"


def _reference() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_reference", DOCS / "reference.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_reference_pages_are_what_make_reference_writes():
    stale = [name for name, text in _reference().pages().items()
             if (DOCS / "pages" / "reference" / name).read_text(encoding="utf-8") != text]
    assert stale == [], f"run `make reference` and commit docs/pages/reference/: {stale}"


def test_the_reference_names_every_command_and_every_corpus_message():
    pages = _reference().pages()
    from generator.cli.policy import _parser

    commands = next(a for a in _parser()._actions if hasattr(a, "choices") and a.choices)
    for name in commands.choices:
        assert f"## `policy {name}" in pages["commands.md"]
    import yaml

    entries = [entry for folder in ("bad_sources", "bad_cases")
               for path in sorted((ROOT / "tests" / folder).glob("*.yaml"))
               for entry in yaml.safe_load(path.read_text(encoding="utf-8"))]
    assert len(entries) > 90
    for entry in entries:
        about = entry["about"][0].upper() + entry["about"][1:]
        assert f"### {about}\n" in pages["errors.md"], about


def test_the_site_builds_strictly_with_nothing_from_another_host(tmp_path: Path):
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                          str(DOCS / "mkdocs.yml"), "-d", str(tmp_path / "docs")],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    for page in (tmp_path / "docs").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="(https?:)?//(?!127\.0\.0\.1)[^"]*\.(css|js|woff2?)',
                             html), page
        assert "fonts.googleapis" not in html, page
