"""One pandoc process for a batch writes what the command line writes, file for file."""

from __future__ import annotations

import subprocess
import zipfile

import pytest

from generator import pandoc

MARKDOWN = """---
title: Managed contact
subtitle: Part A
---

# Why we have this policy

Most contact with us is *courteous*. Ŵyr a wyresau: Welsh letters come through whole.

| Stage | Review |
|---|---|
| One | 3 months |
"""


@pytest.fixture
def epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")


@pytest.mark.parametrize("fmt", ["docx", "odt", "html"])
def test_a_batch_gives_the_bytes_pandoc_standalone_gives(tmp_path, epoch, fmt):
    other = "---\ntitle: Another\n---\n\n# Another document\n\nIts own text.\n"
    pandoc.convert([pandoc.Job(MARKDOWN, fmt, tmp_path / f"batch.{fmt}"),
                    pandoc.Job(other, fmt, tmp_path / f"other.{fmt}")])
    for text, name in ((MARKDOWN, "batch"), (other, "other")):
        subprocess.run([pandoc.path(), "--from=markdown", f"--to={fmt}", "--standalone",
                        f"--output={tmp_path / f'cli-{name}.{fmt}'}"], input=text.encode(),
                       check=True)
        assert (tmp_path / f"{name}.{fmt}").read_bytes() == \
            (tmp_path / f"cli-{name}.{fmt}").read_bytes()


def test_a_title_page_ends_with_a_page_break_in_word_and_nowhere_else(tmp_path, epoch):
    pandoc.convert([pandoc.Job(MARKDOWN, "docx", tmp_path / "a.docx", title_page=True),
                    pandoc.Job(MARKDOWN, "html", tmp_path / "a.html", title_page=True)])
    with zipfile.ZipFile(tmp_path / "a.docx") as word:
        body = word.read("word/document.xml").decode()
    assert body.index('w:type="page"') < body.index("Why we have this policy")
    assert "page" not in (tmp_path / "a.html").read_text().split("<body>")[1].split("<h1")[0]


def test_a_failure_names_the_files_and_says_what_pandoc_said(tmp_path):
    with pytest.raises(RuntimeError, match=r"pandoc failed on a\.docx: .*"):
        pandoc.convert([pandoc.Job(MARKDOWN, "docx", tmp_path / "missing" / "a.docx")])
