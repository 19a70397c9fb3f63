"""Shared fixtures: the sources in the repository and a way to break a copy of one."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MINIMAL = FIXTURES / "minimal"
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*") if (p / "policy.yaml").exists())
SOURCES = [ROOT / "policy_src", *EXAMPLES]

# No cache of exports or checks: every test (and every command it runs) does the work
# itself, so reproducibility is tested on the tools, not on copies. Tests of the cache
# name their own folder.
os.environ["POLICY_CACHE_DIR"] = ""
os.environ["POLICY_PDF_SERVER"] = "off"  # each run its own LibreOffice, unless a test asks


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

    from generator.source import read_policy
    from generator.translation import translatable

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
    date = re.search(rb"/CreationDate\(D:(\d{14})", pdf)
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)), date.group(1) if date else b""
