"""One pandoc process for a batch writes what the command line writes, file for file."""

from __future__ import annotations

import re
import subprocess
import zipfile

import pytest

from generator.documents import pandoc

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


LONG = MARKDOWN + """
Para after the table, with a [link](https://example.org) and <span data-fact="x">a fact</span>.

- a tight
- list

Para after a tight list.

- a loose

- list

Para after a loose list.

1. one
2. two

   more of two

a) fancy
b) fancy two

## A second heading

**Bold start.** And the last paragraph.
"""


def _in_pieces_and_whole(tmp_path, monkeypatch, fmt):
    """LONG written read in pieces (one at every block that may start one), and whole."""
    monkeypatch.setattr(pandoc, "PIECE", 1)
    assert len(pandoc.pieces(LONG)) > 8 and "".join(pandoc.pieces(LONG)) == LONG
    pandoc.convert([pandoc.Job(LONG, fmt, tmp_path / f"pieces.{fmt}", title_page=True)])
    monkeypatch.setattr(pandoc, "PIECE", 10**9)
    pandoc.convert([pandoc.Job(LONG, fmt, tmp_path / f"whole.{fmt}", title_page=True)])
    return tmp_path / f"pieces.{fmt}", tmp_path / f"whole.{fmt}"


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_a_long_document_read_in_pieces_gives_the_bytes_read_whole_gives(tmp_path, epoch,
                                                                        monkeypatch, fmt):
    """HTML is written in pieces too, and joined gives the command line's bytes."""
    pieces, whole = _in_pieces_and_whole(tmp_path, monkeypatch, fmt)
    subprocess.run([pandoc.path(), "--from=markdown", f"--to={fmt}", "--standalone",
                    f"--output={tmp_path / f'cli.{fmt}'}"], input=LONG.encode(), check=True)
    if fmt == "html":
        assert pieces.read_bytes() == (tmp_path / "cli.html").read_bytes()
    assert pieces.read_bytes() == whole.read_bytes()


def test_a_long_opendocument_written_in_pieces_says_what_the_whole_one_says(tmp_path, epoch,
                                                                            monkeypatch):
    """Written piece by piece, its automatic styles are renamed apart (each piece numbers
    its own from 1), and every one the text names is there, once: the document reads
    back as the one written whole does."""
    pieces, whole = _in_pieces_and_whole(tmp_path, monkeypatch, "odt")
    assert pieces.read_bytes() != whole.read_bytes()  # it was written in pieces
    with zipfile.ZipFile(pieces) as apart, zipfile.ZipFile(whole) as one:
        assert apart.namelist() == one.namelist()
        assert all(apart.read(name) == one.read(name) for name in one.namelist()
                   if name != "content.xml")
        content = apart.read("content.xml").decode()
    defined = re.findall(r'style:name="([^"]+)"', content)
    assert len(defined) == len(set(defined))
    used = set(re.findall(r'style-name="((?:L|P|T|Table)\d+_\d+[^"]*)"', content))
    assert used and used <= set(defined)
    read_back = [subprocess.run([pandoc.path(), "--from=odt", "--to=native", str(path)],
                                capture_output=True, check=True).stdout
                 for path in (pieces, whole)]
    assert read_back[0] == read_back[1]


@pytest.mark.parametrize("tie", ["A note.[^1]\n\n[^1]: The note.\n",
                                 "See [Why we have this policy].\n",
                                 "Term\n\n:   Its meaning\n",
                                 "```\ncode\n\nmore code\n```\n",
                                 "<div>\n\nInside.\n\n</div>\n"])
def test_a_document_whose_blocks_refer_far_apart_is_read_whole(tie):
    assert pandoc.pieces(MARKDOWN + "\n" + tie, 1) == [MARKDOWN + "\n" + tie]


def test_headings_that_would_share_an_identifier_are_read_whole(tmp_path, epoch, monkeypatch):
    """Read apart, two pieces would each give a heading "same"; whole, pandoc makes the
    second "same-1"."""
    twice = MARKDOWN + "\n# Same\n\nOne.\n\n# Same\n\nTwo.\n"
    monkeypatch.setattr(pandoc, "PIECE", 1)
    pandoc.convert([pandoc.Job(twice, "html", tmp_path / "a.html")])
    assert 'id="same-1"' in (tmp_path / "a.html").read_text()


def test_a_heap_cap_too_low_for_the_document_is_dropped(tmp_path, epoch, monkeypatch):
    """A long document read in pieces runs under a heap cap; if pandoc runs out of it,
    the batch runs again without one, and the file is what it would have been."""
    monkeypatch.setattr(pandoc, "PIECE", 1)
    monkeypatch.setattr(pandoc, "HEAP_LEAST", 2**20)
    monkeypatch.setattr(pandoc, "HEAP_PER_CHARACTER", 1)
    assert pandoc._heap_cap({LONG: pandoc.pieces(LONG)}) == ["+RTS", "-M1m", "-c", "-F1.2",
                                                              "-RTS"]
    pandoc.convert([pandoc.Job(LONG, "html", tmp_path / "capped.html")])
    subprocess.run([pandoc.path(), "--from=markdown", "--to=html", "--standalone",
                    f"--output={tmp_path / 'cli.html'}"], input=LONG.encode(), check=True)
    assert (tmp_path / "capped.html").read_bytes() == (tmp_path / "cli.html").read_bytes()
