"""Golden files: the Markdown tree of each fixture, held to the copy kept in tests/golden/.

Any change to what the pages say shows as a diff here. When the change is meant, refresh
the copies and review their diff before committing it:

    .venv/bin/pytest tests/sites/test_golden.py --update-golden
    git diff tests/golden/
"""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from generator.sites.build import build

GOLDEN = ROOT / "tests" / "golden"
AS_OF = dt.date(2026, 12, 1)  # the trees do not depend on the day; the build is told one
FIXTURE_SOURCES = sorted(p for p in FIXTURES.iterdir() if (p / "policy.yaml").exists())


def markdown_files(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*.md"))}


def differences(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    """What differs, file by file, as a unified diff (missing and extra files named)."""
    said = []
    for name in sorted(expected.keys() | actual.keys()):
        if name not in actual:
            said.append(f"no longer written: {name}")
        elif name not in expected:
            said.append(f"new file: {name}")
        elif expected[name] != actual[name]:
            said += difflib.unified_diff(expected[name].splitlines(), actual[name].splitlines(),
                                         f"golden/{name}", f"built/{name}", lineterm="")
    return said


@pytest.mark.parametrize("source", FIXTURE_SOURCES, ids=lambda p: p.name)
def test_the_markdown_tree_matches_its_golden_copy(source, tmp_path, request):
    build(source, tmp_path / "out", markdown_only=True, as_of=AS_OF, pdf=False)
    actual = markdown_files(tmp_path / "out" / "markdown")
    golden = GOLDEN / source.name
    if request.config.getoption("--update-golden"):
        shutil.rmtree(golden, ignore_errors=True)
        for name, text in actual.items():
            (golden / name).parent.mkdir(parents=True, exist_ok=True)
            (golden / name).write_text(text, encoding="utf-8")
    assert actual, "the build wrote no Markdown"
    said = differences(markdown_files(golden), actual)
    assert not said, f"{source.name}: the Markdown differs from tests/golden/{source.name} " \
        "(if meant: --update-golden, then review git diff tests/golden/)\n" + "\n".join(said[:80])


def test_differences_name_every_kind_of_change():
    said = differences({"a.md": "one\ntwo\n", "gone.md": "x"}, {"a.md": "one\n2\n", "new.md": "y"})
    assert said[0] == "--- golden/a.md"
    assert "-two" in said and "+2" in said
    assert "no longer written: gone.md" in said and "new file: new.md" in said
